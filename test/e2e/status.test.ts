// `status` end to end: the built CLI (bin/run.js) against anvil with our validator system.
// Every value the CLI prints is compared with direct contract reads at the block it reports.
import { randomBytes } from 'node:crypto'
import { Wallet, getAddress, parseUnits, type TransactionReceipt } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadArtifact } from '../../src/lib/devnet/deploy.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, isolatedConfigDir, runCli, type CliResult } from '../helpers/cli.js'
import { closedPort, startHangingServer, startRpcProxy } from '../helpers/rpc-proxy.js'
import {
  AssetManager__factory,
  KromaToken__factory,
  ValidatorManager__factory,
  type AssetManager,
  type KromaToken,
  type ValidatorManager,
} from '../helpers/types/index.js'

const KRO = (amount: number | string): bigint => parseUnits(String(amount), 18)

// Registration needs less than activation, so REGISTERED and INACTIVE can exist.
const MIN_REGISTER = KRO(10_000)
const MIN_ACTIVATE = KRO(20_000)
const STATUS_NAMES = ['NONE', 'EXITED', 'REGISTERED', 'READY', 'INACTIVE', 'ACTIVE'] as const
const CONTRACT_FIELDS = [
  'address',
  'status',
  'jailed',
  'jailExpiresAt',
  'noSubmissionCount',
  'commissionRate',
  'pendingCommissionRate',
  'commissionChangeFinalizableAt',
  'withdrawAccount',
  'canWithdrawAt',
  'kro',
  'kghCount',
  'weight',
  'selectionProbability',
  'blockNumber',
]

// Accounts, one job each, so tests don't depend on each other's state.
const A = {
  registered: 1,
  ready: 2,
  readyDelegator: 3,
  inactive: 4,
  exited: 5,
  active: 6,
  jailed: 7,
  commission: 8,
  commissionToZero: 9,
  bonded: 10,
  delegated: 11,
  delegator: 12,
  manyActive: 13,
  manyRegistered: 14,
  configValidator: 15,
  envSigner: 16,
  proxyOne: 17,
  proxyMany: 18, // 18..27: ten validators
  transferSender: 28,
} as const
const ACCOUNTS = 32

let chain: TestChain
let flags: string[]
let vm: ValidatorManager
let am: AssetManager
let kro: KromaToken

beforeAll(async () => {
  chain = await startTestChain({
    params: { minRegisterAmount: MIN_REGISTER, minActivateAmount: MIN_ACTIVATE },
    anvil: { accounts: ACCOUNTS },
  })
  flags = chainFlags({ rpcUrl: chain.rpcUrl, chainId: Number(chain.chainId), addresses: chain.addresses })
  // Read with the compiled contracts' own ABIs (artifacts/), not the CLI's.
  vm = ValidatorManager__factory.connect(chain.addresses.validatorManager, chain.provider)
  am = AssetManager__factory.connect(chain.addresses.assetManager, chain.provider)
  kro = KromaToken__factory.connect(chain.addresses.kroToken, chain.provider)
}, 120_000)

afterAll(async () => {
  await chain?.stop()
})

// ------------------------------------------------------------------------------ helpers

const key = (index: number): string => chain.accounts[index]!.privateKey
const addr = (index: number): string => chain.accounts[index]!.address

interface StatusReport {
  address: string
  status: string
  jailed: boolean
  jailExpiresAt: number | null
  noSubmissionCount: number
  commissionRate: number
  pendingCommissionRate: number | null
  commissionChangeFinalizableAt: number | null
  withdrawAccount: string | null
  canWithdrawAt: number | null
  kro: { total: string; bonded: string; notBonded: string; delegated: string }
  kghCount: number
  weight: string
  selectionProbability: number
  blockNumber: number
  blockTimestamp: number
  chainId: number
  outputsBondableNow: number
  reflectiveWeight: string
  balances: { eth: string; kro: string }
}

function parseJson<T>(result: CliResult): T {
  expect(result.stdout.trim().startsWith('{') || result.stdout.trim().startsWith('[')).toBe(true)
  return JSON.parse(result.stdout) as T
}

async function statusJson(args: string[], env?: Record<string, string>): Promise<StatusReport> {
  const result = await runCli(['status', ...args, '--json', ...flags], { env })
  expect(result.exitCode, output(result)).toBe(0)
  expect(result.stderr).toBe('')
  return parseJson<StatusReport>(result)
}

async function statusText(args: string[]): Promise<string> {
  const result = await runCli(['status', ...args, ...flags])
  expect(result.exitCode, output(result)).toBe(0)
  return result.stdout
}

async function blockTimestamp(blockTag: number): Promise<number> {
  const block = await chain.provider.getBlock(blockTag)
  if (block === null) throw new Error(`no block ${blockTag}`)
  return block.timestamp
}

async function timestampOf(receipt: TransactionReceipt): Promise<number> {
  return blockTimestamp(receipt.blockNumber)
}

/** Everything `status --json` reports for `address`, read from the contracts at `blockTag`. */
async function readFromChain(address: string, blockTag: number) {
  const at = { blockTag }
  const [
    status,
    jailed,
    jailExpiresAt,
    noSubmissionCount,
    commissionRate,
    pendingCommissionRate,
    canFinalize,
    delay,
    weight,
    totalWeight,
    withdrawAccount,
    canWithdrawAt,
    total,
    bonded,
    notBonded,
    delegated,
    kgh,
    reflectiveWeight,
    bondAmount,
    kroBalance,
    ethBalance,
    timestamp,
  ] = await Promise.all([
    vm.getStatus(address, at),
    vm.inJail(address, at),
    vm.jailExpiresAt(address, at),
    vm.noSubmissionCount(address, at),
    vm.getCommissionRate(address, at),
    vm.getPendingCommissionRate(address, at),
    vm.canFinalizeCommissionChangeAt(address, at),
    vm.COMMISSION_CHANGE_DELAY_SECONDS(at),
    vm.getWeight(address, at),
    vm.activatedValidatorTotalWeight(at),
    am.getWithdrawAccount(address, at),
    am.canWithdrawAt(address, at),
    am.totalValidatorKro(address, at),
    am.totalValidatorKroBonded(address, at),
    am.totalValidatorKroNotBonded(address, at),
    am.totalKroAssets(address, at),
    am.totalKghNum(address, at),
    am.reflectiveWeight(address, at),
    am.BOND_AMOUNT(at),
    kro.balanceOf(address, at),
    chain.provider.getBalance(address, blockTag),
    blockTimestamp(blockTag),
  ])
  const registered = status !== 0n
  // The contract reports the delay itself when no change is pending (initiation time 0).
  const pending = canFinalize !== delay
  return {
    exact: {
      address: getAddress(address),
      status: STATUS_NAMES[Number(status)],
      jailed,
      jailExpiresAt: jailExpiresAt === 0n ? null : Number(jailExpiresAt),
      noSubmissionCount: Number(noSubmissionCount),
      commissionRate: Number(commissionRate),
      pendingCommissionRate: pending ? Number(pendingCommissionRate) : null,
      commissionChangeFinalizableAt: pending ? Number(canFinalize) : null,
      withdrawAccount: registered ? withdrawAccount : null,
      canWithdrawAt: registered ? Number(canWithdrawAt) : null,
      kro: { total: total.toString(), bonded: bonded.toString(), notBonded: notBonded.toString(), delegated: delegated.toString() },
      kghCount: Number(kgh),
      weight: weight.toString(),
      blockNumber: blockTag,
      blockTimestamp: timestamp,
      chainId: Number(chain.chainId),
      reflectiveWeight: reflectiveWeight.toString(),
      // Only an ACTIVE validator out of jail can submit (and so bond) outputs.
      outputsBondableNow: status === 5n && !jailed ? Number(notBonded / bondAmount) : 0,
      balances: { eth: ethBalance.toString(), kro: kroBalance.toString() },
    },
    selectionProbability: totalWeight === 0n ? 0 : Number(weight) / Number(totalWeight),
    weight,
    totalWeight,
  }
}

/** Checks a report field by field against the chain at the block it names. */
async function expectMatchesChain(report: StatusReport, address: string) {
  for (const field of CONTRACT_FIELDS) expect(report, `field ${field}`).toHaveProperty(field)
  expect(Number.isInteger(report.blockNumber)).toBe(true)
  const expected = await readFromChain(address, report.blockNumber)
  expect(report).toMatchObject(expected.exact)
  expect(report.selectionProbability).toBeGreaterThanOrEqual(0)
  expect(report.selectionProbability).toBeLessThanOrEqual(1)
  expect(report.selectionProbability).toBeCloseTo(expected.selectionProbability, 8)
  return expected
}

function lineOf(text: string, label: string): string {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(label))
  if (line === undefined) throw new Error(`no "${label}" line in:\n${text}`)
  return line
}

const STEP_COMMANDS = ['kroma-validator register', 'kroma-validator depositKro', 'kroma-validator activate', 'kroma-validator unjail']

/** The human output names the status and exactly the one next command expected (or none). */
function expectHuman(text: string, address: string, status: string, nextCommand: string | undefined) {
  expect(text).toContain(getAddress(address))
  expect(lineOf(text, 'Status')).toMatch(new RegExp(`\\b${status}\\b`))
  const next = lineOf(text, 'Next step')
  for (const command of STEP_COMMANDS) {
    if (command === nextCommand) expect(next).toContain(command)
    else expect(next).not.toContain(command)
  }
}

const utc = (unixSeconds: number): string => `${new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** Seconds a countdown such as "2d 23h" or "45m" stands for: [at least, less than]. */
function countdownBounds(text: string): [number, number] {
  const unit: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 }
  const parts = [...text.matchAll(/(\d+)([dhms])/g)]
  expect(parts.length).toBeGreaterThan(0)
  const least = parts.reduce((sum, [, count, suffix]) => sum + Number(count) * unit[suffix!]!, 0)
  const smallest = unit[parts[parts.length - 1]![2]!]!
  return [least, least + smallest]
}

/** What a failed assertion on an exit code shows. */
const output = (result: CliResult): string => `stdout: ${result.stdout}\nstderr: ${result.stderr}`

/** The endpoint as shown in a message: host and exactly this port. */
const loopback = (port: number): RegExp => new RegExp(`127\\.0\\.0\\.1:${port}(?!\\d)`)

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m

function expectNoStack(result: CliResult) {
  expect(result.stdout).not.toMatch(STACK_LINE)
  expect(result.stderr).not.toMatch(STACK_LINE)
}

// ---------------------------------------------------------------------- every status

describe('status of a validator in each state, checked against the contracts', () => {
  it('NONE: an address that never registered', async () => {
    const address = Wallet.createRandom().address
    const report = await statusJson([address.toLowerCase()])
    await expectMatchesChain(report, address)
    expect(report.address).toBe(address) // checksummed from the lower-case input
    expect(report.status).toBe('NONE')
    expect(report.withdrawAccount).toBeNull()
    expect(report.canWithdrawAt).toBeNull()
    expect(report.kro).toEqual({ total: '0', bonded: '0', notBonded: '0', delegated: '0' })

    expectHuman(await statusText([address]), address, 'NONE', 'kroma-validator register')
  })

  it('REGISTERED: own KRO at the registration minimum, below activation', async () => {
    await chain.registerValidator(key(A.registered), MIN_REGISTER, 7)
    const report = await statusJson([addr(A.registered)])
    await expectMatchesChain(report, addr(A.registered))
    expect(report.status).toBe('REGISTERED')
    expect(report.commissionRate).toBe(7)
    expect(report.withdrawAccount).toBe(addr(A.registered))
    expect(report.kro.total).toBe(MIN_REGISTER.toString())
    expect(report.weight).toBe('0')
    expect(report.selectionProbability).toBe(0)

    expectHuman(await statusText([addr(A.registered)]), addr(A.registered), 'REGISTERED', 'kroma-validator depositKro')
  })

  it('READY: delegation lifts the weight to the activation minimum, not yet in the tree', async () => {
    const delegatedAmount = MIN_ACTIVATE - MIN_REGISTER
    await chain.registerValidator(key(A.ready), MIN_REGISTER, 10)
    await chain.delegate(key(A.readyDelegator), addr(A.ready), delegatedAmount)
    const report = await statusJson([addr(A.ready)])
    await expectMatchesChain(report, addr(A.ready))
    expect(report.status).toBe('READY')
    expect(report.jailed).toBe(false)
    expect(report.kro.delegated).toBe(delegatedAmount.toString())
    expect(report.reflectiveWeight).toBe(MIN_ACTIVATE.toString())
    expect(report.weight).toBe('0')

    const text = await statusText([addr(A.ready)])
    expectHuman(text, addr(A.ready), 'READY', 'kroma-validator activate')
    expect(text).not.toContain('JAILED')
  })

  it('ACTIVE: registered with the activation minimum, in the tree', async () => {
    await chain.registerValidator(key(A.active), MIN_ACTIVATE, 10)
    const report = await statusJson([addr(A.active)])
    const chainView = await expectMatchesChain(report, addr(A.active))
    expect(report.status).toBe('ACTIVE')
    expect(report.weight).toBe(MIN_ACTIVATE.toString())
    expect(chainView.totalWeight).toBeGreaterThanOrEqual(MIN_ACTIVATE)
    expect(report.selectionProbability).toBeGreaterThan(0)

    const text = await statusText([addr(A.active)])
    expectHuman(text, addr(A.active), 'ACTIVE', undefined)
    expect(lineOf(text, 'Next step')).toMatch(/nothing to do/i)
  })

  it('INACTIVE: in the tree, own KRO withdrawn below activation but not below registration', async () => {
    const withdrawn = KRO(5_000)
    await chain.registerValidator(key(A.inactive), MIN_ACTIVATE, 10)
    await chain.increaseTime(chain.params.minDelegationPeriod)
    await chain.withdraw(key(A.inactive), addr(A.inactive), withdrawn)
    const report = await statusJson([addr(A.inactive)])
    await expectMatchesChain(report, addr(A.inactive))
    expect(report.status).toBe('INACTIVE')
    expect(report.kro.total).toBe((MIN_ACTIVATE - withdrawn).toString())
    expect(report.weight).toBe((MIN_ACTIVATE - withdrawn).toString())

    expectHuman(await statusText([addr(A.inactive)]), addr(A.inactive), 'INACTIVE', 'kroma-validator depositKro')
  })

  it('EXITED: own KRO withdrawn below the registration minimum', async () => {
    const kept = KRO(4_000)
    await chain.registerValidator(key(A.exited), MIN_ACTIVATE, 10)
    await chain.increaseTime(chain.params.minDelegationPeriod)
    await chain.withdraw(key(A.exited), addr(A.exited), MIN_ACTIVATE - kept)
    const report = await statusJson([addr(A.exited)])
    await expectMatchesChain(report, addr(A.exited))
    expect(report.status).toBe('EXITED')
    expect(report.kro.total).toBe(kept.toString())
    expect(report.weight).toBe('0')
    expect(report.withdrawAccount).toBe(addr(A.exited))

    expectHuman(await statusText([addr(A.exited)]), addr(A.exited), 'EXITED', 'kroma-validator depositKro')
  })

  it('jailed after missing rounds: jailExpiresAt, READY out of the tree, "jailed until … (in …)"', async () => {
    await chain.registerValidator(key(A.jailed), MIN_ACTIVATE, 10)
    const jailedAt = await timestampOf(await chain.jail(addr(A.jailed)))
    const expiresAt = jailedAt + Number(chain.params.softJailPeriodSeconds)
    // Let an odd amount of time pass so the countdown is not a round number.
    await chain.increaseTime(3_725)

    const report = await statusJson([addr(A.jailed)])
    await expectMatchesChain(report, addr(A.jailed))
    expect(report.jailed).toBe(true)
    expect(report.jailExpiresAt).toBe(expiresAt)
    expect(report.noSubmissionCount).toBe(Number(chain.params.jailThreshold))
    expect(report.status).toBe('READY')
    expect(report.weight).toBe('0')

    const text = await statusText([addr(A.jailed)])
    expectHuman(text, addr(A.jailed), 'READY', 'kroma-validator unjail')
    expect(lineOf(text, 'Status')).toContain('JAILED')
    const jail = lineOf(text, 'Jail')
    const match = new RegExp(`jailed until ${utc(expiresAt)} \\(in ([^)]+)\\)`).exec(jail)
    expect(match, jail).not.toBeNull()
    const [least, below] = countdownBounds(match![1]!)
    const remaining = expiresAt - report.blockTimestamp
    expect(remaining).toBeGreaterThanOrEqual(least)
    expect(remaining).toBeLessThan(below)

    // Once the period is over it is still jailed until it unjails, and says so.
    await chain.increaseTime(chain.params.softJailPeriodSeconds)
    const later = await statusJson([addr(A.jailed)])
    await expectMatchesChain(later, addr(A.jailed))
    expect(later.jailed).toBe(true)
    expect(later.jailExpiresAt).toBe(expiresAt)
    const laterText = await statusText([addr(A.jailed)])
    expect(lineOf(laterText, 'Jail')).toContain(`jailed until ${utc(expiresAt)} (passed)`)
    expect(lineOf(laterText, 'Next step')).toContain('kroma-validator unjail')
  })

  it('pending commission change: pendingCommissionRate and commissionChangeFinalizableAt', async () => {
    await chain.registerValidator(key(A.commission), MIN_ACTIVATE, 10)
    const before = await statusJson([addr(A.commission)])
    await expectMatchesChain(before, addr(A.commission))
    expect(before.pendingCommissionRate).toBeNull()
    expect(before.commissionChangeFinalizableAt).toBeNull()

    const init = await (await chain.as(key(A.commission)).validatorManager.initCommissionChange(25)).wait()
    const finalizableAt = (await timestampOf(init!)) + Number(chain.params.commissionChangeDelaySeconds)
    const report = await statusJson([addr(A.commission)])
    await expectMatchesChain(report, addr(A.commission))
    expect(report.commissionRate).toBe(10)
    expect(report.pendingCommissionRate).toBe(25)
    expect(report.commissionChangeFinalizableAt).toBe(finalizableAt)

    const commission = lineOf(await statusText([addr(A.commission)]), 'Commission')
    expect(commission).toContain('10%')
    expect(commission).toContain('25%')
    expect(commission).toContain(utc(finalizableAt))
  })

  it('a pending change to 0% shows as 0, not as "none pending"', async () => {
    await chain.registerValidator(key(A.commissionToZero), MIN_ACTIVATE, 10)
    const init = await (await chain.as(key(A.commissionToZero)).validatorManager.initCommissionChange(0)).wait()
    const finalizableAt = (await timestampOf(init!)) + Number(chain.params.commissionChangeDelaySeconds)
    const report = await statusJson([addr(A.commissionToZero)])
    await expectMatchesChain(report, addr(A.commissionToZero))
    expect(report.pendingCommissionRate).toBe(0)
    expect(report.commissionChangeFinalizableAt).toBe(finalizableAt)
  })

  it('bonded outputs, then rewards after finalization', async () => {
    const own = KRO(30_000)
    const rate = 10
    const bond = chain.params.bondAmount
    await chain.registerValidator(key(A.bonded), own, rate)
    await chain.submitOutput(addr(A.bonded))
    await chain.submitOutput(addr(A.bonded))

    const bonded = await statusJson([addr(A.bonded)])
    await expectMatchesChain(bonded, addr(A.bonded))
    expect(bonded.kro.total).toBe(own.toString())
    expect(bonded.kro.bonded).toBe((2n * bond).toString())
    expect(bonded.kro.notBonded).toBe((own - 2n * bond).toString())
    expect(bonded.outputsBondableNow).toBe(Number((own - 2n * bond) / bond))

    await chain.finalizeOutputs()
    const rewarded = await statusJson([addr(A.bonded)])
    await expectMatchesChain(rewarded, addr(A.bonded))
    // No KGH: each output pays the commission share of BASE_REWARD to the validator's own KRO.
    const commissionReward = (chain.params.baseReward * BigInt(rate)) / 100n
    expect(BigInt(rewarded.kro.total)).toBeGreaterThan(BigInt(bonded.kro.total))
    expect(rewarded.kro.total).toBe((own + 2n * commissionReward).toString())
    expect(rewarded.kro.bonded).toBe('0')
    expect(rewarded.outputsBondableNow).toBe(Number((own + 2n * commissionReward) / bond))
    expect(rewarded.blockNumber).toBeGreaterThan(bonded.blockNumber)
  })

  it('delegated KRO: kro.delegated, weight and selection probability', async () => {
    const own = MIN_ACTIVATE
    const delegatedAmount = KRO(7_000)
    await chain.registerValidator(key(A.delegated), own, 5)
    await chain.delegate(key(A.delegator), addr(A.delegated), delegatedAmount)
    const report = await statusJson([addr(A.delegated)])
    const chainView = await expectMatchesChain(report, addr(A.delegated))
    expect(report.status).toBe('ACTIVE')
    expect(report.kro.delegated).toBe(delegatedAmount.toString())
    expect(report.kro.total).toBe(own.toString())
    expect(report.weight).toBe((own + delegatedAmount).toString())
    expect(report.selectionProbability).toBeCloseTo(Number(own + delegatedAmount) / Number(chainView.totalWeight), 8)
    expect(report.selectionProbability).toBeGreaterThan(0)
    expect(report.selectionProbability).toBeLessThan(1)

    const text = await statusText([addr(A.delegated)])
    expect(lineOf(text, 'Delegated KRO')).toContain('7,000 KRO')
    expect(lineOf(text, 'Weight')).toContain('27,000 KRO')
  })
})

// ----------------------------------------------------------------- several addresses

describe('several addresses', () => {
  it('--json gives an array in input order, all at one block; human mode a table', async () => {
    await chain.registerValidator(key(A.manyActive), MIN_ACTIVATE, 10)
    await chain.registerValidator(key(A.manyRegistered), MIN_REGISTER, 10)
    const none = Wallet.createRandom().address
    const order = [addr(A.manyRegistered), none, addr(A.manyActive)]

    const result = await runCli(['status', ...order, '--json', ...flags])
    expect(result.exitCode, output(result)).toBe(0)
    const reports = parseJson<StatusReport[]>(result)
    expect(Array.isArray(reports)).toBe(true)
    expect(reports.map((r) => r.address)).toEqual(order)
    expect(reports.map((r) => r.status)).toEqual(['REGISTERED', 'NONE', 'ACTIVE'])
    expect(new Set(reports.map((r) => r.blockNumber)).size).toBe(1)
    for (const [index, report] of reports.entries()) await expectMatchesChain(report, order[index]!)

    const text = await statusText(order)
    const rows = order.map((address) => {
      const line = text.split('\n').find((l) => l.includes(address))
      expect(line, address).toBeDefined()
      return { line: line!, at: text.indexOf(address) }
    })
    expect(rows[0]!.at).toBeLessThan(rows[1]!.at)
    expect(rows[1]!.at).toBeLessThan(rows[2]!.at)
    expect(rows[0]!.line).toMatch(/\bREGISTERED\b/)
    expect(rows[1]!.line).toMatch(/\bNONE\b/)
    expect(rows[2]!.line).toMatch(/\bACTIVE\b/)
    expect(rows[2]!.line).not.toMatch(/\bINACTIVE\b/)
  })
})

// ------------------------------------------------------------------ default address

describe('default address', () => {
  it('comes from the configured validator', async () => {
    await chain.registerValidator(key(A.configValidator), MIN_ACTIVATE, 10)
    const env = { KROMA_VALIDATOR_CONFIG_DIR: isolatedConfigDir() }
    const set = await runCli(['config', 'set', 'validator', addr(A.configValidator).toLowerCase()], { env })
    expect(set.exitCode, output(set)).toBe(0)
    const report = await statusJson([], env)
    expect(report.address).toBe(addr(A.configValidator))
    await expectMatchesChain(report, addr(A.configValidator))
    expect(report.status).toBe('ACTIVE')
  })

  it('comes from VALIDATOR_PRIVATE_KEY when nothing is configured', async () => {
    await chain.registerValidator(key(A.envSigner), MIN_REGISTER, 10)
    const report = await statusJson([], { VALIDATOR_PRIVATE_KEY: key(A.envSigner) })
    expect(report.address).toBe(addr(A.envSigner))
    await expectMatchesChain(report, addr(A.envSigner))
    expect(report.status).toBe('REGISTERED')
  })

  it('the configured validator wins over the signer key', async () => {
    const env = { KROMA_VALIDATOR_CONFIG_DIR: isolatedConfigDir(), VALIDATOR_PRIVATE_KEY: key(A.envSigner) }
    expect((await runCli(['config', 'set', 'validator', addr(A.configValidator)], { env })).exitCode).toBe(0)
    const report = await statusJson([], env)
    expect(report.address).toBe(addr(A.configValidator))
  })

  it('no address, none configured and no signer: exit 2', async () => {
    const result = await runCli(['status', ...flags])
    expect(result.exitCode, output(result)).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/address/i)
    expectNoStack(result)

    const json = await runCli(['status', '--json', ...flags])
    expect(json.exitCode, output(json)).toBe(2)
    const { error } = parseJson<{ error: ErrorDoc }>(json)
    expect(error.exitCode).toBe(2)
  })
})

// -------------------------------------------------------------------------- failures

interface ErrorDoc {
  code: string
  message: string
  suggestions: string[]
  exitCode: number
  [extra: string]: unknown
}

function expectErrorDoc(result: CliResult, exitCode: number): ErrorDoc {
  expect(result.exitCode, output(result)).toBe(exitCode)
  const document = parseJson<{ error: ErrorDoc }>(result)
  expect(Object.keys(document)).toEqual(['error'])
  const { error } = document
  expect(error.code).toMatch(/^[A-Z][A-Z0-9_]+$/)
  expect(typeof error.message).toBe('string')
  expect(error.message.length).toBeGreaterThan(0)
  expect(Array.isArray(error.suggestions)).toBe(true)
  expect(error.suggestions.length).toBeGreaterThan(0)
  expect(error.exitCode).toBe(exitCode)
  expectNoStack(result)
  return error
}

describe('failures', () => {
  const valid = () => addr(A.active)

  it.each([
    ['too short', '0x123'],
    ['not hex', '0xZZ9970C51812dc3A010C7d01b50e0d17dc79C8'],
    ['no 0x', '70997970C51812dc3A010C7d01b50e0d17dc79C8'],
    ['a word', 'validator'],
  ])('malformed address (%s): exit 2 naming it, nothing on stdout; --json gives one error document', async (_, bad) => {
    const human = await runCli(['status', bad, ...flags])
    expect(human.exitCode, output(human)).toBe(2)
    expect(human.stdout).toBe('')
    expect(human.stderr).toContain(bad)
    expectNoStack(human)

    const json = await runCli(['status', bad, '--json', ...flags])
    const error = expectErrorDoc(json, 2)
    expect(error.message).toContain(bad)
  })

  it('a private key given where an address goes is refused without being shown', async () => {
    const secret = Wallet.createRandom().privateKey.slice(2).toLowerCase()
    const withVm = (value: string) => [
      '--rpc-url',
      chain.rpcUrl,
      '--validator-manager',
      value,
      '--asset-manager',
      chain.addresses.assetManager,
      '--chain-id',
      String(chain.chainId),
    ]
    for (const form of [`0x${secret}`, secret]) {
      for (const args of [
        [form, ...flags],
        [valid(), form, ...flags],
        [valid(), ...withVm(form)],
      ]) {
        for (const extra of [[], ['--json']]) {
          const result = await runCli(['status', ...args, ...extra])
          expect(result.exitCode, output(result)).toBe(2)
          const shown = (result.stdout + result.stderr).toLowerCase()
          for (let i = 0; i + 16 <= secret.length; i++) expect(shown).not.toContain(secret.slice(i, i + 16))
          expectNoStack(result)
        }
      }
    }
  })

  it('an address with a wrong EIP-55 checksum is refused, also among valid ones', async () => {
    const good = valid()
    // Flip the case of the first letter: still 40 hex digits, but the checksum no longer holds.
    const index = good.slice(2).search(/[a-fA-F]/) + 2
    const flipped = good[index] === good[index]!.toUpperCase() ? good[index].toLowerCase() : good[index]!.toUpperCase()
    const bad = good.slice(0, index) + flipped + good.slice(index + 1)
    expect(bad.toLowerCase()).toBe(good.toLowerCase())

    const result = await runCli(['status', good, bad, ...flags])
    expect(result.exitCode, output(result)).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(bad)
    expectNoStack(result)
  })

  it('RPC unreachable (closed port): exit 4 naming the URL', async () => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    const args = ['status', valid(), ...chainFlags({ rpcUrl: url, chainId: chain.chainId, addresses: chain.addresses })]
    const human = await runCli(args)
    expect(human.exitCode, output(human)).toBe(4)
    expect(human.stdout).toBe('')
    expect(human.stderr).toMatch(loopback(port))
    expectNoStack(human)

    const error = expectErrorDoc(await runCli([...args, '--json']), 4)
    expect(error.message).toMatch(loopback(port))
  })

  describe('an RPC URL holding a secret never shows it', () => {
    // Letters and digits, like Alchemy or Infura keys.
    const apiKey = `${randomBytes(15).toString('hex')}Q7`
    const password = `pw${randomBytes(6).toString('hex')}9Q`

    it.each([
      ['an API key in the path', (port: number) => `http://127.0.0.1:${port}/v2/${apiKey}`, apiKey],
      ['user:password', (port: number) => `http://operator:${password}@127.0.0.1:${port}/`, password],
      ['a key in the query', (port: number) => `http://127.0.0.1:${port}/?apikey=${apiKey}`, apiKey],
    ])('%s: exit 4, the secret is in neither stdout nor stderr', async (_, makeUrl, secret) => {
      expect(apiKey).toMatch(/^[A-Za-z0-9]{32}$/)
      expect(apiKey).toMatch(/\d/)
      const port = await closedPort()
      const url = makeUrl(port)
      for (const extra of [[], ['--json']]) {
        for (const how of ['flag', 'env'] as const) {
          const result =
            how === 'flag'
              ? await runCli(['status', valid(), '--rpc-url', url, '--network', 'mainnet', ...extra])
              : await runCli(['status', valid(), '--network', 'mainnet', ...extra], { env: { VALIDATOR_L1_ETH_RPC: url } })
          expect(result.exitCode, `${how} ${extra.join(' ')}\n${output(result)}`).toBe(4)
          expect(result.stdout + result.stderr).not.toContain(secret)
          expect(result.stdout + result.stderr).toMatch(loopback(port))
          expectNoStack(result)
        }
      }
    })
  })

  it('an RPC that accepts and never answers, with --rpc-timeout 2: exit 4', async () => {
    const hanging = await startHangingServer()
    try {
      const result = await runCli(
        ['status', valid(), ...chainFlags({ rpcUrl: hanging.url, chainId: chain.chainId, addresses: chain.addresses }), '--rpc-timeout', '2'],
        { timeoutMs: 45_000 },
      )
      expect(hanging.connections).toBeGreaterThan(0)
      expect(result.exitCode, output(result)).toBe(4)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(hanging.url)
      expectNoStack(result)
    } finally {
      await hanging.stop()
    }
  })

  it('wrong chain (--network sepolia with an RPC on another chain): exit 4 naming both chain ids', async () => {
    const result = await runCli(['status', valid(), '--network', 'sepolia', '--rpc-url', chain.rpcUrl])
    expect(result.exitCode, output(result)).toBe(4)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/\b11155111\b/)
    expect(result.stderr).toMatch(new RegExp(`\\b${chain.chainId}\\b`))
    expectNoStack(result)

    const error = expectErrorDoc(await runCli(['status', valid(), '--network', 'sepolia', '--rpc-url', chain.rpcUrl, '--json']), 4)
    expect(error.message).toMatch(/\b11155111\b/)
    expect(error.message).toMatch(new RegExp(`\\b${chain.chainId}\\b`))
  })

  it('wrong chain (--chain-id 5): exit 4 naming both chain ids', async () => {
    const args = [
      'status',
      valid(),
      '--rpc-url',
      chain.rpcUrl,
      '--validator-manager',
      chain.addresses.validatorManager,
      '--asset-manager',
      chain.addresses.assetManager,
      '--chain-id',
      '5',
    ]
    const result = await runCli(args)
    expect(result.exitCode, output(result)).toBe(4)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/\b5\b/)
    expect(result.stderr).toMatch(new RegExp(`\\b${chain.chainId}\\b`))
    expectNoStack(result)
    // A read sends nothing, so it does not say "Nothing was sent".
    expect(result.stderr).not.toMatch(/sent/i)

    const error = expectErrorDoc(await runCli([...args, '--json']), 4)
    expect(error.message).toMatch(/\b5\b/)
    expect(error.message).toMatch(new RegExp(`\\b${chain.chainId}\\b`))
  })

  it('contract addresses with no code: exit 4, CONTRACTS_NOT_FOUND', async () => {
    const nowhere = [Wallet.createRandom().address, Wallet.createRandom().address]
    for (const where of nowhere) expect(await chain.provider.getCode(where)).toBe('0x')
    const args = [
      'status',
      valid(),
      '--rpc-url',
      chain.rpcUrl,
      '--validator-manager',
      nowhere[0]!,
      '--asset-manager',
      nowhere[1]!,
      '--chain-id',
      String(chain.chainId),
    ]
    const human = await runCli(args)
    expect(human.exitCode, output(human)).toBe(4)
    expect(human.stdout).toBe('')
    expectNoStack(human)

    const error = expectErrorDoc(await runCli([...args, '--json']), 4)
    expect(error.code).toBe('CONTRACTS_NOT_FOUND')
  })
})

// ----------------------------------------------------------------------- round trips

describe('round trips', () => {
  it('the proxy counts a batch as one HTTP request and each call in it', async () => {
    const proxy = await startRpcProxy(chain.rpcUrl)
    try {
      const post = (body: unknown) => fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const single = await (await post({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })).json()
      expect(single).toMatchObject({ result: `0x${chain.chainId.toString(16)}` })
      const batch = await (
        await post([
          { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] },
          { jsonrpc: '2.0', id: 2, method: 'eth_chainId', params: [] },
        ])
      ).json()
      expect(batch).toHaveLength(2)
      expect(proxy.httpRequests).toBe(2)
      expect(proxy.rpcCalls).toBe(3)
      expect(proxy.methods).toEqual(['eth_chainId', 'eth_blockNumber', 'eth_chainId'])
      proxy.reset()
      expect(proxy.httpRequests).toBe(0)
      expect(proxy.methods).toEqual([])
    } finally {
      await proxy.stop()
    }
  })

  it('status of 1 and of 10 validators: one HTTP request each, values from one block', async () => {
    await chain.registerValidator(key(A.proxyOne), MIN_ACTIVATE, 10)
    const many = Array.from({ length: 10 }, (_, i) => A.proxyMany + i)
    for (const [i, index] of many.entries()) await chain.registerValidator(key(index), i % 2 === 0 ? MIN_ACTIVATE : MIN_REGISTER, i)
    const manyAddresses = many.map(addr)

    const proxy = await startRpcProxy(chain.rpcUrl, { latencyMs: 150 })
    const viaProxy = (args: string[]) =>
      runCli(['status', ...args, '--json', ...chainFlags({ rpcUrl: proxy.url, chainId: chain.chainId, addresses: chain.addresses })])
    try {
      const one = await viaProxy([addr(A.proxyOne)])
      expect(one.exitCode, output(one)).toBe(0)
      expect(proxy.httpRequests).toBe(1)
      const oneMethods = [...proxy.methods].sort()
      await expectMatchesChain(parseJson<StatusReport>(one), addr(A.proxyOne))

      // Blocks keep coming while the CLI reads, each changing a KRO balance it reports: values
      // read at different blocks would not match the chain at the reported block.
      proxy.reset()
      let mining = true
      const sender = chain.as(key(A.transferSender)).kroToken
      const miner = (async () => {
        let n = 0
        while (mining) await (await sender.transfer(manyAddresses[n++ % manyAddresses.length]!, 1n)).wait()
      })()
      let result: CliResult
      try {
        result = await viaProxy(manyAddresses)
      } finally {
        mining = false
        await miner
      }
      expect(result.exitCode, output(result)).toBe(0)
      expect(proxy.httpRequests).toBe(1)
      // Nor does the number of JSON-RPC calls grow: one reader call holds every validator.
      expect([...proxy.methods].sort()).toEqual(oneMethods)
      const reports = parseJson<StatusReport[]>(result)
      expect(reports.map((r) => r.address)).toEqual(manyAddresses)
      expect(new Set(reports.map((r) => r.blockNumber)).size).toBe(1)
      expect(await chain.provider.getBlockNumber()).toBeGreaterThan(reports[0]!.blockNumber)
      for (const [index, report] of reports.entries()) await expectMatchesChain(report, manyAddresses[index]!)
    } finally {
      await proxy.stop()
    }
  })

  it.each([
    [1, 12_000],
    [20, 60_000],
    [50, 100_000],
  ])('status of %i validators: one HTTP request, at most %i bytes on the wire', async (count, budget) => {
    // Every validator costs the same bytes whatever its state: fresh addresses will do.
    const addresses = Array.from({ length: count }, () => Wallet.createRandom().address)
    const proxy = await startRpcProxy(chain.rpcUrl)
    try {
      const result = await runCli(['status', ...addresses, '--json', ...chainFlags({ rpcUrl: proxy.url, chainId: chain.chainId, addresses: chain.addresses })])
      expect(result.exitCode, output(result)).toBe(0)
      const reports = parseJson<StatusReport | StatusReport[]>(result)
      expect(Array.isArray(reports) ? reports.map((report) => report.address) : [reports.address]).toEqual(addresses)
      expect(proxy.httpRequests).toBe(1)
      expect(proxy.bytes).toBeLessThanOrEqual(budget)
    } finally {
      await proxy.stop()
    }
  })

  it('a chain with Multicall3 at its canonical address reads the same', async () => {
    const args = ['status', addr(A.proxyOne), '--json', ...chainFlags({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, addresses: chain.addresses })]
    const canonical = '0xcA11bde05977b3631167028862bE2a173976CA11'
    expect(await chain.provider.getCode(canonical)).toBe('0x')
    const without = await runCli(args)
    expect(without.exitCode, output(without)).toBe(0)
    await chain.provider.send('anvil_setCode', [canonical, loadArtifact('Multicall3').deployedBytecode])
    try {
      const withIt = await runCli(args)
      expect(withIt.exitCode, output(withIt)).toBe(0)
      expect(parseJson<StatusReport>(withIt)).toEqual(parseJson<StatusReport>(without))
    } finally {
      await chain.provider.send('anvil_setCode', [canonical, '0x'])
    }
  })
})
