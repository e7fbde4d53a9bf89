import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { READ_RETRIES, withRetries, type HttpAnswer, type RetrySettings } from './retry.js'

/** What reads need from an RPC connection: ethers' JsonRpcProvider has it too. */
export interface RpcSender {
  send(method: string, params: unknown[]): Promise<unknown>
}

export interface JsonRpcClientOptions extends RetrySettings {
  timeoutMs: number
}

interface Pending {
  id: number
  method: string
  params: unknown[]
  resolve(value: unknown): void
  reject(error: unknown): void
}

interface RawAnswer extends HttpAnswer {
  body: string
}

/** An error of the transport, shaped as ethers shapes its own (withRpcErrors reads `code`). */
function transportError(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra })
}

/**
 * A JSON-RPC client over node:http(s) that sends every request made in the same tick as one
 * HTTP batch, with the same retries as the provider used for sending. It exists so that a read
 * (status) reaches the node before, and without, ethers being loaded.
 */
export class JsonRpcClient implements RpcSender {
  private queue: Pending[] = []
  private readonly writing = new Set<Promise<void>>()
  private nextId = 1
  private transport?: Promise<{ agent: HttpAgent; request: typeof httpRequest }>
  private agent?: HttpAgent

  constructor(
    private readonly url: string,
    private readonly options: JsonRpcClientOptions,
  ) {}

  send(method: string, params: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) queueMicrotask(() => void this.flush()) // flush() settles every request itself, never rejects
      this.queue.push({ id: this.nextId++, method, params, resolve, reject })
    })
  }

  /**
   * Resolves once the requests made so far are written to the socket. Node connects and writes
   * on later turns of the event loop: CPU work started before then delays the requests by as long.
   */
  async whenSent(): Promise<void> {
    await Promise.resolve() // a batch queued by send() is flushed first
    await Promise.all(this.writing)
  }

  /** Closes idle connections so the process can exit. */
  destroy(): void {
    this.agent?.destroy()
  }

  /** node:https (TLS) loads only for an https endpoint. */
  private openTransport(): Promise<{ agent: HttpAgent; request: typeof httpRequest }> {
    this.transport ??= (async () => {
      const { Agent, request } = new URL(this.url).protocol === 'https:' ? await import('node:https') : { Agent: HttpAgent, request: httpRequest }
      this.agent = new Agent({ keepAlive: true })
      return { agent: this.agent, request }
    })()
    return this.transport
  }

  private async flush(): Promise<void> {
    const batch = this.queue
    this.queue = []
    const payload = batch.map(({ id, method, params }) => ({ jsonrpc: '2.0', id, method, params }))
    let written = () => {}
    const writing = new Promise<void>((settle) => (written = settle))
    this.writing.add(writing)
    void writing.then(() => this.writing.delete(writing))
    try {
      const answer = await withRetries(() => this.post(JSON.stringify(payload.length === 1 ? payload[0] : payload), written), {
        retries: this.options.retries ?? READ_RETRIES.retries,
        backoffMs: this.options.backoffMs ?? READ_RETRIES.backoffMs,
        // A transaction may have reached the node even when the answer did not: never sent twice.
        retryable: !batch.some((request) => request.method === 'eth_sendRawTransaction' || request.method === 'eth_sendTransaction'),
        // --rpc-timeout bounds the wait for an answer, not each of several attempts.
        isFinal: (error) => (error as { code?: string }).code === 'TIMEOUT',
      })
      if (answer.statusCode >= 300) {
        // The body is kept: providers word some refusals (a log range too wide) as HTTP errors.
        throw transportError(`bad response (status=${answer.statusCode})`, 'SERVER_ERROR', { status: answer.statusCode, body: answer.body.slice(0, 1000) })
      }
      const results = parseAnswer(answer.body)
      for (const request of batch) {
        const result = results.get(request.id)
        if (!result) request.reject(transportError(`missing response for request ${request.id} (${request.method})`, 'BAD_DATA'))
        else if (result.error)
          request.reject(Object.assign(new Error(`${request.method}: ${result.error.message}`), { code: 'UNKNOWN_ERROR', error: result.error }))
        else request.resolve(result.result)
      }
    } catch (error) {
      for (const request of batch) request.reject(error)
    } finally {
      written()
    }
  }

  /** One attempt; `written` is called once the body is handed to the socket (or the attempt ends). */
  private async post(body: string, written: () => void): Promise<RawAnswer> {
    const transport = await this.openTransport()
    return new Promise((resolve, reject) => {
      const request = transport.request(new URL(this.url), {
        method: 'POST',
        agent: transport.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      })
      // A node that holds the connection without answering must not hold the process: the socket is torn down.
      const timer = setTimeout(() => {
        request.destroy()
        reject(transportError('timeout', 'TIMEOUT'))
      }, this.options.timeoutMs)
      request.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('error', (error) => {
          clearTimeout(timer)
          reject(error)
        })
        response.on('end', () => {
          clearTimeout(timer)
          if (!response.complete) reject(transportError('connection reset in the answer', 'ECONNRESET'))
          else resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') })
        })
      })
      request.once('finish', written)
      request.once('close', written)
      request.end(body)
    })
  }
}

/** One request on a client of its own, closed after the answer: for probing a node (is it up, which chain). */
export async function rpcCall(url: string, method: string, params: unknown[], options: JsonRpcClientOptions): Promise<unknown> {
  const client = new JsonRpcClient(url, options)
  try {
    return await client.send(method, params)
  } finally {
    client.destroy()
  }
}

interface RpcResult {
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

/** The answers by id; an answer that is not JSON-RPC is BAD_DATA (as ethers reports it). */
function parseAnswer(body: string): Map<number, RpcResult> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw transportError('invalid JSON in the answer', 'BAD_DATA')
  }
  const items = Array.isArray(parsed) ? parsed : [parsed]
  const results = new Map<number, RpcResult>()
  for (const item of items) {
    if (typeof item !== 'object' || item === null || typeof (item as { id?: unknown }).id !== 'number') {
      // An error without an id (a batch refused as a whole) answers every request in it.
      const error = (item as RpcResult | null)?.error
      if (error && typeof error.message === 'string') throw Object.assign(new Error(error.message), { code: 'UNKNOWN_ERROR', error })
      throw transportError('not a JSON-RPC answer', 'BAD_DATA')
    }
    results.set((item as { id: number }).id, item as RpcResult)
  }
  return results
}
