import { ActionCommand } from '../../lib/command/transaction-command.js'
import { ethAmountFlag, poolFlags, sendingFlags } from '../../lib/input/flags.js'

export default class PoolWithdraw extends ActionCommand {
  static override summary = "Withdraw ETH from the V1 ValidatorPool to the signer (the V1 validator's own address)."
  static override description = `The pool keeps balances by the V1 validator's address: sign with that key. For a Safe, plan it with
--from <Safe> --dry-run --safe-tx-file <file> and import the file in the Safe app.`
  static override examples = [
    '<%= config.bin %> pool withdraw --amount max --network mainnet',
    '<%= config.bin %> pool withdraw --amount 0.5ETH --dry-run --json',
    '<%= config.bin %> pool withdraw --amount max --from 0xSafe… --dry-run --safe-tx-file pool-withdraw.json',
  ]
  static override flags = {
    amount: ethAmountFlag,
    ...sendingFlags,
    ...poolFlags,
  }

  protected override readonly action = this.sends(PoolWithdraw, async () => (await import('../../lib/pool/actions.js')).poolWithdraw)
}
