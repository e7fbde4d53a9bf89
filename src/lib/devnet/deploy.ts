// Deploys the local validator system (KRO, AssetManager, ValidatorManager, test output oracle,
// KGH)
// from the committed artifacts/ and places Multicall3 at its canonical address.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ContractFactory,
  Interface,
  JsonRpcApiProvider,
  concat,
  getAddress,
  getCreateAddress,
  parseUnits,
  type JsonFragment,
  type Provider,
  type Signer,
  type TransactionReceipt,
  type TransactionRequest,
  type TransactionResponse,
} from 'ethers'
import { ClientProvider } from '../chain/ethers-provider.js'
import { rpcCall } from '../chain/json-rpc.js'
import type { SystemParams } from '../validator/snapshot.js'
import { KghToken__factory, KromaToken__factory } from './types/index.js'

/** Canonical Multicall3 address on mainnet, Sepolia and most EVM chains. */
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11'

const KRO = (whole: number | string): bigint => parseUnits(String(whole), 18)

/** The immutables of the ValidatorManager and AssetManager, the snapshot's names for those it reads. Amounts in wei, times in seconds. */
export interface ValidatorSystemParams extends Pick<
  SystemParams,
  | 'minRegisterAmount'
  | 'minActivateAmount'
  | 'commissionChangeDelaySeconds'
  | 'softJailPeriodSeconds'
  | 'hardJailPeriodSeconds'
  | 'jailThreshold'
  | 'roundDurationSeconds'
  | 'baseReward'
  | 'bondAmount'
> {
  minDelegationPeriod: bigint
  maxOutputFinalizations: bigint
  mptFirstOutputIndex: bigint
}

/**
 * Ethereum mainnet values. MAX_OUTPUT_FINALIZATIONS and MPT_FIRST_OUTPUT_INDEX are ours:
 * index 0 is the test oracle's genesis output, which can't be challenged anyway.
 */
export const MAINNET_LIKE_PARAMS: Readonly<ValidatorSystemParams> = Object.freeze({
  minRegisterAmount: KRO(10_000),
  minActivateAmount: KRO(10_000),
  commissionChangeDelaySeconds: 1_209_600n,
  softJailPeriodSeconds: 259_200n,
  hardJailPeriodSeconds: 604_800n,
  jailThreshold: 2n,
  roundDurationSeconds: 1_800n,
  baseReward: KRO(400),
  bondAmount: KRO(5_000),
  minDelegationPeriod: 604_800n,
  maxOutputFinalizations: 10n,
  mptFirstOutputIndex: 0n,
})

/** Sepolia values: smaller amounts and shorter periods, handy for a devnet. */
export const SEPOLIA_LIKE_PARAMS: Readonly<ValidatorSystemParams> = Object.freeze({
  minRegisterAmount: KRO(100),
  minActivateAmount: KRO(100),
  commissionChangeDelaySeconds: 43_200n,
  softJailPeriodSeconds: 7_200n,
  hardJailPeriodSeconds: 21_600n,
  jailThreshold: 2n,
  roundDurationSeconds: 300n,
  baseReward: KRO(4),
  bondAmount: KRO(50),
  minDelegationPeriod: 21_600n,
  maxOutputFinalizations: 10n,
  mptFirstOutputIndex: 0n,
})

export interface DeployOptions {
  /** Accounts that receive `fundAmount` KRO each. */
  fund?: readonly string[]
  /** KRO (wei) minted to each funded account. Default 1,000,000 KRO. */
  fundAmount?: bigint
  /** KRO (wei) minted to the reward vault (the test oracle). Default 10,000,000 KRO. */
  rewardVaultFunding?: bigint
  /** TRUSTED_VALIDATOR (nextValidator when none is active). Default: the deployer. */
  trustedValidator?: string
  /** SECURITY_COUNCIL (receives slashed bonds). Default: the deployer. */
  securityCouncil?: string
  /** KGH NFTs minted to each funded account (consecutive ids from 1, in `fund` order). Default 3. */
  kghPerAccount?: number
  /** Put Multicall3 at its canonical address with anvil_setCode. Default true. */
  placeMulticall3?: boolean
  /**
   * ETH left in the V1 ValidatorPool by deposits made before it was terminated, each with as
   * many bonds already expired (unbond releases them back to the balance).
   */
  poolDeposits?: ReadonlyArray<{ account: string; amount: bigint; expiredBonds?: number }>
}

/**
 * The V1 ValidatorPool's settings: a bond of 0.2 ETH per output, and terminated from the start
 * (its last output is the oracle's genesis), as on mainnet and Sepolia since the V2 upgrade.
 */
export const VALIDATOR_POOL_PARAMS = Object.freeze({
  requiredBondAmount: parseUnits('0.2', 18),
  maxUnbond: 10n,
  terminateOutputIndex: 0n,
})

export interface ValidatorSystemAddresses {
  validatorManager: string
  assetManager: string
  kroToken: string
  l2OutputOracle: string
  multicall3: string
  /** The V1 ValidatorPool (ETH), terminated, with the balances of `poolDeposits`. */
  validatorPool: string
  /** The KGH ERC-721 (AssetManager.KGH()). */
  kgh: string
}

export interface DeployedValidatorSystem {
  addresses: ValidatorSystemAddresses
  params: ValidatorSystemParams
  deployer: string
  trustedValidator: string
  securityCouncil: string
  /** VALIDATOR_REWARD_VAULT: the test oracle, which holds the reward KRO. */
  validatorRewardVault: string
  chainId: bigint
  /** Block of the last deployment transaction. */
  blockNumber: number
}

// ------------------------------------------------------------------------- artifacts

export type ArtifactName =
  | 'KromaToken'
  | 'KghToken'
  | 'AssetManager'
  | 'ValidatorManager'
  | 'TestL2OutputOracle'
  | 'Multicall3'
  | 'RegisterForwarder'
  | 'ValidatorPool'
  | 'SafeLikeWallet'

export interface ContractArtifact {
  contractName: string
  abi: JsonFragment[]
  bytecode: string
  deployedBytecode: string
}

/**
 * The package's artifacts/ folder. This module runs from src/lib/devnet (tsx, vitest) or
 * dist/lib/devnet (after tsc), so walk up to the folder that has package.json.
 */
export function findArtifactsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'artifacts'))) {
      return join(dir, 'artifacts')
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new Error(
    'The artifacts/ folder of kroma-validator was not found next to its package.json; ' + 'run `node scripts/compile-contracts.mjs` in a checkout.',
  )
}

const artifactCache = new Map<ArtifactName, ContractArtifact>()

/** A compiled contract from artifacts/ (checked for shape, cached). */
export function loadArtifact(name: ArtifactName): ContractArtifact {
  const cached = artifactCache.get(name)
  if (cached) return cached

  const path = join(findArtifactsDir(), `${name}.json`)
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !('abi' in parsed) ||
    !Array.isArray(parsed.abi) ||
    !('bytecode' in parsed) ||
    typeof parsed.bytecode !== 'string' ||
    !('deployedBytecode' in parsed) ||
    typeof parsed.deployedBytecode !== 'string'
  ) {
    throw new Error(`${path} is not a contract artifact`)
  }
  const artifact: ContractArtifact = {
    contractName: name,
    abi: parsed.abi as JsonFragment[],
    bytecode: parsed.bytecode,
    deployedBytecode: parsed.deployedBytecode,
  }
  artifactCache.set(name, artifact)
  return artifact
}

// -------------------------------------------------------------------------- providers

/**
 * A provider for a local node, through the one JSON-RPC client. The network is fixed after one
 * eth_chainId so an unreachable node fails instead of retrying.
 */
export async function createLocalProvider(rpcUrl: string): Promise<JsonRpcApiProvider> {
  const chainId = await rpcCall(rpcUrl, 'eth_chainId', [], { timeoutMs: 10_000 })
  if (typeof chainId !== 'string') throw new Error(`${rpcUrl} did not answer eth_chainId`)
  return new ClientProvider(rpcUrl, BigInt(chainId), { timeoutMs: 30_000 })
}

/** Puts the Multicall3 runtime code at its canonical address (anvil/hardhat nodes only). */
export async function placeMulticall3(provider: JsonRpcApiProvider): Promise<string> {
  await provider.send('anvil_setCode', [MULTICALL3_ADDRESS, loadArtifact('Multicall3').deployedBytecode])
  return MULTICALL3_ADDRESS
}

// ---------------------------------------------------------------------------- deploy

async function waitOk(pending: Promise<TransactionResponse>, what: string): Promise<TransactionReceipt> {
  const response = await pending
  const receipt = await response.wait()
  if (receipt === null || receipt.status !== 1) throw new Error(`${what} failed (tx ${response.hash})`)
  return receipt
}

function deployRequest(name: ArtifactName, args: readonly unknown[], nonce: number): TransactionRequest {
  const artifact = loadArtifact(name)
  const factory = new ContractFactory(artifact.abi, artifact.bytecode)
  // Creation code followed by the ABI-encoded constructor arguments.
  return { data: concat([factory.bytecode, factory.interface.encodeDeploy(args)]), nonce }
}

/**
 * Deploys KRO, AssetManager, ValidatorManager, the test output oracle and KGH, funds accounts
 * with KRO and KGH and places Multicall3. `target` is an RPC URL (the node's first unlocked account deploys)
 * or a signer connected to a JSON-RPC provider. Unset params come from MAINNET_LIKE_PARAMS.
 *
 * The contracts reference each other, so their addresses are predicted from the deployer's
 * nonces and every transaction is sent with an explicit nonce.
 */
export async function deployValidatorSystem(
  target: string | Signer,
  params: Partial<ValidatorSystemParams> = {},
  options: DeployOptions = {},
): Promise<DeployedValidatorSystem> {
  const ownProvider = typeof target === 'string' ? await createLocalProvider(target) : undefined
  try {
    const signer = ownProvider ? await ownProvider.getSigner(0) : (target as Signer)
    const provider: Provider | null = signer.provider
    if (provider === null) throw new Error('The deployer signer has no provider')
    return await deployWith(signer, provider, { ...MAINNET_LIKE_PARAMS, ...params }, options)
  } finally {
    ownProvider?.destroy()
  }
}

async function deployWith(signer: Signer, provider: Provider, params: ValidatorSystemParams, options: DeployOptions): Promise<DeployedValidatorSystem> {
  const deployer = getAddress(await signer.getAddress())
  const trustedValidator = getAddress(options.trustedValidator ?? deployer)
  const securityCouncil = getAddress(options.securityCouncil ?? deployer)
  const kghPerAccount = options.kghPerAccount ?? 3
  const fund = (options.fund ?? []).map((a) => getAddress(a))
  const fundAmount = options.fundAmount ?? KRO(1_000_000)
  const rewardVaultFunding = options.rewardVaultFunding ?? KRO(10_000_000)
  const { chainId } = await provider.getNetwork()

  if (params.minRegisterAmount < params.bondAmount || params.minRegisterAmount > params.minActivateAmount) {
    throw new Error('Params need bondAmount <= minRegisterAmount <= minActivateAmount (the contract checks it too)')
  }

  const nonce = await provider.getTransactionCount(deployer, 'pending')
  const at = (offset: number): string => getCreateAddress({ from: deployer, nonce: nonce + offset })
  const addresses = {
    kroToken: at(0),
    assetManager: at(1),
    validatorManager: at(2),
    l2OutputOracle: at(3),
    kgh: at(4),
  }

  // KRO and the AssetManager call nothing at construction: send both, then wait.
  const kroTx = signer.sendTransaction(deployRequest('KromaToken', [], nonce))
  const amTx = signer.sendTransaction(
    deployRequest(
      'AssetManager',
      [
        addresses.kroToken,
        addresses.kgh,
        securityCouncil,
        addresses.l2OutputOracle, // VALIDATOR_REWARD_VAULT: the oracle holds the reward KRO
        addresses.validatorManager,
        params.minDelegationPeriod,
        params.bondAmount,
      ],
      nonce + 1,
    ),
  )
  await Promise.all([waitOk(kroTx, 'KromaToken deployment'), waitOk(amTx, 'AssetManager deployment')])

  // The ValidatorManager reads BOND_AMOUNT and the oracle approves KRO at construction, so
  // both wait for the first batch to be mined (gas estimation runs against mined state).
  const vmTx = signer.sendTransaction(
    deployRequest(
      'ValidatorManager',
      [
        {
          l2Oracle: addresses.l2OutputOracle,
          assetManager: addresses.assetManager,
          trustedValidator,
          minRegisterAmount: params.minRegisterAmount,
          minActivateAmount: params.minActivateAmount,
          commissionChangeDelaySeconds: params.commissionChangeDelaySeconds,
          roundDurationSeconds: params.roundDurationSeconds,
          softJailPeriodSeconds: params.softJailPeriodSeconds,
          hardJailPeriodSeconds: params.hardJailPeriodSeconds,
          jailThreshold: params.jailThreshold,
          maxOutputFinalizations: params.maxOutputFinalizations,
          baseReward: params.baseReward,
          mptFirstOutputIndex: params.mptFirstOutputIndex,
        },
      ],
      nonce + 2,
    ),
  )
  const oracleTx = signer.sendTransaction(
    deployRequest('TestL2OutputOracle', [addresses.validatorManager, addresses.kroToken, addresses.assetManager], nonce + 3),
  )
  const kghTx = signer.sendTransaction(deployRequest('KghToken', [], nonce + 4))
  await Promise.all([waitOk(vmTx, 'ValidatorManager deployment'), waitOk(oracleTx, 'TestL2OutputOracle deployment'), waitOk(kghTx, 'KghToken deployment')])

  // Typed calldata (typechain bindings of artifacts/KromaToken.json).
  const kroInterface = KromaToken__factory.createInterface()
  const mints: Promise<TransactionReceipt>[] = []
  let next = nonce + 5
  if (fund.length > 0) {
    const data = kroInterface.encodeFunctionData('mintBatch', [fund, fundAmount])
    mints.push(waitOk(signer.sendTransaction({ to: addresses.kroToken, data, nonce: next++ }), 'KRO funding'))
  }
  if (rewardVaultFunding > 0n) {
    const data = kroInterface.encodeFunctionData('mint', [addresses.l2OutputOracle, rewardVaultFunding])
    mints.push(waitOk(signer.sendTransaction({ to: addresses.kroToken, data, nonce: next++ }), 'Reward vault funding'))
  }
  if (fund.length > 0 && kghPerAccount > 0) {
    const data = KghToken__factory.createInterface().encodeFunctionData('mintBatch', [fund, BigInt(kghPerAccount)])
    mints.push(waitOk(signer.sendTransaction({ to: addresses.kgh, data, nonce: next++ }), 'KGH minting'))
  }
  await Promise.all(mints)

  // The V1 ValidatorPool, then the balances and bonds it was left with.
  const validatorPool = getCreateAddress({ from: deployer, nonce: next })
  await waitOk(
    signer.sendTransaction(
      deployRequest(
        'ValidatorPool',
        [
          addresses.l2OutputOracle,
          trustedValidator,
          VALIDATOR_POOL_PARAMS.requiredBondAmount,
          VALIDATOR_POOL_PARAMS.maxUnbond,
          VALIDATOR_POOL_PARAMS.terminateOutputIndex,
        ],
        next++,
      ),
    ),
    'ValidatorPool deployment',
  )
  const poolInterface = new Interface(loadArtifact('ValidatorPool').abi)
  for (const { account, amount, expiredBonds = 0 } of options.poolDeposits ?? []) {
    const data = poolInterface.encodeFunctionData('testCredit', [getAddress(account)])
    await waitOk(signer.sendTransaction({ to: validatorPool, data, value: amount, nonce: next++ }), 'ValidatorPool deposit')
    for (let bond = 0; bond < expiredBonds; bond++) {
      // Expired at once: the bond can be unbonded from the next block.
      const bondData = poolInterface.encodeFunctionData('testCreateBond', [getAddress(account), 1n])
      await waitOk(signer.sendTransaction({ to: validatorPool, data: bondData, nonce: next++ }), 'ValidatorPool bond')
    }
  }

  let multicall3 = MULTICALL3_ADDRESS
  if (options.placeMulticall3 !== false) {
    if (!(provider instanceof JsonRpcApiProvider)) {
      throw new Error('Placing Multicall3 needs a JSON-RPC provider (anvil_setCode)')
    }
    multicall3 = await placeMulticall3(provider)
  }

  // A transaction sent from the deployer by someone else meanwhile would shift the nonces.
  for (const [name, address] of Object.entries({ ...addresses, validatorPool })) {
    if ((await provider.getCode(address)) === '0x') {
      throw new Error(`No code at the predicted ${name} address ${address}: was the deployer used concurrently?`)
    }
  }

  return {
    addresses: { ...addresses, multicall3, validatorPool },
    params: { ...params },
    deployer,
    trustedValidator,
    securityCouncil,
    validatorRewardVault: addresses.l2OutputOracle,
    chainId,
    blockNumber: await provider.getBlockNumber(),
  }
}
