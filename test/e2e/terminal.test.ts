// The CLI in a real terminal and without one, end to end through bin/run.js on anvil: a terminal
// that reports 0 columns (the wait ends, SIGTERM is honoured), no send without --yes when stdin is
// not a terminal, the --dry-run plan as people read it, NO_COLOR and FORCE_COLOR, and output that
// fits an 80-column terminal.
import { Wallet } from 'ethers'
import stringWidth from 'string-width'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli } from '../helpers/cli.js'
import {
  KRO,
  cliAs,
  errorOf,
  expectFailure,
  flagsFor,
  freshAccount,
  jsonOf,
  minedNonce,
  observe,
  pendingNonce,
  poolOf,
  runCliInPty,
  type TestAccount,
} from '../helpers/e2e.js'

let chain: TestChain

beforeAll(async () => {
  chain = await startTestChain()
})
afterEach(async () => {
  await chain.setAutomine(true)
  await chain.mine(1)
})
afterAll(async () => {
  await chain?.stop()
})

async function validator(amount = KRO(10_000)): Promise<TestAccount> {
  const account = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(account.privateKey, amount, 10)
  return account
}

/** Colour (SGR) sequences: ESC [ … m. */
// eslint-disable-next-line no-control-regex -- ESC starts the terminal sequences matched here
const COLOUR = /\x1b\[[0-9;]*m/

/** The lines a terminal shows, colour and cursor sequences removed (a return to the first column starts over). */
function visibleLines(tty: string): string[] {
  return (
    tty
      // eslint-disable-next-line no-control-regex -- ESC starts the terminal sequences matched here
      .replace(/\x1b\[\d*G/g, '\r')
      // eslint-disable-next-line no-control-regex -- ESC starts the terminal sequences matched here
      .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
      .split(/\r?\n|\r/)
      .filter((line) => line.trim() !== '')
  )
}

function expectWithin(tty: string, columns: number): void {
  const tooLong = visibleLines(tty).filter((line) => stringWidth(line) > columns)
  expect(tooLong, tty).toEqual([])
}

describe('a terminal that reports 0 columns', () => {
  it('depositKro --yes ends on its own once mined; the deposit happened once', async () => {
    const account = await validator()
    const before = await observe(chain, account.address)
    const result = await runCliInPty(['depositKro', '--amount', '250KRO', '--yes', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
      steps: [],
      columns: 0,
      rows: 0,
      timeoutMs: 30_000,
    })
    expect(result.exitCode, result.tty).toBe(0)
    expect(result.tty).toMatch(/Sent deposit 0x[0-9a-f]{64}/)
    expect(result.tty).toContain('Waiting for deposit')
    expect(result.stdout).toMatch(/^Deposited: own KRO 10,000 KRO → 10,250 KRO/)
    const after = await observe(chain, account.address)
    expect(after.totalKro).toBe(before.totalKro + KRO(250))
    expect(after.nonce).toBe(before.nonce + 2)
  })

  it('the confirmation prompt works ("y" sends), and status is laid out for 80 columns', async () => {
    const account = await validator()
    const sent = await runCliInPty(['changeCommission', 'init', '--commission-rate', '12', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
      steps: [['Send this transaction\\?', 'y\r']],
      columns: 0,
      rows: 0,
      timeoutMs: 30_000,
    })
    expect(sent.exitCode, sent.tty).toBe(0)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(account.address)).toBe(12n)

    const status = await runCliInPty(['status', account.address, ...flagsFor(chain)], {
      steps: [],
      stdoutOnTerminal: true,
      columns: 0,
      rows: 0,
      timeoutMs: 30_000,
    })
    expect(status.exitCode, status.tty).toBe(0)
    expect(status.tty).toContain('10% → 12% pending')
    expectWithin(status.rawTty, 80)
  })

  it('SIGTERM while waiting: exit 130 naming what was sent; the transaction stays pending and is mined later', async () => {
    const account = await validator()
    const nonce = await minedNonce(chain, account.address)
    await chain.setAutomine(false)
    const result = await runCliInPty(['changeCommission', 'init', '--commission-rate', '15', '--yes', '--timeout', '60', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
      steps: [['Waiting for initCommissionChange', { signal: 'SIGTERM' }]],
      columns: 0,
      rows: 0,
      timeoutMs: 30_000,
    })
    const [pooled] = await poolOf(chain, account.address)
    expect(result.exitCode, result.tty).toBe(130)
    expect(result.tty).toContain(`Interrupted while waiting. Already sent: initCommissionChange ${pooled!.hash} (nonce ${nonce}).`)
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
    await chain.mine(1)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(account.address)).toBe(15n)
  })
})

describe('no terminal on stdin: nothing is sent without --yes', () => {
  it('exit 2 saying to add --yes, in text and in --json; the nonce is unchanged', async () => {
    const account = await validator()
    const before = await observe(chain, account.address)
    const args = ['changeCommission', 'init', '--commission-rate', '20', ...flagsFor(chain)]
    const env = { VALIDATOR_PRIVATE_KEY: account.privateKey }

    const text = await runCli(args, { env, yes: false })
    expectFailure(text, 2, /stdin is not a terminal.*Add --yes to send without asking/)
    expect(text.stderr).not.toMatch(/Sent /)
    const json = await runCli([...args, '--json'], { env, yes: false })
    expect(json.exitCode, json.stderr).toBe(2)
    expect(errorOf(json)).toMatchObject({ code: 'CONFIRMATION_REQUIRED', exitCode: 2 })
    expect(await observe(chain, account.address)).toEqual(before)
  })

  it('with --yes it sends; with --dry-run alone it plans and sends nothing', async () => {
    const account = await validator()
    const before = await observe(chain, account.address)
    const dry = await runCli(['changeCommission', 'init', '--commission-rate', '20', '--dry-run', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
      yes: false,
    })
    expect(dry.exitCode, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('Dry run: nothing was signed or sent.')
    expect(await observe(chain, account.address)).toEqual(before)

    const sent = await runCli(['changeCommission', 'init', '--commission-rate', '20', '--yes', ...flagsFor(chain)], {
      env: { VALIDATOR_PRIVATE_KEY: account.privateKey },
      yes: false,
    })
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(await chain.contracts.validatorManager.getPendingCommissionRate(account.address)).toBe(20n)
    expect((await observe(chain, account.address)).nonce).toBe(before.nonce + 1)
  })
})

describe('--dry-run shows the plan as people read it', () => {
  it('each call with its decoded arguments and estimated fee, the total, then to/value/chainId/data', async () => {
    const account = await freshAccount(chain, { kro: KRO(50_000) })
    const withdrawAccount = Wallet.createRandom().address
    const result = await cliAs(chain, account, [
      'register',
      '--amount',
      '12500.5KRO',
      '--commission-rate',
      '7',
      '--withdraw-account',
      withdrawAccount,
      '--dry-run',
    ])
    expect(result.exitCode, result.stderr).toBe(0)
    const json = jsonOf<DryRunJson>(
      await cliAs(chain, account, [
        'register',
        '--amount',
        '12500.5KRO',
        '--commission-rate',
        '7',
        '--withdraw-account',
        withdrawAccount,
        '--dry-run',
        '--json',
      ]),
    )
    const [approve, register] = json.transactions
    expect(result.stdout).toContain(
      ['1. KRO.approve', `     spender: AssetManager ${chain.addresses.assetManager}`, '     amount: 12,500.5 KRO', `   estimated fee: `].join('\n'),
    )
    expect(result.stdout).toMatch(new RegExp(`^   estimated fee: [\\d.]+ ETH \\(${approve!.gasEstimate} gas\\)$`, 'm'))
    expect(result.stdout).toContain(
      [
        '2. ValidatorManager.registerValidator',
        '     assets: 12,500.5 KRO',
        '     commissionRate: 7%',
        `     withdrawAccount: ${withdrawAccount}`,
        '   estimated fee: ',
      ].join('\n'),
    )
    expect(result.stdout).toMatch(/^Estimated fees: [\d.]+ ETH in total \(at most [\d.]+ ETH at the max fee per gas\)\.$/m)
    expect(result.stdout).toContain(
      `To sign elsewhere:\n1. approve\n   to:      ${chain.addresses.kroToken}\n   value:   0\n   chainId: ${chain.chainId}\n   data:    ${approve!.data}\n`,
    )
    expect(result.stdout).toContain(
      `2. registerValidator\n   to:      ${chain.addresses.validatorManager}\n   value:   0\n   chainId: ${chain.chainId}\n   data:    ${register!.data}\n`,
    )

    // --json: the documented fields, and the readable ones added.
    expect(approve).toMatchObject({
      to: chain.addresses.kroToken,
      function: 'approve',
      value: '0',
      chainId: Number(chain.chainId),
      contract: 'KRO',
      args: [
        { name: 'spender', value: `AssetManager ${chain.addresses.assetManager}` },
        { name: 'amount', value: '12,500.5 KRO' },
      ],
    })
    expect(register).toMatchObject({
      function: 'registerValidator',
      args: [
        { name: 'assets', value: '12,500.5 KRO' },
        { name: 'commissionRate', value: '7%' },
        { name: 'withdrawAccount', value: withdrawAccount },
      ],
    })
    expect(BigInt(approve!.estimatedFee)).toBeGreaterThan(0n)
    expect(BigInt(json.estimatedFee)).toBe(BigInt(approve!.estimatedFee) + BigInt(register!.estimatedFee))
    expect(BigInt(json.maxFee)).toBeGreaterThanOrEqual(BigInt(json.estimatedFee))
  })
})

interface DryRunJson {
  estimatedFee: string
  maxFee: string
  transactions: Array<{
    to: string
    function: string
    data: string
    value: string
    chainId: number
    contract: string
    gasEstimate: string | null
    args: Array<{ name: string; value: string }>
    estimatedFee: string
  }>
}

describe('colour in a terminal: NO_COLOR and FORCE_COLOR', () => {
  let account: TestAccount
  beforeAll(async () => {
    account = await validator()
  })

  const inTerminal = (args: string[], env: Record<string, string | undefined>) =>
    runCliInPty([...args, ...flagsFor(chain)], { env: { VALIDATOR_PRIVATE_KEY: account.privateKey, ...env }, steps: [], stdoutOnTerminal: true })

  it('status, a plan, history, exit and an error are coloured by default, and not with NO_COLOR=1 or FORCE_COLOR=0', async () => {
    const runs = [
      ['status', account.address],
      ['depositKro', '--amount', '1KRO', '--yes'],
      ['history', account.address, '--no-cache'],
      ['exit', account.address],
      ['status', '0x123'],
    ]
    for (const args of runs) {
      const coloured = await inTerminal(args, { NO_COLOR: undefined })
      expect(coloured.rawTty, args.join(' ')).toMatch(COLOUR)
      for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: undefined, FORCE_COLOR: '0' }]) {
        const plain = await inTerminal(args, env)
        expect(plain.tty, JSON.stringify(env)).toMatch(/Validator|deposit|Error:|ValidatorRegistered|Exit/)
        expect(plain.rawTty, `${args.join(' ')} ${JSON.stringify(env)}`).not.toMatch(COLOUR)
      }
    }
  })
})

describe('an 80-column terminal', () => {
  let accounts: TestAccount[]
  beforeAll(async () => {
    accounts = [await validator(KRO(12_345.678)), await validator()]
    expect((await cliAs(chain, accounts[0], ['changeCommission', 'init', '--commission-rate', '55'])).exitCode).toBe(0)
  })
  const at80 = (args: string[], env: Record<string, string> = {}) =>
    runCliInPty([...args, ...flagsFor(chain)], { env: { NO_COLOR: undefined, ...env }, steps: [], stdoutOnTerminal: true, columns: 80 })

  it('status of one validator: no line wider than 80 columns, every field still there', async () => {
    const result = await at80(['status', accounts[0]!.address])
    expect(result.exitCode, result.tty).toBe(0)
    expectWithin(result.rawTty, 80)
    for (const label of ['Status', 'Next step', 'Commission', 'Withdraw account', 'Own KRO', 'Weight', 'Can withdraw', 'Balances'])
      expect(result.tty).toContain(label)
    expect(result.tty).toContain(accounts[0]!.address)
  })

  it('status of several validators: a block per validator, none wider than 80 columns', async () => {
    const result = await at80(['status', ...accounts.map((account) => account.address)])
    expect(result.exitCode, result.tty).toBe(0)
    expectWithin(result.rawTty, 80)
    for (const account of accounts) expect(result.tty).toContain(account.address)
    expect(result.tty).toContain('10% → 55%')
    expect(result.tty).toMatch(/Own KRO 12,345\.6\d KRO/)
  })

  it('the plan before sending fits too, and the same commands at 200 columns keep the tables', async () => {
    const [first, second] = accounts
    const narrow = await at80(['depositKro', '--amount', '1KRO', '--yes'], { VALIDATOR_PRIVATE_KEY: second!.privateKey })
    expect(narrow.exitCode, narrow.tty).toBe(0)
    expectWithin(narrow.rawTty, 80)
    expect(narrow.tty).toMatch(/1\. approve on KRO 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}/)
    expect(narrow.tty).toContain('assets: 1 KRO')

    const wide = await runCliInPty(['status', first!.address, second!.address, ...flagsFor(chain)], { steps: [], stdoutOnTerminal: true, columns: 200 })
    expect(wide.tty).toMatch(/│ Validator\s+│ Status/)
  })
})
