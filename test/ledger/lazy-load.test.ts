/**
 * Importing the Ledger signer must not load any @ledgerhq module: every CLI
 * command imports it indirectly, and the libraries are heavy. Checked in a
 * fresh process, since this test worker has loaded them already.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('./fixtures/import-probe.ts', import.meta.url))
const root = fileURLToPath(new URL('../../', import.meta.url))

interface Counts {
  cjs: number
  esm: number
}
interface ProbeReport {
  afterImport: Counts
  afterEmulator: Counts
  afterOpen: Counts
  afterEsmControl: Counts
  address: string
}

describe('lazy loading of the Ledger libraries', () => {
  it('loads no @ledgerhq module until openLedger is called', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], { cwd: root })
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as ProbeReport
    expect(report.afterImport).toEqual({ cjs: 0, esm: 0 })
    expect(report.afterEmulator).toEqual({ cjs: 0, esm: 0 })
    // Controls: the probe does see the libraries once they are loaded, by
    // require (what openLedger uses) and by import().
    expect(report.afterOpen.cjs).toBeGreaterThan(0)
    expect(report.afterEsmControl.esm).toBeGreaterThan(0)
    expect(report.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
  })
})
