// `exit` end to end through bin/run.js on anvil: for a validator, its withdraw account, a
// delegator with KRO and KGH and a V1 pool depositor, every step checked against direct contract
// reads at the block the CLI read (nothing is mined in between); the --json shape; bad input.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseEther, type ContractTransactionResponse } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, runCli, startCli, type CliResult } from '../helpers/cli.js'
import { startRpcProxy } from '../helpers/rpc-proxy.js'
import {
  KRO,
  cliAs,
  errorOf,
  expectFailure,
  flagsFor,
  freshAccount,
  jsonOf,
  minedNonce,
  pendingNonce,
  poolOf,
  waitUntil,
  type TestAccount,
} from '../helpers/e2e.js'
import { ValidatorPool__factory, type ValidatorPool } from '../helpers/types/index.js'
import type { ExitStepJson as StepJson } from '../../src/lib/exit-steps.js'

interface ExitJson {
  address: string
  blockNumber: number
  steps: StepJson[]
  totals: Record<string, string | number>
}

let chain: TestChain
let validator: TestAccount
let withdrawAccount: TestAccount
let delegator: TestAccount
let kghIds: bigint[]
let pool: ValidatorPool

beforeAll(async () => {
  chain = await startTestChain()
  pool = ValidatorPool__factory.connect(chain.addresses.validatorPool, chain.wallet(chain.accounts[0]!.privateKey))
  validator = await freshAccount(chain, { kro: KRO(50_000) })
  withdrawAccount = await freshAccount(chain, { kro: 0n })
  delegator = await freshAccount(chain, { kro: KRO(10_000) })
  await chain.registerValidator(validator.privateKey, KRO(20_000), 10, withdrawAccount.address)
  kghIds = await chain.mintKgh(delegator.address, 3)
  await chain.delegate(delegator.privateKey, validator.address, KRO(1_000))
  await chain.delegateKgh(delegator.privateKey, validator.address, [kghIds[0]!, kghIds[1]!])
  await chain.mine(200)
  // A finalized output pays the KRO delegators and the KGH their boosted reward.
  await chain.submitOutput(validator.address)
  await chain.finalizeOutputs()
  await chain.increaseTime(chain.deployment.params.minDelegationPeriod + 1n)
  // A token delegated now stays locked (delegating settles the reward: another output pays one);
  // the last output is not finalized, so it keeps its bond.
  await chain.delegateKgh(delegator.privateKey, validator.address, [kghIds[2]!])
  await chain.submitOutput(validator.address)
  await chain.finalizeOutputs()
  await chain.submitOutput(validator.address)
}, 240_000)
afterAll(async () => {
  await chain?.stop()
})

function exit(args: string[], account?: TestAccount, yes = true): Promise<CliResult> {
  return cliAs(chain, account, ['exit', ...args], { env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'kroma-validator-cache-')) }, yes })
}

interface ExecutedJson {
  address: string
  dryRun: boolean
  executed: Array<{ step: StepJson; result: { dryRun: boolean; transactions: Array<{ function: string; status?: string }> } }>
  remaining: StepJson[]
}

async function execute(account: TestAccount, args: string[] = []): Promise<ExecutedJson> {
  const result = await exit(['--execute', '--json', ...args], account)
  expect(result.exitCode, result.stderr).toBe(0)
  return jsonOf<ExecutedJson>(result)
}

async function exitJson(args: string[], account?: TestAccount): Promise<ExitJson> {
  const result = await exit([...args, '--json'], account)
  expect(result.exitCode, result.stderr).toBe(0)
  const document = jsonOf<ExitJson>(result)
  // Nothing is mined between the CLI's read and the direct reads below.
  expect(document.blockNumber).toBe(await chain.provider.getBlockNumber())
  return document
}

/** The connection flags the CLI repeats in every command (never --rpc-url). */
const connection = (pool = '') =>
  ` --validator-manager ${chain.addresses.validatorManager} --asset-manager ${chain.addresses.assetManager}${pool} --chain-id ${chain.chainId}`

/** The validator's own KRO as the contracts say it. */
async function vaultSteps(): Promise<StepJson[]> {
  const am = chain.contracts.assetManager
  const [notBonded, bonded, canWithdrawAt] = await Promise.all([
    am.totalValidatorKroNotBonded(validator.address),
    am.totalValidatorKroBonded(validator.address),
    am.canWithdrawAt(validator.address),
  ])
  const now = await chain.latestTimestamp()
  expect(await am.getWithdrawAccount(validator.address)).toBe(withdrawAccount.address)
  expect(bonded).toBeGreaterThan(0n)
  const open = canWithdrawAt <= now
  return [
    {
      kind: 'withdraw',
      validator: validator.address,
      asset: 'KRO',
      amount: notBonded.toString(),
      tokenIds: [],
      signer: withdrawAccount.address,
      signerIsContract: false,
      possibleNow: open,
      possibleAt: open ? null : Number(canWithdrawAt),
      blocker: open ? null : matching(/^Withdrawals open /),
      command: `kroma-validator withdraw --validator ${validator.address} --amount max${connection()}`,
    },
    {
      kind: 'bonded',
      validator: validator.address,
      asset: 'KRO',
      amount: bonded.toString(),
      tokenIds: [],
      signer: withdrawAccount.address,
      signerIsContract: false,
      possibleNow: false,
      possibleAt: null,
      blocker: matching(/later output is submitted/),
      command: `kroma-validator status ${validator.address}${connection()}`,
    },
  ]
}

describe('exit', () => {
  it('for a validator: its own KRO, not bonded and bonded, signed by its withdraw account', async () => {
    const document = await exitJson([validator.address])
    expect(document.address).toBe(validator.address)
    expect(document.steps).toEqual(await vaultSteps())
    const bonded = await chain.contracts.assetManager.totalValidatorKroBonded(validator.address)
    expect(document.totals.kroBonded).toBe(bonded.toString())
  })

  it('for the withdraw account (another address): the same steps, found from the registrations', async () => {
    const document = await exitJson([withdrawAccount.address])
    expect(document.steps).toEqual(await vaultSteps())
  })

  it('for a delegator with KRO and KGH: free tokens with their reward, the locked one with its time, then the KRO', async () => {
    const am = chain.contracts.assetManager
    const document = await exitJson([delegator.address])
    const [reward, assets, kroUnlock, lockedUnlock] = await Promise.all([
      am.getKghReward(validator.address, delegator.address),
      am.getKroAssets(validator.address, delegator.address),
      am.canUndelegateKroAt(validator.address, delegator.address),
      am.canUndelegateKghAt(validator.address, delegator.address, kghIds[2]!),
    ])
    const now = await chain.latestTimestamp()
    expect(reward).toBeGreaterThan(0n)
    expect(kroUnlock).toBeLessThanOrEqual(now)
    expect(lockedUnlock).toBeGreaterThan(now)
    const flags = connection()
    expect(
      document.steps.map((step) => [step.kind, step.validator, step.amount, step.tokenIds, step.signer, step.possibleNow, step.possibleAt, step.command]),
    ).toEqual([
      [
        'kgh-undelegate',
        validator.address,
        reward.toString(),
        [kghIds[0]!.toString(), kghIds[1]!.toString()],
        delegator.address,
        true,
        null,
        `kroma-validator kgh undelegate --validator ${validator.address} --token-id ${kghIds[0]},${kghIds[1]}${flags}`,
      ],
      [
        'kgh-undelegate',
        validator.address,
        '0',
        [kghIds[2]!.toString()],
        delegator.address,
        false,
        Number(lockedUnlock),
        `kroma-validator kgh undelegate --validator ${validator.address} --token-id ${kghIds[2]}${flags}`,
      ],
      [
        'undelegate',
        validator.address,
        assets.toString(),
        [],
        delegator.address,
        true,
        null,
        `kroma-validator undelegate --validator ${validator.address} --amount max${flags}`,
      ],
    ])
    expect(document.steps[1]!.blocker).toMatch(/^Locked until /)
    expect(document.totals).toEqual({ kroNow: assets.toString(), kroLater: '0', kroBonded: '0', kghTokens: 3, kghRewardNow: reward.toString(), ethNow: '0' })
  })

  it('for a V1 pool depositor: the expired bonds released first, then the balance', async () => {
    const depositor = await freshAccount(chain, { kro: 0n })
    await mined(pool.getFunction('testCredit')(depositor.address, { value: parseEther('0.5') }))
    await mined(pool.getFunction('testCreateBond')(depositor.address, 1n))
    const document = await exitJson([depositor.address, '--validator-pool', chain.addresses.validatorPool])
    const balance = await pool.getFunction('balanceOf')(depositor.address)
    await expect(pool.getFunction('unbond').staticCall()).resolves.toBeDefined()
    const flags = connection(` --validator-pool ${chain.addresses.validatorPool}`)
    expect(document.steps.map((step) => [step.kind, step.validator, step.asset, step.amount, step.signer, step.possibleNow, step.command])).toEqual([
      ['pool-unbond', null, 'ETH', null, depositor.address, true, `kroma-validator pool unbond${flags}`],
      ['pool-withdraw', null, 'ETH', balance.toString(), depositor.address, true, `kroma-validator pool withdraw --amount max${flags}`],
    ])
    expect(document.totals.ethNow).toBe(balance.toString())
  })

  it('a withdraw account that holds code (a Safe): its step goes the Safe route', async () => {
    const safeValidator = await freshAccount(chain, { kro: KRO(50_000) })
    const safe = chain.addresses.validatorPool // any account with code
    await chain.registerValidator(safeValidator.privateKey, KRO(20_000), 10, safe)
    const document = await exitJson([safeValidator.address])
    const notBonded = await chain.contracts.assetManager.totalValidatorKroNotBonded(safeValidator.address)
    expect(document.steps.map((step) => [step.kind, step.amount, step.signer, step.signerIsContract, step.command])).toEqual([
      [
        'withdraw',
        notBonded.toString(),
        safe,
        true,
        `kroma-validator withdraw --validator ${safeValidator.address} --amount max --from ${safe} --dry-run --safe-tx-file withdraw-${safeValidator.address}.json${connection()}`,
      ],
    ])
  })

  it("without an address: the signer's", async () => {
    const document = await exitJson([], delegator)
    expect(document.address).toBe(delegator.address)
    expect(document.steps.length).toBe(3)
  })

  it('--json: one document, every step with exactly the documented fields', async () => {
    const document = await exitJson([delegator.address])
    expect(Object.keys(document).sort()).toEqual(['address', 'blockNumber', 'steps', 'totals'])
    for (const step of document.steps) {
      expect(Object.keys(step).sort()).toEqual([
        'amount',
        'asset',
        'blocker',
        'command',
        'kind',
        'possibleAt',
        'possibleNow',
        'signer',
        'signerIsContract',
        'tokenIds',
        'validator',
      ])
      expect(step.amount).toMatch(/^\d+$/)
    }
  })

  it('for people: each step with its signer, when, the command, and what cannot come out', async () => {
    const result = await exit([validator.address])
    expect(result.exitCode, result.stderr).toBe(0)
    const [withdraw] = await vaultSteps()
    expect(result.stdout).toContain(`signer: ${withdrawAccount.address}`)
    expect(result.stdout).toContain(withdraw!.command)
    expect(result.stdout).toMatch(/Cannot come out: [\d,.]+ KRO of own KRO bonded to outputs/)
    expect(result.stdout).toContain('--ledger')
  })

  it('an address with nothing: no step, said plainly', async () => {
    const nobody = await freshAccount(chain, { kro: 0n })
    const document = await exitJson([nobody.address])
    expect(document.steps).toEqual([])
    const text = await exit([nobody.address])
    expect(text.stdout).toContain('Nothing: no own KRO, no delegation and no pool balance')
  })

  it('bad input: exit 2 with the reason, nothing read', async () => {
    expectFailure(await exit(['0x1234']), 2, /address/i)
    expectFailure(await runCli(['exit', validator.address, ...flagsFor(chain), '--validator-pool', 'nope']), 2, /pool|address/i)
  })
})

describe('exit --execute', () => {
  it('without a terminal and without --yes: exit 2, nothing sent', async () => {
    const nonce = await pendingNonce(chain, delegator.address)
    expectFailure(await exit(['--execute'], delegator, false), 2, /--yes/)
    expect(await pendingNonce(chain, delegator.address)).toBe(nonce)
  })

  it('flags for one transaction (--nonce, --from, --safe-tx-file): exit 2, nothing sent', async () => {
    const nonce = await pendingNonce(chain, delegator.address)
    expectFailure(await exit(['--execute', '--nonce', '5'], delegator), 2, /exit does not take --nonce/)
    expectFailure(await exit(['--execute', '--dry-run', '--from', withdrawAccount.address], delegator), 2, /exit does not take --from/)
    expect(await pendingNonce(chain, delegator.address)).toBe(nonce)
  })

  it('ADDRESS other than the signer: exit 2, nothing sent', async () => {
    expectFailure(await exit(['--execute', validator.address], delegator), 2, /not the signer/)
  })

  it("--dry-run: plans the signer's steps, sends nothing", async () => {
    const nonce = await pendingNonce(chain, delegator.address)
    const document = await execute(delegator, ['--dry-run'])
    expect(document.dryRun).toBe(true)
    expect(document.executed.map(({ step, result }) => [step.kind, result.dryRun, result.transactions.map((tx) => tx.function)])).toEqual([
      ['kgh-undelegate', true, ['undelegateKghBatch']],
      ['undelegate', true, ['undelegate']],
    ])
    const text = await exit(['--execute', '--dry-run'], delegator)
    expect(text.exitCode, text.stderr).toBe(0)
    expect(text.stderr).toContain(`Steps to carry out now, in this order (${delegator.address} signs):`)
    expect(text.stderr).toMatch(/ {2}1\. KGH .+\n {2}2\. [\d,.]+ KRO delegated to /)
    expect(text.stdout).toContain('Planned 2 steps; nothing was sent.')
    expect(await pendingNonce(chain, delegator.address)).toBe(nonce)
  })

  it('the validator key: its own KRO is signed by the withdraw account, so nothing is sent', async () => {
    const nonce = await pendingNonce(chain, validator.address)
    const document = await execute(validator)
    expect(document.executed).toEqual([])
    expect(document.remaining.map((step) => step.kind)).toEqual(['withdraw', 'bonded'])
    expect(await pendingNonce(chain, validator.address)).toBe(nonce)
  })

  it('the delegator: its free KGH with the reward, then its KRO; the locked token stays; a rerun sends nothing', async () => {
    const am = chain.contracts.assetManager
    const [reward, assets, kroBefore] = await Promise.all([
      am.getKghReward(validator.address, delegator.address),
      am.getKroAssets(validator.address, delegator.address),
      chain.kroBalance(delegator.address),
    ])
    const document = await execute(delegator)
    expect(document.executed.map(({ step, result }) => [step.kind, result.transactions.map((tx) => [tx.function, tx.status])])).toEqual([
      ['kgh-undelegate', [['undelegateKghBatch', 'success']]],
      ['undelegate', [['undelegate', 'success']]],
    ])
    expect(await chain.contracts.kgh.ownerOf(kghIds[0]!)).toBe(delegator.address)
    expect(await chain.contracts.kgh.ownerOf(kghIds[1]!)).toBe(delegator.address)
    expect(await chain.contracts.kgh.ownerOf(kghIds[2]!)).not.toBe(delegator.address)
    // `undelegate --amount max` may leave shares worth less than 1 wei: nothing is left to get back.
    expect(await am.getKroAssets(validator.address, delegator.address)).toBe(0n)
    expect(await chain.kroBalance(delegator.address)).toBe(kroBefore + reward + assets)
    expect(document.remaining.map((step) => [step.kind, step.tokenIds, step.possibleNow])).toEqual([['kgh-undelegate', [kghIds[2]!.toString()], false]])

    const nonce = await pendingNonce(chain, delegator.address)
    const rerun = await execute(delegator)
    expect(rerun.executed).toEqual([])
    expect(await pendingNonce(chain, delegator.address)).toBe(nonce)
  })

  it("the withdraw account: the validator's KRO that is not bonded, the bonded part stays", async () => {
    const am = chain.contracts.assetManager
    const [notBonded, bonded, before] = await Promise.all([
      am.totalValidatorKroNotBonded(validator.address),
      am.totalValidatorKroBonded(validator.address),
      chain.kroBalance(withdrawAccount.address),
    ])
    const document = await execute(withdrawAccount)
    expect(document.executed.map(({ step, result }) => [step.kind, step.validator, result.transactions.map((tx) => tx.status)])).toEqual([
      ['withdraw', validator.address, ['success']],
    ])
    expect(await chain.kroBalance(withdrawAccount.address)).toBe(before + notBonded)
    expect(await am.totalValidatorKroNotBonded(validator.address)).toBe(0n)
    expect(await am.totalValidatorKroBonded(validator.address)).toBe(bonded)
    expect(document.remaining.map((step) => step.kind)).toEqual(['bonded'])
  })

  it('a pool depositor after an interruption (its unbond already sent): only the withdrawal is left, and done once', async () => {
    const depositor = await freshAccount(chain, { kro: 0n })
    await mined(pool.getFunction('testCredit')(depositor.address, { value: parseEther('0.5') }))
    await mined(pool.getFunction('testCreateBond')(depositor.address, 1n))
    await mined(pool.connect(chain.wallet(depositor.privateKey)).getFunction('unbond')())
    const balance = await pool.getFunction('balanceOf')(depositor.address)
    const document = await execute(depositor, ['--validator-pool', chain.addresses.validatorPool])
    expect(document.executed.map(({ step }) => [step.kind, step.amount])).toEqual([['pool-withdraw', balance.toString()]])
    expect(await pool.getFunction('balanceOf')(depositor.address)).toBe(0n)
    const nonce = await pendingNonce(chain, depositor.address)
    expect((await execute(depositor, ['--validator-pool', chain.addresses.validatorPool])).executed).toEqual([])
    expect(await pendingNonce(chain, depositor.address)).toBe(nonce)
  })
})

/** A V1 pool depositor (0.5 ETH, and an expired bond if asked) who delegates 1,000 KRO to a validator of its own, unlocked. */
async function depositorWhoDelegates(options: { expiredBond: boolean }): Promise<{ own: TestAccount; account: TestAccount }> {
  const own = await freshAccount(chain, { kro: KRO(30_000) })
  const account = await freshAccount(chain, { kro: KRO(2_000) })
  await chain.registerValidator(own.privateKey, KRO(20_000), 10)
  await chain.delegate(account.privateKey, own.address, KRO(1_000))
  await mined(pool.getFunction('testCredit')(account.address, { value: parseEther('0.5') }))
  if (options.expiredBond) await mined(pool.getFunction('testCreateBond')(account.address, 1n))
  await chain.increaseTime(chain.deployment.params.minDelegationPeriod + 1n)
  return { own, account }
}

describe('exit --execute interrupted', () => {
  it('SIGINT while the second step waits: exit 130 naming its hash and the step done; a rerun sends only the steps not done', async () => {
    // A pool depositor (an expired bond, a balance) who also delegates: three steps of one signer.
    const { own, account } = await depositorWhoDelegates({ expiredBond: true })
    const assets = await chain.contracts.assetManager.getKroAssets(own.address, account.address)
    const kroBefore = await chain.kroBalance(account.address)
    const nonce = await minedNonce(chain, account.address)
    const args = ['exit', '--execute', '--yes', '--validator-pool', chain.addresses.validatorPool, ...flagsFor(chain)]
    const env = { VALIDATOR_PRIVATE_KEY: account.privateKey, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'kroma-validator-cache-')) }

    await chain.setAutomine(false)
    const sentHashes: string[] = []
    try {
      const run = startCli([...args, '--json'], { env, timeoutMs: 60_000 })
      // The first step (unbond) is sent: mine it, so the run goes on to the second (withdraw).
      await waitUntil('the unbond is sent', async () => (await poolOf(chain, account.address)).length === 1)
      const [unbond] = await poolOf(chain, account.address)
      await chain.mine(1)
      await waitUntil('the pool withdrawal is sent', async () => (await poolOf(chain, account.address)).some((tx) => tx.hash !== unbond!.hash))
      const [withdrawal] = await poolOf(chain, account.address)
      run.child.kill('SIGINT')
      const result = await run.done
      expect(result.exitCode, result.stderr).toBe(130)
      // One JSON document: the transaction waited for, and the step done before it with its transaction.
      const error = errorOf(result)
      expect(error).toMatchObject({
        code: 'INTERRUPTED',
        exitCode: 130,
        sent: [{ function: 'withdraw', hash: withdrawal!.hash, nonce: nonce + 1 }],
        done: [
          { kind: 'pool-unbond', validator: null, transactions: [expect.objectContaining({ function: 'unbond', hash: unbond!.hash, status: 'success' })] },
        ],
      })
      expect(error.message).toBe(
        `Interrupted while waiting. Already sent: withdraw ${withdrawal!.hash} (nonce ${nonce + 1}). Done before it: pool-unbond (unbond ${unbond!.hash}).`,
      )
      expect(error.suggestions).toContain('Once what was sent is mined, `kroma-validator exit --execute` again carries out only the steps left.')
      sentHashes.push(unbond!.hash, withdrawal!.hash)
      // The interrupted transaction stays pending; nothing else was sent.
      expect(await pendingNonce(chain, account.address)).toBe(nonce + 2)
      expect(await minedNonce(chain, account.address)).toBe(nonce + 1)
      await chain.mine(1)
    } finally {
      await chain.setAutomine(true)
    }
    for (const hash of sentHashes) expect((await chain.provider.getTransactionReceipt(hash))?.status).toBe(1)
    expect(await pool.getFunction('balanceOf')(account.address)).toBe(0n)

    // The rerun reads again: the pool steps are done, only the undelegation is sent.
    const rerun = await runCli(args, { env })
    expect(rerun.exitCode, rerun.stderr).toBe(0)
    expect(rerun.stderr).not.toMatch(/Sent (unbond|withdraw) /)
    expect(rerun.stderr).toMatch(/Sent undelegate 0x[0-9a-f]{64}/)
    expect(await minedNonce(chain, account.address)).toBe(nonce + 3)
    const block = await chain.provider.getBlock('latest', true)
    expect(block!.prefetchedTransactions.filter((tx) => tx.from === account.address).map((tx) => tx.nonce)).toEqual([nonce + 2])
    expect(await chain.contracts.assetManager.getKroAssets(own.address, account.address)).toBe(0n)
    expect(await chain.kroBalance(account.address)).toBe(kroBefore + assets)

    // A third run has nothing left to send.
    const third = await execute(account, ['--validator-pool', chain.addresses.validatorPool])
    expect(third.executed).toEqual([])
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 3)
  })

  it('SIGINT while the plan is read again between two steps: exit 130 naming the step done; nothing more is sent', async () => {
    // Two steps of one signer: the pool balance, then a delegation. A slow endpoint keeps the read between them open.
    const { own, account } = await depositorWhoDelegates({ expiredBond: false })
    const nonce = await minedNonce(chain, account.address)
    const slow = await startRpcProxy(chain.rpcUrl, { latencyMs: 300 })
    try {
      const slowFlags = chainFlags({ rpcUrl: slow.url, chainId: chain.chainId, addresses: chain.addresses })
      const env = { VALIDATOR_PRIVATE_KEY: account.privateKey, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'kroma-validator-cache-')) }
      const run = startCli(['exit', '--execute', '--yes', '--validator-pool', chain.addresses.validatorPool, ...slowFlags], { env, timeoutMs: 120_000 })
      // The first step's result is printed once it is mined; the plan is then read again before the second.
      await waitUntil('the pool withdrawal is done', () => Promise.resolve(run.stdout().includes('V1 ValidatorPool')), 90_000)
      run.child.kill('SIGINT')
      const result = await run.done
      expect(result.exitCode, result.stderr).toBe(130)
      const withdrawal = /Sent withdraw (0x[0-9a-f]{64})/.exec(result.stderr)?.[1]
      expect((await chain.provider.getTransactionReceipt(withdrawal ?? ''))?.status).toBe(1)
      expect(result.stderr).toContain(`Interrupted between steps; nothing more was sent. Done before it: pool-withdraw (withdraw ${withdrawal}).`)
      expect(result.stderr).toContain('`kroma-validator exit --execute` again carries out only the steps left.')
    } finally {
      await slow.stop()
    }
    // Only the pool withdrawal was sent: the delegation is untouched.
    expect(await pendingNonce(chain, account.address)).toBe(nonce + 1)
    expect(await pool.getFunction('balanceOf')(account.address)).toBe(0n)
    expect(await chain.contracts.assetManager.getKroAssets(own.address, account.address)).toBeGreaterThan(0n)
  })
})

async function mined(pending: Promise<ContractTransactionResponse>): Promise<void> {
  if ((await (await pending).wait()) === null) throw new Error('no receipt')
}

/** A string that matches `pattern`, inside an expected object. */
function matching(pattern: RegExp): string {
  return expect.stringMatching(pattern) as string
}
