import { describe, expect, it } from 'vitest'
import { parseTokenIds } from '../../src/lib/delegator/token-ids.js'
import { CliError } from '../../src/lib/errors.js'

function refusal(raw: string, options: { allowAll: boolean } = { allowAll: false }): CliError {
  try {
    parseTokenIds(raw, options)
  } catch (error) {
    if (error instanceof CliError) return error
    throw error
  }
  throw new Error(`"${raw}" was accepted`)
}

describe('parseTokenIds', () => {
  it('takes one id or several separated by commas, spaces allowed', () => {
    expect(parseTokenIds('42')).toEqual([42n])
    expect(parseTokenIds(' 7, 8 ,1000')).toEqual([7n, 8n, 1000n])
    expect(parseTokenIds('0')).toEqual([0n])
    expect(parseTokenIds(((1n << 256n) - 1n).toString())).toEqual([(1n << 256n) - 1n])
  })

  it('takes "all" only where the command allows it', () => {
    expect(parseTokenIds('all', { allowAll: true })).toBe('all')
    expect(parseTokenIds(' ALL ', { allowAll: true })).toBe('all')
    expect(refusal('all').message).toContain('Invalid token id "all"')
  })

  it('refuses anything else with the accepted forms, exit 2', () => {
    for (const raw of ['', '1,', '-1', '0x10', '1.5', 'one', '1;2', (1n << 256n).toString()]) {
      const error = refusal(raw)
      expect(error.exitCode, raw).toBe(2)
      expect(error.code).toBe('INVALID_TOKEN_ID')
      expect(error.message).toContain('Accepted forms: a KGH token id (42) or several separated by commas (42,43,50).')
    }
    expect(refusal('5,6,5').message).toContain('Token id 5 is listed twice')
    expect(refusal('x', { allowAll: true }).message).toContain('Or "all" for every KGH delegated to the validator.')
  })
})
