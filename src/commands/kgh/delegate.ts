import { Flags } from '@oclif/core'
import { ActionCommand } from '../../lib/command/transaction-command.js'
import { sendingFlags } from '../../lib/input/flags.js'

export default class KghDelegate extends ActionCommand {
  static override summary = 'Delegate KGH NFTs to a validator (approves each token for the AssetManager, only if needed).'
  static override description = `The signer is the delegator and must own every token. One id is sent with delegateKgh, several with
delegateKghBatch. Any pending boosted reward from the validator is paid out first. --approve-all sets one
approval for all your KGH instead of one per token, and revokes it in a last transaction.`
  static override examples = [
    '<%= config.bin %> kgh delegate --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --token-id 42 --network sepolia',
    '<%= config.bin %> kgh delegate --validator 0x7099…79C8 --token-id 42,43,50 --approve-all --ledger',
  ]
  static override flags = {
    validator: Flags.string({ description: 'Validator to delegate to.', required: true }),
    'token-id': Flags.string({ description: 'KGH token id, or several separated by commas (42,43,50).', required: true }),
    'approve-all': Flags.boolean({ description: 'Approve all your KGH for the AssetManager in one transaction, revoked after.', default: false }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(KghDelegate, async () => (await import('../../lib/actions/kgh.js')).kghDelegate)
}
