// A counting HTTP proxy in front of a JSON-RPC node (anvil): it shows how many HTTP round trips
// and JSON-RPC calls the CLI makes, and which methods, without changing what the node answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'

export interface RpcProxy {
  /** http://127.0.0.1:<port>/ : point the CLI here. */
  url: string
  /** HTTP requests received (a JSON-RPC batch array is one request). */
  readonly httpRequests: number
  /** JSON-RPC calls received, counting each element of a batch. */
  readonly rpcCalls: number
  /** Method names of every JSON-RPC call, in arrival order. */
  readonly methods: readonly string[]
  /** The parsed JSON body of every HTTP request, in arrival order. */
  readonly bodies: readonly unknown[]
  /** Bytes on the wire: request bodies plus answer bodies (HTTP headers not counted). */
  readonly bytes: number
  /** Forgets what was counted so far. */
  reset(): void
  stop(): Promise<void>
}

export interface RpcProxyOptions {
  /** Milliseconds added before each request is forwarded. */
  latencyMs?: number
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

function methodsOf(parsed: unknown): string[] {
  const calls: unknown[] = Array.isArray(parsed) ? parsed : [parsed]
  return calls.map((call) => (typeof call === 'object' && call !== null && 'method' in call && typeof call.method === 'string' ? call.method : '<no method>'))
}

/** Starts the proxy on a free loopback port, forwarding every POST body to `targetUrl`. */
export async function startRpcProxy(targetUrl: string, options: RpcProxyOptions = {}): Promise<RpcProxy> {
  let httpRequests = 0
  let methods: string[] = []
  let bodies: unknown[] = []
  let bytes = 0

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request)
    httpRequests += 1
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
    bodies.push(parsed)
    methods.push(...methodsOf(parsed))
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
    const upstream = await fetch(targetUrl, {
      method: request.method ?? 'POST',
      headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
    })
    const answer = await upstream.text()
    bytes += Buffer.byteLength(body) + Buffer.byteLength(answer)
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
    response.end(answer)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' })
      response.end(`rpc-proxy: ${String(error)}`)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    get httpRequests() {
      return httpRequests
    },
    get rpcCalls() {
      return methods.length
    },
    get methods() {
      return methods
    },
    get bodies() {
      return bodies
    },
    get bytes() {
      return bytes
    },
    reset() {
      bytes = 0
      httpRequests = 0
      methods = []
      bodies = []
    },
    stop() {
      server.closeAllConnections()
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

/** HTTP requests the proxy received before the first one carrying `method` (all of them when none did). */
export function requestsBefore(proxy: RpcProxy, method: string): number {
  const first = proxy.bodies.findIndex((body) => methodsOf(body).includes(method))
  return first === -1 ? proxy.bodies.length : first
}

/** Resolves true when a TCP connection to 127.0.0.1:port is refused (nothing listens there). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.setTimeout(1_000)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'))
  })
}

/**
 * A loopback port nothing listens on. A privileged port (below 1024) is taken, checked to refuse
 * connections: the system never hands those out for listen(0), so unlike a free port that was
 * bound and closed, no test or anvil started meanwhile can pick it up.
 */
export async function closedPort(): Promise<number> {
  for (let port = 1; port < 1024; port++) if (await refused(port)) return port
  throw new Error('no closed port below 1024 on 127.0.0.1')
}

export interface HangingServer {
  url: string
  /** TCP connections accepted so far. */
  readonly connections: number
  stop(): Promise<void>
}

/** A TCP server on loopback that accepts connections and never answers (a hung RPC node). */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createNetServer((socket) => {
    connections += 1
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    // Read and ignore: the request is taken in, no byte goes back.
    socket.resume()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    get connections() {
      return connections
    },
    stop() {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
