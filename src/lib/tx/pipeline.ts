import type { Interfaces } from '@oclif/core'
import type { sendingFlags } from '../input/flags.js'
import { parseAddress } from '../address.js'
import { refuse, type AccountAction, type Action, type ActionPlan } from '../actions/types.js'
import { withRpcErrors } from '../chain/rpc.js'
import { requireStatedChain } from '../config/connection.js'
import { createChainContext, type ChainContext } from '../chain-context.js'
import { delegatorJson, readDelegator, readPosition, type DelegatorJson, type DelegatorRequest, type DelegatorState } from '../delegator/position.js'
import { explainDevnetUnreachable } from '../config/devnet-not-running.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import type { PoolStatusJson } from '../pool/report.js'
import { writeSafeBatchFile } from '../safe/file.js'
import { openSigner } from '../signers/open.js'
import { requireSignerSource, resolveSignerSource } from '../signers/resolve.js'
import type { TransactionSigner } from '../signers/types.js'
import { statusJson, type StatusJson } from '../validator/report.js'
import { readSnapshot, type SignerFacts, type Snapshot } from '../validator/snapshot.js'
import { expectedFee, gasLimitFor, parseGasLimit, parseGasPrice, requireGasLimitCovers, requireGasMoney, resolveFees } from './fees.js'
import { signAndSend, waitForTransaction } from './send.js'
import { allowanceAccessList, simulateCalls, simulateNow } from './simulate.js'
import type { MinedTransaction, SentTransaction, SimulatedCall, TxReporter } from './types.js'

/** The flags of a sending command, as oclif parses them. */
export type TransactionFlags = Interfaces.InferredFlags<typeof sendingFlags>

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
  /** Amounts in wei: what the fees are expected to be (base fee plus tip), and their upper bound (gas limit x max fee). */
  estimatedFee: string
  maxFee: string
  transactions: Array<{
    to: string
    function: string
    data: string
    value: string
    chainId: number
    gasEstimate: string | null
    contract: string
    /** As people read them: amounts in KRO, rates in percent. */
    args: Array<{ name: string; value: string }>
    gasLimit: string
    estimatedFee: string
  }>
  notices: string[]
  /** The Safe Transaction Builder file written (--safe-tx-file). */
  safeTxFile?: string
}

/** What a sent result reports of the state after: the validator's, or the V1 pool's. */
export type SentReport =
  | { validator: StatusJson; /** The signer's position with the validator after a delegator's action. */ delegator?: DelegatorJson }
  | { pool: PoolStatusJson; /** pool unbond: ETH (wei) the released bonds added to the signer's pool balance. */ unbonded?: string }

export type SentResult = {
  dryRun: false
  transactions: Array<{
    hash: string
    to: string
    function: string
    status: 'success' | 'reverted'
    blockNumber: number
    gasUsed: string
    explorerUrl: string | null
  }>
  outcome: string
} & SentReport

/** An action bound to its input and sender: what the pipeline needs, whatever the action changes. */
interface BoundAction {
  name: string
  /** The validators the snapshot must cover. */
  validators: string[]
  signerFacts?: SignerFacts
  /** Starts the action's own reads at 'latest', so that they travel in the snapshot's HTTP batch; plan() awaits them. */
  readBeside(context: ChainContext): void
  plan(snapshot: Snapshot, context: ChainContext, signerIsContract: boolean | undefined): Promise<ActionPlan>
  /** Checks that need a read of their own, run beside the simulations: a refusal, or notices for the plan. */
  check(snapshot: Snapshot, context: ChainContext, signerIsContract: boolean | undefined): Promise<string[]>
  /** After the transactions: one line on what changed, and the state for --json. */
  after(before: Snapshot, context: ChainContext, plan: ActionPlan): Promise<{ outcome: string; report: SentReport }>
}

/** A position read at 'latest' beside `snapshot`, or read again at its block should a block have been mined between the two calls. */
async function positionAt(snapshot: Snapshot, context: ChainContext, request: DelegatorRequest, beside?: Promise<DelegatorState>): Promise<DelegatorState> {
  const read = await beside
  return read?.blockNumber === snapshot.blockNumber ? read : readDelegator(context.rpc, context.connection, snapshot, request)
}

/** Starts reading a position at 'latest', to travel in the HTTP batch of the snapshot read beside it (awaited after the snapshot's own errors, a wrong chain). */
function positionBeside(context: ChainContext, request: DelegatorRequest & { tokenIds: readonly bigint[] }): Promise<DelegatorState> {
  const read = readPosition(context.rpc, context.connection, request, 'latest')
  read.catch(() => {})
  return read
}

function bindValidatorAction<Input>(action: Action<Input>, input: Input, sender: string): BoundAction {
  const validator = action.validatorFor(input, sender)
  const tokenIds = action.delegatorFacts?.(input)
  let beside: Promise<DelegatorState> | undefined
  let delegatorBefore: DelegatorState | undefined
  return {
    name: action.name,
    validators: [validator],
    signerFacts: action.signerFacts,
    readBeside(context) {
      // A delegator's action also reads the signer's position with the validator. Tokens found
      // by the events ('delegated') need the snapshot's block first, so are read in plan().
      if (tokenIds !== undefined && tokenIds !== 'delegated') beside = positionBeside(context, { validator, delegator: sender, tokenIds })
    },
    async plan(snapshot, context, signerIsContract) {
      if (tokenIds !== undefined) delegatorBefore = await positionAt(snapshot, context, { validator, delegator: sender, tokenIds }, beside)
      return action.plan(input, { snapshot, connection: context.connection, signer: sender, signerIsContract, delegator: delegatorBefore })
    },
    check: async (snapshot, context, signerIsContract) =>
      action.checkOnChain
        ? action.checkOnChain(input, { snapshot, connection: context.connection, signer: sender, signerIsContract, provider: context.rpc })
        : [],
    async after(before, context, plan) {
      const request = delegatorBefore && { validator, delegator: sender, tokenIds: delegatorBefore.kgh.tokens.map((token) => token.id) }
      const delegatorRead = request && positionBeside(context, request)
      const after = await readSnapshot(context.rpc, context.connection, { validators: [plan.validator] })
      const delegatorAfter = request && (await positionAt(after, context, request, delegatorRead))
      return {
        outcome: action.outcome(
          before.validators[0]!,
          after.validators[0]!,
          input,
          delegatorBefore && delegatorAfter && { before: delegatorBefore, after: delegatorAfter },
        ),
        report: {
          validator: statusJson(after.validators[0]!, after, context.connection),
          ...(delegatorAfter ? { delegator: delegatorJson(delegatorAfter) } : {}),
        },
      }
    },
  }
}

function bindAccountAction<Input, State>(action: AccountAction<Input, State, SentReport>, input: Input, sender: string): BoundAction {
  let beside: Promise<State> | undefined
  let before: State
  return {
    name: action.name,
    validators: [],
    signerFacts: action.signerFacts,
    readBeside(context) {
      beside = action.readState(context.rpc, context.connection, sender, 'latest')
      beside.catch(() => {}) // awaited in plan(), after the snapshot's own errors (a wrong chain)
    },
    async plan(snapshot, context, signerIsContract) {
      before = await beside!
      return action.plan(input, { snapshot, connection: context.connection, signer: sender, signerIsContract }, before)
    },
    check: () => Promise.resolve([]),
    async after(_snapshot, context) {
      const after = await action.readState(context.rpc, context.connection, sender, 'latest')
      return { outcome: action.outcome(before, after, input), report: action.report(after, before) }
    },
  }
}

/**
 * The one path every sending command takes: connect and check the chain, read the snapshot,
 * refuse what the contract would revert, simulate, show and confirm, then send with explicit
 * nonces, wait, and report what changed from a fresh snapshot.
 */
export async function runAction<Input, State>(
  action: Action<Input> | AccountAction<Input, State, SentReport>,
  input: Input,
  flags: TransactionFlags,
  environment: PipelineEnvironment,
): Promise<DryRunResult | SentResult> {
  const env = environment.env ?? process.env
  const overrides = {
    gasLimit: flags['gas-limit'] === undefined ? undefined : parseGasLimit(flags['gas-limit']),
    maxFeePerGas: flags['max-fee-per-gas'] === undefined ? undefined : parseGasPrice(flags['max-fee-per-gas'], '--max-fee-per-gas'),
    maxPriorityFeePerGas:
      flags['max-priority-fee-per-gas'] === undefined ? undefined : parseGasPrice(flags['max-priority-fee-per-gas'], '--max-priority-fee-per-gas'),
  }
  const from = plannedSender(flags)
  const context = createChainContext(flags, env)
  const chainId = requireStatedChain(context.connection)
  // With --from nothing is signed, so no signer is looked for.
  const source = from === undefined ? requireSignerSource(resolveSignerSource(flags, env, context.store.list())) : undefined
  if (!environment.interactive && !flags.yes && !flags['dry-run']) throw confirmationNeeded()
  const { reporter } = environment
  let signer: TransactionSigner | undefined
  try {
    if (source) signer = await openSigner(source, { env, promptPassword: environment.promptPassword, onDeviceConfirmation: () => reporter.awaitingDevice() })
    const sender = signer?.address ?? from!
    const bound = 'readState' in action ? bindAccountAction(action, input, sender) : bindValidatorAction(action, input, sender)
    // A planned sender's code decides who pays the gas, so it is always read.
    const accountFacts = from === undefined ? bound.signerFacts : { kro: bound.signerFacts?.kro ?? true, code: true }
    // Round trip 1: the snapshot with the sender's nonces and the fees, the action's own reads
    // (a delegator's position, the V1 pool) and, when the plan may need an approve, the token's
    // storage its allowance lives in. Round trip 2: every simulation, with the action's own
    // on-chain checks beside them.
    const mayApprove = accountFacts?.kro ?? true
    const [before, accessList] = await rpc(context, () => {
      bound.readBeside(context)
      return Promise.all([
        readSnapshot(context.rpc, context.connection, { validators: bound.validators, account: sender, accountFacts }),
        mayApprove ? allowanceAccessList(context.rpc, context.connection, sender) : undefined,
      ])
    }).catch(stoppedBeforeSending)
    const account = before.account!
    if (signer && flags.nonce === undefined && account.nonce > account.minedNonce) throw pendingTransactions(sender, account.minedNonce, account.nonce)
    const plan = await rpc(context, () => bound.plan(before, context, account.isContract))
    const [simulated, checked] = await Promise.allSettled([
      rpc(context, () => simulateCalls(context.rpc, plan.calls, sender, before, accessList)),
      rpc(context, () => bound.check(before, context, account.isContract)),
    ])
    // The action's own refusal says more than the revert its simulation may have hit.
    if (checked.status === 'rejected') throw checked.reason
    if (simulated.status === 'rejected') throw simulated.reason
    const calls = simulated.value
    plan.notices.push(...checked.value)
    for (const call of calls) requireGasLimitCovers(call, overrides.gasLimit)
    const fees = resolveFees(before, overrides)
    // A contract sender (a Safe) pays no gas itself: the owner who executes its transaction does.
    const maxTotalFee = requireGasMoney(calls, fees, overrides.gasLimit, from !== undefined && account.isContract ? undefined : account.ethBalance, sender)

    // No signer (--from): planning is all that can be done.
    if (flags['dry-run'] || !signer) {
      const result = dryRunResult(chainId, context, sender, plan, calls, {
        fees,
        baseFeePerGas: before.baseFeePerGas,
        gasLimit: overrides.gasLimit,
        maxTotalFee,
      })
      const file = flags['safe-tx-file']
      if (file === undefined) return result
      return {
        ...result,
        safeTxFile: writeSafeBatchFile(file, { chainId, safe: sender, actionName: bound.name, calls, notices: plan.notices, createdAt: Date.now() }),
      }
    }

    reporter.showPlan({
      actionName: bound.name,
      networkName: context.connection.networkName,
      chainId,
      signer: signer.address,
      signerDescription: signer.description,
      validator: plan.validator,
      calls,
      fees,
      gasLimits: calls.map((call) => ({
        gas: gasLimitFor(call, overrides.gasLimit),
        assumed: call.gasEstimate === undefined && overrides.gasLimit === undefined,
      })),
      maxTotalFee,
      notices: plan.notices,
    })
    if (environment.interactive && !flags.yes) {
      const accepted = await reporter.confirm(calls.length === 1 ? 'Send this transaction?' : `Send these ${calls.length} transactions?`)
      if (!accepted) throw new CliError('Declined; nothing was sent.', { code: 'DECLINED', exitCode: ExitCode.declined })
    }

    const mined = await sendAll(
      context,
      signer,
      calls,
      { ...overrides, fees, chainId, nonce: flags.nonce ?? account.nonce, sentAfterBlock: Number(before.blockNumber) },
      flags,
      environment,
    )
    const { outcome, report } = await rpc(context, () => bound.after(before, context, plan))
    return {
      dryRun: false,
      transactions: mined.map((tx) => ({
        hash: tx.hash,
        to: tx.call.to,
        function: tx.call.function,
        status: tx.status,
        blockNumber: tx.blockNumber,
        gasUsed: tx.gasUsed.toString(),
        explorerUrl: tx.explorerUrl ?? null,
      })),
      outcome,
      ...report,
    }
  } finally {
    reporter.done()
    await signer?.close()
    context.rpc.destroy()
  }
}

interface SendSettings {
  chainId: number
  nonce: number
  gasLimit?: bigint
  fees: ReturnType<typeof resolveFees>
  sentAfterBlock: number
}

async function sendAll(
  context: ChainContext,
  signer: TransactionSigner,
  calls: SimulatedCall[],
  settings: SendSettings,
  flags: TransactionFlags,
  environment: PipelineEnvironment,
): Promise<MinedTransaction[]> {
  const mined: MinedTransaction[] = []
  const sent: SentTransaction[] = []
  // Ctrl-C (or a SIGTERM) from here on stops the wait and says what was already sent; it never leaves silently.
  const interrupt = new AbortController()
  const onInterrupt = () => interrupt.abort()
  process.once('SIGINT', onInterrupt)
  process.once('SIGTERM', onInterrupt)
  const checkInterrupt = () => {
    if (interrupt.signal.aborted) throw interrupted(sent)
  }
  try {
    let nonce = settings.nonce
    for (const call of calls) {
      // A call whose simulation had to wait for the approve is simulated now, before it is signed.
      const gasEstimate = call.gasEstimate ?? (await rpc(context, () => simulateNow(context.rpc, call, signer.address)))
      requireGasLimitCovers({ ...call, gasEstimate }, settings.gasLimit)
      const gasLimit = gasLimitFor({ ...call, gasEstimate }, settings.gasLimit)
      checkInterrupt()
      const transaction = await rpc(context, () =>
        signAndSend(
          context.rpc,
          signer,
          call,
          { chainId: settings.chainId, nonce, gasLimit, fees: settings.fees, explorer: context.connection.explorer },
          environment.reporter,
        ),
      )
      sent.push(transaction)
      const waitOptions = {
        confirmations: flags.confirmations,
        timeoutSeconds: flags.timeout,
        pollMs: environment.pollMs ?? 1000,
        signal: interrupt.signal,
        sentAfterBlock: settings.sentAfterBlock,
      }
      const result = await rpc(context, () =>
        waitForTransaction(context.rpc, transaction, signer.address, waitOptions, environment.reporter).finally(checkInterrupt),
      )
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
    process.removeListener('SIGTERM', onInterrupt)
  }
}

/** --from and --safe-tx-file plan without sending: both need --dry-run, said plainly rather than implied. */
function plannedSender(flags: TransactionFlags): string | undefined {
  if (!flags['dry-run']) {
    if (flags.from !== undefined) {
      throw invalidInput('FROM_NEEDS_DRY_RUN', '--from plans for a sender the CLI cannot sign for, so nothing can be sent: add --dry-run.', [
        'For a Safe, add --safe-tx-file <file> too and import the file in the Safe app (Transaction Builder).',
      ])
    }
    if (flags['safe-tx-file'] !== undefined) {
      throw invalidInput(
        'SAFE_FILE_NEEDS_DRY_RUN',
        '--safe-tx-file writes the plan for a Safe instead of sending it: add --dry-run (and --from <Safe address>).',
      )
    }
  }
  return flags.from === undefined ? undefined : parseAddress(flags.from, '--from address')
}

/** The chain check is shared with reads, which send nothing to speak of; a sending command says that it sent nothing. */
function stoppedBeforeSending(error: unknown): never {
  if (error instanceof CliError && error.code === 'WRONG_CHAIN') error.message = `${error.message} Nothing was sent.`
  throw error
}

/** Without a terminal nobody can be asked: sending needs the operator's --yes on the command line. */
export function confirmationNeeded(): CliError {
  return invalidInput(
    'CONFIRMATION_REQUIRED',
    'Nothing was sent: stdin is not a terminal, so there is no one to confirm the transaction. Add --yes to send without asking (or --dry-run to only check and print the plan).',
  )
}

function pendingTransactions(signer: string, minedNonce: number, pendingNonce: number): CliError {
  const count = pendingNonce - minedNonce
  const nonces = count === 1 ? `nonce ${minedNonce}` : `nonces ${minedNonce} to ${pendingNonce - 1}`
  return refuse(
    'PENDING_TRANSACTIONS',
    `${signer} has ${count} transaction${count === 1 ? '' : 's'} waiting to be mined (${nonces}); sending now could repeat or conflict with ${count === 1 ? 'it' : 'them'}.`,
    {
      suggestions: [
        'Wait until they are mined (another run or tool may be sending), then run again: the checks will see their effect.',
        `To replace a stuck one, re-run with --nonce ${minedNonce} and a higher --max-fee-per-gas and --max-priority-fee-per-gas.`,
      ],
    },
  )
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
        : [
            'The sent transactions are still on their way: follow them with `kroma-validator status` or a block explorer before running the command again.',
            ...sent.flatMap((transaction) => (transaction.explorerUrl ? [transaction.explorerUrl] : [])),
          ],
    details: { sent: sent.map((transaction) => ({ function: transaction.call.function, hash: transaction.hash, nonce: transaction.nonce })) },
  })
}

interface DryRunFees {
  fees: ReturnType<typeof resolveFees>
  baseFeePerGas: bigint
  gasLimit?: bigint
  maxTotalFee: bigint
}

function dryRunResult(chainId: number, context: ChainContext, from: string, plan: ActionPlan, calls: SimulatedCall[], costs: DryRunFees): DryRunResult {
  const fees = calls.map((call) => expectedFee(call, costs.fees, costs.baseFeePerGas))
  return {
    dryRun: true,
    chainId,
    network: context.connection.networkName ?? null,
    from,
    validator: plan.validator,
    estimatedFee: fees.reduce((sum, fee) => sum + fee, 0n).toString(),
    maxFee: costs.maxTotalFee.toString(),
    transactions: calls.map((call, index) => ({
      to: call.to,
      function: call.function,
      data: call.data,
      value: '0',
      chainId,
      gasEstimate: call.gasEstimate?.toString() ?? null,
      contract: call.contract,
      args: call.args,
      gasLimit: gasLimitFor(call, costs.gasLimit).toString(),
      estimatedFee: fees[index]!.toString(),
    })),
    notices: plan.notices,
  }
}

/** Endpoint failures anywhere in the pipeline become exit 4 naming the (masked) endpoint (or the devnet that is not running). */
function rpc<T>(context: ChainContext, operation: () => Promise<T>): Promise<T> {
  return withRpcErrors(context.connection.rpcUrl, operation).catch((error: unknown) => {
    throw explainDevnetUnreachable(error, context.connection, context.env)
  })
}
