// `devnet start`, `stop` and `status`: anvil on loopback with the validator system deployed,
// remembered in a state file and a `devnet` network profile so every command can use it.
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { parseWei } from '../input/amounts.js'
import { ConfigStore } from '../config/store.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import {
  AnvilNotInstalledError,
  DEFAULT_ANVIL_CHAIN_ID,
  anvilAccounts,
  resolveAnvilBinary,
  startAnvil,
  startAnvilDetached,
  type AnvilInstance,
} from './anvil.js'
import { deployValidatorSystem, type DeployedValidatorSystem, type ValidatorSystemParams } from './deploy.js'
import { probeDevnet, rpcCall } from './guard.js'
import { paramsToJson, resolveParams, type ParamFlags } from './params.js'
import {
  DEVNET_PROFILE,
  devnetPaths,
  ensureDevnetDir,
  isAnvilProcess,
  isProcessAlive,
  readDevnetState,
  removeDevnetState,
  writeDevnetState,
  type DevnetContracts,
  type DevnetPaths,
  type DevnetState,
} from '../config/devnet-state.js'

/** The port operators' tools expect a local node on; another is picked when it is taken. */
export const DEFAULT_DEVNET_PORT = 8545
const DEFAULT_FUND = 1_000_000n * 10n ** 18n
const ACCOUNT_COUNT = 10
/** What `devnet start` leaves in the V1 ValidatorPool, so there is ETH to get back. */
const POOL_DEPOSITS = [
  { index: 1, amount: 10n ** 18n, expiredBonds: 1 },
  { index: 2, amount: 5n * 10n ** 17n, expiredBonds: 0 },
]

export const PUBLIC_KEYS_WARNING =
  "PUBLIC TEST KEYS: these are anvil's well-known development keys, published for everyone. Never use them, or send anything of value to their addresses, on any other network."

export interface StartFlags extends ParamFlags {
  detach: boolean
  port?: number
  fund?: string
}

export interface DevnetAccountInfo {
  index: number
  address: string
  /** anvil's public test key (not a secret: see PUBLIC_KEYS_WARNING). */
  privateKey: string
  /** Wei, decimal strings. */
  eth: string
  kro: string
  role?: string
}

/** What start and status both tell of a running devnet. */
interface RunningDevnet {
  network: typeof DEVNET_PROFILE
  mode: DevnetState['mode']
  rpcUrl: string
  chainId: number
  port: number
  pid: number
  startedAt: string
  logFile: string
  contracts: DevnetContracts
  params: Record<string, string>
}

export interface DevnetInfo extends RunningDevnet {
  stateFile: string
  configFile: string
  preset: 'mainnet-like' | 'sepolia-like'
  deployer: string
  publicTestKeys: true
  warning: string
  accounts: DevnetAccountInfo[]
  notes: string[]
}

export interface StopOutcome {
  exitCode: number
  message: string
}

export interface StartResult {
  info: DevnetInfo
  /** Foreground only: resolves once the devnet has stopped (Ctrl-C, a signal, or anvil exiting). */
  untilStopped?: Promise<StopOutcome>
}

function alreadyRunning(state: DevnetState, paths: DevnetPaths): CliError {
  return new CliError(`A devnet is already running at ${state.rpcUrl} (anvil pid ${state.pid}, ${state.mode}, started ${state.startedAt}).`, {
    code: 'DEVNET_ALREADY_RUNNING',
    exitCode: ExitCode.refused,
    suggestions: [
      'Use it (--network devnet), or stop it first with `kroma-validator devnet stop`.',
      `For a second devnet, point KROMA_VALIDATOR_CONFIG_DIR at another folder (this one is ${paths.dir}).`,
    ],
    details: { rpcUrl: state.rpcUrl, pid: state.pid },
  })
}

/** The anvil binary, or how to install it. */
function anvilBinary(): string {
  try {
    return resolveAnvilBinary()
  } catch (error) {
    if (!(error instanceof AnvilNotInstalledError)) throw error
    throw new CliError(`The devnet needs anvil, from the npm package @foundry-rs/anvil, which is not installed (${error.detail}).`, {
      code: 'ANVIL_NOT_INSTALLED',
      exitCode: ExitCode.unexpected,
      suggestions: [
        'Install it: `npm install @foundry-rs/anvil` (in the kroma-validator folder; it is an optional dependency there, so `npm install` brings it unless optional dependencies were omitted).',
        'Prebuilt for Linux and macOS on x64 or arm64, and Windows on x64.',
      ],
      cause: error,
    })
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** undefined: let anvil.ts pick a free port. */
async function choosePort(requested: number | undefined, notes: string[]): Promise<number | undefined> {
  if (requested === 0) return undefined
  if (requested !== undefined) {
    if (!(await portIsFree(requested))) {
      throw invalidInput('PORT_IN_USE', `Port ${requested} on 127.0.0.1 is already in use.`, ['Pick another with --port <n>, or --port 0 for any free port.'])
    }
    return requested
  }
  if (await portIsFree(DEFAULT_DEVNET_PORT)) return DEFAULT_DEVNET_PORT
  notes.push(`Port ${DEFAULT_DEVNET_PORT} is in use, so the devnet listens on a free port instead (the "devnet" profile has it).`)
  return undefined
}

function fundAmount(raw: string | undefined): bigint {
  if (raw === undefined) return DEFAULT_FUND
  return parseWei(raw)
}

function startFailure(error: unknown, paths: DevnetPaths): CliError {
  if (error instanceof CliError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (/address already in use/i.test(message)) {
    return invalidInput('PORT_IN_USE', 'The port was taken while anvil was starting.', ['Run it again, or pick another port with --port <n>.'])
  }
  return new CliError(`The devnet could not start: ${message.split('\n')[0]}`, {
    code: 'DEVNET_START_FAILED',
    exitCode: ExitCode.unexpected,
    suggestions: [`anvil's output is in ${paths.logFile}.`],
    cause: error,
  })
}

/**
 * Until the state file is written, a detached anvil belongs to nobody: if this process is
 * interrupted or fails meanwhile, it must not be left behind.
 */
function guardDetachedSetup(pid: number): () => void {
  const kill = (): void => {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    kill()
    process.exit(signal === 'SIGINT' ? 130 : 128 + (signal === 'SIGTERM' ? 15 : 1))
  }
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  process.on('exit', kill)
  for (const signal of signals) process.on(signal, onSignal)
  return () => {
    process.off('exit', kill)
    for (const signal of signals) process.off(signal, onSignal)
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isProcessAlive(pid)
}

async function accountInfos(rpcUrl: string, deployment: DeployedValidatorSystem, kro: bigint): Promise<DevnetAccountInfo[]> {
  const accounts = anvilAccounts(undefined, ACCOUNT_COUNT)
  const balances = await Promise.all(accounts.map((account) => rpcCall(rpcUrl, 'eth_getBalance', [account.address, 'latest'])))
  return accounts.map((account, index) => ({
    index,
    address: account.address,
    privateKey: account.privateKey,
    eth: BigInt(String(balances[index])).toString(),
    kro: kro.toString(),
    ...(account.address === deployment.deployer ? { role: 'deployer: sends the devnet commands’ transactions' } : {}),
  }))
}

async function saveProfile(state: DevnetState, env: NodeJS.ProcessEnv): Promise<string> {
  const store = new ConfigStore(env)
  await store.saveProfile({
    name: DEVNET_PROFILE,
    chainId: state.chainId,
    rpcUrl: state.rpcUrl,
    validatorManager: state.contracts.validatorManager,
    assetManager: state.contracts.assetManager,
    multicall3: state.contracts.multicall3,
    validatorPool: state.contracts.validatorPool,
    devnet: true,
  })
  return store.path
}

/**
 * Starts anvil, deploys the validator system, funds the test accounts with KRO, and saves the
 * state file and the `devnet` profile. Nothing is compiled and nothing is downloaded.
 */
export async function startDevnet(flags: StartFlags, env: NodeJS.ProcessEnv = process.env): Promise<StartResult> {
  const params = resolveParams(flags)
  const kro = fundAmount(flags.fund)
  const paths = devnetPaths(env)
  const existing = readDevnetState(paths)
  if (existing !== undefined && isAnvilProcess(existing.pid)) throw alreadyRunning(existing, paths)
  const binaryPath = anvilBinary()
  const notes: string[] = []
  const port = await choosePort(flags.port, notes)
  ensureDevnetDir(paths)
  const fund = anvilAccounts(undefined, ACCOUNT_COUNT).map((account) => account.address)
  const poolDeposits = POOL_DEPOSITS.map(({ index, amount, expiredBonds }) => ({ account: fund[index]!, amount, expiredBonds }))

  // The default port may be taken between the check and anvil binding it (another devnet
  // starting): then any free port will do. A port asked for explicitly is not replaced.
  const retryOnFreePort = async <T>(start: (port: number | undefined) => Promise<T>): Promise<T> => {
    try {
      return await start(port)
    } catch (error) {
      if (flags.port !== undefined || port === undefined || !(error instanceof Error) || !/address already in use/i.test(error.message)) throw error
      notes.push(`Port ${port} was taken while anvil started, so the devnet listens on a free port instead (the "devnet" profile has it).`)
      return start(undefined)
    }
  }

  if (flags.detach) {
    let anvil
    try {
      anvil = await retryOnFreePort((chosen) =>
        startAnvilDetached({ binaryPath, port: chosen, logFile: paths.logFile, chainId: DEFAULT_ANVIL_CHAIN_ID, accounts: ACCOUNT_COUNT }),
      )
    } catch (error) {
      throw startFailure(error, paths)
    }
    const release = guardDetachedSetup(anvil.pid)
    try {
      const deployment = await deployValidatorSystem(anvil.rpcUrl, params, { fund, fundAmount: kro, poolDeposits })
      const state = stateFor('detached', anvil, deployment, params, paths)
      const info = await publish(state, deployment, params, flags, kro, paths, notes, env)
      writeDevnetState(paths, state)
      release()
      return { info }
    } catch (error) {
      release()
      try {
        process.kill(anvil.pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
      await waitForExit(anvil.pid, 5000)
      throw startFailure(error, paths)
    }
  }

  const log = createWriteStream(paths.logFile, { mode: 0o600 })
  let anvil: AnvilInstance
  try {
    anvil = await retryOnFreePort((chosen) =>
      startAnvil({
        binaryPath,
        port: chosen,
        chainId: DEFAULT_ANVIL_CHAIN_ID,
        accounts: ACCOUNT_COUNT,
        ownProcessGroup: true,
        onOutput: (chunk) => log.write(chunk),
      }),
    )
  } catch (error) {
    log.end()
    throw startFailure(error, paths)
  }
  try {
    const deployment = await deployValidatorSystem(anvil.rpcUrl, params, { fund, fundAmount: kro, poolDeposits })
    const state = stateFor('foreground', anvil, deployment, params, paths)
    const info = await publish(state, deployment, params, flags, kro, paths, notes, env)
    writeDevnetState(paths, state)
    return { info, untilStopped: untilStopped(anvil, paths, log) }
  } catch (error) {
    await anvil.stop()
    log.end()
    throw startFailure(error, paths)
  }
}

function stateFor(
  mode: DevnetState['mode'],
  anvil: { pid: number; port: number; rpcUrl: string; chainId: number },
  deployment: DeployedValidatorSystem,
  params: ValidatorSystemParams,
  paths: DevnetPaths,
): DevnetState {
  return {
    version: 1,
    mode,
    pid: anvil.pid,
    ...(mode === 'foreground' ? { ownerPid: process.pid } : {}),
    port: anvil.port,
    rpcUrl: anvil.rpcUrl,
    chainId: anvil.chainId,
    startedAt: new Date().toISOString(),
    logFile: paths.logFile,
    deployer: deployment.deployer,
    contracts: { ...deployment.addresses },
    params: paramsToJson(params),
    accounts: anvilAccounts(undefined, ACCOUNT_COUNT).map((account) => account.address),
  }
}

/** Saves the `devnet` network profile and gathers what `devnet start` prints. */
async function publish(
  state: DevnetState,
  deployment: DeployedValidatorSystem,
  params: ValidatorSystemParams,
  flags: StartFlags,
  kro: bigint,
  paths: DevnetPaths,
  notes: string[],
  env: NodeJS.ProcessEnv,
): Promise<DevnetInfo> {
  const configFile = await saveProfile(state, env)
  return {
    ...whereItRuns(state),
    startedAt: state.startedAt,
    logFile: paths.logFile,
    stateFile: paths.stateFile,
    configFile,
    contracts: state.contracts,
    params: paramsToJson(params),
    preset: flags['sepolia-like'] ? 'sepolia-like' : 'mainnet-like',
    deployer: state.deployer,
    publicTestKeys: true,
    warning: PUBLIC_KEYS_WARNING,
    accounts: await accountInfos(state.rpcUrl, deployment, kro),
    notes,
  }
}

/** Foreground: runs until Ctrl-C (or SIGTERM, SIGHUP), then stops anvil; or until anvil exits. */
function untilStopped(anvil: AnvilInstance, paths: DevnetPaths, log: NodeJS.WritableStream): Promise<StopOutcome> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
    let stopping = false
    const finish = (outcome: StopOutcome): void => {
      removeDevnetState(paths, anvil.pid)
      log.end()
      resolve(outcome)
    }
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return
      stopping = true
      for (const name of signals) process.off(name, onSignal)
      void anvil.stop().then(() => finish({ exitCode: 0, message: `Stopped the devnet (${signal}): anvil (pid ${anvil.pid}) has exited.` }))
    }
    for (const name of signals) process.on(name, onSignal)
    void anvil.exited.then((exit) => {
      if (stopping) return
      stopping = true
      for (const name of signals) process.off(name, onSignal)
      if (exit.signal !== null || exit.code === 0) {
        finish({
          exitCode: 0,
          message: `The devnet stopped: anvil (pid ${anvil.pid}) was stopped from outside${exit.signal ? ` (${exit.signal})` : ''}, e.g. by \`devnet stop\`.`,
        })
      } else {
        finish({
          exitCode: ExitCode.unexpected,
          message: `anvil (pid ${anvil.pid}) exited with code ${exit.code}; the devnet is down. Its output is in ${paths.logFile}.`,
        })
      }
    })
  })
}

export interface StopResult {
  wasRunning: boolean
  pid?: number
  rpcUrl?: string
  mode?: DevnetState['mode']
  message: string
}

/** Stops the devnet of this configuration folder and waits until anvil has exited. */
export async function stopDevnet(env: NodeJS.ProcessEnv = process.env): Promise<StopResult> {
  const paths = devnetPaths(env)
  const state = readDevnetState(paths)
  if (state === undefined) return { wasRunning: false, message: 'No devnet is running; nothing to stop.' }
  const { pid, rpcUrl, mode } = state
  if (!isAnvilProcess(pid)) {
    removeDevnetState(paths, pid)
    return { wasRunning: false, pid, rpcUrl, mode, message: `The devnet at ${rpcUrl} (anvil pid ${pid}) had already stopped; its state is cleared.` }
  }
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    // Gone in the meantime.
  }
  if (!(await waitForExit(pid, 10_000))) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone in the meantime.
    }
    if (!(await waitForExit(pid, 5000))) {
      throw new CliError(`anvil (pid ${pid}) did not exit, even after SIGKILL.`, { code: 'DEVNET_STOP_FAILED', exitCode: ExitCode.unexpected })
    }
  }
  removeDevnetState(paths, pid)
  return { wasRunning: true, pid, rpcUrl, mode, message: `Stopped the devnet at ${rpcUrl}: anvil (pid ${pid}) has exited.` }
}

export interface DevnetStatus extends RunningDevnet {
  running: true
  ownerPid?: number
  clientVersion: string
  blockNumber: number
  /** Chain time: the latest block's timestamp, unix seconds. */
  chainTime: number
}

/** Where the devnet runs, in the order start and status print it. */
function whereItRuns(state: DevnetState): Pick<RunningDevnet, 'network' | 'mode' | 'rpcUrl' | 'chainId' | 'port' | 'pid'> {
  return { network: DEVNET_PROFILE, mode: state.mode, rpcUrl: state.rpcUrl, chainId: state.chainId, port: state.port, pid: state.pid }
}

/** Whether the devnet is up (exit 4 when not, with why). */
export async function devnetStatus(env: NodeJS.ProcessEnv = process.env): Promise<DevnetStatus> {
  const live = await probeDevnet({ env })
  const { state } = live
  return {
    running: true,
    ...whereItRuns(state),
    ...(state.ownerPid !== undefined ? { ownerPid: state.ownerPid } : {}),
    startedAt: state.startedAt,
    clientVersion: live.clientVersion,
    blockNumber: live.blockNumber,
    chainTime: Number(live.timestamp),
    logFile: state.logFile,
    contracts: state.contracts,
    params: state.params,
  }
}
