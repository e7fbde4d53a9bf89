// Drives the local validator system directly with ethers and checks the behaviour the CLI
// relies on: statuses, revert conditions (decoded with the CLI's ABIs), jail, commission
// change, bonding and rewards, delegation.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Wallet, ZeroAddress, parseUnits, type LogDescription, type TransactionReceipt } from 'ethers'
import { MAINNET_LIKE_PARAMS, MULTICALL3_ADDRESS } from '../../src/lib/devnet/deploy.js'
import { ValidatorStatus, deployRegisterForwarder, revertOf, startTestChain, type TestChain } from '../helpers/chain.js'
import { AssetManager__factory, ValidatorManager__factory as CliValidatorManager__factory } from '../../src/lib/chain/types/index.js'
import { Multicall3__factory, ValidatorManager__factory } from '../helpers/types/index.js'

const KRO = (whole: number | string): bigint => parseUnits(String(whole), 18)

// Events are decoded with the CLI's ABIs (its generated bindings), which is what the CLI will show.
const vmInterface = CliValidatorManager__factory.createInterface()
const amInterface = AssetManager__factory.createInterface()
const multicallInterface = Multicall3__factory.createInterface()

function eventsNamed(receipt: TransactionReceipt, name: string): LogDescription[] {
  const found: LogDescription[] = []
  for (const log of receipt.logs) {
    for (const iface of [vmInterface, amInterface]) {
      const parsed = iface.parseLog({ topics: [...log.topics], data: log.data })
      if (parsed?.name === name) found.push(parsed)
    }
  }
  return found
}

function onlyEvent(receipt: TransactionReceipt, name: string): LogDescription {
  const events = eventsNamed(receipt, name)
  expect(events, `${name} events`).toHaveLength(1)
  const event = events[0]
  if (event === undefined) throw new Error(`no ${name}`)
  return event
}

async function blockTime(chain: TestChain, receipt: TransactionReceipt): Promise<bigint> {
  const block = await chain.provider.getBlock(receipt.blockNumber)
  if (block === null) throw new Error('block not found')
  return BigInt(block.timestamp)
}

function account(chain: TestChain, index: number): { address: string; privateKey: string } {
  const found = chain.accounts[index]
  if (found === undefined) throw new Error(`no account ${index}`)
  return found
}

// ------------------------------------------------------------------ mainnet-like params

describe('validator system with mainnet-like params', () => {
  let chain: TestChain
  let snapshot: string
  const P = MAINNET_LIKE_PARAMS

  beforeAll(async () => {
    // With Multicall3, for the test of reads through it (the CLI itself needs none).
    chain = await startTestChain({ multicall3: true })
  })
  afterAll(async () => {
    await chain?.stop()
  })
  // Every test starts from the freshly deployed state.
  beforeEach(async () => {
    snapshot = await chain.snapshot()
  })
  afterEach(async () => {
    await chain.revert(snapshot)
  })

  const vm = (): TestChain['contracts']['validatorManager'] => chain.contracts.validatorManager
  const am = (): TestChain['contracts']['assetManager'] => chain.contracts.assetManager

  it('deploys with the requested parameters, funds accounts and places Multicall3', async () => {
    expect(await vm().MIN_REGISTER_AMOUNT()).toBe(P.minRegisterAmount)
    expect(await vm().MIN_ACTIVATE_AMOUNT()).toBe(P.minActivateAmount)
    expect(await vm().COMMISSION_CHANGE_DELAY_SECONDS()).toBe(1_209_600n)
    expect(await vm().SOFT_JAIL_PERIOD_SECONDS()).toBe(259_200n)
    expect(await vm().HARD_JAIL_PERIOD_SECONDS()).toBe(604_800n)
    expect(await vm().JAIL_THRESHOLD()).toBe(2n)
    expect(await vm().ROUND_DURATION_SECONDS()).toBe(1_800n)
    expect(await vm().BASE_REWARD()).toBe(KRO(400))
    expect(await vm().COMMISSION_RATE_DENOM()).toBe(100n)
    expect(await vm().MAX_OUTPUT_FINALIZATIONS()).toBe(P.maxOutputFinalizations)
    expect(await vm().MPT_FIRST_OUTPUT_INDEX()).toBe(P.mptFirstOutputIndex)
    expect(await vm().L2_ORACLE()).toBe(chain.addresses.l2OutputOracle)
    expect(await vm().ASSET_MANAGER()).toBe(chain.addresses.assetManager)
    expect(await vm().TRUSTED_VALIDATOR()).toBe(account(chain, 0).address)
    expect(await vm().version()).toMatch(/^\d+\.\d+\.\d+/)

    expect(await am().BOND_AMOUNT()).toBe(KRO(5_000))
    expect(await am().MIN_DELEGATION_PERIOD()).toBe(604_800n)
    expect(await am().ASSET_TOKEN()).toBe(chain.addresses.kroToken)
    expect(await am().VALIDATOR_MANAGER()).toBe(chain.addresses.validatorManager)
    expect(await am().VALIDATOR_REWARD_VAULT()).toBe(chain.addresses.l2OutputOracle)
    expect(await am().SECURITY_COUNCIL()).toBe(account(chain, 0).address)
    expect(await am().KGH()).toBe(chain.addresses.kgh)

    expect(await chain.contracts.kroToken.decimals()).toBe(18n)
    expect(await chain.contracts.kroToken.symbol()).toBe('KRO')
    for (const a of chain.accounts) expect(await chain.kroBalance(a.address)).toBe(KRO(1_000_000))
    expect(await chain.kroBalance(chain.addresses.l2OutputOracle)).toBe(KRO(10_000_000))

    // Nobody is active: the trusted validator has priority.
    expect(await vm().activatedValidatorCount()).toBe(0n)
    expect(await vm().activatedValidatorTotalWeight()).toBe(0n)
    expect(await vm().nextValidator()).toBe(account(chain, 0).address)
  })

  it('serves reads through Multicall3 at the canonical address', async () => {
    expect(chain.addresses.multicall3).toBe(MULTICALL3_ADDRESS)
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)

    const calls = [
      { target: chain.addresses.validatorManager, allowFailure: false, callData: vmInterface.encodeFunctionData('getStatus', [v.address]) },
      { target: chain.addresses.assetManager, allowFailure: false, callData: amInterface.encodeFunctionData('totalValidatorKro', [v.address]) },
      // A reverting call, allowed to fail, must not spoil the batch.
      { target: chain.addresses.assetManager, allowFailure: true, callData: amInterface.encodeFunctionData('withdraw', [v.address, 1n]) },
      { target: MULTICALL3_ADDRESS, allowFailure: false, callData: multicallInterface.encodeFunctionData('getChainId') },
    ]
    const results = await Multicall3__factory.connect(MULTICALL3_ADDRESS, chain.provider).aggregate3.staticCall(calls)
    expect(results.map((r) => r.success)).toEqual([true, true, false, true])
    expect(vmInterface.decodeFunctionResult('getStatus', results[0]?.returnData ?? '0x')[0]).toBe(ValidatorStatus.ACTIVE)
    expect(amInterface.decodeFunctionResult('totalValidatorKro', results[1]?.returnData ?? '0x')[0]).toBe(KRO(10_000))
    expect(amInterface.parseError(results[2]?.returnData ?? '0x')?.name).toBe('NotAllowedCaller')
    expect(BigInt(results[3]?.returnData ?? '0x0')).toBe(chain.chainId)
  })

  it('registers with MIN_ACTIVATE_AMOUNT: pulls KRO and activates at once (NONE -> ACTIVE)', async () => {
    const v = account(chain, 1)
    const withdrawAccount = account(chain, 2).address
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.NONE)
    const before = await chain.kroBalance(v.address)

    const receipt = await chain.registerValidator(v.privateKey, KRO(10_000), 10, withdrawAccount)

    const registered = onlyEvent(receipt, 'ValidatorRegistered')
    expect(registered.args.toArray()).toEqual([v.address, true, 10n, KRO(10_000)])
    expect(onlyEvent(receipt, 'ValidatorActivated').args[0]).toBe(v.address)
    expect(onlyEvent(receipt, 'Deposited').args.toArray()).toEqual([v.address, KRO(10_000)])

    expect(await chain.kroBalance(v.address)).toBe(before - KRO(10_000))
    expect(await chain.kroBalance(chain.addresses.assetManager)).toBe(KRO(10_000))
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
    expect(await vm().isActive(v.address)).toBe(true)
    expect(await vm().getCommissionRate(v.address)).toBe(10n)
    expect(await vm().getWeight(v.address)).toBe(KRO(10_000))
    expect(await vm().activatedValidatorCount()).toBe(1n)
    expect(await vm().activatedValidatorTotalWeight()).toBe(KRO(10_000))
    expect(await vm().nextValidator()).toBe(v.address)
    expect(await am().getWithdrawAccount(v.address)).toBe(withdrawAccount)
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(10_000))
    expect(await am().totalValidatorKroNotBonded(v.address)).toBe(KRO(10_000))
    expect(await am().reflectiveWeight(v.address)).toBe(KRO(10_000))
    expect(await am().canWithdrawAt(v.address)).toBe((await blockTime(chain, receipt)) + P.minDelegationPeriod)
    expect(await vm().jailExpiresAt(v.address)).toBe(0n)
    expect(await vm().inJail(v.address)).toBe(false)
  })

  it('accepts a 100 % commission and rejects 101 % (MaxCommissionRateExceeded)', async () => {
    const v = account(chain, 1)
    expect((await revertOf(chain.registerValidator(v.privateKey, KRO(10_000), 101))).name).toBe('MaxCommissionRateExceeded')
    await chain.registerValidator(v.privateKey, KRO(10_000), 100)
    expect(await vm().getCommissionRate(v.address)).toBe(100n)
  })

  it('rejects registrations per the revert table', async () => {
    const v = account(chain, 1)
    const asV = chain.as(v.privateKey)

    // ERC-20 errors come from the token and bubble up unchanged.
    const noAllowance = await revertOf(asV.validatorManager.registerValidator(KRO(10_000), 10, v.address))
    expect(noAllowance.name).toBe('ERC20InsufficientAllowance')
    expect(noAllowance.args).toEqual([chain.addresses.assetManager, 0n, KRO(10_000)])

    expect((await revertOf(chain.registerValidator(v.privateKey, KRO(10_000) - 1n, 10))).name).toBe('InsufficientAsset')
    expect((await revertOf(chain.registerValidator(v.privateKey, KRO(10_000), 10, ZeroAddress))).name).toBe('ZeroAddress')

    // Approved but without the KRO.
    const poor = Wallet.createRandom().connect(chain.provider)
    await chain.provider.send('anvil_setBalance', [poor.address, '0xDE0B6B3A7640000'])
    const noBalance = await revertOf(chain.registerValidator(poor.privateKey, KRO(10_000), 10))
    expect(noBalance.name).toBe('ERC20InsufficientBalance')
    expect(noBalance.args).toEqual([poor.address, 0n, KRO(10_000)])

    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(chain.registerValidator(v.privateKey, KRO(10_000), 10))).name).toBe('ImproperValidatorStatus')
  })

  it('rejects registerValidator sent by a contract (NotAllowedCaller)', async () => {
    const sender = account(chain, 3)
    const forwarder = await deployRegisterForwarder(chain, sender.privateKey)
    const error = await revertOf(forwarder.registerValidator(chain.addresses.validatorManager, KRO(10_000), 10, sender.address))
    expect(error.name).toBe('NotAllowedCaller')
  })

  it('rejects activateValidator unless READY and not jailed (ImproperValidatorStatus)', async () => {
    const v = account(chain, 1)
    const asV = chain.as(v.privateKey)
    expect((await revertOf(asV.validatorManager.activateValidator())).name).toBe('ImproperValidatorStatus')
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    // Already ACTIVE.
    expect((await revertOf(asV.validatorManager.activateValidator())).name).toBe('ImproperValidatorStatus')
    await chain.jail(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.READY)
    // READY, but jailed.
    expect((await revertOf(asV.validatorManager.activateValidator())).name).toBe('ImproperValidatorStatus')
  })

  it('deposits more KRO: adds weight, restarts the withdrawal clock, rejects 0 and NONE', async () => {
    const v = account(chain, 1)
    const stranger = account(chain, 4)
    expect((await revertOf(chain.deposit(stranger.privateKey, KRO(1)))).name).toBe('ImproperValidatorStatus')

    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(chain.as(v.privateKey).assetManager.deposit(0n))).name).toBe('NotAllowedZeroInput')

    await chain.increaseTime(1_000)
    const receipt = await chain.deposit(v.privateKey, KRO(2_500))
    expect(onlyEvent(receipt, 'Deposited').args.toArray()).toEqual([v.address, KRO(2_500)])
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(12_500))
    expect(await vm().getWeight(v.address)).toBe(KRO(12_500))
    expect(await vm().activatedValidatorTotalWeight()).toBe(KRO(12_500))
    expect(await am().canWithdrawAt(v.address)).toBe((await blockTime(chain, receipt)) + P.minDelegationPeriod)
  })

  it('withdraws to the withdraw account after MIN_DELEGATION_PERIOD, per the revert table', async () => {
    const v = account(chain, 1)
    const w = account(chain, 2)
    await chain.registerValidator(v.privateKey, KRO(20_000), 10, w.address)
    await chain.submitOutput(v.address) // bonds 5,000

    // Sent by the validator, not its withdraw account.
    expect((await revertOf(chain.withdraw(v.privateKey, v.address, KRO(1)))).name).toBe('NotAllowedCaller')
    expect((await revertOf(chain.withdraw(w.privateKey, v.address, 0n))).name).toBe('NotAllowedZeroInput')
    expect((await revertOf(chain.withdraw(w.privateKey, v.address, KRO(1)))).name).toBe('NotElapsedMinDelegationPeriod')

    await chain.increaseTime(P.minDelegationPeriod)
    // Only the 15,000 not bonded can leave.
    expect((await revertOf(chain.withdraw(w.privateKey, v.address, KRO(15_000) + 1n))).name).toBe('InsufficientAsset')
    const before = await chain.kroBalance(w.address)
    const receipt = await chain.withdraw(w.privateKey, v.address, KRO(4_000))
    expect(onlyEvent(receipt, 'Withdrawn').args.toArray()).toEqual([v.address, KRO(4_000)])
    expect(await chain.kroBalance(w.address)).toBe(before + KRO(4_000))
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(16_000))
    expect(await vm().getWeight(v.address)).toBe(KRO(16_000))
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
  })

  it('withdraws all own KRO not bonded: the validator leaves the tree (ACTIVE -> EXITED)', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    await chain.increaseTime(P.minDelegationPeriod)
    const receipt = await chain.withdraw(v.privateKey, v.address, KRO(10_000))
    expect(onlyEvent(receipt, 'ValidatorStopped').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.EXITED)
    expect(await vm().getWeight(v.address)).toBe(0n)
    expect(await vm().activatedValidatorCount()).toBe(0n)
    // EXITED is not NONE: registering again is refused, depositing is allowed.
    expect((await revertOf(chain.registerValidator(v.privateKey, KRO(10_000), 10))).name).toBe('ImproperValidatorStatus')
    const deposit = await chain.deposit(v.privateKey, KRO(10_000))
    // The deposit made it READY and it is not jailed: activated automatically.
    expect(onlyEvent(deposit, 'ValidatorActivated').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
  })

  it('changes the commission in two steps with COMMISSION_CHANGE_DELAY_SECONDS', async () => {
    const v = account(chain, 1)
    const asV = chain.as(v.privateKey).validatorManager
    const delay = P.commissionChangeDelaySeconds

    expect((await revertOf(asV.initCommissionChange(5))).name).toBe('ImproperValidatorStatus')
    expect((await revertOf(asV.finalizeCommissionChange())).name).toBe('ImproperValidatorStatus')

    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    // Nothing pending: the documented value is the bare delay.
    expect(await vm().canFinalizeCommissionChangeAt(v.address)).toBe(delay)
    expect(await vm().getPendingCommissionRate(v.address)).toBe(0n)
    expect((await revertOf(asV.finalizeCommissionChange())).name).toBe('NotInitiatedCommissionChange')
    expect((await revertOf(asV.initCommissionChange(101))).name).toBe('MaxCommissionRateExceeded')
    expect((await revertOf(asV.initCommissionChange(10))).name).toBe('SameCommissionRate')

    const init = await (await asV.initCommissionChange(0)).wait()
    if (init === null) throw new Error('no receipt')
    expect(onlyEvent(init, 'ValidatorCommissionChangeInitiated').args.toArray()).toEqual([v.address, 10n, 0n])
    const readyAt = (await blockTime(chain, init)) + delay
    expect(await vm().canFinalizeCommissionChangeAt(v.address)).toBe(readyAt)
    expect(await vm().getPendingCommissionRate(v.address)).toBe(0n)
    expect(await vm().getCommissionRate(v.address)).toBe(10n)

    expect((await revertOf(asV.finalizeCommissionChange())).name).toBe('NotElapsedCommissionChangeDelay')
    await chain.increaseTime(delay)
    const done = await (await asV.finalizeCommissionChange()).wait()
    if (done === null) throw new Error('no receipt')
    expect(onlyEvent(done, 'ValidatorCommissionChangeFinalized').args.toArray()).toEqual([v.address, 10n, 0n])
    expect(await vm().getCommissionRate(v.address)).toBe(0n)
    expect(await vm().canFinalizeCommissionChangeAt(v.address)).toBe(delay)
    expect((await revertOf(asV.finalizeCommissionChange())).name).toBe('NotInitiatedCommissionChange')
  })

  it('refuses commission changes while jailed', async () => {
    const v = account(chain, 1)
    const asV = chain.as(v.privateKey).validatorManager
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    await (await asV.initCommissionChange(20)).wait()
    await chain.jail(v.address)
    expect((await revertOf(asV.initCommissionChange(30))).name).toBe('ImproperValidatorStatus')
    await chain.increaseTime(P.commissionChangeDelaySeconds)
    expect((await revertOf(asV.finalizeCommissionChange())).name).toBe('ImproperValidatorStatus')
  })

  it('jails after JAIL_THRESHOLD missed rounds, unjails after SOFT_JAIL_PERIOD_SECONDS', async () => {
    const v = account(chain, 1)
    const asV = chain.as(v.privateKey).validatorManager
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(asV.tryUnjail())).name).toBe('ImproperValidatorStatus')

    const [first] = await chain.missRounds(v.address, 1)
    expect(first && eventsNamed(first, 'ValidatorJailed')).toHaveLength(0)
    expect(await vm().noSubmissionCount(v.address)).toBe(1n)
    expect(await vm().inJail(v.address)).toBe(false)

    const jailed = await chain.jail(v.address)
    const expiresAt = (await blockTime(chain, jailed)) + P.softJailPeriodSeconds
    expect(onlyEvent(jailed, 'ValidatorJailed').args.toArray()).toEqual([v.address, expiresAt])
    expect(onlyEvent(jailed, 'ValidatorStopped').args[0]).toBe(v.address)
    expect(await vm().noSubmissionCount(v.address)).toBe(2n)
    expect(await vm().inJail(v.address)).toBe(true)
    expect(await vm().jailExpiresAt(v.address)).toBe(expiresAt)
    // Out of the tree: READY (weight still >= MIN_ACTIVATE), weight 0, trusted validator next.
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.READY)
    expect(await vm().isActive(v.address)).toBe(false)
    expect(await vm().getWeight(v.address)).toBe(0n)
    expect(await vm().activatedValidatorCount()).toBe(0n)
    expect(await vm().nextValidator()).toBe(account(chain, 0).address)
    // A jailed validator can't submit, nor be jailed again by missed rounds.
    expect((await revertOf(chain.submitOutput(v.address))).name).toBe('ImproperValidatorStatus')
    expect((await revertOf(chain.missRounds(v.address, 1))).name).toBe('ImproperValidatorStatus')

    expect((await revertOf(asV.tryUnjail())).name).toBe('NotElapsedJailPeriod')
    await chain.increaseTime(P.softJailPeriodSeconds)
    // Still jailed until tryUnjail succeeds.
    expect(await vm().inJail(v.address)).toBe(true)
    const unjail = await (await asV.tryUnjail()).wait()
    if (unjail === null) throw new Error('no receipt')
    expect(onlyEvent(unjail, 'ValidatorUnjailed').args[0]).toBe(v.address)
    expect(onlyEvent(unjail, 'ValidatorActivated').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
    expect(await vm().inJail(v.address)).toBe(false)
    expect(await vm().jailExpiresAt(v.address)).toBe(0n)
    expect(await vm().noSubmissionCount(v.address)).toBe(0n)
  })

  it('resets noSubmissionCount when the validator submits', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    await chain.missRounds(v.address, 1)
    expect(await vm().noSubmissionCount(v.address)).toBe(1n)
    await chain.submitOutput(v.address)
    expect(await vm().noSubmissionCount(v.address)).toBe(0n)
  })

  it('refuses withdrawals while the jail has not expired (ImproperValidatorStatus)', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(20_000), 10)
    await chain.increaseTime(P.minDelegationPeriod)
    await chain.jail(v.address)
    expect((await revertOf(chain.withdraw(v.privateKey, v.address, KRO(1)))).name).toBe('ImproperValidatorStatus')
    // After expiry (even before tryUnjail) the KRO can leave.
    await chain.increaseTime(P.softJailPeriodSeconds)
    await chain.withdraw(v.privateKey, v.address, KRO(1))
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(20_000) - KRO(1))
  })

  it('bonds BOND_AMOUNT per output, unbonds and pays rewards on finalization', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)

    const first = await chain.submitOutput(v.address)
    expect(first.outputIndex).toBe(1n) // 0 is the genesis output
    expect(onlyEvent(first.receipt, 'ValidatorKroBonded').args.toArray()).toEqual([v.address, KRO(5_000), KRO(5_000)])
    const second = await chain.submitOutput(v.address)
    expect(onlyEvent(second.receipt, 'ValidatorKroBonded').args.toArray()).toEqual([v.address, KRO(5_000), 0n])
    expect(await am().totalValidatorKroBonded(v.address)).toBe(KRO(10_000))
    expect(await am().totalValidatorKroNotBonded(v.address)).toBe(0n)
    // Nothing left to bond.
    expect((await revertOf(chain.submitOutput(v.address))).name).toBe('InsufficientAsset')

    const vaultBefore = await chain.kroBalance(chain.addresses.l2OutputOracle)
    const receipt = await chain.finalizeOutputs()

    const unbonded = eventsNamed(receipt, 'ValidatorKroUnbonded')
    expect(unbonded).toHaveLength(2)
    const rewards = eventsNamed(receipt, 'RewardDistributed')
    // 10 % commission of 400 KRO to the validator, the rest to its delegators.
    expect(rewards.map((e): unknown[] => e.args.toArray())).toEqual([
      [1n, v.address, KRO(40), KRO(360), 0n],
      [2n, v.address, KRO(40), KRO(360), 0n],
    ])
    expect(unbonded[1]?.args.toArray()).toEqual([v.address, KRO(5_000), KRO(10_080)])

    expect(await am().totalValidatorKroBonded(v.address)).toBe(0n)
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(10_080))
    expect(await am().totalKroAssets(v.address)).toBe(KRO(720))
    expect(await am().reflectiveWeight(v.address)).toBe(KRO(10_800))
    expect(await vm().getWeight(v.address)).toBe(KRO(10_800))
    expect(await chain.kroBalance(chain.addresses.l2OutputOracle)).toBe(vaultBefore - KRO(800))

    // Finalizing again has nothing to do.
    const again = await chain.finalizeOutputs()
    expect(eventsNamed(again, 'RewardDistributed')).toHaveLength(0)
  })

  it('boosts rewards with KGH', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 50)
    const holder = account(chain, 5)
    const ids = await chain.mintKgh(holder.address, 25)
    await (await chain.as(holder.privateKey).kgh.setApprovalForAll(chain.addresses.assetManager, true)).wait()
    await (await chain.as(holder.privateKey).assetManager.delegateKghBatch(v.address, ids)).wait()
    expect(await am().totalKghNum(v.address)).toBe(25n)
    await chain.submitOutput(v.address)
    const receipt = await chain.finalizeOutputs()
    const [reward] = eventsNamed(receipt, 'RewardDistributed')
    // Boost = 40 % of BASE_REWARD * 25 / (25 + 100) = 32 KRO, split 50/50 with delegators.
    expect(reward?.args.toArray()).toEqual([1n, v.address, KRO(216), KRO(200), KRO(16)])
  })

  it('rejects outputs from validators that are not ACTIVE', async () => {
    const stranger = account(chain, 6)
    expect((await revertOf(chain.submitOutput(stranger.address))).name).toBe('ImproperValidatorStatus')
    expect((await revertOf(chain.missRounds(stranger.address, 1))).name).toBe('ImproperValidatorStatus')
  })

  it('counts delegated KRO in the weight', async () => {
    const v = account(chain, 1)
    const d = account(chain, 7)
    expect((await revertOf(chain.delegate(d.privateKey, v.address, KRO(1)))).name).toBe('ImproperValidatorStatus')
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(chain.as(d.privateKey).assetManager.delegate(v.address, 0n))).name).toBe('NotAllowedZeroInput')

    const before = await chain.kroBalance(d.address)
    await chain.delegate(d.privateKey, v.address, KRO(30_000))
    expect(await chain.kroBalance(d.address)).toBe(before - KRO(30_000))
    expect(await am().totalKroAssets(v.address)).toBe(KRO(30_000))
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(10_000))
    expect(await am().reflectiveWeight(v.address)).toBe(KRO(40_000))
    expect(await vm().getWeight(v.address)).toBe(KRO(40_000))
    expect(await vm().activatedValidatorTotalWeight()).toBe(KRO(40_000))
    expect(await am().getKroAssets(v.address, d.address)).toBe(KRO(30_000))
  })

  it('chooses the next validator among the active ones, weighted by their weight', async () => {
    const a = account(chain, 1)
    const b = account(chain, 2)
    await chain.registerValidator(a.privateKey, KRO(10_000), 10)
    await chain.registerValidator(b.privateKey, KRO(30_000), 10)
    expect(await vm().activatedValidatorCount()).toBe(2n)
    expect(await vm().activatedValidatorTotalWeight()).toBe(KRO(40_000))
    for (let i = 0; i < 5; i++) {
      expect([a.address, b.address]).toContain(await vm().nextValidator())
      await chain.mine()
    }
    // Once one leaves the tree, the other is always chosen.
    await chain.jail(b.address)
    for (let i = 0; i < 5; i++) {
      expect(await vm().nextValidator()).toBe(a.address)
      await chain.mine()
    }
  })

  it('slashes the bond of an output that lost a challenge and hard-jails its submitter', async () => {
    const v = account(chain, 1)
    const council = account(chain, 0).address
    await chain.registerValidator(v.privateKey, KRO(20_000), 10)
    const { outputIndex } = await chain.submitOutput(v.address)
    const councilBefore = await chain.kroBalance(council)

    const receipt = await chain.slash(outputIndex)
    expect(onlyEvent(receipt, 'Slashed').args.toArray()).toEqual([outputIndex, v.address, KRO(5_000)])
    const expiresAt = (await blockTime(chain, receipt)) + P.hardJailPeriodSeconds
    expect(onlyEvent(receipt, 'ValidatorJailed').args.toArray()).toEqual([v.address, expiresAt])
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(15_000))
    expect(await am().totalValidatorKroBonded(v.address)).toBe(0n)
    // The slashed KRO waits for the output's finalization, then goes to the challenger (the
    // caller of slash: here the deployer, who is also the security council).
    expect(await chain.kroBalance(council)).toBe(councilBefore)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.READY)

    // The slashed output is never rewarded.
    const finalized = await chain.finalizeOutputs()
    expect(eventsNamed(finalized, 'RewardDistributed')).toHaveLength(0)
    expect(onlyEvent(finalized, 'ChallengeRewardDistributed').args.toArray()).toEqual([outputIndex, council, KRO(5_000)])
    expect(await chain.kroBalance(council)).toBe(councilBefore + KRO(5_000))

    const asV = chain.as(v.privateKey).validatorManager
    await chain.increaseTime(P.softJailPeriodSeconds)
    expect((await revertOf(asV.tryUnjail())).name).toBe('NotElapsedJailPeriod')
    await chain.increaseTime(P.hardJailPeriodSeconds - P.softJailPeriodSeconds)
    await (await asV.tryUnjail()).wait()
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
  })

  it('gives the slashed KRO back when the slash is reverted before finalization, and pays no challenger', async () => {
    const v = account(chain, 2)
    const council = account(chain, 0).address
    await chain.registerValidator(v.privateKey, KRO(20_000), 10)
    const { outputIndex } = await chain.submitOutput(v.address)
    await chain.slash(outputIndex)
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(15_000))

    const reverted = await chain.revertSlash(outputIndex)
    expect(onlyEvent(reverted, 'SlashReverted').args.toArray()).toEqual([outputIndex, v.address, KRO(5_000)])
    expect(await am().totalValidatorKro(v.address)).toBe(KRO(20_000))
    expect(await am().totalValidatorKroBonded(v.address)).toBe(0n)
    expect((await revertOf(chain.revertSlash(outputIndex))).name).toBe('InsufficientAsset')

    const councilBefore = await chain.kroBalance(council)
    const finalized = await chain.finalizeOutputs()
    expect(eventsNamed(finalized, 'ChallengeRewardDistributed')).toHaveLength(0)
    expect(eventsNamed(finalized, 'RewardDistributed')).toHaveLength(0)
    expect(await chain.kroBalance(council)).toBe(councilBefore)
    expect((await revertOf(chain.revertSlash(outputIndex))).name).toBe('OutputNotPending')
  })
})

// --------------------------------------------- MIN_REGISTER < MIN_ACTIVATE, short periods

describe('validator statuses with MIN_REGISTER_AMOUNT < MIN_ACTIVATE_AMOUNT', () => {
  let chain: TestChain
  let snapshot: string
  const params = {
    minRegisterAmount: KRO(100),
    minActivateAmount: KRO(200),
    bondAmount: KRO(50),
    baseReward: KRO(4),
    minDelegationPeriod: 3_600n,
    commissionChangeDelaySeconds: 600n,
    softJailPeriodSeconds: 300n,
    hardJailPeriodSeconds: 900n,
    mptFirstOutputIndex: 1n,
  }

  beforeAll(async () => {
    chain = await startTestChain({ params, fundAmount: KRO(10_000) })
  })
  afterAll(async () => {
    await chain?.stop()
  })
  beforeEach(async () => {
    snapshot = await chain.snapshot()
  })
  afterEach(async () => {
    await chain.revert(snapshot)
  })

  const vm = (): TestChain['contracts']['validatorManager'] => chain.contracts.validatorManager

  it('deploys with the overridden params and keeps the others mainnet-like', async () => {
    expect(chain.params.minRegisterAmount).toBe(KRO(100))
    expect(await vm().MIN_REGISTER_AMOUNT()).toBe(KRO(100))
    expect(await vm().MIN_ACTIVATE_AMOUNT()).toBe(KRO(200))
    expect(await vm().COMMISSION_CHANGE_DELAY_SECONDS()).toBe(600n)
    expect(await vm().JAIL_THRESHOLD()).toBe(MAINNET_LIKE_PARAMS.jailThreshold)
    expect(await chain.contracts.assetManager.BOND_AMOUNT()).toBe(KRO(50))
    expect(await chain.kroBalance(account(chain, 9).address)).toBe(KRO(10_000))
  })

  it('REGISTERED below MIN_ACTIVATE_AMOUNT, READY by delegation, ACTIVE by activateValidator', async () => {
    const v = account(chain, 1)
    const receipt = await chain.registerValidator(v.privateKey, KRO(150), 10)
    expect(onlyEvent(receipt, 'ValidatorRegistered').args.toArray()).toEqual([v.address, false, 10n, KRO(150)])
    expect(eventsNamed(receipt, 'ValidatorActivated')).toHaveLength(0)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.REGISTERED)
    expect(await vm().getWeight(v.address)).toBe(0n)
    expect((await revertOf(chain.as(v.privateKey).validatorManager.activateValidator())).name).toBe('ImproperValidatorStatus')

    // Delegation alone does not activate.
    await chain.delegate(account(chain, 2).privateKey, v.address, KRO(50))
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.READY)
    expect(await vm().getWeight(v.address)).toBe(0n)

    const activated = await (await chain.as(v.privateKey).validatorManager.activateValidator()).wait()
    if (activated === null) throw new Error('no receipt')
    expect(onlyEvent(activated, 'ValidatorActivated').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
    expect(await vm().getWeight(v.address)).toBe(KRO(200))
  })

  it('activates on the deposit that makes a validator READY', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(150), 10)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.REGISTERED)
    const receipt = await chain.deposit(v.privateKey, KRO(50))
    expect(onlyEvent(receipt, 'ValidatorActivated').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
  })

  it('does not activate a jailed validator on deposit', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(200), 10)
    await chain.jail(v.address)
    const receipt = await chain.deposit(v.privateKey, KRO(10))
    expect(eventsNamed(receipt, 'ValidatorActivated')).toHaveLength(0)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.READY)
    expect(await vm().inJail(v.address)).toBe(true)
  })

  it('INACTIVE after a withdrawal below MIN_ACTIVATE_AMOUNT, ACTIVE again after a deposit', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(300), 10)
    await chain.increaseTime(params.minDelegationPeriod)
    await chain.withdraw(v.privateKey, v.address, KRO(150))

    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.INACTIVE)
    expect(await vm().isActive(v.address)).toBe(false)
    expect(await vm().getWeight(v.address)).toBe(KRO(150))
    expect(await vm().activatedValidatorCount()).toBe(1n)
    expect((await revertOf(chain.submitOutput(v.address))).name).toBe('ImproperValidatorStatus')

    await chain.deposit(v.privateKey, KRO(50))
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.ACTIVE)
    expect(await vm().getWeight(v.address)).toBe(KRO(200))
  })

  it('EXITED after a withdrawal below MIN_REGISTER_AMOUNT; a deposit brings it back to REGISTERED', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(300), 10)
    await chain.increaseTime(params.minDelegationPeriod)
    const receipt = await chain.withdraw(v.privateKey, v.address, KRO(250))
    expect(onlyEvent(receipt, 'ValidatorStopped').args[0]).toBe(v.address)
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.EXITED)
    expect(await vm().activatedValidatorCount()).toBe(0n)

    await chain.deposit(v.privateKey, KRO(60))
    expect(await vm().getStatus(v.address)).toBe(ValidatorStatus.REGISTERED)
  })

  it('refuses to slash the first output after the MPT transition (MptFirstOutputRestricted)', async () => {
    const v = account(chain, 1)
    await chain.registerValidator(v.privateKey, KRO(200), 10)
    const { outputIndex } = await chain.submitOutput(v.address)
    expect(outputIndex).toBe(1n)
    expect((await revertOf(chain.slash(outputIndex))).name).toBe('MptFirstOutputRestricted')
    const next = await chain.submitOutput(v.address)
    await chain.slash(next.outputIndex)
    expect(await vm().inJail(v.address)).toBe(true)
  })

  it('rejects inconsistent constructor params (InvalidConstructorParams)', async () => {
    const deployer = chain.wallet(account(chain, 0).privateKey)
    const factory = new ValidatorManager__factory(deployer)
    const base = {
      l2Oracle: chain.addresses.l2OutputOracle,
      assetManager: chain.addresses.assetManager,
      trustedValidator: deployer.address,
      minRegisterAmount: KRO(100),
      minActivateAmount: KRO(200),
      commissionChangeDelaySeconds: 1n,
      roundDurationSeconds: 1n,
      softJailPeriodSeconds: 1n,
      hardJailPeriodSeconds: 1n,
      jailThreshold: 2n,
      maxOutputFinalizations: 1n,
      baseReward: 1n,
      mptFirstOutputIndex: 0n,
    }
    // Below BOND_AMOUNT (50 KRO).
    expect((await revertOf(factory.deploy({ ...base, minRegisterAmount: KRO(10) }))).name).toBe('InvalidConstructorParams')
    // Registering above activation.
    expect((await revertOf(factory.deploy({ ...base, minRegisterAmount: KRO(300) }))).name).toBe('InvalidConstructorParams')
  })
})
