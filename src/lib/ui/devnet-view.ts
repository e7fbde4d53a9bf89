import chalk from './colour.js'
import { formatEth, formatKro } from '../format/amounts.js'
import { formatDuration, formatUtc, formatWhen } from '../format/time.js'
import type { FinalizeResult, MissResult, SubmitOutputResult, WarpResult } from '../devnet/drive.js'
import type { DevnetInfo, DevnetStatus, StopResult } from '../devnet/lifecycle.js'
import { labelledRows } from './table.js'

function contractRows(contracts: DevnetInfo['contracts']): string[] {
  return labelledRows([
    ['ValidatorManager', contracts.validatorManager],
    ['AssetManager', contracts.assetManager],
    ['KRO token', contracts.kroToken],
    ['L2OutputOracle', `${contracts.l2OutputOracle} ${chalk.dim('(test oracle, driven by the devnet commands)')}`],
    ['Multicall3', contracts.multicall3],
    ...(contracts.validatorPool
      ? ([['ValidatorPool (V1)', `${contracts.validatorPool} ${chalk.dim('(ETH left by earlier deposits: `pool status`)')}`]] as Array<[string, string]>)
      : []),
    ...(contracts.kgh === undefined ? [] : [['KGH (ERC-721)', contracts.kgh] as [string, string]]),
  ])
}

function kro(wei: string): string {
  return formatKro(BigInt(wei))
}

function seconds(value: string | undefined): string {
  return formatDuration(BigInt(value ?? '0'))
}

function paramRows(params: Record<string, string>): string[] {
  return labelledRows([
    ['Minimum to register / activate', `${kro(params.minRegisterAmount ?? '0')} / ${kro(params.minActivateAmount ?? '0')}`],
    ['Bond per output', kro(params.bondAmount ?? '0')],
    ['Base reward per output', kro(params.baseReward ?? '0')],
    ['Commission change delay', seconds(params.commissionChangeDelaySeconds)],
    [
      'Jail',
      `after ${params.jailThreshold} missed rounds, ${seconds(params.softJailPeriodSeconds)} (lost challenge: ${seconds(params.hardJailPeriodSeconds)})`,
    ],
    ['Round duration', seconds(params.roundDurationSeconds)],
    ['Minimum delegation period', seconds(params.minDelegationPeriod)],
  ])
}

/** What `devnet start` prints: where it is, what is deployed, and the funded test accounts. */
export function renderDevnetStarted(info: DevnetInfo): string {
  const lines: string[] = []
  lines.push(`${chalk.green.bold('Devnet running')} at ${chalk.bold(info.rpcUrl)} (chain ${info.chainId}, anvil pid ${info.pid}, ${info.mode})`)
  for (const note of info.notes) lines.push(chalk.yellow(note))
  lines.push(`Network profile "devnet" saved: add ${chalk.bold('--network devnet')} to any command.`)
  lines.push('', chalk.bold('Contracts'), ...contractRows(info.contracts))
  lines.push('', chalk.bold(`Parameters (${info.preset})`), ...paramRows(info.params))
  lines.push('', chalk.bold('Test accounts'))
  lines.push(chalk.red.bold(`  ${info.warning}`))
  for (const account of info.accounts) {
    const balances = `${formatEth(BigInt(account.eth), 2)} · ${kro(account.kro)}`
    const role = account.role ? chalk.dim(`  (${account.role})`) : ''
    lines.push(`  ${String(account.index).padStart(2)}  ${account.address}  ${account.privateKey}  ${balances}${role}`)
  }
  const validator = info.accounts[1]
  const withdraw = info.accounts[2]
  if (validator && withdraw) {
    lines.push('', chalk.bold('Try'))
    lines.push(`  export VALIDATOR_PRIVATE_KEY=${validator.privateKey}   ${chalk.dim('# account 1 (public test key)')}`)
    lines.push(`  kroma-validator register --amount 10000KRO --commission-rate 10 --withdraw-account ${withdraw.address} --network devnet`)
    lines.push('  kroma-validator status --network devnet')
    lines.push('  kroma-validator devnet submit-output && kroma-validator devnet finalize')
    lines.push('  kroma-validator devnet warp 14d')
  }
  lines.push('', chalk.dim(`anvil's log: ${info.logFile}`))
  lines.push(
    info.mode === 'detached'
      ? `Running in the background. Stop it with ${chalk.bold('kroma-validator devnet stop')}.`
      : `Press ${chalk.bold('Ctrl-C')} to stop it.`,
  )
  return `${lines.join('\n')}\n`
}

export function renderDevnetStatus(status: DevnetStatus): string {
  const lines = [
    `${chalk.green.bold('Devnet up')} at ${chalk.bold(status.rpcUrl)} (chain ${status.chainId}, anvil pid ${status.pid}, ${status.mode})`,
    ...labelledRows([
      ['Chain time', `${formatUtc(status.chainTime)} · block ${status.blockNumber}`],
      ['Started', status.startedAt],
      ['Node', status.clientVersion],
      ['Log', status.logFile],
    ]),
    '',
    chalk.bold('Contracts'),
    ...contractRows(status.contracts),
    '',
    chalk.bold('Parameters'),
    ...paramRows(status.params),
  ]
  return `${lines.join('\n')}\n`
}

export function renderDevnetStopped(result: StopResult): string {
  return `${result.message}\n`
}

export function renderWarp(result: WarpResult): string {
  return `Chain time is now ${chalk.bold(formatUtc(result.chainTime))} (moved ${formatDuration(result.advancedSeconds)} from ${formatUtc(result.previousTime)}; block ${result.blockNumber}).\n`
}

export function renderSubmitOutput(result: SubmitOutputResult): string {
  const who = result.priority ? `the priority validator ${result.validator}` : result.validator
  return (
    `Output ${chalk.bold(String(result.outputIndex))} submitted by ${who}; ${formatKro(BigInt(result.bondAmount))} bonded until it is finalized ` +
    `(bonded ${kro(result.kro.bonded)}, not bonded ${kro(result.kro.notBonded)}). Transaction ${result.transaction.hash}.\n`
  )
}

export function renderFinalize(result: FinalizeResult): string {
  if (result.finalized.length === 0) return 'No output is waiting for finalization; nothing was sent.\n'
  const lines = [`Finalized ${result.finalized.length} output${result.finalized.length === 1 ? '' : 's'} (transaction ${result.transaction?.hash}):`]
  for (const output of result.finalized) {
    const delegators = BigInt(output.baseReward) + BigInt(output.boostedReward)
    lines.push(
      `  output ${output.outputIndex} by ${output.validator}: reward ${kro(output.validatorReward)} to the validator (commission), ` +
        `${formatKro(delegators)} to its delegation pool; ${kro(output.unbonded)} unbonded`,
    )
  }
  return `${lines.join('\n')}\n`
}

export function renderMiss(result: MissResult): string {
  return (
    `${result.validator} missed ${result.missedRounds} priority round${result.missedRounds === 1 ? '' : 's'} (jailed at ${result.jailThreshold} in a row) ` +
    `and is ${chalk.red.bold('jailed')} until ${chalk.bold(formatWhen(BigInt(result.jailExpiresAt), BigInt(result.jailedAt)))}.\n` +
    `After that: \`kroma-validator unjail --network devnet\` (warp there with \`kroma-validator devnet warp <duration>\`).\n`
  )
}
