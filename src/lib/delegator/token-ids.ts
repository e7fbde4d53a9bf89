import { invalidInput } from '../errors.js'

export const TOKEN_ID_FORMS = 'Accepted forms: a KGH token id (42) or several separated by commas (42,43,50).'
const UINT256_MAX = (1n << 256n) - 1n

/**
 * Parses --token-id: decimal ids separated by commas, each once; "all" where the command says so
 * (every token the delegator has with the validator).
 */
export function parseTokenIds(raw: string): bigint[]
export function parseTokenIds(raw: string, options: { allowAll: boolean }): bigint[] | 'all'
export function parseTokenIds(raw: string, options: { allowAll?: boolean } = {}): bigint[] | 'all' {
  const text = raw.trim()
  const forms = options.allowAll ? `${TOKEN_ID_FORMS} Or "all" for every KGH delegated to the validator.` : TOKEN_ID_FORMS
  if (options.allowAll && text.toLowerCase() === 'all') return 'all'
  const parts = text.split(',').map((part) => part.trim())
  const ids: bigint[] = []
  for (const part of parts) {
    if (!/^\d{1,78}$/.test(part) || BigInt(part) > UINT256_MAX)
      throw invalidInput('INVALID_TOKEN_ID', `Invalid token id "${part}" in --token-id "${raw}". ${forms}`, [forms])
    const id = BigInt(part)
    if (ids.includes(id)) throw invalidInput('INVALID_TOKEN_ID', `Token id ${id} is listed twice in --token-id "${raw}". ${forms}`, [forms])
    ids.push(id)
  }
  return ids
}
