import chalk from './colour.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import type { DelegationPosition } from '../events/delegations.js'
import type { DelegationsReport } from '../events/show-delegations.js'

/** The next command for a position, as it stands at the block read. */
function nextSteps(position: DelegationPosition, now: number): string[] {
  const steps: string[] = []
  const validator = position.validator
  if (position.kro.shares !== '0') {
    steps.push(
      position.kro.canUndelegateAt > now
        ? `undelegate KRO from ${formatWhen(BigInt(position.kro.canUndelegateAt), BigInt(now))}`
        : `kroma-validator undelegate --validator ${validator} --amount max`,
    )
  }
  if (position.kgh.claimableReward !== '0') steps.push(`kroma-validator kgh claim --validator ${validator}`)
  if (position.kgh.tokens.some((token) => token.canUndelegateAt <= now)) steps.push(`kroma-validator kgh undelegate --validator ${validator} --token-id all`)
  return steps
}

/** Every position of the delegator, for people. */
export function renderDelegations(report: DelegationsReport): string {
  const { json, timestamp, connection } = report
  const now = timestamp
  const lines = [
    chalk.bold(`Delegations of ${json.delegator}`),
    chalk.dim(`${connection.networkName ? `${connection.networkName} · ` : ''}block ${json.blockNumber}`),
    '',
  ]
  if (json.positions.length === 0) lines.push('No delegation holds anything at this block.')
  for (const position of json.positions) {
    const jail = position.jailed && position.jailExpiresAt !== null ? chalk.red(` JAILED until ${formatWhen(BigInt(position.jailExpiresAt), BigInt(now))}`) : ''
    lines.push(`${chalk.bold(position.validator)}  ${position.validatorStatus}${jail}`)
    if (position.kro.shares !== '0') {
      const unlock = position.kro.canUndelegateAt > now ? `locked until ${formatWhen(BigInt(position.kro.canUndelegateAt), BigInt(now))}` : 'unlocked'
      lines.push(`  KRO   ${formatKro(BigInt(position.kro.assets))} (${position.kro.shares} shares), ${unlock}`)
    }
    if (position.kgh.count > 0 || position.kgh.claimableReward !== '0') {
      lines.push(
        `  KGH   ${position.kgh.count} token${position.kgh.count === 1 ? '' : 's'}, boosted reward to claim: ${formatKro(BigInt(position.kgh.claimableReward))}`,
      )
      for (const token of position.kgh.tokens) {
        lines.push(
          `        #${token.id} ${token.canUndelegateAt > now ? `locked until ${formatWhen(BigInt(token.canUndelegateAt), BigInt(now))}` : 'unlocked'}`,
        )
      }
    }
    for (const step of nextSteps(position, now)) lines.push(`  ${chalk.dim('next:')} ${step}`)
    lines.push('')
  }
  return `${lines.join('\n').trimEnd()}\n`
}
