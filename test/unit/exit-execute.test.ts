import { describe, expect, it } from 'vitest'
import { executableSteps, sameStep, withStepsDone } from '../../src/lib/exit/execute.js'
import { CliError, ExitCode } from '../../src/lib/errors.js'
import { exitStepJson } from '../../src/lib/exit-steps.js'
import { planExit } from '../../src/lib/exit/plan.js'

const NOW = 1_800_000_000n
const HOLDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const VALIDATOR = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const OTHER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const SAFE = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'

const vault = (validator: string, withdrawAccount: string, withdrawAccountIsContract = false) => ({
  validator,
  withdrawAccount,
  withdrawAccountIsContract,
  jailExpiresAt: 0n,
  canWithdrawAt: NOW - 1n,
  notBondedKro: 10n,
  bondedKro: 5n,
})

function steps() {
  const plan = planExit({
    address: HOLDER,
    timestamp: NOW,
    addressIsContract: false,
    // Its own vault (signed here), a validator's whose withdraw account is a Safe, one paid to another account.
    vaults: [vault(OTHER, HOLDER), vault(HOLDER, SAFE, true), vault(VALIDATOR, OTHER)],
    delegations: [
      { validator: VALIDATOR, kroShares: 1n, kroAssets: 7n, canUndelegateKroAt: NOW + 60n, kghTokens: [{ id: 3n, canUndelegateAt: NOW - 1n }], kghReward: 2n },
    ],
    pool: { balance: 4n, unbondable: true },
  })
  return plan.steps.map((step) => exitStepJson(step))
}

describe('executableSteps', () => {
  it("only the signer's own steps that are possible now: not bonded KRO, not a Safe's, not another signer's, not locked ones", () => {
    const mine = executableSteps(steps(), HOLDER.toLowerCase())
    expect(mine.map((step) => [step.kind, step.validator])).toEqual([
      ['pool-unbond', null],
      ['pool-withdraw', null],
      ['withdraw', OTHER],
      ['kgh-undelegate', VALIDATOR],
    ])
    expect(executableSteps(steps(), OTHER).map((step) => [step.kind, step.validator])).toEqual([['withdraw', VALIDATOR]])
  })
})

describe('sameStep', () => {
  it('the same kind, validator and tokens, whatever the amount now', () => {
    const [first, second] = steps()
    expect(sameStep(first!, { ...first!, amount: '99' })).toBe(true)
    expect(sameStep(first!, second!)).toBe(false)
    const kgh = steps().find((step) => step.kind === 'kgh-undelegate')!
    expect(sameStep(kgh, { ...kgh, tokenIds: ['4'] })).toBe(false)
  })
})

describe('withStepsDone', () => {
  const interrupted = () =>
    new CliError('Interrupted while waiting. Already sent: withdraw 0xbb (nonce 8).', {
      code: 'INTERRUPTED',
      exitCode: ExitCode.declined,
      details: { sent: [] },
    })
  const [unbond] = steps()
  const done = [{ step: unbond!, result: { transactions: [{ function: 'unbond', hash: '0xaa' }] } }]

  it('an interruption after done steps names them, in the message and the details', () => {
    const cliError = withStepsDone(interrupted(), done)
    expect(cliError.message).toBe('Interrupted while waiting. Already sent: withdraw 0xbb (nonce 8). Done before it: pool-unbond (unbond 0xaa).')
    expect(cliError.details).toEqual({ sent: [], done: [{ kind: 'pool-unbond', validator: null, transactions: [{ function: 'unbond', hash: '0xaa' }] }] })
    expect(cliError.suggestions).toEqual(['Once what was sent is mined, `kroma-validator exit --execute` again carries out only the steps left.'])
  })

  it('leaves other errors, and an interruption of the first step, as they are', () => {
    const refused = new CliError('No.', { code: 'NO_BOND_TO_UNBOND', exitCode: ExitCode.refused })
    expect(withStepsDone(refused, done)).toBe(refused)
    expect(refused.message).toBe('No.')
    const first = interrupted()
    expect(withStepsDone(first, [])).toBe(first)
    expect(first.message).toBe('Interrupted while waiting. Already sent: withdraw 0xbb (nonce 8).')
    const plain = new Error('boom')
    expect(withStepsDone(plain, done)).toBe(plain)
  })
})
