import { shortAddress } from '../address.js'
import type { AmountInput } from '../amounts.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import { withdrawCall } from './calls.js'
import { requireNonZero, requireRegistered } from './checks.js'
import { refuse, type Action } from './types.js'

export interface WithdrawInput {
  validator?: string
  amount: AmountInput
}

export const withdraw: Action<WithdrawInput> = {
  name: 'withdraw',
  // The KRO moves from the vault, not from the signer (the withdraw account, which may be a contract).
  signerFacts: { kro: false, code: false },
  validatorFor: (input, signer) => input.validator ?? signer,
  plan(input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    const now = snapshot.timestamp
    requireRegistered(validator, 'a withdrawal')
    if (validator.withdrawAccount !== signer) {
      throw refuse('NOT_WITHDRAW_ACCOUNT', `The signer ${signer} is not the withdraw account of validator ${validator.address}; only ${validator.withdrawAccount} can withdraw.`, {
        suggestions: [
          `Sign with the withdraw account ${validator.withdrawAccount} (e.g. --ledger, with \`kroma-validator ledger addresses --validator ${validator.address}\` to find its path).`,
          'For a Safe or another contract, run with --dry-run and submit the printed transaction from it.',
        ],
      })
    }
    if (validator.jailExpiresAt > now) {
      throw refuse('VALIDATOR_JAILED', `Validator ${shortAddress(validator.address)} is jailed until ${formatWhen(validator.jailExpiresAt, now)}; withdrawals are possible after that.`, {
        possibleAt: validator.jailExpiresAt,
        suggestions: ['Run the same command again after that time.'],
      })
    }
    if (validator.canWithdrawAt > now) {
      throw refuse('WITHDRAW_TOO_EARLY', `Validator ${shortAddress(validator.address)} can withdraw from ${formatWhen(validator.canWithdrawAt, now)} (the minimum period after its last deposit).`, {
        possibleAt: validator.canWithdrawAt,
        suggestions: ['Run the same command again after that time.'],
      })
    }
    const amount = input.amount.kind === 'max' ? validator.notBondedKro : input.amount.wei
    if (input.amount.kind === 'max' && amount === 0n) {
      throw refuse('NOTHING_TO_WITHDRAW', `Validator ${shortAddress(validator.address)} has no KRO that is not bonded (bonded: ${formatKro(validator.bondedKro)}).`, {
        suggestions: ['Bonded KRO is released as its outputs are finalized; check again later with `kroma-validator status`.'],
      })
    }
    requireNonZero(amount, 'withdrawal')
    if (amount > validator.notBondedKro) {
      throw refuse('AMOUNT_ABOVE_AVAILABLE', `${formatKro(amount)} is more than the ${formatKro(validator.notBondedKro)} of own KRO not bonded (bonded: ${formatKro(validator.bondedKro)}).`, {
        suggestions: ['Withdraw at most that amount, or use --amount max.'],
      })
    }
    const notices = [`${formatKro(amount, 18)} goes to the withdraw account ${validator.withdrawAccount}.`]
    const remaining = validator.totalKro - amount
    if (remaining < snapshot.params.minRegisterAmount) {
      notices.push(`Own KRO drops to ${formatKro(remaining)}, below the registration minimum ${formatKro(snapshot.params.minRegisterAmount)}: the validator will be EXITED.`)
    } else if (validator.reflectiveWeight - amount < snapshot.params.minActivateAmount && (validator.status === 'ACTIVE' || validator.status === 'READY')) {
      notices.push(`Weight drops below the activation minimum ${formatKro(snapshot.params.minActivateAmount)}: the validator will stop being selected.`)
    }
    return { validator: validator.address, calls: [withdrawCall(connection, validator.address, amount)], notices }
  },
  outcome: (before, after) => `Withdrawn ${formatKro(before.totalKro - after.totalKro)}: own KRO now ${formatKro(after.totalKro)}, status ${after.status}.`,
}
