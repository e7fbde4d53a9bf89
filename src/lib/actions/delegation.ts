import { parseAddress, shortAddress } from '../address.js'
import { parseAmount, parseWei, type AmountInput } from '../input/amounts.js'
import type { DelegatorState } from '../delegator/position.js'
import { assetsFor, maxUndelegateAssets, sharesFor } from '../delegator/shares.js'
import { formatKro } from '../format/amounts.js'
import { formatUtc, formatWhen } from '../format/time.js'
import { approvalIfShort, vaultCall } from './calls.js'
import { requireDelegatable, requireKroBalance, requireNonZero } from './checks.js'
import { refuse, type Action, type DelegatorChange } from './types.js'

export interface DelegateInput {
  validator: string
  amount: bigint
}

export interface UndelegateInput {
  validator: string
  amount: AmountInput
}

/** The signer's position, read by the pipeline for every action that asks (delegatorFacts). */
export function position(context: { delegator?: DelegatorState }): DelegatorState {
  if (!context.delegator) throw new Error('The delegator position was not read')
  return context.delegator
}

export function changed(change: DelegatorChange | undefined): DelegatorChange {
  if (!change) throw new Error('The delegator position was not read')
  return change
}

const shares = (value: bigint) => `${value.toLocaleString('en-US')} shares`

export const delegate: Action<DelegateInput, { validator: string; amount: string }> = {
  name: 'delegate',
  fromFlags: (flags) => ({ amount: parseWei(flags.amount), validator: parseAddress(flags.validator, 'validator address') }),
  // The signer's KRO and allowance (for the approve); its code does not matter.
  signerFacts: { kro: true, code: false },
  validatorFor: (input) => input.validator,
  delegatorFacts: () => [],
  plan(input, context) {
    const { snapshot, connection, signer } = context
    const validator = snapshot.validators[0]!
    const held = position(context)
    requireNonZero(input.amount, 'delegation')
    requireDelegatable(validator, snapshot, 'delegation')
    requireKroBalance(snapshot.account?.kroBalance ?? 0n, input.amount, signer)
    const received = sharesFor(input.amount, held.kro.vault)
    if (received === 0n) {
      throw refuse(
        'AMOUNT_BUYS_NO_SHARES',
        `${formatKro(input.amount, 18)} buys no shares of validator ${shortAddress(validator.address)} at its share price: the KRO would be lost.`,
        {
          suggestions: [`Delegate at least ${formatKro(assetsFor(1n, held.kro.vault) + 1n, 18)}.`],
        },
      )
    }
    const unlock = snapshot.timestamp + snapshot.params.minDelegationPeriodSeconds
    const notices = [
      `You receive ${shares(received)}, worth about ${formatKro(assetsFor(received, { totalAssets: held.kro.vault.totalAssets + input.amount, totalShares: held.kro.vault.totalShares + received }))} now (previewDelegate).`,
      held.kro.shares > 0n
        ? `The lock restarts for the whole position (the ${formatKro(held.kro.assets)} already delegated too): undelegation is possible from about ${formatWhen(unlock, snapshot.timestamp)}.`
        : `Undelegation is possible from about ${formatWhen(unlock, snapshot.timestamp)} (the minimum delegation period); each new delegation restarts it for the whole position.`,
    ]
    return {
      validator: validator.address,
      calls: [...approvalIfShort(input.amount, snapshot, connection), vaultCall(connection, 'delegate', validator.address, input.amount)],
      notices,
    }
  },
  outcome(_before, after, input, change) {
    const { kro } = changed(change).after
    return `Delegated ${formatKro(input.amount)} to ${shortAddress(after.address)}: ${shares(kro.shares)}, worth ${formatKro(kro.assets)}; undelegation possible from ${formatUtc(kro.canUndelegateAt)}.`
  },
}

export const undelegate: Action<UndelegateInput, { validator: string; amount: string }> = {
  name: 'undelegate',
  fromFlags: (flags) => ({ validator: parseAddress(flags.validator, 'validator address'), amount: parseAmount(flags.amount, { allowMax: true }) }),
  // The KRO comes out of the vault; nothing is needed from the signer but gas.
  signerFacts: { kro: false, code: false },
  validatorFor: (input) => input.validator,
  delegatorFacts: () => [],
  plan(input, context) {
    const { snapshot, connection, signer } = context
    const held = position(context)
    const now = snapshot.timestamp
    const who = shortAddress(input.validator)
    if (held.kro.shares === 0n) {
      throw refuse('NOTHING_DELEGATED', `${signer} has no KRO delegated to validator ${input.validator}.`, {
        suggestions: ['Check the validator address (and the signer).'],
      })
    }
    const max = maxUndelegateAssets(held.kro.shares, held.kro.vault)
    let amount: bigint
    if (input.amount.kind === 'max') {
      if (max === 0n) {
        throw refuse(
          'NOTHING_TO_UNDELEGATE',
          `The ${shares(held.kro.shares)} of ${signer} with validator ${who} are worth less than one wei: there is nothing to take out.`,
        )
      }
      amount = max
    } else {
      amount = input.amount.wei
      requireNonZero(amount, 'undelegation')
      if (amount > max) {
        throw refuse('AMOUNT_ABOVE_POSITION', `${formatKro(amount, 18)} is more than the delegation to ${who} is worth, ${formatKro(max, 18)}.`, {
          suggestions: ['Undelegate at most that amount, or use --amount max to take out everything.'],
        })
      }
      if (sharesFor(amount, held.kro.vault) === 0n) {
        throw refuse(
          'AMOUNT_BELOW_ONE_SHARE',
          `${formatKro(amount, 18)} is worth less than one share of validator ${who}; the contract refuses it (InsufficientShare).`,
          {
            suggestions: [`Undelegate at least ${formatKro(assetsFor(1n, held.kro.vault) + 1n, 18)}, or use --amount max.`],
          },
        )
      }
    }
    if (held.kro.canUndelegateAt > now) {
      throw refuse(
        'UNDELEGATE_TOO_EARLY',
        `The KRO delegated to ${who} is locked until ${formatWhen(held.kro.canUndelegateAt, now)} (the minimum period after the last delegation).`,
        {
          possibleAt: held.kro.canUndelegateAt,
          suggestions: ['Run the same command again after that time.'],
        },
      )
    }
    const burnt = sharesFor(amount, held.kro.vault)
    const notices = [`${formatKro(amount, 18)} goes to ${signer}; ${shares(burnt)} of ${shares(held.kro.shares)} are burnt.`]
    if (input.amount.kind === 'max') notices.push('This takes out everything the position is worth; what is left is worth less than one wei.')
    return { validator: input.validator, calls: [vaultCall(connection, 'undelegate', input.validator, amount)], notices }
  },
  outcome(_before, after, _input, change) {
    const { before, after: now } = changed(change)
    return `Undelegated ${formatKro(now.kroBalance - before.kroBalance, 18)} from ${shortAddress(after.address)}: the position is now worth ${formatKro(now.kro.assets)} (${shares(now.kro.shares)}).`
  },
}
