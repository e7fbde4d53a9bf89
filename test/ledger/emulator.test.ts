/**
 * The emulator itself: Speculos REST behaviour, APDU framing rules, and the
 * Ethereum app protocol as driven by the real hw-app-eth over the real
 * Speculos HTTP transport.
 */
import { createRequire } from 'node:module'
import { HDNodeWallet, Transaction, encodeRlp, type TransactionLike } from 'ethers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mapLedgerError } from '../../src/lib/signers/ledger/device.js'
import { startLedgerEmulator, type LedgerEmulator } from '../helpers/ledger-emulator/index.js'

const require = createRequire(import.meta.url)

interface Transport {
  close(): Promise<void>
}
interface EthApp {
  getAddress(
    path: string,
    display?: boolean,
    chainCode?: boolean,
  ): Promise<{
    publicKey: string
    address: string
    chainCode?: string
  }>
  signTransaction(path: string, rawTxHex: string, resolution: null): Promise<{ v: string; r: string; s: string }>
  getAppConfiguration(): Promise<{ arbitraryDataEnabled: number; version: string }>
}
const Eth = (require('@ledgerhq/hw-app-eth') as { default: new (t: Transport) => EthApp }).default
const Speculos = (
  require('@ledgerhq/hw-transport-node-speculos-http') as {
    default: { open(o: { baseURL: string; apiPort: string }): Promise<Transport> }
  }
).default

const MNEMONIC = 'test test test test test test test test test test test junk'
const PATH = "44'/60'/0'/0/0"

let emu: LedgerEmulator
let transport: Transport
let eth: EthApp

beforeAll(async () => {
  emu = await startLedgerEmulator()
  transport = await Speculos.open({ baseURL: 'http://127.0.0.1', apiPort: String(emu.port) })
  eth = new Eth(transport)
})
afterAll(async () => {
  await transport.close()
  await emu.stop()
})
afterEach(() => {
  emu.setMode('ok')
  emu.setMnemonic(MNEMONIC)
})

/** Posts one raw APDU the way the Speculos transport does; returns the hex answer. */
async function rawApdu(hex: string): Promise<string> {
  const res = await fetch(`${emu.url}/apdu`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: hex }),
  })
  expect(res.status).toBe(200)
  const body = (await res.json()) as { data: string }
  return body.data
}

const sw = (answer: string) => answer.slice(-4)
const PATH_BYTES = '05' + ['8000002c', '8000003c', '80000000', '00000000', '00000000'].join('')

function tx1559(overrides: Partial<TransactionLike<string>> = {}): Transaction {
  return Transaction.from({
    type: 2,
    chainId: 31337,
    nonce: 3,
    maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerGas: 20_000_000_000n,
    gasLimit: 300_000n,
    to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    value: 0n,
    data: '0x',
    ...overrides,
  })
}

describe('Speculos REST API', () => {
  it('refuses bodies that break the /apdu schema with 400', async () => {
    for (const body of ['{"data":"e00"}', '{"data":""}', '{"data":"zz"}', '{"apdu":"e006000000"}', 'not json']) {
      const res = await fetch(`${emu.url}/apdu`, { method: 'POST', body })
      expect(res.status, body).toBe(400)
      expect(((await res.json()) as { error?: string }).error).toBeTruthy()
    }
  })

  it('streams screen events as server-sent events', async () => {
    const res = await fetch(`${emu.url}/events?stream=true`)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader()
    const shown = eth.getAddress(PATH, true)
    let text = ''
    while (!text.includes('Approve')) {
      const { value, done } = await reader.read()
      if (done) break
      text += Buffer.from(value).toString('utf8')
    }
    await reader.cancel()
    await shown
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as { text: string })
    expect(events.map((e) => e.text)).toEqual(['Verify address', emu.addressAt(PATH).slice(2), 'Approve'])
    const listed = (await (await fetch(`${emu.url}/events`)).json()) as { events: unknown[] }
    expect(listed.events.length).toBeGreaterThanOrEqual(3)
  })
})

describe('APDU framing and status words', () => {
  it.each([
    ['wrong class', 'e1060000' + '00', '6e00'],
    ['shorter than a header', 'e00600', '6700'],
    ['Lc larger than the data', 'e006000001', '6700'],
    ['Lc smaller than the data', 'e00600000000', '6700'],
    ['unknown instruction', 'e0ff000000', '6d00'],
    ['more than 255 bytes of data', 'e0048000ff' + '00'.repeat(256), '6700'],
    ['configuration with P1 set', 'e006010000', '6b00'],
    ['address with P1 = 2', 'e0020200' + '15' + PATH_BYTES, '6b00'],
    ['address with zero path levels', 'e0020000' + '01' + '00', '6a80'],
    ['address with 11 path levels', 'e0020000' + '2d' + '0b' + '00000000'.repeat(11), '6a80'],
    ['address with a truncated index', 'e0020000' + '04' + '01000000', '6a80'],
    ['sign continuation without a first chunk', 'e0048000' + '01' + '00', '6985'],
    ['sign with P1 = 1', 'e0040100' + '15' + PATH_BYTES, '6b00'],
  ])('%s', async (_what, apdu, expected) => {
    const answer = await rawApdu(apdu)
    expect(answer).toBe(expected)
  })

  it('answers GET APP CONFIGURATION with the blind-signing flag and version', async () => {
    expect(await rawApdu('e006000000')).toBe('01010a03' + '9000')
    expect(await eth.getAppConfiguration()).toMatchObject({ arbitraryDataEnabled: 1, version: '1.10.3' })
    emu.setMode('blind-signing-disabled')
    expect(await eth.getAppConfiguration()).toMatchObject({ arbitraryDataEnabled: 0 })
  })

  it('rejects transaction bytes beyond the end of the RLP list', async () => {
    const unsigned = tx1559().unsignedSerialized.slice(2)
    const body = PATH_BYTES + unsigned + '00'
    const answer = await rawApdu(`e0040000${(body.length / 2).toString(16).padStart(2, '0')}${body}`)
    expect(sw(answer)).toBe('6a80')
  })

  it('answers 0x6501 for a transaction type the app does not know', async () => {
    const type3 = '03' + encodeRlp(['0x7a69', '0x', '0x', '0x', '0x', '0x', '0x', '0x', [], '0x', []]).slice(2)
    const body = PATH_BYTES + type3
    expect(sw(await rawApdu(`e0040000${(body.length / 2).toString(16)}${body}`))).toBe('6501')
  })

  it('waits for more chunks while the announced RLP length has not arrived', async () => {
    const unsigned = tx1559({ data: '0x' + '11'.repeat(300) }).unsignedSerialized.slice(2)
    const first = PATH_BYTES + unsigned.slice(0, 2 * (255 - 21))
    expect(await rawApdu(`e0040000ff${first}`)).toBe('9000')
  })
})

describe('hw-app-eth against the emulator', () => {
  it('returns the address, public key and chain code derived from the mnemonic', async () => {
    const wallet = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/${PATH}`)
    const answer = await eth.getAddress(PATH, false, true)
    // hw-app-eth prefixes the ASCII address with 0x; the app sends it checksummed.
    expect(answer.address).toBe(wallet.address)
    expect(`0x${answer.publicKey}`).toBe(wallet.signingKey.publicKey)
    expect(`0x${answer.chainCode}`).toBe(wallet.chainCode)
  })

  it('signs a type-2 transaction with resolution null: only SIGN APDUs, y-parity as v', async () => {
    const tx = tx1559({ data: '0x' + 'ab'.repeat(600) })
    const before = emu.apduLog.length
    const { v, r, s } = await eth.signTransaction(PATH, tx.unsignedSerialized.slice(2), null)
    const sent = emu.apduLog.slice(before)
    // No GET CONFIGURATION, no PROVIDE ERC20 / plugin / domain APDUs: only E0 04.
    expect(sent.every((a) => a.startsWith('e004'))).toBe(true)
    expect(sent[0]!.slice(4, 8)).toBe('0000')
    expect(sent.slice(1).every((a) => a.slice(4, 8) === '8000')).toBe(true)
    expect(sent.length).toBe(Math.ceil((21 + tx.unsignedSerialized.length / 2 - 1) / 255))
    for (const a of sent) expect(a.length / 2 - 5).toBeLessThanOrEqual(255)
    expect(['00', '01']).toContain(v)
    const signed = tx.clone()
    signed.signature = { r: `0x${r}`, s: `0x${s}`, yParity: Number.parseInt(v, 16) as 0 | 1 }
    expect(signed.from).toBe(emu.addressAt(PATH))
  })

  it('signs an EIP-155 legacy transaction whose v hw-app-eth rebuilds from one byte', async () => {
    const legacy = Transaction.from({
      type: 0,
      chainId: 31337,
      nonce: 1,
      gasPrice: 1_000_000_000n,
      gasLimit: 21_000n,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      value: 1n,
    })
    const { v, r, s } = await eth.signTransaction(PATH, legacy.unsignedSerialized.slice(2), null)
    const signed = legacy.clone()
    signed.signature = { r: `0x${r}`, s: `0x${s}`, v: BigInt(`0x${v}`) }
    expect(signed.from).toBe(emu.addressAt(PATH))
  })

  it('blind signing disabled: the contract call gets 0x6a80, which hw-app-eth reports as such', async () => {
    emu.setMode('blind-signing-disabled')
    const err = await eth.signTransaction(PATH, tx1559({ data: '0xdeadbeef' }).unsignedSerialized.slice(2), null).then(
      () => null,
      (e: unknown) => e,
    )
    expect((err as Error).name).toBe('EthAppPleaseEnableContractData')
    expect(mapLedgerError(err).code).toBe('LEDGER_BLIND_SIGNING_DISABLED')
    // A plain transfer carries no data and still signs.
    const ok = await eth.signTransaction(PATH, tx1559({ value: 1n }).unsignedSerialized.slice(2), null)
    expect(ok.r).toMatch(/^[0-9a-f]{64}$/)
  })
})
