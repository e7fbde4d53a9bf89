import { shortAddress } from '../address.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import type { Snapshot, ValidatorState } from '../validator/snapshot.js'
import { statusAtLeast } from '../validator/status-names.js'
import { refuse } from './types.js'

/** Preconditions shared by several actions, worded the same wherever they refuse. */

export function requireRegistered(validator: ValidatorState, action: string): void {
  if (validator.status === 'NONE') {
    throw refuse('NOT_REGISTERED', `${shortAddress(validator.address)} is not a registered validator, so ${action} is not possible.`, {
      suggestions: ['Register first: `kroma-validator register --amount <KRO> --commission-rate <percent> --withdraw-account <address>`.'],
    })
  }
}

export function requireAtLeastRegistered(validator: ValidatorState, action: string): void {
  requireRegistered(validator, action)
  if (!statusAtLeast(validator.status, 'REGISTERED')) {
    throw refuse(
      'VALIDATOR_EXITED',
      `Validator ${shortAddress(validator.address)} has exited (own KRO below the registration minimum), so ${action} is not possible.`,
      {
        suggestions: ['Deposit KRO with `kroma-validator depositKro --amount <KRO>` first.'],
      },
    )
  }
}

export function requireNotJailed(validator: ValidatorState, snapshot: Snapshot, action: string): void {
  refuseWhileJailed(validator, snapshot, (over, until) => ({
    message: over
      ? `Validator ${shortAddress(validator.address)} is jailed (the jail period is over), so ${action} is not possible until it is unjailed.`
      : `Validator ${shortAddress(validator.address)} is jailed until ${until}, so ${action} is not possible.`,
    suggestion: 'Run `kroma-validator unjail`' + (over ? ' now.' : ' once the jail period is over.'),
  }))
}

/** Refuses while the validator is jailed, in the words `say` gives for a jail period that is over or runs until a time. */
function refuseWhileJailed(
  validator: ValidatorState,
  snapshot: Snapshot,
  say: (over: boolean, until: string) => { message: string; suggestion: string },
): void {
  if (!validator.jailed) return
  const now = snapshot.timestamp
  const over = validator.jailExpiresAt <= now
  const { message, suggestion } = say(over, formatWhen(validator.jailExpiresAt, now))
  throw refuse('VALIDATOR_JAILED', message, { suggestions: [suggestion], possibleAt: over ? undefined : validator.jailExpiresAt })
}

export function requireNonZero(amount: bigint, what: string): void {
  if (amount === 0n)
    throw refuse('ZERO_AMOUNT', `The ${what} amount is zero: the contract refuses zero.`, { suggestions: ['Give an amount above zero, e.g. --amount 100KRO.'] })
}

export function requireKroBalance(balance: bigint, needed: bigint, account: string): void {
  if (balance >= needed) return
  throw refuse(
    'INSUFFICIENT_KRO',
    `${shortAddress(account)} holds ${formatKro(balance)}, but ${formatKro(needed)} is needed (${formatKro(needed - balance)} more).`,
    {
      suggestions: [`Send at least ${formatKro(needed - balance)} to ${account}.`],
    },
  )
}

/** delegate and delegateKgh: the validator must be at least REGISTERED and out of jail. */
export function requireDelegatable(validator: ValidatorState, snapshot: Snapshot, action: string): void {
  const who = `Validator ${shortAddress(validator.address)}`
  if (!statusAtLeast(validator.status, 'REGISTERED')) {
    throw refuse(
      validator.status === 'NONE' ? 'NOT_REGISTERED' : 'VALIDATOR_EXITED',
      validator.status === 'NONE'
        ? `${validator.address} is not a registered validator, so ${action} to it is not possible.`
        : `${who} has exited (its own KRO is below the registration minimum), so ${action} to it is not possible.`,
      { suggestions: ['Check the address, and the validator with `kroma-validator status <address>`.'] },
    )
  }
  refuseWhileJailed(validator, snapshot, (over, when) => ({
    message: over
      ? `${who} is jailed (its jail period ended ${when}, but its operator has not unjailed it yet), so ${action} to it is not possible.`
      : `${who} is jailed until ${when}, so ${action} to it is not possible before then (and its operator must unjail it).`,
    suggestion: 'Try again once `kroma-validator status <address>` shows it out of jail, or choose another validator.',
  }))
}
