// Where a running devnet is remembered: a small JSON file next to the configuration, so the
// devnet commands (status, stop, warp, ...) find the anvil process and the contracts that
// `devnet start` created, and nothing else.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ConfigStore } from './store.js'

/** The name of the network profile `devnet start` saves: `--network devnet`. */
export const DEVNET_PROFILE = 'devnet'

export interface DevnetContracts {
  validatorManager: string
  assetManager: string
  kroToken: string
  l2OutputOracle: string
  multicall3: string
  /** The V1 ValidatorPool; absent in a state file written before it was deployed. */
  validatorPool?: string
  /** The KGH ERC-721; absent in state files from before it was deployed. */
  kgh?: string
}

export interface DevnetState {
  version: 1
  /** detached: anvil runs on its own; foreground: a `devnet start` process owns it. */
  mode: 'detached' | 'foreground'
  /** The anvil process. */
  pid: number
  /** The `devnet start` process that owns a foreground devnet. */
  ownerPid?: number
  port: number
  rpcUrl: string
  chainId: number
  /** ISO time at which it was started (wall clock). */
  startedAt: string
  /** anvil's output. */
  logFile: string
  /** anvil account 0: deployed the contracts and sends the devnet's own transactions. */
  deployer: string
  contracts: DevnetContracts
  /** The immutables it was deployed with, as decimal strings (amounts in wei, times in seconds). */
  params: Record<string, string>
  /** The test accounts that were funded with KRO (addresses only; their keys are anvil's). */
  accounts: string[]
}

export interface DevnetPaths {
  dir: string
  stateFile: string
  logFile: string
}

/** The devnet folder inside the configuration folder (KROMA_VALIDATOR_CONFIG_DIR moves both). */
export function devnetPaths(env: NodeJS.ProcessEnv = process.env): DevnetPaths {
  const dir = join(dirname(new ConfigStore(env).path), 'devnet')
  return { dir, stateFile: join(dir, 'state.json'), logFile: join(dir, 'anvil.log') }
}

export function ensureDevnetDir(paths: DevnetPaths): void {
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 })
}

export function readDevnetState(paths: DevnetPaths): DevnetState | undefined {
  if (!existsSync(paths.stateFile)) return undefined
  try {
    const parsed = JSON.parse(readFileSync(paths.stateFile, 'utf8')) as Partial<DevnetState>
    if (parsed.version !== 1 || typeof parsed.pid !== 'number' || typeof parsed.rpcUrl !== 'string' || typeof parsed.contracts !== 'object') return undefined
    return parsed as DevnetState
  } catch {
    return undefined
  }
}

/** Written whole and renamed into place, so a reader never sees half a file. */
export function writeDevnetState(paths: DevnetPaths, state: DevnetState): void {
  ensureDevnetDir(paths)
  const temporary = `${paths.stateFile}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, paths.stateFile)
}

/** Removes the state file, but only if it still describes the anvil process `pid`. */
export function removeDevnetState(paths: DevnetPaths, pid?: number): void {
  const current = readDevnetState(paths)
  if (pid !== undefined && current !== undefined && current.pid !== pid) return
  rmSync(paths.stateFile, { force: true })
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  // An exited process whose parent has not reaped it yet (a zombie) still has its pid.
  return !isZombie(pid)
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

/**
 * True when `pid` is alive and, where the platform lets us look, runs an anvil binary: a pid
 * from an old state file may have been reused by an unrelated process, which must never be
 * signalled.
 */
export function isAnvilProcess(pid: number): boolean {
  if (!isProcessAlive(pid)) return false
  try {
    if (process.platform === 'linux') {
      const [executable] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      return /(^|[\\/])anvil(\.exe)?$/.test(executable ?? '')
    }
    if (process.platform === 'darwin' || process.platform === 'freebsd') {
      const command = execFileSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' }).trim()
      return /(^|\/)anvil$/.test(command)
    }
  } catch {
    return false
  }
  // Elsewhere (Windows) the process table is not cheap to read: trust the state file.
  return true
}
