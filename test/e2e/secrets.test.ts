// Secrets never leave the process: every command, in success and failure, plain, --json and
// DEBUG=*, run with a private key, a mnemonic and a keystore password in play. None of them —
// nor the key derived from the mnemonic or the keystore's key, nor any 16-character fragment of
// any of them — may appear in stdout, stderr or any file the tool writes (the configuration
// folder, the keystore's folder, and a private HOME and TMPDIR scanned after the runs).
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HDNodeWallet, Mnemonic, Wallet, encryptKeystoreJsonSync, randomBytes } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult, chainFlags } from '../helpers/cli.js'
import { KRO, flagsFor, freshAccount, jsonOf, setEthBalance } from '../helpers/e2e.js'
import { closedPort } from '../helpers/rpc-proxy.js'

const MIN_REGISTER = KRO(10_000)
const MIN_ACTIVATE = KRO(20_000)

let chain: TestChain

// The three signers, each funded and registered by the CLI itself.
const pkWallet = Wallet.createRandom()
const mnemonic = Mnemonic.fromEntropy(randomBytes(16))
const mnemonicWallet = HDNodeWallet.fromMnemonic(mnemonic, "m/44'/60'/0'/0/0")
const keystoreWallet = Wallet.createRandom()
const PASSWORD = `pw-${Buffer.from(randomBytes(18)).toString('base64url')}`
// Secret-looking values the tool refuses; refusing them must not echo them either.
const WRONG_PASSWORD = `wrong-${Buffer.from(randomBytes(18)).toString('base64url')}`
// 64 hex digits, but above the secp256k1 group order (its top 128 bits are all ones).
const KEY_ABOVE_CURVE_ORDER = `0x${'f'.repeat(32)}${Buffer.from(randomBytes(16)).toString('hex')}`
const BAD_CHECKSUM_MNEMONIC = (() => {
  const words = Mnemonic.fromEntropy(randomBytes(16)).phrase.split(' ')
  // Swap two words: still 12 list words, almost surely a wrong checksum.
  ;[words[0], words[11]] = [words[11]!, words[0]!]
  const phrase = words.join(' ')
  return Mnemonic.isValidMnemonic(phrase) ? `${phrase.split(' ').slice(0, 11).join(' ')} zoo` : phrase
})()

const SECRETS: Record<string, string> = {
  'private key (VALIDATOR_PRIVATE_KEY)': pkWallet.privateKey,
  'mnemonic (VALIDATOR_MNEMONIC)': mnemonic.phrase,
  'private key derived from the mnemonic': mnemonicWallet.privateKey,
  'mnemonic seed': mnemonic.computeSeed(),
  'keystore password': PASSWORD,
  "keystore's private key": keystoreWallet.privateKey,
  'wrong keystore password': WRONG_PASSWORD,
  'refused private key': KEY_ABOVE_CURVE_ORDER,
  'refused mnemonic': BAD_CHECKSUM_MNEMONIC,
}

/** Every 16-character window of every secret (hex without 0x as well), lower case. */
const FRAGMENTS: Array<{ label: string; fragment: string }> = Object.entries(SECRETS).flatMap(([label, secret]) => {
  const forms = new Set([secret.toLowerCase(), secret.toLowerCase().replace(/^0x/, '')])
  const windows: Array<{ label: string; fragment: string }> = []
  for (const form of forms) {
    for (let index = 0; index + 16 <= form.length; index++) {
      const fragment = form.slice(index, index + 16)
      // A run of one or two characters (the all-ones prefix of the refused key) is no evidence of a leak.
      if (new Set(fragment).size > 2) windows.push({ label, fragment })
    }
  }
  return windows
})

function leaksIn(text: string): string[] {
  const haystack = text.toLowerCase()
  return [...new Set(FRAGMENTS.filter(({ fragment }) => haystack.includes(fragment)).map(({ label }) => label))]
}

// Everything the tool could write goes under these folders, scanned at the end.
const home = mkdtempSync(join(tmpdir(), 'kroma-secrets-home-'))
const temp = mkdtempSync(join(tmpdir(), 'kroma-secrets-tmp-'))
const configDir = mkdtempSync(join(tmpdir(), 'kroma-secrets-config-'))
const keystoreDir = mkdtempSync(join(tmpdir(), 'kroma-secrets-keystore-'))
const keystoreFile = join(keystoreDir, 'validator.json')
const passwordFile = join(keystoreDir, 'password.txt')
const wrongPasswordFile = join(keystoreDir, 'wrong-password.txt')
const OUR_FILES = new Set([keystoreFile, passwordFile, wrongPasswordFile])

type Signer = 'private-key' | 'mnemonic' | 'keystore'
const SIGNERS: Signer[] = ['private-key', 'mnemonic', 'keystore']
const addressOf: Record<Signer, string> = { 'private-key': pkWallet.address, mnemonic: mnemonicWallet.address, keystore: keystoreWallet.address }

interface Mode {
  json: boolean
  debug: boolean
}
const MODES: Mode[] = [
  { json: false, debug: false },
  { json: true, debug: false },
  { json: false, debug: true },
  { json: true, debug: true },
]
const modeName = (mode: Mode) => [mode.json ? '--json' : 'text', mode.debug ? 'DEBUG=*' : ''].filter(Boolean).join(' ')

/** Every run of this file, for the final scan. */
const transcripts: Array<{ label: string; result: CliResult }> = []

/**
 * Runs the CLI with the signer's secret in the environment. The keystore signer runs with all
 * three secrets present: --keystore wins over the environment, so the private key and the
 * mnemonic are there too.
 */
async function run(
  label: string,
  signer: Signer | 'none' | 'ambiguous',
  args: string[],
  mode: Mode,
  options: { connection?: boolean; extraEnv?: Record<string, string> } = {},
): Promise<CliResult> {
  const env: Record<string, string> = { HOME: home, TMPDIR: temp, KROMA_VALIDATOR_CONFIG_DIR: configDir, ...(mode.debug ? { DEBUG: '*' } : {}) }
  const signerArgs: string[] = []
  if (signer === 'private-key') env.VALIDATOR_PRIVATE_KEY = pkWallet.privateKey
  if (signer === 'mnemonic') env.VALIDATOR_MNEMONIC = mnemonic.phrase
  if (signer === 'ambiguous' || signer === 'keystore') Object.assign(env, { VALIDATOR_PRIVATE_KEY: pkWallet.privateKey, VALIDATOR_MNEMONIC: mnemonic.phrase })
  if (signer === 'keystore') signerArgs.push('--keystore', keystoreFile, '--password-file', passwordFile)
  const result = await runCli([...args, ...signerArgs, ...(options.connection === false ? [] : flagsFor(chain)), ...(mode.json ? ['--json'] : [])], {
    env: { ...env, ...options.extraEnv },
    timeoutMs: 60_000,
  })
  const fullLabel = `${label} [${signer}, ${modeName(mode)}]`
  transcripts.push({ label: fullLabel, result })
  expect(leaksIn(result.stdout), `${fullLabel} stdout:\n${result.stdout}`).toEqual([])
  expect(leaksIn(result.stderr), `${fullLabel} stderr:\n${result.stderr}`).toEqual([])
  return result
}

async function succeed(label: string, signer: Signer, args: string[], mode: Mode): Promise<CliResult> {
  const result = await run(label, signer, args, mode)
  expect(result.exitCode, `${label} [${signer}, ${modeName(mode)}]\n${result.stderr}`).toBe(0)
  if (mode.json) expect(jsonOf(result)).toBeTypeOf('object')
  return result
}

async function fail(
  label: string,
  signer: Signer | 'none' | 'ambiguous',
  args: string[],
  exitCode: number,
  options: { connection?: boolean; extraEnv?: Record<string, string> } = {},
): Promise<void> {
  for (const mode of MODES) {
    const result = await run(label, signer, args, mode, options)
    expect(result.exitCode, `${label} [${signer}, ${modeName(mode)}]\n${result.stdout}\n${result.stderr}`).toBe(exitCode)
    if (mode.json) expect(jsonOf<{ error: { exitCode: number } }>(result).error.exitCode).toBe(exitCode)
    // DEBUG=* asks for the stack; secrets must stay out of it all the same.
    if (mode.debug && !mode.json) expect(result.stderr).toMatch(/^Error: /m)
  }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

beforeAll(async () => {
  chain = await startTestChain({ params: { minRegisterAmount: MIN_REGISTER, minActivateAmount: MIN_ACTIVATE } })
  for (const address of Object.values(addressOf)) {
    await setEthBalance(chain, address, 10n ** 19n)
    await chain.mintKro(address, KRO(100_000))
  }
  writeFileSync(
    keystoreFile,
    encryptKeystoreJsonSync({ address: keystoreWallet.address, privateKey: keystoreWallet.privateKey }, PASSWORD, { scrypt: { N: 1 << 10 } }),
    { mode: 0o600 },
  )
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 })
  writeFileSync(wrongPasswordFile, `${WRONG_PASSWORD}\n`, { mode: 0o600 })
})
afterAll(async () => {
  await chain?.stop()
})

describe('secrets stay secret', () => {
  it('the secrets under test are what they claim to be', () => {
    expect(new Wallet(pkWallet.privateKey).address).toBe(addressOf['private-key'])
    expect(Mnemonic.isValidMnemonic(mnemonic.phrase)).toBe(true)
    expect(Mnemonic.isValidMnemonic(BAD_CHECKSUM_MNEMONIC)).toBe(false)
    expect(BAD_CHECKSUM_MNEMONIC.split(' ')).toHaveLength(12)
    expect(PASSWORD.length).toBeGreaterThanOrEqual(16)
    expect(readFileSync(keystoreFile, 'utf8')).not.toContain(keystoreWallet.privateKey.slice(2))
    // The scan finds a secret when there is one (so a clean result means something).
    expect(leaksIn(`noise ${mnemonic.phrase.slice(5, 30)} noise`)).toEqual(['mnemonic (VALIDATOR_MNEMONIC)'])
    expect(leaksIn(pkWallet.privateKey.slice(20, 36).toUpperCase())).toEqual(['private key (VALIDATOR_PRIVATE_KEY)'])
  })

  it('every sending command succeeds with each signer, and nothing secret is printed', async () => {
    // Modes: the private key in text, the mnemonic in --json, the keystore (with all secrets set) under DEBUG=*, alternating --json.
    const modeFor = (signer: Signer, step: number): Mode =>
      signer === 'private-key' ? { json: false, debug: false } : signer === 'mnemonic' ? { json: true, debug: false } : { json: step % 2 === 1, debug: true }
    let step = 0
    const each = async (label: string, args: (signer: Signer) => string[]) => {
      step += 1
      for (const signer of SIGNERS) await succeed(label, signer, args(signer), modeFor(signer, step))
    }

    // Each signer is its own withdraw account, so that it can also run withdraw.
    await each('register', (signer) => [
      'register',
      '--amount',
      '10000KRO',
      '--commission-rate',
      '10',
      '--withdraw-account',
      addressOf[signer],
      '--allow-same-withdraw-account',
    ])
    for (const signer of SIGNERS) {
      const delegator = await freshAccount(chain)
      await chain.delegate(delegator.privateKey, addressOf[signer], MIN_ACTIVATE - MIN_REGISTER)
    }
    await each('activate', () => ['activate'])
    await each('depositKro', () => ['depositKro', '--amount', '1000KRO'])
    await each('changeCommission init', () => ['changeCommission', 'init', '--commission-rate', '15'])
    const delay = await chain.contracts.validatorManager.COMMISSION_CHANGE_DELAY_SECONDS()
    const minDelegation = await chain.contracts.assetManager.MIN_DELEGATION_PERIOD()
    await chain.increaseTime((delay > minDelegation ? delay : minDelegation) + 1n)
    await each('changeCommission finalize', () => ['changeCommission', 'finalize'])
    await each('withdraw', () => ['withdraw', '--amount', '1KRO'])
    for (const signer of SIGNERS) await chain.jail(addressOf[signer])
    await chain.increaseTime((await chain.contracts.validatorManager.SOFT_JAIL_PERIOD_SECONDS()) + 1n)
    await each('unjail', () => ['unjail'])

    // The chain shows all of it happened, for each signer.
    for (const signer of SIGNERS) {
      const address = addressOf[signer]
      expect(await chain.contracts.validatorManager.getCommissionRate(address)).toBe(15n)
      expect(await chain.contracts.validatorManager.inJail(address)).toBe(false)
      expect(await chain.contracts.assetManager.totalValidatorKro(address)).toBe(KRO(11_000) - KRO(1))
    }
  })

  it('status in every mode, for each signer and by address', async () => {
    for (const mode of MODES) {
      for (const signer of SIGNERS) {
        const result = await succeed('status', signer, ['status'], mode)
        if (mode.json) expect(jsonOf<{ address: string }>(result).address).toBe(addressOf[signer])
      }
      await succeed('status by address', 'private-key', ['status', addressOf.mnemonic, addressOf.keystore], mode)
    }
  })

  it('--dry-run in every mode prints the plan and nothing secret', async () => {
    for (const mode of MODES) for (const signer of SIGNERS) await succeed('depositKro --dry-run', signer, ['depositKro', '--amount', '5KRO', '--dry-run'], mode)
  })

  it('failing runs: refusals, bad input, RPC down, wrong password, refused secrets', async () => {
    await fail('unjail when not jailed (refusal)', 'private-key', ['unjail'], 3)
    await fail('changeCommission finalize with nothing pending (refusal)', 'keystore', ['changeCommission', 'finalize'], 3)
    await fail('depositKro with a bad amount', 'mnemonic', ['depositKro', '--amount', '1.5'], 2)
    await fail(
      'register with a bad rate',
      'keystore',
      ['register', '--amount', '10000KRO', '--commission-rate', '101', '--withdraw-account', addressOf.keystore],
      2,
    )
    const down = `http://127.0.0.1:${await closedPort()}/`
    const downFlags = [...chainFlags({ rpcUrl: down, chainId: chain.chainId, addresses: chain.addresses }), '--rpc-timeout', '2']
    await fail('depositKro with the RPC down', 'keystore', ['depositKro', '--amount', '1KRO', ...downFlags], 4, { connection: false })
    await fail('status with the RPC down', 'mnemonic', ['status', ...downFlags], 4, { connection: false })
    await fail('both a private key and a mnemonic', 'ambiguous', ['depositKro', '--amount', '1KRO'], 2)
    await fail('wrong keystore password', 'none', ['depositKro', '--amount', '1KRO', '--keystore', keystoreFile, '--password-file', wrongPasswordFile], 6, {
      extraEnv: { VALIDATOR_MNEMONIC: mnemonic.phrase },
    })
    await fail('a private key above the curve order', 'none', ['depositKro', '--amount', '1KRO'], 2, {
      extraEnv: { VALIDATOR_PRIVATE_KEY: KEY_ABOVE_CURVE_ORDER },
    })
    await fail('a mnemonic with a bad checksum', 'none', ['activate'], 2, { extraEnv: { VALIDATOR_MNEMONIC: BAD_CHECKSUM_MNEMONIC } })
    await fail('a mnemonic with a bad derivation path', 'mnemonic', ['unjail', '--hd-path', "m/44'/60'/x"], 2)
  })

  it('config set refuses key-looking values and writes none of them; the file is readable by its owner only', async () => {
    const file = join(configDir, 'config.json')
    // config commands take no connection flags; both environment secrets are present throughout.
    const configRun = (label: string, args: string[], mode: Mode) => run(label, 'ambiguous', ['config', ...args], mode, { connection: false })
    for (const mode of MODES) {
      expect((await configRun('config set keystore', ['set', 'keystore', keystoreFile], mode)).exitCode).toBe(0)
      expect((await configRun('config set hd-path', ['set', 'hd-path', "m/44'/60'/0'/0/1"], mode)).exitCode).toBe(0)
      expect((await configRun('config set validator', ['set', 'validator', addressOf.keystore], mode)).exitCode).toBe(0)
    }
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const before = readFileSync(file, 'utf8')

    const keyLooking: Array<[key: string, value: string]> = [
      ['validator', pkWallet.privateKey],
      ['validator', pkWallet.privateKey.slice(2)],
      ['keystore', pkWallet.privateKey.toUpperCase().replace('0X', '0x')],
      ['rpc-url', `https://eth.example.com/${mnemonicWallet.privateKey}`],
      ['keystore', mnemonic.phrase],
      ['hd-path', mnemonic.phrase],
      ['network', `  ${mnemonic.phrase}\n`],
      ['keystore', Mnemonic.fromEntropy(randomBytes(32)).phrase],
    ]
    // Not under DEBUG=*: there oclif's own debug log prints process.argv before any command code
    // runs, so a value typed on the command line is echoed whatever the tool does with it (see the
    // report). The secrets the tool takes (environment, keystore, password file) are covered above.
    for (const [key, value] of keyLooking) {
      for (const mode of MODES.filter((candidate) => !candidate.debug)) {
        const result = await configRun(`config set ${key} <secret>`, ['set', key, value], mode)
        expect(result.exitCode, result.stderr).toBe(2)
        const message = mode.json ? jsonOf<{ error: { code: string; message: string } }>(result).error : { code: 'SECRET_REFUSED', message: result.stderr }
        expect(message.code).toBe('SECRET_REFUSED')
        expect(message.message).toContain(`Refusing to store a value for "${key}"`)
      }
    }
    // Not written: the file is byte for byte what it was, and still private.
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(statSync(file).mode & 0o777).toBe(0o600)

    for (const mode of MODES) {
      const list = await configRun('config list', ['list'], mode)
      expect(list.exitCode).toBe(0)
      expect(list.stdout).toContain(addressOf.keystore)
      const get = await configRun('config get hd-path', ['get', 'hd-path'], mode)
      expect(get.exitCode).toBe(0)
    }
  })

  it('no file the tool wrote holds a secret, and nothing was left in the scanned folders but the config file', () => {
    const written = [...filesUnder(configDir), ...filesUnder(home), ...filesUnder(temp), ...filesUnder(keystoreDir).filter((file) => !OUR_FILES.has(file))]
    for (const file of written) expect(leaksIn(readFileSync(file, 'latin1')), file).toEqual([])
    expect(filesUnder(configDir)).toEqual([join(configDir, 'config.json')])
    expect(filesUnder(keystoreDir).sort()).toEqual([...OUR_FILES].sort())
    // The keystore file itself holds the key only encrypted.
    expect(leaksIn(readFileSync(keystoreFile, 'utf8'))).toEqual([])
    // And across every run of this file, stdout and stderr together.
    expect(transcripts.length).toBeGreaterThan(100)
    for (const { label, result } of transcripts) expect(leaksIn(result.stdout + result.stderr), label).toEqual([])
  })
})
