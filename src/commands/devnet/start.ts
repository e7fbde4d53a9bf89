import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { outputFlags } from '../../lib/input/flags.js'

export default class DevnetStart extends BaseCommand {
  static override summary = 'Start a local devnet: anvil with the validator system deployed and the test accounts funded with KRO.'
  static override description = `Runs anvil on 127.0.0.1 (port 8545, or a free one when it is taken), deploys KRO, the AssetManager, the ValidatorManager and a test output oracle with mainnet's parameters (change them with the flags below), funds anvil's ten test accounts with KRO, and saves the network profile "devnet": add --network devnet to any command. Nothing is compiled or downloaded. Needs the optional dependency @foundry-rs/anvil.

The test accounts' private keys are printed: they are anvil's PUBLIC test keys, known to everyone. Never use them anywhere else.

In the foreground it runs until Ctrl-C. With --detach it runs in the background (output in a log file next to the configuration) until \`devnet stop\`.`

  static override examples = [
    '<%= config.bin %> devnet start',
    '<%= config.bin %> devnet start --detach --json',
    '<%= config.bin %> devnet start --commission-delay 1h --jail-period 10m --min-delegation-period 1d',
    '<%= config.bin %> devnet start --sepolia-like --port 0',
  ]

  static override flags = {
    detach: Flags.boolean({ description: 'Run in the background and return; stop it with `devnet stop`.', default: false }),
    port: Flags.integer({ description: 'Port on 127.0.0.1 (default 8545, or a free one when taken; 0 for any free port).', min: 0, max: 65_535 }),
    'sepolia-like': Flags.boolean({
      description: "Start from Sepolia's parameters (100 KRO minimum, 12h commission delay, 2h jail...) instead of mainnet's.",
      default: false,
      helpGroup: 'PARAMETERS',
    }),
    'commission-delay': Flags.string({ description: 'COMMISSION_CHANGE_DELAY_SECONDS, e.g. 1h (mainnet 14d).', helpGroup: 'PARAMETERS' }),
    'jail-period': Flags.string({ description: 'SOFT_JAIL_PERIOD_SECONDS after missed rounds, e.g. 10m (mainnet 3d).', helpGroup: 'PARAMETERS' }),
    'hard-jail-period': Flags.string({ description: 'HARD_JAIL_PERIOD_SECONDS after a lost challenge (mainnet 7d).', helpGroup: 'PARAMETERS' }),
    'jail-threshold': Flags.integer({ description: 'Missed priority rounds in a row before jail (mainnet 2).', min: 1, max: 255, helpGroup: 'PARAMETERS' }),
    'round-duration': Flags.string({ description: 'ROUND_DURATION_SECONDS (mainnet 30m).', helpGroup: 'PARAMETERS' }),
    'min-delegation-period': Flags.string({ description: 'MIN_DELEGATION_PERIOD before a withdrawal, e.g. 1d (mainnet 7d).', helpGroup: 'PARAMETERS' }),
    'min-register': Flags.string({
      description: 'MIN_REGISTER_AMOUNT (and MIN_ACTIVATE_AMOUNT unless given), e.g. 1000KRO (mainnet 10000KRO).',
      helpGroup: 'PARAMETERS',
    }),
    'min-activate': Flags.string({ description: 'MIN_ACTIVATE_AMOUNT, at least --min-register.', helpGroup: 'PARAMETERS' }),
    'bond-amount': Flags.string({ description: 'BOND_AMOUNT bonded per output, at most --min-register (mainnet 5000KRO).', helpGroup: 'PARAMETERS' }),
    'base-reward': Flags.string({ description: 'BASE_REWARD per finalized output (mainnet 400KRO).', helpGroup: 'PARAMETERS' }),
    fund: Flags.string({ description: 'KRO minted to each test account.', default: '1000000KRO', helpGroup: 'PARAMETERS' }),
    ...outputFlags,
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(DevnetStart)
    const { startDevnet } = await import('../../lib/devnet/lifecycle.js')
    const { info, untilStopped } = await startDevnet(flags)
    // In the foreground the devnet runs on after this: its details are printed now.
    await this.print({ json: info, text: async () => (await import('../../lib/ui/devnet-view.js')).renderDevnetStarted(info) })
    if (untilStopped === undefined) return
    const outcome = await untilStopped
    this.printNote(outcome.message)
    process.exitCode = outcome.exitCode
  }
}
