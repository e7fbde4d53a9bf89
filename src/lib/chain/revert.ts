import { Interface, type ErrorDescription } from 'ethers'
import { AssetManager__factory, ERC20__factory, KGH__factory, ValidatorManager__factory } from './types/index.js'

/** What each custom error means for an operator, in the contracts' own terms. */
const EXPLANATIONS: Record<string, string> = {
  NotAllowedCaller: 'the sender is not allowed to make this call (register needs an externally owned account; withdraw needs the withdraw account)',
  ImproperValidatorStatus: "the validator's status (or jail) does not allow this now",
  InsufficientAsset: 'the amount is below the minimum, or above the KRO available',
  MaxCommissionRateExceeded: 'the commission rate is above 100%',
  SameCommissionRate: 'the new commission rate equals the current one',
  NotInitiatedCommissionChange: 'no commission change is pending: run `changeCommission init` first',
  NotElapsedCommissionChangeDelay: 'the commission change delay has not passed yet',
  NotElapsedJailPeriod: 'the jail period has not ended yet',
  NotElapsedMinDelegationPeriod: 'the minimum period since the last deposit or delegation has not passed yet',
  NotAllowedZeroInput: 'the amount is zero',
  ZeroAddress: 'the withdraw account is the zero address',
  NotSelectedPriorityValidator: 'the validator is not the selected priority validator',
  InsufficientShare: 'the amount is worth no shares, or more shares than the delegator holds',
  InvalidTokenIdsInput: 'a KGH token is not delegated by the sender to this validator',
  InvalidConstructorParams: 'invalid constructor parameters',
  MptFirstOutputRestricted: 'the first MPT output is restricted',
  ERC20InsufficientBalance: 'the KRO balance is too low',
  ERC20InsufficientAllowance: 'the KRO allowance for the AssetManager is too low',
  ERC721NonexistentToken: 'the KGH token does not exist',
  ERC721IncorrectOwner: 'the sender does not own the KGH token',
  ERC721InsufficientApproval: 'the AssetManager is not approved for the KGH token',
}

let combined: Interface | undefined

function errorInterface(): Interface {
  combined ??= new Interface([
    ...ValidatorManager__factory.abi.filter((item) => item.type === 'error'),
    ...AssetManager__factory.abi.filter(
      (item) => item.type === 'error' && !['NotAllowedCaller', 'ImproperValidatorStatus', 'InsufficientAsset', 'ZeroAddress'].includes(item.name),
    ),
    ...ERC20__factory.abi.filter((item) => item.type === 'error'),
    ...KGH__factory.abi.filter((item) => item.type === 'error'),
  ])
  return combined
}

export interface DecodedRevert {
  /** The custom error's name, "Error" for a reason string, or undefined when unknown. */
  name?: string
  explanation: string
  data: string
}

/** Decodes revert data into the custom error's name and what it means, never raw hex alone. */
export function decodeRevert(data: string | undefined | null): DecodedRevert {
  const raw = data ?? '0x'
  if (raw === '0x' || raw.length < 10) return { explanation: 'the call reverted without a reason', data: raw }
  if (raw.startsWith('0x08c379a0')) {
    const [reason] = Interface.from(['function Error(string)']).decodeFunctionData('Error', raw)
    return { name: 'Error', explanation: String(reason), data: raw }
  }
  let description: ErrorDescription | null
  try {
    description = errorInterface().parseError(raw)
  } catch {
    description = null
  }
  if (!description) return { explanation: `the call reverted with unknown error data ${raw.slice(0, 10)}`, data: raw }
  return { name: description.name, explanation: EXPLANATIONS[description.name] ?? description.name, data: raw }
}
