import { Flags } from '@oclif/core'
import { ActionCommand } from '../lib/command/transaction-command.js'
import { sendingFlags } from '../lib/input/flags.js'

export default class Register extends ActionCommand {
  static override summary = 'Register the signer as a validator, depositing KRO (approves exactly the amount, only if needed).'
  static override description = `The withdraw account is permanent: only it can ever withdraw the validator's KRO.
The system's own contracts (KRO, KGH, AssetManager, ValidatorManager, Multicall3, L2OutputOracle) are refused
as withdraw account; any other contract (a Safe) needs --allow-contract-withdraw-account.
Activates at once when the amount reaches the activation minimum.`
  static override examples = [
    '<%= config.bin %> register --amount 10000KRO --commission-rate 10 --withdraw-account 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network mainnet',
    '<%= config.bin %> register --amount 10000000000000000000000 --commission-rate 5 --withdraw-account 0x3C44…93BC --dry-run',
  ]
  static override flags = {
    amount: Flags.string({
      description: 'KRO to deposit, with the unit (10000KRO, 10,000 KRO), or wei (10000000000000000000000; a plain number is wei from 10^18 up).',
      required: true,
    }),
    'commission-rate': Flags.string({ description: 'Commission in whole percent, 0 to 100.', required: true }),
    'withdraw-account': Flags.string({ description: 'The account that alone can withdraw; permanent. Use a hardware wallet or multisig.', required: true }),
    'allow-same-withdraw-account': Flags.boolean({ description: 'Accept a withdraw account equal to the validator key (not advised).', default: false }),
    'allow-contract-withdraw-account': Flags.boolean({
      description:
        "Accept a withdraw account that is a contract (a Safe): it must be able to call AssetManager.withdraw. The system's own contracts are always refused.",
      default: false,
    }),
    ...sendingFlags,
  }

  protected override readonly action = this.sends(Register, async () => (await import('../lib/actions/register.js')).register)
}
