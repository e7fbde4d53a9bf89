import { Flags } from '@oclif/core'
import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Withdraw extends ActionCommand {
  static override summary = "Withdraw the validator's own KRO that is not bonded, signed by its withdraw account."
  static override description = `The KRO goes to the withdraw account. Sign with the withdraw account (--ledger is typical);
for a Safe, plan it with --from <Safe> --dry-run --safe-tx-file <file> and import the file in the Safe app.`
  static override examples = [
    '<%= config.bin %> withdraw --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount max --ledger --network mainnet',
    '<%= config.bin %> withdraw --validator 0x7099…79C8 --amount 1000KRO --dry-run --json',
    '<%= config.bin %> withdraw --validator 0x7099…79C8 --amount max --from 0xSafe… --dry-run --safe-tx-file withdraw.json',
  ]
  static override flags = {
    validator: Flags.string({ description: 'The validator whose vault to withdraw from; the signer must be its withdraw account (default: the signer).' }),
    amount: Flags.string({
      description: 'KRO to withdraw, with the unit (1000KRO, 1,000 KRO), or wei (a plain number from 10^18 up), or max (all not bonded).',
      required: true,
    }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(Withdraw, async () => (await import('../lib/actions/withdraw.js')).withdraw)
}
