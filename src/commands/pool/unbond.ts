import { ActionCommand } from '../../lib/command/transaction-command.js'
import { poolFlags, sendingFlags } from '../../lib/input/flags.js'

export default class PoolUnbond extends ActionCommand {
  static override summary = 'Release the expired bonds of the V1 ValidatorPool into their validators’ balances.'
  static override description = `Anyone may send it; each released bond goes back to the balance of the validator that submitted
its output, to be withdrawn with \`pool withdraw\`. Refused when no bond can be released now.`
  static override examples = ['<%= config.bin %> pool unbond --network mainnet', '<%= config.bin %> pool unbond --dry-run --json']
  static override flags = { ...sendingFlags, ...poolFlags }

  protected override readonly action = this.sends(PoolUnbond, async () => (await import('../../lib/pool/actions.js')).poolUnbond)
}
