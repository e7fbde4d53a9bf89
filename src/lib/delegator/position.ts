import { decodeAbi } from '../chain/abi-decode.js'
import { deploylessInitCode } from '../chain/deployless.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { DELEGATOR_READER_BYTECODE, READING } from '../chain/types/delegator-reader.js'
import type { Connection } from '../config/connection.js'
import { contractsMissing, type Snapshot } from '../validator/snapshot.js'
import { delegatedKghIds } from './discover.js'
import { SHARES_OFFSET, type KroVault } from './shares.js'

/** One KGH token as the delegator's plan needs to know it. */
export interface KghTokenState {
  id: bigint
  /** undefined when no such token exists. */
  owner?: string
  /** The account approved for this token (the zero address when none); undefined when it does not exist. */
  approved?: string
  /** canUndelegateKghAt(validator, delegator, id). */
  canUndelegateAt: bigint
  /** Delegated by this delegator to this validator (its delegatedAt is set). */
  delegatedHere: boolean
}

/** A delegator's position with one validator, read at the snapshot's block. */
export interface DelegatorState {
  delegator: string
  validator: string
  blockNumber: bigint
  /** The delegator's KRO balance. */
  kroBalance: bigint
  kro: {
    shares: bigint
    /** What the shares are worth now (getKroAssets). */
    assets: bigint
    canUndelegateAt: bigint
    vault: KroVault
  }
  kgh: {
    /** KGH() of the AssetManager. */
    token: string
    count: bigint
    claimableReward: bigint
    /** The delegator has approved the AssetManager for all its KGH. */
    approvedForAll: boolean
    tokens: KghTokenState[]
  }
}

export interface DelegatorRequest {
  validator: string
  delegator: string
  /** The KGH token ids to read (ownership, approval, lock), or every token still delegated here. */
  tokenIds: readonly bigint[] | 'delegated'
}

/** The delegator reader's init code with its constructor arguments (am, validator, delegator, token ids). */
function readerInitCode(connection: Connection, validator: string, delegator: string, tokenIds: readonly bigint[]): string {
  return deploylessInitCode(DELEGATOR_READER_BYTECODE, [connection.assetManager, validator, delegator], tokenIds)
}

/**
 * Reads a delegator's position with one validator, and the given KGH tokens, at `blockTag` in
 * one eth_call with nothing deployed (contracts/reader/DelegatorReader.sol). It says which block
 * it read: sent at 'latest' beside the snapshot, the caller tells whether it saw the same block.
 */
export async function readPosition(
  provider: RpcSender,
  connection: Connection,
  request: DelegatorRequest & { tokenIds: readonly bigint[] },
  blockTag: string,
): Promise<DelegatorState> {
  const answer = (await provider
    .send('eth_call', [{ data: readerInitCode(connection, request.validator, request.delegator, request.tokenIds) }, blockTag])
    .catch((error: unknown) => contractsMissing(error, connection.chainId))) as string
  const reading = decodeAbi(READING, answer)
  return {
    delegator: request.delegator,
    validator: request.validator,
    blockNumber: reading.blockNumber,
    kroBalance: reading.kroBalance,
    kro: {
      shares: reading.shares,
      assets: reading.assets,
      canUndelegateAt: reading.canUndelegateKroAt,
      // The vault's total shares are not a view: previewDelegate of totalKroAssets + 1 is exactly totalKroShares + 10^6.
      vault: { totalAssets: reading.totalAssets, totalShares: reading.totalSharesPlusOffset - SHARES_OFFSET },
    },
    kgh: {
      token: reading.kgh,
      count: reading.kghCount,
      claimableReward: reading.kghReward,
      approvedForAll: reading.approvedForAll,
      tokens: reading.tokens.map(({ id, exists, owner, approved, canUndelegateAt, delegatedHere }) => ({
        id,
        owner: exists ? owner : undefined,
        approved: exists ? approved : undefined,
        canUndelegateAt,
        delegatedHere,
      })),
    },
  }
}

/**
 * Reads a delegator's position at the block of `snapshot`; for 'delegated', the KGH token ids
 * are first found in the events up to that block, and those undelegated since are left out.
 */
export async function readDelegator(provider: RpcSender, connection: Connection, snapshot: Snapshot, request: DelegatorRequest): Promise<DelegatorState> {
  const { validator, delegator } = request
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  if (request.tokenIds !== 'delegated') return readPosition(provider, connection, { validator, delegator, tokenIds: request.tokenIds }, blockTag)
  const tokenIds = await delegatedKghIds(provider, connection, validator, delegator, snapshot.blockNumber)
  const state = await readPosition(provider, connection, { validator, delegator, tokenIds }, blockTag)
  return { ...state, kgh: { ...state.kgh, tokens: state.kgh.tokens.filter((token) => token.delegatedHere) } }
}

/** The position in JSON: amounts and ids as base-10 strings, times as unix seconds. */
export interface DelegatorJson {
  delegator: string
  validator: string
  blockNumber: number
  kro: { shares: string; assets: string; canUndelegateAt: number }
  kgh: { count: number; claimableReward: string; tokens: Array<{ id: string; owner: string | null; canUndelegateAt: number | null }> }
}

export function delegatorJson(state: DelegatorState): DelegatorJson {
  return {
    delegator: state.delegator,
    validator: state.validator,
    blockNumber: Number(state.blockNumber),
    kro: { shares: state.kro.shares.toString(), assets: state.kro.assets.toString(), canUndelegateAt: Number(state.kro.canUndelegateAt) },
    kgh: {
      count: Number(state.kgh.count),
      claimableReward: state.kgh.claimableReward.toString(),
      tokens: state.kgh.tokens.map((token) => ({
        id: token.id.toString(),
        owner: token.owner ?? null,
        canUndelegateAt: token.delegatedHere ? Number(token.canUndelegateAt) : null,
      })),
    },
  }
}
