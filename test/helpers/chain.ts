// A local chain with the validator system deployed, plus helpers that put validators into
// any state quickly by talking to the contracts directly with ethers.
import { Interface, Wallet, isHexString, type ContractRunner, type ContractTransactionResponse, type JsonRpcApiProvider, type TransactionReceipt } from 'ethers'
import * as cliAbis from '../../src/lib/chain/types/index.js'
import { anvilAccounts, startAnvil, type AnvilAccount, type AnvilOptions } from '../../src/lib/devnet/anvil.js'
import {
  createLocalProvider,
  deployValidatorSystem,
  type DeployedValidatorSystem,
  type ValidatorSystemAddresses,
  type ValidatorSystemParams,
} from '../../src/lib/devnet/deploy.js'
import {
  AssetManager__factory,
  KghToken__factory,
  KromaToken__factory,
  RegisterForwarder__factory,
  TestL2OutputOracle__factory,
  ValidatorManager__factory,
  type AssetManager,
  type KghToken,
  type KromaToken,
  type RegisterForwarder,
  type TestL2OutputOracle,
  type ValidatorManager,
} from './types/index.js'

// ------------------------------------------------------------------ typed contracts

type Address = string

/** The contracts of the validator system, typed by the bindings generated from artifacts/. */
export interface ContractsView {
  validatorManager: ValidatorManager
  assetManager: AssetManager
  kroToken: KromaToken
  kgh: KghToken
  l2OutputOracle: TestL2OutputOracle
}

// ------------------------------------------------------------------ revert decoding

/**
 * Decodes reverts with the CLI's own ABIs (the bindings generated from abis/*.json), so a decoded
 * name also proves the CLI can name it, plus the errors of the test-only contracts.
 */
const revertInterfaces: Interface[] = [
  cliAbis.ValidatorManager__factory.createInterface(),
  cliAbis.AssetManager__factory.createInterface(),
  cliAbis.ERC20__factory.createInterface(),
  cliAbis.KGH__factory.createInterface(),
  TestL2OutputOracle__factory.createInterface(),
  KromaToken__factory.createInterface(),
]

function findRevertData(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined
  if ('data' in error && typeof error.data === 'string' && isHexString(error.data)) return error.data
  for (const key of ['error', 'info', 'cause'] as const) {
    if (key in error) {
      const found = findRevertData((error as Record<string, unknown>)[key], depth + 1)
      if (found !== undefined) return found
    }
  }
  return undefined
}

export interface DecodedRevert {
  name: string
  args: readonly unknown[]
}

/** Decodes the custom error of a failed call or transaction; undefined when it has none. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const data = findRevertData(error)
  if (data === undefined || data.length < 10) return undefined
  for (const iface of revertInterfaces) {
    const parsed = iface.parseError(data)
    if (parsed) return { name: parsed.name, args: [...parsed.args] }
  }
  return undefined
}

/**
 * Awaits something that must revert and returns the decoded custom error. Throws when it
 * succeeds or fails without decodable revert data.
 */
export async function revertOf(action: Promise<unknown> | (() => Promise<unknown>)): Promise<DecodedRevert> {
  try {
    await (typeof action === 'function' ? action() : action)
  } catch (error) {
    const decoded = decodeRevert(error)
    if (decoded) return decoded
    throw new Error(`Reverted without a known custom error: ${String(error)}`, { cause: error })
  }
  throw new Error('Expected a revert, but the call succeeded')
}

// ------------------------------------------------------------------------ the chain

export const ValidatorStatus = {
  NONE: 0n,
  EXITED: 1n,
  REGISTERED: 2n,
  READY: 3n,
  INACTIVE: 4n,
  ACTIVE: 5n,
} as const

export interface StartTestChainOptions {
  /** Overrides of MAINNET_LIKE_PARAMS. */
  params?: Partial<ValidatorSystemParams>
  /** anvil options (chain id, block time, mnemonic, ...). */
  anvil?: AnvilOptions
  /** KRO (wei) minted to every anvil account. Default 1,000,000 KRO. */
  fundAmount?: bigint
  /** KRO (wei) minted to the reward vault. Default 10,000,000 KRO. */
  rewardVaultFunding?: bigint
  /** Deploy with a trusted validator other than the deployer. */
  trustedValidator?: Address
  /** Place Multicall3 at its canonical address. Default false: the CLI must need nothing but the validator system. */
  multicall3?: boolean
}

export interface TestChain {
  rpcUrl: string
  chainId: bigint
  addresses: ValidatorSystemAddresses
  params: ValidatorSystemParams
  deployment: DeployedValidatorSystem
  /** anvil's accounts with their private keys; accounts[0] deployed the contracts. */
  accounts: AnvilAccount[]
  provider: JsonRpcApiProvider
  /** Contracts connected to the provider, for reads. */
  contracts: ContractsView
  /** A wallet for a private key, connected to the provider. */
  wallet(privateKey: string): Wallet
  /** The contracts connected to a private key, for sending. */
  as(privateKey: string): ContractsView
  stop(): Promise<void>

  /** Moves the clock forward and mines a block with the new time. */
  increaseTime(seconds: number | bigint): Promise<void>
  latestTimestamp(): Promise<bigint>
  setAutomine(enabled: boolean): Promise<void>
  mine(blocks?: number): Promise<void>
  snapshot(): Promise<string>
  revert(snapshotId: string): Promise<void>

  mintKro(to: Address, amountWei: bigint): Promise<TransactionReceipt>
  /** Mints `count` KGH to `to`; returns their ids. */
  mintKgh(to: Address, count: number): Promise<bigint[]>
  kroBalance(address: Address): Promise<bigint>
  /** `validator` submits an output (bonds BOND_AMOUNT). Returns the new output index. */
  submitOutput(validator: Address): Promise<{ outputIndex: bigint; receipt: TransactionReceipt }>
  /** Finalizes all pending outputs: unbonds and pays rewards. */
  finalizeOutputs(): Promise<TransactionReceipt>
  /** `validator` misses `n` priority rounds (jailed at JAIL_THRESHOLD). */
  missRounds(validator: Address, n: number): Promise<TransactionReceipt[]>
  /** Soft-jails `validator` by missing JAIL_THRESHOLD rounds. */
  jail(validator: Address): Promise<TransactionReceipt>
  /** The pending output `outputIndex` loses a challenge: bond slashed, hard jail. */
  slash(outputIndex: bigint): Promise<TransactionReceipt>
  /** The slash of a pending output is reverted: the submitter's KRO comes back. */
  revertSlash(outputIndex: bigint): Promise<TransactionReceipt>

  /** approve + registerValidator signed by `privateKey`. Withdraw account defaults to the validator. */
  registerValidator(privateKey: string, amountWei: bigint, commissionRate: number, withdrawAccount?: Address): Promise<TransactionReceipt>
  /** approve + AssetManager.deposit signed by the validator's key. */
  deposit(privateKey: string, amountWei: bigint): Promise<TransactionReceipt>
  /** approve + AssetManager.delegate signed by the delegator's key. */
  delegate(fromKey: string, validator: Address, amountWei: bigint): Promise<TransactionReceipt>
  /** approve each token + delegateKgh (one id) or delegateKghBatch, signed by the delegator's key. */
  delegateKgh(fromKey: string, validator: Address, tokenIds: bigint[]): Promise<TransactionReceipt>
  /** AssetManager.withdraw signed by the withdraw account's key. */
  withdraw(withdrawKey: string, validator: Address, amountWei: bigint): Promise<TransactionReceipt>
}

async function mined(pending: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const response = await pending
  const receipt = await response.wait()
  if (receipt === null) throw new Error(`No receipt for ${response.hash}`)
  return receipt
}

/**
 * Starts anvil, deploys the validator system with mainnet-like params (overridable), funds
 * every anvil account with KRO; no Multicall3 unless asked for. Call stop() when done.
 */
export async function startTestChain(options: StartTestChainOptions = {}): Promise<TestChain> {
  const anvil = await startAnvil(options.anvil)
  try {
    return await setUp(anvil.rpcUrl, anvil.mnemonic, () => anvil.stop(), options)
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

async function setUp(rpcUrl: string, mnemonic: string, stopAnvil: () => Promise<void>, options: StartTestChainOptions): Promise<TestChain> {
  const provider = await createLocalProvider(rpcUrl)
  const accounts = anvilAccounts(mnemonic, options.anvil?.accounts)
  const deployerAccount = accounts[0]
  if (deployerAccount === undefined) throw new Error('anvil has no accounts')
  const deployer = new Wallet(deployerAccount.privateKey, provider)

  const deployment = await deployValidatorSystem(deployer, options.params, {
    fund: accounts.map((a) => a.address),
    fundAmount: options.fundAmount,
    rewardVaultFunding: options.rewardVaultFunding,
    trustedValidator: options.trustedValidator,
    placeMulticall3: options.multicall3 ?? false,
  })
  const { addresses } = deployment

  const contractsFor = (runner: ContractRunner): ContractsView => ({
    validatorManager: ValidatorManager__factory.connect(addresses.validatorManager, runner),
    assetManager: AssetManager__factory.connect(addresses.assetManager, runner),
    kroToken: KromaToken__factory.connect(addresses.kroToken, runner),
    kgh: KghToken__factory.connect(addresses.kgh, runner),
    l2OutputOracle: TestL2OutputOracle__factory.connect(addresses.l2OutputOracle, runner),
  })
  const wallet = (privateKey: string): Wallet => new Wallet(privateKey, provider)
  const as = (privateKey: string): ContractsView => contractsFor(wallet(privateKey))
  const contracts = contractsFor(provider)
  const admin = contractsFor(deployer)

  const approve = (privateKey: string, amountWei: bigint): Promise<TransactionReceipt> =>
    mined(as(privateKey).kroToken.approve(addresses.assetManager, amountWei))

  const chain: TestChain = {
    rpcUrl,
    chainId: deployment.chainId,
    addresses,
    params: deployment.params,
    deployment,
    accounts,
    provider,
    contracts,
    wallet,
    as,
    async stop() {
      provider.destroy()
      await stopAnvil()
    },

    async increaseTime(seconds) {
      await provider.send('evm_increaseTime', [Number(seconds)])
      await provider.send('evm_mine', [])
    },
    async latestTimestamp() {
      const block = await provider.getBlock('latest')
      if (block === null) throw new Error('No latest block')
      return BigInt(block.timestamp)
    },
    async setAutomine(enabled) {
      await provider.send('evm_setAutomine', [enabled])
    },
    async mine(blocks = 1) {
      await provider.send('anvil_mine', [blocks])
    },
    async snapshot() {
      const id: unknown = await provider.send('evm_snapshot', [])
      if (typeof id !== 'string') throw new Error('evm_snapshot returned no id')
      return id
    },
    async revert(snapshotId) {
      const ok: unknown = await provider.send('evm_revert', [snapshotId])
      if (ok !== true) throw new Error(`evm_revert(${snapshotId}) failed`)
    },

    mintKro: (to, amountWei) => mined(admin.kroToken.mint(to, amountWei)),
    kroBalance: (address) => contracts.kroToken.balanceOf(address),
    async mintKgh(to, count) {
      const first = await contracts.kgh.nextTokenId()
      await mined(admin.kgh.mint(to, BigInt(count)))
      return Array.from({ length: count }, (_, i) => first + BigInt(i))
    },
    async submitOutput(validator) {
      const receipt = await mined(admin.l2OutputOracle.submitOutput(validator))
      return { outputIndex: await contracts.l2OutputOracle.latestOutputIndex(), receipt }
    },
    finalizeOutputs: () => mined(admin.l2OutputOracle.finalizeOutputs()),
    async missRounds(validator, n) {
      const receipts: TransactionReceipt[] = []
      for (let i = 0; i < n; i++) receipts.push(await mined(admin.l2OutputOracle.missRound(validator)))
      return receipts
    },
    async jail(validator) {
      const threshold = Number(deployment.params.jailThreshold)
      const already = Number(await contracts.validatorManager.noSubmissionCount(validator))
      const receipts = await chain.missRounds(validator, Math.max(1, threshold - already))
      const last = receipts[receipts.length - 1]
      if (last === undefined) throw new Error('No round was missed')
      return last
    },
    slash: (outputIndex) => mined(admin.l2OutputOracle.slash(outputIndex)),
    revertSlash: (outputIndex) => mined(admin.l2OutputOracle.revertSlash(outputIndex)),

    async registerValidator(privateKey, amountWei, commissionRate, withdrawAccount) {
      await approve(privateKey, amountWei)
      const signer = wallet(privateKey)
      return mined(as(privateKey).validatorManager.registerValidator(amountWei, commissionRate, withdrawAccount ?? signer.address))
    },
    async deposit(privateKey, amountWei) {
      await approve(privateKey, amountWei)
      return mined(as(privateKey).assetManager.deposit(amountWei))
    },
    async delegate(fromKey, validator, amountWei) {
      await approve(fromKey, amountWei)
      return mined(as(fromKey).assetManager.delegate(validator, amountWei))
    },
    async delegateKgh(fromKey, validator, tokenIds) {
      const own = as(fromKey)
      for (const id of tokenIds) await mined(own.kgh.approve(addresses.assetManager, id))
      const [only] = tokenIds
      return mined(
        tokenIds.length === 1 && only !== undefined ? own.assetManager.delegateKgh(validator, only) : own.assetManager.delegateKghBatch(validator, tokenIds),
      )
    },
    withdraw: (withdrawKey, validator, amountWei) => mined(as(withdrawKey).assetManager.withdraw(validator, amountWei)),
  }
  return chain
}

/** Deploys the test-only contract that calls registerValidator from a contract. */
export async function deployRegisterForwarder(chain: TestChain, privateKey: string): Promise<RegisterForwarder> {
  const forwarder = await new RegisterForwarder__factory(chain.wallet(privateKey)).deploy()
  return forwarder.waitForDeployment()
}
