import { shortAddress } from '../address.js'
import { formatEth, formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'

/** What an address can still recover, each kind a different call signed by a different key. */
export type ExitStepKind = 'withdraw' | 'bonded' | 'undelegate' | 'kgh-undelegate' | 'kgh-claim' | 'pool-withdraw' | 'pool-unbond'

/** A validator's own KRO as its withdraw account sees it. */
export interface VaultFacts {
  validator: string
  withdrawAccount: string
  /** The withdraw account holds code (a Safe): the CLI prepares the transaction, the Safe signs it. */
  withdrawAccountIsContract: boolean
  /** 0 when never jailed. */
  jailExpiresAt: bigint
  canWithdrawAt: bigint
  notBondedKro: bigint
  bondedKro: bigint
}

export interface KghTokenFacts {
  id: bigint
  canUndelegateAt: bigint
}

/** One delegator's position with one validator. */
export interface DelegationFacts {
  validator: string
  kroShares: bigint
  /** What the shares are worth now, rewards included. */
  kroAssets: bigint
  canUndelegateKroAt: bigint
  kghTokens: KghTokenFacts[]
  kghReward: bigint
}

/** The address's ETH in the V1 ValidatorPool (what readPoolState reads). */
export interface PoolFacts {
  balance: bigint
  /** unbond() would release at least one expired bond now, back into its validator's balance. */
  unbondable: boolean
}

export interface ExitFacts {
  address: string
  /** The chain's clock at the block read. */
  timestamp: bigint
  /** Validators whose own KRO comes back to this address: itself, or those naming it their withdraw account. */
  vaults: VaultFacts[]
  /** This address's positions as a delegator. */
  delegations: DelegationFacts[]
  /** Whether this address holds code (then its own steps go through a Safe file). */
  addressIsContract: boolean
  pool?: PoolFacts
}

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

export interface ExitTotals {
  kroNow: bigint
  kroLater: bigint
  kroBonded: bigint
  kghTokens: number
  kghRewardNow: bigint
  ethNow: bigint
}

export interface ExitPlan {
  steps: ExitStep[]
  totals: ExitTotals
}

const BONDED_BLOCKER =
  'Bonded to submitted outputs: it is released only when a later output is submitted, and on a network where outputs have stopped (Kroma mainnet since 2025) that no longer happens.'

/**
 * Every step, in the order that loses nothing when they are carried out one after another: the
 * pool's bond before its balance, own KRO, then per validator the KGH (which pay their reward
 * along) before the KRO.
 */
export function planExit(facts: ExitFacts): ExitPlan {
  const now = facts.timestamp
  const steps: ExitStep[] = []
  const at = (time: bigint) => (time > now ? time : null)

  if (facts.pool) steps.push(...planPoolSteps(facts.pool, facts.address, facts.addressIsContract))

  for (const vault of facts.vaults) {
    const signer = { signer: vault.withdrawAccount, signerIsContract: vault.withdrawAccountIsContract }
    if (vault.notBondedKro > 0n) {
      const jailedUntil = at(vault.jailExpiresAt)
      const lockedUntil = at(vault.canWithdrawAt)
      const possibleAt = maxOf(jailedUntil, lockedUntil)
      const blocker =
        jailedUntil !== null && jailedUntil === possibleAt
          ? `Validator ${shortAddress(vault.validator)} is jailed until ${formatWhen(jailedUntil, now)}.`
          : lockedUntil !== null
            ? `Withdrawals open ${formatWhen(lockedUntil, now)} (the minimum period after the last deposit).`
            : null
      steps.push({
        kind: 'withdraw',
        validator: vault.validator,
        asset: 'KRO',
        amount: vault.notBondedKro,
        tokenIds: [],
        ...signer,
        possibleNow: possibleAt === null,
        possibleAt,
        blocker,
        command: withSafeRoute(`withdraw --validator ${vault.validator} --amount max`, signer, `withdraw-${vault.validator}`),
      })
    }
    if (vault.bondedKro > 0n) {
      steps.push({
        kind: 'bonded',
        validator: vault.validator,
        asset: 'KRO',
        amount: vault.bondedKro,
        tokenIds: [],
        ...signer,
        possibleNow: false,
        possibleAt: null,
        blocker: BONDED_BLOCKER,
        command: `status ${vault.validator}`,
      })
    }
  }

  const delegator = { signer: facts.address, signerIsContract: facts.addressIsContract }
  for (const position of facts.delegations) {
    const validator = position.validator
    const unlocked = position.kghTokens.filter((token) => token.canUndelegateAt <= now)
    const locked = position.kghTokens.filter((token) => token.canUndelegateAt > now)
    if (unlocked.length > 0) {
      steps.push({
        kind: 'kgh-undelegate',
        validator,
        asset: 'KGH',
        amount: position.kghReward,
        tokenIds: unlocked.map((token) => token.id),
        ...delegator,
        possibleNow: true,
        possibleAt: null,
        blocker: null,
        command: withSafeRoute(
          `kgh undelegate --validator ${validator} --token-id ${tokenList(unlocked, locked.length === 0)}`,
          delegator,
          `kgh-undelegate-${validator}`,
        ),
      })
    } else if (position.kghReward > 0n) {
      // No token can leave yet, but the reward they earned can: claim it now.
      steps.push({
        kind: 'kgh-claim',
        validator,
        asset: 'KRO',
        amount: position.kghReward,
        tokenIds: [],
        ...delegator,
        possibleNow: true,
        possibleAt: null,
        blocker: null,
        command: withSafeRoute(`kgh claim --validator ${validator}`, delegator, `kgh-claim-${validator}`),
      })
    }
    for (const [unlockAt, tokens] of groupByUnlock(locked)) {
      steps.push({
        kind: 'kgh-undelegate',
        validator,
        asset: 'KGH',
        amount: 0n,
        tokenIds: tokens.map((token) => token.id),
        ...delegator,
        possibleNow: false,
        possibleAt: unlockAt,
        blocker: `Locked until ${formatWhen(unlockAt, now)} (the minimum delegation period after the token was delegated).`,
        command: `kgh undelegate --validator ${validator} --token-id ${tokenList(tokens, false)}`,
      })
    }
    if (position.kroShares > 0n && position.kroAssets > 0n) {
      const lockedUntil = at(position.canUndelegateKroAt)
      steps.push({
        kind: 'undelegate',
        validator,
        asset: 'KRO',
        amount: position.kroAssets,
        tokenIds: [],
        ...delegator,
        possibleNow: lockedUntil === null,
        possibleAt: lockedUntil,
        blocker: lockedUntil === null ? null : `Locked until ${formatWhen(lockedUntil, now)} (the minimum delegation period after the last delegation).`,
        command: withSafeRoute(`undelegate --validator ${validator} --amount max`, delegator, `undelegate-${validator}`),
      })
    }
  }
  return { steps, totals: totalsOf(steps) }
}

/**
 * The V1 pool: expired bonds first (unbond moves them back into the balance, and anyone may send
 * it), then the balance, signed by the address the pool keeps it for.
 */
export function planPoolSteps(pool: PoolFacts, address: string, isContract: boolean): ExitStep[] {
  const signer = { signer: address, signerIsContract: isContract }
  const step: Omit<ExitStep, 'kind' | 'amount' | 'command'> = {
    validator: null,
    asset: 'ETH',
    tokenIds: [],
    ...signer,
    possibleNow: true,
    possibleAt: null,
    blocker: null,
  }
  const steps: ExitStep[] = []
  if (pool.unbondable) steps.push({ ...step, kind: 'pool-unbond', amount: null, command: withSafeRoute('pool unbond', signer, 'pool-unbond') })
  if (pool.balance > 0n)
    steps.push({ ...step, kind: 'pool-withdraw', amount: pool.balance, command: withSafeRoute('pool withdraw --amount max', signer, 'pool-withdraw') })
  return steps
}

/** A contract cannot sign here: plan as it and write the batch its owners import into the Safe app. */
function withSafeRoute(command: string, signer: { signer: string; signerIsContract: boolean }, fileStem: string): string {
  return signer.signerIsContract ? `${command} --from ${signer.signer} --dry-run --safe-tx-file ${fileStem}.json` : command
}

function tokenList(tokens: KghTokenFacts[], everything: boolean): string {
  return everything && tokens.length > 1 ? 'all' : tokens.map((token) => token.id.toString()).join(',')
}

function groupByUnlock(tokens: KghTokenFacts[]): Array<[bigint, KghTokenFacts[]]> {
  const groups = new Map<bigint, KghTokenFacts[]>()
  for (const token of tokens) groups.set(token.canUndelegateAt, [...(groups.get(token.canUndelegateAt) ?? []), token])
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function maxOf(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b
  if (b === null) return a
  return a > b ? a : b
}

function totalsOf(steps: ExitStep[]): ExitTotals {
  const totals: ExitTotals = { kroNow: 0n, kroLater: 0n, kroBonded: 0n, kghTokens: 0, kghRewardNow: 0n, ethNow: 0n }
  for (const step of steps) {
    if (step.amount === null) continue
    if (step.kind === 'bonded') totals.kroBonded += step.amount
    else if (step.asset === 'ETH') totals.ethNow += step.amount
    else if (step.asset === 'KGH') {
      totals.kghTokens += step.tokenIds.length
      if (step.possibleNow) totals.kghRewardNow += step.amount
    } else if (step.kind === 'kgh-claim') totals.kghRewardNow += step.amount
    else if (step.possibleNow) totals.kroNow += step.amount
    else totals.kroLater += step.amount
  }
  return totals
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
