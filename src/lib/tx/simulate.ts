import type { RpcSender } from '../chain/json-rpc.js'
import type { PlannedCall } from '../actions/types.js'
import { refuse } from '../actions/types.js'
import { ERC20__factory } from '../chain/types/index.js'
import { decodeRevert } from '../chain/revert.js'
import { revertDataOf } from '../chain/rpc.js'
import type { Connection } from '../config/connection.js'
import { readerInitCode, type Snapshot } from '../validator/snapshot.js'
import type { SimulatedCall } from './types.js'

type StateOverride = Record<string, { stateDiff: Record<string, string> }>

/** What eth_createAccessList answers: the storage each contract read. */
export interface AccessListAnswer {
  accessList: Array<{ address: string; storageKeys: string[] }>
}

// EIP-1967 proxy slots: read by a proxied token's allowance(), never the allowance itself.
const PROXY_SLOTS = new Set([
  '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc',
  '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103',
  '0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50',
])

/**
 * The storage the snapshot reader reads for `owner` (eth_createAccessList of its init code): it
 * holds the token's slots of owner's balance and of owner's allowance to the AssetManager. Sent
 * beside the snapshot, it lets a call that needs an approve before it be simulated in the same
 * round trip as every other call. Undefined when the node cannot make access lists.
 */
export function allowanceAccessList(provider: RpcSender, connection: Connection, owner: string): Promise<AccessListAnswer | undefined> {
  const request = { from: owner, data: readerInitCode(connection, owner, []) }
  return (provider.send('eth_createAccessList', [request, 'latest']) as Promise<AccessListAnswer>).catch(() => undefined)
}

/**
 * Simulates every call from the signer at the snapshot's block (eth_call, then a gas estimate),
 * all in one round trip. A call that needs the approve before it (register, deposit) is
 * simulated with the allowance it will then have, set through a state override at the token's
 * own allowance slot: each token slot of `accessList` is a candidate, checked (does allowance()
 * then answer the amount?) beside the calls simulated with it; only the results of the slot that
 * checks out count. Without an access list, or on nodes without overrides, that call is
 * simulated again just before it is sent.
 */
export async function simulateCalls(
  provider: RpcSender,
  calls: PlannedCall[],
  from: string,
  snapshot: Snapshot,
  accessList: AccessListAnswer | undefined,
): Promise<SimulatedCall[]> {
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  const simulate = async (call: PlannedCall): Promise<SimulatedCall> => {
    try {
      return { ...call, gasEstimate: await estimate(provider, call, from, blockTag) }
    } catch (error) {
      throw simulationRefusal(call, error)
    }
  }
  const approveIndex = calls.findIndex((call) => call.contract === 'KRO' && call.function === 'approve')
  if (approveIndex === -1) return Promise.all(calls.map((call) => (call.needsEarlierCalls ? Promise.resolve({ ...call }) : simulate(call))))
  const [upToApprove, afterApprove] = await Promise.all([
    Promise.all(calls.slice(0, approveIndex + 1).map(simulate)),
    simulateWithAllowance(
      provider,
      allowanceCandidates(provider, calls[approveIndex]!, from, blockTag, accessList),
      calls.slice(approveIndex + 1),
      from,
      blockTag,
    ),
  ])
  return [...upToApprove, ...afterApprove]
}

/** eth_call (for the revert reason) and eth_estimateGas of one call, in the same round trip. */
async function estimate(provider: RpcSender, call: PlannedCall, from: string, blockTag: string, override?: StateOverride): Promise<bigint> {
  const request = { from, to: call.to, data: call.data }
  const extra = override ? [override] : []
  const [, gas] = await Promise.all([provider.send('eth_call', [request, blockTag, ...extra]), provider.send('eth_estimateGas', [request, blockTag, ...extra])])
  return BigInt(gas as string)
}

/** The calls after the approve, simulated with the allowance it grants at each candidate slot. */
async function simulateWithAllowance(
  provider: RpcSender,
  candidates: AllowanceCandidate[],
  calls: PlannedCall[],
  from: string,
  blockTag: string,
): Promise<SimulatedCall[]> {
  if (calls.length === 0) return []
  const attempts = await Promise.all(
    candidates.map(async ({ override, check }) => {
      const [works, results] = await Promise.all([
        check().catch(() => false),
        Promise.allSettled(calls.map((call) => estimate(provider, call, from, blockTag, override))),
      ])
      return works ? results : undefined
    }),
  )
  const results = attempts.find((attempt) => attempt !== undefined)
  if (!results) return calls.map((call) => ({ ...call }))
  return results.map((result, index) => {
    if (result.status === 'rejected') throw simulationRefusal(calls[index]!, result.reason)
    return { ...calls[index]!, gasEstimate: result.value }
  })
}

/** Simulates one call against the latest state, for calls that could not be simulated up front. */
export async function simulateNow(provider: RpcSender, call: PlannedCall, from: string): Promise<bigint> {
  const request = { from, to: call.to, data: call.data }
  try {
    const [, gas] = await Promise.all([provider.send('eth_call', [request, 'latest']), provider.send('eth_estimateGas', [request, 'latest'])])
    return BigInt(gas as string)
  } catch (error) {
    throw simulationRefusal(call, error)
  }
}

function simulationRefusal(call: PlannedCall, error: unknown) {
  const data = revertDataOf(error)
  if (data === undefined && !/revert/i.test(String((error as Error).message))) throw error
  const decoded = decodeRevert(data)
  return refuse(
    'SIMULATION_REVERTED',
    `${call.function} would revert${decoded.name ? ` with ${decoded.name}` : ''}: ${decoded.explanation}. Nothing was sent.`,
    {
      suggestions: ['Check `kroma-validator status`; the state may have changed since the checks ran.'],
    },
  )
}

interface AllowanceCandidate {
  override: StateOverride
  check: () => Promise<boolean>
}

/** Storage slots of the token in the access list, each with its override and a check that it is allowance(owner, spender). */
function allowanceCandidates(
  provider: RpcSender,
  approve: PlannedCall,
  owner: string,
  blockTag: string,
  accessList: AccessListAnswer | undefined,
): AllowanceCandidate[] {
  const erc20 = ERC20__factory.createInterface()
  const approved = erc20.decodeFunctionData('approve', approve.data)
  const spender = approved.getValue('spender') as string
  const amount = approved.getValue('value') as bigint
  const token = approve.to
  const allowanceCall = { from: owner, to: token, data: erc20.encodeFunctionData('allowance', [owner, spender]) }
  const value = `0x${amount.toString(16).padStart(64, '0')}`
  return (accessList?.accessList ?? [])
    .filter((entry) => entry.address.toLowerCase() === token.toLowerCase())
    .flatMap((entry) => entry.storageKeys)
    .filter((key) => !PROXY_SLOTS.has(key.toLowerCase()))
    .map((slot) => {
      const override: StateOverride = { [token]: { stateDiff: { [slot]: value } } }
      // The slot is the allowance when overriding it really changes what allowance() answers.
      return { override, check: async () => BigInt((await provider.send('eth_call', [allowanceCall, blockTag, override])) as string) === amount }
    })
}
