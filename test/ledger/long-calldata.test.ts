/**
 * A transaction whose calldata spans many SIGN APDU chunks, signed by the CLI's Ledger signer
 * (openSigner with --ledger's source) and sent by the pipeline's own signAndSend to anvil, where
 * it is mined. No validator command has calldata long enough (register's is ~100 bytes), so a
 * Multicall3.aggregate3 of many calls stands in for one.
 */
import { Transaction } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlannedCall } from '../../src/lib/actions/types.js'
import { Multicall3__factory } from '../../src/lib/chain/types/index.js'
import { openSigner } from '../../src/lib/signers/open.js'
import type { TransactionSigner } from '../../src/lib/signers/types.js'
import { signAndSend, waitForTransaction } from '../../src/lib/tx/send.js'
import type { MinedTransaction, SentTransaction, TxReporter } from '../../src/lib/tx/types.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startLedgerEmulator, type LedgerEmulator } from '../helpers/ledger-emulator/index.js'

const PATH = "m/44'/60'/0'/0/3"
/** An APDU carries at most 255 bytes of data. */
const MAX_CHUNK = 255

let chain: TestChain
let emu: LedgerEmulator
let signer: TransactionSigner | undefined

beforeAll(async () => {
  // Multicall3's aggregate3 is the long call signed here.
  chain = await startTestChain({ multicall3: true })
  emu = await startLedgerEmulator()
})
afterAll(async () => {
  await signer?.close()
  await emu?.stop()
  await chain?.stop()
})

function recordingReporter(events: string[]): TxReporter {
  return {
    showPlan: () => events.push('showPlan'),
    confirm: () => Promise.resolve(true),
    awaitingDevice: () => events.push('awaitingDevice'),
    sent: (tx: SentTransaction) => events.push(`sent ${tx.hash}`),
    waiting: () => events.push('waiting'),
    mined: (tx: MinedTransaction) => events.push(`mined ${tx.status}`),
    done: () => events.push('done'),
  }
}

describe('long calldata on the Ledger', () => {
  it('is streamed in several APDU chunks, signed by the device account, broadcast and mined', async () => {
    const events: string[] = []
    // The device tells when it shows the transaction: only then is the operator asked to confirm.
    signer = await openSigner({ kind: 'ledger', path: PATH, speculosUrl: emu.url }, { env: {}, onDeviceConfirmation: () => events.push('awaitingDevice') })
    const address = emu.addressAt(PATH)
    expect(signer.address).toBe(address)
    expect(signer.address).toBe(chain.accounts[3]!.address)

    const multicall = Multicall3__factory.connect(chain.addresses.multicall3, chain.provider)
    const targets = chain.accounts.map((account) => account.address)
    const data = multicall.interface.encodeFunctionData('aggregate3', [
      [...targets, ...targets].map((target) => ({
        target: chain.addresses.multicall3,
        allowFailure: false,
        callData: multicall.interface.encodeFunctionData('getEthBalance', [target]),
      })),
    ])
    const dataBytes = (data.length - 2) / 2
    expect(dataBytes).toBeGreaterThan(4 * MAX_CHUNK)

    const call: PlannedCall = { contract: 'Multicall3' as PlannedCall['contract'], to: chain.addresses.multicall3, function: 'aggregate3', args: [], data }
    const nonce = await chain.provider.getTransactionCount(address, 'pending')
    const gasLimit = (await chain.provider.estimateGas({ from: address, to: call.to, data })) * 2n
    const block = await chain.provider.getBlock('latest')
    const fees = { maxFeePerGas: block!.baseFeePerGas! * 2n + 1_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }
    const reporter = recordingReporter(events)
    const firstApdu = emu.apduLog.length
    const sentAfterBlock = await chain.provider.getBlockNumber()

    const sent = await signAndSend(chain.provider, signer, call, { chainId: Number(chain.chainId), nonce, gasLimit, fees }, reporter)
    const mined = await waitForTransaction(chain.provider, sent, address, { confirmations: 1, timeoutSeconds: 30, pollMs: 50, sentAfterBlock }, reporter)

    // One signature, streamed: a first chunk (P1 00) and continuations (P1 80), each within the APDU limit.
    const signApdus = emu.apduLog.slice(firstApdu).filter((apdu) => apdu.startsWith('e004'))
    expect(signApdus.filter((apdu) => apdu.startsWith('e0040000'))).toHaveLength(1)
    expect(signApdus[0]!.startsWith('e0040000')).toBe(true)
    const continuations = signApdus.filter((apdu) => apdu.startsWith('e0048000'))
    expect(continuations.length).toBeGreaterThanOrEqual(Math.ceil(dataBytes / MAX_CHUNK))
    expect(signApdus).toHaveLength(1 + continuations.length)
    for (const apdu of signApdus) expect((apdu.length - 10) / 2).toBeLessThanOrEqual(MAX_CHUNK)

    expect(events).toEqual(['awaitingDevice', `sent ${sent.hash}`, 'waiting', 'mined success'])
    expect(mined.status).toBe('success')
    const onChain = await chain.provider.getTransaction(sent.hash)
    expect(onChain?.from).toBe(address)
    expect(onChain?.data).toBe(data)
    expect(onChain?.type).toBe(2)
    // The signature as the chain holds it recovers to the device account.
    const raw = (await chain.provider.send('eth_getRawTransactionByHash', [sent.hash])) as string
    const parsed = Transaction.from(raw)
    expect(parsed.hash).toBe(sent.hash)
    expect(parsed.from).toBe(address)
    expect(await chain.provider.getTransactionCount(address, 'latest')).toBe(nonce + 1)
  })
})
