import { refuse, type Action, type ActionPlan } from '../actions/types.js'
import { withRpcErrors } from '../chain/rpc.js'
import { requireStatedChain } from '../config/connection.js'
import { createChainContext, type ChainContext, type ContextFlags } from '../context.js'
import { delegatorJson, readDelegator, type DelegatorJson } from '../delegator/position.js'
import { CliError, ExitCode } from '../errors.js'
import { openSigner } from '../signers/open.js'
import { requireSignerSource, resolveSignerSource, type SignerFlags } from '../signers/resolve.js'
import type { TransactionSigner } from '../signers/types.js'
import { statusJson, type StatusJson } from '../validator/report.js'
import { readSnapshot } from '../validator/snapshot.js'
import { gasLimitFor, parseGasLimit, parseGasPrice, requireGasLimitCovers, requireGasMoney, resolveFees } from './fees.js'
import { signAndSend, waitForTransaction } from './send.js'
import { simulateCalls, simulateNow } from './simulate.js'
import type { MinedTransaction, SentTransaction, SimulatedCall, TxReporter } from './types.js'

export interface TransactionFlags extends ContextFlags, SignerFlags {
  yes: boolean
  'dry-run': boolean
  json: boolean
  confirmations: number
  timeout: number
  nonce?: number
  'gas-limit'?: string
  'max-fee-per-gas'?: string
  'max-priority-fee-per-gas'?: string
}

export interface PipelineEnvironment {
  reporter: TxReporter
  /** Whether a person can answer prompts (stdin is a terminal). */
  interactive: boolean
  promptPassword?: (question: string) => Promise<string>
  env?: NodeJS.ProcessEnv
  /** Receipt polling interval. */
  pollMs?: number
}

export interface DryRunResult {
  dryRun: true
  chainId: number
  network: string | null
  from: string
  validator: string
  transactions: Array<{ to: string; function: string; data: string; value: string; chainId: number; gasEstimate: string | null }>
  notices: string[]
}

export interface SentResult {
  dryRun: false
  transactions: Array<{ hash: string; to: string; function: string; status: 'success' | 'reverted'; blockNumber: number; gasUsed: string; explorerUrl: string | null }>
  outcome: string
  validator: StatusJson
  /** The signer's position with the validator after a delegator's action. */
  delegator?: DelegatorJson
}

/**
 * The one path every sending command takes: connect and check the chain, read the snapshot,
 * refuse what the contract would revert, simulate, show and confirm, then send with explicit
 * nonces, wait, and report what changed from a fresh snapshot.
 */
export async function runAction<Input>(action: Action<Input>, input: Input, flags: TransactionFlags, environment: PipelineEnvironment): Promise<DryRunResult | SentResult> {
  const env = environment.env ?? process.env
  const overrides = {
    gasLimit: flags['gas-limit'] === undefined ? undefined : parseGasLimit(flags['gas-limit']),
    maxFeePerGas: flags['max-fee-per-gas'] === undefined ? undefined : parseGasPrice(flags['max-fee-per-gas'], '--max-fee-per-gas'),
    maxPriorityFeePerGas: flags['max-priority-fee-per-gas'] === undefined ? undefined : parseGasPrice(flags['max-priority-fee-per-gas'], '--max-priority-fee-per-gas'),
  }
  const context = createChainContext(flags, env)
  const chainId = requireStatedChain(context.connection)
  const source = requireSignerSource(resolveSignerSource(flags, env, context.store.list()))
  const { reporter } = environment
  let signer: TransactionSigner | undefined
  try {
    signer = await openSigner(source, { env, promptPassword: environment.promptPassword, onDeviceConfirmation: () => reporter.awaitingDevice() })
    const validator = action.validatorFor(input, signer.address)
    const before = await rpc(context, () => readSnapshot(context.provider, context.connection, { validators: [validator], account: signer!.address, accountFacts: action.signerFacts }))
    const account = before.account!
    if (flags.nonce === undefined && account.nonce > account.minedNonce) throw pendingTransactions(signer.address, account.minedNonce, account.nonce)
    const tokenIds = action.delegatorFacts?.(input)
    const delegator = { validator, delegator: signer.address }
    const delegatorBefore = tokenIds === undefined ? undefined : await rpc(context, () => readDelegator(context.provider, context.connection, before, { ...delegator, tokenIds }))
    const plan = action.plan(input, { snapshot: before, connection: context.connection, signer: signer.address, signerIsContract: account.isContract, delegator: delegatorBefore })
    const calls = await rpc(context, () => simulateCalls(context.provider, plan.calls, signer!.address, before))
    for (const call of calls) requireGasLimitCovers(call, overrides.gasLimit)
    const fees = resolveFees(before, overrides)
    const maxTotalFee = requireGasMoney(calls, fees, overrides.gasLimit, account.ethBalance, signer.address)

    if (flags['dry-run']) return dryRunResult(chainId, context, signer.address, plan, calls)

    reporter.showPlan({
      actionName: action.name,
      networkName: context.connection.networkName,
      chainId,
      signer: signer.address,
      signerDescription: signer.description,
      validator: plan.validator,
      calls,
      fees,
      gasLimit: overrides.gasLimit,
      maxTotalFee,
      notices: plan.notices,
    })
    if (environment.interactive && !flags.yes) {
      const accepted = await reporter.confirm(calls.length === 1 ? 'Send this transaction?' : `Send these ${calls.length} transactions?`)
      if (!accepted) throw new CliError('Declined; nothing was sent.', { code: 'DECLINED', exitCode: ExitCode.declined })
    }

    const mined = await sendAll(context, signer, calls, { ...overrides, fees, chainId, nonce: flags.nonce ?? account.nonce, sentAfterBlock: Number(before.blockNumber) }, flags, environment)
    const after = await rpc(context, () => readSnapshot(context.provider, context.connection, { validators: [plan.validator], params: before.params }))
    const delegatorAfter = delegatorBefore && (await rpc(context, () => readDelegator(context.provider, context.connection, after, { ...delegator, tokenIds: delegatorBefore.kgh.tokens.map((token) => token.id) })))
    return {
      dryRun: false,
      transactions: mined.map((tx) => ({ hash: tx.hash, to: tx.call.to, function: tx.call.function, status: tx.status, blockNumber: tx.blockNumber, gasUsed: tx.gasUsed.toString(), explorerUrl: tx.explorerUrl ?? null })),
      outcome: action.outcome(before.validators[0]!, after.validators[0]!, input, delegatorBefore && delegatorAfter && { before: delegatorBefore, after: delegatorAfter }),
      validator: statusJson(after.validators[0]!, after, context.connection),
      ...(delegatorAfter ? { delegator: delegatorJson(delegatorAfter) } : {}),
    }
  } finally {
    reporter.done()
    await signer?.close()
    context.provider.destroy()
  }
}

interface SendSettings {
  chainId: number
  nonce: number
  gasLimit?: bigint
  fees: ReturnType<typeof resolveFees>
  sentAfterBlock: number
}

async function sendAll(context: ChainContext, signer: TransactionSigner, calls: SimulatedCall[], settings: SendSettings, flags: TransactionFlags, environment: PipelineEnvironment): Promise<MinedTransaction[]> {
  const mined: MinedTransaction[] = []
  const sent: SentTransaction[] = []
  // Ctrl-C from here on stops the wait and says what was already sent; it never leaves silently.
  const interrupt = new AbortController()
  const onInterrupt = () => interrupt.abort()
  process.once('SIGINT', onInterrupt)
  const checkInterrupt = () => {
    if (interrupt.signal.aborted) throw interrupted(sent)
  }
  try {
    let nonce = settings.nonce
    for (const call of calls) {
      // A call whose simulation had to wait for the approve is simulated now, before it is signed.
      const gasEstimate = call.gasEstimate ?? (await rpc(context, () => simulateNow(context.provider, call, signer.address)))
      requireGasLimitCovers({ ...call, gasEstimate }, settings.gasLimit)
      const gasLimit = gasLimitFor({ ...call, gasEstimate }, settings.gasLimit)
      checkInterrupt()
      const transaction = await rpc(context, () =>
        signAndSend(context.provider, signer, call, { chainId: settings.chainId, nonce, gasLimit, fees: settings.fees, explorer: context.connection.explorer }, environment.reporter),
      )
      sent.push(transaction)
      const waitOptions = { confirmations: flags.confirmations, timeoutSeconds: flags.timeout, pollMs: environment.pollMs ?? 1000, signal: interrupt.signal, sentAfterBlock: settings.sentAfterBlock }
      const result = await rpc(context, () => waitForTransaction(context.provider, transaction, signer.address, waitOptions, environment.reporter).finally(checkInterrupt))
      mined.push(result)
      nonce += 1
    }
    return mined
  } catch (error) {
    // A failure after something was sent must carry every hash, whatever failed.
    if (error instanceof CliError && sent.length > 0 && error.details.sent === undefined) {
      error.details.sent = sent.map((transaction) => ({ function: transaction.call.function, hash: transaction.hash, nonce: transaction.nonce }))
      // In the message too (an RPC that went down after the send, say), not only in --json.
      if (!sent.every((transaction) => error.message.includes(transaction.hash))) {
        error.message = `${error.message} Already sent: ${sent.map((transaction) => `${transaction.call.function} ${transaction.hash} (nonce ${transaction.nonce})`).join(', ')}; check ${sent.length === 1 ? 'it' : 'them'} before running the command again.`
      }
    }
    throw error
  } finally {
    process.removeListener('SIGINT', onInterrupt)
  }
}

function pendingTransactions(signer: string, minedNonce: number, pendingNonce: number): CliError {
  const count = pendingNonce - minedNonce
  const nonces = count === 1 ? `nonce ${minedNonce}` : `nonces ${minedNonce} to ${pendingNonce - 1}`
  return refuse('PENDING_TRANSACTIONS', `${signer} has ${count} transaction${count === 1 ? '' : 's'} waiting to be mined (${nonces}); sending now could repeat or conflict with ${count === 1 ? 'it' : 'them'}.`, {
    suggestions: [
      'Wait until they are mined (another run or tool may be sending), then run again: the checks will see their effect.',
      `To replace a stuck one, re-run with --nonce ${minedNonce} and a higher --max-fee-per-gas and --max-priority-fee-per-gas.`,
    ],
  })
}

function interrupted(sent: SentTransaction[]): CliError {
  const message =
    sent.length === 0
      ? 'Interrupted before anything was sent.'
      : `Interrupted while waiting. Already sent: ${sent.map((transaction) => `${transaction.call.function} ${transaction.hash} (nonce ${transaction.nonce})`).join(', ')}.`
  return new CliError(message, {
    code: 'INTERRUPTED',
    exitCode: ExitCode.declined,
    suggestions:
      sent.length === 0
        ? []
        : ['The sent transactions are still on their way: follow them with `kroma-validator status` or a block explorer before running the command again.', ...sent.flatMap((transaction) => (transaction.explorerUrl ? [transaction.explorerUrl] : []))],
    details: { sent: sent.map((transaction) => ({ function: transaction.call.function, hash: transaction.hash, nonce: transaction.nonce })) },
  })
}

function dryRunResult(chainId: number, context: ChainContext, from: string, plan: ActionPlan, calls: SimulatedCall[]): DryRunResult {
  return {
    dryRun: true,
    chainId,
    network: context.connection.networkName ?? null,
    from,
    validator: plan.validator,
    transactions: calls.map((call) => ({ to: call.to, function: call.function, data: call.data, value: '0', chainId, gasEstimate: call.gasEstimate?.toString() ?? null })),
    notices: plan.notices,
  }
}

/** Endpoint failures anywhere in the pipeline become exit 4 naming the (masked) endpoint. */
function rpc<T>(context: ChainContext, operation: () => Promise<T>): Promise<T> {
  return withRpcErrors(context.connection.rpcUrl, operation)
}
