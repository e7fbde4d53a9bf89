// history over a few thousand blocks behind an endpoint that caps eth_getLogs (100 and 1,000
// blocks): eth_getLogs calls, HTTP requests and wall time of a first run (empty cache) and of a
// second run after a few new blocks.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expectExit, runCli } from './run.mjs'

export const HISTORY_CAPS = [100, 1_000]
/** Blocks mined before the first run (in one anvil_mine), and between the runs. */
export const HISTORY_BLOCKS = 3_000
const NEW_BLOCKS = 5
/** The address is in topic 1 or topic 2: two filters. */
const FILTERS = 2

async function rpc(url, method, params) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await answer.json()).result
}

export async function measureHistory(chain, proxy, flags) {
  await rpc(chain.rpcUrl, 'anvil_mine', [`0x${HISTORY_BLOCKS.toString(16)}`])
  const validator = chain.validators[0]
  const results = []
  for (const cap of HISTORY_CAPS) {
    const cacheHome = mkdtempSync(join(tmpdir(), 'kroma-validator-bench-cache-'))
    try {
      proxy.setLogRangeCap(cap)
      const runs = []
      for (const label of ['first', 'second']) {
        if (label === 'second') await rpc(chain.rpcUrl, 'anvil_mine', [`0x${NEW_BLOCKS.toString(16)}`])
        proxy.take()
        const run = expectExit(
          await runCli(['history', validator, ...flags, '--json'], { env: { XDG_CACHE_HOME: cacheHome }, timeoutMs: 120_000 }),
          `history (${label} run, cap ${cap})`,
        )
        const document = JSON.parse(run.stdout)
        if (document.entries.length === 0) throw new Error(`history (${label} run, cap ${cap}) found no events`)
        const log = proxy.take()
        const getLogs = log.reduce((sum, entry) => sum + entry.calls.filter((call) => call.method === 'eth_getLogs').length, 0)
        runs.push({ label, blocks: document.toBlock - document.fromBlock + 1, getLogs, http: log.length, wallMs: run.wallMs })
      }
      const required = FILTERS * Math.ceil(runs[0].blocks / cap)
      results.push({ cap, required, runs })
    } finally {
      proxy.setLogRangeCap(undefined)
      rmSync(cacheHome, { recursive: true, force: true })
    }
  }
  return results
}
