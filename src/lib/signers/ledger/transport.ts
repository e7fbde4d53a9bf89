/**
 * Loading of the Ledger libraries. They are heavy and the USB one has a native
 * part that may be missing, so they are only required here, at call time, and
 * only through CommonJS (hw-app-eth's ESM build does not load under Node's ESM
 * resolver). Nothing at the top level of this file touches them.
 */
import { createRequire } from 'node:module'
import { LedgerError, TRANSPORT_MISSING_SUGGESTION } from './errors.js'

export type ModuleLoader = (id: string) => unknown

const requireHere: ModuleLoader = createRequire(import.meta.url)

export const ETH_APP_MODULE = '@ledgerhq/hw-app-eth'
export const SPECULOS_TRANSPORT_MODULE = '@ledgerhq/hw-transport-node-speculos-http'
export const USB_TRANSPORT_MODULE = '@ledgerhq/hw-transport-node-hid-noevents'

/** The part of a @ledgerhq/hw-transport Transport used here. */
export interface Transport {
  close(): Promise<void>
}

/** The part of hw-app-eth's Eth class used here (see its lib/Eth.d.ts). */
export interface EthAppApi {
  getAddress(path: string, boolDisplay?: boolean, boolChaincode?: boolean): Promise<{ publicKey: string; address: string; chainCode?: string }>
  /** With `resolution` null nothing is fetched from Ledger's services: blind signing. */
  signTransaction(path: string, rawTxHex: string, resolution: null): Promise<{ v: string; r: string; s: string }>
  getAppConfiguration(): Promise<{ arbitraryDataEnabled: number; version: string }>
}

export interface OpenedTransport {
  transport: Transport
  /**
   * Ends in-flight exchanges where the transport allows it and releases the
   * device. Safe to call more than once.
   */
  close(): Promise<void>
}

interface SpeculosTransport extends Transport {
  /** The axios instance the transport posts APDUs with. */
  instance: { defaults: { signal?: AbortSignal; proxy?: false } }
}
interface SpeculosTransportClass {
  open(opts: { baseURL?: string; apiPort?: string; timeout?: number }): Promise<SpeculosTransport>
}
interface UsbTransportClass {
  /** An empty path opens the first Ledger found. */
  open(path: string | null | undefined): Promise<Transport>
}

function defaultExport(mod: unknown, id: string): unknown {
  if (typeof mod === 'object' && mod !== null && 'default' in mod) {
    const d = mod.default
    if (typeof d === 'function') return d
  }
  if (typeof mod === 'function') return mod
  throw new Error(`${id} has no default export`)
}

export function loadEthApp(transport: Transport, load: ModuleLoader = requireHere): EthAppApi {
  const Eth = defaultExport(load(ETH_APP_MODULE), ETH_APP_MODULE) as new (t: Transport) => EthAppApi
  return new Eth(transport)
}

/**
 * The transport's options for a Speculos URL such as http://127.0.0.1:5000: it
 * builds `${baseURL}:${apiPort}` itself, so the port is split off.
 */
export function speculosOptions(url: string): { baseURL: string; apiPort: string } {
  const invalid = (why: string) =>
    new LedgerError(
      'LEDGER_NOT_FOUND',
      `Invalid Speculos URL ${JSON.stringify(url)}: ${why}.`,
      'Set KROMA_LEDGER_SPECULOS_URL to the Speculos API address, e.g. http://127.0.0.1:5000, or unset it to use a USB Ledger.',
    )
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw invalid('not a URL')
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('the scheme must be http')
  if (u.port === '') throw invalid('the port must be given')
  if (u.username !== '' || u.password !== '') throw invalid('credentials are not supported')
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') {
    throw invalid('it must not have a path, query or fragment')
  }
  return { baseURL: `${u.protocol}//${u.hostname}`, apiPort: u.port }
}

/**
 * Opens Speculos' REST API. `giveUp` lets the caller abandon a pending open
 * (the transport waits for the event stream to answer); a transport that
 * opens afterwards is closed at once.
 */
export function openSpeculosTransport(url: string, load: ModuleLoader = requireHere): { opened: Promise<OpenedTransport>; giveUp(): void } {
  const opts = speculosOptions(url)
  const Speculos = defaultExport(load(SPECULOS_TRANSPORT_MODULE), SPECULOS_TRANSPORT_MODULE) as SpeculosTransportClass
  let abandoned = false
  const opened = Speculos.open(opts).then((transport) => {
    if (abandoned) {
      void transport.close().catch(() => undefined)
      throw new Error('Speculos answered after the wait was given up')
    }
    // One signal for every APDU request, so a timeout ends the pending HTTP
    // request instead of leaving it open; and never go through an HTTP proxy.
    const controller = new AbortController()
    transport.instance.defaults.signal = controller.signal
    transport.instance.defaults.proxy = false
    let closing: Promise<void> | null = null
    return {
      transport,
      close() {
        controller.abort()
        closing ??= transport.close().catch(() => undefined)
        return closing
      },
    }
  })
  return {
    opened,
    giveUp() {
      abandoned = true
    },
  }
}

/** Opens the first USB Ledger through node-hid. */
export async function openUsbTransport(load: ModuleLoader = requireHere): Promise<OpenedTransport> {
  let TransportNodeHid: UsbTransportClass
  try {
    TransportNodeHid = defaultExport(load(USB_TRANSPORT_MODULE), USB_TRANSPORT_MODULE) as UsbTransportClass
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e)
    throw new LedgerError(
      'LEDGER_TRANSPORT_MISSING',
      `The USB transport for Ledger (${USB_TRANSPORT_MODULE}, built on node-hid) could not be loaded: ${reason}`,
      TRANSPORT_MISSING_SUGGESTION,
      { cause: e },
    )
  }
  const transport = await TransportNodeHid.open('')
  let closing: Promise<void> | null = null
  return {
    transport,
    // A pending USB read cannot be cancelled: the transport's close() waits for
    // the exchange in progress, then releases the device.
    close() {
      closing ??= transport.close().catch(() => undefined)
      return closing
    },
  }
}
