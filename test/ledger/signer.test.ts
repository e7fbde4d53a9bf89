/**
 * The Ledger signer as the CLI uses it: openLedger over the Speculos HTTP
 * transport, hw-app-eth underneath, the emulator as the device.
 */
import dc from 'node:diagnostics_channel'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { HDNodeWallet, Transaction, type TransactionLike } from 'ethers'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  LedgerError,
  openLedger,
  speculosOptions,
  type LedgerDevice,
  type LedgerErrorCode,
  type OpenLedgerOptions,
} from '../../src/lib/signers/ledger/device.js'
import { startLedgerEmulator, type EmulatorMode, type LedgerEmulator, type ModeOptions } from '../helpers/ledger-emulator/index.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const OTHER_MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow'
const PATH = "m/44'/60'/0'/0/0"
const VALIDATOR_MANAGER = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

let emu: LedgerEmulator
const opened: LedgerDevice[] = []

beforeAll(async () => {
  emu = await startLedgerEmulator({ mnemonic: MNEMONIC })
})
afterAll(async () => {
  await emu.stop()
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()))
  emu.setMode('ok')
  emu.setMnemonic(MNEMONIC)
})

async function open(options: OpenLedgerOptions = {}): Promise<LedgerDevice> {
  const device = await openLedger({ speculosUrl: emu.url, ...options })
  opened.push(device)
  return device
}

function tx1559(overrides: Partial<TransactionLike<string>> = {}): TransactionLike<string> {
  return {
    type: 2,
    chainId: 31337,
    nonce: 5,
    maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerGas: 30_000_000_000n,
    gasLimit: 500_000n,
    to: VALIDATOR_MANAGER,
    value: 0n,
    // A contract call, like every validator transaction.
    data: '0xa9059cbb' + '00'.repeat(64),
    ...overrides,
  }
}

/** The LedgerError code a promise rejects with (fails the test otherwise). */
async function codeOf(promise: Promise<unknown>): Promise<LedgerErrorCode> {
  const outcome = await promise.then(
    () => new Error('expected a LedgerError, but it succeeded'),
    (e: unknown) => e,
  )
  if (outcome instanceof LedgerError) return outcome.code
  throw outcome
}

const signApdus = () => emu.apduLog.filter((a) => a.startsWith('e004'))

describe('addresses', () => {
  it.each(["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1", "m/44'/60'/7'/0/0", "m/44'/60'/0'/3", "44'/60'/2'/0/9", "m/44'/1'/0'/0/0"])(
    '%s matches ethers derivation from the mnemonic',
    async (path) => {
      const device = await open()
      const expected = HDNodeWallet.fromPhrase(MNEMONIC, undefined, path.startsWith('m/') ? path : `m/${path}`)
      expect(await device.getAddress(path)).toBe(expected.address)
    },
  )

  it("derives the same account for the h and ' hardened notations", async () => {
    const device = await open()
    // hw-app-eth alone would read "44h" as the non-hardened index 44.
    expect(await device.getAddress('m/44h/60h/0h/0/0')).toBe(await device.getAddress("m/44'/60'/0'/0/0"))
  })

  it('refuses a malformed path before talking to the device', async () => {
    const device = await open()
    const before = emu.apduLog.length
    await expect(device.getAddress("m/44'/60'/x/0/0")).rejects.toThrow(/m\/44'\/60'\/0'\/0\/0/)
    expect(emu.apduLog.length).toBe(before)
  })

  it('shows the address on the device when asked and says it waits for the user', async () => {
    const waiting = vi.fn()
    const device = await open({ onWaitingForConfirmation: waiting })
    const screensBefore = emu.screens.length
    expect(await device.getAddress(PATH, { display: true })).toBe(emu.addressAt(PATH))
    expect(waiting).toHaveBeenCalledExactlyOnceWith('address')
    expect(emu.screens.slice(screensBefore).map((s) => s.text)).toContain('Verify address')
    expect(emu.apduLog.at(-1)!.startsWith('e0020100')).toBe(true)
  })

  it('reports the app version and blind-signing setting', async () => {
    const device = await open()
    expect(await device.getAppInfo()).toEqual({ version: '1.10.3', blindSigningEnabled: true })
    emu.setMode('blind-signing-disabled')
    expect(await device.getAppInfo()).toEqual({ version: '1.10.3', blindSigningEnabled: false })
  })
})

describe('signing', () => {
  it('signs an EIP-1559 transaction that ethers parses with from = the device address', async () => {
    const device = await open()
    const tx = tx1559({ value: 12345n })
    const signed = Transaction.from(await device.signTransaction(PATH, tx))
    expect(signed.type).toBe(2)
    expect(signed.chainId).toBe(31337n)
    expect(signed.from).toBe(emu.addressAt(PATH))
    expect(signed.from).toBe(HDNodeWallet.fromPhrase(MNEMONIC).address)
    expect(signed.to).toBe(VALIDATOR_MANAGER)
    expect(signed.nonce).toBe(5)
    expect(signed.value).toBe(12345n)
    expect(signed.data).toBe(tx.data)
    expect(signed.maxFeePerGas).toBe(30_000_000_000n)
  })

  it('signs calldata spread over several APDU chunks', async () => {
    const device = await open()
    const data = '0x' + Array.from({ length: 600 }, (_, i) => (i % 256).toString(16).padStart(2, '0')).join('')
    const before = signApdus().length
    const signed = Transaction.from(await device.signTransaction("m/44'/60'/0'/0/4", tx1559({ data })))
    expect(signApdus().length - before).toBeGreaterThanOrEqual(3)
    expect(signed.data).toBe(data)
    expect(signed.from).toBe(emu.addressAt("m/44'/60'/0'/0/4"))
  })

  it('accepts an ethers Transaction and a matching from', async () => {
    const device = await open()
    const from = emu.addressAt(PATH)
    const viaTransaction = Transaction.from(await device.signTransaction(PATH, Transaction.from(tx1559())))
    expect(viaTransaction.from).toBe(from)
    const viaFrom = Transaction.from(await device.signTransaction(PATH, tx1559({ from: from.toLowerCase() })))
    expect(viaFrom.from).toBe(from)
  })

  it('signs with type left out (as type 2), and refuses other types', async () => {
    const device = await open()
    const { type: _type, ...untyped } = tx1559()
    expect(Transaction.from(await device.signTransaction(PATH, untyped)).type).toBe(2)
    const legacy = { chainId: 31337, type: 0, gasPrice: 1n, gasLimit: 21_000n, to: VALIDATOR_MANAGER }
    expect(await codeOf(device.signTransaction(PATH, legacy))).toBe('LEDGER_TX_TYPE_UNSUPPORTED')
  })

  it('calls onWaitingForConfirmation once, before the transaction reaches the device', async () => {
    let signApdusAtCallback = -1
    const before = signApdus().length
    const device = await open({
      onWaitingForConfirmation: () => {
        signApdusAtCallback = signApdus().length - before
      },
    })
    await device.signTransaction(PATH, tx1559())
    expect(signApdusAtCallback).toBe(0)
    expect(signApdus().length - before).toBe(1)
  })

  it('a per-call callback replaces the one given at open', async () => {
    const atOpen = vi.fn()
    const perCall = vi.fn()
    const device = await open({ onWaitingForConfirmation: atOpen })
    await device.signTransaction(PATH, tx1559(), { onWaitingForConfirmation: perCall })
    expect(perCall).toHaveBeenCalledExactlyOnceWith('transaction')
    expect(atOpen).not.toHaveBeenCalled()
  })
})

describe('failure modes', () => {
  it.each<[EmulatorMode, ModeOptions, LedgerErrorCode]>([
    ['locked', {}, 'LEDGER_LOCKED'],
    ['locked', { statusWord: 0x6b0c }, 'LEDGER_LOCKED'],
    ['app-closed', {}, 'LEDGER_APP_NOT_OPEN'],
    ['app-closed', { statusWord: 0x6e01 }, 'LEDGER_APP_NOT_OPEN'],
    ['app-closed', { statusWord: 0x6d00 }, 'LEDGER_APP_NOT_OPEN'],
    ['app-closed', { statusWord: 0x6511 }, 'LEDGER_APP_NOT_OPEN'],
    ['app-closed', { statusWord: 0x650f }, 'LEDGER_APP_NOT_OPEN'],
    ['reject', {}, 'LEDGER_REJECTED'],
    ['blind-signing-disabled', {}, 'LEDGER_BLIND_SIGNING_DISABLED'],
    ['unsupported-tx-type', {}, 'LEDGER_TX_TYPE_UNSUPPORTED'],
    ['wrong-key', {}, 'LEDGER_WRONG_SIGNER'],
  ])('%s %j -> %s when signing', async (mode, options, code) => {
    const device = await open()
    emu.setMode(mode, options)
    expect(await codeOf(device.signTransaction(PATH, tx1559()))).toBe(code)
  })

  it('explains each failure with a suggestion', async () => {
    const device = await open()
    emu.setMode('locked')
    const err = await device.signTransaction(PATH, tx1559()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LedgerError)
    expect((err as LedgerError).suggestion).toMatch(/Unlock your Ledger with its PIN/)
    emu.setMode('app-closed')
    const closed = await device.getAddress(PATH).catch((e: unknown) => e)
    expect((closed as LedgerError).suggestion).toMatch(/Open the Ethereum app on your Ledger/)
  })

  it('rejecting the address on the device is LEDGER_REJECTED', async () => {
    const device = await open()
    emu.setMode('reject')
    expect(await codeOf(device.getAddress(PATH, { display: true }))).toBe('LEDGER_REJECTED')
  })

  it('blind signing disabled: refused before the user goes through the screens', async () => {
    const device = await open()
    emu.setMode('blind-signing-disabled')
    const before = signApdus().length
    const err = await device.signTransaction(PATH, tx1559()).catch((e: unknown) => e)
    expect((err as LedgerError).code).toBe('LEDGER_BLIND_SIGNING_DISABLED')
    expect((err as LedgerError).suggestion).toMatch(/enable Blind signing/)
    expect(signApdus().length).toBe(before)
    // A transfer without calldata needs no blind signing.
    const transfer = Transaction.from(await device.signTransaction(PATH, tx1559({ data: '0x', value: 1n })))
    expect(transfer.from).toBe(emu.addressAt(PATH))
  })

  it('a device that signs with another seed than it reported: LEDGER_WRONG_SIGNER', async () => {
    // Another Ledger is plugged in between the address read and the signature.
    const device = await open({ onWaitingForConfirmation: () => emu.setMnemonic(OTHER_MNEMONIC) })
    const err = await device.signTransaction(PATH, tx1559()).catch((e: unknown) => e)
    expect((err as LedgerError).code).toBe('LEDGER_WRONG_SIGNER')
    expect((err as LedgerError).message).toContain(emu.addressAt(PATH)) // the other seed now
  })

  it('a transaction from another account: LEDGER_WRONG_SIGNER before anything is signed', async () => {
    const device = await open()
    const before = signApdus().length
    const from = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/1").address
    expect(await codeOf(device.signTransaction(PATH, tx1559({ from })))).toBe('LEDGER_WRONG_SIGNER')
    expect(signApdus().length).toBe(before)
  })

  it('no confirmation within timeoutMs: LEDGER_TIMEOUT, and the request is dropped', async () => {
    const device = await open({ timeoutMs: 300, readTimeoutMs: 5_000 })
    emu.setMode('slow-confirm', { delayMs: 60_000 })
    const abandoned = emu.abandonedApdus
    const err = await device.signTransaction(PATH, tx1559()).catch((e: unknown) => e)
    expect((err as LedgerError).code).toBe('LEDGER_TIMEOUT')
    expect((err as LedgerError).message).toMatch(/No answer from the Ledger within 0\.3 s: confirm on the device or check it is connected and unlocked/)
    // The pending HTTP request is closed rather than left waiting for the user.
    await vi.waitFor(() => expect(emu.abandonedApdus).toBe(abandoned + 1))
    expect(await codeOf(device.getAddress(PATH))).toBe('LEDGER_TIMEOUT')
  })

  it('a confirmation that comes in time is not a timeout', async () => {
    const device = await open({ timeoutMs: 30_000 })
    emu.setMode('slow-confirm', { delayMs: 50 })
    expect(Transaction.from(await device.signTransaction(PATH, tx1559())).from).toBe(emu.addressAt(PATH))
  })

  it('busy (another Speculos client holds the APDU lock): the read is given up with LEDGER_TIMEOUT', async () => {
    const device = await open({ readTimeoutMs: 300 })
    emu.setMode('busy')
    const err = await device.getAddress(PATH).catch((e: unknown) => e)
    expect((err as LedgerError).code).toBe('LEDGER_TIMEOUT')
    expect((err as LedgerError).message).toMatch(/no other program/)
  })

  it('a second request while one waits on the device: LEDGER_BUSY', async () => {
    const device = await open()
    emu.setMode('slow-confirm', { delayMs: 60_000 })
    const signing = device.signTransaction(PATH, tx1559()).catch((e: unknown) => e)
    await vi.waitFor(() => expect(emu.apduLog.at(-1)!.startsWith('e004')).toBe(true))
    expect(await codeOf(device.getAddress(PATH))).toBe('LEDGER_BUSY')
    await device.close()
    const closed = await signing
    expect(closed).toBeInstanceOf(LedgerError)
    expect((closed as LedgerError).message).toMatch(/closed/)
  })

  it('a Speculos that never answers: opening is given up with LEDGER_TIMEOUT', async () => {
    const silent = createServer(() => undefined) // accepts requests, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    try {
      const err = await openLedger({ speculosUrl: `http://127.0.0.1:${port}`, readTimeoutMs: 200 }).catch((e: unknown) => e)
      expect((err as LedgerError).code).toBe('LEDGER_TIMEOUT')
    } finally {
      silent.closeAllConnections()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
    }
  })

  it('nothing listening at the Speculos URL: LEDGER_NOT_FOUND', async () => {
    const gone = await startLedgerEmulator()
    const url = gone.url
    await gone.stop()
    const err = await openLedger({ speculosUrl: url }).catch((e: unknown) => e)
    expect((err as LedgerError).code).toBe('LEDGER_NOT_FOUND')
    expect((err as LedgerError).message).toContain(url)
  })
})

describe('Speculos URL', () => {
  it.each([
    ['http://127.0.0.1:5000', { baseURL: 'http://127.0.0.1', apiPort: '5000' }],
    ['http://localhost:41000/', { baseURL: 'http://localhost', apiPort: '41000' }],
    ['http://[::1]:5000', { baseURL: 'http://[::1]', apiPort: '5000' }],
  ])('%s', (url, expected) => {
    expect(speculosOptions(url)).toEqual(expected)
  })

  it.each(['127.0.0.1:5000', 'http://127.0.0.1', 'ftp://127.0.0.1:5000', 'http://127.0.0.1:5000/apdu', 'nonsense'])('refuses %s', async (url) => {
    expect(await codeOf(openLedger({ speculosUrl: url }))).toBe('LEDGER_NOT_FOUND')
  })
})

describe('network isolation', () => {
  it('every connection of a full session goes to the emulator on 127.0.0.1', async () => {
    const lookups: string[] = []
    const connections: string[] = []
    const httpHosts: string[] = []
    const onSocket = (message: unknown) => {
      const { socket } = message as { socket: Socket }
      socket.once('lookup', (_err: Error | null, _address: string, _family: number, host: string) => lookups.push(host))
      socket.once('connect', () => connections.push(`${socket.remoteAddress}:${socket.remotePort}`))
    }
    const onRequest = (message: unknown) => {
      const { request } = message as { request: { getHeader(name: string): unknown } }
      httpHosts.push(String(request.getHeader('host')))
    }
    dc.subscribe('net.client.socket', onSocket)
    dc.subscribe('http.client.request.start', onRequest)
    try {
      const device = await open()
      await device.getAddress(PATH)
      await device.signTransaction(PATH, tx1559({ data: '0x' + 'cd'.repeat(600) }))
    } finally {
      dc.unsubscribe('net.client.socket', onSocket)
      dc.unsubscribe('http.client.request.start', onRequest)
    }
    const local = `127.0.0.1:${emu.port}`
    expect(connections.length).toBeGreaterThan(0)
    expect(new Set(connections)).toEqual(new Set([local]))
    expect(httpHosts.length).toBeGreaterThan(0)
    expect(new Set(httpHosts)).toEqual(new Set([local]))
    expect(lookups).toEqual([])
    // And the emulator saw nothing but the Speculos API, from loopback.
    expect(emu.requests.every((r) => r.remoteAddress === '127.0.0.1')).toBe(true)
    expect(new Set(emu.requests.map((r) => `${r.method} ${r.url}`))).toEqual(new Set(['GET /events?stream=true', 'POST /apdu']))
  })
})
