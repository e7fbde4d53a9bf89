import { Transaction, type JsonRpcProvider } from 'ethers'
import { CliError, ExitCode } from '../errors.js'
import { decodeRevert, revertDataOf } from '../chain/revert.js'
import type { TransactionSigner } from '../signers/types.js'
import type { FeeSettings, MinedTransaction, SentTransaction, TxReporter } from './types.js'
import type { PlannedCall } from '../actions/types.js'

export interface SendOptions {
  chainId: number
  nonce: number
  gasLimit: bigint
  fees: FeeSettings
  explorer?: string
}

/** Signs and broadcasts one EIP-1559 transaction with an explicit nonce; returns as soon as the node has it. */
export async function signAndSend(provider: JsonRpcProvider, signer: TransactionSigner, call: PlannedCall, options: SendOptions, reporter: TxReporter): Promise<SentTransaction> {
  const unsigned = {
    type: 2,
    chainId: BigInt(options.chainId),
    nonce: options.nonce,
    to: call.to,
    data: call.data,
    value: 0n,
    gasLimit: options.gasLimit,
    maxFeePerGas: options.fees.maxFeePerGas,
    maxPriorityFeePerGas: options.fees.maxPriorityFeePerGas,
  }
  if (signer.kind === 'ledger') reporter.awaitingDevice(call)
  const raw = await signer.signTransaction(unsigned)
  const signed = Transaction.from(raw)
  // Nothing is broadcast that was not signed by the expected account.
  if (signed.from?.toLowerCase() !== signer.address.toLowerCase()) {
    throw new CliError(`The signature recovers to ${signed.from}, not the signer ${signer.address}; nothing was broadcast.`, { code: 'WRONG_SIGNER', exitCode: ExitCode.signer })
  }
  const hash = signed.hash!
  const sent: SentTransaction = { call, hash, nonce: options.nonce, explorerUrl: options.explorer ? `${options.explorer}/tx/${hash}` : undefined }
  await provider.send('eth_sendRawTransaction', [raw])
  reporter.sent(sent)
  return sent
}

export interface WaitOptions {
  confirmations: number
  timeoutSeconds: number
  pollMs: number
}

interface RawReceipt {
  status: string
  blockNumber: string
  gasUsed: string
}

/** Waits for inclusion and confirmations; a revert is decoded by replaying the call at its block. */
export async function waitForTransaction(provider: JsonRpcProvider, sent: SentTransaction, from: string, options: WaitOptions, reporter: TxReporter): Promise<MinedTransaction> {
  reporter.waiting(sent, options.confirmations)
  const deadline = Date.now() + options.timeoutSeconds * 1000
  for (;;) {
    const [receipt, latestHex] = (await Promise.all([provider.send('eth_getTransactionReceipt', [sent.hash]), provider.send('eth_blockNumber', [])])) as [RawReceipt | null, string]
    if (receipt) {
      const blockNumber = Number(BigInt(receipt.blockNumber))
      const confirmations = Number(BigInt(latestHex)) - blockNumber + 1
      if (confirmations >= options.confirmations || BigInt(receipt.status) === 0n) {
        const mined: MinedTransaction = { ...sent, status: BigInt(receipt.status) === 1n ? 'success' : 'reverted', blockNumber, gasUsed: BigInt(receipt.gasUsed) }
        reporter.mined(mined)
        if (mined.status === 'reverted') throw await revertedOnChain(provider, mined, from)
        return mined
      }
    }
    if (Date.now() >= deadline) throw notConfirmed(sent, receipt !== null, options)
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
  }
}

async function revertedOnChain(provider: JsonRpcProvider, mined: MinedTransaction, from: string): Promise<CliError> {
  let reason = 'the reason could not be determined'
  try {
    await provider.send('eth_call', [{ from, to: mined.call.to, data: mined.call.data }, `0x${mined.blockNumber.toString(16)}`])
  } catch (error) {
    const decoded = decodeRevert(revertDataOf(error))
    reason = decoded.name ? `${decoded.name}: ${decoded.explanation}` : decoded.explanation
  }
  return new CliError(`${mined.call.function} was mined in block ${mined.blockNumber} but reverted (${reason}). Transaction ${mined.hash}.`, {
    code: 'TX_REVERTED',
    exitCode: ExitCode.txFailed,
    suggestions: ['The state changed between the checks and inclusion; run `kroma-validator status` and try again.', ...(mined.explorerUrl ? [mined.explorerUrl] : [])],
    details: { hash: mined.hash, blockNumber: mined.blockNumber },
  })
}

function notConfirmed(sent: SentTransaction, included: boolean, options: WaitOptions): CliError {
  const message = included
    ? `${sent.call.function} ${sent.hash} is mined but not yet ${options.confirmations} blocks deep after ${options.timeoutSeconds}s.`
    : `${sent.call.function} ${sent.hash} was not mined within ${options.timeoutSeconds}s.`
  return new CliError(message, {
    code: 'TX_NOT_CONFIRMED',
    exitCode: ExitCode.txFailed,
    suggestions: included
      ? ['Wait a little and check it with `kroma-validator status` or a block explorer.']
      : [
          `To speed it up, re-run the same command with --nonce ${sent.nonce} and a higher --max-fee-per-gas and --max-priority-fee-per-gas: it replaces the pending transaction.`,
          ...(sent.explorerUrl ? [`Follow it at ${sent.explorerUrl}`] : []),
        ],
    details: { hash: sent.hash, nonce: sent.nonce },
  })
}
