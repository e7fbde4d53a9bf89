import { shortAddress } from './address.js'
import { formatEth, formatKro } from './format/amounts.js'

// A step of getting funds out, as exit plans it and pool status shows it: what comes back, who
// signs, whether it is possible now (or when), and the command that does it.

/** What an address can still recover, each kind a different call signed by a different key. */
export type ExitStepKind = 'withdraw' | 'bonded' | 'undelegate' | 'kgh-undelegate' | 'kgh-claim' | 'pool-withdraw' | 'pool-unbond'

export interface ExitStep {
  kind: ExitStepKind
  validator: string | null
  asset: 'KRO' | 'KGH' | 'ETH'
  /** Wei; for KGH steps the boosted reward paid along; null when the chain does not tell (the pool's expired bonds). */
  amount: bigint | null
  tokenIds: bigint[]
  /** Who must sign: the withdraw account, the delegator, or the pool depositor. */
  signer: string
  signerIsContract: boolean
  possibleNow: boolean
  possibleAt: bigint | null
  blocker: string | null
  /** The command that does this step (arguments only, without connection flags). */
  command: string
}

/** A contract cannot sign here: plan as it and write the batch its owners import into the Safe app. */
export function withSafeRoute(command: string, signer: { signer: string; signerIsContract: boolean }, fileStem: string): string {
  return signer.signerIsContract ? `${command} --from ${signer.signer} --dry-run --safe-tx-file ${fileStem}.json` : command
}

/** A step as `--json` prints it: amounts and token ids base-10 strings, times unix seconds. */
export interface ExitStepJson {
  kind: ExitStepKind
  validator: string | null
  asset: ExitStep['asset']
  amount: string | null
  tokenIds: string[]
  signer: string
  signerIsContract: boolean
  possibleNow: boolean
  possibleAt: number | null
  blocker: string | null
  command: string
}

/** `command` becomes the whole command line: the program's name, the step's arguments, then `extraArgs` (connection and signer flags). */
export function exitStepJson(step: ExitStep, extraArgs = ''): ExitStepJson {
  return {
    ...step,
    amount: step.amount === null ? null : step.amount.toString(),
    tokenIds: step.tokenIds.map(String),
    possibleAt: step.possibleAt === null ? null : Number(step.possibleAt),
    command: `kroma-validator ${step.command}${extraArgs}`,
  }
}

/** One line per step, for people. */
export function describeStep(step: ExitStepJson): string {
  const wei = BigInt(step.amount ?? 0)
  const amount = step.asset === 'ETH' ? formatEth(wei) : formatKro(wei)
  switch (step.kind) {
    case 'withdraw':
      return `${amount} of validator ${shortAddress(step.validator!)}'s own KRO, to its withdraw account`
    case 'bonded':
      return `${amount} of validator ${shortAddress(step.validator!)}'s own KRO, bonded`
    case 'undelegate':
      return `${amount} delegated to ${shortAddress(step.validator!)}`
    case 'kgh-undelegate':
      return `KGH ${step.tokenIds.join(', ')} delegated to ${shortAddress(step.validator!)}${wei > 0n ? `, with ${amount} of reward` : ''}`
    case 'kgh-claim':
      return `${amount} of KGH reward from ${shortAddress(step.validator!)}`
    case 'pool-unbond':
      return "the expired bonds of the V1 ValidatorPool, back into their validators' balances (withdraw after it)"
    case 'pool-withdraw':
      return `${amount} in the V1 ValidatorPool`
  }
}
