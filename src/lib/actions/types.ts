import type { RpcSender } from '../chain/json-rpc.js'
import type { Connection } from '../config/connection.js'
import type { DelegatorRequest, DelegatorState } from '../delegator/position.js'
import { CliError, ExitCode } from '../errors.js'
import type { SignerFacts, Snapshot, ValidatorState } from '../validator/snapshot.js'

export type ContractName = 'KRO' | 'ValidatorManager' | 'AssetManager' | 'ValidatorPool' | 'KGH'

export interface PlannedCall {
  contract: ContractName
  to: string
  function: string
  /** Arguments as people read them: amounts in KRO, rates in percent. */
  args: Array<{ name: string; value: string }>
  data: string
  /**
   * Can only be simulated once the calls before it are mined (it needs their approvals): it is
   * simulated just before it is signed.
   */
  needsEarlierCalls?: boolean
}

export interface ActionPlan {
  /** The validator whose state the action reads and changes. */
  validator: string
  calls: PlannedCall[]
  /** Things the operator must know before confirming (shown above the prompt). */
  notices: string[]
}

export interface ActionContext {
  snapshot: Snapshot
  connection: Connection
  signer: string
  /** True when the signer's address holds contract code; undefined unless the action asks (signerFacts). */
  signerIsContract?: boolean
  /** The signer's position with the validator, for actions that ask (delegatorFacts). */
  delegator?: DelegatorState
}

/** The delegator's position before and after, for the outcome of a delegator's action. */
export interface DelegatorChange {
  before: DelegatorState
  after: DelegatorState
}

export interface ChainCheckContext extends ActionContext {
  provider: RpcSender
}

/**
 * `Flags` are the flag values its command passes to fromFlags; exit's steps make their input
 * themselves and take any action.
 */
export interface Action<Input, Flags = unknown> {
  /** The command name operators type, for messages. */
  readonly name: string
  /** Its input from its command's flags, each checked (bad input is exit 2, nothing sent). Pure. */
  fromFlags(flags: Flags): Input
  /** Which validator the snapshot must cover: usually the signer, for withdraw the --validator. */
  validatorFor(input: Input, signer: string): string
  /**
   * What the plan needs to know about the signer besides its ETH and nonce, so nothing else is
   * read. Everything (KRO balance and allowance, contract code) when omitted.
   */
  readonly signerFacts?: SignerFacts
  /**
   * For a delegator's action: the KGH token ids to read besides the signer's KRO position with
   * the validator, read at the snapshot's block (ActionContext.delegator). Not read when omitted.
   */
  delegatorFacts?(input: Input): DelegatorRequest['tokenIds']
  /** Checks every condition under which the contract would revert; throws a refusal (exit 3). */
  plan(input: Input, context: ActionContext): ActionPlan
  /**
   * Checks that need a read the snapshot does not hold (what is at an address the input names),
   * run once plan() has accepted: throws a refusal, or returns notices to show with the plan's.
   */
  checkOnChain?(input: Input, context: ChainCheckContext): Promise<string[]>
  /** One line on what changed, from the validator's state (and the delegator's) before and after. */
  outcome(before: ValidatorState, after: ValidatorState, input: Input, delegator?: DelegatorChange): string
}

/**
 * An action on something the validator snapshot does not cover (the sender's ETH in the V1
 * ValidatorPool): it reads that state itself, before (beside the snapshot, in its round trip)
 * and after.
 */
export interface AccountAction<Input, State, Report, Flags = unknown> {
  readonly name: string
  fromFlags(flags: Flags): Input
  readonly signerFacts?: SignerFacts
  /** Reads the state the action changes for `sender` at `block`. */
  readState(rpc: RpcSender, connection: Connection, sender: string, block: bigint | 'latest'): Promise<State>
  /** Checks every condition under which the contract would revert; throws a refusal (exit 3). */
  plan(input: Input, context: ActionContext, state: State): ActionPlan
  outcome(before: State, after: State, input: Input): string
  /** The state after the transactions (and what changed from `before`), for --json. */
  report(after: State, before: State): Report
}

/** A validator's action on itself: the snapshot covers the signer, none of whose KRO moves and whose code does not matter. */
export const ownValidatorAction: Pick<Action<unknown>, 'signerFacts' | 'validatorFor'> = {
  signerFacts: { kro: false, code: false },
  validatorFor: (_input, signer) => signer,
}

export interface RefusalOptions {
  suggestions?: string[]
  /** When the action becomes possible, if that is only a matter of time (unix seconds). */
  possibleAt?: bigint
}

/** The contract would revert: say why and what to do; exit 3, nothing sent. */
export function refuse(code: string, message: string, options: RefusalOptions = {}): CliError {
  return new CliError(message, {
    code,
    exitCode: ExitCode.refused,
    suggestions: options.suggestions ?? [],
    details: options.possibleAt === undefined ? {} : { possibleAt: Number(options.possibleAt) },
  })
}
