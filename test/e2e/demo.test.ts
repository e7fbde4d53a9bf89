// `npm run demo` (scripts/demo.mjs, after the build `npm test` does): the whole operator story
// runs to exit 0 with its transcript, and the devnet is gone afterwards, also after a Ctrl-C.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isRunning } from '../helpers/process.js'

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url))

interface DemoRun {
  exitCode: number | null
  output: string
}

/** Runs the demo in a process group of its own; `interruptAt`, when seen, sends SIGINT to the group (a Ctrl-C). */
function runDemo(options: { interruptAt?: RegExp } = {}): Promise<DemoRun> {
  const env: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name]!
  // Variables an operator's shell may carry must not leak into the demo's devnet run.
  env.VALIDATOR_L1_ETH_RPC = 'http://127.0.0.1:1'
  env.KROMA_NETWORK = 'mainnet'
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    let interrupted = false
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (options.interruptAt && !interrupted && options.interruptAt.test(output)) {
        interrupted = true
        process.kill(-child.pid!, 'SIGINT')
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 170_000)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ exitCode, output })
    })
  })
}

function anvilPidOf(output: string): number {
  const match = /Devnet running at http:\/\/127\.0\.0\.1:\d+ \(chain 31337, anvil pid (\d+), detached\)/.exec(output)
  expect(match, output).not.toBeNull()
  return Number(match![1])
}

function configDirOf(output: string): string {
  const match = /\(configuration and devnet state in (.+), removed at the end\)/.exec(output)
  expect(match, output).not.toBeNull()
  return match![1]!
}

describe('npm run demo', () => {
  it('walks through every operator flow on its own devnet, checks each step, and stops the devnet', async () => {
    const { exitCode, output } = await runDemo()
    expect(exitCode, output).toBe(0)

    // The transcript: each command, then its output, in the story's order.
    const commands = [...output.matchAll(/^\$ kroma-validator (.+)$/gm)].map((m) => m[1]!.replace(/0x[0-9a-fA-F]{40}/g, '<address>'))
    expect(commands).toEqual([
      'devnet start --detach',
      'status --network devnet',
      'register --amount 10000KRO --commission-rate 10 --withdraw-account <address> --network devnet --dry-run',
      'register --amount 10000KRO --commission-rate 10 --withdraw-account <address> --network devnet --yes',
      'status --network devnet',
      'depositKro --amount 5000KRO --network devnet --yes',
      'devnet submit-output',
      'devnet finalize',
      'changeCommission init --commission-rate 5 --network devnet --yes',
      'changeCommission finalize --network devnet --yes',
      'devnet warp 14d',
      'changeCommission finalize --network devnet --yes',
      'devnet miss --validator <address>',
      'status --network devnet',
      'unjail --network devnet --yes',
      'devnet warp 3d',
      'unjail --network devnet --yes',
      'devnet warp 7d',
      "withdraw --validator <address> --amount 5000KRO --ledger --hd-path m/44'/60'/0'/0/2 --network devnet --yes",
      'delegate --validator <address> --network devnet --amount 1000KRO --yes',
      'kgh delegate --validator <address> --network devnet --token-id 10,11 --yes',
      'devnet submit-output',
      'devnet finalize',
      'kgh claim --validator <address> --network devnet --yes',
      'undelegate --validator <address> --network devnet --amount max --yes',
      'devnet warp 7d',
      'undelegate --validator <address> --network devnet --amount max --yes',
      'kgh undelegate --validator <address> --network devnet --token-id all --yes',
      'status <address> --network devnet',
      'devnet stop',
    ])
    expect(output).toContain('PUBLIC TEST KEYS')
    expect(output).toMatch(/Status\s+NONE/)
    expect(output).toContain('Registered: ACTIVE, commission 10%, 10,000 KRO.')
    expect(output).toMatch(/Error: The change to 5% can be finalized from .+ UTC \(in 14d\)\.\n[\s\S]*✓ refused as expected \(exit 3\)/)
    expect(output).toContain('Commission changed: 10% → 5%.')
    expect(output).toMatch(/missed 2 priority rounds .* jailed until .+ UTC \(in 3d\)/)
    expect(output).toMatch(/Status\s+READY JAILED/)
    expect(output).toMatch(
      /Error: Validator 0x7099…79C8 is jailed until .+ UTC \(in [\dhdms ]+\)\.\n {2}→ Run `kroma-validator unjail` again after that time\.\n✓ refused as expected \(exit 3\)/,
    )
    expect(output).toContain('Unjailed: ACTIVE.')
    // The withdraw is signed on the (emulated) Ledger holding the withdraw account.
    expect(output).toMatch(
      /signer: the withdraw account 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC on a Ledger \(emulated\) at m\/44'\/60'\/0'\/0\/2; KROMA_LEDGER_SPECULOS_URL=http:\/\/127\.0\.0\.1:\d+/,
    )
    expect(output).toMatch(/Signer\s+0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC \(Ledger at m\/44'\/60'\/0'\/0\/2\)/)
    expect(output).toContain('Confirm the transaction on your Ledger.')
    expect(output).toContain('Withdrawn 5,000 KRO: own KRO now 10,040 KRO, status ACTIVE.')
    expect(output).toMatch(/Stopped the devnet at http:\/\/127\.0\.0\.1:\d+: anvil \(pid \d+\) has exited\./)
    expect(output).toMatch(/✓ Demo complete: 29 steps, each as expected, in [\d.]+s\. The devnet is stopped\./)
    expect(output).not.toMatch(/✗/)

    // Nothing left behind: no anvil, no temporary configuration.
    expect(isRunning(anvilPidOf(output))).toBe(false)
    expect(existsSync(configDirOf(output))).toBe(false)
  }, 180_000)

  it('on Ctrl-C, stops its devnet and exits 130', async () => {
    const { exitCode, output } = await runDemo({ interruptAt: /# 5\. / })
    expect(exitCode, output).toBe(130)
    expect(output).toContain('Interrupted (SIGINT): stopping the devnet…')
    expect(output).toMatch(/Stopped the devnet at http:\/\/127\.0\.0\.1:\d+: anvil \(pid \d+\) has exited\./)
    expect(output).toContain('Demo interrupted; the devnet is stopped.')
    expect(output).not.toContain('Demo complete')
    expect(isRunning(anvilPidOf(output))).toBe(false)
    expect(existsSync(configDirOf(output))).toBe(false)
  }, 180_000)
})
