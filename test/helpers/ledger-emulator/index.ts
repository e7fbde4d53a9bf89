/**
 * A Ledger Ethereum app emulator served over the Speculos REST API, so host code
 * can use @ledgerhq/hw-transport-node-speculos-http against it. It follows what
 * Speculos does (speculos/api/apdu.py and events.py):
 * - POST /apdu {"data": "<hex>"} answers {"data": "<hex response + status word>"};
 *   headers are sent at once and the body when the device answers; APDUs are
 *   handled one at a time; a body that fails the schema gets a 400 {"error"}.
 * - GET /events?stream=true is a text/event-stream of `data: {json}\n\n` screen
 *   events; GET /events lists them; DELETE /events clears them.
 * It listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getAddress } from 'ethers'
import { ANVIL_MNEMONIC, EthereumAppEmulator, pathToIndexes, type EmulatorMode, type ModeOptions, type ScreenEvent } from './ethereum-app.js'

export { ANVIL_MNEMONIC, formatPath, pathToIndexes, SW } from './ethereum-app.js'
export type { EmulatorMode, ModeOptions, ScreenEvent } from './ethereum-app.js'

export interface LedgerEmulatorOptions {
  /** Defaults to anvil's "test test ... junk". */
  mnemonic?: string
  mode?: EmulatorMode
  modeOptions?: ModeOptions
}

export interface HttpRequestRecord {
  method: string
  url: string
  remoteAddress: string
}

export interface ApduExchange {
  command: string
  response: string
}

export interface LedgerEmulator {
  /** http://127.0.0.1:<port> */
  readonly url: string
  readonly port: number
  /** Every APDU received, hex, in order. */
  readonly apduLog: string[]
  /** Every APDU with the answer sent back (absent while still pending). */
  readonly exchanges: ApduExchange[]
  /** Every HTTP request received. */
  readonly requests: HttpRequestRecord[]
  /** Every screen event broadcast. */
  readonly screens: ScreenEvent[]
  setMode(mode: EmulatorMode, options?: ModeOptions): void
  /** Swaps the seed, as if another Ledger had been plugged in. */
  setMnemonic(mnemonic: string): void
  /** Checksummed address the emulated device derives at `path` (m/44'/60'/0'/0/0). */
  addressAt(path: string): string
  /** Number of /apdu requests whose connection closed before an answer. */
  readonly abandonedApdus: number
  stop(): Promise<void>
}

const MAX_BODY = 64 * 1024

export async function startLedgerEmulator(options: LedgerEmulatorOptions = {}): Promise<LedgerEmulator> {
  const apduLog: string[] = []
  const exchanges: ApduExchange[] = []
  const requests: HttpRequestRecord[] = []
  const screens: ScreenEvent[] = []
  const streams = new Set<ServerResponse>()
  const stopController = new AbortController()
  let abandonedApdus = 0

  const app = new EthereumAppEmulator({
    mnemonic: options.mnemonic ?? ANVIL_MNEMONIC,
    mode: options.mode,
    modeOptions: options.modeOptions,
    onScreen: (event) => {
      screens.push(event)
      // One write per event: the Speculos transport parses each chunk on its own.
      for (const s of streams) s.write(`data: ${JSON.stringify(event)}\n\n`)
    },
  })

  // The device handles one APDU at a time (Speculos holds a lock per exchange).
  let queue: Promise<void> = Promise.resolve()

  async function handleApdu(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown
    try {
      body = JSON.parse(await readBody(req))
    } catch (e) {
      return sendJson(res, 400, { error: `invalid JSON body: ${String(e)}` })
    }
    const problem = checkApduSchema(body)
    if (problem) return sendJson(res, 400, { error: problem })
    const hex = (body as { data: string }).data.toLowerCase()
    apduLog.push(hex)
    const record: ApduExchange = { command: hex, response: '' }
    exchanges.push(record)

    // Speculos sends the headers first, then the body once the device answers.
    res.writeHead(200, { 'content-type': 'application/json' })
    res.flushHeaders()

    const clientGone = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) {
        abandonedApdus++
        clientGone.abort()
      }
    })
    const signal = AbortSignal.any([clientGone.signal, stopController.signal])

    const turn = queue.then(async () => {
      while (app.getMode() === 'busy' && !signal.aborted) {
        await Promise.race([app.nextModeChange(), aborted(signal)])
      }
      if (signal.aborted) return
      try {
        const answer = await app.exchange(Buffer.from(hex, 'hex'), signal)
        record.response = answer.toString('hex')
        res.end(JSON.stringify({ data: record.response }))
      } catch {
        // Aborted while waiting for the user: nobody is listening any more.
        res.destroy()
      }
    })
    queue = turn.catch(() => undefined)
    await turn
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method === 'DELETE') {
      screens.length = 0
      return sendJson(res, 200, {})
    }
    const stream = url.searchParams.get('stream')
    if (stream === 'true' || stream === '1') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      res.flushHeaders()
      streams.add(res)
      res.on('close', () => streams.delete(res))
      return
    }
    return sendJson(res, 200, { events: screens })
  }

  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      remoteAddress: req.socket.remoteAddress ?? '',
    })
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/apdu' && req.method === 'POST') {
      handleApdu(req, res).catch(() => res.destroy())
    } else if (url.pathname === '/events' && (req.method === 'GET' || req.method === 'DELETE')) {
      handleEvents(req, res, url)
    } else if (url.pathname.startsWith('/button/') && req.method === 'POST') {
      // Buttons are accepted and ignored: the mode decides what the user does.
      req.resume()
      sendJson(res, 200, {})
    } else {
      req.resume()
      sendJson(res, 404, { error: 'not found' })
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apduLog,
    exchanges,
    requests,
    screens,
    get abandonedApdus() {
      return abandonedApdus
    },
    setMode: (mode, modeOptions) => app.setMode(mode, modeOptions),
    setMnemonic: (mnemonic) => app.setMnemonic(mnemonic),
    addressAt: (path) => getAddress(app.walletAt(pathToIndexes(path)).address),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopController.abort()
        for (const s of streams) s.end()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return stopped
    },
  }
}

/** The Speculos schema: {"data": "^([a-fA-F0-9]{2})+$", "tick_timeout"?: number}, nothing else. */
function checkApduSchema(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be an object'
  for (const key of Object.keys(body)) {
    if (key !== 'data' && key !== 'tick_timeout') return `unexpected property ${key}`
  }
  const { data, tick_timeout: tick } = body as Record<string, unknown>
  if (typeof data !== 'string' || !/^([a-fA-F0-9]{2})+$/.test(data)) {
    return "'data' must be a non-empty even-length hex string"
  }
  if (tick !== undefined && typeof tick !== 'number') return "'tick_timeout' must be a number"
  return null
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('body too large'))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(text)
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => resolve(), { once: true })
  })
}
