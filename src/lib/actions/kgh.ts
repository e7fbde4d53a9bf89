import { parseAddress, shortAddress } from '../address.js'
import { parseTokenIds } from '../delegator/token-ids.js'
import type { KghTokenState } from '../delegator/position.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import { claimKghRewardCall, delegateKghCall, kghApprovalForAllCall, kghApproveCall, undelegateKghCall } from './calls.js'
import { requireDelegatable } from './checks.js'
import { changed, position } from './delegation.js'
import { refuse, type Action, type PlannedCall } from './types.js'

export interface KghDelegateInput {
  validator: string
  tokenIds: bigint[]
  /** One setApprovalForAll before and its revocation after, instead of an approve per token. */
  approveAll: boolean
}

export interface KghUndelegateInput {
  validator: string
  tokenIds: bigint[] | 'all'
}

export interface KghClaimInput {
  validator: string
}

const ids = (tokens: readonly { id: bigint }[]) => tokens.map((token) => `#${token.id}`).join(', ')

export const kghDelegate: Action<KghDelegateInput, { validator: string; 'token-id': string; 'approve-all': boolean }> = {
  name: 'kgh delegate',
  fromFlags: (flags) => ({
    validator: parseAddress(flags.validator, 'validator address'),
    tokenIds: parseTokenIds(flags['token-id']),
    approveAll: flags['approve-all'],
  }),
  signerFacts: { kro: false, code: false },
  validatorFor: (input) => input.validator,
  delegatorFacts: (input) => input.tokenIds,
  plan(input, context) {
    const { snapshot, connection, signer } = context
    const validator = snapshot.validators[0]!
    const held = position(context)
    requireDelegatable(validator, snapshot, 'KGH delegation')
    const missing = held.kgh.tokens.filter((token) => token.owner === undefined)
    if (missing.length > 0) {
      throw refuse('KGH_NOT_FOUND', `No KGH token ${ids(missing)} exists (KGH ${held.kgh.token}).`, { suggestions: ['Check the token ids.'] })
    }
    const here = held.kgh.tokens.filter((token) => token.delegatedHere)
    if (here.length > 0) {
      throw refuse(
        'KGH_ALREADY_DELEGATED',
        `KGH ${ids(here)} ${here.length === 1 ? 'is' : 'are'} already delegated by ${shortAddress(signer)} to validator ${shortAddress(validator.address)}.`,
        {
          suggestions: ['Leave those ids out.'],
        },
      )
    }
    const notOwned = held.kgh.tokens.filter((token) => token.owner?.toLowerCase() !== signer.toLowerCase())
    if (notOwned.length > 0) {
      throw refuse('KGH_NOT_OWNED', `${signer} does not own KGH ${notOwned.map((token) => `#${token.id} (owner ${token.owner})`).join(', ')}.`, {
        suggestions: ['Sign with the account that holds the tokens, or leave those ids out.'],
      })
    }

    const calls: PlannedCall[] = []
    const notices: string[] = []
    if (held.kgh.approvedForAll) {
      notices.push(
        `An approval for all your KGH to the AssetManager is already in place (set before this run); revoke it with setApprovalForAll(${connection.assetManager}, false) on ${held.kgh.token} when you no longer want it.`,
      )
    } else if (input.approveAll) {
      calls.push(kghApprovalForAllCall(connection, held.kgh.token, true))
    } else {
      // Per token, skipping those already approved (a re-run after some approvals landed).
      for (const token of held.kgh.tokens)
        if (token.approved?.toLowerCase() !== connection.assetManager.toLowerCase()) calls.push(kghApproveCall(connection, held.kgh.token, token.id))
    }
    calls.push(delegateKghCall(connection, validator.address, input.tokenIds, calls.length > 0))
    if (input.approveAll && !held.kgh.approvedForAll) {
      calls.push(kghApprovalForAllCall(connection, held.kgh.token, false))
      notices.push('The approval for all is revoked by the last transaction: no approval is left standing.')
    }
    if (held.kgh.claimableReward > 0n) notices.push(`The pending boosted reward, ${formatKro(held.kgh.claimableReward)}, is paid out to ${signer} first.`)
    const unlock = snapshot.timestamp + snapshot.params.minDelegationPeriodSeconds
    notices.push(
      `${input.tokenIds.length === 1 ? 'The token' : 'The tokens'} can be undelegated from about ${formatWhen(unlock, snapshot.timestamp)} (the minimum delegation period).`,
    )
    return { validator: validator.address, calls, notices }
  },
  outcome(_before, after, input, change) {
    const now = changed(change).after
    return `Delegated KGH ${ids(input.tokenIds.map((id) => ({ id })))} to ${shortAddress(after.address)}: ${now.kgh.count} KGH delegated to it by you.`
  },
}

export const kghUndelegate: Action<KghUndelegateInput, { validator: string; 'token-id': string }> = {
  name: 'kgh undelegate',
  fromFlags: (flags) => ({ validator: parseAddress(flags.validator, 'validator address'), tokenIds: parseTokenIds(flags['token-id'], { allowAll: true }) }),
  signerFacts: { kro: false, code: false },
  validatorFor: (input) => input.validator,
  delegatorFacts: (input) => (input.tokenIds === 'all' ? 'delegated' : input.tokenIds),
  plan(input, context) {
    const { snapshot, connection, signer } = context
    const held = position(context)
    const now = snapshot.timestamp
    const who = shortAddress(input.validator)
    if (held.kgh.tokens.length === 0) {
      throw refuse('NO_KGH_DELEGATED', `${signer} has no KGH delegated to validator ${input.validator}.`, {
        suggestions: ['Check the validator address (and the signer).'],
      })
    }
    const strangers = held.kgh.tokens.filter((token) => !token.delegatedHere)
    if (strangers.length > 0) {
      throw refuse(
        'KGH_NOT_DELEGATED',
        `KGH ${ids(strangers)} ${strangers.length === 1 ? 'is' : 'are'} not delegated by ${shortAddress(signer)} to validator ${who}; the contract refuses ${strangers.length === 1 ? 'it' : 'them'} (InvalidTokenIdsInput).`,
        {
          suggestions: [`Leave ${strangers.length === 1 ? 'it' : 'them'} out, or use --token-id all for every KGH you have with this validator.`],
        },
      )
    }
    const locked = held.kgh.tokens.filter((token) => token.canUndelegateAt > now)
    if (locked.length > 0) {
      const last = locked.reduce((latest: KghTokenState, token) => (token.canUndelegateAt > latest.canUndelegateAt ? token : latest))
      throw refuse(
        'KGH_LOCKED',
        `KGH ${locked.map((token) => `#${token.id} is locked until ${formatWhen(token.canUndelegateAt, now)}`).join('; ')} (the minimum period after its delegation).`,
        {
          possibleAt: last.canUndelegateAt,
          suggestions:
            locked.length < held.kgh.tokens.length
              ? ['Undelegate the others now by leaving the locked ids out, or run the same command after that time.']
              : ['Run the same command again after that time.'],
        },
      )
    }
    const tokenIds = held.kgh.tokens.map((token) => token.id)
    const notices = [`KGH ${ids(held.kgh.tokens)} go${tokenIds.length === 1 ? 'es' : ''} back to ${signer}.`]
    if (held.kgh.claimableReward > 0n)
      notices.push(`The boosted reward, ${formatKro(held.kgh.claimableReward)}, is paid out with ${tokenIds.length === 1 ? 'it' : 'them'}.`)
    return { validator: input.validator, calls: [undelegateKghCall(connection, input.validator, tokenIds)], notices }
  },
  outcome(_before, after, _input, change) {
    const { before, after: now } = changed(change)
    return `Undelegated KGH ${ids(before.kgh.tokens)} from ${shortAddress(after.address)} with a boosted reward of ${formatKro(now.kroBalance - before.kroBalance)}; ${now.kgh.count} KGH left with it.`
  },
}

export const kghClaim: Action<KghClaimInput, { validator: string }> = {
  name: 'kgh claim',
  fromFlags: (flags) => ({ validator: parseAddress(flags.validator, 'validator address') }),
  signerFacts: { kro: false, code: false },
  validatorFor: (input) => input.validator,
  delegatorFacts: () => [],
  plan(input, context) {
    const { connection, signer } = context
    const held = position(context)
    if (held.kgh.claimableReward === 0n) {
      throw refuse('NOTHING_TO_CLAIM', `${signer} has no boosted reward to claim from validator ${input.validator} (${held.kgh.count} KGH delegated to it).`, {
        suggestions: ["Boosted rewards accrue to delegated KGH as the validator's outputs are finalized."],
      })
    }
    return {
      validator: input.validator,
      calls: [claimKghRewardCall(connection, input.validator)],
      notices: [`${formatKro(held.kgh.claimableReward, 18)} goes to ${signer}.`],
    }
  },
  outcome(_before, after, _input, change) {
    const { before, after: now } = changed(change)
    return `Claimed ${formatKro(now.kroBalance - before.kroBalance, 18)} of boosted reward from ${shortAddress(after.address)}.`
  },
}
