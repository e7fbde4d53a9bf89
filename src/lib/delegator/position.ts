import type { RpcSender } from '../chain/json-rpc.js'
import { toChecksumAddress } from '../address.js'
import { revertDataOf } from '../chain/rpc.js'
import { AssetManager__factory, ERC20__factory, KGH__factory } from '../chain/types/index.js'
import type { Connection } from '../config/connection.js'
import type { Snapshot } from '../validator/snapshot.js'
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

const assetManager = AssetManager__factory.createInterface()
const kgh = KGH__factory.createInterface()
const erc20 = ERC20__factory.createInterface()

/**
 * Reads a delegator's position at the block of `snapshot`, in two batched round trips (the KGH
 * contract's address first; totalKroAssets comes from the snapshot when it covers the validator). The vault's total shares are not a view: previewDelegate of
 * totalKroAssets + 1 is exactly totalKroShares + 10^6.
 */
export async function readDelegator(provider: RpcSender, connection: Connection, snapshot: Snapshot, request: DelegatorRequest): Promise<DelegatorState> {
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  const call = async (to: string, data: string): Promise<string> => (await provider.send('eth_call', [{ to, data }, blockTag])) as string
  const am = (data: string) => call(connection.assetManager, data)
  const word = (hex: string): bigint => BigInt(hex)
  const { validator, delegator } = request
  const tokenIds = request.tokenIds === 'delegated' ? await delegatedKghIds(provider, connection, validator, delegator, snapshot.blockNumber) : request.tokenIds

  const known = snapshot.validators.find((state) => state.address.toLowerCase() === validator.toLowerCase())
  const totalAssets = known ? known.delegatedKro : word(await am(assetManager.encodeFunctionData('totalKroAssets', [validator])))
  const [kghAddress, sharesPlusOffset, shares, assets, canUndelegateAt, count, claimableReward, kroBalance] = await Promise.all([
    am(assetManager.encodeFunctionData('KGH')),
    am(assetManager.encodeFunctionData('previewDelegate', [validator, totalAssets + 1n])),
    am(assetManager.encodeFunctionData('getKroTotalShareBalance', [validator, delegator])),
    am(assetManager.encodeFunctionData('getKroAssets', [validator, delegator])),
    am(assetManager.encodeFunctionData('canUndelegateKroAt', [validator, delegator])),
    am(assetManager.encodeFunctionData('getKghNum', [validator, delegator])),
    am(assetManager.encodeFunctionData('getKghReward', [validator, delegator])),
    call(snapshot.params.kroToken, erc20.encodeFunctionData('balanceOf', [delegator])),
  ])
  const token = toChecksumAddress(`0x${kghAddress.slice(-40)}`)
  const period = snapshot.params.minDelegationPeriodSeconds

  const [approvedForAll, tokens] = await Promise.all([
    call(token, kgh.encodeFunctionData('isApprovedForAll', [delegator, connection.assetManager])),
    Promise.all(
      tokenIds.map(async (id): Promise<KghTokenState> => {
        const [owner, approved, unlock] = await Promise.all([
          orUndefinedIfReverted(call(token, kgh.encodeFunctionData('ownerOf', [id]))),
          orUndefinedIfReverted(call(token, kgh.encodeFunctionData('getApproved', [id]))),
          am(assetManager.encodeFunctionData('canUndelegateKghAt', [validator, delegator, id])),
        ])
        const canUndelegate = word(unlock)
        return {
          id,
          owner: owner === undefined ? undefined : toChecksumAddress(`0x${owner.slice(-40)}`),
          approved: approved === undefined ? undefined : toChecksumAddress(`0x${approved.slice(-40)}`),
          canUndelegateAt: canUndelegate,
          // delegatedAt + period, and delegatedAt is 0 unless the token is delegated here.
          delegatedHere: canUndelegate !== period,
        }
      }),
    ),
  ])

  return {
    delegator,
    validator,
    blockNumber: snapshot.blockNumber,
    kroBalance: word(kroBalance),
    kro: {
      shares: word(shares),
      assets: word(assets),
      canUndelegateAt: word(canUndelegateAt),
      vault: { totalAssets, totalShares: word(sharesPlusOffset) - SHARES_OFFSET },
    },
    kgh: {
      token,
      count: word(count),
      claimableReward: word(claimableReward),
      approvedForAll: word(approvedForAll) !== 0n,
      // Of the tokens found in the events, those undelegated since are left out.
      tokens: request.tokenIds === 'delegated' ? tokens.filter((state) => state.delegatedHere) : tokens,
    },
  }
}

/** ownerOf and getApproved revert for a token that does not exist; an RPC failure still throws. */
async function orUndefinedIfReverted(pending: Promise<string>): Promise<string | undefined> {
  try {
    return await pending
  } catch (error) {
    if (revertDataOf(error) !== undefined || /revert/i.test(String((error as Error).message))) return undefined
    throw error
  }
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
