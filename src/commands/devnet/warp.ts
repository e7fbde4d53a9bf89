import { Args } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { devnetFlags } from '../../lib/input/flags.js'

export default class DevnetWarp extends BaseCommand {
  static override summary = "Move the devnet's clock forward (and mine a block), e.g. past a delay or a jail period."
  static override examples = ['<%= config.bin %> devnet warp 14d', '<%= config.bin %> devnet warp 3h --json', '<%= config.bin %> devnet warp 90m']
  static override args = {
    duration: Args.string({
      description: 'How far: a whole number with d, h, m or s, or several in that order (14d, 3h, 90m, 30s, 13d 22h, 1h30m).',
      required: true,
    }),
  }
  static override flags = { ...devnetFlags }

  async run() {
    const { args, flags } = await this.parse(DevnetWarp)
    const { parseDuration } = await import('../../lib/devnet/duration.js')
    const seconds = parseDuration(args.duration)
    const { warp } = await import('../../lib/devnet/drive.js')
    const result = await warp(seconds, flags)
    return { json: result, text: async () => (await import('../../lib/ui/devnet-view.js')).renderWarp(result) }
  }
}
