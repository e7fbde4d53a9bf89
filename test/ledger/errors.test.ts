/**
 * mapLedgerError against the error objects the Ledger libraries really throw
 * (built with their own classes), and the USB transport loader.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { LedgerError, UDEV_RULE, mapLedgerError, openLedger, type LedgerErrorCode } from '../../src/lib/signers/ledger/device.js'
import { USB_TRANSPORT_MODULE, openUsbTransport } from '../../src/lib/signers/ledger/transport.js'

const require = createRequire(import.meta.url)

interface LedgerErrorsModule {
  TransportStatusError: new (statusCode: number) => Error
  TransportError: new (message: string, id: string) => Error
  TransportRaceCondition: new (message?: string) => Error
  DisconnectedDevice: new (message?: string) => Error
}
interface EthErrorsModule {
  EthAppPleaseEnableContractData: new (message?: string) => Error
}
const ledgerErrors = require('@ledgerhq/errors') as LedgerErrorsModule
const ethErrors = require('@ledgerhq/hw-app-eth/lib/errors') as EthErrorsModule

describe('mapLedgerError: status words', () => {
  it.each<[number, LedgerErrorCode]>([
    [0x5515, 'LEDGER_LOCKED'],
    [0x6b0c, 'LEDGER_LOCKED'],
    [0x6e00, 'LEDGER_APP_NOT_OPEN'],
    [0x6e01, 'LEDGER_APP_NOT_OPEN'],
    [0x6d00, 'LEDGER_APP_NOT_OPEN'],
    [0x6511, 'LEDGER_APP_NOT_OPEN'],
    [0x650f, 'LEDGER_APP_NOT_OPEN'],
    [0x6985, 'LEDGER_REJECTED'],
    [0x6a80, 'LEDGER_BLIND_SIGNING_DISABLED'],
    [0x6501, 'LEDGER_TX_TYPE_UNSUPPORTED'],
    [0x6700, 'LEDGER_UNKNOWN'],
    [0x6f00, 'LEDGER_UNKNOWN'],
  ])('status word %d -> %s', (sw, code) => {
    // TransportStatusError(0x5515) is turned into a LockedDeviceError by the library.
    const mapped = mapLedgerError(new ledgerErrors.TransportStatusError(sw))
    expect(mapped).toBeInstanceOf(LedgerError)
    expect(mapped.code).toBe(code)
    expect(mapped.statusCode).toBe(sw)
    expect(mapped.suggestion.length).toBeGreaterThan(10)
  })

  it('suggests unlocking, opening the app and enabling blind signing', () => {
    const sw = (n: number) => mapLedgerError(new ledgerErrors.TransportStatusError(n)).suggestion
    expect(sw(0x5515)).toMatch(/Unlock your Ledger with its PIN/)
    expect(sw(0x6e00)).toMatch(/Open the Ethereum app on your Ledger/)
    expect(sw(0x6a80)).toMatch(/enable Blind signing/)
    expect(sw(0x6501)).toMatch(/Update the Ethereum app .*Ledger Live/)
  })

  it('does not call 0x6a80 a blind-signing problem outside signing', () => {
    const e = new ledgerErrors.TransportStatusError(0x6a80)
    expect(mapLedgerError(e, { operation: 'address' }).code).toBe('LEDGER_UNKNOWN')
    expect(mapLedgerError(e, { operation: 'sign' }).code).toBe('LEDGER_BLIND_SIGNING_DISABLED')
  })
})

describe('mapLedgerError: other shapes', () => {
  it("maps hw-app-eth's EthAppPleaseEnableContractData", () => {
    const e = new ethErrors.EthAppPleaseEnableContractData('Please enable Blind signing')
    expect(mapLedgerError(e).code).toBe('LEDGER_BLIND_SIGNING_DISABLED')
  })

  it('maps a missing device, a disconnection and a held device', () => {
    expect(mapLedgerError(new ledgerErrors.TransportError('NoDevice', 'NoDevice')).code).toBe('LEDGER_NOT_FOUND')
    expect(mapLedgerError(new ledgerErrors.DisconnectedDevice()).code).toBe('LEDGER_NOT_FOUND')
    // node-hid's message when another program holds the device (or udev denies it).
    const held = mapLedgerError(new Error('cannot open device with path /dev/hidraw3'))
    expect(held.code).toBe('LEDGER_BUSY')
    expect(held.suggestion).toMatch(/Ledger Live/)
    expect(mapLedgerError(new ledgerErrors.TransportRaceCondition('pending')).code).toBe('LEDGER_BUSY')
    expect(mapLedgerError(new ledgerErrors.TransportError('Ledger Device is busy (lock signTransaction)', 'TransportLocked')).code).toBe('LEDGER_BUSY')
  })

  it('maps a refused Speculos connection, including a dual-stack AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED' })
    const speculosUrl = 'http://127.0.0.1:5000'
    const direct = mapLedgerError(refused, { speculosUrl })
    expect(direct.code).toBe('LEDGER_NOT_FOUND')
    expect(direct.message).toContain(speculosUrl)
    const aggregate = new AggregateError([refused], 'connect failed')
    expect(mapLedgerError(aggregate, { speculosUrl }).code).toBe('LEDGER_NOT_FOUND')
  })

  it('keeps a LedgerError and wraps anything else as LEDGER_UNKNOWN with its cause', () => {
    const own = new LedgerError('LEDGER_TIMEOUT', 'x', 'y')
    expect(mapLedgerError(own)).toBe(own)
    const odd = new Error('something odd')
    const mapped = mapLedgerError(odd)
    expect(mapped.code).toBe('LEDGER_UNKNOWN')
    expect(mapped.cause).toBe(odd)
    expect(mapLedgerError('a string').code).toBe('LEDGER_UNKNOWN')
  })
})

describe('USB transport loading', () => {
  it('explains what to install when the node-hid transport cannot be loaded', async () => {
    const missing = (id: string): unknown => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' })
    }
    const err = await openUsbTransport(missing).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(LedgerError)
    const e = err as LedgerError
    expect(e.code).toBe('LEDGER_TRANSPORT_MISSING')
    expect(e.message).toContain(USB_TRANSPORT_MODULE)
    expect(e.suggestion).toContain('sudo apt-get install libusb-1.0-0-dev libudev-dev')
    expect(e.suggestion).toContain('reinstall kroma-validator')
    expect(e.suggestion).toContain(UDEV_RULE)
    expect(e.suggestion).toContain('/etc/udev/rules.d/20-hw1.rules')
    expect(e.suggestion).toContain('sudo udevadm control --reload-rules && sudo udevadm trigger')
    expect(e.suggestion).toMatch(/macOS: reinstall kroma-validator/)
  })

  it('reports a native binding that fails to load the same way', async () => {
    const brokenBinding = (): unknown => {
      throw new Error('Could not locate the bindings file. Tried: .../HID.node')
    }
    await expect(openUsbTransport(brokenBinding)).rejects.toMatchObject({
      code: 'LEDGER_TRANSPORT_MISSING',
    })
  })

  it('openLedger without a Speculos URL uses the USB transport', async () => {
    // In this checkout the optional USB transport is not installed (node-hid
    // could not build); where it is, no device is attached to the test host.
    let installed = true
    try {
      require.resolve(USB_TRANSPORT_MODULE)
    } catch {
      installed = false
    }
    const err = await openLedger({ readTimeoutMs: 5_000 }).then(
      async (device) => {
        await device.close()
        return null
      },
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(LedgerError)
    const expected: LedgerErrorCode[] = installed ? ['LEDGER_NOT_FOUND', 'LEDGER_BUSY'] : ['LEDGER_TRANSPORT_MISSING']
    expect(expected).toContain((err as LedgerError).code)
  })
})
