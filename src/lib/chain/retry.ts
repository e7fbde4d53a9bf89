/** Retry-After beyond this is not worth waiting for in a command someone is watching. */
const MAX_RETRY_AFTER_MS = 10_000

/** How often a failed read is tried again; both RPC clients use these unless told otherwise. */
export interface RetrySettings {
  /** Further attempts after a failed read (connection error, 429, 5xx). */
  retries?: number
  /** First backoff; it doubles on every attempt. */
  backoffMs?: number
}

export const READ_RETRIES = { retries: 2, backoffMs: 300 } as const

export interface HttpAnswer {
  statusCode: number
  headers: Record<string, string | string[] | undefined>
}

export interface RetryPolicy {
  /** Further attempts after a failed read (connection error, 429, 5xx). */
  retries: number
  /** First backoff; it doubles on every attempt. */
  backoffMs: number
  /** False for a request carrying a raw transaction: whether it reached the node is found out by its hash instead. */
  retryable: boolean
  /** An error that must not be retried (the caller gave up). */
  isFinal?(error: unknown): boolean
}

/**
 * Bounded retries with backoff for requests that failed in transport, were rate limited (429,
 * honouring Retry-After) or hit a server error (5xx). The last answer is returned as it is.
 */
export async function withRetries<A extends HttpAnswer>(attempt: () => Promise<A>, policy: RetryPolicy): Promise<A> {
  for (let index = 0; ; index++) {
    const last = !policy.retryable || index >= policy.retries
    let wait = policy.backoffMs * 2 ** index
    try {
      const answer = await attempt()
      if (last || (answer.statusCode !== 429 && answer.statusCode < 500)) return answer
      const retryAfter = Number(answer.headers['retry-after'])
      if (answer.statusCode === 429 && Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS)
    } catch (error) {
      if (last || policy.isFinal?.(error)) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
}
