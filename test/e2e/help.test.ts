// `<command> --help` is answered by the launcher (dist/launch) without oclif's runner. What it
// prints must be byte for byte what oclif's runner prints, for every command, at any width and
// with or without colour; and what the launcher leaves to oclif (topics, the root) must still work.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin', 'run.js')
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> }
const commandWords = Object.keys(manifest.commands)
  .sort()
  .map((id) => id.split(':'))

/** What oclif's runner does for a help request (main.run → loadHelpClass → showHelp), in a child process. */
const OCLIF_HELP = `
const { Config, loadHelpClass } = await import('@oclif/core')
const config = await Config.load(${JSON.stringify(ROOT)})
const Help = await loadHelpClass(config)
await new Help(config, config.pjson.oclif.helpOptions ?? config.pjson.helpOptions).showHelp(JSON.parse(process.argv[1]))
`

interface Run {
  exitCode: number | null
  stdout: string
  stderr: string
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
  })
}

const settings: Array<[string, Record<string, string>]> = [
  ['80 columns, no colour', { NO_COLOR: '1' }],
  ['52 columns, no colour', { NO_COLOR: '1', OCLIF_COLUMNS: '52' }],
  ['140 columns, colour', { FORCE_COLOR: '3', OCLIF_COLUMNS: '140' }],
]

describe("<command> --help without oclif's runner", () => {
  it('covers every command of the manifest', () => {
    expect(commandWords.length).toBeGreaterThanOrEqual(20)
  })

  it.each(settings)(
    'prints what oclif prints for every command (%s)',
    async (_label, env) => {
      for (const words of commandWords) {
        const [fast, oclif] = await Promise.all([
          run([BIN, ...words, '--help'], env),
          run(['--input-type=module', '-e', OCLIF_HELP, JSON.stringify([...words, '--help'])], env),
        ])
        expect(fast.exitCode, fast.stderr).toBe(0)
        expect(oclif.exitCode, oclif.stderr).toBe(0)
        expect(fast.stdout, words.join(' ')).toBe(oclif.stdout)
        expect(fast.stdout, words.join(' ')).toContain('USAGE')
        expect(fast.stderr).toBe('')
      }
    },
    120_000,
  )

  it('finds the command wherever --help is, and with arguments and flags beside it', async () => {
    const env = { NO_COLOR: '1' }
    const reference = await run([BIN, 'withdraw', '--help'], env)
    for (const args of [
      ['--help', 'withdraw'],
      ['withdraw', '--amount', '1', '--help'],
      ['withdraw', '--help', '--json'],
    ]) {
      const oclif = await run(['--input-type=module', '-e', OCLIF_HELP, JSON.stringify(args)], env)
      const fast = await run([BIN, ...args], env)
      expect(fast.stdout, args.join(' ')).toBe(oclif.stdout)
    }
    expect(reference.stdout).toContain('withdraw')
  })

  it('leaves topics and the root to oclif, which lists the commands', async () => {
    const topic = await run([BIN, 'devnet', '--help'], { NO_COLOR: '1' })
    expect(topic.exitCode, topic.stderr).toBe(0)
    expect(topic.stdout).toContain('devnet start')
    const root = await run([BIN, '--help'], { NO_COLOR: '1' })
    expect(root.exitCode, root.stderr).toBe(0)
    expect(root.stdout).toContain('TOPICS')
    expect(root.stdout).toContain('status')
  })

  it('leaves an unknown command to oclif, which says so (exit 2)', async () => {
    const result = await run([BIN, 'stauts', '--help'], { NO_COLOR: '1' })
    expect(result.exitCode).not.toBe(0)
    expect(result.stdout + result.stderr).toMatch(/stauts/)
  })
})
