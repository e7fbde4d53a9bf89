import { deploylessInitCode } from '../chain/deployless.js'
import type { Connection } from '../config/connection.js'
import { toChecksumAddress } from '../address.js'
import { decodeAbi, type AbiValue } from '../chain/abi-decode.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { checkChainId, revertDataOf } from '../chain/rpc.js'
import { CONTRACT_MISSING_SELECTOR, READING, SNAPSHOT_READER_BYTECODE } from '../chain/types/snapshot-reader.js'
import { VIEWS } from '../chain/types/views.js'
import { CliError, ExitCode } from '../errors.js'
import { statusName, type StatusName } from './status-names.js'

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
  /** KRO per finalized output, split between the validator and its delegators by the commission. */
  baseReward: bigint
  bondAmount: bigint
  minDelegationPeriodSeconds: bigint
  kroToken: string
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
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** What the snapshot reader's constructor returns, typed by its ABI. */
type Reading = AbiValue<typeof READING>

/**
 * Validators per reader call: a constructor may return at most 24,576 bytes (EIP-170), and a
 * reading is 25 words plus 18 per validator (contracts/reader/SnapshotReader.sol).
 */
export const VALIDATORS_PER_READ = Math.floor((24_576 / 32 - 25) / 18)

/**
 * Reads everything about the given validators in one HTTP round trip, however many validators,
 * with nothing deployed but the validator system: chain id, fee tip, the sender's nonces and
 * the snapshot reader run without an address (eth_call of its init code), once per
 * VALIDATORS_PER_READ validators. Should a block be mined between the reader calls, the calls
 * that saw the later block are read again at the first one's block.
 */
export async function readSnapshot(provider: RpcSender, connection: Connection, request: SnapshotRequest): Promise<Snapshot> {
  const chunks: string[][] = []
  for (let index = 0; index < request.validators.length; index += VALIDATORS_PER_READ) chunks.push(request.validators.slice(index, index + VALIDATORS_PER_READ))
  if (chunks.length === 0) chunks.push([])
  const read = (chunk: string[], index: number, blockTag: string) =>
    provider.send('eth_call', [{ data: readerInitCode(connection, index === 0 ? request.account : undefined, chunk) }, blockTag]) as Promise<string>

  const chainIdAnswer = provider.send('eth_chainId', []) as Promise<string>
  const answers = chunks.map((chunk, index) => read(chunk, index, 'latest'))
  const tipAnswer = provider.send('eth_maxPriorityFeePerGas', []) as Promise<string>
  const nonceAnswers = request.account
    ? Promise.all([
        provider.send('eth_getTransactionCount', [request.account, 'pending']),
        provider.send('eth_getTransactionCount', [request.account, 'latest']),
      ] as Promise<string>[])
    : undefined
  for (const answer of [...answers, tipAnswer, nonceAnswers]) answer?.catch(() => {}) // awaited below, after the chain is checked

  const chainId = Number(BigInt(await chainIdAnswer))
  checkChainId(chainId, connection.chainId, connection.networkName, connection.rpcUrl)
  const decode = async (answer: Promise<string>): Promise<Reading> =>
    decodeAbi(READING, await answer.catch((error: unknown) => contractsMissing(error, chainId)))
  const readings = await Promise.all(answers.map(decode))
  const first = readings[0]!
  const blockTag = `0x${first.blockNumber.toString(16)}`
  for (const [index, reading] of readings.entries()) {
    if (reading.blockNumber !== first.blockNumber) readings[index] = await decode(read(chunks[index]!, index, blockTag))
  }

  const validators = readings
    .flatMap((reading) => reading.validators)
    .map((fields, index): ValidatorState => {
      const { status, canFinalizeCommissionChangeAt, ...rest } = fields
      return {
        address: request.validators[index]!,
        status: statusName(status),
        // With nothing pending the contract reports the delay itself (initiation time 0 + delay).
        commissionChangePending: canFinalizeCommissionChangeAt !== first.params.commissionChangeDelaySeconds,
        canFinalizeCommissionChangeAt,
        ...rest,
      }
    })

  const facts: SignerFacts = request.accountFacts ?? { kro: true, code: true }
  const [nonceHex, minedNonceHex] = nonceAnswers ? await nonceAnswers : []
  const account: AccountState | undefined = request.account
    ? {
        address: request.account,
        ethBalance: first.account.ethBalance,
        kroBalance: facts.kro ? first.account.kroBalance : undefined,
        kroAllowance: facts.kro ? first.account.kroAllowance : undefined,
        nonce: Number(BigInt(nonceHex!)),
        minedNonce: Number(BigInt(minedNonceHex!)),
        isContract: facts.code ? first.account.isContract : undefined,
      }
    : undefined

  return {
    chainId,
    blockNumber: first.blockNumber,
    timestamp: first.timestamp,
    baseFeePerGas: first.baseFeePerGas,
    maxPriorityFeePerGas: BigInt(await tipAnswer),
    params: first.params,
    activatedValidatorCount: first.activatedValidatorCount,
    activatedValidatorTotalWeight: first.activatedValidatorTotalWeight,
    nextValidator: first.nextValidator,
    validators,
    account,
  }
}

/** The reader's init code with its constructor arguments (vm, am, account, validators): what an eth_call without `to` runs. */
export function readerInitCode(connection: Connection, account: string | undefined, validators: string[]): string {
  return deploylessInitCode(SNAPSHOT_READER_BYTECODE, [connection.validatorManager, connection.assetManager, account ?? ZERO_ADDRESS], validators)
}

/** A reverted reader (this one or the delegator's): a view of the validator system did not answer, so the contracts are not there. */
export function contractsMissing(error: unknown, chainId: number | undefined): never {
  const data = revertDataOf(error)
  if (data === undefined && !/revert/i.test(String((error as Error | undefined)?.message))) throw error
  const what =
    data?.startsWith(CONTRACT_MISSING_SELECTOR) && data.length >= 138
      ? `${viewName(`0x${data.slice(74, 82)}`)} on ${toChecksumAddress(`0x${data.slice(34, 74)}`)}`
      : undefined
  throw new CliError(
    `The contracts are not where they should be on ${chainId === undefined ? 'this chain' : `chain ${chainId}`}${what ? `: ${what} did not answer` : ''}.`,
    {
      code: 'CONTRACTS_NOT_FOUND',
      exitCode: ExitCode.rpc,
      suggestions: ['Check the network, --validator-manager and --asset-manager, and that the RPC serves the chain they are deployed on.'],
      cause: error,
    },
  )
}

/** The name of the view with this selector, from the ABIs the CLI uses. */
function viewName(selector: string): string {
  for (const contract of Object.values(VIEWS)) {
    for (const [name, entry] of Object.entries<{ selector: string }>(contract)) if (entry.selector === selector) return name
  }
  return selector
}

export { ZERO_ADDRESS }
