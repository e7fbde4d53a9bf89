// Runs the built CLI (bin/run.js) as a child process, the way operators and their scripts do.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  /** Written to stdin, then closed. stdin is never a terminal here, so no prompt is shown. */
  input?: string
  timeoutMs?: number
  /** false: run a sending command exactly as given, without the --yes added below. */
  yes?: boolean
}

/** A config folder of its own, so tests never read or write the operator's settings. */
export function isolatedConfigDir(): string {
  return mkdtempSync(join(tmpdir(), 'kroma-validator-config-'))
}

const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG']

/** Command ids and aliases, in lower case without dashes, of the commands that take --yes (the sending ones), from the manifest. */
const SENDING_COMMANDS = sendingCommands()
const CONFIRMING_FLAGS = new Set(['--yes', '-y', '--dry-run', '--help'])

function sendingCommands(): Set<string> {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../oclif.manifest.json', import.meta.url)), 'utf8')) as {
    commands: Record<string, { aliases?: string[]; flags: Record<string, unknown> }>
  }
  const normal = (id: string) => id.replaceAll('-', '').toLowerCase()
  return new Set(Object.entries(manifest.commands).flatMap(([id, command]) => ('yes' in command.flags ? [id, ...(command.aliases ?? [])].map(normal) : [])))
}

/**
 * stdin is never a terminal here, and a sending command then refuses to send without --yes: it
 * is added to a sending command's arguments unless they already confirm (or only plan, or ask
 * for help), or the test says `yes: false`.
 */
export function confirmedArgs(args: string[], yes = true): string[] {
  const words = args.findIndex((arg) => arg.startsWith('-'))
  const command = (words === -1 ? args : args.slice(0, words)).join(':').replaceAll(' ', ':').replaceAll('-', '').toLowerCase()
  const sending = [...SENDING_COMMANDS].some((id) => command === id || command.startsWith(`${id}:`))
  if (!yes || !sending || args.some((arg) => CONFIRMING_FLAGS.has(arg))) return args
  return [...args, '--yes']
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).done
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams
  /** Resolves when the CLI has exited. */
  done: Promise<CliResult>
  /** What it has written to stdout so far. */
  stdout(): string
  /** What it has written to stderr so far. */
  stderr(): string
}

/** Starts the CLI as runCli does, without waiting: for a test that signals it while it runs. */
export function startCli(args: string[], options: RunOptions = {}): RunningCli {
  const env: Record<string, string> = {}
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name]!
  env.NO_COLOR = '1'
  env.KROMA_VALIDATOR_POLL_MS = '100'
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = value
  env.KROMA_VALIDATOR_CONFIG_DIR ??= isolatedConfigDir()
  const child = spawn(process.execPath, [BIN, ...confirmedArgs(args, options.yes)], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ exitCode, stdout, stderr })
    })
  })
  child.stdin.end(options.input ?? '')
  return { child, done, stdout: () => stdout, stderr: () => stderr }
}

/** Connection flags for a test chain: a custom deployment, so its chain id is stated. */
export function chainFlags(chain: { rpcUrl: string; chainId: number | bigint; addresses: { validatorManager: string; assetManager: string } }): string[] {
  return [
    '--rpc-url',
    chain.rpcUrl,
    '--validator-manager',
    chain.addresses.validatorManager,
    '--asset-manager',
    chain.addresses.assetManager,
    '--chain-id',
    String(chain.chainId),
  ]
}
