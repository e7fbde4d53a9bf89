import { Flags } from '@oclif/core'
import { TransactionCommand } from '../../lib/command/transaction-command.js'
import { poolFlags, sendingFlags } from '../../lib/command/flags.js'

export default class PoolWithdraw extends TransactionCommand {
  static override summary = "Withdraw ETH from the V1 ValidatorPool to the signer (the V1 validator's own address)."
  static override description = `The pool keeps balances by the V1 validator's address: sign with that key. For a Safe, plan it with
--from <Safe> --dry-run --safe-tx-file <file> and import the file in the Safe app.`
  static override examples = [
    '<%= config.bin %> pool withdraw --amount max --network mainnet',
    '<%= config.bin %> pool withdraw --amount 0.5ETH --dry-run --json',
    '<%= config.bin %> pool withdraw --amount max --from 0xSafe… --dry-run --safe-tx-file pool-withdraw.json',
  ]
  static override flags = {
    amount: Flags.string({ description: 'ETH to withdraw: wei, with the unit (0.5ETH), or max (the whole balance).', required: true }),
    ...sendingFlags,
    ...poolFlags,
  }

  async run() {
    const { flags } = await this.parse(PoolWithdraw)
    const { parseAmount } = await import('../../lib/input/amounts.js')
    const { poolWithdraw } = await import('../../lib/pool/actions.js')
    const input = { amount: parseAmount(flags.amount, { allowMax: true, unit: 'ETH' }) }
    return this.send(poolWithdraw, input, flags)
  }
}
