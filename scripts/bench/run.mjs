// Runs the CLI (or bare node) as a child process and measures its wall time, the way an operator
// starts it: a fresh `node bin/run.js …`, stdin not a terminal.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = join(ROOT, 'bin', 'run.js')
const RUSAGE_HOOK = fileURLToPath(new URL('./rusage.mjs', import.meta.url))

const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG']

/** A config folder of its own, so the bench never reads or writes the operator's settings. */
export const CONFIG_DIR = mkdtempSync(join(tmpdir(), 'kroma-validator-bench-config-'))

export function cleanupConfigDir() {
  rmSync(CONFIG_DIR, { recursive: true, force: true })
}

/**
 * Children get a small, fixed environment, as the CLI's own tests give them: the figures must not
 * depend on who runs the bench. (NODE_EXTRA_CA_CERTS, say, adds tens of milliseconds to every
 * node start, the bare one included, which flatters every start-up ratio.) `inherit` passes this
 * process's whole environment instead.
 */
function childEnv(extra = {}, inherit = false) {
  const env = inherit ? { ...process.env } : {}
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name]
  Object.assign(env, { NO_COLOR: '1', KROMA_VALIDATOR_POLL_MS: '100', KROMA_VALIDATOR_CONFIG_DIR: CONFIG_DIR }, extra)
  return env
}

/**
 * Spawns `node <nodeArgs>` and resolves with { exitCode, signal, wallMs, stdout, stderr }.
 * Killed after `timeoutMs`. Wall time runs from spawn to the process's exit.
 */
export function runNode(nodeArgs, { env = {}, timeoutMs = 60_000, capture = true, inherit = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: childEnv(env, inherit),
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
    })
    let stdout = ''
    let stderr = ''
    let wallMs
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', () => {
      wallMs = performance.now() - started
    })
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolve({ exitCode, signal, wallMs: wallMs ?? performance.now() - started, stdout, stderr })
    })
  })
}

/** Runs the CLI. */
export function runCli(args, options = {}) {
  return runNode([BIN, ...args], options)
}

/** Runs the CLI with the resource-usage preload; adds { maxRssKb, cpuMs } of the CLI process. */
export function runCliWithUsage(args, options = {}) {
  return runNodeWithUsage([BIN, ...args], options)
}

/** Runs node with the resource-usage preload; adds { maxRssKb, cpuMs } of that process. */
export async function runNodeWithUsage(nodeArgs, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-validator-bench-rusage-'))
  const file = join(dir, 'usage.jsonl')
  try {
    const result = await runNode(['--import', RUSAGE_HOOK, ...nodeArgs], { ...options, env: { ...options.env, KROMA_BENCH_RUSAGE: file } })
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    const usage = JSON.parse(lines.at(-1))
    return { ...result, maxRssKb: usage.maxRssKb, cpuMs: (usage.userUs + usage.systemUs) / 1000 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Fails loudly with the child's output when a run did not end as expected. */
export function expectExit(result, what, expected = 0) {
  if (result.exitCode !== expected) {
    throw new Error(
      `${what} exited ${result.exitCode ?? result.signal} (expected ${expected}).\nstdout:\n${result.stdout.slice(0, 4000)}\nstderr:\n${result.stderr.slice(0, 4000)}`,
    )
  }
  return result
}
