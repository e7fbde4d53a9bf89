// An unknown command names the closest commands, from the commands the CLI loaded (exit 2).
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
/** `name`: what oclif took for the command's name (the words before the first flag). */
const CASES: Array<{ typed: string[]; name: string; meant: string[] }> = [
  { typed: ['regster'], name: 'regster', meant: ['register'] },
  { typed: ['depositkro', '--amount', '10KRO'], name: 'depositkro', meant: ['depositKro'] },
  { typed: ['deposit'], name: 'deposit', meant: ['depositKro'] },
  { typed: ['unjial'], name: 'unjial', meant: ['unjail'] },
  { typed: ['changecommission', 'init', '--commission-rate', '5'], name: 'changecommission init', meant: ['changeCommission init'] },
  { typed: ['changeCommission', 'start'], name: 'changeCommission start', meant: ['changeCommission finalize', 'changeCommission init'] },
  { typed: ['config', 'lst'], name: 'config lst', meant: ['config list'] },
  { typed: ['statsu', ADDRESS], name: `statsu ${ADDRESS}`, meant: ['status'] },
]

const wording = (meant: string[]): string => {
  const names = meant.map((id) => `\`kroma-validator ${id}\``)
  return `Did you mean ${names.length === 1 ? names[0] : `one of ${names.join(', ')}`}?`
}

describe('unknown command: did you mean', () => {
  it.each(CASES)('$name → $meant', async ({ typed, name, meant }) => {
    const result = await runCli(typed)
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`Error: Unknown command "${name}".\n  → ${wording(meant)}\n`)
  })

  it.each(CASES)('--json: $name → $meant', async ({ typed, name, meant }) => {
    const result = await runCli([...typed, '--json'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe('')
    const document = JSON.parse(result.stdout) as { error: { code: string; message: string; suggestions: string[]; exitCode: number } }
    expect(document.error).toEqual({ code: 'UNKNOWN_COMMAND', message: `Unknown command "${name}".`, suggestions: [wording(meant)], exitCode: 2 })
  })

  it('a private key typed as the command is not echoed', async () => {
    const key = '4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d'
    for (const args of [[key], [key, '--json']]) {
      const result = await runCli(args)
      expect(result.exitCode).toBe(2)
      expect(`${result.stdout}${result.stderr}`).not.toContain(key)
      expect(`${result.stdout}${result.stderr}`).toContain('Unknown command.')
    }
  })

  it('a name near no command points to the list of commands', async () => {
    const result = await runCli(['frobnicate', '--json'])
    expect(result.exitCode).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'UNKNOWN_COMMAND',
        message: 'Unknown command "frobnicate".',
        suggestions: ['Run `kroma-validator --help` for the list of commands.'],
        exitCode: 2,
      },
    })
  })
})
