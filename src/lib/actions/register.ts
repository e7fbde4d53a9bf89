import { parseAddress, shortAddress } from '../address.js'
import { parseCommissionRate, parseWei } from '../input/amounts.js'
import { invalidInput } from '../errors.js'
import { formatKro } from '../format/amounts.js'
import { approvalIfShort, registerValidatorCall } from './calls.js'
import { requireKroBalance } from './checks.js'
import { refuse, type Action } from './types.js'
import { checkWithdrawAccount, readWithdrawAccountFacts } from './withdraw-account.js'

export interface RegisterInput {
  amount: bigint
  commissionRate: number
  withdrawAccount: string
  allowSameWithdrawAccount: boolean
  /** Accept a withdraw account with contract code (a Safe); the system's own contracts never. */
  allowContractWithdrawAccount: boolean
}

export interface RegisterFlags {
  amount: string
  'commission-rate': string
  'withdraw-account': string
  'allow-same-withdraw-account': boolean
  'allow-contract-withdraw-account': boolean
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

export const register: Action<RegisterInput, RegisterFlags> = {
  name: 'register',
  fromFlags: (flags) => ({
    amount: parseWei(flags.amount),
    commissionRate: parseCommissionRate(flags['commission-rate']),
    withdrawAccount: parseAddress(flags['withdraw-account'], 'withdraw account'),
    allowSameWithdrawAccount: flags['allow-same-withdraw-account'],
    allowContractWithdrawAccount: flags['allow-contract-withdraw-account'],
  }),
  validatorFor: (_input, signer) => signer,
  plan(input, { snapshot, connection, signer, signerIsContract }) {
    const validator = snapshot.validators[0]!
    const { minRegisterAmount, minActivateAmount } = snapshot.params
    if (signerIsContract) {
      throw refuse('SENDER_IS_CONTRACT', `${shortAddress(signer)} is a contract; registerValidator only accepts an externally owned account as sender.`, {
        suggestions: ['Register from the validator key itself (an EOA), not from a multisig or smart account.'],
      })
    }
    if (validator.status !== 'NONE') {
      throw refuse(
        'ALREADY_REGISTERED',
        `${shortAddress(signer)} is already registered (status ${validator.status}${validator.jailed ? ', jailed' : ''}); a validator registers once.`,
        {
          suggestions: ['See `kroma-validator status`; add KRO with `kroma-validator depositKro --amount <KRO>`.'],
        },
      )
    }
    if (input.amount < minRegisterAmount) {
      throw refuse('AMOUNT_BELOW_MINIMUM', `${formatKro(input.amount)} is below the minimum to register, ${formatKro(minRegisterAmount)}.`, {
        suggestions: [`Register with at least --amount ${formatKro(minRegisterAmount).replace(/[ ,]/g, '')}.`],
      })
    }
    if (input.withdrawAccount === ZERO_ADDRESS) {
      throw refuse('ZERO_WITHDRAW_ACCOUNT', 'The withdraw account cannot be the zero address: KRO withdrawn there would be lost.', {
        suggestions: ['Pass the address of a hardware wallet or multisig you control.'],
      })
    }
    if (input.withdrawAccount === signer && !input.allowSameWithdrawAccount) {
      throw invalidInput(
        'SAME_WITHDRAW_ACCOUNT',
        `The withdraw account is the validator key itself (${signer}): if this hot key leaks, the stake leaks with it, and the withdraw account can never be changed.`,
        [
          'Use a hardware wallet or multisig address as --withdraw-account.',
          'If you really mean it, add --allow-same-withdraw-account (required even with --yes).',
        ],
      )
    }
    requireKroBalance(snapshot.account?.kroBalance ?? 0n, input.amount, signer)

    const notices = [`The withdraw account ${input.withdrawAccount} is permanent: only it can ever withdraw this validator's KRO, and it cannot be changed.`]
    if (input.withdrawAccount === signer) {
      notices.push(`The withdraw account is the validator key itself: if this hot key leaks, the stake leaks with it.`)
    }
    notices.push(
      input.amount >= minActivateAmount
        ? 'The validator becomes ACTIVE at once (the amount reaches the activation minimum).'
        : `The validator stays REGISTERED until its weight reaches ${formatKro(minActivateAmount)}.`,
    )
    return {
      validator: signer,
      calls: [
        ...approvalIfShort(input.amount, snapshot, connection),
        registerValidatorCall(connection, input.amount, input.commissionRate, input.withdrawAccount),
      ],
      notices,
    }
  },
  async checkOnChain(input, { provider, connection, snapshot }) {
    const facts = await readWithdrawAccountFacts(provider, connection, snapshot, input.withdrawAccount)
    return checkWithdrawAccount(input.withdrawAccount, facts, input.allowContractWithdrawAccount)
  },
  outcome: (_before, after) =>
    `Registered: ${after.status}${after.jailed ? ' (jailed)' : ''}, commission ${after.commissionRate}%, ${formatKro(after.totalKro)}.`,
}
