import { Flags } from '@oclif/core'
import { BaseCommand } from '../../lib/command/base.js'
import { connectionFlags, outputFlags } from '../../lib/input/flags.js'

export default class LedgerAddresses extends BaseCommand {
  static override summary = 'List the addresses of a Ledger with their derivation paths, and find the withdraw account of a validator.'
  static override description = `Reads the first --count accounts of each of the three layouts wallets use: Ledger Live (m/44'/60'/N'/0/0, which sending commands select with --ledger-index N), BIP44 as MetaMask and most wallets number them (m/44'/60'/0'/0/N) and legacy (m/44'/60'/0'/N), both selected with --hd-path; each row shows the flags that sign with it.
With --validator, reads the validator's withdraw account from the AssetManager and marks it among them.
With --verify PATH, shows the address at PATH on the Ledger screen so you can check it there; a rejection on the device exits 6.
Talks to the Speculos emulator at KROMA_LEDGER_SPECULOS_URL when it is set, to a USB Ledger otherwise. KROMA_LEDGER_TIMEOUT bounds the wait for a confirmation on the device (seconds, default 120).`

  static override examples = [
    '<%= config.bin %> ledger addresses',
    '<%= config.bin %> ledger addresses --validator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --network mainnet',
    '<%= config.bin %> ledger addresses --count 20 --json',
    `<%= config.bin %> ledger addresses --verify "m/44'/60'/2'/0/0"`,
  ]

  static override flags = {
    count: Flags.integer({ description: 'How many accounts of each layout to list.', default: 5, min: 1, max: 100 }),
    validator: Flags.string({ description: "Mark this validator's withdraw account (read from the chain: needs the connection flags)." }),
    verify: Flags.string({ description: "Show the address at this path on the Ledger and wait for you to approve it, e.g. \"m/44'/60'/2'/0/0\"." }),
    ...connectionFlags,
    ...outputFlags,
  }

  async run() {
    const { flags } = await this.parse(LedgerAddresses)
    const { parseAddress } = await import('../../lib/address.js')
    const { listLedgerAddresses, verifyLedgerAddress } = await import('../../lib/ledger-accounts.js')
    const view = await import('../../lib/ui/ledger-view.js')
    const options = {
      flags,
      env: process.env,
      validator: flags.validator === undefined ? undefined : parseAddress(flags.validator, 'validator address'),
      onDevicePrompt: (prompt: Parameters<typeof view.renderDevicePrompt>[0]) => process.stderr.write(`${view.renderDevicePrompt(prompt)}\n`),
    }
    if (flags.verify !== undefined) {
      const report = await verifyLedgerAddress(flags.verify, options)
      return { json: report, text: () => view.renderVerified(report) }
    }
    const report = await listLedgerAddresses(flags.count, options)
    return { json: report, text: () => view.renderAddresses(report) }
  }
}
