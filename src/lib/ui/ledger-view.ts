import chalk from './colour.js'
import { borderlessTable } from './table.js'
import { LEDGER_LAYOUTS, type AddressesReport, type DeviceLabel, type DevicePrompt, type ValidatorWithdrawInfo, type VerifyReport } from '../ledger-accounts.js'

/** What the device waits for, on stderr, before it shows anything. */
export function renderDevicePrompt(prompt: DevicePrompt): string {
  return chalk.bold(`Check that your Ledger shows ${prompt.address} for ${prompt.path}, then approve it on the device (reject it if it differs).`)
}

/** The accounts of every layout, the withdraw account marked, and how to sign with each. */
export function renderAddresses(report: AddressesReport): string {
  const lines = [chalk.bold(`Ledger accounts (${deviceName(report.device)})`)]
  if (report.validator) lines.push(validatorLine(report.validator))
  const marking = report.validator?.withdrawAccount != null
  const rows: string[][] = []
  for (const { layout, label } of LEDGER_LAYOUTS) {
    for (const account of report.accounts.filter((a) => a.layout === layout)) {
      const mark = account.isWithdrawAccount ? chalk.green('◀ withdraw account') : ''
      const address = account.isWithdrawAccount ? chalk.green.bold(account.address) : account.address
      rows.push([account.index === 0 ? label : '', account.path, address, account.signWith, ...(marking ? [mark] : [])])
    }
  }
  lines.push(borderlessTable(['Layout', 'Path', 'Address', 'Sign with', ...(marking ? [''] : [])], rows))
  lines.push(chalk.dim(`Layouts: ${LEDGER_LAYOUTS.map((l) => `${l.label} ${l.pattern}`).join(' · ')}.`))
  if (report.validator) lines.push(...withdrawAccountOutcome(report.validator, new Set(report.accounts.map((a) => a.path)).size, report.count))
  return `${lines.join('\n')}\n`
}

/** The address the operator approved on the device. */
export function renderVerified(report: VerifyReport): string {
  const lines = [chalk.green.bold(`✔ Confirmed on the Ledger: ${report.address} at ${report.path}`)]
  const validator = report.validator
  if (validator) {
    if (validator.withdrawAccount === null) {
      lines.push(chalk.yellow(`! ${validator.address} is not a registered validator (status ${validator.status}): it has no withdraw account.`))
    } else if (report.isWithdrawAccount) {
      lines.push(`It is the withdraw account of validator ${validator.address}: sign with ${validator.signWith}.`)
    } else {
      lines.push(chalk.yellow(`! It is not the withdraw account of validator ${validator.address} (that is ${validator.withdrawAccount}).`))
    }
  }
  return `${lines.join('\n')}\n`
}

function validatorLine(validator: ValidatorWithdrawInfo): string {
  const account = validator.withdrawAccount ?? 'none (not registered)'
  return chalk.dim(`Validator ${validator.address} · status ${validator.status} · withdraw account ${account} · block ${validator.blockNumber}`)
}

function withdrawAccountOutcome(validator: ValidatorWithdrawInfo, listed: number, count: number): string[] {
  if (validator.withdrawAccount === null) {
    return [chalk.yellow(`! ${validator.address} is not a registered validator (status ${validator.status}): it has no withdraw account to find.`)]
  }
  if (validator.withdrawAccountPath !== null) {
    return [
      chalk.green(`✔ The withdraw account ${validator.withdrawAccount} of validator ${validator.address} is at ${validator.withdrawAccountPath}.`),
      `  Sign with: ${validator.signWith}`,
      `  To see it on the device first: kroma-validator ledger addresses --verify "${validator.withdrawAccountPath}"`,
    ]
  }
  return [
    chalk.yellow(`! None of these ${listed} addresses is the withdraw account ${validator.withdrawAccount} of validator ${validator.address}.`),
    `  → List more accounts: --count ${Math.min(count * 4, 100)}.`,
    `  → A path of another layout: check it with --verify "<path>".`,
    '  → Check that the Ledger holding that account is connected (same recovery phrase and passphrase).',
  ]
}

function deviceName(device: DeviceLabel): string {
  return device.transport === 'usb' ? 'USB Ledger' : `Speculos at ${device.speculosUrl}`
}
