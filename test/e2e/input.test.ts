// Input and decisions an operator can trip over, end to end through bin/run.js on anvil: a
// withdraw account that could never withdraw, withdraw without --validator, status rows that
// must not promise what the contracts refuse, and the warning before a transaction that leaves
// the validator EXITED.
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { KRO, cliAs, errorOf, expectFailure, freshAccount, jsonOf, observe, type TestAccount } from '../helpers/e2e.js'

let chain: TestChain

beforeAll(async () => {
  chain = await startTestChain()
})
afterAll(async () => {
  await chain?.stop()
})

const registerArgs = (withdrawAccount: string, ...extra: string[]) => [
  'register',
  '--amount',
  '10000KRO',
  '--commission-rate',
  '10',
  '--withdraw-account',
  withdrawAccount,
  '--yes',
  ...extra,
]

/** Runs, in text and in --json, a command that must stop with exit 2 before sending; returns the JSON error. */
async function expectInvalid(signer: TestAccount, args: string[], code: string, message: string) {
  const before = await observe(chain, signer.address)
  expectFailure(await cliAs(chain, signer, args), 2, message)
  const json = await cliAs(chain, signer, [...args, '--json'])
  expect(json.exitCode, json.stdout).toBe(2)
  const error = errorOf(json)
  expect(error).toMatchObject({ code, exitCode: 2 })
  expect(json.stderr).toBe('')
  expect(await observe(chain, signer.address)).toEqual(before)
  return error
}

function lineOf(text: string, label: string): string {
  const line = text.split('\n').find((entry) => entry.trimStart().startsWith(label))
  if (line === undefined) throw new Error(`no "${label}" line in:\n${text}`)
  return line.trimEnd()
}

async function status(address: string): Promise<{ text: string; json: { status: string; jailed: boolean; outputsBondableNow: number } }> {
  const text = await cliAs(chain, undefined, ['status', address])
  expect(text.exitCode, text.stderr).toBe(0)
  const json = await cliAs(chain, undefined, ['status', address, '--json'])
  expect(json.exitCode, json.stderr).toBe(0)
  return { text: text.stdout, json: jsonOf(json) }
}

describe('register --withdraw-account: an account that could never withdraw is refused', () => {
  it.each([
    ['the KRO token', () => chain.addresses.kroToken],
    ['the KGH NFT', () => chain.addresses.kgh],
    ['the AssetManager', () => chain.addresses.assetManager],
    ['the ValidatorManager', () => chain.addresses.validatorManager],
    ['Multicall3', () => chain.addresses.multicall3],
    ['the L2OutputOracle', () => chain.addresses.l2OutputOracle],
  ])("%s, one of the system's own contracts: exit 2 even with --allow-contract-withdraw-account, nothing sent", async (name, address) => {
    const validator = await freshAccount(chain)
    for (const extra of [[], ['--allow-contract-withdraw-account']]) {
      const error = await expectInvalid(
        validator,
        registerArgs(address(), ...extra),
        'SYSTEM_CONTRACT_WITHDRAW_ACCOUNT',
        `The withdraw account ${address()} is ${name}, one of the validator system's own contracts`,
      )
      expect(error.message).toContain('the KRO could never be withdrawn')
    }
    // Lower case is the same address.
    await expectInvalid(validator, registerArgs(address().toLowerCase()), 'SYSTEM_CONTRACT_WITHDRAW_ACCOUNT', name)
  })

  it('any other contract needs --allow-contract-withdraw-account, then registers with a warning that it must call AssetManager.withdraw', async () => {
    const validator = await freshAccount(chain)
    const safe = Wallet.createRandom().address
    await chain.provider.send('anvil_setCode', [safe, '0x6080604052'])

    const error = await expectInvalid(validator, registerArgs(safe), 'CONTRACT_WITHDRAW_ACCOUNT', `The withdraw account ${safe} is a contract`)
    expect(error.suggestions.join(' ')).toContain('--allow-contract-withdraw-account')

    const planned = await cliAs(chain, validator, registerArgs(safe, '--allow-contract-withdraw-account', '--dry-run', '--json'))
    expect(planned.exitCode, planned.stderr).toBe(0)
    const warning = jsonOf<{ notices: string[] }>(planned).notices.find((notice) => notice.includes('is a contract'))
    expect(warning).toContain('it must be able to call AssetManager.withdraw')

    const sent = await cliAs(chain, validator, registerArgs(safe, '--allow-contract-withdraw-account'))
    expect(sent.exitCode, sent.stderr).toBe(0)
    // The warning is in the plan, before anything was sent.
    expect(sent.stderr.indexOf('it must be able to call AssetManager.withdraw')).toBeGreaterThanOrEqual(0)
    expect(sent.stderr.indexOf('it must be able to call AssetManager.withdraw')).toBeLessThan(sent.stderr.indexOf('Sent '))
    expect(await chain.contracts.assetManager.getWithdrawAccount(validator.address)).toBe(safe)
  })

  it('an account without code, or an EIP-7702 delegated one, needs no flag', async () => {
    const delegated = Wallet.createRandom().address
    await chain.provider.send('anvil_setCode', [delegated, `0xef0100${chain.addresses.multicall3.slice(2).toLowerCase()}`])
    for (const withdrawAccount of [Wallet.createRandom().address, delegated]) {
      const validator = await freshAccount(chain)
      const result = await cliAs(chain, validator, registerArgs(withdrawAccount))
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stderr).not.toContain('is a contract')
      expect(await chain.contracts.assetManager.getWithdrawAccount(validator.address)).toBe(withdrawAccount)
    }
  })
})

describe('withdraw without --validator', () => {
  it('signed by a withdraw account that is no validator: says --validator names whose vault, exit 2, nothing sent', async () => {
    const validator = await freshAccount(chain)
    const withdrawer = await freshAccount(chain, { kro: 0n })
    await chain.registerValidator(validator.privateKey, KRO(10_000), 10, withdrawer.address)

    const error = await expectInvalid(
      withdrawer,
      ['withdraw', '--amount', '100KRO', '--yes'],
      'VALIDATOR_NOT_GIVEN',
      '--validator 0x… names whose vault to withdraw from',
    )
    expect(error.message).toContain(`The signer ${withdrawer.address} is not a validator`)
    expect(error.message).not.toMatch(/register/i)
    expect(error.suggestions).toEqual(['Run again with --validator <validator address>, e.g. `kroma-validator withdraw --validator 0x… --amount 100KRO`.'])
  })
})

describe('status rows that must not mislead', () => {
  it('a jailed validator can bond no outputs, and withdraws only when the jail period ends', async () => {
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, KRO(20_000), 10)
    // Past the withdrawal period, so the jail is what holds the withdrawal back.
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())
    await chain.jail(validator.address)
    const expiresAt = await chain.contracts.validatorManager.jailExpiresAt(validator.address)
    expect(expiresAt).toBeGreaterThan(await chain.contracts.assetManager.canWithdrawAt(validator.address))

    const { text, json } = await status(validator.address)
    expect(json.jailed).toBe(true)
    expect(lineOf(text, 'Outputs it can bond now')).toMatch(/0: a jailed validator cannot submit outputs$/)
    expect(json.outputsBondableNow).toBe(0)
    expect(lineOf(text, 'Can withdraw')).toMatch(/20,000 KRO from \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in .+\), when the jail period ends$/)
  })

  it('an EXITED validator with no own KRO: no outputs to bond, nothing to withdraw', async () => {
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, KRO(10_000), 10)
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())
    await chain.withdraw(validator.privateKey, validator.address, KRO(10_000))

    const { text, json } = await status(validator.address)
    expect(json.status).toBe('EXITED')
    expect(lineOf(text, 'Outputs it can bond now')).toMatch(/0: only an ACTIVE validator submits outputs \(this one is EXITED\)$/)
    expect(json.outputsBondableNow).toBe(0)
    expect(lineOf(text, 'Can withdraw')).toMatch(/nothing: no own KRO$/)
    expect(text).not.toMatch(/Can withdraw\s+now/)
  })

  it('an ACTIVE validator out of jail: the outputs it can bond, and what it can withdraw now', async () => {
    const validator = await freshAccount(chain)
    await chain.registerValidator(validator.privateKey, KRO(20_000), 10)
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())

    const { text, json } = await status(validator.address)
    expect(json.status).toBe('ACTIVE')
    expect(lineOf(text, 'Outputs it can bond now')).toMatch(/4 \(5,000 KRO each\)$/)
    expect(json.outputsBondableNow).toBe(4)
    expect(lineOf(text, 'Can withdraw')).toMatch(/now, up to 20,000 KRO \(own KRO not bonded\)$/)
  })
})

describe('a transaction that leaves the validator EXITED says so in the plan', () => {
  const EXITED_MEANS = 'An EXITED validator is out of the selection tree: it submits no outputs, earns no rewards and takes no new delegations.'

  it('withdraw below the registration minimum: what EXITED means and how to come back, before sending', async () => {
    const validator = await freshAccount(chain)
    const withdrawer = await freshAccount(chain, { kro: 0n })
    await chain.registerValidator(validator.privateKey, KRO(12_000), 10, withdrawer.address)
    await chain.increaseTime(await chain.contracts.assetManager.MIN_DELEGATION_PERIOD())
    const args = ['withdraw', '--validator', validator.address, '--amount', '4000KRO', '--yes']
    const notice = `The validator will be EXITED: own KRO 8,000 KRO is below the registration minimum 10,000 KRO. ${EXITED_MEANS} To come back, deposit at least 2,000 KRO more with \`kroma-validator depositKro\` (signed by the validator key).`

    const planned = await cliAs(chain, withdrawer, [...args, '--dry-run', '--json'])
    expect(planned.exitCode, planned.stderr).toBe(0)
    expect(jsonOf<{ notices: string[] }>(planned).notices).toContain(notice)

    const sent = await cliAs(chain, withdrawer, args)
    expect(sent.exitCode, sent.stderr).toBe(0)
    expect(sent.stderr).toContain(`! ${notice}`)
    expect(sent.stderr.indexOf(notice)).toBeLessThan(sent.stderr.indexOf('Sent '))
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(1n)

    // A deposit too small to come back: it stays EXITED, and says so.
    const small = await cliAs(chain, validator, ['depositKro', '--amount', '500KRO', '--yes'])
    expect(small.exitCode, small.stderr).toBe(0)
    const stays = `The validator stays EXITED: own KRO 8,500 KRO is below the registration minimum 10,000 KRO. ${EXITED_MEANS} To come back, deposit at least 1,500 KRO more`
    expect(small.stderr).toContain(`! ${stays}`)
    expect(small.stderr.indexOf(stays)).toBeLessThan(small.stderr.indexOf('Sent '))
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBe(1n)

    // Enough to come back: no EXITED warning.
    const back = await cliAs(chain, validator, ['depositKro', '--amount', '1,500 KRO', '--yes'])
    expect(back.exitCode, back.stderr).toBe(0)
    expect(back.stderr).not.toContain('EXITED')
    expect(await chain.contracts.validatorManager.getStatus(validator.address)).toBeGreaterThan(1n)
  })
})
