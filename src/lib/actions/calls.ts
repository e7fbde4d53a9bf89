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

export function withdrawCall(connection: Connection, validator: string, amount: bigint): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: 'withdraw',
    args: [
      { name: 'validator', value: validator },
      { name: 'assets', value: formatKro(amount, 18) },
    ],
    data: assetManager.encodeFunctionData('withdraw', [validator, amount]),
  }
}

export function delegateCall(connection: Connection, validator: string, amount: bigint): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: 'delegate',
    args: [
      { name: 'validator', value: validator },
      { name: 'assets', value: formatKro(amount, 18) },
    ],
    data: assetManager.encodeFunctionData('delegate', [validator, amount]),
  }
}

export function undelegateCall(connection: Connection, validator: string, amount: bigint): PlannedCall {
  return {
    contract: 'AssetManager',
    to: connection.assetManager,
    function: 'undelegate',
    args: [
      { name: 'validator', value: validator },
      { name: 'assets', value: formatKro(amount, 18) },
    ],
    data: assetManager.encodeFunctionData('undelegate', [validator, amount]),
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

/** delegateKgh for one token, delegateKghBatch for several; simulated after the approvals before it. */
export function delegateKghCall(connection: Connection, validator: string, ids: readonly bigint[], needsEarlierCalls: boolean): PlannedCall {
  const [only] = ids
  const args = [
    { name: 'validator', value: validator },
    { name: ids.length === 1 ? 'tokenId' : 'tokenIds', value: tokenList(ids) },
  ]
  return ids.length === 1 && only !== undefined
    ? {
        contract: 'AssetManager',
        to: connection.assetManager,
        function: 'delegateKgh',
        args,
        data: assetManager.encodeFunctionData('delegateKgh', [validator, only]),
        needsEarlierCalls,
      }
    : {
        contract: 'AssetManager',
        to: connection.assetManager,
        function: 'delegateKghBatch',
        args,
        data: assetManager.encodeFunctionData('delegateKghBatch', [validator, [...ids]]),
        needsEarlierCalls,
      }
}

/** undelegateKgh for one token, undelegateKghBatch for several. */
export function undelegateKghCall(connection: Connection, validator: string, ids: readonly bigint[]): PlannedCall {
  const [only] = ids
  const args = [
    { name: 'validator', value: validator },
    { name: ids.length === 1 ? 'tokenId' : 'tokenIds', value: tokenList(ids) },
  ]
  return ids.length === 1 && only !== undefined
    ? {
        contract: 'AssetManager',
        to: connection.assetManager,
        function: 'undelegateKgh',
        args,
        data: assetManager.encodeFunctionData('undelegateKgh', [validator, only]),
      }
    : {
        contract: 'AssetManager',
        to: connection.assetManager,
        function: 'undelegateKghBatch',
        args,
        data: assetManager.encodeFunctionData('undelegateKghBatch', [validator, [...ids]]),
      }
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
