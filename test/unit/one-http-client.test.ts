// One module of src/ speaks HTTP: the JSON-RPC client. Everything else (status, the send path,
// the devnet, ethers' contract API through ClientProvider) sends through it.
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src', import.meta.url))
const CLIENT = 'lib/chain/json-rpc.ts'
// Ways to open an HTTP connection from Node or ethers.
const HTTP = [
  /\bfetch\s*\(/,
  /['"]node:https?['"]/,
  /['"]https?['"]/,
  /\bhttps?\.request\b/,
  /\bJsonRpcProvider\b/,
  /\bFetchRequest\b/,
  /\bWebSocketProvider\b/,
  /['"]undici['"]/,
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    // Generated bindings (typechain) hold types and ABIs only.
    if (entry.isDirectory()) return entry.name === 'types' ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('HTTP in src/', () => {
  const files = sourceFiles(SRC)

  it('is opened by the JSON-RPC client only', () => {
    const opening = files
      .filter((file) => HTTP.some((pattern) => pattern.test(readFileSync(file, 'utf8'))))
      .map((file) => relative(SRC, file).split('\\').join('/'))
    expect(opening).toEqual([CLIENT])
  })

  it('the check sees the client itself (it would pass on an empty list otherwise)', () => {
    expect(files.length).toBeGreaterThan(50)
    expect(files.map((file) => relative(SRC, file).split('\\').join('/'))).toContain(CLIENT)
  })
})
