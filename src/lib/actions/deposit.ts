import { parseWei } from '../input/amounts.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import { exitedNotice } from '../validator/advice.js'
import { approvalIfShort, depositCall } from './calls.js'
import { requireKroBalance, requireNonZero, requireRegistered } from './checks.js'
import type { Action } from './types.js'

export interface DepositInput {
  amount: bigint
}

export const depositKro: Action<DepositInput, { amount: string }> = {
  name: 'depositKro',
  fromFlags: (flags) => ({ amount: parseWei(flags.amount) }),
  // The signer's KRO and allowance (for the approve); its code does not matter to a deposit.
  signerFacts: { kro: true, code: false },
  validatorFor: (_input, signer) => signer,
  plan(input, { snapshot, connection, signer }) {
    const validator = snapshot.validators[0]!
    requireNonZero(input.amount, 'deposit')
    requireRegistered(validator, 'a deposit')
    requireKroBalance(snapshot.account?.kroBalance ?? 0n, input.amount, signer)
    const unlock = snapshot.timestamp + snapshot.params.minDelegationPeriodSeconds
    const notices = [`A deposit restarts the withdrawal clock: the next withdrawal is possible from about ${formatWhen(unlock, snapshot.timestamp)}.`]
    const ownKroAfter = validator.totalKro + input.amount
    if (ownKroAfter < snapshot.params.minRegisterAmount) notices.push(exitedNotice(validator, ownKroAfter, snapshot))
    return {
      validator: signer,
      calls: [...approvalIfShort(input.amount, snapshot, connection), depositCall(connection, input.amount)],
      notices,
    }
  },
  outcome: (before, after) => `Deposited: own KRO ${formatKro(before.totalKro)} → ${formatKro(after.totalKro)}, status ${after.status}.`,
}
