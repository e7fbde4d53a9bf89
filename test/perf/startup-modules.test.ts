// Which modules a start loads (functional, not timed: speed is the benchmark's, npm run bench).
// Every command shares oclif's start, so --version, --help and `status --help` must not load the
// heavy modules the commands need only once they run (ethers, prompts, spinners, tables, the
// Ledger stack), and no command file may import them at its top. A status run that does not use
// a Ledger must not load the Ledger stack either.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chainFlags } from '../helpers/cli.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin', 'run.js')
const RECORDER = fileURLToPath(new URL('./module-recorder.mjs', import.meta.url))

/** Packages that only a running command may load, by the path they load from. */
const HEAVY: Record<string, RegExp> = {
  ethers: /\/node_modules\/ethers\//,
  inquirer: /\/node_modules\/(@inquirer\/[^/]+|inquirer)\//,
  ora: /\/node_modules\/ora\//,
  'cli-table3': /\/node_modules\/cli-table3\//,
  conf: /\/node_modules\/conf\//,
  chalk: /\/node_modules\/chalk\//,
  '@ledgerhq': /\/node_modules\/@ledgerhq\//,
}
const LEDGER = { '@ledgerhq': HEAVY['@ledgerhq']! }
/** oclif's runner: loading its config (plugins, commands) is most of a start that goes through it. */
const OCLIF_RUNNER = { 'oclif runner': /\/node_modules\/@oclif\/core\/lib\/(main|execute|config\/config)\.js$/ }

const scratch = mkdtempSync(join(tmpdir(), 'kroma-validator-modules-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let runs = 0

interface Recorded {
  exitCode: number | null
  stdout: string
  stderr: string
  modules: string[]
}

/** Runs `node --import module-recorder.mjs <nodeArgs>` and returns every module it loaded. */
function recorded(nodeArgs: string[], env: Record<string, string> = {}): Promise<Recorded> {
  const log = join(scratch, `modules-${++runs}.log`)
  const childEnv: Record<string, string> = { KROMA_MODULE_LOG: log, KROMA_VALIDATOR_CONFIG_DIR: join(scratch, `config-${runs}`), NO_COLOR: '1', ...env }
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) childEnv[name] ??= process.env[name]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(RECORDER).href, ...nodeArgs], {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      let text = ''
      try {
        text = readFileSync(log, 'utf8')
      } catch {
        // nothing recorded: the checks below say so
      }
      resolve({ exitCode, stdout, stderr, modules: [...new Set(unbundled(text.split('\n').filter(Boolean)))] })
    })
  })
}

/**
 * The bundle (dist/) holds packages inside its chunks: a loaded dist file stands for every module
 * esbuild put in it (dist/meta.json, the bundle's metafile), so the checks below see them by path.
 */
const bundled = (JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs
function unbundled(modules: string[]): string[] {
  return modules.flatMap((url) => {
    const output = url.startsWith(pathToFileURL(ROOT).href) ? bundled[fileURLToPath(url).slice(ROOT.length)] : undefined
    return output ? [url, ...Object.keys(output.inputs).map((input) => pathToFileURL(join(ROOT, input)).href)] : [url]
  })
}

function heavyIn(modules: string[], packages: Record<string, RegExp> = HEAVY): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  for (const [name, pattern] of Object.entries(packages)) {
    const hits = modules.filter((url) => pattern.test(url))
    if (hits.length > 0) found[name] = hits.slice(0, 3)
  }
  return found
}

describe('the module recorder', () => {
  it('records ES modules and CommonJS modules', async () => {
    const run = await recorded([
      '--input-type=module',
      '-e',
      "await import('ethers'); (await import('node:module')).createRequire(import.meta.url)('cli-table3')",
    ])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(Object.keys(heavyIn(run.modules))).toEqual(['ethers', 'cli-table3'])
  })
})

describe('a start loads no heavy module', () => {
  it.each([[['--version']], [['--help']], [['status', '--help']]])('kroma-validator %j', async (args) => {
    const run = await recorded([BIN, ...args])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout.length).toBeGreaterThan(0)
    expect(run.modules).toContain(pathToFileURL(BIN).href)
    expect(heavyIn(run.modules)).toEqual({})
  })

  it.each([[['status', '--help']], [['changeCommission', 'init', '--help']], [['config', 'set', '--json', '--help']]])(
    "kroma-validator %j does not start oclif's runner",
    async (args) => {
      const run = await recorded([BIN, ...args])
      expect(run.exitCode, run.stderr).toBe(0)
      expect(run.stdout).toContain('USAGE')
      expect(heavyIn(run.modules, OCLIF_RUNNER)).toEqual({})
    },
  )

  it("kroma-validator --help (the root, listing every command) goes through oclif's runner", async () => {
    const run = await recorded([BIN, '--help'])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(Object.keys(heavyIn(run.modules, OCLIF_RUNNER))).toEqual(['oclif runner'])
  })

  it('--version prints what oclif prints', async () => {
    const run = await recorded([BIN, '--version'])
    const { Config } = await import('@oclif/core')
    const config = await Config.load(ROOT)
    expect(run.stdout).toBe(`${config.userAgent}\n`)
  })

  it('no command file imports a heavy module at its top', async () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else if (entry.name.endsWith('.js')) files.push(join(dir, entry.name))
      }
    }
    walk(join(ROOT, 'dist', 'commands'))
    expect(files.length).toBeGreaterThan(0)
    const offenders: Record<string, Record<string, string[]>> = {}
    const queue = [...files]
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          const run = await recorded(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`])
          expect(run.exitCode, `${file}: ${run.stderr}`).toBe(0)
          expect(run.modules, file).toContain(pathToFileURL(file).href)
          const heavy = heavyIn(run.modules)
          if (Object.keys(heavy).length > 0) offenders[file.slice(ROOT.length)] = heavy
        }
      }),
    )
    expect(offenders).toEqual({})
  }, 180_000)
})

describe('status without a Ledger', () => {
  let chain: TestChain
  beforeAll(async () => {
    chain = await startTestChain()
  })
  afterAll(async () => {
    await chain?.stop()
  })
  const flags = () => chainFlags({ rpcUrl: chain.rpcUrl, chainId: Number(chain.chainId), addresses: chain.addresses })

  it("of an address loads neither ethers, oclif's runner nor the Ledger stack; only the text view's table and colours", async () => {
    const run = await recorded([BIN, 'status', chain.accounts[1]!.address, ...flags()])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.stdout).toContain(chain.accounts[1]!.address)
    expect(Object.keys(heavyIn(run.modules, { ...HEAVY, ...OCLIF_RUNNER })).sort()).toEqual(['chalk', 'cli-table3'])
  })

  it("with a flag the fast lane leaves to oclif (--ledger-index), goes through oclif's runner and still loads no ethers", async () => {
    const run = await recorded([BIN, 'status', chain.accounts[1]!.address, '--json', '--ledger-index', '0', ...flags()])
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ address: chain.accounts[1]!.address })
    expect(Object.keys(heavyIn(run.modules, { ...HEAVY, ...OCLIF_RUNNER }))).toEqual(['oclif runner'])
    // The same reading as the launcher's, to the byte.
    const fast = await recorded([BIN, 'status', chain.accounts[1]!.address, '--json', ...flags()])
    expect(heavyIn(fast.modules, OCLIF_RUNNER)).toEqual({})
    expect(fast.stdout).toBe(run.stdout)
  })

  it("of the private key's address, --json, loads no @ledgerhq module", async () => {
    const signer = chain.accounts[2]!
    const run = await recorded([BIN, 'status', '--json', ...flags()], { VALIDATOR_PRIVATE_KEY: signer.privateKey })
    expect(run.exitCode, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ address: signer.address })
    expect(heavyIn(run.modules, LEDGER)).toEqual({})
  })
})
