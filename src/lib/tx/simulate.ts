import type { JsonRpcProvider } from 'ethers'
import type { PlannedCall } from '../actions/types.js'
import { refuse } from '../actions/types.js'
import { ERC20__factory } from '../chain/types/index.js'
import { decodeRevert, revertDataOf } from '../chain/revert.js'
import type { Snapshot } from '../validator/snapshot.js'
import type { SimulatedCall } from './types.js'

type StateOverride = Record<string, { stateDiff: Record<string, string> }>

// EIP-1967 proxy slots: read by a proxied token's allowance(), never the allowance itself.
const PROXY_SLOTS = new Set([
  '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc',
  '0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103',
  '0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50',
])

/**
 * Simulates every call from the signer at the snapshot's block (eth_call, then a gas estimate),
 * all in one batch. A call that needs the approve before it (register, deposit) is simulated
 * with the allowance it will then have, set through a state override at the token's own
 * allowance slot, found with eth_createAccessList. Nodes without overrides get that call
 * simulated again just before it is sent.
 */
export async function simulateCalls(provider: JsonRpcProvider, calls: PlannedCall[], from: string, snapshot: Snapshot): Promise<SimulatedCall[]> {
  const approve = calls.find((call) => call.contract === 'KRO' && call.function === 'approve')
  const override = approve ? await allowanceOverride(provider, approve, from, snapshot).catch(() => undefined) : undefined
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  const results = await Promise.all(
    calls.map(async (call, index): Promise<SimulatedCall> => {
      const dependsOnApprove = approve !== undefined && index > calls.indexOf(approve)
      if (dependsOnApprove && !override) return { ...call }
      const request = { from, to: call.to, data: call.data }
      const extra = dependsOnApprove ? [override] : []
      try {
        const [, gas] = await Promise.all([provider.send('eth_call', [request, blockTag, ...extra]), provider.send('eth_estimateGas', [request, blockTag, ...extra])])
        return { ...call, gasEstimate: BigInt(gas as string) }
      } catch (error) {
        throw simulationRefusal(call, error)
      }
    }),
  )
  return results
}

/** Simulates one call against the latest state, for calls that could not be simulated up front. */
export async function simulateNow(provider: JsonRpcProvider, call: PlannedCall, from: string): Promise<bigint> {
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
  return refuse('SIMULATION_REVERTED', `${call.function} would revert${decoded.name ? ` with ${decoded.name}` : ''}: ${decoded.explanation}. Nothing was sent.`, {
    suggestions: ['Check `kroma-validator status`; the state may have changed since the checks ran.'],
  })
}

async function allowanceOverride(provider: JsonRpcProvider, approve: PlannedCall, owner: string, snapshot: Snapshot): Promise<StateOverride | undefined> {
  const erc20 = ERC20__factory.createInterface()
  const [spender, amount] = erc20.decodeFunctionData('approve', approve.data) as unknown as [string, bigint]
  const token = approve.to
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  const allowanceCall = { from: owner, to: token, data: erc20.encodeFunctionData('allowance', [owner, spender]) }
  const accessList = (await provider.send('eth_createAccessList', [allowanceCall, blockTag])) as { accessList: Array<{ address: string; storageKeys: string[] }> }
  const candidates = accessList.accessList
    .filter((entry) => entry.address.toLowerCase() === token.toLowerCase())
    .flatMap((entry) => entry.storageKeys)
    .filter((key) => !PROXY_SLOTS.has(key.toLowerCase()))
  const value = `0x${amount.toString(16).padStart(64, '0')}`
  // Keep the slot whose override really changes what allowance() answers.
  const checks = await Promise.all(
    candidates.map(async (slot) => {
      const override: StateOverride = { [token]: { stateDiff: { [slot]: value } } }
      const answer = (await provider.send('eth_call', [allowanceCall, blockTag, override])) as string
      return BigInt(answer) === amount ? override : undefined
    }),
  )
  return checks.find((override) => override !== undefined)
}
