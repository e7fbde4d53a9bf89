import { shortAddress } from '../address.js'
import { parseCommissionRate } from '../input/amounts.js'
import { formatDuration, formatUtc, formatWhen } from '../format/time.js'
import { initCommissionChangeCall, validatorManagerCall } from './calls.js'
import { requireAtLeastRegistered, requireNotJailed } from './checks.js'
import { ownValidatorAction, refuse, type Action } from './types.js'

export interface CommissionInitInput {
  commissionRate: number
}

export const initCommissionChange: Action<CommissionInitInput, { 'commission-rate': string }> = {
  name: 'changeCommission init',
  fromFlags: (flags) => ({ commissionRate: parseCommissionRate(flags['commission-rate']) }),
  ...ownValidatorAction,
  plan(input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    requireAtLeastRegistered(validator, 'a commission change')
    requireNotJailed(validator, snapshot, 'a commission change')
    if (BigInt(input.commissionRate) === validator.commissionRate) {
      throw refuse('SAME_COMMISSION_RATE', `The commission rate of ${shortAddress(signer)} is already ${input.commissionRate}%.`, {
        suggestions: ['Pick a different rate.'],
      })
    }
    const delay = snapshot.params.commissionChangeDelaySeconds
    const notices = [
      `The change can be finalized after ${formatDuration(delay)}, from about ${formatWhen(snapshot.timestamp + delay, snapshot.timestamp)}, with \`kroma-validator changeCommission finalize\`.`,
    ]
    if (validator.commissionChangePending) {
      notices.unshift(`This replaces the pending change to ${validator.pendingCommissionRate}% and restarts the delay.`)
    }
    return { validator: signer, calls: [initCommissionChangeCall(connection, input.commissionRate)], notices }
  },
  outcome: (_before, after, input) =>
    `Commission change to ${input.commissionRate}% initiated (current ${after.commissionRate}%); finalize it from ${formatUtc(after.canFinalizeCommissionChangeAt)}.`,
}

export const finalizeCommissionChange: Action<Record<string, never>> = {
  name: 'changeCommission finalize',
  fromFlags: () => ({}),
  ...ownValidatorAction,
  plan(_input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    requireAtLeastRegistered(validator, 'finalizing a commission change')
    requireNotJailed(validator, snapshot, 'finalizing a commission change')
    if (!validator.commissionChangePending) {
      throw refuse('NO_PENDING_COMMISSION_CHANGE', `No commission change is pending for ${shortAddress(signer)}.`, {
        suggestions: ['Start one with `kroma-validator changeCommission init --commission-rate <percent>`.'],
      })
    }
    if (validator.canFinalizeCommissionChangeAt > snapshot.timestamp) {
      throw refuse(
        'COMMISSION_CHANGE_TOO_EARLY',
        `The change to ${validator.pendingCommissionRate}% can be finalized from ${formatWhen(validator.canFinalizeCommissionChangeAt, snapshot.timestamp)}.`,
        {
          possibleAt: validator.canFinalizeCommissionChangeAt,
          suggestions: ['Run `kroma-validator changeCommission finalize` again after that time.'],
        },
      )
    }
    return {
      validator: signer,
      calls: [validatorManagerCall(connection, 'finalizeCommissionChange')],
      notices: [`Commission goes from ${validator.commissionRate}% to ${validator.pendingCommissionRate}%.`],
    }
  },
  outcome: (before, after) => `Commission changed: ${before.commissionRate}% → ${after.commissionRate}%.`,
}
