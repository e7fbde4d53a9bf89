// A fault-injection HTTP proxy in front of a JSON-RPC node (anvil), on loopback only. Each HTTP
// request is matched against the injected rules (by JSON-RPC method, also inside a batch); the
// first live rule decides what goes wrong with it, everything else is forwarded untouched.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Fault =
  /** Accept the request and never answer (until the proxy stops, or `maxHangMs`). */
  | { kind: 'hang' }
  /** Reset the connection (TCP RST) at once, without forwarding or answering. */
  | { kind: 'reset' }
  /** Forward, send the headers and half of the node's answer, then reset the connection. */
  | { kind: 'reset-mid-response' }
  /** Answer with this HTTP status (500 by default) without forwarding. */
  | { kind: 'http-status'; status?: number; body?: string }
  /** HTTP 429 with a Retry-After header (seconds), without forwarding. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** HTTP 200 with a body that is not JSON; with `forward`, only after the node has taken (and acted on) the request. */
  | { kind: 'malformed-json'; forward?: boolean }
  /** HTTP 200 with a JSON-RPC error for every call of the request (ids kept), without forwarding: a provider's "limit exceeded". */
  | { kind: 'rpc-error'; code: number; message: string }
  /** Forward, then replace the answer to eth_chainId with this chain id. */
  | { kind: 'wrong-chain-id'; chainId: number }
  /** Forward to the node (the send reaches it), wait for its answer, then drop the connection without answering. */
  | { kind: 'lose-answer' }
  /** Drop the connection without forwarding (the request never reaches the node). */
  | { kind: 'drop-request' }
  /** Hold the request until release(), then forward it (held requests go one by one, in arrival order). */
  | { kind: 'hold' }
  /**
   * A provider's eth_getLogs cap: a call over more than `maxBlocks` blocks is refused with this
   * JSON-RPC error (the other calls of the request are forwarded), or with `httpStatus` the
   * whole request is answered with that HTTP status and `message` as its body.
   */
  | { kind: 'cap-logs'; maxBlocks: number; message: string; code?: number; httpStatus?: number }

export type FaultKind = Fault['kind']

export interface FaultRule {
  fault: Fault
  /** Only requests carrying this JSON-RPC method, alone or in a batch. Default: every request. */
  method?: string
  /** How many matching requests the rule applies to before it is spent. Default: all of them. */
  times?: number
}

export interface ProxyLogEntry {
  /** JSON-RPC methods of the request, in order (a batch has several). */
  methods: string[]
  /** What the proxy did: a fault kind, or "pass" when forwarded untouched. */
  action: FaultKind | 'pass'
  /** Whether the request was forwarded to the node. */
  forwarded: boolean
}

export interface FaultProxy {
  /** http://127.0.0.1:<port>/ : point the CLI here (any path is forwarded to the node's root). */
  readonly url: string
  readonly port: number
  /** Adds a rule; rules are tried in the order they were added. */
  inject(rule: FaultRule): void
  /** Drops every rule: requests pass again. */
  clear(): void
  /** Closes the listening socket and every open connection: new connections are refused (ECONNREFUSED). */
  refuseConnections(): Promise<void>
  /** Listens again on the same port. */
  acceptConnections(): Promise<void>
  /** Every request seen, in arrival order. */
  readonly log: readonly ProxyLogEntry[]
  /** How many requests got this fault. */
  count(action: FaultKind | 'pass'): number
  /** How many times a JSON-RPC method reached the node. */
  forwarded(method: string): number
  /** Requests held by a 'hold' fault and not yet released. */
  readonly held: number
  /** Forwards the held requests one at a time, in arrival order, each after the previous one was answered. */
  release(): Promise<void>
  /** Forgets the log (rules stay). */
  resetLog(): void
  stop(): Promise<void>
}

export interface FaultProxyOptions {
  /** A hung request is dropped after this long, so nothing waits forever (default 120 s). */
  maxHangMs?: number
  /** Larger request bodies are refused with 413 (default 4 MiB). */
  maxBodyBytes?: number
  /** Time allowed for the node to answer a forwarded request (default 30 s). */
  upstreamTimeoutMs?: number
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

function methodsOf(parsed: unknown): string[] {
  const calls = Array.isArray(parsed) ? parsed : [parsed]
  return calls.map((call) =>
    typeof call === 'object' && call !== null && typeof (call as { method?: unknown }).method === 'string' ? (call as { method: string }).method : '<none>',
  )
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge())
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** Starts the proxy on a free loopback port in front of `targetUrl`, which must be a loopback URL too. */
export async function startFaultProxy(targetUrl: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const target = new URL(targetUrl)
  if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) throw new Error(`fault-proxy only forwards to a loopback http URL, not ${targetUrl}`)
  const maxHangMs = options.maxHangMs ?? 120_000
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 30_000

  const rules: Array<{ rule: FaultRule; left: number }> = []
  let log: ProxyLogEntry[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const held: Array<{ go: () => void; answered: Promise<void> }> = []
  let stopped = false

  const pickRule = (methods: string[]): Fault | undefined => {
    for (const entry of rules) {
      if (entry.left <= 0) continue
      if (entry.rule.method !== undefined && !methods.includes(entry.rule.method)) continue
      entry.left -= 1
      return entry.rule.fault
    }
    return undefined
  }

  const forward = async (body: string): Promise<{ status: number; contentType: string; text: string }> => {
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(upstreamTimeoutMs),
    })
    return { status: upstream.status, contentType: upstream.headers.get('content-type') ?? 'application/json', text: await upstream.text() }
  }

  const reset = (socket: Socket) => {
    if (!socket.destroyed) socket.resetAndDestroy()
  }

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const socket = request.socket
    let body: string
    try {
      body = await readBody(request, maxBodyBytes)
    } catch (error) {
      if (error instanceof BodyTooLarge && !response.headersSent) {
        response.writeHead(413, { connection: 'close' })
        response.end()
      }
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
    const methods = methodsOf(parsed)
    const fault = pickRule(methods)
    const entry: ProxyLogEntry = { methods, action: fault?.kind ?? 'pass', forwarded: false }
    log.push(entry)
    const forwardLogged = async () => {
      entry.forwarded = true
      return forward(body)
    }

    switch (fault?.kind) {
      case undefined: {
        const answer = await forwardLogged()
        response.writeHead(answer.status, { 'content-type': answer.contentType })
        response.end(answer.text)
        return
      }
      case 'hang': {
        // Keep the connection open and silent; bounded by maxHangMs and stop().
        const timer = setTimeout(() => {
          timers.delete(timer)
          socket.destroy()
        }, maxHangMs)
        timers.add(timer)
        return
      }
      case 'reset':
      case 'drop-request':
        reset(socket)
        return
      case 'reset-mid-response': {
        const answer = await forwardLogged()
        const bytes = Buffer.from(answer.text, 'utf8')
        response.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(bytes.length) })
        response.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => reset(socket))
        return
      }
      case 'http-status': {
        const status = fault.status ?? 500
        response.writeHead(status, { 'content-type': 'text/plain' })
        response.end(fault.body ?? `fault-proxy: HTTP ${status}`)
        return
      }
      case 'rate-limit':
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfterSeconds) })
        response.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32005, message: 'rate limited' } }))
        return
      case 'malformed-json':
        if (fault.forward) await forwardLogged()
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end('{"jsonrpc":"2.0","id":1,"result":<html>Bad Gateway</html>')
        return
      case 'rpc-error': {
        const requests = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ id?: unknown }>
        const answers = requests.map((call) => ({ jsonrpc: '2.0', id: call?.id ?? null, error: { code: fault.code, message: fault.message } }))
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]))
        return
      }
      case 'wrong-chain-id': {
        const answer = await forwardLogged()
        const wrong = `0x${fault.chainId.toString(16)}`
        const requests = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ id?: unknown; method?: string }>
        const chainIdIds = new Set(requests.filter((call) => call?.method === 'eth_chainId').map((call) => JSON.stringify(call.id)))
        const decoded = JSON.parse(answer.text) as unknown
        const patch = (item: { id?: unknown; result?: unknown }) => (chainIdIds.has(JSON.stringify(item.id)) ? { ...item, result: wrong } : item)
        const patched = Array.isArray(decoded) ? decoded.map(patch) : patch(decoded as { id?: unknown })
        response.writeHead(answer.status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(patched))
        return
      }
      case 'hold': {
        let go!: () => void
        let answered!: () => void
        const gate = new Promise<void>((resolve) => (go = resolve))
        held.push({ go, answered: new Promise<void>((resolve) => (answered = resolve)) })
        const timer = setTimeout(() => socket.destroy(), maxHangMs)
        timers.add(timer)
        try {
          await gate
          clearTimeout(timer)
          timers.delete(timer)
          if (socket.destroyed) return
          const answer = await forwardLogged()
          response.writeHead(answer.status, { 'content-type': answer.contentType })
          response.end(answer.text)
        } finally {
          answered()
        }
        return
      }
      case 'cap-logs': {
        const calls = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ id?: unknown; method?: string; params?: unknown[] }>
        const tooWide = (call: (typeof calls)[number]) => {
          if (call?.method !== 'eth_getLogs') return false
          const filter = (call.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string }
          const from = /^0x[0-9a-f]+$/i.test(filter.fromBlock ?? '') ? Number(BigInt(filter.fromBlock!)) : 0
          const to = /^0x[0-9a-f]+$/i.test(filter.toBlock ?? '') ? Number(BigInt(filter.toBlock!)) : Number.POSITIVE_INFINITY
          return to - from + 1 > fault.maxBlocks
        }
        if (fault.httpStatus !== undefined && calls.some(tooWide)) {
          response.writeHead(fault.httpStatus, { 'content-type': 'text/plain' })
          response.end(fault.message)
          return
        }
        const refused = new Map(
          calls
            .filter(tooWide)
            .map((call) => [JSON.stringify(call.id), { jsonrpc: '2.0', id: call.id ?? null, error: { code: fault.code ?? -32602, message: fault.message } }]),
        )
        const passing = calls.filter((call) => !tooWide(call))
        let answers: unknown[] = []
        if (passing.length > 0) {
          entry.forwarded = true
          answers = JSON.parse((await forward(JSON.stringify(passing))).text) as unknown[]
        }
        const byId = new Map(answers.map((item) => [JSON.stringify((item as { id?: unknown }).id), item]))
        const merged = calls.map((call) => refused.get(JSON.stringify(call.id)) ?? byId.get(JSON.stringify(call.id)))
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(JSON.stringify(Array.isArray(parsed) ? merged : merged[0]))
        return
      }
      case 'lose-answer':
        // The node has the request (and has acted on it) before the client loses the connection.
        await forwardLogged()
        reset(socket)
        return
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(502, { 'content-type': 'text/plain' })
        response.end('fault-proxy: upstream failed')
      } else {
        reset(request.socket)
      }
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('clientError', (_error, socket) => socket.destroy())

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  const close = () =>
    new Promise<void>((resolve) => {
      for (const entry of held.splice(0)) entry.go()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const socket of sockets) socket.destroy()
      if (!server.listening) return resolve()
      server.close(() => resolve())
    })

  await listen(0)
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    inject(rule) {
      if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) throw new Error('times must be a positive integer')
      rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY })
    },
    clear() {
      rules.length = 0
    },
    refuseConnections: close,
    async acceptConnections() {
      if (stopped) throw new Error('fault-proxy is stopped')
      if (!server.listening) await listen(port)
    },
    get log() {
      return log
    },
    get held() {
      return held.length
    },
    async release() {
      while (held.length > 0) {
        const next = held.shift()!
        next.go()
        await next.answered
      }
    },
    count(action) {
      return log.filter((entry) => entry.action === action).length
    },
    forwarded(method) {
      return log.filter((entry) => entry.forwarded).reduce((sum, entry) => sum + entry.methods.filter((name) => name === method).length, 0)
    },
    resetLog() {
      log = []
    },
    async stop() {
      stopped = true
      rules.length = 0
      await close()
    },
  }
}
