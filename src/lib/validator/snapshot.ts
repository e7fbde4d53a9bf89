import type { Connection } from '../config/connection.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { checkChainId } from '../chain/rpc.js'
import { BatchedCallFailed, contractAt, decodeAggregate, encodeAggregate, viewCall, type BatchedCall } from '../chain/multicall.js'
import { CliError, ExitCode } from '../errors.js'
import { statusName, type StatusName } from './status.js'

/** The validator system's immutables, read from the chain once per run. */
export interface SystemParams {
  minRegisterAmount: bigint
  minActivateAmount: bigint
  commissionChangeDelaySeconds: bigint
  softJailPeriodSeconds: bigint
  hardJailPeriodSeconds: bigint
  jailThreshold: bigint
  roundDurationSeconds: bigint
  commissionRateDenominator: bigint
  bondAmount: bigint
  minDelegationPeriodSeconds: bigint
  kroToken: string
  /** BASE_REWARD: KRO per finalized output, split by the commission between validator and delegators. */
  baseReward: bigint
}

/** What one read of the validator system gives about a validator, before KRO balances are read. */
export interface ValidatorReading {
  address: string
  status: StatusName
  jailed: boolean
  /** 0 when never jailed. */
  jailExpiresAt: bigint
  noSubmissionCount: bigint
  commissionRate: bigint
  pendingCommissionRate: bigint
  commissionChangePending: boolean
  canFinalizeCommissionChangeAt: bigint
  withdrawAccount: string
  canWithdrawAt: bigint
  totalKro: bigint
  bondedKro: bigint
  notBondedKro: bigint
  delegatedKro: bigint
  kghCount: bigint
  /** Weight in the selection tree: 0 when not in it. */
  treeWeight: bigint
  reflectiveWeight: bigint
  ethBalance: bigint
}

export interface ValidatorState extends ValidatorReading {
  kroBalance: bigint
}

/** The sender of a transaction, as far as preflight needs to know it. */
export interface AccountState {
  address: string
  ethBalance: bigint
  /** Undefined when not asked for (SignerFacts), unless the account is one of the validators read. */
  kroBalance?: bigint
  /** What the AssetManager may pull from this account; undefined when not asked for. */
  kroAllowance?: bigint
  /** Next nonce, counting pending transactions. */
  nonce: number
  /** Next nonce by mined transactions only: below `nonce` while some are pending. */
  minedNonce: number
  /** True when the address holds contract code (a Safe, a smart account); undefined when not asked for. */
  isContract?: boolean
}

/** What a plan needs to know about the sender besides its ETH and nonces (read unless told otherwise). */
export interface SignerFacts {
  /** Its KRO balance and its allowance to the AssetManager. */
  kro: boolean
  /** Whether it holds contract code. */
  code: boolean
}

/** The chain and the system at the block read; a Snapshot without its validators and account. */
export interface SnapshotHeader {
  chainId: number
  blockNumber: bigint
  timestamp: bigint
  baseFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  params: SystemParams
  activatedValidatorCount: bigint
  activatedValidatorTotalWeight: bigint
  nextValidator: string
}

export interface Snapshot extends SnapshotHeader {
  validators: ValidatorState[]
  account?: AccountState
}

export interface SnapshotRequest {
  validators: string[]
  account?: string
  /** What to read about `account` besides its ETH and nonces; everything when omitted. */
  accountFacts?: SignerFacts
  /** The system's immutables, when this run has read them already: they are not read again. */
  params?: SystemParams
  /**
   * Work to do while the KRO balances are read (the second round trip), with everything else
   * already read: a view that needs no balance can be drawn in that time.
   */
  whileBalancesLoad?(header: SnapshotHeader, validators: ValidatorReading[]): void
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/**
 * Reads everything about the given validators at one block in two HTTP round trips, however
 * many validators: (1) chain id, fee tip and one multicall holding the block number, every
 * parameter (unless given) and every validator field; (2) a multicall of KRO balances pinned to that block
 * (the token address is only known after the first), with the sender's nonce and code beside it.
 */
export async function readSnapshot(provider: RpcSender, connection: Connection, request: SnapshotRequest): Promise<Snapshot> {
  const multicall = contractAt('Multicall3', connection.multicall3)
  const vm = contractAt('ValidatorManager', connection.validatorManager)
  const am = contractAt('AssetManager', connection.assetManager)

  // Every value once: the system's immutables only when this run has not read them yet, and the
  // sender's ETH and KRO balances only when the sender is not one of the validators read anyway.
  const blockCalls = [
    viewCall(multicall, 'getBlockNumber'),
    viewCall(multicall, 'getCurrentBlockTimestamp'),
    viewCall(multicall, 'getBasefee'),
    viewCall(vm, 'activatedValidatorCount'),
    viewCall(vm, 'activatedValidatorTotalWeight'),
    viewCall(vm, 'nextValidator'),
  ] as const
  const paramCalls = request.params
    ? []
    : ([
        viewCall(vm, 'MIN_REGISTER_AMOUNT'),
        viewCall(vm, 'MIN_ACTIVATE_AMOUNT'),
        viewCall(vm, 'COMMISSION_CHANGE_DELAY_SECONDS'),
        viewCall(vm, 'SOFT_JAIL_PERIOD_SECONDS'),
        viewCall(vm, 'HARD_JAIL_PERIOD_SECONDS'),
        viewCall(vm, 'JAIL_THRESHOLD'),
        viewCall(vm, 'ROUND_DURATION_SECONDS'),
        viewCall(vm, 'COMMISSION_RATE_DENOM'),
        viewCall(am, 'BOND_AMOUNT'),
        viewCall(am, 'MIN_DELEGATION_PERIOD'),
        viewCall(am, 'ASSET_TOKEN'),
        viewCall(vm, 'BASE_REWARD'),
      ] as const)
  const perValidator = (address: string) =>
    [
      viewCall(vm, 'getStatus', address),
      viewCall(vm, 'inJail', address),
      viewCall(vm, 'jailExpiresAt', address),
      viewCall(vm, 'noSubmissionCount', address),
      viewCall(vm, 'getCommissionRate', address),
      viewCall(vm, 'getPendingCommissionRate', address),
      viewCall(vm, 'canFinalizeCommissionChangeAt', address),
      viewCall(vm, 'getWeight', address),
      viewCall(am, 'getWithdrawAccount', address),
      viewCall(am, 'canWithdrawAt', address),
      viewCall(am, 'totalValidatorKro', address),
      viewCall(am, 'totalValidatorKroBonded', address),
      viewCall(am, 'totalValidatorKroNotBonded', address),
      viewCall(am, 'totalKroAssets', address),
      viewCall(am, 'totalKghNum', address),
      viewCall(am, 'reflectiveWeight', address),
      viewCall(multicall, 'getEthBalance', address),
    ] as const
  const validatorCalls = request.validators.map(perValidator)
  const accountIsValidator = request.account !== undefined && request.validators.some((address) => address.toLowerCase() === request.account!.toLowerCase())
  const facts: SignerFacts = request.accountFacts ?? { kro: true, code: true }
  const accountEthCall = request.account && !accountIsValidator ? [viewCall(multicall, 'getEthBalance', request.account)] : []
  const firstCalls: BatchedCall<unknown>[] = [...blockCalls, ...paramCalls, ...validatorCalls.flat(), ...accountEthCall]

  const [chainIdHex, firstData, tipHex] = await Promise.all([
    provider.send('eth_chainId', []) as Promise<string>,
    provider.send('eth_call', [{ to: connection.multicall3, data: encodeAggregate(firstCalls) }, 'latest']) as Promise<string>,
    provider.send('eth_maxPriorityFeePerGas', []) as Promise<string>,
  ])
  const chainId = Number(BigInt(chainIdHex))
  checkChainId(chainId, connection.chainId, connection.networkName, connection.rpcUrl)
  const decoded = decodeWithContext(() => decodeAggregate(firstCalls, firstData), chainId, connection)

  const [blockNumber, timestamp, baseFeePerGas, activatedValidatorCount, activatedValidatorTotalWeight, nextValidator] = decoded.slice(0, blockCalls.length) as unknown as DecodedBlock
  let offset = blockCalls.length
  const params = request.params ?? readParams(decoded.slice(offset, (offset += paramCalls.length)) as unknown as DecodedParams)

  const readings = request.validators.map((address, index): ValidatorReading => {
    const fields = decoded.slice(offset, offset + validatorCalls[index]!.length) as unknown as DecodedValidator
    offset += fields.length
    const [status, jailed, jailExpiresAt, noSubmissionCount, commissionRate, pendingCommissionRate, canFinalizeCommissionChangeAt, treeWeight, withdrawAccount, canWithdrawAt, totalKro, bondedKro, notBondedKro, delegatedKro, kghCount, reflectiveWeight, ethBalance] = fields
    return {
      address,
      status: statusName(status),
      jailed,
      jailExpiresAt,
      noSubmissionCount,
      commissionRate,
      pendingCommissionRate,
      // With nothing pending the contract reports the delay itself (initiation time 0 + delay).
      commissionChangePending: canFinalizeCommissionChangeAt !== params.commissionChangeDelaySeconds,
      canFinalizeCommissionChangeAt,
      withdrawAccount,
      canWithdrawAt,
      totalKro,
      bondedKro,
      notBondedKro,
      delegatedKro,
      kghCount,
      treeWeight,
      reflectiveWeight,
      ethBalance,
    }
  })
  const header: SnapshotHeader = {
    chainId,
    blockNumber,
    timestamp,
    baseFeePerGas,
    maxPriorityFeePerGas: BigInt(tipHex),
    params,
    activatedValidatorCount,
    activatedValidatorTotalWeight,
    nextValidator,
  }

  const kro = contractAt('ERC20', params.kroToken)
  const secondCalls: BatchedCall<bigint>[] = [
    ...request.validators.map((address) => viewCall(kro, 'balanceOf', address)),
    ...(request.account && facts.kro && !accountIsValidator ? [viewCall(kro, 'balanceOf', request.account)] : []),
    ...(request.account && facts.kro ? [viewCall(kro, 'allowance', request.account, connection.assetManager)] : []),
  ]
  const blockTag = `0x${blockNumber.toString(16)}`
  const second = Promise.all([
    secondCalls.length > 0
      ? (provider.send('eth_call', [{ to: connection.multicall3, data: encodeAggregate(secondCalls) }, blockTag]) as Promise<string>)
      : Promise.resolve(undefined),
    request.account ? (provider.send('eth_getTransactionCount', [request.account, 'pending']) as Promise<string>) : Promise.resolve(undefined),
    request.account ? (provider.send('eth_getTransactionCount', [request.account, blockTag]) as Promise<string>) : Promise.resolve(undefined),
    request.account && facts.code ? (provider.send('eth_getCode', [request.account, blockTag]) as Promise<string>) : Promise.resolve(undefined),
  ])
  if (request.whileBalancesLoad) {
    await provider.whenSent?.()
    second.catch(() => {}) // awaited below; this only keeps a failure during the work from going unhandled
    request.whileBalancesLoad(header, readings)
  }
  const [secondData, nonceHex, minedNonceHex, accountCode] = await second
  const balances = secondData === undefined ? [] : decodeWithContext(() => decodeAggregate(secondCalls, secondData), chainId, connection)
  const validators = readings.map((reading, index): ValidatorState => ({ ...reading, kroBalance: balances[index]! }))

  const asValidator = validators.find((validator) => validator.address.toLowerCase() === request.account?.toLowerCase())
  const account: AccountState | undefined = request.account
    ? {
        address: request.account,
        ethBalance: asValidator ? asValidator.ethBalance : (decoded[offset] as bigint),
        kroBalance: asValidator ? asValidator.kroBalance : facts.kro ? balances[request.validators.length]! : undefined,
        kroAllowance: facts.kro ? balances.at(-1)! : undefined,
        nonce: Number(BigInt(nonceHex!)),
        minedNonce: Number(BigInt(minedNonceHex!)),
        // An EIP-7702 delegation designator (0xef0100…) still belongs to an externally owned account.
        isContract: accountCode === undefined ? undefined : accountCode !== '0x' && !accountCode.startsWith('0xef0100'),
      }
    : undefined

  return { ...header, validators, account }
}

type DecodedBlock = [bigint, bigint, bigint, bigint, bigint, string]
type DecodedParams = [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, string, bigint]
type DecodedValidator = [bigint, boolean, bigint, bigint, bigint, bigint, bigint, bigint, string, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]

function readParams(values: DecodedParams): SystemParams {
  const [minRegisterAmount, minActivateAmount, commissionChangeDelaySeconds, softJailPeriodSeconds, hardJailPeriodSeconds, jailThreshold, roundDurationSeconds, commissionRateDenominator, bondAmount, minDelegationPeriodSeconds, kroToken, baseReward] = values
  return {
    minRegisterAmount,
    minActivateAmount,
    commissionChangeDelaySeconds,
    softJailPeriodSeconds,
    hardJailPeriodSeconds,
    jailThreshold,
    roundDurationSeconds,
    commissionRateDenominator,
    bondAmount,
    minDelegationPeriodSeconds,
    kroToken,
    baseReward,
  }
}

function decodeWithContext<T>(decode: () => T, chainId: number, connection: Connection): T {
  try {
    return decode()
  } catch (error) {
    if (error instanceof BatchedCallFailed || (error as { code?: string }).code === 'BAD_DATA') {
      const what = error instanceof BatchedCallFailed ? `${error.label} on ${error.target}` : `Multicall3 at ${connection.multicall3}`
      throw new CliError(`The contracts are not where they should be on chain ${chainId}: ${what} did not answer.`, {
        code: 'CONTRACTS_NOT_FOUND',
        exitCode: ExitCode.rpc,
        suggestions: ['Check the network, --validator-manager and --asset-manager, and that the RPC serves the chain they are deployed on.'],
        cause: error,
      })
    }
    throw error
  }
}

export { ZERO_ADDRESS }
