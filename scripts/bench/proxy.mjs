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
      const upstream = await fetch(upstreamUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(upstreamTimeoutMs),
      })
      const answer = await upstream.text()
      entry.answerBytes = Buffer.byteLength(answer)
      response.writeHead(upstream.status, { 'content-type': 'application/json' })
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
