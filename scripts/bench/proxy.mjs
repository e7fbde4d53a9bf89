// A counting, latency-adding JSON-RPC proxy on 127.0.0.1, in front of a node on 127.0.0.1.
// Every HTTP request is one entry in the log (a JSON-RPC batch array is one request, however
// many calls it carries); each waits `latencyMs` before it is forwarded, like a distant node.
import { createServer } from 'node:http'

/** Only loopback: the bench never talks to anything else. */
function assertLoopback(url) {
  const { hostname, protocol } = new URL(url)
  if (protocol !== 'http:' || hostname !== '127.0.0.1') throw new Error(`The bench proxy only forwards to http://127.0.0.1, not ${url}`)
}

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** An eth_getLogs call over more blocks than `cap`. */
function tooWide(call, cap) {
  if (call?.method !== 'eth_getLogs') return false
  const { fromBlock, toBlock } = call.params?.[0] ?? {}
  const from = /^0x[0-9a-f]+$/i.test(fromBlock ?? '') ? Number(BigInt(fromBlock)) : 0
  const to = /^0x[0-9a-f]+$/i.test(toBlock ?? '') ? Number(BigInt(toBlock)) : Number.POSITIVE_INFINITY
  return to - from + 1 > cap
}

function callsOf(parsed) {
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.map((call) => ({
    method: typeof call?.method === 'string' ? call.method : '<none>',
    params: Array.isArray(call?.params) ? call.params : [],
  }))
}

/**
 * Starts the proxy. `log` holds one entry per HTTP request: { at (ms since reset), bytes (of the
 * request body), answerBytes (of the answer body), calls: [{ method, params }] }. `latencyMs` can be changed between runs.
 */
export async function startProxy(upstreamUrl, { latencyMs = 0, upstreamTimeoutMs = 60_000 } = {}) {
  assertLoopback(upstreamUrl)
  const state = { latencyMs, log: [], startedAt: performance.now() }

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request)
      let parsed
      try {
        parsed = JSON.parse(body)
      } catch {
        parsed = undefined
      }
      const entry = { at: performance.now() - state.startedAt, bytes: Buffer.byteLength(body), answerBytes: 0, calls: callsOf(parsed) }
      state.log.push(entry)
      if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs))
      const forward = async (text) => {
        const upstream = await fetch(upstreamUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
          signal: AbortSignal.timeout(upstreamTimeoutMs),
        })
        return { status: upstream.status, text: await upstream.text() }
      }
      const calls = Array.isArray(parsed) ? parsed : [parsed]
      const refused = state.logRangeCap ? calls.filter((call) => tooWide(call, state.logRangeCap)) : []
      if (refused.length === 0) {
        const answer = await forward(body)
        entry.answerBytes = Buffer.byteLength(answer.text)
        response.writeHead(answer.status, { 'content-type': 'application/json' })
        response.end(answer.text)
        return
      }
      // A provider's range cap, worded as QuickNode words it; the other calls are answered by the node.
      const passing = calls.filter((call) => !refused.includes(call))
      const answers = passing.length > 0 ? JSON.parse((await forward(JSON.stringify(passing))).text) : []
      const byId = new Map(answers.map((item) => [JSON.stringify(item.id), item]))
      const error = { code: -32602, message: `eth_getLogs is limited to a ${state.logRangeCap} range` }
      const merged = calls.map((call) => (refused.includes(call) ? { jsonrpc: '2.0', id: call.id, error } : byId.get(JSON.stringify(call.id))))
      const answer = JSON.stringify(Array.isArray(parsed) ? merged : merged[0])
      entry.answerBytes = Buffer.byteLength(answer)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(answer)
    })().catch((error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' })
      response.end(`bench proxy: ${String(error)}`)
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address()

  return {
    url: `http://127.0.0.1:${port}/`,
    get log() {
      return state.log
    },
    setLatency(ms) {
      state.latencyMs = ms
    },
    /** Refuses eth_getLogs over more than `blocks` blocks (undefined: no cap). */
    setLogRangeCap(blocks) {
      state.logRangeCap = blocks
    },
    /** Forgets what was logged so far and returns it. */
    take() {
      const taken = state.log
      state.log = []
      state.startedAt = performance.now()
      return taken
    },
    stop() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
