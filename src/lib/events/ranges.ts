/**
 * How wide an eth_getLogs range an endpoint accepts, learned from its refusals. Pure: no I/O.
 *
 * Public providers cap a log query by block range (QuickNode "limited to a 10000 range",
 * publicnode "exceed maximum block range: 50000"), by result count (Infura "query returned more
 * than 10000 results. Try with this block range [0x…, 0x…]") or by response size (Alchemy
 * "Log response size exceeded … this block range should work: [0x…, 0x…]"), some as JSON-RPC
 * errors and some as HTTP errors (400, 413). A refusal shrinks the range, to the size the
 * provider names when it names one; answers that come back small let it grow again, but never
 * to a width the endpoint refused for being too wide.
 */

/** Width tried first on an endpoint we know nothing about. */
export const DEFAULT_RANGE = 10_000
/** No endpoint is asked for more than this many blocks in one query. */
export const MAX_RANGE = 1_000_000
/** An answer with fewer logs than this is "small": the next range may be twice as wide. */
export const SMALL_ANSWER_LOGS = 1_000

export type RefusalKind =
  /** The block range itself is too wide: a hard cap of the endpoint. */
  | 'range'
  /** Too many results or too large a response: a cap on density, narrower helps here only. */
  | 'size'

export interface Refusal {
  kind: RefusalKind
  /** The width the provider says it accepts, when its message names one. */
  suggested?: number
}

const RANGE_WORDS =
  /block range|range (is )?too (large|wide|big)|range limit|max(imum)? (block )?range|blocks? range|limited to (a )?[\d,]+|range of [\d,]+|range exceed|exceeds? (the )?max(imum)? (block )?range|too many blocks|block count|max blocks/i
/** Words of a cap on results: checked first, as such a refusal often suggests a narrower "block range". */
const SIZE_WORDS =
  /more than [\d,]+ (results|logs)|too many (results|logs)|response size|response (is )?too (large|big)|result (set )?too large|query returned more|payload too large/i
/** Vaguer words, read as a cap on results when nothing says it is the range. */
const LIMIT_WORDS = /limit exceeded|logs? (count|limit)|query timeout|timed? ?out/i

/**
 * Whether an error of eth_getLogs is the endpoint refusing the query's size (rather than a
 * transport failure or a bad request). `message` is the JSON-RPC error message or the HTTP body.
 */
export function classifyRefusal(answer: { message: string; rpcCode?: number; httpStatus?: number }): Refusal | undefined {
  const { message, rpcCode, httpStatus } = answer
  const suggested = suggestedWidth(message)
  if (SIZE_WORDS.test(message)) return { kind: 'size', suggested }
  if (RANGE_WORDS.test(message)) return { kind: 'range', suggested }
  // -32005 is the "limit exceeded" code of EIP-1474, which providers use for log caps.
  if (LIMIT_WORDS.test(message) || httpStatus === 413 || rpcCode === -32005) return { kind: 'size', suggested }
  return undefined
}

/** The width a message names: a suggested range "[0xa, 0xb]", or the number next to "range"/"blocks". */
export function suggestedWidth(message: string): number | undefined {
  const pair = /\[\s*(0x[0-9a-f]+|\d+)\s*,\s*(0x[0-9a-f]+|\d+)\s*\]/i.exec(message)
  if (pair) {
    const width = Number(BigInt(pair[2]!)) - Number(BigInt(pair[1]!)) + 1
    if (width >= 1) return width
  }
  const number = /(?:range|blocks?|limited to(?: a)?|max(?:imum)?)[^\d\n]{0,24}(\d[\d,]{0,11})|(\d[\d,]{0,11})\s*(?:-\s*)?blocks?\b/i.exec(message)
  const digits = (number?.[1] ?? number?.[2])?.replace(/,/g, '')
  if (!digits) return undefined
  const width = Number(digits)
  return Number.isSafeInteger(width) && width >= 1 && width <= MAX_RANGE ? width : undefined
}

/** What is remembered about an endpoint between runs. */
export interface LearnedRange {
  /** The width to try next. */
  width: number
  /** The narrowest width refused for being too wide: never tried again. */
  ceiling?: number
}

/** The width of the next range, adjusted by every answer. */
export class RangeSizer {
  width: number
  ceiling: number | undefined
  /** Whether a query at the current width was answered: until then, ranges go out one at a time. */
  proven = false
  /** The widest span answered so far. */
  private widestAnswered = 0

  constructor(learned?: LearnedRange) {
    this.ceiling = learned?.ceiling
    this.width = clamp(learned?.width ?? DEFAULT_RANGE, this.ceiling)
  }

  get learned(): LearnedRange {
    return this.ceiling === undefined ? { width: this.width } : { width: this.width, ceiling: this.ceiling }
  }

  /**
   * A query over `span` blocks was refused. Returns false when nothing narrower can be tried
   * (a single block refused): the endpoint cannot serve it at all.
   */
  refused(span: number, refusal: Refusal): boolean {
    if (span <= 1) return false
    const suggested = refusal.suggested !== undefined && refusal.suggested < span ? refusal.suggested : undefined
    if (refusal.kind === 'range') this.ceiling = Math.min(this.ceiling ?? Number.POSITIVE_INFINITY, suggested ?? span - 1)
    // Without a width named, halve; but a width already answered is a better guess than half.
    const fallback = Math.max(Math.floor(span / 2), this.widestAnswered < span ? this.widestAnswered : 0)
    this.setWidth(Math.min(this.width, suggested ?? fallback))
    return true
  }

  /** A query over `span` blocks answered `count` logs. */
  answered(span: number, count: number): void {
    this.widestAnswered = Math.max(this.widestAnswered, span)
    if (span < this.width) return
    this.proven = true
    if (count >= SMALL_ANSWER_LOGS) return
    if (this.ceiling === undefined) return this.setWidth(this.width * 2)
    // Below a known ceiling: halfway up, until within a tenth of it (each try above it costs a refusal).
    const room = this.ceiling - this.width
    if (room > this.width / 10) this.setWidth(Math.min(this.width * 2, this.width + Math.ceil(room / 2)))
  }

  private setWidth(width: number): void {
    const next = clamp(width, this.ceiling)
    if (next !== this.width) this.proven = false
    this.width = next
  }
}

function clamp(width: number, ceiling: number | undefined): number {
  return Math.max(1, Math.min(width, ceiling ?? MAX_RANGE, MAX_RANGE))
}
