import { parseAddress, shortAddress } from '../address.js'
import { parseAmount, type AmountInput } from '../input/amounts.js'
import { invalidInput } from '../errors.js'
import { formatKro, formatUnits18Exact } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import { exitedNotice } from '../validator/advice.js'
import { vaultCall } from './calls.js'
import { requireNonZero, requireRegistered } from './checks.js'
import { refuse, type Action } from './types.js'

export interface WithdrawInput {
  validator?: string
  amount: AmountInput
}

export const withdraw: Action<WithdrawInput, { validator?: string; amount: string }> = {
  name: 'withdraw',
  fromFlags: (flags) => ({
    validator: flags.validator === undefined ? undefined : parseAddress(flags.validator, 'validator address'),
    amount: parseAmount(flags.amount, { allowMax: true }),
  }),
  // The KRO moves from the vault, not from the signer (the withdraw account, which may be a contract).
  signerFacts: { kro: false, code: false },
  validatorFor: (input, signer) => input.validator ?? signer,
  plan(input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    const now = snapshot.timestamp
    if (input.validator === undefined && validator.status === 'NONE') {
      // Most often the withdraw account signing without saying whose vault it means.
      throw invalidInput(
        'VALIDATOR_NOT_GIVEN',
        `The signer ${signer} is not a validator, so it has no KRO of its own to withdraw: --validator 0x… names whose vault to withdraw from (the signer must be that validator's withdraw account).`,
        [
          `Run again with --validator <validator address>, e.g. \`kroma-validator withdraw --validator 0x… --amount ${input.amount.kind === 'max' ? 'max' : `${formatUnits18Exact(input.amount.wei)}KRO`}\`.`,
        ],
      )
    }
    requireRegistered(validator, 'a withdrawal')
    if (validator.withdrawAccount !== signer) {
      throw refuse(
        'NOT_WITHDRAW_ACCOUNT',
        `The signer ${signer} is not the withdraw account of validator ${validator.address}; only ${validator.withdrawAccount} can withdraw.`,
        {
          suggestions: [
            `Sign with the withdraw account ${validator.withdrawAccount} (e.g. --ledger, with \`kroma-validator ledger addresses --validator ${validator.address}\` to find its path).`,
            `For a Safe or another contract, plan it as that sender: --from ${validator.withdrawAccount} --dry-run --safe-tx-file withdraw.json, then import the file in the Safe app.`,
          ],
        },
      )
    }
    if (validator.jailExpiresAt > now) {
      throw refuse(
        'VALIDATOR_JAILED',
        `Validator ${shortAddress(validator.address)} is jailed until ${formatWhen(validator.jailExpiresAt, now)}; withdrawals are possible after that.`,
        {
          possibleAt: validator.jailExpiresAt,
          suggestions: ['Run the same command again after that time.'],
        },
      )
    }
    if (validator.canWithdrawAt > now) {
      throw refuse(
        'WITHDRAW_TOO_EARLY',
        `Validator ${shortAddress(validator.address)} can withdraw from ${formatWhen(validator.canWithdrawAt, now)} (the minimum period after its last deposit).`,
        {
          possibleAt: validator.canWithdrawAt,
          suggestions: ['Run the same command again after that time.'],
        },
      )
    }
    const amount = input.amount.kind === 'max' ? validator.notBondedKro : input.amount.wei
    if (input.amount.kind === 'max' && amount === 0n) {
      throw refuse(
        'NOTHING_TO_WITHDRAW',
        `Validator ${shortAddress(validator.address)} has no KRO that is not bonded (bonded: ${formatKro(validator.bondedKro)}).`,
        {
          suggestions: ['Bonded KRO is released as its outputs are finalized; check again later with `kroma-validator status`.'],
        },
      )
    }
    requireNonZero(amount, 'withdrawal')
    if (amount > validator.notBondedKro) {
      throw refuse(
        'AMOUNT_ABOVE_AVAILABLE',
        `Cannot withdraw ${formatKro(amount, 18)}: only ${formatKro(validator.notBondedKro, 18)} of the validator's own KRO is not bonded (bonded: ${formatKro(validator.bondedKro)}).`,
        {
          suggestions: ['Withdraw at most that amount, or use --amount max.'],
        },
      )
    }
    const notices = [`${formatKro(amount, 18)} goes to the withdraw account ${validator.withdrawAccount}.`]
    const remaining = validator.totalKro - amount
    if (remaining < snapshot.params.minRegisterAmount) {
      notices.push(exitedNotice(validator, remaining, snapshot))
    } else if (validator.reflectiveWeight - amount < snapshot.params.minActivateAmount && (validator.status === 'ACTIVE' || validator.status === 'READY')) {
      notices.push(`Weight drops below the activation minimum ${formatKro(snapshot.params.minActivateAmount)}: the validator will stop being selected.`)
    }
    return { validator: validator.address, calls: [vaultCall(connection, 'withdraw', validator.address, amount)], notices }
  },
  outcome: (before, after) => `Withdrawn ${formatKro(before.totalKro - after.totalKro)}: own KRO now ${formatKro(after.totalKro)}, status ${after.status}.`,
}
