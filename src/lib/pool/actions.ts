import { parseAddress, shortAddress } from '../address.js'
import { parseAmount, type AmountInput } from '../input/amounts.js'
import { refuse, type AccountAction, type ActionContext, type PlannedCall } from '../actions/types.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { ValidatorPool__factory } from '../chain/types/index.js'
import { requireValidatorPool, type Connection } from '../config/connection.js'
import { invalidInput } from '../errors.js'
import { formatEth } from '../format/amounts.js'
import { ZERO_ADDRESS } from '../validator/snapshot.js'
import { poolStatusJson, type PoolStatusJson } from './report.js'
import { POOL_REVERTS, readPoolState, type PoolState } from './state.js'

/** The V1 ValidatorPool's sending commands: the sender's own balance, or its expired bonds. */

export interface PoolWithdrawInput {
  amount: AmountInput
  /** withdraw-to: where the ETH goes; withdraw sends it to the sender. */
  to?: string
}

export type PoolUnbondInput = Record<string, never>

type PoolAction<Input, Flags = unknown> = AccountAction<Input, PoolState, { pool: PoolStatusJson }, Flags>

const ethAmount = (raw: string) => parseAmount(raw, { allowMax: true, unit: 'ETH' })

const pool = ValidatorPool__factory.createInterface()

const readState = (rpc: RpcSender, connection: Connection, sender: string, block: bigint | 'latest') =>
  readPoolState(rpc, requireValidatorPool(connection), sender, block)

/** The pool needs nothing about the sender besides its ETH and nonce. */
const signerFacts = { kro: false, code: false }

export const poolWithdraw: PoolAction<PoolWithdrawInput, { amount: string }> = {
  name: 'pool withdraw',
  fromFlags: (flags) => ({ amount: ethAmount(flags.amount) }),
  signerFacts,
  readState,
  plan: (input, context, state) => planWithdraw(input, context, state),
  outcome: (before, after, input) =>
    `Withdrawn ${formatEth(before.balance - after.balance)} from the V1 ValidatorPool to ${input.to ?? after.address}; pool balance now ${formatEth(after.balance)}.`,
  report: (state) => ({ pool: poolStatusJson(state) }),
}

export const poolWithdrawTo: PoolAction<PoolWithdrawInput, { to: string; amount: string }> = {
  ...poolWithdraw,
  name: 'pool withdraw-to',
  fromFlags: (flags) => ({ to: parseAddress(flags.to, 'recipient address (--to)'), amount: ethAmount(flags.amount) }),
}

export const poolUnbond: AccountAction<PoolUnbondInput, PoolState, { pool: PoolStatusJson; unbonded: string }> = {
  name: 'pool unbond',
  fromFlags: () => ({}),
  signerFacts,
  readState,
  plan(_input, { signer }, state) {
    if (!state.unbondable) {
      throw refuse(
        'NO_BOND_TO_UNBOND',
        `The V1 ValidatorPool has no bond that can be unbonded now (the pool would revert: "${POOL_REVERTS.noBondToUnbond}"): no bond has expired, or every expired one is already released.`,
        {
          suggestions: [
            state.balance > 0n
              ? `${shortAddress(signer)} has ${formatEth(state.balance)} in the pool already: \`kroma-validator pool withdraw --amount max\`.`
              : 'Check the balance with `kroma-validator pool status`.',
          ],
        },
      )
    }
    return {
      validator: signer,
      calls: [poolCall(state.pool, 'unbond', [], pool.encodeFunctionData('unbond'))],
      notices: ['Releases the expired bonds (the oldest first) back into the balances of the validators that submitted their outputs; anyone may send it.'],
    }
  },
  outcome: (before, after) =>
    after.balance === before.balance
      ? `Unbonded: the released bonds belonged to other validators; the pool balance of ${after.address} stays ${formatEth(after.balance)}.`
      : `Unbonded: the pool balance of ${after.address} is now ${formatEth(after.balance)} (was ${formatEth(before.balance)}).`,
  // The pool does not say beforehand what its expired bonds release (it keeps the next bond to release and the submitters to itself): the balance does after.
  report: (after, before) => ({ pool: poolStatusJson(after), unbonded: (after.balance - before.balance).toString() }),
}

function planWithdraw(input: PoolWithdrawInput, { signer }: ActionContext, state: PoolState) {
  if (input.to !== undefined && input.to === ZERO_ADDRESS) {
    throw refuse('ZERO_ADDRESS', `The pool refuses to send ETH to the zero address ("${POOL_REVERTS.zeroAddress}").`, {
      suggestions: ['Give --to the address that should receive the ETH.'],
    })
  }
  const amount = input.amount.kind === 'max' ? state.balance : input.amount.wei
  if (state.balance === 0n) {
    throw refuse('NOTHING_IN_POOL', `${signer} has no ETH in the V1 ValidatorPool ${state.pool}.`, {
      suggestions: state.unbondable
        ? ['Some bonds have expired: `kroma-validator pool unbond` releases them into their validators’ balances; check again after it.']
        : ['Balances belong to the V1 validator’s own address: sign with that key, or check another address with `kroma-validator pool status <address>`.'],
    })
  }
  if (amount === 0n)
    throw invalidInput('ZERO_AMOUNT', 'The amount is zero: nothing would be withdrawn. Give an amount above zero, e.g. --amount 0.5ETH, or --amount max.')
  if (amount > state.balance) {
    throw refuse(
      'INSUFFICIENT_POOL_BALANCE',
      `${formatEth(amount, 18)} is more than the ${formatEth(state.balance, 18)} ${shortAddress(signer)} has in the V1 ValidatorPool (the pool would revert: "${POOL_REVERTS.insufficientBalance}").`,
      {
        suggestions: ['Withdraw at most that amount, or use --amount max.'],
      },
    )
  }
  const recipient = input.to ?? signer
  const call =
    input.to === undefined
      ? poolCall(state.pool, 'withdraw', [{ name: 'amount', value: formatEth(amount, 18) }], pool.encodeFunctionData('withdraw', [amount]))
      : poolCall(
          state.pool,
          'withdrawTo',
          [
            { name: 'to', value: input.to },
            { name: 'amount', value: formatEth(amount, 18) },
          ],
          pool.encodeFunctionData('withdrawTo', [input.to, amount]),
        )
  return { validator: signer, calls: [call], notices: [`${formatEth(amount, 18)} goes from the V1 ValidatorPool to ${recipient}.`] }
}

function poolCall(to: string, name: string, args: PlannedCall['args'], data: string): PlannedCall {
  return { contract: 'ValidatorPool', to, function: name, args, data }
}
