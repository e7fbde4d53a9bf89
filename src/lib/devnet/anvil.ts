// Starts and stops a local anvil node (from the @foundry-rs/anvil npm package) for the devnet
// and the tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { HDNodeWallet } from 'ethers'
import { rpcCall } from '../chain/json-rpc.js'

/** The mnemonic anvil uses when none is given. */
export const DEFAULT_ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'
/** anvil's default chain id. */
export const DEFAULT_ANVIL_CHAIN_ID = 31337
/** Accounts anvil creates (and funds with ETH) by default. */
export const DEFAULT_ANVIL_ACCOUNTS = 10

const ANVIL_PACKAGE = '@foundry-rs/anvil'
const HOST = '127.0.0.1'

export interface AnvilOptions {
  /** Chain id (default 31337). */
  chainId?: number
  /**
   * Seconds between blocks. When unset, anvil mines one block per transaction (automine),
   * unless `automine` is false.
   */
  blockTime?: number
  /** With false and no blockTime, blocks are only mined on request (evm_mine). Default true. */
  automine?: boolean
  /** Mnemonic for the funded accounts (default: anvil's). */
  mnemonic?: string
  /** Number of funded accounts (default 10). */
  accounts?: number
  /** ETH balance of each funded account, in whole ETH (anvil's default is 10000). */
  balanceEth?: number
  /** Port to listen on; a free one is picked when unset. */
  port?: number
  /** Path of the anvil binary; resolved from the @foundry-rs/anvil package when unset. */
  binaryPath?: string
  /** Extra command line arguments. */
  extraArgs?: readonly string[]
  /** How long to wait for the node to answer JSON-RPC (default 30 s). */
  startupTimeoutMs?: number
  /** Receives anvil's output (stdout and stderr); it is discarded otherwise. */
  onOutput?: (chunk: string) => void
  /**
   * Run anvil in a process group of its own, so a Ctrl-C at the terminal reaches only this
   * process, which then stops anvil itself (and can say so). It is still killed on exit.
   */
  ownProcessGroup?: boolean
}

/** How an anvil process ended. */
export interface AnvilExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface AnvilInstance {
  rpcUrl: string
  port: number
  pid: number
  chainId: number
  mnemonic: string
  /** Stops the node and resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<AnvilExit>
}

export interface AnvilAccount {
  address: string
  privateKey: string
}

/** Thrown when no anvil binary for this platform is installed. */
export class AnvilNotInstalledError extends Error {
  /** What was looked for, e.g. "looked for @foundry-rs/anvil-linux-amd64". */
  readonly detail: string

  constructor(detail: string) {
    super(
      `The anvil binary was not found (${detail}). Install the npm package ${ANVIL_PACKAGE} ` +
        `(npm install ${ANVIL_PACKAGE}), which brings the binary for your platform.`,
    )
    this.name = 'AnvilNotInstalledError'
    this.detail = detail
  }
}

/** Name of the platform package that carries the binary, e.g. @foundry-rs/anvil-linux-amd64. */
export function anvilPlatformPackage(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined
  if (cpu === undefined) return undefined
  const supported = ['darwin-arm64', 'darwin-amd64', 'linux-arm64', 'linux-amd64', 'win32-amd64']
  const key = `${platform}-${cpu}`
  return supported.includes(key) ? `${ANVIL_PACKAGE}-${key}` : undefined
}

/** Absolute path of the anvil binary for this platform; throws AnvilNotInstalledError. */
export function resolveAnvilBinary(): string {
  const require = createRequire(import.meta.url)
  const binaryName = process.platform === 'win32' ? 'anvil.exe' : 'anvil'
  const platformPackage = anvilPlatformPackage()
  if (platformPackage === undefined) {
    throw new AnvilNotInstalledError(`${process.platform}-${process.arch} has no prebuilt binary`)
  }

  try {
    const packageDir = dirname(require.resolve(`${platformPackage}/package.json`))
    const candidate = join(packageDir, 'bin', binaryName)
    if (existsSync(candidate)) return candidate
  } catch {
    // Not installed as an optional dependency; try the wrapper's own download folder below.
  }
  try {
    // The wrapper's postinstall downloads into its dist/ folder when the platform package
    // could not be installed.
    const wrapperDir = dirname(require.resolve(`${ANVIL_PACKAGE}/package.json`))
    const candidate = join(wrapperDir, 'dist', binaryName)
    if (existsSync(candidate)) return candidate
  } catch {
    // Reported below.
  }
  throw new AnvilNotInstalledError(`looked for ${platformPackage}`)
}

/** A TCP port that was free a moment ago (the OS picks it when listening on port 0). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, HOST, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : undefined
      server.close(() => {
        if (port === undefined) reject(new Error('Could not read the port of a probe socket'))
        else resolve(port)
      })
    })
  })
}

/** The first `count` accounts anvil derives from `mnemonic` (m/44'/60'/0'/0/i). */
export function anvilAccounts(mnemonic: string = DEFAULT_ANVIL_MNEMONIC, count: number = DEFAULT_ANVIL_ACCOUNTS): AnvilAccount[] {
  // Derive the parent once: each fromPhrase runs a slow key stretching.
  const parent = HDNodeWallet.fromPhrase(mnemonic, undefined, "m/44'/60'/0'/0")
  const accounts: AnvilAccount[] = []
  for (let i = 0; i < count; i++) {
    const wallet = parent.deriveChild(i)
    accounts.push({ address: wallet.address, privateKey: wallet.privateKey })
  }
  return accounts
}

// ------------------------------------------------------------------ orphan protection

const running = new Set<ChildProcess>()
let hooksInstalled = false
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

function killAllNow(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL')
    } catch {
      // Already gone.
    }
  }
  running.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow()
  removeHooks()
  // Keep the default behaviour (terminate) unless the program handles the signal itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  // 'exit' handlers must be synchronous: SIGKILL is sent right away.
  process.on('exit', killAllNow)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function removeHooks(): void {
  if (!hooksInstalled) return
  hooksInstalled = false
  process.off('exit', killAllNow)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}

function untrack(child: ChildProcess): void {
  running.delete(child)
  if (running.size === 0) removeHooks()
}

// ---------------------------------------------------------------------------- start

const OUTPUT_TAIL_CHARS = 4000

function buildArgs(options: AnvilOptions, port: number, chainId: number, mnemonic: string): string[] {
  const args = ['--host', HOST, '--port', String(port), '--chain-id', String(chainId)]
  args.push('--mnemonic', mnemonic)
  args.push('--accounts', String(options.accounts ?? DEFAULT_ANVIL_ACCOUNTS))
  if (options.balanceEth !== undefined) args.push('--balance', String(options.balanceEth))
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  else if (options.automine === false) args.push('--no-mining')
  if (options.extraArgs) args.push(...options.extraArgs)
  return args
}

async function rpcAnswers(rpcUrl: string, chainId: number): Promise<boolean> {
  try {
    const result = await rpcCall(rpcUrl, 'eth_chainId', [], { timeoutMs: 1000, retries: 0 })
    return typeof result === 'string' && BigInt(result) === BigInt(chainId)
  } catch {
    return false
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

async function startOnce(options: AnvilOptions, binary: string, port: number): Promise<AnvilInstance> {
  const chainId = options.chainId ?? DEFAULT_ANVIL_CHAIN_ID
  const mnemonic = options.mnemonic ?? DEFAULT_ANVIL_MNEMONIC
  const rpcUrl = `http://${HOST}:${port}`

  const child = spawn(binary, buildArgs(options, port, chainId, mnemonic), {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    detached: options.ownProcessGroup === true,
  })
  running.add(child)
  installHooks()

  // Always drain the pipes: a full pipe would block anvil. Keep a tail for error messages.
  let tail = ''
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8')
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS)
    options.onOutput?.(text)
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)

  let exited = false
  let spawnError: Error | undefined
  const exitPromise = new Promise<AnvilExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true
      untrack(child)
      resolve({ code, signal })
    })
    child.once('error', (error) => {
      spawnError = error
      exited = true
      untrack(child)
      resolve({ code: null, signal: null })
    })
  })

  const stop = async (): Promise<void> => {
    if (!exited) await terminate(child, () => exited, exitPromise)
  }

  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000)
  while (!exited) {
    if (await rpcAnswers(rpcUrl, chainId)) {
      if (child.pid === undefined) break
      return { rpcUrl, port, pid: child.pid, chainId, mnemonic, stop, exited: exitPromise }
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`anvil did not answer on ${rpcUrl} in time. Output:\n${tail}`)
    }
    await delay(50)
  }
  await stop()
  if (spawnError !== undefined) throw new Error(`Could not run anvil (${binary}): ${spawnError.message}`)
  throw new Error(`anvil exited during startup (${rpcUrl}). Output:\n${tail}`)
}

/** SIGTERM, then SIGKILL if anvil has not exited 5 s later; resolves once it has exited. */
async function terminate(child: ChildProcess, hasExited: () => boolean, exit: Promise<unknown>): Promise<void> {
  child.kill('SIGTERM')
  const forced = setTimeout(() => {
    if (!hasExited()) child.kill('SIGKILL')
  }, 5000)
  await exit
  clearTimeout(forced)
}

/**
 * Starts anvil on 127.0.0.1 and resolves once it answers JSON-RPC. The process is killed when
 * this process exits or receives SIGINT/SIGTERM/SIGHUP, so it never outlives its parent.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilInstance> {
  const binary = options.binaryPath ?? resolveAnvilBinary()
  return onFreePort(options.port, (port) => startOnce(options, binary, port))
}

/** Starts on the given port, or on a free one; another process may take a probed port before anvil binds it, so that is retried. */
async function onFreePort<T>(fixedPort: number | undefined, start: (port: number) => Promise<T>): Promise<T> {
  if (fixedPort !== undefined) return start(fixedPort)
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(await findFreePort())
    } catch (error) {
      lastError = error
      if (!(error instanceof Error) || !/address already in use|in use/i.test(error.message)) throw error
    }
  }
  throw lastError
}

// ------------------------------------------------------------------------- detached

export interface DetachedAnvilOptions extends Omit<AnvilOptions, 'onOutput' | 'ownProcessGroup'> {
  /** anvil's stdout and stderr go to this file (truncated first). */
  logFile: string
}

export interface DetachedAnvil {
  rpcUrl: string
  port: number
  pid: number
  chainId: number
  mnemonic: string
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-OUTPUT_TAIL_CHARS)
  } catch {
    return ''
  }
}

async function startDetachedOnce(options: DetachedAnvilOptions, binary: string, port: number): Promise<DetachedAnvil> {
  const chainId = options.chainId ?? DEFAULT_ANVIL_CHAIN_ID
  const mnemonic = options.mnemonic ?? DEFAULT_ANVIL_MNEMONIC
  const rpcUrl = `http://${HOST}:${port}`

  // Its own session (setsid), output to a file and no pipe back to us: it outlives this process.
  const log = openSync(options.logFile, 'w', 0o600)
  let child: ChildProcess
  try {
    child = spawn(binary, buildArgs(options, port, chainId, mnemonic), {
      stdio: ['ignore', log, log],
      detached: true,
      windowsHide: true,
    })
  } finally {
    closeSync(log)
  }
  // Until it answers, it is still ours: a failure or a signal here must not leave it behind.
  running.add(child)
  installHooks()

  let exited = false
  let spawnError: Error | undefined
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true
      resolve()
    })
    child.once('error', (error) => {
      spawnError = error
      exited = true
      resolve()
    })
  })
  const kill = async (): Promise<void> => {
    if (!exited) await terminate(child, () => exited, exitPromise)
    untrack(child)
  }

  const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000)
  while (!exited) {
    if (await rpcAnswers(rpcUrl, chainId)) {
      if (child.pid === undefined) break
      // Let go: no listeners, no handle keeping this process alive, no kill on our exit.
      untrack(child)
      child.removeAllListeners()
      child.unref()
      return { rpcUrl, port, pid: child.pid, chainId, mnemonic }
    }
    if (Date.now() > deadline) {
      await kill()
      throw new Error(`anvil did not answer on ${rpcUrl} in time. Output:\n${logTail(options.logFile)}`)
    }
    await delay(50)
  }
  await kill()
  if (spawnError !== undefined) throw new Error(`Could not run anvil (${binary}): ${spawnError.message}`)
  throw new Error(`anvil exited during startup (${rpcUrl}). Output:\n${logTail(options.logFile)}`)
}

/**
 * Starts anvil on 127.0.0.1 in the background, detached from this process (its own session,
 * output to `logFile`), and resolves once it answers JSON-RPC. It keeps running after this
 * process exits; stop it by its pid. Killed if startup fails or this process is interrupted
 * before it answers.
 */
export async function startAnvilDetached(options: DetachedAnvilOptions): Promise<DetachedAnvil> {
  const binary = options.binaryPath ?? resolveAnvilBinary()
  return onFreePort(options.port, (port) => startDetachedOnce(options, binary, port))
}
