// Snapshots, contexts and the refusal catcher for the unit tests of the actions' plan(): plan()
// is a pure function of these, so every rule can be checked without a chain.
import type { Action, ActionContext } from '../../src/lib/actions/types.js'
import type { Connection } from '../../src/lib/config/connection.js'
import { CliError } from '../../src/lib/errors.js'
import type { AccountState, Snapshot, ValidatorState } from '../../src/lib/validator/snapshot.js'

export const KRO = 10n ** 18n
export const NOW = 1_800_000_000n
export const SIGNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const WITHDRAW_ACCOUNT = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
export const KRO_TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

export const connection: Connection = {
  rpcUrl: 'http://127.0.0.1:8545',
  validatorManager: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  assetManager: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  chainId: 31337,
  devnet: false,
}

export function validator(overrides: Partial<ValidatorState> = {}): ValidatorState {
  return {
    address: SIGNER,
    status: 'ACTIVE',
    jailed: false,
    jailExpiresAt: 0n,
    noSubmissionCount: 0n,
    commissionRate: 10n,
    pendingCommissionRate: 0n,
    commissionChangePending: false,
    canFinalizeCommissionChangeAt: 1_209_600n,
    withdrawAccount: WITHDRAW_ACCOUNT,
    canWithdrawAt: NOW - 1n,
    totalKro: 20_000n * KRO,
    bondedKro: 5_000n * KRO,
    notBondedKro: 15_000n * KRO,
    delegatedKro: 0n,
    kghCount: 0n,
    treeWeight: 20_000n * KRO,
    reflectiveWeight: 20_000n * KRO,
    ethBalance: KRO,
    kroBalance: 50_000n * KRO,
    ...overrides,
  }
}

export function snapshot(state: ValidatorState, account: Partial<AccountState> = {}): Snapshot {
  return {
    chainId: 31337,
    blockNumber: 100n,
    timestamp: NOW,
    baseFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
    params: {
      minRegisterAmount: 10_000n * KRO,
      minActivateAmount: 10_000n * KRO,
      commissionChangeDelaySeconds: 1_209_600n,
      softJailPeriodSeconds: 259_200n,
      hardJailPeriodSeconds: 604_800n,
      jailThreshold: 2n,
      roundDurationSeconds: 1_800n,
      commissionRateDenominator: 100n,
      baseReward: 400n * KRO,
      bondAmount: 5_000n * KRO,
      minDelegationPeriodSeconds: 604_800n,
      kroToken: KRO_TOKEN,
    },
    activatedValidatorCount: 1n,
    activatedValidatorTotalWeight: state.treeWeight,
    nextValidator: state.address,
    validators: [state],
    account: { address: SIGNER, ethBalance: KRO, kroBalance: 50_000n * KRO, kroAllowance: 0n, nonce: 0, minedNonce: 0, isContract: false, ...account },
  }
}

export function context(state: ValidatorState, overrides: Partial<ActionContext> = {}, account: Partial<AccountState> = {}): ActionContext {
  return { snapshot: snapshot(state, account), connection, signer: SIGNER, signerIsContract: false, ...overrides }
}

/** The refusal plan() throws: its code, exit code and when it becomes possible. */
export function refusal<Input>(action: Action<Input>, input: Input, actionContext: ActionContext) {
  try {
    action.plan(input, actionContext)
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    return { code: error.code, exitCode: error.exitCode, possibleAt: error.details.possibleAt, message: error.message }
  }
  throw new Error(`${action.name} planned instead of refusing`)
}
