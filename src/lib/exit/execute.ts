import type { AccountAction, Action } from '../actions/types.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import { requireSignerSource, resolveSignerSource, type SignerFlags } from '../signers/resolve.js'
import type { SentReport } from '../tx/pipeline.js'
import type { ExitStepJson } from '../exit-steps.js'

/** Sends one action through the pipeline (the command's TransactionCommand.send, confirmation suppressed). */
export type SendAction<Result> = <Input, State>(action: Action<Input> | AccountAction<Input, State, SentReport>, input: Input) => Promise<Result>

/** Flags that name one transaction and so cannot apply to the several `--execute` sends (or to a read without it). */
export function checkExecuteFlags(flags: { execute: boolean; nonce?: number; from?: string; 'safe-tx-file'?: string }): void {
  const single = (['nonce', 'from', 'safe-tx-file'] as const).filter((name) => flags[name] !== undefined)
  if (single.length > 0) {
    throw invalidInput('INVALID_FLAGS', `exit does not take --${single[0]}: it applies to one transaction.`, [
      'Accepted form: kroma-validator exit [ADDRESS] [--execute [--yes] [--dry-run]]; the steps of a Safe come with their own --from … --safe-tx-file command.',
    ])
  }
}

/** The address the configured signer signs as: what `exit --execute` carries out steps for. */
export async function executingAddress(
  flags: SignerFlags,
  settings: Parameters<typeof resolveSignerSource>[2],
  addressArg: string | undefined,
): Promise<string> {
  const source = requireSignerSource(resolveSignerSource(flags, process.env, settings))
  const { signerAddress } = await import('../signers/open.js')
  const signer = await signerAddress(source, { env: process.env })
  if (addressArg !== undefined && addressArg.toLowerCase() !== signer.toLowerCase()) {
    throw new CliError(`--execute carries out the signer's own steps, but ADDRESS ${addressArg} is not the signer (${signer}).`, {
      code: 'NOT_THE_SIGNER',
      exitCode: ExitCode.invalidInput,
      suggestions: [`Leave out ADDRESS, or sign as ${addressArg}; \`kroma-validator exit ${addressArg}\` lists its steps without sending.`],
    })
  }
  return signer
}

/** The steps `signer` can carry out now; the others (other signers, later times, bonded KRO, a Safe's) are only listed. */
export function executableSteps(steps: ExitStepJson[], signer: string): ExitStepJson[] {
  return steps.filter((step) => step.possibleNow && step.kind !== 'bonded' && !step.signerIsContract && step.signer.toLowerCase() === signer.toLowerCase())
}

/** The same step in a plan read again: gone once it is done (a rerun never repeats it). */
export function sameStep(a: ExitStepJson, b: ExitStepJson): boolean {
  return a.kind === b.kind && a.validator === b.validator && a.tokenIds.join(',') === b.tokenIds.join(',')
}

/** A step carried out by this run, with the transactions that did it. */
export interface DoneStep {
  step: ExitStepJson
  result: { transactions: Array<{ function: string; hash?: string }> }
}

/**
 * An interruption partway through: the pipeline names what the step being waited for sent, and
 * this adds the steps already done before it (their transactions mined), so text and --json say
 * everything the run did.
 */
export function withStepsDone<E>(error: E, done: DoneStep[]): E {
  if (!(error instanceof CliError) || error.code !== 'INTERRUPTED' || done.length === 0) return error
  const sent = (result: DoneStep['result']) => result.transactions.map((transaction) => `${transaction.function} ${transaction.hash ?? ''}`.trimEnd())
  error.message = `${error.message} Done before it: ${done.map(({ step, result }) => `${step.kind} (${sent(result).join(', ')})`).join('; ')}.`
  error.details.done = done.map(({ step, result }) => ({ kind: step.kind, validator: step.validator, transactions: result.transactions }))
  error.suggestions.push('Once what was sent is mined, `kroma-validator exit --execute` again carries out only the steps left.')
  return error
}

/**
 * Reads the plan again between two steps. Nothing is being sent then, so a Ctrl-C (or SIGTERM) stops
 * the run here, saying which steps were done, instead of ending it on the signal without a word.
 */
export async function readBetweenSteps<T>(read: () => Promise<T>, done: DoneStep[]): Promise<T> {
  let onSignal = () => {}
  const signalled = new Promise<never>((_, reject) => {
    onSignal = () =>
      reject(withStepsDone(new CliError('Interrupted between steps; nothing more was sent.', { code: 'INTERRUPTED', exitCode: ExitCode.declined }), done))
  })
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await Promise.race([read(), signalled])
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

/** Carries out one step with the action its command names. */
export async function executeStep<Result>(step: ExitStepJson, send: SendAction<Result>): Promise<Result> {
  const validator = step.validator ?? ''
  switch (step.kind) {
    case 'withdraw':
      return send((await import('../actions/withdraw.js')).withdraw, { validator, amount: { kind: 'max' } })
    case 'undelegate':
      return send((await import('../actions/delegation.js')).undelegate, { validator, amount: { kind: 'max' } })
    case 'kgh-undelegate':
      return send((await import('../actions/kgh.js')).kghUndelegate, { validator, tokenIds: step.tokenIds.map(BigInt) })
    case 'kgh-claim':
      return send((await import('../actions/kgh.js')).kghClaim, { validator })
    case 'pool-unbond':
      return send((await import('../pool/actions.js')).poolUnbond, {})
    case 'pool-withdraw':
      return send((await import('../pool/actions.js')).poolWithdraw, { amount: { kind: 'max' } })
    case 'bonded':
      throw new Error('Bonded KRO is never carried out.')
  }
}
