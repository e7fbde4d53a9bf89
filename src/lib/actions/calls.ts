import { formatKro } from '../format/amounts.js'
import { AssetManager__factory, ERC20__factory, KGH__factory, ValidatorManager__factory } from '../chain/types/index.js'
import type { Connection } from '../config/connection.js'
import type { Snapshot } from '../validator/snapshot.js'
import type { PlannedCall } from './types.js'

/** Calldata builders, typed by the generated bindings. */

const validatorManager = ValidatorManager__factory.createInterface()
const assetManager = AssetManager__factory.createInterface()
const erc20 = ERC20__factory.createInterface()
const kgh = KGH__factory.createInterface()

/**
 * An approve for exactly the amount, only when the current allowance is short: never an
 * unlimited approval, and none at all when one is in place (e.g. a re-run after the approve
 * landed but the next transaction did not).
 */
export function approvalIfShort(amount: bigint, snapshot: Snapshot, connection: Connection): PlannedCall[] {
  const allowance = snapshot.account?.kroAllowance ?? 0n
  if (allowance >= amount) return []
  return [
    {
      contract: 'KRO',
      to: snapshot.params.kroToken,
      function: 'approve',
      args: [
        { name: 'spender', value: `AssetManager ${connection.assetManager}` },
        { name: 'amount', value: formatKro(amount, 18) },
      ],
      data: erc20.encodeFunctionData('approve', [connection.assetManager, amount]),
    },
  ]
}

export function registerValidatorCall(connection: Connection, amount: bigint, commissionRate: number, withdrawAccount: string): PlannedCall {
  return {
    contract: 'ValidatorManager',
    to: connection.validatorManager,
    function: 'registerValidator',
    args: [
      { name: 'assets', value: formatKro(amount, 18) },
      { name: 'commissionRate', value: `${commissionRate}%` },
      { name: 'withdrawAccount', value: withdrawAccount },
    ],
    data: validatorManager.encodeFunctionData('registerValidator', [amount, commissionRate, withdrawAccount]),
  }
}

const NO_ARGUMENT_CALLDATA = {
  activateValidator: validatorManager.encodeFunctionData('activateValidator'),
  finalizeCommissionChange: validatorManager.encodeFunctionData('finalizeCommissionChange'),
  tryUnjail: validatorManager.encodeFunctionData('tryUnjail'),
}

export function validatorManagerCall(connection: Connection, name: keyof typeof NO_ARGUMENT_CALLDATA): PlannedCall {
  return { contract: 'ValidatorManager', to: connection.validatorManager, function: name, args: [], data: NO_ARGUMENT_CALLDATA[name] }
}

export function initCommissionChangeCall(connection: Connection, rate: number): PlannedCall {
  return {
    contract: 'ValidatorManager',
    to: connection.validatorManager,
    function: 'initCommissionChange',
    args: [{ name: 'newCommissionRate', value: `${rate}%` }],
    data: validatorManager.encodeFunctionData('initCommissionChange', [rate]),
  }
}

export function depositCall(connection: Connection, amount: bigint): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: 'deposit',
    args: [{ name: 'assets', value: formatKro(amount, 18) }],
    data: assetManager.encodeFunctionData('deposit', [amount]),
  }
}

/** The bindings type each function's arguments by its name, so each is encoded under its own. */
const VAULT_CALLDATA = {
  withdraw: (validator: string, amount: bigint) => assetManager.encodeFunctionData('withdraw', [validator, amount]),
  delegate: (validator: string, amount: bigint) => assetManager.encodeFunctionData('delegate', [validator, amount]),
  undelegate: (validator: string, amount: bigint) => assetManager.encodeFunctionData('undelegate', [validator, amount]),
}

/** AssetManager.withdraw, delegate or undelegate: KRO moved into or out of a validator's vault. */
export function vaultCall(connection: Connection, name: keyof typeof VAULT_CALLDATA, validator: string, amount: bigint): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: name,
    args: [
      { name: 'validator', value: validator },
      { name: 'assets', value: formatKro(amount, 18) },
    ],
    data: VAULT_CALLDATA[name](validator, amount),
  }
}

const tokenList = (ids: readonly bigint[]) => ids.map((id) => `#${id}`).join(', ')

/** Lets the AssetManager pull one KGH token (cleared when the token moves). */
export function kghApproveCall(connection: Connection, token: string, id: bigint): PlannedCall {
  return {
    contract: 'KGH',
    to: token,
    function: 'approve',
    args: [
      { name: 'to', value: `AssetManager ${connection.assetManager}` },
      { name: 'tokenId', value: `#${id}` },
    ],
    data: kgh.encodeFunctionData('approve', [connection.assetManager, id]),
  }
}

export function kghApprovalForAllCall(connection: Connection, token: string, approved: boolean): PlannedCall {
  return {
    contract: 'KGH',
    to: token,
    function: 'setApprovalForAll',
    args: [
      { name: 'operator', value: `AssetManager ${connection.assetManager}` },
      { name: 'approved', value: String(approved) },
    ],
    data: kgh.encodeFunctionData('setApprovalForAll', [connection.assetManager, approved]),
  }
}

const KGH_CALLDATA = {
  delegateKgh: (validator: string, id: bigint) => assetManager.encodeFunctionData('delegateKgh', [validator, id]),
  delegateKghBatch: (validator: string, ids: bigint[]) => assetManager.encodeFunctionData('delegateKghBatch', [validator, ids]),
  undelegateKgh: (validator: string, id: bigint) => assetManager.encodeFunctionData('undelegateKgh', [validator, id]),
  undelegateKghBatch: (validator: string, ids: bigint[]) => assetManager.encodeFunctionData('undelegateKghBatch', [validator, ids]),
}

/** delegateKgh or undelegateKgh for one token, their Batch form for several. */
function kghCall(connection: Connection, name: 'delegateKgh' | 'undelegateKgh', validator: string, ids: readonly bigint[]): PlannedCall {
  const [only] = ids
  const call = { contract: 'AssetManager', to: connection.assetManager } as const
  const args = [
    { name: 'validator', value: validator },
    { name: ids.length === 1 ? 'tokenId' : 'tokenIds', value: tokenList(ids) },
  ]
  return ids.length === 1 && only !== undefined
    ? { ...call, function: name, args, data: KGH_CALLDATA[name](validator, only) }
    : { ...call, function: `${name}Batch`, args, data: KGH_CALLDATA[`${name}Batch`](validator, [...ids]) }
}

/** Simulated after the approvals before it (`needsEarlierCalls`). */
export function delegateKghCall(connection: Connection, validator: string, ids: readonly bigint[], needsEarlierCalls: boolean): PlannedCall {
  return { ...kghCall(connection, 'delegateKgh', validator, ids), needsEarlierCalls }
}

export function undelegateKghCall(connection: Connection, validator: string, ids: readonly bigint[]): PlannedCall {
  return kghCall(connection, 'undelegateKgh', validator, ids)
}

export function claimKghRewardCall(connection: Connection, validator: string): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: 'claimKghReward',
    args: [{ name: 'validator', value: validator }],
    data: assetManager.encodeFunctionData('claimKghReward', [validator]),
  }
}
