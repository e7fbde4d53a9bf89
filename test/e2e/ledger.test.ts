// Signing on a Ledger, end to end: bin/run.js talks to the APDU-level Ethereum app emulator over
// the Speculos REST API (KROMA_LEDGER_SPECULOS_URL) and sends to anvil.
import { createRequire } from 'node:module'
import { Wallet, parseEther, parseUnits } from 'ethers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, runCli, type CliResult } from '../helpers/cli.js'
import { pathToIndexes, startLedgerEmulator, type EmulatorMode, type LedgerEmulator, type ModeOptions } from '../helpers/ledger-emulator/index.js'

const KRO = (amount: number): bigint => parseUnits(String(amount), 18)

// Where the withdraw accounts of the test validators are on the (emulated) Ledger.
const LIVE_2 = "m/44'/60'/2'/0/0" // Ledger Live layout, --ledger-index 2
const LEGACY_3 = "m/44'/60'/0'/3" // legacy layout, --hd-path
const BIP44_4 = "m/44'/60'/0'/0/4" // BIP44 layout (MetaMask), --hd-path
const DEFAULT_PATH = "m/44'/60'/0'/0/0"
// A validator whose own key is on the Ledger (anvil's account 7: it has ETH and KRO).
const VALIDATOR_KEY_PATH = "m/44'/60'/0'/0/7"

let chain: TestChain
let emu: LedgerEmulator
/** Validators whose withdraw account is on the Ledger at LIVE_2, LEGACY_3 and BIP44_4. */
let validatorA: string
let validatorB: string
let validatorC: string

beforeAll(async () => {
  // Activation needs more than registration, so `activate` has something to do.
  chain = await startTestChain({ params: { minActivateAmount: KRO(20_000) } })
  emu = await startLedgerEmulator()
  validatorA = await registerValidator(emu.addressAt(LIVE_2))
  validatorB = await registerValidator(emu.addressAt(LEGACY_3))
  validatorC = await registerValidator(emu.addressAt(BIP44_4))
  // Past canWithdrawAt (the minimum period after the last deposit).
  const latest = await chain.contracts.assetManager.canWithdrawAt(validatorC)
  await chain.increaseTime(latest - (await chain.latestTimestamp()) + 1n)
})
afterAll(async () => {
  await emu?.stop()
  await chain?.stop()
})
afterEach(() => {
  emu.setMode('ok')
})

/** A fresh validator with 30,000 KRO registered directly on the contracts; its withdraw account gets ETH for gas. */
async function registerValidator(withdrawAccount: string): Promise<string> {
  const key = Wallet.createRandom()
  await setEth(key.address, parseEther('10'))
  await setEth(withdrawAccount, parseEther('10'))
  await chain.mintKro(key.address, KRO(30_000))
  await chain.registerValidator(key.privateKey, KRO(30_000), 10, withdrawAccount)
  return key.address
}

async function setEth(address: string, wei: bigint): Promise<void> {
  await chain.provider.send('anvil_setBalance', [address, `0x${wei.toString(16)}`])
}

const connection = () => chainFlags({ rpcUrl: chain.rpcUrl, chainId: Number(chain.chainId), addresses: chain.addresses })

/** Runs the CLI with the emulator as the Ledger; returns the result and the APDUs it sent. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult & { apdus: string[] }> {
  const first = emu.apduLog.length
  const result = await runCli(args, { env: { KROMA_LEDGER_SPECULOS_URL: emu.url, ...env } })
  return { ...result, apdus: emu.apduLog.slice(first) }
}

const withdrawArgs = (validator: string, ...extra: string[]) => [
  'withdraw',
  '--validator',
  validator,
  '--amount',
  '100KRO',
  '--ledger',
  '--json',
  ...extra,
  ...connection(),
]

const signApdus = (apdus: string[]) => apdus.filter((apdu) => apdu.startsWith('e004'))
const displayApdus = (apdus: string[]) => apdus.filter((apdu) => apdu.startsWith('e0020100'))

/** The BIP32 path as the first SIGN APDU carries it: count byte, then 4-byte indexes. */
function pathHex(path: string): string {
  const indexes = pathToIndexes(path)
  return indexes.length.toString(16).padStart(2, '0') + indexes.map((i) => i.toString(16).padStart(8, '0')).join('')
}
/** The paths of the signatures started in these APDUs (P1 = 00 starts one). */
function signedPaths(apdus: string[]): string[] {
  return signApdus(apdus)
    .filter((apdu) => apdu.startsWith('e0040000'))
    .map((apdu) => {
      const count = Number.parseInt(apdu.slice(10, 12), 16)
      return apdu.slice(10, 12 + 8 * count)
    })
}

function json<T = Record<string, unknown>>(result: CliResult): T {
  return JSON.parse(result.stdout) as T
}
interface ErrorJson {
  error: { code: string; message: string; suggestions: string[]; exitCode: number; [key: string]: unknown }
}
interface SentJson {
  transactions: Array<{ hash: string; to: string; function: string; status: string; blockNumber: number }>
}

/** What must not move when a command fails before sending. */
async function observe(account: string, validator: string) {
  const [latestNonce, pendingNonce, block, withdrawAccountKro, validatorKro] = await Promise.all([
    chain.provider.send('eth_getTransactionCount', [account, 'latest']) as Promise<string>,
    chain.provider.send('eth_getTransactionCount', [account, 'pending']) as Promise<string>,
    chain.provider.getBlockNumber(),
    chain.kroBalance(account),
    chain.contracts.assetManager.totalValidatorKro(validator),
  ])
  return { latestNonce, pendingNonce, block, withdrawAccountKro, validatorKro }
}

async function expectSentFromDevice(result: CliResult, address: string, functions: string[]): Promise<SentJson> {
  expect(result.exitCode, result.stderr + result.stdout).toBe(0)
  const sent = json<SentJson>(result)
  expect(sent.transactions.map((tx) => [tx.function, tx.status])).toEqual(functions.map((f) => [f, 'success']))
  for (const tx of sent.transactions) {
    const onChain = await chain.provider.getTransaction(tx.hash)
    expect(onChain?.from).toBe(address)
    expect(onChain?.type).toBe(2)
  }
  return sent
}

describe('withdraw signed on the Ledger', () => {
  it('--ledger-index selects the Ledger Live account: the withdrawal lands and the KRO reaches the withdraw account', async () => {
    const withdrawAccount = emu.addressAt(LIVE_2)
    const kroBefore = await chain.kroBalance(withdrawAccount)
    const totalBefore = await chain.contracts.assetManager.totalValidatorKro(validatorA)

    const result = await cli(withdrawArgs(validatorA, '--ledger-index', '2'))

    const sent = await expectSentFromDevice(result, withdrawAccount, ['withdraw'])
    expect(sent.transactions[0]!.to).toBe(chain.addresses.assetManager)
    expect(await chain.kroBalance(withdrawAccount)).toBe(kroBefore + KRO(100))
    expect(await chain.contracts.assetManager.totalValidatorKro(validatorA)).toBe(totalBefore - KRO(100))
    expect(result.stderr).toContain('Confirm the transaction on your Ledger')
    // The device signed with the account at m/44'/60'/2'/0/0, and only once.
    expect(signedPaths(result.apdus)).toEqual([pathHex(LIVE_2)])
  })

  it('--hd-path selects a legacy-layout account', async () => {
    const withdrawAccount = emu.addressAt(LEGACY_3)
    const kroBefore = await chain.kroBalance(withdrawAccount)

    const result = await cli(withdrawArgs(validatorB, '--hd-path', LEGACY_3))

    await expectSentFromDevice(result, withdrawAccount, ['withdraw'])
    expect(await chain.kroBalance(withdrawAccount)).toBe(kroBefore + KRO(100))
    expect(signedPaths(result.apdus)).toEqual([pathHex(LEGACY_3)])
  })

  it('a path that is not the withdraw account is refused (exit 3) before anything is signed', async () => {
    const signer = emu.addressAt(DEFAULT_PATH)
    const before = await observe(emu.addressAt(LIVE_2), validatorA)

    const result = await cli(withdrawArgs(validatorA))

    expect(result.exitCode, result.stderr).toBe(3)
    const { error } = json<ErrorJson>(result)
    expect(error.code).toBe('NOT_WITHDRAW_ACCOUNT')
    expect(error.exitCode).toBe(3)
    expect(error.message).toContain(signer)
    expect(error.message).toContain(emu.addressAt(LIVE_2))
    expect(error.suggestions.join('\n')).toContain(`ledger addresses --validator ${validatorA}`)
    // The device was asked for its address (before preflight), never to sign.
    expect(result.apdus.some((apdu) => apdu.startsWith('e002'))).toBe(true)
    expect(signApdus(result.apdus)).toEqual([])
    expect(result.stderr).not.toContain('Confirm the transaction on your Ledger')
    expect(await observe(emu.addressAt(LIVE_2), validatorA)).toEqual(before)
  })

  it('--dry-run with --ledger reads the device address and signs nothing', async () => {
    const before = await observe(emu.addressAt(LIVE_2), validatorA)
    const result = await cli(withdrawArgs(validatorA, '--ledger-index', '2', '--dry-run'))
    expect(result.exitCode, result.stderr).toBe(0)
    const plan = json<{ dryRun: boolean; from: string }>(result)
    expect(plan).toMatchObject({ dryRun: true, from: emu.addressAt(LIVE_2) })
    expect(signApdus(result.apdus)).toEqual([])
    expect(await observe(emu.addressAt(LIVE_2), validatorA)).toEqual(before)
  })
})

describe('exit --execute signed on the Ledger', () => {
  it("the withdraw account on the device takes out its validator's KRO: signed once at its path, the KRO arrives", async () => {
    const path = "m/44'/60'/5'/0/0" // Ledger Live layout, --ledger-index 5
    const withdrawAccount = emu.addressAt(path)
    const validator = await registerValidator(withdrawAccount)
    const am = chain.contracts.assetManager
    await chain.increaseTime((await am.canWithdrawAt(validator)) - (await chain.latestTimestamp()) + 1n)
    const [notBonded, kroBefore, nonceBefore] = await Promise.all([
      am.totalValidatorKroNotBonded(validator),
      chain.kroBalance(withdrawAccount),
      chain.provider.getTransactionCount(withdrawAccount),
    ])
    expect(notBonded).toBe(KRO(30_000))

    const result = await cli(['exit', '--execute', '--yes', '--ledger', '--ledger-index', '5', '--json', ...connection()])

    expect(result.exitCode, result.stderr).toBe(0)
    const document = json<{
      address: string
      executed: Array<{ step: { kind: string; validator: string; amount: string }; result: SentJson }>
      remaining: Array<{ kind: string }>
    }>(result)
    expect(document.address).toBe(withdrawAccount)
    expect(
      document.executed.map(({ step, result: sent }) => [step.kind, step.validator, step.amount, sent.transactions.map((tx) => [tx.function, tx.status])]),
    ).toEqual([['withdraw', validator, notBonded.toString(), [['withdraw', 'success']]]])
    const [sent] = document.executed[0]!.result.transactions
    const onChain = await chain.provider.getTransaction(sent!.hash)
    expect(onChain).toMatchObject({ from: withdrawAccount, to: chain.addresses.assetManager, type: 2 })
    expect(document.remaining).toEqual([])
    // The chain after: every KRO of the validator is with its withdraw account, one transaction sent.
    expect(await chain.kroBalance(withdrawAccount)).toBe(kroBefore + notBonded)
    expect(await am.totalValidatorKro(validator)).toBe(0n)
    expect(await chain.provider.getTransactionCount(withdrawAccount)).toBe(nonceBefore + 1)
    // The device was asked for its address and to sign, once, at the withdraw account's path.
    expect(signedPaths(result.apdus)).toEqual([pathHex(path)])
    expect(result.stderr).toContain('Confirm the transaction on your Ledger')
  })
})

describe('device failures: exit 6, nothing signed or broadcast', () => {
  // prompted: whether "Confirm the transaction on your Ledger" is shown (the pipeline reached signing);
  // signs: whether SIGN APDUs may reach the device at all.
  const cases: Array<{
    mode: EmulatorMode
    options?: ModeOptions
    env?: Record<string, string>
    code: string
    message: RegExp
    prompted: boolean
    signs: boolean
  }> = [
    { mode: 'locked', code: 'LEDGER_LOCKED', message: /The Ledger is locked \(0x5515\)/, prompted: false, signs: false },
    { mode: 'locked', options: { statusWord: 0x6b0c }, code: 'LEDGER_LOCKED', message: /The Ledger is locked \(0x6b0c\)/, prompted: false, signs: false },
    { mode: 'app-closed', code: 'LEDGER_APP_NOT_OPEN', message: /The Ethereum app is not open on the Ledger/, prompted: false, signs: false },
    { mode: 'reject', code: 'LEDGER_REJECTED', message: /The transaction was rejected on the Ledger \(0x6985\)/, prompted: true, signs: true },
    // Known from the app configuration: the transaction never reaches the device.
    { mode: 'blind-signing-disabled', code: 'LEDGER_BLIND_SIGNING_DISABLED', message: /Blind signing is disabled/, prompted: false, signs: false },
    { mode: 'unsupported-tx-type', code: 'LEDGER_TX_TYPE_UNSUPPORTED', message: /does not support EIP-1559/, prompted: true, signs: true },
    {
      mode: 'slow-confirm',
      options: { delayMs: 600_000 },
      env: { KROMA_LEDGER_TIMEOUT: '1' },
      code: 'LEDGER_TIMEOUT',
      message: /No answer from the Ledger within 1 s: confirm on the device/,
      prompted: true,
      signs: true,
    },
    {
      mode: 'busy',
      env: { KROMA_LEDGER_TIMEOUT: '1' },
      code: 'LEDGER_TIMEOUT',
      message: /No answer from the Ledger within 1 s: check it is connected, unlocked and that no other program/,
      prompted: false,
      signs: false,
    },
    {
      mode: 'wrong-key',
      code: 'LEDGER_WRONG_SIGNER',
      message: /The signature recovers to 0x[0-9a-fA-F]{40}, not to 0x[0-9a-fA-F]{40}, the Ledger account at m\/44'\/60'\/2'\/0\/0/,
      prompted: true,
      signs: true,
    },
  ]

  it.each(cases)('$mode $options: $code', async ({ mode, options, env, code, message, prompted, signs }) => {
    const withdrawAccount = emu.addressAt(LIVE_2)
    const before = await observe(withdrawAccount, validatorA)
    emu.setMode(mode, options)

    const result = await cli(withdrawArgs(validatorA, '--ledger-index', '2'), env)

    expect(result.exitCode, result.stderr).toBe(6)
    const { error } = json<ErrorJson>(result)
    expect(error.code).toBe(code)
    expect(error.exitCode).toBe(6)
    expect(error.message).toMatch(message)
    expect(error.suggestions.length).toBeGreaterThan(0)
    // Nothing was broadcast: no new block, the nonce (pending too) and the balances as they were.
    expect(await observe(withdrawAccount, validatorA)).toEqual(before)
    expect(result.stderr.includes('Confirm the transaction on your Ledger')).toBe(prompted)
    if (signs) expect(signApdus(result.apdus).length).toBeGreaterThan(0)
    else expect(signApdus(result.apdus)).toEqual([])
  })

  it('the same text without --json: the mapped message and what to do, on stderr', async () => {
    emu.setMode('app-closed')
    const result = await cli(withdrawArgs(validatorA, '--ledger-index', '2').filter((arg) => arg !== '--json'))
    expect(result.exitCode).toBe(6)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('Error: The Ethereum app is not open on the Ledger (0x6e00).')
    expect(result.stderr).toContain('Open the Ethereum app on your Ledger, then retry.')
  })

  it('an invalid KROMA_LEDGER_TIMEOUT is invalid input (exit 2), before the device is used', async () => {
    const result = await cli(withdrawArgs(validatorA, '--ledger-index', '2'), { KROMA_LEDGER_TIMEOUT: 'soon' })
    expect(result.exitCode, result.stderr).toBe(2)
    expect(json<ErrorJson>(result).error.code).toBe('INVALID_LEDGER_TIMEOUT')
    expect(result.apdus).toEqual([])
  })
})

describe('without KROMA_LEDGER_SPECULOS_URL: USB, whose transport (node-hid) is not installed here', () => {
  it('the optional USB transport is absent on this machine (precondition of the tests below)', () => {
    const require = createRequire(import.meta.url)
    expect(() => require.resolve('@ledgerhq/hw-transport-node-hid-noevents')).toThrow()
  })

  it.each([
    ['withdraw', () => ['withdraw', '--validator', validatorA, '--amount', '100KRO', '--ledger', '--json', ...connection()]],
    ['ledger addresses', () => ['ledger', 'addresses', '--json']],
  ])('%s exits 6 with the install instructions', async (_name, args) => {
    const before = await observe(emu.addressAt(LIVE_2), validatorA)
    const result = await runCli(args())
    expect(result.exitCode, result.stderr).toBe(6)
    const { error } = json<ErrorJson>(result)
    expect(error.code).toBe('LEDGER_TRANSPORT_MISSING')
    expect(error.message).toContain('@ledgerhq/hw-transport-node-hid-noevents')
    const help = error.suggestions.join(' ')
    expect(help).toContain('sudo apt-get install libusb-1.0-0-dev libudev-dev')
    expect(help).toContain('ATTRS{idVendor}=="2c97"')
    expect(help).toContain('/etc/udev/rules.d/20-hw1.rules')
    expect(await observe(emu.addressAt(LIVE_2), validatorA)).toEqual(before)
  })
})

describe('ledger addresses', () => {
  interface AccountJson {
    layout: string
    index: number
    path: string
    address: string
    isWithdrawAccount: boolean | null
    signWith: string
  }
  interface AddressesJson {
    device: { transport: string; speculosUrl: string | null }
    count: number
    validator: { address: string; status: string; withdrawAccount: string | null; withdrawAccountPath: string | null; signWith: string | null } | null
    accounts: AccountJson[]
  }
  const expectedAccounts = (count: number) => [
    ...Array.from({ length: count }, (_, i) => ({ layout: 'ledger-live', index: i, path: `m/44'/60'/${i}'/0/0`, signWith: `--ledger --ledger-index ${i}` })),
    ...Array.from({ length: count }, (_, i) => ({
      layout: 'bip44',
      index: i,
      path: `m/44'/60'/0'/0/${i}`,
      signWith: `--ledger --hd-path "m/44'/60'/0'/0/${i}"`,
    })),
    ...Array.from({ length: count }, (_, i) => ({ layout: 'legacy', index: i, path: `m/44'/60'/0'/${i}`, signWith: `--ledger --hd-path "m/44'/60'/0'/${i}"` })),
  ]

  it('lists 5 accounts of each layout by default, with their paths (--json)', async () => {
    const result = await cli(['ledger', 'addresses', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const report = json<AddressesJson>(result)
    expect(report.device).toEqual({ transport: 'speculos', speculosUrl: emu.url })
    expect(report.validator).toBeNull()
    expect(report.accounts).toEqual(expectedAccounts(5).map((a) => ({ ...a, address: emu.addressAt(a.path), isWithdrawAccount: null })))
    // The first account of Ledger Live and of BIP44 is the same path (m/44'/60'/0'/0/0), read once.
    expect(new Set(report.accounts.map((a) => a.address)).size).toBe(14)
    expect(result.apdus.filter((apdu) => apdu.startsWith('e002'))).toHaveLength(14)
    expect(signApdus(result.apdus)).toEqual([])
  })

  it('marks the withdraw account of --validator and says how to sign with it (text)', async () => {
    const result = await cli(['ledger', 'addresses', '--count', '3', '--validator', validatorA, ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    const lines = result.stdout.split('\n')
    for (const { path, signWith } of expectedAccounts(3)) {
      const line = lines.find((l) => l.includes(`${path} `))
      expect(line, path).toBeDefined()
      expect(line).toContain(emu.addressAt(path))
      expect(
        lines.some((l) => l.includes(`${path} `) && l.includes(signWith)),
        signWith,
      ).toBe(true)
      expect(line!.includes('withdraw account')).toBe(path === LIVE_2)
    }
    expect(lines.find((l) => l.startsWith('Ledger Live'))).toContain("m/44'/60'/0'/0/0")
    expect(lines.find((l) => l.startsWith('BIP44 (MetaMask)'))).toContain("m/44'/60'/0'/0/0")
    expect(lines.find((l) => l.startsWith('Legacy'))).toContain("m/44'/60'/0'/0 ")
    expect(result.stdout).toContain(`The withdraw account ${emu.addressAt(LIVE_2)} of validator ${validatorA} is at ${LIVE_2}.`)
    expect(result.stdout).toContain('Sign with: --ledger --ledger-index 2')
  })

  it('--json with --validator: the legacy-layout withdraw account is marked, and only it', async () => {
    const result = await cli(['ledger', 'addresses', '--count', '4', '--validator', validatorB, '--json', ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    const report = json<AddressesJson>(result)
    expect(report.count).toBe(4)
    expect(report.validator).toMatchObject({
      address: validatorB,
      status: 'ACTIVE',
      withdrawAccount: emu.addressAt(LEGACY_3),
      withdrawAccountPath: LEGACY_3,
      signWith: `--ledger --hd-path "${LEGACY_3}"`,
    })
    expect(report.accounts).toEqual(expectedAccounts(4).map((a) => ({ ...a, address: emu.addressAt(a.path), isWithdrawAccount: a.path === LEGACY_3 })))
  })

  it('finds a withdraw account of the BIP44 layout (MetaMask), and the flags it prints sign the withdrawal', async () => {
    const result = await cli(['ledger', 'addresses', '--validator', validatorC, '--json', ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    const report = json<AddressesJson>(result)
    expect(report.validator).toMatchObject({
      withdrawAccount: emu.addressAt(BIP44_4),
      withdrawAccountPath: BIP44_4,
      signWith: `--ledger --hd-path "${BIP44_4}"`,
    })
    expect(report.accounts.filter((a) => a.isWithdrawAccount)).toEqual([
      { layout: 'bip44', index: 4, path: BIP44_4, address: emu.addressAt(BIP44_4), isWithdrawAccount: true, signWith: `--ledger --hd-path "${BIP44_4}"` },
    ])

    const text = await cli(['ledger', 'addresses', '--validator', validatorC, ...connection()])
    expect(text.stdout).toContain(`The withdraw account ${emu.addressAt(BIP44_4)} of validator ${validatorC} is at ${BIP44_4}.`)
    expect(text.stdout).toContain(`Sign with: --ledger --hd-path "${BIP44_4}"`)

    // The printed flags, as a shell passes them (quotes removed), sign the withdrawal.
    const kroBefore = await chain.kroBalance(emu.addressAt(BIP44_4))
    const withdrawal = await cli(withdrawArgs(validatorC, '--hd-path', BIP44_4))
    await expectSentFromDevice(withdrawal, emu.addressAt(BIP44_4), ['withdraw'])
    expect(await chain.kroBalance(emu.addressAt(BIP44_4))).toBe(kroBefore + KRO(100))
    expect(signedPaths(withdrawal.apdus)).toEqual([pathHex(BIP44_4)])
  })

  it('says so when the withdraw account is not among the addresses listed', async () => {
    const result = await cli(['ledger', 'addresses', '--count', '2', '--validator', validatorA, ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    // Six rows, five paths: the first Ledger Live and BIP44 account is one.
    expect(result.stdout).toContain(`None of these 5 addresses is the withdraw account ${emu.addressAt(LIVE_2)} of validator ${validatorA}.`)
    expect(result.stdout).toContain('--count 8')
    expect(result.stdout).not.toContain('◀')

    const asJson = json<AddressesJson>(await cli(['ledger', 'addresses', '--count', '2', '--validator', validatorA, '--json', ...connection()]))
    expect(asJson.validator).toMatchObject({ withdrawAccount: emu.addressAt(LIVE_2), withdrawAccountPath: null, signWith: null })
    expect(asJson.accounts.map((a) => a.isWithdrawAccount)).toEqual([false, false, false, false, false, false])
  })

  it('a validator that is not registered has no withdraw account to mark', async () => {
    const stranger = Wallet.createRandom().address
    const result = await cli(['ledger', 'addresses', '--count', '1', '--validator', stranger, '--json', ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(json<AddressesJson>(result).validator).toMatchObject({ address: stranger, status: 'NONE', withdrawAccount: null, withdrawAccountPath: null })
  })

  it('a locked device exits 6 with the mapped message', async () => {
    emu.setMode('locked')
    const result = await cli(['ledger', 'addresses', '--json'])
    expect(result.exitCode, result.stderr).toBe(6)
    expect(json<ErrorJson>(result).error).toMatchObject({ code: 'LEDGER_LOCKED', exitCode: 6, message: 'The Ledger is locked (0x5515).' })
  })

  it('an unreachable RPC with --validator exits 4 without using the device', async () => {
    const result = await cli([
      'ledger',
      'addresses',
      '--validator',
      validatorA,
      '--json',
      '--rpc-url',
      'http://127.0.0.1:9',
      '--chain-id',
      '31337',
      '--validator-manager',
      chain.addresses.validatorManager,
      '--asset-manager',
      chain.addresses.assetManager,
    ])
    expect(result.exitCode, result.stderr).toBe(4)
    expect(result.apdus).toEqual([])
  })

  it('--verify shows the address on the device; approved: confirmed, and it is the withdraw account', async () => {
    const screensBefore = emu.screens.length
    const result = await cli(['ledger', 'addresses', '--verify', LIVE_2, '--validator', validatorA, '--json', ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(json(result)).toMatchObject({ path: LIVE_2, address: emu.addressAt(LIVE_2), confirmed: true, isWithdrawAccount: true })
    expect(result.stderr).toContain(`Check that your Ledger shows ${emu.addressAt(LIVE_2)} for ${LIVE_2}`)
    expect(displayApdus(result.apdus)).toEqual([expect.stringContaining(pathHex(LIVE_2))])
    const shown = emu.screens.slice(screensBefore).map((s) => s.text)
    expect(shown).toEqual(expect.arrayContaining(['Verify address', emu.addressAt(LIVE_2).slice(2), 'Approve']))
  })

  it('--verify in text, for an account that is not the withdraw account', async () => {
    const result = await cli(['ledger', 'addresses', '--verify', "44'/60'/1'/0/0", '--validator', validatorA, ...connection()])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain(`✔ Confirmed on the Ledger: ${emu.addressAt("m/44'/60'/1'/0/0")} at m/44'/60'/1'/0/0`)
    expect(result.stdout).toContain(`It is not the withdraw account of validator ${validatorA} (that is ${emu.addressAt(LIVE_2)}).`)
  })

  it('--verify rejected on the device: exit 6, not confirmed', async () => {
    emu.setMode('reject')
    const result = await cli(['ledger', 'addresses', '--verify', LIVE_2, '--json'])
    expect(result.exitCode, result.stderr).toBe(6)
    const { error } = json<ErrorJson>(result)
    expect(error).toMatchObject({ code: 'LEDGER_REJECTED', exitCode: 6, path: LIVE_2, address: emu.addressAt(LIVE_2), confirmed: false })
    expect(error.message).toBe(`The address ${emu.addressAt(LIVE_2)} at ${LIVE_2} was rejected on the Ledger: it is not confirmed.`)
    expect(displayApdus(result.apdus)).toHaveLength(1)

    const text = await cli(['ledger', 'addresses', '--verify', LIVE_2])
    expect(text.exitCode).toBe(6)
    expect(text.stdout).toBe('')
    expect(text.stderr).toContain('was rejected on the Ledger')
  })

  it('--verify with a malformed path is invalid input (exit 2) and the device is not used', async () => {
    const result = await cli(['ledger', 'addresses', '--verify', "m/44'/60'/x", '--json'])
    expect(result.exitCode, result.stderr).toBe(2)
    expect(json<ErrorJson>(result).error.code).toBe('INVALID_HD_PATH')
    expect(result.apdus).toEqual([])
  })

  it('--help has examples', async () => {
    const result = await runCli(['ledger', 'addresses', '--help'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('EXAMPLES')
    expect(result.stdout).toContain('ledger addresses --validator')
    expect(result.stdout).toContain('--verify')
  })
})

describe('every sending command with the validator key on the Ledger', () => {
  it('register (approve + registerValidator), depositKro, activate, changeCommission init/finalize, unjail', async () => {
    const key = emu.addressAt(VALIDATOR_KEY_PATH)
    const withdrawAccount = Wallet.createRandom().address
    const ledger = ['--ledger', '--hd-path', VALIDATOR_KEY_PATH, '--json', ...connection()]
    const vm = chain.contracts.validatorManager

    const registered = await cli(['register', '--amount', '10000KRO', '--commission-rate', '10', '--withdraw-account', withdrawAccount, ...ledger])
    await expectSentFromDevice(registered, key, ['approve', 'registerValidator'])
    expect(signedPaths(registered.apdus)).toEqual([pathHex(VALIDATOR_KEY_PATH), pathHex(VALIDATOR_KEY_PATH)])
    expect(await chain.contracts.assetManager.getWithdrawAccount(key)).toBe(withdrawAccount)
    expect(await vm.getStatus(key)).toBe(2n) // REGISTERED: below the activation minimum

    // A delegation brings the weight to the activation minimum without activating: READY.
    await chain.delegate(chain.accounts[8]!.privateKey, key, KRO(10_000))
    expect(await vm.getStatus(key)).toBe(3n)
    await expectSentFromDevice(await cli(['activate', ...ledger]), key, ['activateValidator'])
    expect(await vm.getStatus(key)).toBe(5n) // ACTIVE

    await expectSentFromDevice(await cli(['depositKro', '--amount', '5000KRO', ...ledger]), key, ['approve', 'deposit'])
    expect(await chain.contracts.assetManager.totalValidatorKro(key)).toBe(KRO(15_000))

    await expectSentFromDevice(await cli(['changeCommission', 'init', '--commission-rate', '20', ...ledger]), key, ['initCommissionChange'])
    await chain.increaseTime(chain.params.commissionChangeDelaySeconds)
    await expectSentFromDevice(await cli(['changeCommission', 'finalize', ...ledger]), key, ['finalizeCommissionChange'])
    expect(await vm.getCommissionRate(key)).toBe(20n)

    await chain.jail(key)
    await chain.increaseTime(chain.params.softJailPeriodSeconds)
    await expectSentFromDevice(await cli(['unjail', ...ledger]), key, ['tryUnjail'])
    expect(await vm.inJail(key)).toBe(false)
  })
})
