#!/usr/bin/env node
// npm run demo: the whole operator story, then a delegator's, on a local devnet, told by the CLI itself.
//
// Starts a devnet in the background (its own configuration folder in a temp dir, so the
// operator's settings are never read or touched), then runs bin/run.js step by step and prints
// a transcript: each command line, then its output. Every step's exit code is checked, and a
// refusal must be refused for the right reason. Exits 0 only if every step did what it should,
// and always stops its devnet: on success, on failure and on Ctrl-C.
//
// Plain Node ESM. Keys reach the CLI through the environment only. The withdraw is signed on a
// Ledger: the APDU-level emulation of the Ethereum app that the tests use, served on loopback
// over the Speculos REST API (loaded through tsx, a development dependency).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters as stripAnsi } from 'node:util'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'bin', 'run.js')
const STEP_TIMEOUT_MS = 60_000

const tty = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined
const paint = (code) => (text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = paint('1')
const dim = paint('2')
const green = paint('32')
const red = paint('31')
const cyan = paint('36')

if (!existsSync(join(ROOT, 'dist', 'commands', 'devnet', 'start.js'))) {
  process.stderr.write('The CLI is not built: run `npm run demo` (it builds first), or `npm run build` and then this script.\n')
  process.exit(1)
}

// An isolated configuration, and none of the operator's connection or key variables: the demo
// must talk to its own devnet only, whatever the shell has loaded (a kroma-up .env, say).
const configDir = mkdtempSync(join(tmpdir(), 'kroma-validator-demo-'))
const baseEnv = {}
for (const [name, value] of Object.entries(process.env)) {
  if (/^(VALIDATOR_|KROMA_)/.test(name) || name === 'FORCE_COLOR' || name === 'NO_COLOR') continue
  baseEnv[name] = value
}
baseEnv.KROMA_VALIDATOR_CONFIG_DIR = configDir
if (tty) baseEnv.FORCE_COLOR = '1'
else baseEnv.NO_COLOR = '1'

let current // the CLI process of the step being run
let ledgerDevice // the emulated Ledger, once started

/** Starts the emulated Ledger (anvil's test seed, on 127.0.0.1); the tests drive the same one. */
async function startLedgerEmulation() {
  const { register } = await import('tsx/esm/api')
  register()
  const { startLedgerEmulator } = await import('../test/helpers/ledger-emulator/index.ts')
  return startLedgerEmulator()
}
let interrupted = false
let cleaningUp = false

/** Runs one CLI command, echoing its output as it comes; resolves with the exit code and the text. */
function cli(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...baseEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    current = child
    let output = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      output += chunk
      process.stdout.write(chunk)
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
      stderr += chunk
      process.stdout.write(chunk)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      current = undefined
      resolve({ code: code ?? (signal ? 128 : 1), output: stripAnsi(output), stderr: stripAnsi(stderr) })
    })
  })
}

class StepFailed extends Error {}

let stepNumber = 0
const started = Date.now()

/**
 * One step of the story. `expect.exit` is the exit code it must end with; `expect.output`, a
 * pattern its output must match (for a refusal: the reason, and when it becomes possible).
 */
async function step(title, args, { signer, ledger, exit = 0, output, note } = {}) {
  if (interrupted) throw new StepFailed('interrupted')
  stepNumber += 1
  process.stdout.write(`\n${cyan(bold(`# ${stepNumber}. ${title}`))}\n`)
  if (note) process.stdout.write(`${dim(`# ${note}`)}\n`)
  const env = {}
  if (signer) {
    env.VALIDATOR_PRIVATE_KEY = signer.privateKey
    process.stdout.write(`${dim(`# signer: ${signer.label} ${signer.address}, key in VALIDATOR_PRIVATE_KEY (a public anvil test key)`)}\n`)
  }
  if (ledger) {
    env.KROMA_LEDGER_SPECULOS_URL = ledger.url
    process.stdout.write(`${dim(`# signer: ${ledger.label}; KROMA_LEDGER_SPECULOS_URL=${ledger.url}`)}\n`)
  }
  process.stdout.write(`${bold(`$ kroma-validator ${args.join(' ')}`)}\n`)
  const result = await cli(args, env)
  if (interrupted) throw new StepFailed('interrupted')
  const problems = []
  if (result.code !== exit) problems.push(`exit code ${result.code}, expected ${exit}`)
  if (output && !output.test(result.output)) problems.push(`output does not match ${output}`)
  if (problems.length > 0) throw new StepFailed(`step ${stepNumber} (${title}): ${problems.join('; ')}`)
  process.stdout.write(green(exit === 0 ? `✓ exit 0\n` : `✓ refused as expected (exit ${exit})\n`))
  return result
}

/** Always run at the end: `devnet stop` exits 0 when nothing runs, so it is safe after any failure. */
async function stopDevnet() {
  process.stdout.write(`\n${cyan(bold('# Clean up'))}\n${bold('$ kroma-validator devnet stop')}\n`)
  const result = await cli(['devnet', 'stop'])
  if (result.code !== 0) throw new StepFailed(`devnet stop exited ${result.code}`)
}

function onSignal(signal) {
  // During the clean-up, let `devnet stop` finish: it is what leaves nothing behind.
  if (interrupted || cleaningUp) return
  interrupted = true
  process.stdout.write(`\n${red(`Interrupted (${signal}): stopping the devnet…`)}\n`)
  current?.kill('SIGTERM')
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)
process.on('SIGHUP', onSignal)

async function story() {
  process.stdout.write(`${bold('kroma-validator demo')}: a local devnet, every operator flow and a delegator's, with mainnet's parameters.\n`)
  process.stdout.write(dim(`(configuration and devnet state in ${configDir}, removed at the end)\n`))

  const start = await step('Start a local devnet in the background', ['devnet', 'start', '--detach'], { output: /Devnet running at http:\/\/127\.0\.0\.1:\d+/ })
  const accounts = [...start.output.matchAll(/^\s*(\d+)\s+(0x[0-9a-fA-F]{40})\s+(0x[0-9a-fA-F]{64})\b/gm)].map((m) => ({
    index: Number(m[1]),
    address: m[2],
    privateKey: m[3],
  }))
  const account = (index, label) => {
    const found = accounts.find((a) => a.index === index)
    if (!found) throw new StepFailed(`devnet start printed no test account ${index}`)
    return { ...found, label }
  }
  const validator = account(1, 'the validator (anvil account 1)')
  const withdrawer = account(2, 'the withdraw account (anvil account 2)')
  const net = ['--network', 'devnet']

  await step('A fresh address is not a validator yet', ['status', ...net], { signer: validator, output: /\bNONE\b/ })
  await step(
    'Register: check and simulate first, sign nothing',
    ['register', '--amount', '10000KRO', '--commission-rate', '10', '--withdraw-account', withdrawer.address, ...net, '--dry-run'],
    {
      signer: validator,
      output: /Dry run: nothing was signed or sent[\s\S]*registerValidator/,
    },
  )
  await step(
    'Register for real: approve, then registerValidator',
    ['register', '--amount', '10000KRO', '--commission-rate', '10', '--withdraw-account', withdrawer.address, ...net, '--yes'],
    {
      signer: validator,
      output: /Registered: ACTIVE, commission 10%, 10,000 KRO/,
    },
  )
  await step('The validator is ACTIVE', ['status', ...net], { signer: validator, output: /\bACTIVE\b/ })
  await step('Top up its own KRO', ['depositKro', '--amount', '5000KRO', ...net, '--yes'], {
    signer: validator,
    output: /Deposited: own KRO 10,000 KRO → 15,000 KRO/,
  })
  await step('It is the priority validator and submits an output (bonds KRO)', ['devnet', 'submit-output'], {
    output: new RegExp(`Output \\d+ submitted by the priority validator ${validator.address}`),
  })
  await step('The output is finalized: the bond is released and the reward paid', ['devnet', 'finalize'], {
    output: /Finalized 1 output[\s\S]*reward [\d,.]+ KRO to the validator/,
  })
  await step('Start a commission change to 5%', ['changeCommission', 'init', '--commission-rate', '5', ...net, '--yes'], {
    signer: validator,
    output: /Commission change to 5% initiated/,
  })
  await step('Finalizing right away is refused, with the time it becomes possible', ['changeCommission', 'finalize', ...net, '--yes'], {
    signer: validator,
    exit: 3,
    output: /can be finalized from \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d/,
  })
  await step('Fourteen days pass on the devnet', ['devnet', 'warp', '14d'], { output: /Chain time is now .* \(moved 14d/ })
  await step('Now the commission change goes through', ['changeCommission', 'finalize', ...net, '--yes'], {
    signer: validator,
    output: /Commission changed: 10% → 5%/,
  })
  await step('The validator misses its priority rounds and is jailed', ['devnet', 'miss', '--validator', validator.address], {
    output: /jailed until \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
  })
  await step('Status shows the jail and when it ends', ['status', ...net], { signer: validator, output: /JAILED[\s\S]*jailed until/ })
  await step('Unjailing before the jail period is over is refused, with when', ['unjail', ...net, '--yes'], {
    signer: validator,
    exit: 3,
    output: /jailed until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d/,
  })
  await step('The soft jail period (3 days) passes', ['devnet', 'warp', '3d'], { output: /moved 3d/ })
  await step('Unjail: back in the selection tree', ['unjail', ...net, '--yes'], { signer: validator, output: /Unjailed: ACTIVE/ })
  await step('Past the minimum delegation period (7 days) since the last deposit', ['devnet', 'warp', '7d'], { output: /moved 7d/ })
  // The withdraw account is anvil account 2, which is m/44'/60'/0'/0/2 of the emulated Ledger's seed.
  const ledgerPath = "m/44'/60'/0'/0/2"
  ledgerDevice = await startLedgerEmulation()
  await step(
    'Withdraw 5,000 KRO to the withdraw account, signed on its Ledger',
    ['withdraw', '--validator', validator.address, '--amount', '5000KRO', '--ledger', '--hd-path', ledgerPath, ...net, '--yes'],
    {
      ledger: { url: ledgerDevice.url, label: `the withdraw account ${withdrawer.address} on a Ledger (emulated) at ${ledgerPath}` },
      note: 'Only the withdraw account can withdraw; it lives on a hardware wallet, the device is asked only after every check passed.',
      output: /Confirm the transaction on your Ledger[\s\S]*Withdrawn 5,000 KRO/,
    },
  )

  // A delegator's story: anvil account 3 holds KRO and KGH #10 to #12 (3 per test account, from #1).
  const delegator = account(3, 'a delegator (anvil account 3)')
  const to = ['--validator', validator.address, ...net]
  await step('A delegator delegates 1,000 KRO to the validator, for shares', ['delegate', ...to, '--amount', '1000KRO', '--yes'], {
    signer: delegator,
    output: /Delegated 1,000 KRO to .*: [\d,]+ shares, worth [\d,.]+ KRO/,
  })
  await step('and two KGH (approved one token at a time)', ['kgh', 'delegate', ...to, '--token-id', '10,11', '--yes'], {
    signer: delegator,
    output: /Delegated KGH #10, #11 to .*: 2 KGH/,
  })
  await step('The validator submits an output', ['devnet', 'submit-output'], { output: /Output \d+ submitted/ })
  await step('Finalized: the delegators get their part of the reward, boosted by the KGH', ['devnet', 'finalize'], { output: /Finalized 1 output/ })
  await step('The delegator claims the boosted reward of its KGH', ['kgh', 'claim', ...to, '--yes'], {
    signer: delegator,
    output: /Claimed [\d,.]+ KRO of boosted reward/,
  })
  await step('Taking the KRO back before the lock ends is refused, with when', ['undelegate', ...to, '--amount', 'max', '--yes'], {
    signer: delegator,
    exit: 3,
    output: /locked until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d/,
  })
  await step('The minimum delegation period (7 days) passes', ['devnet', 'warp', '7d'], { output: /moved 7d/ })
  await step('Undelegate everything the KRO position is worth, rewards included', ['undelegate', ...to, '--amount', 'max', '--yes'], {
    signer: delegator,
    output: /Undelegated [\d,.]+ KRO from .*: the position is now worth 0 KRO/,
  })
  await step('and take both KGH back', ['kgh', 'undelegate', ...to, '--token-id', 'all', '--yes'], {
    signer: delegator,
    output: /Undelegated KGH #10, #11 from .*; 0 KGH left/,
  })
  await step('Where the validator stands at the end', ['status', validator.address, ...net], { output: /\bACTIVE\b[\s\S]*Commission\s+5%/ })
}

let exitCode = 0
try {
  await story()
} catch (error) {
  exitCode = interrupted ? 130 : 1
  const message = error instanceof StepFailed ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)
  if (!interrupted) process.stdout.write(`\n${red(bold(`✗ The demo failed: ${message}`))}\n`)
} finally {
  try {
    // A Ctrl-C reached the step's CLI too; stop the devnet all the same.
    cleaningUp = true
    await ledgerDevice?.stop()
    await stopDevnet()
  } catch (error) {
    exitCode = exitCode || 1
    process.stdout.write(`${red(`✗ Could not stop the devnet: ${error instanceof Error ? error.message : String(error)}`)}\n`)
  }
  rmSync(configDir, { recursive: true, force: true })
}
const seconds = ((Date.now() - started) / 1000).toFixed(1)
if (exitCode === 0) process.stdout.write(`\n${green(bold(`✓ Demo complete: ${stepNumber} steps, each as expected, in ${seconds}s. The devnet is stopped.`))}\n`)
else if (exitCode === 130) process.stdout.write(`${red('Demo interrupted; the devnet is stopped.')}\n`)
process.exitCode = exitCode
