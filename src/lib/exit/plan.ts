import { shortAddress } from '../address.js'
import { formatWhen } from '../format/time.js'
import { withSafeRoute, type ExitStep } from '../exit-steps.js'
import { planPoolSteps, type PoolFacts } from '../pool/steps.js'

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
