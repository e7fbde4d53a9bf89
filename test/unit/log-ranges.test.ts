import { describe, expect, it } from 'vitest'
import { DEFAULT_RANGE, RangeSizer, SMALL_ANSWER_LOGS, classifyRefusal, suggestedWidth } from '../../src/lib/events/ranges.js'
import { SINCE_FORMS, parseSince } from '../../src/lib/events/since.js'

describe('classifyRefusal: providers word a log cap differently', () => {
  it.each([
    // JSON-RPC errors
    [{ message: 'eth_getLogs is limited to a 10,000 range', rpcCode: -32602 }, 'range', 10_000],
    [{ message: 'exceed maximum block range: 50000', rpcCode: -32000 }, 'range', 50_000],
    [{ message: 'block range is too wide', rpcCode: -32600 }, 'range', undefined],
    [{ message: 'query exceeds max block range 100000', rpcCode: -32000 }, 'range', 100_000],
    [{ message: 'Block range limit exceeded.', rpcCode: -32000 }, 'range', undefined],
    [{ message: 'query returned more than 10000 results. Try with this block range [0x10, 0x4f].', rpcCode: -32005 }, 'size', 64],
    [
      {
        message:
          'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x0, 0x63]',
        rpcCode: -32602,
      },
      'size',
      100,
    ],
    [{ message: 'limit exceeded', rpcCode: -32005 }, 'size', undefined],
    [{ message: 'something else entirely', rpcCode: -32005 }, 'size', undefined],
    // HTTP errors, by their body
    [{ message: 'block range too large, maximum is 100 blocks', httpStatus: 400 }, 'range', 100],
    [{ message: 'Request Entity Too Large', httpStatus: 413 }, 'size', undefined],
  ])('%o → %s (%s)', (answer, kind, suggested) => {
    expect(classifyRefusal(answer)).toEqual({ kind, suggested })
  })

  it.each([
    { message: 'execution reverted', rpcCode: 3 },
    { message: 'method not found', rpcCode: -32601 },
    { message: 'invalid argument 0: hex string without 0x prefix', rpcCode: -32602 },
    { message: 'Bad Gateway', httpStatus: 502 },
  ])('is not a refusal: %o', (answer) => {
    expect(classifyRefusal(answer)).toBeUndefined()
  })
})

describe('suggestedWidth', () => {
  it('reads a hex or decimal range, or a number of blocks', () => {
    expect(suggestedWidth('Try with this block range [0x1000, 0x17ff]')).toBe(0x800)
    expect(suggestedWidth('use [100, 199]')).toBe(100)
    expect(suggestedWidth('max 800 blocks per request')).toBe(800)
    expect(suggestedWidth('nothing here')).toBeUndefined()
  })
})

describe('RangeSizer', () => {
  it('starts at the default width, or at what was learned on this endpoint', () => {
    expect(new RangeSizer().width).toBe(DEFAULT_RANGE)
    expect(new RangeSizer({ width: 300, ceiling: 500 }).width).toBe(300)
    expect(new RangeSizer({ width: 900, ceiling: 500 }).width).toBe(500)
  })

  it('takes the width a refusal names as a ceiling, and never grows past it', () => {
    const sizer = new RangeSizer()
    expect(sizer.refused(10_000, { kind: 'range', suggested: 100 })).toBe(true)
    expect(sizer.width).toBe(100)
    expect(sizer.proven).toBe(false)
    for (let index = 0; index < 10; index++) sizer.answered(100, 3)
    expect(sizer.width).toBe(100)
    expect(sizer.proven).toBe(true)
    expect(sizer.learned).toEqual({ width: 100, ceiling: 100 })
  })

  it('without a width named, halves, and finds a cap it is not told in a few refusals', () => {
    const cap = 100
    const sizer = new RangeSizer()
    let refusals = 0
    // Ask as a reader does: refused above the cap, answered (small) at or below it.
    for (let query = 0; query < 200; query++) {
      if (sizer.width > cap) {
        refusals++
        sizer.refused(sizer.width, { kind: 'range' })
      } else {
        sizer.answered(sizer.width, 1)
      }
    }
    expect(sizer.width).toBeLessThanOrEqual(cap)
    expect(sizer.width).toBeGreaterThan(cap * 0.85)
    expect(refusals).toBeLessThanOrEqual(12)
  })

  it('shrinks on a size refusal but grows back while answers are small', () => {
    const sizer = new RangeSizer({ width: 1000 })
    sizer.refused(1000, { kind: 'size' })
    expect(sizer.width).toBe(500)
    expect(sizer.ceiling).toBeUndefined()
    sizer.answered(500, 10)
    expect(sizer.width).toBe(1000)
    sizer.answered(1000, SMALL_ANSWER_LOGS)
    expect(sizer.width).toBe(1000) // a large answer: stay
  })

  it('a width already answered is a better guess than half the refused span', () => {
    const sizer = new RangeSizer({ width: 800 })
    sizer.answered(800, 1) // grows to 1600
    expect(sizer.width).toBe(1600)
    sizer.refused(1600, { kind: 'range' })
    expect(sizer.width).toBe(800)
    expect(sizer.ceiling).toBe(1599)
  })

  it('gives up on a single block', () => {
    const sizer = new RangeSizer({ width: 1 })
    expect(sizer.refused(1, { kind: 'size' })).toBe(false)
  })

  it('does not count a short last range as proof of the width', () => {
    const sizer = new RangeSizer({ width: 100 })
    sizer.answered(40, 0)
    expect(sizer.proven).toBe(false)
    expect(sizer.width).toBe(100)
  })
})

describe('parseSince', () => {
  it.each([
    ['2026-01-31', { at: Date.UTC(2026, 0, 31) / 1000 }],
    ['2026-01-31T12:30Z', { at: Date.UTC(2026, 0, 31, 12, 30) / 1000 }],
    ['2026-01-31 12:30', { at: Date.UTC(2026, 0, 31, 12, 30) / 1000 }],
    ['2026-01-31T12:30:00+02:00', { at: Date.UTC(2026, 0, 31, 10, 30) / 1000 }],
    ['30d', { ago: 30 * 86_400 }],
    ['12h', { ago: 12 * 3_600 }],
  ])('%s', (raw, expected) => {
    expect(parseSince(raw)).toEqual(expected)
  })

  it.each(['2026-02-30', '2026-13-01', 'yesterday', '30', '1.5d', '2026-01-31T25:00Z', '2026-01-31Z'])('refuses %s with the accepted forms', (raw) => {
    // The reason in the message, the accepted forms once, as the suggestion.
    expect(() => parseSince(raw)).toThrow(expect.objectContaining({ code: 'INVALID_SINCE', message: `Invalid --since "${raw}".`, suggestions: [SINCE_FORMS] }))
  })
})
