import { Flags } from '@oclif/core'
import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class DepositKro extends ActionCommand {
  static override summary = "Add KRO to the validator's own stake (approves exactly the amount, only if needed)."
  static override description = 'A deposit restarts the withdrawal clock (the minimum delegation period).'
  static override hiddenAliases = ['deposit-kro']
  static override examples = [
    '<%= config.bin %> depositKro --amount 5000KRO --network mainnet',
    '<%= config.bin %> depositKro --amount 5000000000000000000000 --yes --json',
  ]
  static override flags = {
    amount: Flags.string({
      description: 'KRO to deposit, with the unit (5000KRO, 10,000 KRO, 0.5 kro), or wei (5000wei; a plain number is wei from 10^18 up).',
      required: true,
    }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(DepositKro, async () => (await import('../lib/actions/deposit.js')).depositKro)
}
