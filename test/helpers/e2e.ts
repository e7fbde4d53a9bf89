// Shared pieces of the end-to-end tests of the transaction commands: fresh funded accounts,
// the CLI run against a test chain with a given signer, state reads for "nothing changed"
// checks, the mempool, and a pseudo-terminal driver for the prompts.
import { spawn } from 'node:child_process'
import { Wallet, parseEther, parseUnits, type TransactionReceipt } from 'ethers'
import { expect } from 'vitest'
import { AssetManager__factory, ERC20__factory, ValidatorManager__factory, ValidatorPool__factory } from '../../src/lib/chain/types/index.js'
import type { TestChain } from './chain.js'
import { BIN, chainFlags, isolatedConfigDir, runCli, type CliResult, type RunOptions } from './cli.js'

export const KRO = (amount: number | string): bigint => parseUnits(String(amount), 18)

/** The contracts' own ABIs, as the CLI ships them (its generated bindings), for decoding calldata and logs. */
export const interfaces = {
  validatorManager: ValidatorManager__factory.createInterface(),
  assetManager: AssetManager__factory.createInterface(),
  erc20: ERC20__factory.createInterface(),
  validatorPool: ValidatorPool__factory.createInterface(),
}

export interface TestAccount {
  address: string
  privateKey: string
}

/**
 * A new random account with ETH (set directly with anvil_setBalance) and KRO (minted), so every
 * test owns its accounts and never depends on what another test did with anvil's ten.
 */
export async function freshAccount(chain: TestChain, funds: { eth?: bigint; kro?: bigint } = {}): Promise<TestAccount> {
  const wallet = Wallet.createRandom()
  await setEthBalance(chain, wallet.address, funds.eth ?? parseEther('10'))
  const kro = funds.kro ?? KRO(100_000)
  if (kro > 0n) await chain.mintKro(wallet.address, kro)
  return { address: wallet.address, privateKey: wallet.privateKey }
}

export async function setEthBalance(chain: TestChain, address: string, wei: bigint): Promise<void> {
  await chain.provider.send('anvil_setBalance', [address, `0x${wei.toString(16)}`])
}

/** The next nonce, counting transactions still in the pool. */
export async function pendingNonce(chain: TestChain, address: string): Promise<number> {
  return Number(BigInt((await chain.provider.send('eth_getTransactionCount', [address, 'pending'])) as string))
}

export async function minedNonce(chain: TestChain, address: string): Promise<number> {
  return Number(BigInt((await chain.provider.send('eth_getTransactionCount', [address, 'latest'])) as string))
}

/** Flags that point the CLI at the test chain. */
export function flagsFor(chain: TestChain): string[] {
  // cli.ts types chainId as a number; the test chain reports a bigint.
  return chainFlags({ rpcUrl: chain.rpcUrl, chainId: Number(chain.chainId), addresses: chain.addresses })
}

/** Runs the CLI against the chain, signing with `account` (VALIDATOR_PRIVATE_KEY). */
export function cliAs(chain: TestChain, account: TestAccount | undefined, args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runCli([...args, ...flagsFor(chain)], {
    ...options,
    env: { ...(account ? { VALIDATOR_PRIVATE_KEY: account.privateKey } : {}), ...options.env },
  })
}

/** Everything a refused command must leave as it was, for one validator and one signer. */
export async function observe(chain: TestChain, validator: string, signer: string = validator) {
  const vm = chain.contracts.validatorManager
  const am = chain.contracts.assetManager
  const kro = chain.contracts.kroToken
  const [
    status,
    jailed,
    jailExpiresAt,
    commissionRate,
    pendingCommissionRate,
    canFinalizeAt,
    weight,
    withdrawAccount,
    canWithdrawAt,
    totalKro,
    bonded,
    signerKro,
    allowance,
    signerEth,
    nonce,
    latestNonce,
  ] = await Promise.all([
    vm.getStatus(validator),
    vm.inJail(validator),
    vm.jailExpiresAt(validator),
    vm.getCommissionRate(validator),
    vm.getPendingCommissionRate(validator),
    vm.canFinalizeCommissionChangeAt(validator),
    vm.getWeight(validator),
    am.getWithdrawAccount(validator),
    am.canWithdrawAt(validator),
    am.totalValidatorKro(validator),
    am.totalValidatorKroBonded(validator),
    kro.balanceOf(signer),
    kro.allowance(signer, chain.addresses.assetManager),
    chain.provider.getBalance(signer),
    pendingNonce(chain, signer),
    minedNonce(chain, signer),
  ])
  return {
    status,
    jailed,
    jailExpiresAt,
    commissionRate,
    pendingCommissionRate,
    canFinalizeAt,
    weight,
    withdrawAccount,
    canWithdrawAt,
    totalKro,
    bonded,
    signerKro,
    allowance,
    signerEth,
    nonce,
    latestNonce,
  }
}

interface ErrorDocument {
  error: { code: string; message: string; suggestions: string[]; exitCode: number; [key: string]: unknown }
}

/** Parses the single JSON document of a --json run. */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.exitCode}):\n${result.stdout}\nstderr:\n${result.stderr}`)
  }
}

export function errorOf(result: CliResult): ErrorDocument['error'] {
  const document = jsonOf<ErrorDocument>(result)
  expect(document.error, `no error in ${result.stdout}`).toBeDefined()
  return document.error
}

/**
 * Asserts a human-readable failure: the exit code, one "Error: " line with the reason (after the
 * plan, when the failure came after it was shown), then only suggestions; no stack trace.
 */
export function expectFailure(result: CliResult, exitCode: number, message: RegExp | string): void {
  expect(result.exitCode, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(exitCode)
  const lines = result.stderr.replace(/\n$/, '').split('\n')
  const errorLines = lines.filter((line) => line.startsWith('Error: '))
  expect(errorLines, result.stderr).toHaveLength(1)
  const after = lines.slice(lines.indexOf(errorLines[0]!) + 1)
  for (const line of after) expect(line, result.stderr).toMatch(/^ {2}→ /)
  if (typeof message === 'string') expect(result.stderr).toContain(message)
  else expect(result.stderr).toMatch(message)
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  expect(result.stdout).toBe('')
}

/** The time in the CLI's words: "2026-12-03 14:00 UTC". */
export function utc(unixSeconds: bigint | number): string {
  return `${new Date(Number(unixSeconds) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export interface SentTransactionJson {
  hash: string
  to: string
  function: string
  status: string
  blockNumber: number
  gasUsed: string
}

/** Checks each listed transaction against its receipt on chain; returns the receipts. */
export async function expectTransactionsOnChain(chain: TestChain, transactions: SentTransactionJson[], from: string): Promise<TransactionReceipt[]> {
  const receipts: TransactionReceipt[] = []
  for (const tx of transactions) {
    expect(Object.keys(tx)).toEqual(expect.arrayContaining(['hash', 'to', 'function', 'status', 'blockNumber', 'gasUsed']))
    expect(tx.hash).toMatch(/^0x[0-9a-f]{64}$/)
    const receipt = await chain.provider.getTransactionReceipt(tx.hash)
    expect(receipt, `no receipt for ${tx.hash}`).not.toBeNull()
    expect(receipt!.from).toBe(from)
    expect(receipt!.to).toBe(tx.to)
    expect(receipt!.blockNumber).toBe(tx.blockNumber)
    expect(receipt!.gasUsed.toString()).toBe(tx.gasUsed)
    expect(tx.status).toBe(receipt!.status === 1 ? 'success' : 'reverted')
    receipts.push(receipt!)
  }
  return receipts
}

/** The function a transaction on chain called, decoded with the CLI's ABIs. */
export async function calledFunction(chain: TestChain, hash: string) {
  const tx = await chain.provider.getTransaction(hash)
  expect(tx).not.toBeNull()
  for (const iface of Object.values(interfaces)) {
    const parsed = iface.parseTransaction({ data: tx!.data })
    if (!parsed) continue
    const args: unknown[] = parsed.args.toArray()
    return { name: parsed.name, args, to: tx!.to, nonce: tx!.nonce }
  }
  throw new Error(`Unknown calldata in ${hash}`)
}

/** Approval events of the KRO token in a receipt, decoded. */
export function approvalsIn(chain: TestChain, receipt: TransactionReceipt): Array<{ owner: string; spender: string; value: bigint }> {
  return receipt.logs
    .filter((log) => log.address === chain.addresses.kroToken)
    .flatMap((log) => {
      const parsed = interfaces.erc20.parseLog(log)
      if (parsed?.name !== 'Approval') return []
      const fields: unknown[] = parsed.args.toArray()
      const [owner, spender, value] = fields
      if (typeof owner !== 'string' || typeof spender !== 'string' || typeof value !== 'bigint') throw new Error(`Undecodable Approval in ${receipt.hash}`)
      return [{ owner, spender, value }]
    })
}

// ------------------------------------------------------------------------- mempool

interface PoolTransaction {
  hash: string
  nonce: string
  maxPriorityFeePerGas?: string
}

/** Transactions of `from` waiting in anvil's pool. */
export async function poolOf(chain: TestChain, from: string): Promise<PoolTransaction[]> {
  const content = (await chain.provider.send('txpool_content', [])) as {
    pending: Record<string, Record<string, PoolTransaction>>
    queued: Record<string, Record<string, PoolTransaction>>
  }
  const entry = Object.entries(content.pending).find(([address]) => address.toLowerCase() === from.toLowerCase())
  return entry ? Object.values(entry[1]) : []
}

/** Polls until `predicate` holds (a background CLI has reached some point); fails after `timeoutMs`. */
export async function waitUntil(what: string, predicate: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`Timed out waiting until ${what}`)
}

// ------------------------------------------------------------------- pseudo-terminal

/**
 * Runs the CLI with stdin and stderr on a pseudo-terminal (python's pty module) of the given
 * size, stdout on a pipe (or on the terminal too). Each step waits for its pattern in what the
 * terminal shows, then types its answer, or sends the process a signal.
 */
const PTY_DRIVER = String.raw`
import json, os, pty, re, select, signal, subprocess, sys, time, fcntl, termios, struct
cfg = json.loads(sys.argv[1])
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', cfg['rows'], cfg['columns'], 0, 0))
proc = subprocess.Popen(cfg['cmd'], stdin=slave, stdout=slave if cfg['stdoutOnTerminal'] else subprocess.PIPE, stderr=slave, env=cfg['env'], start_new_session=True)
os.close(slave)
ansi = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07')
tty, out, steps, seen, answered = b'', b'', list(cfg['steps']), 0, []
deadline = time.time() + cfg['timeout']
fds = [master] + ([] if cfg['stdoutOnTerminal'] else [proc.stdout.fileno()])
while fds and time.time() < deadline:
    ready, _, _ = select.select(fds, [], [], 0.1)
    for fd in ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        if not chunk:
            fds.remove(fd)
        elif fd == master:
            tty += chunk
        else:
            out += chunk
    if steps:
        text = ansi.sub('', tty[seen:].decode('utf-8', 'replace'))
        if re.search(steps[0][0], text):
            seen = len(tty)
            answered.append(steps[0][0])
            answer = steps.pop(0)[1]
            if isinstance(answer, dict):
                os.kill(proc.pid, getattr(signal, answer['signal']))
            else:
                for ch in answer:
                    os.write(master, ch.encode())
                    time.sleep(0.02)
    # With stdout on the terminal, the loop ends when the terminal closes (all output read).
    if proc.poll() is not None and not cfg['stdoutOnTerminal'] and proc.stdout.fileno() not in fds:
        break
if proc.poll() is None:
    os.killpg(proc.pid, signal.SIGKILL)
code = proc.wait()
print(json.dumps({'exitCode': code, 'stdout': out.decode('utf-8', 'replace'), 'tty': ansi.sub('', tty.decode('utf-8', 'replace')), 'rawTty': tty.decode('utf-8', 'replace'), 'answered': answered}))
`

export interface PtyResult {
  exitCode: number
  stdout: string
  /** What the terminal showed (stderr and echoed input), ANSI sequences removed. */
  tty: string
  /** The same, as the terminal received it (colour and cursor sequences included). */
  rawTty: string
  /** The patterns that were seen and answered, in order. */
  answered: string[]
}

export interface PtyOptions {
  /** Set to undefined to leave a variable out (NO_COLOR is set unless the test says otherwise). */
  env?: Record<string, string | undefined>
  steps: Array<[pattern: string, answer: string | { signal: 'SIGTERM' | 'SIGINT' }]>
  timeoutMs?: number
  /** The terminal's size as it reports it; 200 x 50 unless given. */
  columns?: number
  rows?: number
  /** stdout on the terminal as well (its output then appears in `tty`, not `stdout`). */
  stdoutOnTerminal?: boolean
}

export function runCliInPty(args: string[], options: PtyOptions): Promise<PtyResult> {
  const env: Record<string, string | undefined> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) env[name] = process.env[name]!
  Object.assign(env, { NO_COLOR: '1', TERM: 'xterm', KROMA_VALIDATOR_POLL_MS: '100', KROMA_VALIDATOR_CONFIG_DIR: isolatedConfigDir() }, options.env)
  const config = {
    cmd: [process.execPath, BIN, ...args],
    env, // JSON leaves out the undefined ones
    steps: options.steps,
    timeout: (options.timeoutMs ?? 45_000) / 1000,
    columns: options.columns ?? 200,
    rows: options.rows ?? 50,
    stdoutOnTerminal: options.stdoutOnTerminal ?? false,
  }
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PTY_DRIVER, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pty driver failed (${code}): ${stderr}`))
      try {
        resolve(JSON.parse(stdout) as PtyResult)
      } catch (error) {
        reject(new Error(`pty driver printed no result: ${stdout} ${stderr}`, { cause: error }))
      }
    })
  })
}

/**
 * Runs a command that must be refused before sending, in text and in --json form: exit 3, the
 * reason on stderr (or in the JSON error, with nothing on stderr), and neither the signer's
 * nonce nor anything about the validator changed.
 */
export async function expectRefusal(chain: TestChain, signer: TestAccount, validator: string, args: string[], code: string, message: RegExp | string) {
  const before = await observe(chain, validator, signer.address)
  const text = await cliAs(chain, signer, args)
  expectFailure(text, 3, message)
  const json = await cliAs(chain, signer, [...args, '--json'])
  expect(json.exitCode, `stdout:\n${json.stdout}\nstderr:\n${json.stderr}`).toBe(3)
  const error = errorOf(json)
  expect(error).toMatchObject({ code, exitCode: 3 })
  if (typeof message === 'string') expect(error.message).toContain(message)
  else expect(error.message).toMatch(message)
  expect(json.stderr).toBe('')
  expect(await observe(chain, validator, signer.address)).toEqual(before)
  return { text, json, error }
}
