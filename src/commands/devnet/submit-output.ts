import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { devnetFlags } from '../../lib/input/flags.js'

export default class DevnetSubmitOutput extends BaseCommand {
  static override summary = 'Have the priority validator (or --validator) submit an output on the devnet, bonding its KRO.'
  static override description = 'Sent by the devnet deployer through the test L2 output oracle; prints the new output index.'
  static override examples = [
    '<%= config.bin %> devnet submit-output',
    '<%= config.bin %> devnet submit-output --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json',
  ]
  static override flags = {
    validator: Flags.string({ description: 'The submitter (default: the priority validator, nextValidator()).' }),
    ...devnetFlags,
  }

  async run() {
    const { flags } = await this.parse(DevnetSubmitOutput)
    const { submitOutput } = await import('../../lib/devnet/drive.js')
    const result = await submitOutput(flags.validator, flags)
    return { json: result, text: async () => (await import('../../lib/ui/devnet-view.js')).renderSubmitOutput(result) }
  }
}
