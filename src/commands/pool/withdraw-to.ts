import { Flags } from '@oclif/core'
import { ActionCommand } from '../../lib/command/transaction-command.js'
import { ethAmountFlag, poolFlags, sendingFlags } from '../../lib/input/flags.js'

export default class PoolWithdrawTo extends ActionCommand {
  static override summary = "Withdraw ETH from the signer's V1 ValidatorPool balance to another address."
  static override description = 'Signed by the V1 validator whose balance it is; the ETH goes to --to.'
  static override examples = [
    '<%= config.bin %> pool withdraw-to --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --amount max --ledger --network mainnet',
    '<%= config.bin %> pool withdraw-to --to 0x7099…79C8 --amount 0.2ETH --dry-run',
  ]
  static override flags = {
    to: Flags.string({ description: 'Address that receives the ETH.', required: true }),
    amount: ethAmountFlag,
    ...sendingFlags,
    ...poolFlags,
  }

  protected override readonly action = this.sends(PoolWithdrawTo, async () => (await import('../../lib/pool/actions.js')).poolWithdrawTo)
}
