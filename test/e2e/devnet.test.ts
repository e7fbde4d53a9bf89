// The devnet commands end to end through bin/run.js: start (detached and in the foreground),
// status, stop, no anvil left behind; warp, submit-output, finalize and miss as `status` sees
// them; and the refusal to drive any chain that is not the devnet `devnet start` started.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { JsonRpcProvider } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AssetManager__factory, ValidatorManager__factory } from '../../src/lib/chain/types/index.js'
import { anvilAccounts, startAnvil, type AnvilInstance } from '../../src/lib/devnet/anvil.js'
import { BIN, isolatedConfigDir, runCli, type CliResult } from '../helpers/cli.js'
import { isRunning } from '../helpers/process.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const ACCOUNTS = anvilAccounts(undefined, 3)
const VALIDATOR = ACCOUNTS[1]!
const WITHDRAW = ACCOUNTS[2]!
const KRO = (whole: bigint): bigint => whole * 10n ** 18n

async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isRunning(pid)
}

/** Never leak an anvil from a failed test. */
function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Gone.
  }
}

function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.exitCode}):\n${result.stdout}\nstderr:\n${result.stderr}`)
  }
}

interface ErrorJson {
  error: { code: string; message: string; exitCode: number }
}

interface StartJson {
  network: string
  mode: string
  rpcUrl: string
  chainId: number
  port: number
  pid: number
  stateFile: string
  logFile: string
  contracts: { validatorManager: string; assetManager: string; kroToken: string; l2OutputOracle: string; multicall3: string; validatorPool: string }
  params: Record<string, string>
  publicTestKeys: boolean
  warning: string
  accounts: Array<{ index: number; address: string; privateKey: string; kro: string; eth: string }>
}

interface StatusJson {
  status: string
  jailed: boolean
  jailExpiresAt: number | null
  noSubmissionCount: number
  kro: { total: string; bonded: string; notBonded: string; delegated: string }
  blockNumber: number
  blockTimestamp: number
}

async function rpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result?: unknown }).result
}

/** Everything a failed run printed, for assertion messages. */
function printed(result: CliResult): string {
  return `exit ${result.exitCode}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`
}

function devnetCli(configDir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { env: { KROMA_VALIDATOR_CONFIG_DIR: configDir, ...env } })
}

async function startDetached(configDir: string, ...extra: string[]): Promise<StartJson> {
  const result = await devnetCli(configDir, ['devnet', 'start', '--detach', '--port', '0', '--json', ...extra])
  expect(result.exitCode, printed(result)).toBe(0)
  return json<StartJson>(result)
}

// ------------------------------------------------------------------------ lifecycle

describe('devnet start --detach, status, stop', () => {
  it('runs anvil beyond the CLI, saves its state and the devnet profile, and stop ends it', async () => {
    const configDir = isolatedConfigDir()
    const started = await startDetached(configDir)
    try {
      // The CLI has exited; anvil is still there and answers as the devnet.
      expect(isRunning(started.pid)).toBe(true)
      expect(started).toMatchObject({ network: 'devnet', mode: 'detached', chainId: 31337, rpcUrl: `http://127.0.0.1:${started.port}`, publicTestKeys: true })
      expect(await rpc(started.rpcUrl, 'web3_clientVersion')).toMatch(/^anvil\//)
      for (const address of Object.values(started.contracts)) expect(await rpc(started.rpcUrl, 'eth_getCode', [address, 'latest'])).not.toBe('0x')
      // Mainnet's parameters by default.
      expect(started.params).toMatchObject({
        minRegisterAmount: KRO(10_000n).toString(),
        commissionChangeDelaySeconds: '1209600',
        softJailPeriodSeconds: '259200',
        minDelegationPeriod: '604800',
      })
      // anvil's ten well-known accounts, funded with KRO, printed with their public test keys.
      expect(started.warning).toMatch(/^PUBLIC TEST KEYS/)
      expect(started.accounts).toHaveLength(10)
      expect(started.accounts[1]).toMatchObject({ index: 1, address: VALIDATOR.address, privateKey: VALIDATOR.privateKey, kro: KRO(1_000_000n).toString() })

      // The state file and the log live in the configuration folder.
      expect(started.stateFile).toBe(join(configDir, 'devnet', 'state.json'))
      const state = JSON.parse(readFileSync(started.stateFile, 'utf8')) as { pid: number; port: number; contracts: StartJson['contracts'] }
      expect(state).toMatchObject({ pid: started.pid, port: started.port, contracts: started.contracts })
      expect(existsSync(started.logFile)).toBe(true)
      const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { profiles: Record<string, unknown> }
      expect(config.profiles.devnet).toEqual({
        name: 'devnet',
        chainId: 31337,
        rpcUrl: started.rpcUrl,
        validatorManager: started.contracts.validatorManager,
        assetManager: started.contracts.assetManager,
        multicall3: started.contracts.multicall3,
        validatorPool: started.contracts.validatorPool,
        devnet: true,
      })

      // --network devnet works for the operator commands.
      const status = await devnetCli(configDir, ['status', VALIDATOR.address, '--network', 'devnet', '--json'])
      expect(status.exitCode, printed(status)).toBe(0)
      expect(json<StatusJson>(status).status).toBe('NONE')
      // The V1 ValidatorPool holds ETH to get back: 1 ETH with one expired 0.2 ETH bond for account 1, 0.5 ETH for account 2.
      const pool = await devnetCli(configDir, ['pool', 'status', VALIDATOR.address, '--network', 'devnet', '--json'])
      expect(pool.exitCode, printed(pool)).toBe(0)
      expect(json(pool)).toMatchObject({ pool: started.contracts.validatorPool, balance: (8n * 10n ** 17n).toString(), terminated: true, unbondable: true })
      const second = await devnetCli(configDir, ['pool', 'status', started.accounts[2]!.address, '--network', 'devnet', '--json'])
      expect(json(second)).toMatchObject({ balance: (5n * 10n ** 17n).toString() })

      const up = await devnetCli(configDir, ['devnet', 'status', '--json'])
      expect(up.exitCode, printed(up)).toBe(0)
      expect(json(up)).toMatchObject({ running: true, pid: started.pid, rpcUrl: started.rpcUrl, mode: 'detached', contracts: started.contracts })
      const upText = await devnetCli(configDir, ['devnet', 'status'])
      expect(upText.stdout).toContain(`Devnet up at ${started.rpcUrl}`)

      // One devnet per configuration folder.
      const again = await devnetCli(configDir, ['devnet', 'start', '--detach', '--port', '0', '--json'])
      expect(again.exitCode).toBe(3)
      expect(json<ErrorJson>(again).error).toMatchObject({ code: 'DEVNET_ALREADY_RUNNING', exitCode: 3 })
      expect(isRunning(started.pid)).toBe(true)

      const stop = await devnetCli(configDir, ['devnet', 'stop', '--json'])
      expect(stop.exitCode, printed(stop)).toBe(0)
      expect(json(stop)).toMatchObject({ wasRunning: true, pid: started.pid })
      // stop returns once anvil has exited.
      expect(isRunning(started.pid)).toBe(false)
      expect(existsSync(started.stateFile)).toBe(false)

      const down = await devnetCli(configDir, ['devnet', 'status', '--json'])
      expect(down.exitCode).toBe(4)
      expect(json<ErrorJson>(down).error).toMatchObject({ code: 'DEVNET_NOT_RUNNING', exitCode: 4 })
      const downText = await devnetCli(configDir, ['devnet', 'status'])
      expect(downText.exitCode).toBe(4)
      expect(downText.stderr).toMatch(/^Error: No devnet is running/)

      // Stopping twice is harmless.
      const stopAgain = await devnetCli(configDir, ['devnet', 'stop'])
      expect(stopAgain.exitCode).toBe(0)
      expect(stopAgain.stdout).toContain('No devnet is running')

      // With the devnet profile saved as the network, the operator commands say the devnet is
      // not running and how to start it (not only that the RPC cannot be reached).
      expect((await devnetCli(configDir, ['config', 'set', 'network', 'devnet'])).exitCode).toBe(0)
      const notRunning = `The devnet is not running: nothing answers at ${started.rpcUrl}/.`
      const startHint = 'Start one with `kroma-validator devnet start` (in another terminal) or `kroma-validator devnet start --detach`.'
      const statusDown = await devnetCli(configDir, ['status', VALIDATOR.address])
      expect(statusDown.exitCode, printed(statusDown)).toBe(4)
      expect(statusDown.stdout).toBe('')
      expect(statusDown.stderr).toBe(`Error: ${notRunning}\n  → ${startHint}\n`)
      const statusDownJson = await devnetCli(configDir, ['status', VALIDATOR.address, '--json'])
      expect(statusDownJson.exitCode, printed(statusDownJson)).toBe(4)
      expect(json<ErrorJson & { error: { suggestions: string[] } }>(statusDownJson).error).toMatchObject({
        code: 'DEVNET_NOT_RUNNING',
        message: notRunning,
        suggestions: [startHint],
        exitCode: 4,
      })
      const depositDown = await devnetCli(configDir, ['depositKro', '--amount', '1KRO', '--yes', '--json'], { VALIDATOR_PRIVATE_KEY: VALIDATOR.privateKey })
      expect(depositDown.exitCode, printed(depositDown)).toBe(4)
      expect(json<ErrorJson>(depositDown).error).toMatchObject({ code: 'DEVNET_NOT_RUNNING', message: notRunning })
    } finally {
      killQuietly(started.pid)
    }
  }, 120_000)

  it('status tells a devnet whose anvil died from one that runs, and stop clears it', async () => {
    const configDir = isolatedConfigDir()
    const started = await startDetached(configDir)
    process.kill(started.pid, 'SIGKILL')
    expect(await waitUntilGone(started.pid)).toBe(true)

    const status = await devnetCli(configDir, ['devnet', 'status', '--json'])
    expect(status.exitCode).toBe(4)
    expect(json<ErrorJson>(status).error.message).toMatch(/is no longer running \(anvil pid \d+ is gone\)/)
    const stop = await devnetCli(configDir, ['devnet', 'stop', '--json'])
    expect(stop.exitCode).toBe(0)
    expect(json(stop)).toMatchObject({ wasRunning: false, pid: started.pid })
    expect(existsSync(started.stateFile)).toBe(false)
    // A new one can start in the same folder.
    const next = await startDetached(configDir)
    try {
      expect(isRunning(next.pid)).toBe(true)
    } finally {
      expect((await devnetCli(configDir, ['devnet', 'stop'])).exitCode).toBe(0)
      killQuietly(next.pid)
    }
  }, 120_000)

  it('--sepolia-like and the parameter flags change what is deployed; bad combinations are usage errors', async () => {
    const configDir = isolatedConfigDir()
    const started = await startDetached(
      configDir,
      '--sepolia-like',
      '--commission-delay',
      '1h',
      '--jail-period',
      '10m',
      '--min-delegation-period',
      '1d 12h',
      '--fund',
      '1,500 KRO',
    )
    try {
      expect(started.params).toMatchObject({
        minRegisterAmount: KRO(100n).toString(),
        bondAmount: KRO(50n).toString(),
        commissionChangeDelaySeconds: '3600',
        softJailPeriodSeconds: '600',
        minDelegationPeriod: '129600',
        roundDurationSeconds: '300',
      })
      expect(started.accounts[3]?.kro).toBe(KRO(1_500n).toString())
      // The chain has them, as the ValidatorManager and AssetManager report them.
      const provider = new JsonRpcProvider(started.rpcUrl, 31337, { staticNetwork: true })
      try {
        const vm = ValidatorManager__factory.connect(started.contracts.validatorManager, provider)
        const am = AssetManager__factory.connect(started.contracts.assetManager, provider)
        expect(await vm.COMMISSION_CHANGE_DELAY_SECONDS()).toBe(3600n)
        expect(await vm.SOFT_JAIL_PERIOD_SECONDS()).toBe(600n)
        expect(await vm.MIN_REGISTER_AMOUNT()).toBe(KRO(100n))
        expect(await am.MIN_DELEGATION_PERIOD()).toBe(129_600n)
        expect(await am.BOND_AMOUNT()).toBe(KRO(50n))
      } finally {
        provider.destroy()
      }
    } finally {
      const stop = await devnetCli(configDir, ['devnet', 'stop'])
      expect(stop.exitCode, printed(stop)).toBe(0)
      killQuietly(started.pid)
    }

    for (const args of [
      ['--min-register', '100KRO'], // below mainnet's 5,000 KRO bond
      ['--commission-delay', '2 weeks'],
      ['--jail-period', '1.5h'],
      ['--min-activate', '1KRO'],
    ]) {
      const dir = isolatedConfigDir()
      const result = await devnetCli(dir, ['devnet', 'start', '--detach', '--port', '0', ...args])
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(2)
      expect(existsSync(join(dir, 'devnet', 'state.json'))).toBe(false)
    }
  }, 120_000)
})

describe('devnet start without anvil installed', () => {
  it('says how to install it, and starts nothing', async () => {
    // The built CLI in a folder whose node_modules has everything but @foundry-rs (anvil).
    const root = mkdtempSync(join(tmpdir(), 'kroma-validator-no-anvil-'))
    try {
      for (const entry of ['dist', 'bin', 'artifacts', 'package.json', 'oclif.manifest.json']) cpSync(join(REPO, entry), join(root, entry), { recursive: true })
      mkdirSync(join(root, 'node_modules'))
      for (const entry of readdirSync(join(REPO, 'node_modules'))) {
        if (entry !== '@foundry-rs') symlinkSync(join(REPO, 'node_modules', entry), join(root, 'node_modules', entry))
      }
      const configDir = isolatedConfigDir()
      const env: Record<string, string> = { NO_COLOR: '1', KROMA_VALIDATOR_CONFIG_DIR: configDir }
      for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name]!
      const run = (args: string[]) =>
        new Promise<CliResult>((resolve) => {
          const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
          let stdout = ''
          let stderr = ''
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
          child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
        })

      const result = await run(['devnet', 'start', '--detach', '--port', '0', '--json'])
      expect(result.exitCode, printed(result)).toBe(1)
      const error = json<ErrorJson & { error: { suggestions: string[] } }>(result).error
      expect(error.code).toBe('ANVIL_NOT_INSTALLED')
      expect(error.message).toContain('@foundry-rs/anvil')
      expect(error.suggestions[0]).toContain('npm install @foundry-rs/anvil')
      const text = await run(['devnet', 'start'])
      expect(text.exitCode).toBe(1)
      expect(text.stderr).toMatch(/^Error: The devnet needs anvil, from the npm package @foundry-rs\/anvil, which is not installed/)
      expect(text.stderr).toContain('npm install @foundry-rs/anvil')
      expect(existsSync(join(configDir, 'devnet', 'state.json'))).toBe(false)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }, 60_000)
})

// ------------------------------------------------------------------------ foreground

interface Foreground {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  exit: Promise<number | null>
  anvilPid: number
  rpcUrl: string
}

async function startForeground(configDir: string): Promise<Foreground> {
  const env: Record<string, string> = { NO_COLOR: '1', KROMA_VALIDATOR_CONFIG_DIR: configDir }
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name]!
  const child = spawn(process.execPath, [BIN, 'devnet', 'start', '--port', '0'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const deadline = Date.now() + 30_000
  while (!stdout.includes('Press Ctrl-C to stop it.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`devnet start did not come up:\n${stdout}\n${stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const state = JSON.parse(readFileSync(join(configDir, 'devnet', 'state.json'), 'utf8')) as { pid: number; ownerPid: number; rpcUrl: string; mode: string }
  expect(state).toMatchObject({ mode: 'foreground', ownerPid: child.pid })
  return { child, stdout: () => stdout, exit, anvilPid: state.pid, rpcUrl: state.rpcUrl }
}

describe('devnet start in the foreground', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops anvil and says so on %s, leaving no process behind', async (signal) => {
    const configDir = isolatedConfigDir()
    const devnet = await startForeground(configDir)
    try {
      const text = devnet.stdout()
      expect(text).toContain(`Devnet running at ${devnet.rpcUrl}`)
      expect(text).toContain('PUBLIC TEST KEYS')
      expect(text).toContain(`${VALIDATOR.address}  ${VALIDATOR.privateKey}`)
      expect(isRunning(devnet.anvilPid)).toBe(true)
      expect((await devnetCli(configDir, ['devnet', 'status'])).exitCode).toBe(0)

      devnet.child.kill(signal)
      expect(await devnet.exit).toBe(0)
      expect(devnet.stdout()).toContain(`Stopped the devnet (${signal}): anvil (pid ${devnet.anvilPid}) has exited.`)
      expect(isRunning(devnet.anvilPid)).toBe(false)
      expect(existsSync(join(configDir, 'devnet', 'state.json'))).toBe(false)
      expect((await devnetCli(configDir, ['devnet', 'status'])).exitCode).toBe(4)
    } finally {
      devnet.child.kill('SIGKILL')
      killQuietly(devnet.anvilPid)
    }
  })

  it('ends when `devnet stop` stops its anvil from another terminal', async () => {
    const configDir = isolatedConfigDir()
    const devnet = await startForeground(configDir)
    try {
      const stop = await devnetCli(configDir, ['devnet', 'stop'])
      expect(stop.exitCode, printed(stop)).toBe(0)
      expect(isRunning(devnet.anvilPid)).toBe(false)
      expect(await devnet.exit).toBe(0)
      expect(devnet.stdout()).toMatch(/The devnet stopped: anvil \(pid \d+\) was stopped from outside/)
    } finally {
      devnet.child.kill('SIGKILL')
      killQuietly(devnet.anvilPid)
    }
  })
})

// ------------------------------------------------------------------- driving the chain

describe('warp, submit-output, finalize and miss, as status shows them', () => {
  let configDir: string
  let devnet: StartJson
  const status = async (): Promise<StatusJson> => {
    const result = await devnetCli(configDir, ['status', VALIDATOR.address, '--network', 'devnet', '--json'])
    expect(result.exitCode, printed(result)).toBe(0)
    return json<StatusJson>(result)
  }

  beforeAll(async () => {
    configDir = isolatedConfigDir()
    devnet = await startDetached(configDir)
  })
  afterAll(async () => {
    await devnetCli(configDir, ['devnet', 'stop'])
    killQuietly(devnet?.pid)
  })

  it('warp moves the chain time and prints it; other forms are refused with exit 2', async () => {
    const before = await status()
    const result = await devnetCli(configDir, ['devnet', 'warp', '3h', '--json'])
    expect(result.exitCode, printed(result)).toBe(0)
    const warp = json<{ advancedSeconds: number; previousTime: number; chainTime: number; blockNumber: number }>(result)
    expect(warp.advancedSeconds).toBe(10_800)
    expect(warp.chainTime - warp.previousTime).toBeGreaterThanOrEqual(10_800)
    const after = await status()
    expect(after.blockTimestamp).toBe(warp.chainTime)
    expect(after.blockTimestamp - before.blockTimestamp).toBeGreaterThanOrEqual(10_800)
    expect(after.blockNumber).toBe(before.blockNumber + 1)

    const text = await devnetCli(configDir, ['devnet', 'warp', '90m'])
    expect(text.exitCode, printed(text)).toBe(0)
    expect(text.stdout).toMatch(/^Chain time is now \d{4}-\d\d-\d\d \d\d:\d\d UTC \(moved 1h 30m from /)
    for (const form of ['30s', '14d']) expect((await devnetCli(configDir, ['devnet', 'warp', form])).exitCode).toBe(0)
    // Compound durations, as the CLI prints them ("in 13d 22h") and as people write them.
    for (const [form, seconds] of [
      ['13d23h', 13 * 86_400 + 23 * 3_600],
      ['13d 22h', 13 * 86_400 + 22 * 3_600],
      ['1h30m', 5_400],
    ] as const) {
      const compound = await devnetCli(configDir, ['devnet', 'warp', form, '--json'])
      expect(compound.exitCode, printed(compound)).toBe(0)
      expect(json<{ advancedSeconds: number }>(compound).advancedSeconds, form).toBe(seconds)
    }

    const moved = (await status()).blockTimestamp
    for (const bad of ['14', '1.5d', '2w', '-1d', '30m1h', '0s', 'soon']) {
      const refused = await devnetCli(configDir, ['devnet', 'warp', bad, '--json'])
      expect(refused.exitCode, bad).toBe(2)
      expect(json<ErrorJson>(refused).error).toMatchObject({ code: 'INVALID_DURATION', exitCode: 2 })
    }
    expect((await status()).blockTimestamp).toBe(moved)
  }, 120_000)

  it('submit-output needs an active validator, then bonds; finalize unbonds and pays; miss jails', async () => {
    // Nobody is active yet: there is no priority validator.
    const none = await devnetCli(configDir, ['devnet', 'submit-output', '--json'])
    expect(none.exitCode).toBe(3)
    expect(json<ErrorJson>(none).error.code).toBe('NO_ACTIVE_VALIDATOR')
    const notInTree = await devnetCli(configDir, ['devnet', 'miss', '--validator', VALIDATOR.address, '--json'])
    expect(notInTree.exitCode).toBe(3)
    expect(json<ErrorJson>(notInTree).error.code).toBe('VALIDATOR_NOT_IN_TREE')

    const register = await devnetCli(
      configDir,
      ['register', '--amount', '10000KRO', '--commission-rate', '10', '--withdraw-account', WITHDRAW.address, '--network', 'devnet'],
      {
        VALIDATOR_PRIVATE_KEY: VALIDATOR.privateKey,
      },
    )
    expect(register.exitCode, printed(register)).toBe(0)
    const registered = await status()
    expect(registered).toMatchObject({ status: 'ACTIVE', kro: { bonded: '0', total: KRO(10_000n).toString() } })

    // The priority validator (the only one in the tree) submits: 5,000 KRO bonded.
    const submitted = await devnetCli(configDir, ['devnet', 'submit-output', '--json'])
    expect(submitted.exitCode, printed(submitted)).toBe(0)
    const output = json<{ validator: string; priority: boolean; outputIndex: number; bondAmount: string }>(submitted)
    expect(output).toMatchObject({ validator: VALIDATOR.address, priority: true, outputIndex: 1, bondAmount: KRO(5_000n).toString() })
    expect((await status()).kro).toMatchObject({ bonded: KRO(5_000n).toString(), notBonded: KRO(5_000n).toString() })

    // Chosen explicitly; then nothing is left to bond.
    const second = await devnetCli(configDir, ['devnet', 'submit-output', '--validator', VALIDATOR.address])
    expect(second.exitCode, printed(second)).toBe(0)
    expect(second.stdout).toMatch(/^Output 2 submitted by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; 5,000 KRO bonded/)
    const noBond = await devnetCli(configDir, ['devnet', 'submit-output', '--json'])
    expect(noBond.exitCode).toBe(3)
    expect(json<ErrorJson>(noBond).error.code).toBe('INSUFFICIENT_UNBONDED_KRO')
    expect((await status()).kro.bonded).toBe(KRO(10_000n).toString())

    // Finalize: both bonds released, each output's reward paid (commission 10% of 400 KRO to the
    // validator's own KRO, the rest to its delegation pool).
    const finalized = await devnetCli(configDir, ['devnet', 'finalize', '--json'])
    expect(finalized.exitCode, printed(finalized)).toBe(0)
    const rewards = json<{ finalized: Array<{ outputIndex: number; validator: string; validatorReward: string; baseReward: string; unbonded: string }> }>(
      finalized,
    )
    expect(rewards.finalized.map((o) => [o.outputIndex, o.validator, o.validatorReward, o.baseReward, o.unbonded])).toEqual([
      [1, VALIDATOR.address, KRO(40n).toString(), KRO(360n).toString(), KRO(5_000n).toString()],
      [2, VALIDATOR.address, KRO(40n).toString(), KRO(360n).toString(), KRO(5_000n).toString()],
    ])
    const paid = await status()
    expect(paid.kro.bonded).toBe('0')
    expect(BigInt(paid.kro.total)).toBe(KRO(10_080n))
    expect(BigInt(paid.kro.delegated)).toBe(KRO(720n))
    const nothing = await devnetCli(configDir, ['devnet', 'finalize'])
    expect(nothing.exitCode).toBe(0)
    expect(nothing.stdout).toBe('No output is waiting for finalization; nothing was sent.\n')

    // Miss: two rounds in a row (the threshold), then jail for the soft period (3 days).
    const missed = await devnetCli(configDir, ['devnet', 'miss', '--validator', VALIDATOR.address, '--json'])
    expect(missed.exitCode, printed(missed)).toBe(0)
    const jail = json<{ missedRounds: number; jailThreshold: number; jailedAt: number; jailExpiresAt: number; transactions: unknown[] }>(missed)
    expect(jail).toMatchObject({ missedRounds: 2, jailThreshold: 2 })
    expect(jail.transactions).toHaveLength(2)
    expect(jail.jailExpiresAt - jail.jailedAt).toBe(259_200)
    const jailed = await status()
    expect(jailed).toMatchObject({ jailed: true, jailExpiresAt: jail.jailExpiresAt, noSubmissionCount: 2 })

    // A jailed validator neither submits nor misses again.
    const jailedSubmit = await devnetCli(configDir, ['devnet', 'submit-output', '--validator', VALIDATOR.address])
    expect(jailedSubmit.exitCode).toBe(3)
    expect(jailedSubmit.stderr).toMatch(/^Error: Validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is jailed until .+ UTC \(in /)
    const again = await devnetCli(configDir, ['devnet', 'miss', '--validator', VALIDATOR.address])
    expect(again.exitCode).toBe(3)
    expect(again.stderr).toContain('is already jailed')

    // Warp past the jail: the operator's unjail goes through.
    expect((await devnetCli(configDir, ['devnet', 'warp', '3d'])).exitCode).toBe(0)
    const unjail = await devnetCli(configDir, ['unjail', '--network', 'devnet'], { VALIDATOR_PRIVATE_KEY: VALIDATOR.privateKey })
    expect(unjail.exitCode, printed(unjail)).toBe(0)
    expect(await status()).toMatchObject({ status: 'ACTIVE', jailed: false })

    const text = await devnetCli(configDir, ['devnet', 'miss', '--validator', VALIDATOR.address])
    expect(text.exitCode, printed(text)).toBe(0)
    expect(text.stdout).toMatch(/^0x70997970C51812dc3A010C7d01b50e0d17dc79C8 missed 2 priority rounds .* jailed until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 3d\)/)
  }, 120_000)

  it('refuses malformed addresses as usage errors', async () => {
    const result = await devnetCli(configDir, ['devnet', 'miss', '--validator', '0x1234', '--json'])
    expect(result.exitCode).toBe(2)
    expect(json<ErrorJson>(result).error.code).toBe('INVALID_ADDRESS')
  })
})

// ---------------------------------------------------------- only our own devnet

describe('the devnet commands refuse any chain that is not their devnet', () => {
  let plain: AnvilInstance
  let configDir: string
  let devnet: StartJson
  let fake: Server | undefined

  beforeAll(async () => {
    plain = await startAnvil()
    configDir = isolatedConfigDir()
    devnet = await startDetached(configDir)
  })
  afterAll(async () => {
    await devnetCli(configDir, ['devnet', 'stop'])
    killQuietly(devnet?.pid)
    await plain?.stop()
    fake?.close()
  })

  const plainChain = async () => ({
    block: await rpc(plain.rpcUrl, 'eth_blockNumber'),
    time: ((await rpc(plain.rpcUrl, 'eth_getBlockByNumber', ['latest', false])) as { timestamp: string }).timestamp,
  })

  it.each([
    ['warp', ['devnet', 'warp', '14d']],
    ['submit-output', ['devnet', 'submit-output']],
    ['finalize', ['devnet', 'finalize']],
    ['miss', ['devnet', 'miss', '--validator', VALIDATOR.address]],
  ])('%s against another anvil (--rpc-url): exit 4, that chain untouched', async (_name, args) => {
    const before = await plainChain()
    for (const dir of [configDir, isolatedConfigDir()]) {
      const result = await devnetCli(dir, [...args, '--rpc-url', plain.rpcUrl, '--json'])
      expect(result.exitCode, result.stdout).toBe(4)
      const error = json<ErrorJson>(result).error
      expect(error.code).toBe('NOT_OUR_DEVNET')
      expect(error.message).toContain(plain.rpcUrl.replace(/\/$/, ''))
    }
    expect(await plainChain()).toEqual(before)
    const text = await devnetCli(configDir, [...args, '--rpc-url', plain.rpcUrl])
    expect(text.stderr).toMatch(
      new RegExp(
        `^Error: http://127\\.0\\.0\\.1:${plain.port}/? is not the devnet started by kroma-validator, which is at ${devnet.rpcUrl.replace(/\./g, '\\.')}`,
      ),
    )
  })

  it("accepts the devnet's own URL, in another spelling too", async () => {
    const result = await devnetCli(configDir, ['devnet', 'warp', '1h', '--rpc-url', `http://localhost:${devnet.port}/`])
    expect(result.exitCode, printed(result)).toBe(0)
  })

  it('refuses when the node at the saved URL lacks the contracts, or is not anvil', async () => {
    // A state file that points at the plain anvil: the process is anvil, the contracts are not there.
    const dir = isolatedConfigDir()
    const stateFile = join(dir, 'devnet', 'state.json')
    const state = JSON.parse(readFileSync(devnet.stateFile, 'utf8')) as Record<string, unknown>
    mkdirSync(join(dir, 'devnet'), { recursive: true })
    writeFileSync(stateFile, JSON.stringify({ ...state, pid: plain.pid, port: plain.port, rpcUrl: plain.rpcUrl }))
    const before = await plainChain()
    const missing = await devnetCli(dir, ['devnet', 'warp', '1d', '--json'])
    expect(missing.exitCode).toBe(4)
    expect(json<ErrorJson>(missing).error).toMatchObject({ code: 'NOT_OUR_DEVNET' })
    expect(json<ErrorJson>(missing).error.message).toContain("The devnet's contracts are missing")
    expect((await devnetCli(dir, ['devnet', 'status'])).exitCode).toBe(4)
    expect(await plainChain()).toEqual(before)

    // A node that is not anvil (it says it is Geth) at the saved URL.
    fake = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        const { id, method } = JSON.parse(body) as { id: number; method: string }
        const results: Record<string, unknown> = {
          web3_clientVersion: 'Geth/v1.14.0',
          eth_chainId: '0x7a69',
          eth_getBlockByNumber: { number: '0x1', timestamp: '0x1' },
          eth_getCode: '0x6000',
        }
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify({ jsonrpc: '2.0', id, result: results[method] ?? null }))
      })
    })
    await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve))
    const address = fake.address()
    const fakeUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    writeFileSync(stateFile, JSON.stringify({ ...state, pid: plain.pid, rpcUrl: fakeUrl }))
    const geth = await devnetCli(dir, ['devnet', 'finalize', '--json'])
    expect(geth.exitCode).toBe(4)
    expect(json<ErrorJson>(geth).error.message).toMatch(/is not anvil \(it says "Geth\/v1\.14\.0"\)/)
  }, 120_000)
})
