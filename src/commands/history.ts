import { Args, Flags } from '@oclif/core'
import { BaseCommand } from '../lib/command/base.js'
import { connectionFlags, noCacheFlag, outputFlags, poolFlags, signerFlags } from '../lib/input/flags.js'

export default class History extends BaseCommand {
  static override summary = 'What happened to a validator or a delegator: every event of the validator system that names the address, with totals.'
  static override description = `Reads the ValidatorManager's, the AssetManager's (and the V1 ValidatorPool's) events in which the address is an
indexed argument: registration, deposits, withdrawals, commission, jail, bonds, rewards, slashes, delegations,
KGH. Ranges adapt to the endpoint's eth_getLogs caps; what is final is cached under $XDG_CACHE_HOME (else
~/.cache)/kroma-validator, so a later run reads only new blocks. Without an address: the signer's, else the
configured validator.`

  static override examples = [
    '<%= config.bin %> history 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --network mainnet',
    '<%= config.bin %> history --since 30d --json',
    '<%= config.bin %> history 0xAb…01 --from-block 21500000 --to-block 21600000 --csv > history.csv',
  ]

  static override args = {
    address: Args.string({ description: 'Validator or delegator address; defaults to the signer, else the configured validator.' }),
  }

  static override flags = {
    ...outputFlags,
    csv: Flags.boolean({ description: 'Print CSV (a header row, one row per event) instead of text.', default: false, exclusive: ['json'] }),
    'from-block': Flags.integer({ description: "First block to read (default: the contracts' deployment block).", min: 0 }),
    'to-block': Flags.integer({ description: 'Last block to read (default: the latest).', min: 0 }),
    since: Flags.string({ description: 'Only events since a UTC date (2026-01-31), a time (2026-01-31T12:00Z) or a duration back (30d).' }),
    'no-cache': noCacheFlag,
    ...connectionFlags,
    ...poolFlags,
    ...signerFlags,
  }

  async run() {
    const { flags, args } = await this.parse(History)
    const { parseSince } = await import('../lib/events/since.js')
    const since = flags.since === undefined ? undefined : parseSince(flags.since)
    const { readHistory } = await import('../lib/events/show-history.js')
    const report = await this.withProgress('Reading events', (update) => readHistory({ ...flags, since }, args.address, update))
    const text = async () => {
      const view = await import('../lib/ui/history-view.js')
      return flags.csv ? view.renderCsv(report.json) : view.renderHistory(report.json, report.connection)
    }
    return { json: report.json, text }
  }
}
