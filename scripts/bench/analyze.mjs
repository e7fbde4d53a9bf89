// Reads a proxy log: what the CLI asked the node, in which HTTP requests, and what it broadcast.
import { Interface, Transaction } from 'ethers'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const abi = (name) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../abis/${name}.json`, import.meta.url)), 'utf8'))

/** Immutables of the validator system: read once per run is enough. */
export const PARAMETER_GETTERS = new Set([
  'MIN_REGISTER_AMOUNT',
  'MIN_ACTIVATE_AMOUNT',
  'COMMISSION_CHANGE_DELAY_SECONDS',
  'SOFT_JAIL_PERIOD_SECONDS',
  'HARD_JAIL_PERIOD_SECONDS',
  'JAIL_THRESHOLD',
  'ROUND_DURATION_SECONDS',
  'COMMISSION_RATE_DENOM',
  'BOND_AMOUNT',
  'MIN_DELEGATION_PERIOD',
  'ASSET_TOKEN',
])

/** Names contract calls by the chain's addresses and ABIs. */
export function createDecoder(addresses) {
  const byAddress = new Map([
    [addresses.validatorManager.toLowerCase(), ['ValidatorManager', new Interface(abi('ValidatorManager'))]],
    [addresses.assetManager.toLowerCase(), ['AssetManager', new Interface(abi('AssetManager'))]],
    [addresses.kroToken.toLowerCase(), ['KRO', new Interface(abi('ERC20'))]],
  ])
  const name = (to, data) => {
    const known = byAddress.get(String(to).toLowerCase())
    if (!known) return { contract: String(to), fn: String(data).slice(0, 10), args: '' }
    const parsed = known[1].parseTransaction({ data })
    return parsed
      ? { contract: known[0], fn: parsed.name, args: parsed.args.map(String).join(',') }
      : { contract: known[0], fn: String(data).slice(0, 10), args: '' }
  }
  return { name }
}

/**
 * Contract reads of one eth_call to a contract. The snapshot reader (an eth_call without `to`)
 * reads inside its constructor, out of the proxy's sight: it counts as one request, not as reads.
 */
function readsOf(call, decoder) {
  if (call.method !== 'eth_call') return []
  const [tx, block] = call.params
  if (!tx?.to || !tx.data) return []
  const at = typeof block === 'string' ? block : JSON.stringify(block ?? 'latest')
  // Calls with different state overrides read different states: the candidates for the
  // allowance slot, each checked beside the call simulated with it, are not repeats.
  const override = call.params.length > 2 ? ` with state override ${JSON.stringify(call.params[2])}` : ''
  return [{ ...decoder.name(tx.to, tx.data), at: at + override, from: tx.from ?? '' }]
}

function countBy(items) {
  const counts = new Map()
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1)
  return counts
}

/** "eth_call×2, eth_chainId" */
export function summarizeMethods(calls) {
  return [...countBy(calls.map((call) => call.method))].map(([method, count]) => (count > 1 ? `${method}×${count}` : method)).join(', ')
}

/**
 * What a run asked: HTTP requests and JSON-RPC calls up to the first broadcast, repeated reads
 * there (identical calls, or the same contract value twice at the same block), immutable
 * parameters read more than once in the whole run, and the functions broadcast, in order.
 */
export function analyzeRun(log, decoder) {
  const firstSend = log.findIndex((request) => request.calls.some((call) => call.method === 'eth_sendRawTransaction'))
  const before = firstSend === -1 ? log : log.slice(0, firstSend)
  const callsBefore = before.flatMap((request) => request.calls)
  const allCalls = log.flatMap((request) => request.calls)

  const identical = [...countBy(callsBefore.map((call) => JSON.stringify([call.method, call.params])))]
    .filter(([, count]) => count > 1)
    .map(([key, count]) => `${JSON.parse(key)[0]} ×${count}`)
  const readsBefore = callsBefore.flatMap((call) => readsOf(call, decoder))
  const sameValue = [...countBy(readsBefore.map((read) => `${read.contract}.${read.fn}(${read.args})${read.from ? ` from ${read.from}` : ''} at ${read.at}`))]
    .filter(([, count]) => count > 1)
    .map(([key, count]) => `${key} ×${count}`)
  const parameterReads = countBy(
    allCalls
      .flatMap((call) => readsOf(call, decoder))
      .filter((read) => PARAMETER_GETTERS.has(read.fn))
      .map((read) => read.fn),
  )
  const parametersReadTwice = [...parameterReads].filter(([, count]) => count > 1).map(([fn, count]) => `${fn} ×${count}`)

  const broadcasts = allCalls
    .filter((call) => call.method === 'eth_sendRawTransaction')
    .map((call) => {
      const tx = Transaction.from(call.params[0])
      return decoder.name(tx.to, tx.data).fn
    })

  return {
    reachedBroadcast: firstSend !== -1,
    callsBefore,
    readsBefore,
    httpBefore: before.length,
    rpcBefore: callsBefore.length,
    methodsBefore: summarizeMethods(callsBefore),
    httpTotal: log.length,
    rpcTotal: allCalls.length,
    /** Request and answer bodies of the whole run. */
    bytesTotal: log.reduce((sum, request) => sum + request.bytes + request.answerBytes, 0),
    repeatedReads: [...identical, ...sameValue],
    parametersReadTwice,
    parameterReadCount: [...parameterReads.values()].reduce((sum, count) => sum + count, 0),
    broadcasts,
  }
}
