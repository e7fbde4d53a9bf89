import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/command/base.js'
import { connectionFlags, outputFlags, poolFlags, signerFlags } from '../lib/command/flags.js'

export default class Exit extends BaseCommand {
  static override summary = 'Everything an address can still get back, one step each: what, from which validator, who signs, when, and the command.'
  static override description = `For an address in any role: a validator (its own KRO, signed by its withdraw account), the withdraw
account of one or more validators (found from every ValidatorRegistered and their withdraw accounts), a
delegator (KRO and KGH, found from its delegation events, cached like history), a V1 ValidatorPool depositor
(when the network has a pool or --validator-pool is given). Each step says whether it is possible now, if not
why and until when, and the exact command; a signer that holds code (a Safe) gets the Safe route. Own KRO
bonded to outputs is listed as what cannot come out. Reads only. Without an address: the signer's, else the
configured validator.`

  static override examples = ['<%= config.bin %> exit 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network mainnet', '<%= config.bin %> exit --ledger --json']

  static override args = {
    address: Args.string({ description: 'Address to look at (validator, withdraw account, delegator, pool depositor); defaults to the signer.' }),
  }

  static override flags = {
    ...outputFlags,
    'no-cache': Flags.boolean({ description: 'Read every block again instead of using the cache (the cache is then refreshed).', default: false }),
    ...connectionFlags,
    ...poolFlags,
    ...signerFlags,
  }

  async run(): Promise<void> {
    const { flags, args } = await this.parse(Exit)
    const { readExit } = await import('../lib/exit/read.js')
    const { withProgress } = await import('../lib/ui/progress.js')
    const report = await withProgress('Reading registrations and delegation events', !flags.json, (update) => readExit(flags, args.address, update))
    const { printOutput } = await import('../lib/ui/output.js')
    const text = flags.json ? '' : (await import('../lib/ui/exit-view.js')).renderExit(report)
    await printOutput({ json: report.json, text }, flags.json)
  }
}
