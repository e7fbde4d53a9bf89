import { Transaction } from 'ethers'
import type { RpcSender } from '../chain/json-rpc.js'
import { CliError, ExitCode } from '../errors.js'
import { decodeRevert } from '../chain/revert.js'
import { isTransportError, revertDataOf } from '../chain/rpc.js'
import { refuse, type PlannedCall } from '../actions/types.js'
import type { TransactionSigner } from '../signers/types.js'
import type { FeeSettings, MinedTransaction, SentTransaction, TxReporter } from './types.js'

export interface SendOptions {
  chainId: number
  nonce: number
  gasLimit: bigint
  fees: FeeSettings
  explorer?: string
}

/** Signs and broadcasts one EIP-1559 transaction with an explicit nonce; returns as soon as the node has it. */
export async function signAndSend(
  provider: RpcSender,
  signer: TransactionSigner,
  call: PlannedCall,
  options: SendOptions,
  reporter: TxReporter,
): Promise<SentTransaction> {
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
  const raw = await signer.signTransaction(unsigned)
  const signed = Transaction.from(raw)
  // Nothing is broadcast that was not signed by the expected account.
  if (signed.from?.toLowerCase() !== signer.address.toLowerCase()) {
    throw new CliError(`The signature recovers to ${signed.from}, not the signer ${signer.address}; nothing was broadcast.`, {
      code: 'WRONG_SIGNER',
      exitCode: ExitCode.signer,
    })
  }
  const hash = signed.hash!
  const sent: SentTransaction = { call, hash, nonce: options.nonce, explorerUrl: options.explorer ? `${options.explorer}/tx/${hash}` : undefined }
  try {
    await provider.send('eth_sendRawTransaction', [raw])
  } catch (error) {
    await settleFailedBroadcast(provider, sent, signer.address, error)
  }
  reporter.sent(sent)
  return sent
}

/**
 * Decides what a failed broadcast means, without ever broadcasting again. A transport failure
 * may hide a transaction the node did receive: look it up by hash before anything else.
 * Returns normally when the node took it from this run (a lost answer: known by its hash).
 */
async function settleFailedBroadcast(provider: RpcSender, sent: SentTransaction, from: string, error: unknown): Promise<void> {
  const message = nodeMessage(error)
  if (/already known|known transaction|already imported/i.test(message)) {
    // This run broadcasts each transaction once, so the node had it from elsewhere: another run
    // with the same key and the same arguments signed the very same transaction at the same time.
    // Going on would report one action as done twice.
    const duplicate = refuse(
      'DUPLICATE_TRANSACTION',
      `The node already had ${sent.call.function} ${sent.hash} before this run sent it: another run or tool with the same key sent the identical transaction at the same time. It happens once, not twice; this run stops here.`,
      { suggestions: ['Let the other run finish, then check with `kroma-validator status`; run the command again only if the action is still needed.'] },
    )
    Object.assign(duplicate.details, { hash: sent.hash, nonce: sent.nonce })
    throw duplicate
  }
  if (isTransportError(error)) {
    const known = await provider.send('eth_getTransactionByHash', [sent.hash]).catch(() => null)
    if (known) return
    throw new CliError(
      `The connection failed while broadcasting ${sent.call.function}; the node does not know transaction ${sent.hash}, so it was most likely not sent.`,
      {
        code: 'BROADCAST_UNCERTAIN',
        exitCode: ExitCode.txFailed,
        suggestions: [
          `Check it before doing anything else: \`cast tx ${sent.hash}\`, or your explorer${sent.explorerUrl ? ` (${sent.explorerUrl})` : ''}.`,
          `Then run the same command again: it re-reads the state and does not repeat what already happened (use --nonce ${sent.nonce} to be sure the same slot is reused).`,
        ],
        details: { hash: sent.hash, nonce: sent.nonce },
        cause: error,
      },
    )
  }
  if (/nonce too low|nonce has already been used|replacement transaction underpriced|underpriced/i.test(message)) {
    const underpriced = /underpriced/i.test(message)
    throw refuse(
      underpriced ? 'REPLACEMENT_UNDERPRICED' : 'NONCE_TAKEN',
      underpriced
        ? `Nonce ${sent.nonce} is already taken by a pending transaction of ${from}, and this one does not pay enough more to replace it; this run did not send ${sent.call.function}.`
        : `Nonce ${sent.nonce} of ${from} was used by another transaction (another run or tool sending at the same time); this run did not send ${sent.call.function}.`,
      {
        suggestions: underpriced
          ? ['To replace it, raise --max-fee-per-gas and --max-priority-fee-per-gas by at least 10%.']
          : ['Run `kroma-validator status` to see whether the action already happened, then run again if needed.'],
      },
    )
  }
  if (/insufficient funds/i.test(message)) {
    throw refuse('INSUFFICIENT_ETH', `${from} cannot pay for ${sent.call.function} at these fees; it was not sent.`, {
      suggestions: [`Send ETH to ${from}, or lower --max-fee-per-gas.`],
    })
  }
  // Any other JSON-RPC error answer means the node did not take the transaction.
  const reason = innermostNodeMessage(error)
  if (reason === undefined) throw error
  throw refuse('BROADCAST_REJECTED', `The node refused ${sent.call.function}: ${reason}. Nothing was sent.`, {
    suggestions: /base ?fee|fee ?cap|underpriced|tip|gas price/i.test(reason)
      ? ['Raise --max-fee-per-gas (and --max-priority-fee-per-gas), or leave them out: twice the base fee plus the suggested tip is used.']
      : ['Check the plan with --dry-run and the state with `kroma-validator status`.'],
  })
}

/** The node's own words in a JSON-RPC error answer, under ethers' wrapping; undefined when there are none. */
function innermostNodeMessage(error: unknown): string | undefined {
  let found: string | undefined
  let current: unknown = error
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as { message?: unknown; code?: unknown; error?: unknown; info?: { error?: unknown } }
    if (depth > 0 && typeof candidate.message === 'string' && typeof candidate.code === 'number') found = candidate.message
    current = candidate.error ?? candidate.info?.error
  }
  return found
}

function nodeMessage(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as { message?: unknown; error?: unknown; info?: { error?: unknown } }
    if (typeof candidate.message === 'string') parts.push(candidate.message)
    current = candidate.error ?? candidate.info?.error
  }
  return parts.join(' | ')
}

export interface WaitOptions {
  confirmations: number
  timeoutSeconds: number
  pollMs: number
  /** Aborted on Ctrl-C: the wait stops at once. */
  signal?: AbortSignal
  /** The block the transaction was sent after, where a search for a replacement starts. */
  sentAfterBlock: number
}

interface RawReceipt {
  transactionHash: string
  status: string
  blockNumber: string
  gasUsed: string
}

interface RawTransaction {
  hash: string
  from: string
  nonce: string
  to: string | null
  input: string
}

/** Waits for inclusion and confirmations; notices a replacement; decodes a revert by replaying the call. */
export async function waitForTransaction(
  provider: RpcSender,
  sent: SentTransaction,
  from: string,
  options: WaitOptions,
  reporter: TxReporter,
): Promise<MinedTransaction> {
  reporter.waiting(sent, options.confirmations)
  const deadline = Date.now() + options.timeoutSeconds * 1000
  let nonceMovedOn = false
  for (;;) {
    if (options.signal?.aborted) throw new Error('wait aborted')
    const [receipt, latestHex, minedNonceHex] = (await Promise.all([
      provider.send('eth_getTransactionReceipt', [sent.hash]),
      provider.send('eth_blockNumber', []),
      provider.send('eth_getTransactionCount', [from, 'latest']),
    ])) as [RawReceipt | null, string, string]
    if (receipt) {
      const blockNumber = Number(BigInt(receipt.blockNumber))
      const confirmations = Number(BigInt(latestHex)) - blockNumber + 1
      if (confirmations >= options.confirmations || BigInt(receipt.status) === 0n) return finish(provider, sent, receipt, from, reporter)
    } else if (Number(BigInt(minedNonceHex)) > sent.nonce) {
      // Our nonce was mined but not our transaction: ask once more (the receipt may lag), then look for the replacement.
      if (nonceMovedOn) return replaced(provider, sent, from, options, reporter)
      nonceMovedOn = true
      continue
    }
    if (Date.now() >= deadline) throw notConfirmed(sent, receipt !== null, options)
    await pause(options.pollMs, options.signal)
  }
}

async function finish(provider: RpcSender, sent: SentTransaction, receipt: RawReceipt, from: string, reporter: TxReporter): Promise<MinedTransaction> {
  const mined: MinedTransaction = {
    ...sent,
    hash: receipt.transactionHash,
    status: BigInt(receipt.status) === 1n ? 'success' : 'reverted',
    blockNumber: Number(BigInt(receipt.blockNumber)),
    gasUsed: BigInt(receipt.gasUsed),
  }
  reporter.mined(mined)
  if (mined.status === 'reverted') throw await revertedOnChain(provider, mined, from)
  return mined
}

/** How far back a replacement is searched for; beyond it the operator is told to look. */
const REPLACEMENT_SEARCH_BLOCKS = 64

async function replaced(provider: RpcSender, sent: SentTransaction, from: string, options: WaitOptions, reporter: TxReporter): Promise<MinedTransaction> {
  const latest = Number(BigInt((await provider.send('eth_blockNumber', [])) as string))
  const first = Math.max(options.sentAfterBlock, latest - REPLACEMENT_SEARCH_BLOCKS)
  for (let number = latest; number >= first; number--) {
    const block = (await provider.send('eth_getBlockByNumber', [`0x${number.toString(16)}`, true])) as { transactions: RawTransaction[] } | null
    const replacement = block?.transactions.find((tx) => tx.from.toLowerCase() === from.toLowerCase() && Number(BigInt(tx.nonce)) === sent.nonce)
    if (!replacement) continue
    const sameCall = replacement.to?.toLowerCase() === sent.call.to.toLowerCase() && replacement.input.toLowerCase() === sent.call.data.toLowerCase()
    if (sameCall) {
      // Sped up elsewhere with the same call: the action happened under the other hash.
      const receipt = (await provider.send('eth_getTransactionReceipt', [replacement.hash])) as RawReceipt
      return finish(provider, { ...sent, hash: replacement.hash }, receipt, from, reporter)
    }
    throw new CliError(
      `${sent.call.function} ${sent.hash} was replaced by another transaction with the same nonce, ${replacement.hash}, which made a different call: ${sent.call.function} did not happen.`,
      {
        code: 'TX_REPLACED',
        exitCode: ExitCode.txFailed,
        suggestions: ['Run `kroma-validator status` to see the current state, then run the command again if it is still needed.'],
        details: { hash: sent.hash, replacedBy: replacement.hash, nonce: sent.nonce },
      },
    )
  }
  throw new CliError(`${sent.call.function} ${sent.hash} was dropped: nonce ${sent.nonce} of ${from} was used by another transaction.`, {
    code: 'TX_REPLACED',
    exitCode: ExitCode.txFailed,
    suggestions: ['Run `kroma-validator status` to see whether the action happened, then run the command again if needed.'],
    details: { hash: sent.hash, nonce: sent.nonce },
  })
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const onAbort = () => {
      clearTimeout(timer)
      resolve()
    }
    // The listener goes when the pause ends: one per poll would pile up on the shared signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

async function revertedOnChain(provider: RpcSender, mined: MinedTransaction, from: string): Promise<CliError> {
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
    suggestions: [
      'The state changed between the checks and inclusion; run `kroma-validator status` and try again.',
      ...(mined.explorerUrl ? [mined.explorerUrl] : []),
    ],
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
