// Delegation on the local AssetManager model, driven directly with ethers: KRO shares (the
// 10^6 offset, rounding down, checked against the CLI's share math), the lock, KGH delegation
// with its boosted reward, every revert of the delegation table, and the events with their
// indexed arguments, decoded with the CLI's ABIs.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Interface, zeroPadValue, toBeHex, type InterfaceAbi, type Log, type TransactionReceipt } from 'ethers'
import { MAINNET_LIKE_PARAMS } from '../../src/lib/devnet/deploy.js'
import { assetsFor, maxUndelegateAssets, sharesFor, type KroVault } from '../../src/lib/delegator/shares.js'
import { revertOf, startTestChain, type TestChain } from '../helpers/chain.js'
import { KRO } from '../helpers/e2e.js'

const amInterface = new Interface(JSON.parse(readFileSync(new URL('../../abis/AssetManager.json', import.meta.url), 'utf8')) as InterfaceAbi)
const vmInterface = new Interface(JSON.parse(readFileSync(new URL('../../abis/ValidatorManager.json', import.meta.url), 'utf8')) as InterfaceAbi)

interface Decoded {
  name: string
  args: unknown[]
  topics: readonly string[]
}

function events(receipt: TransactionReceipt, name: string): Decoded[] {
  const found: Decoded[] = []
  for (const log of receipt.logs as Log[]) {
    for (const iface of [amInterface, vmInterface]) {
      const parsed = iface.parseLog({ topics: [...log.topics], data: log.data })
      if (parsed?.name === name) found.push({ name, args: parsed.args.toArray(), topics: log.topics })
    }
  }
  return found
}

function only(receipt: TransactionReceipt, name: string): Decoded {
  const found = events(receipt, name)
  expect(found, name).toHaveLength(1)
  return found[0]!
}

/** Validator is topic 1 and delegator topic 2 of every delegation event. */
function expectIndexed(event: Decoded, validator: string, delegator: string): void {
  expect(event.topics[1]).toBe(zeroPadValue(validator.toLowerCase(), 32))
  expect(event.topics[2]).toBe(zeroPadValue(delegator.toLowerCase(), 32))
  expect(event.topics).toHaveLength(3)
}

async function mined(pending: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await pending).wait()
  if (receipt === null) throw new Error('no receipt')
  return receipt
}

describe('delegation on the AssetManager model', () => {
  let chain: TestChain
  let snapshot: string
  const P = MAINNET_LIKE_PARAMS

  beforeAll(async () => {
    chain = await startTestChain()
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

  const am = (): TestChain['contracts']['assetManager'] => chain.contracts.assetManager
  const acct = (index: number) => chain.accounts[index]!
  const vaultOf = async (validator: string): Promise<KroVault> => {
    // totalKroShares is not a view: it is the sum of the delegators' shares used in these tests.
    const totalAssets = await am().totalKroAssets(validator)
    let totalShares = 0n
    for (const a of chain.accounts) totalShares += await am().getKroTotalShareBalance(validator, a.address)
    return { totalAssets, totalShares }
  }
  /** `outputs` outputs by `validator`, each submitted and finalized; the last finalization's receipt. */
  const reward = async (validator: string, outputs = 1): Promise<TransactionReceipt> => {
    let receipt: TransactionReceipt | undefined
    for (let i = 0; i < outputs; i++) {
      await chain.submitOutput(validator)
      receipt = await chain.finalizeOutputs()
    }
    return receipt!
  }

  it('delegates KRO for shares with the 10^6 offset, restarting the lock for the whole position', async () => {
    const v = acct(1)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)

    expect(await am().previewDelegate(v.address, KRO(100))).toBe(KRO(100) * 10n ** 6n)
    const receipt = await chain.delegate(d.privateKey, v.address, KRO(100))
    const event = only(receipt, 'KroDelegated')
    expect(event.args).toEqual([v.address, d.address, KRO(100), KRO(100) * 10n ** 6n])
    expectIndexed(event, v.address, d.address)
    const first = BigInt((await chain.provider.getBlock(receipt.blockNumber))!.timestamp)
    expect(await am().getKroTotalShareBalance(v.address, d.address)).toBe(KRO(100) * 10n ** 6n)
    expect(await am().getKroAssets(v.address, d.address)).toBe(KRO(100))
    expect(await am().canUndelegateKroAt(v.address, d.address)).toBe(first + P.minDelegationPeriod)
    expect(await am().canUndelegateKroAt(v.address, acct(3).address)).toBe(P.minDelegationPeriod)

    await chain.increaseTime(1000)
    const again = await chain.delegate(d.privateKey, v.address, 1n)
    const second = BigInt((await chain.provider.getBlock(again.blockNumber))!.timestamp)
    expect(await am().canUndelegateKroAt(v.address, d.address)).toBe(second + P.minDelegationPeriod)
  })

  it('refuses delegation to a validator that is NONE, EXITED or jailed, and zero amounts', async () => {
    const v = acct(1)
    const d = acct(2)
    const asD = chain.as(d.privateKey).assetManager
    expect((await revertOf(asD.delegate(v.address, KRO(1)))).name).toBe('ImproperValidatorStatus')
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(asD.delegate(v.address, 0n))).name).toBe('NotAllowedZeroInput')
    await chain.jail(v.address)
    expect((await revertOf(chain.delegate(d.privateKey, v.address, KRO(1)))).name).toBe('ImproperValidatorStatus')

    const e = acct(3)
    await chain.registerValidator(e.privateKey, KRO(10_000), 10)
    await chain.increaseTime(P.minDelegationPeriod)
    await chain.withdraw(e.privateKey, e.address, KRO(10_000))
    expect((await revertOf(chain.delegate(d.privateKey, e.address, KRO(1)))).name).toBe('ImproperValidatorStatus')
  })

  it('converts with rounding down at an awkward share price, as the CLI computes it', async () => {
    const v = acct(1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 7)
    // Rewards before any delegator: the vault holds assets but no shares.
    await reward(v.address)
    await chain.delegate(acct(2).privateKey, v.address, KRO(333) + 7n)
    await reward(v.address, 2)
    await chain.delegate(acct(3).privateKey, v.address, KRO(1) + 123_456_789n)
    await reward(v.address)

    const vault = await vaultOf(v.address)
    expect(vault.totalAssets).toBeGreaterThan(0n)
    for (const assets of [1n, 999n, KRO(1), KRO(12_345) + 1n]) {
      expect(await am().previewDelegate(v.address, assets)).toBe(sharesFor(assets, vault))
    }
    for (const who of [acct(2), acct(3)]) {
      const shares = await am().getKroTotalShareBalance(v.address, who.address)
      expect(await am().getKroAssets(v.address, who.address)).toBe(assetsFor(shares, vault))
      expect(await am().previewUndelegate(v.address, shares)).toBe(assetsFor(shares, vault))
    }
    // A round trip loses less than what one share is worth, plus a wei.
    const shares = sharesFor(KRO(5), vault)
    const lost = KRO(5) - assetsFor(shares, vault)
    expect(lost).toBeGreaterThanOrEqual(0n)
    expect(lost).toBeLessThanOrEqual((vault.totalAssets + 1n) / (vault.totalShares + 10n ** 6n) + 1n)
  })

  it('refuses undelegation: zero, shares that round to 0 or exceed the position, before the lock ends', async () => {
    const v = acct(1)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    // With assets but no shares yet, one wei is worth 0 shares.
    await reward(v.address)
    const asD = chain.as(d.privateKey).assetManager
    expect((await revertOf(asD.undelegate(v.address, 0n))).name).toBe('NotAllowedZeroInput')
    expect((await revertOf(asD.undelegate(v.address, 1n))).name).toBe('InsufficientShare')

    await chain.delegate(d.privateKey, v.address, KRO(100))
    expect((await revertOf(asD.undelegate(v.address, KRO(101)))).name).toBe('InsufficientShare')
    const unlock = await am().canUndelegateKroAt(v.address, d.address)
    expect((await revertOf(asD.undelegate(v.address, KRO(1)))).name).toBe('NotElapsedMinDelegationPeriod')
    await chain.provider.send('evm_setNextBlockTimestamp', [Number(unlock) - 10])
    await chain.mine()
    expect((await revertOf(asD.undelegate(v.address, KRO(1)))).name).toBe('NotElapsedMinDelegationPeriod')
    await chain.provider.send('evm_setNextBlockTimestamp', [Number(unlock)])
    await chain.mine()
    const receipt = await mined(asD.undelegate(v.address, KRO(1)))
    const event = only(receipt, 'KroUndelegated')
    expectIndexed(event, v.address, d.address)
  })

  it('undelegates the most a position allows, leaving nothing of value, even after a jail', async () => {
    const v = acct(1)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 13)
    await reward(v.address)
    await chain.delegate(d.privateKey, v.address, KRO(777) + 3n)
    await chain.delegate(acct(3).privateKey, v.address, KRO(50) + 11n)
    await reward(v.address, 3)
    await chain.increaseTime(P.minDelegationPeriod)
    // No status or jail check on undelegate.
    await chain.jail(v.address)

    const shares = await am().getKroTotalShareBalance(v.address, d.address)
    const vault = await vaultOf(v.address)
    const max = maxUndelegateAssets(shares, vault)
    expect(max).toBeGreaterThanOrEqual(assetsFor(shares, vault))
    const asD = chain.as(d.privateKey).assetManager
    expect((await revertOf(asD.undelegate(v.address, max + 1n))).name).toBe('InsufficientShare')

    const before = await chain.kroBalance(d.address)
    const receipt = await mined(asD.undelegate(v.address, max))
    expect(only(receipt, 'KroUndelegated').args).toEqual([v.address, d.address, max, sharesFor(max, vault)])
    expect(await chain.kroBalance(d.address)).toBe(before + max)
    expect(await am().getKroAssets(v.address, d.address)).toBe(0n)
    const left = await am().getKroTotalShareBalance(v.address, d.address)
    expect(await am().previewUndelegate(v.address, left)).toBe(0n)
    expect(maxUndelegateAssets(left, await vaultOf(v.address))).toBe(0n)
  })

  it('splits each reward into validatorReward, baseReward and boostedReward', async () => {
    const v = acct(1)
    await chain.registerValidator(v.privateKey, KRO(10_000), 20)
    const holder = acct(4)
    const ids = await chain.mintKgh(holder.address, 4)
    await chain.delegateKgh(holder.privateKey, v.address, ids)
    const before = { own: await am().totalValidatorKro(v.address), delegated: await am().totalKroAssets(v.address) }

    const receipt = await reward(v.address)
    const distributed = only(receipt, 'RewardDistributed')
    // Boost = 40 % of 400 KRO x 4 / 104; 20 % of base and boost go to the validator.
    const boost = (KRO(160) * 4n) / 104n
    const validatorReward = ((KRO(400) + boost) * 20n) / 100n
    const baseReward = (KRO(400) * 80n) / 100n
    const boostedReward = (boost * 80n) / 100n
    expect(distributed.args).toEqual([1n, v.address, validatorReward, baseReward, boostedReward])
    expect(distributed.topics[2]).toBe(zeroPadValue(v.address.toLowerCase(), 32))
    expect(distributed.topics[1]).toBe(toBeHex(1n, 32))
    expect(await am().totalValidatorKro(v.address)).toBe(before.own + validatorReward)
    expect(await am().totalKroAssets(v.address)).toBe(before.delegated + baseReward)
    expect(await am().getKghReward(v.address, holder.address)).toBe(4n * (boostedReward / 4n))
  })

  it('delegates KGH one by one and in batches, pulling them with safeTransferFrom', async () => {
    const v = acct(1)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    const ids = await chain.mintKgh(d.address, 3)
    const asD = chain.as(d.privateKey)

    const single = await chain.delegateKgh(d.privateKey, v.address, [ids[0]!])
    const event = only(single, 'KghDelegated')
    expect(event.args).toEqual([v.address, d.address, ids[0]])
    expectIndexed(event, v.address, d.address)
    const at = BigInt((await chain.provider.getBlock(single.blockNumber))!.timestamp)
    expect(await chain.contracts.kgh.ownerOf(ids[0]!)).toBe(chain.addresses.assetManager)
    expect(await am().canUndelegateKghAt(v.address, d.address, ids[0]!)).toBe(at + P.minDelegationPeriod)
    // A token not delegated by this delegator here: just the period.
    expect(await am().canUndelegateKghAt(v.address, d.address, ids[1]!)).toBe(P.minDelegationPeriod)

    await mined(asD.kgh.setApprovalForAll(chain.addresses.assetManager, true))
    const batch = await mined(asD.assetManager.delegateKghBatch(v.address, [ids[1]!, ids[2]!]))
    const batchEvent = only(batch, 'KghBatchDelegated')
    expect(batchEvent.args).toEqual([v.address, d.address, [ids[1], ids[2]]])
    expectIndexed(batchEvent, v.address, d.address)
    expect(await am().getKghNum(v.address, d.address)).toBe(3n)
    expect(await am().totalKghNum(v.address)).toBe(3n)
    expect(await chain.contracts.kgh.balanceOf(chain.addresses.assetManager)).toBe(3n)
    // KGH adds no weight.
    expect(await am().reflectiveWeight(v.address)).toBe(KRO(10_000))
  })

  it('refuses KGH delegation: validator status, empty batch, tokens not approved or not owned', async () => {
    const v = acct(1)
    const d = acct(2)
    const other = acct(3)
    const [mine] = await chain.mintKgh(d.address, 1)
    const [theirs] = await chain.mintKgh(other.address, 1)
    const asD = chain.as(d.privateKey)
    await mined(asD.kgh.approve(chain.addresses.assetManager, mine!))
    expect((await revertOf(asD.assetManager.delegateKgh(v.address, mine!))).name).toBe('ImproperValidatorStatus')
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    expect((await revertOf(asD.assetManager.delegateKghBatch(v.address, []))).name).toBe('NotAllowedZeroInput')

    const notApproved = await revertOf(asD.assetManager.delegateKgh(v.address, theirs!))
    expect(notApproved).toEqual({ name: 'ERC721InsufficientApproval', args: [chain.addresses.assetManager, theirs] })
    // Approved by its owner, but delegated by someone else.
    await mined(chain.as(other.privateKey).kgh.approve(chain.addresses.assetManager, theirs!))
    const notOwner = await revertOf(asD.assetManager.delegateKgh(v.address, theirs!))
    expect(notOwner).toEqual({ name: 'ERC721IncorrectOwner', args: [d.address, theirs, other.address] })
    expect((await revertOf(asD.assetManager.delegateKgh(v.address, 999n))).name).toBe('ERC721NonexistentToken')

    await chain.jail(v.address)
    expect((await revertOf(asD.assetManager.delegateKgh(v.address, mine!))).name).toBe('ImproperValidatorStatus')
  })

  it('pays the boosted reward per KGH: claim, and first on delegating more', async () => {
    const v = acct(1)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    const ids = await chain.mintKgh(d.address, 3)
    const asD = chain.as(d.privateKey).assetManager
    expect((await revertOf(asD.claimKghReward(v.address))).name).toBe('InsufficientAsset')

    await chain.delegateKgh(d.privateKey, v.address, [ids[0]!, ids[1]!])
    // KGH delegated by someone else share the reward per KGH.
    const [elsewhere] = await chain.mintKgh(acct(3).address, 1)
    await chain.delegateKgh(acct(3).privateKey, v.address, [elsewhere!])
    const distributed = only(await reward(v.address), 'RewardDistributed')
    const perKgh = (distributed.args[4] as bigint) / 3n
    expect(perKgh).toBeGreaterThan(0n)
    expect(await am().getKghReward(v.address, d.address)).toBe(2n * perKgh)

    const before = await chain.kroBalance(d.address)
    const claim = await mined(asD.claimKghReward(v.address))
    const claimed = only(claim, 'KghRewardClaimed')
    expect(claimed.args).toEqual([v.address, d.address, 2n * perKgh])
    expectIndexed(claimed, v.address, d.address)
    expect(await chain.kroBalance(d.address)).toBe(before + 2n * perKgh)
    expect(await am().getKghReward(v.address, d.address)).toBe(0n)
    expect((await revertOf(asD.claimKghReward(v.address))).name).toBe('InsufficientAsset')

    // A new KGH does not earn what was distributed before it came; the pending reward is paid first.
    await reward(v.address)
    const pending = await am().getKghReward(v.address, d.address)
    expect(pending).toBe(2n * perKgh)
    const more = await chain.delegateKgh(d.privateKey, v.address, [ids[2]!])
    expect(only(more, 'KghRewardClaimed').args).toEqual([v.address, d.address, pending])
    expect(await am().getKghReward(v.address, d.address)).toBe(0n)
  })

  it('undelegates KGH with the reward after the lock; refuses tokens not delegated here and early ones', async () => {
    const v = acct(1)
    const w = acct(5)
    const d = acct(2)
    await chain.registerValidator(v.privateKey, KRO(10_000), 10)
    await chain.registerValidator(w.privateKey, KRO(10_000), 10)
    const ids = await chain.mintKgh(d.address, 4)
    await chain.delegateKgh(d.privateKey, v.address, [ids[0]!, ids[1]!, ids[2]!])
    await chain.delegateKgh(d.privateKey, w.address, [ids[3]!])
    const asD = chain.as(d.privateKey).assetManager

    expect((await revertOf(asD.undelegateKgh(v.address, ids[3]!))).name).toBe('InvalidTokenIdsInput')
    expect((await revertOf(chain.as(acct(3).privateKey).assetManager.undelegateKgh(v.address, ids[0]!))).name).toBe('InvalidTokenIdsInput')
    expect((await revertOf(asD.undelegateKgh(v.address, ids[0]!))).name).toBe('NotElapsedMinDelegationPeriod')
    expect((await revertOf(asD.undelegateKghBatch(v.address, []))).name).toBe('NotAllowedZeroInput')
    expect((await revertOf(asD.undelegateKghBatch(v.address, [ids[0]!, ids[1]!]))).name).toBe('NotElapsedMinDelegationPeriod')

    await reward(v.address)
    await chain.increaseTime(P.minDelegationPeriod)
    const earned = await am().getKghReward(v.address, d.address)
    expect(earned).toBeGreaterThan(0n)
    expect((await revertOf(asD.undelegateKghBatch(v.address, [ids[0]!, ids[0]!]))).name).toBe('InvalidTokenIdsInput')
    expect((await revertOf(asD.undelegateKghBatch(v.address, [ids[0]!, ids[3]!]))).name).toBe('InvalidTokenIdsInput')

    const before = await chain.kroBalance(d.address)
    const one = await mined(asD.undelegateKgh(v.address, ids[0]!))
    const event = only(one, 'KghUndelegated')
    expect(event.args).toEqual([v.address, d.address, ids[0], earned])
    expectIndexed(event, v.address, d.address)
    expect(await chain.kroBalance(d.address)).toBe(before + earned)
    expect(await chain.contracts.kgh.ownerOf(ids[0]!)).toBe(d.address)

    const rest = await mined(asD.undelegateKghBatch(v.address, [ids[1]!, ids[2]!]))
    const batchEvent = only(rest, 'KghBatchUndelegated')
    expect(batchEvent.args).toEqual([v.address, d.address, [ids[1], ids[2]], 0n])
    expectIndexed(batchEvent, v.address, d.address)
    expect(await chain.contracts.kgh.ownerOf(ids[2]!)).toBe(d.address)
    expect(await am().getKghNum(v.address, d.address)).toBe(0n)
    expect(await am().totalKghNum(v.address)).toBe(0n)
    expect(await am().getKghNum(w.address, d.address)).toBe(1n)
  })
})
