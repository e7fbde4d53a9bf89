import { shortAddress } from '../address.js'
import type { RpcSender } from '../chain/json-rpc.js'
import { contractAt, readViews, viewCall, ViewCallFailed } from '../chain/view-call.js'
import { MULTICALL3_ADDRESS } from '../config/networks.js'
import type { Connection } from '../config/connection.js'
import { invalidInput } from '../errors.js'
import type { Snapshot } from '../validator/snapshot.js'

/**
 * The permanent withdraw account is the only address that can ever call AssetManager.withdraw
 * for the validator. The contract takes any non-zero address, so the CLI checks what it can:
 * one of the system's own contracts can never make that call, and another contract only if it
 * was built to (a Safe can).
 */

export interface WithdrawAccountFacts {
  /** The validator system's own contracts this run knows, by name. */
  systemContracts: Array<{ name: string; address: string }>
  /** Whether the address holds contract code (an EIP-7702 delegated account does not count). */
  hasCode: boolean
}

/** True for code that makes an address a contract; an EIP-7702 delegation designator (0xef0100…) stays an externally owned account. */
export function isContractCode(code: string): boolean {
  return code !== '0x' && !code.startsWith('0xef0100')
}

/**
 * Reads, at the snapshot's block and in one round trip, the code at `address` and the system
 * contracts the snapshot does not name (the KGH NFT and the L2OutputOracle). A deployment that
 * does not answer those views leaves them out: the others are still checked.
 */
export async function readWithdrawAccountFacts(
  provider: RpcSender,
  connection: Connection,
  snapshot: Snapshot,
  address: string,
): Promise<WithdrawAccountFacts> {
  const blockTag = `0x${snapshot.blockNumber.toString(16)}`
  const views = [
    viewCall(contractAt('AssetManager', connection.assetManager), 'KGH'),
    viewCall(contractAt('ValidatorManager', connection.validatorManager), 'L2_ORACLE'),
  ] as const
  const [code, read] = await Promise.all([
    provider.send('eth_getCode', [address, blockTag]) as Promise<string>,
    readViews(provider, views, blockTag).then(
      ([kgh, l2Oracle]) => [
        { name: 'the KGH NFT', address: kgh },
        { name: 'the L2OutputOracle', address: l2Oracle },
      ],
      (error: unknown) => {
        if (error instanceof ViewCallFailed) return []
        throw error
      },
    ),
  ])
  return {
    systemContracts: [
      { name: 'the KRO token', address: snapshot.params.kroToken },
      { name: 'the AssetManager', address: connection.assetManager },
      { name: 'the ValidatorManager', address: connection.validatorManager },
      { name: 'Multicall3', address: MULTICALL3_ADDRESS },
      ...read,
    ],
    hasCode: isContractCode(code),
  }
}

/**
 * Refuses a withdraw account that could never withdraw (exit 2): one of the system's contracts
 * outright, any other contract unless `allowContract`. Returns the notice for an allowed contract.
 */
export function checkWithdrawAccount(address: string, facts: WithdrawAccountFacts, allowContract: boolean): string[] {
  const system = facts.systemContracts.find((contract) => contract.address.toLowerCase() === address.toLowerCase())
  if (system) {
    throw invalidInput(
      'SYSTEM_CONTRACT_WITHDRAW_ACCOUNT',
      `The withdraw account ${address} is ${system.name}, one of the validator system's own contracts: it can never call AssetManager.withdraw, so the KRO could never be withdrawn.`,
      ['Pass the address of a hardware wallet or a multisig (e.g. a Safe) you control.'],
    )
  }
  if (!facts.hasCode) return []
  if (!allowContract) {
    throw invalidInput(
      'CONTRACT_WITHDRAW_ACCOUNT',
      `The withdraw account ${address} is a contract: only it can ever withdraw, and only if it can call AssetManager.withdraw. The withdraw account cannot be changed later.`,
      [
        'For a Safe or another contract built to make that call, add --allow-contract-withdraw-account (required even with --yes).',
        'Otherwise pass the address of a hardware wallet you control.',
      ],
    )
  }
  return [
    `The withdraw account ${shortAddress(address)} is a contract: it must be able to call AssetManager.withdraw(validator, amount) (a Safe can, through a transaction of its owners); if it cannot, this validator's KRO can never be withdrawn.`,
  ]
}
