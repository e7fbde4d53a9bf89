import { getAddress } from 'ethers'
import type { Connection } from '../config/connection.js'
import { ValidatorManager__factory } from '../chain/types/index.js'
import { delegationFilter, positionsFromLogs, readPositions, type DelegationPosition } from '../events/delegations.js'
import { scanLogs } from '../events/scan.js'
import { openEventSession, readEvents, type EventFlags } from '../events/session.js'
import { hex, type LogFilter } from '../events/reader.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { readPoolState } from '../pool/state.js'
import { readSnapshot } from '../validator/snapshot.js'
import { exitStepJson, type ExitStepJson } from '../exit-steps.js'
import { planExit, type DelegationFacts, type ExitFacts, type VaultFacts } from './plan.js'

export interface ExitJson {
  address: string
  blockNumber: number
  steps: ExitStepJson[]
  /** Wei as base-10 strings; kghTokens a count. */
  totals: { kroNow: string; kroLater: string; kroBonded: string; kghTokens: number; kghRewardNow: string; ethNow: string }
}

export interface ExitReport {
  json: ExitJson
  /** The time of the block read: what "possible in" is measured from. */
  timestamp: number
  connection: Connection
}

export interface ExitFlags extends EventFlags {
  network?: string
  'validator-manager'?: string
  'asset-manager'?: string
  'validator-pool'?: string
  'chain-id'?: number
}

/**
 * The flags every step's command repeats: where to connect (never --rpc-url, which may carry a
 * key), and how the address read signs, for the steps it signs.
 */
function repeatedArgs(flags: ExitFlags): { connection: string; signer: string } {
  const pairs = (entries: Array<[string, string | number | undefined]>) =>
    entries
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ` --${name} ${value}`)
      .join('')
  return {
    connection: pairs([
      ['network', flags.network],
      ['validator-manager', flags['validator-manager']],
      ['asset-manager', flags['asset-manager']],
      ['validator-pool', flags['validator-pool']],
      ['chain-id', flags['chain-id']],
    ]),
    signer:
      (flags.ledger ? ' --ledger' : '') +
      pairs([
        ['ledger-index', flags['ledger-index']],
        ['hd-path', flags['hd-path']],
        ['keystore', flags.keystore],
      ]),
  }
}

/**
 * Everything `address` can still get back, read at one block: the validators naming it (or being
 * it) found from every registration, its delegations from its delegation events, and its V1 pool
 * balance when the connection knows a pool.
 */
export async function readExit(flags: ExitFlags, addressArg: string | undefined, onProgress?: (done: number, total: number) => void): Promise<ExitReport> {
  const { context, address } = await openEventSession(flags, addressArg, 'kroma-validator exit 0x…')
  const { connection, rpc } = context
  return readEvents(context, async (chainId, head) => {
    const scan = (cacheKey: object, filter: LogFilter, fromBlock: number) =>
      scanLogs(rpc, {
        rpcUrl: connection.rpcUrl,
        cacheKey,
        filters: [filter],
        fromBlock,
        toBlock: head.latest,
        head,
        useCache: !flags['no-cache'],
        env: process.env,
        onProgress,
      })
    const validatorManager = connection.validatorManager.toLowerCase()
    const registrations = registrationFilter(validatorManager)
    const registered = await scan(
      { kind: 'registrations', chainId, validatorManager, filters: [registrations] },
      registrations,
      connection.deploymentBlocks?.validatorManager ?? 0,
    )
    // The key `delegations` uses for the same query, so the two share their cache.
    const delegations = delegationFilter(connection.assetManager, address)
    const delegationKey = {
      kind: 'delegations',
      chainId,
      assetManager: connection.assetManager.toLowerCase(),
      address: address.toLowerCase(),
      filters: [delegations],
    }
    const delegationLogs = await scan(delegationKey, delegations, connection.deploymentBlocks?.assetManager ?? 0)
    const facts = await readFacts(rpc, connection, address, validatorsOf(registered), positionsFromLogs(delegationLogs))
    const plan = planExit(facts.facts)
    const args = repeatedArgs(flags)
    const totals = plan.totals
    return {
      json: {
        address,
        blockNumber: facts.blockNumber,
        steps: plan.steps.map((step) => exitStepJson(step, args.connection + (same(step.signer, address) && !step.signerIsContract ? args.signer : ''))),
        totals: {
          kroNow: totals.kroNow.toString(),
          kroLater: totals.kroLater.toString(),
          kroBonded: totals.kroBonded.toString(),
          kghTokens: totals.kghTokens,
          kghRewardNow: totals.kghRewardNow.toString(),
          ethNow: totals.ethNow.toString(),
        },
      },
      timestamp: Number(facts.facts.timestamp),
      connection,
    }
  })
}

/** Every ValidatorRegistered of the ValidatorManager (the validator is topic 1). */
function registrationFilter(validatorManager: string): LogFilter {
  const topic = ValidatorManager__factory.createInterface().getEvent('ValidatorRegistered').topicHash
  return { address: [validatorManager], topics: [topic] }
}

function validatorsOf(logs: Array<{ topics: string[] }>): string[] {
  return [...new Set(logs.map((log) => getAddress(`0x${log.topics[1]!.slice(26)}`)))]
}

/** One snapshot of every registered validator (their withdraw accounts and vaults), then the positions, the pool and whether the signers hold code, at its block. */
async function readFacts(
  rpc: RpcSender,
  connection: Connection,
  address: string,
  validators: string[],
  found: Map<string, Set<string>>,
): Promise<{ facts: ExitFacts; blockNumber: number }> {
  const snapshot = await readSnapshot(rpc, connection, { validators, account: address, accountFacts: { kro: false, code: true } })
  const blockNumber = Number(snapshot.blockNumber)
  const mine = snapshot.validators.filter((validator) => same(validator.address, address) || same(validator.withdrawAccount, address))
  const others = [...new Set(mine.map((validator) => validator.withdrawAccount).filter((account) => !same(account, address)))]
  const [positions, codes, pool] = await Promise.all([
    readPositions(rpc, connection, address, found, blockNumber),
    Promise.all(others.map(async (account) => [account.toLowerCase(), String(await rpc.send('eth_getCode', [account, hex(blockNumber)])) !== '0x'] as const)),
    connection.validatorPool ? readPoolState(rpc, connection.validatorPool, address, BigInt(blockNumber)) : undefined,
  ])
  const addressIsContract = snapshot.account?.isContract ?? false
  const isContract = new Map([[address.toLowerCase(), addressIsContract], ...codes])
  const vaults: VaultFacts[] = mine.map((validator) => ({
    validator: validator.address,
    withdrawAccount: validator.withdrawAccount,
    withdrawAccountIsContract: isContract.get(validator.withdrawAccount.toLowerCase()) ?? false,
    jailExpiresAt: validator.jailExpiresAt,
    canWithdrawAt: validator.canWithdrawAt,
    notBondedKro: validator.notBondedKro,
    bondedKro: validator.bondedKro,
  }))
  const facts: ExitFacts = {
    address,
    timestamp: snapshot.timestamp,
    vaults,
    delegations: positions.map(delegationFacts),
    addressIsContract,
    pool: pool && { balance: pool.balance, unbondable: pool.unbondable },
  }
  return { facts, blockNumber }
}

function delegationFacts(position: DelegationPosition): DelegationFacts {
  return {
    validator: position.validator,
    kroShares: BigInt(position.kro.shares),
    kroAssets: BigInt(position.kro.assets),
    canUndelegateKroAt: BigInt(position.kro.canUndelegateAt),
    kghTokens: position.kgh.tokens.map((token) => ({ id: BigInt(token.id), canUndelegateAt: BigInt(token.canUndelegateAt) })),
    kghReward: BigInt(position.kgh.claimableReward),
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
