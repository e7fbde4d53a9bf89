// Delegators, end to end through bin/run.js on anvil: delegate / undelegate KRO, kgh delegate /
// undelegate / claim. Each success is checked on chain (balances, shares, token owners, no
// standing approvals); each refusal exits 3 with the reason (and the time, when it is one),
// nothing sent and nothing changed.
import { Interface, ZeroAddress, type InterfaceAbi } from 'ethers'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetsFor, maxUndelegateAssets, sharesFor, type KroVault } from '../../src/lib/delegator/shares.js'
import { formatUnits18Exact } from '../../src/lib/format/amounts.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { chainFlags, runCli } from '../helpers/cli.js'
import { startLedgerEmulator, type LedgerEmulator } from '../helpers/ledger-emulator/index.js'
import {
  KRO,
  approvalsIn,
  cliAs,
  expectRefusal,
  expectTransactionsOnChain,
  freshAccount,
  jsonOf,
  pendingNonce,
  setEthBalance,
  utc,
  type SentTransactionJson,
  type TestAccount,
} from '../helpers/e2e.js'

let chain: TestChain

beforeAll(async () => {
  chain = await startTestChain()
})
afterAll(async () => {
  await chain?.stop()
})

const kghInterface = new Interface(JSON.parse(readFileSync(new URL('../../abis/KGH.json', import.meta.url), 'utf8')) as InterfaceAbi)
const am = () => chain.contracts.assetManager
const kgh = () => chain.contracts.kgh

interface SentJson {
  transactions: SentTransactionJson[]
  outcome: string
  delegator: {
    kro: { shares: string; assets: string; canUndelegateAt: number }
    kgh: { count: number; claimableReward: string; tokens: Array<{ id: string; owner: string | null; canUndelegateAt: number | null }> }
  }
}

async function validator(amount = KRO(10_000), commission = 10): Promise<TestAccount> {
  const account = await freshAccount(chain, { kro: amount })
  await chain.registerValidator(account.privateKey, amount, commission)
  return account
}

/** One output by `v`, submitted and finalized: rewards for it and its delegators. */
async function reward(v: string): Promise<void> {
  await chain.submitOutput(v)
  await chain.finalizeOutputs()
}

/** The vault as the contract sees it (total shares: previewDelegate of totalKroAssets + 1, minus the offset). */
async function vaultOf(v: string): Promise<KroVault> {
  const totalAssets = await am().totalKroAssets(v)
  return { totalAssets, totalShares: (await am().previewDelegate(v, totalAssets + 1n)) - 10n ** 6n }
}

async function pastLock(at: bigint): Promise<void> {
  const now = await chain.latestTimestamp()
  if (at > now) await chain.increaseTime(at - now)
}

const functions = (document: SentJson) => document.transactions.map((tx) => tx.function)

describe('delegate and undelegate KRO', () => {
  it('delegate approves exactly the amount and buys the shares previewDelegate shows; the lock starts', async () => {
    const v = await validator()
    const d = await freshAccount(chain, { kro: KRO(5_000) })
    const result = await cliAs(chain, d, ['delegate', '--validator', v.address, '--amount', '1000KRO', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(functions(document)).toEqual(['approve', 'delegate'])
    const [approve] = await expectTransactionsOnChain(chain, document.transactions, d.address)
    expect(approvalsIn(chain, approve!)).toEqual([{ owner: d.address, spender: chain.addresses.assetManager, value: KRO(1_000) }])

    const shares = await am().getKroTotalShareBalance(v.address, d.address)
    expect(shares).toBe(KRO(1_000) * 10n ** 6n)
    expect(await chain.kroBalance(d.address)).toBe(KRO(4_000))
    expect(await chain.contracts.kroToken.allowance(d.address, chain.addresses.assetManager)).toBe(0n)
    expect(await am().totalKroAssets(v.address)).toBe(KRO(1_000))
    const unlock = await am().canUndelegateKroAt(v.address, d.address)
    expect(document.delegator.kro).toEqual({ shares: shares.toString(), assets: KRO(1_000).toString(), canUndelegateAt: Number(unlock) })
    expect(document.outcome).toBe(
      `Delegated 1,000 KRO to ${v.address.slice(0, 6)}…${v.address.slice(-4)}: ${shares.toLocaleString('en-US')} shares, worth 1,000 KRO; undelegation possible from ${utc(unlock)}.`,
    )
  })

  it('delegating again says the lock restarts for the whole position, and it does', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    await chain.delegate(d.privateKey, v.address, KRO(100))
    await chain.increaseTime(3_600)
    const result = await cliAs(chain, d, ['delegate', '--validator', v.address, '--amount', '50KRO', '--yes'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toContain('The lock restarts for the whole position (the 100 KRO already delegated too)')
    expect(await am().canUndelegateKroAt(v.address, d.address)).toBe((await chain.latestTimestamp()) + chain.params.minDelegationPeriod)
  })

  it('undelegate --amount max after rewards at an awkward share price takes everything and leaves nothing of value', async () => {
    const v = await validator(KRO(10_000), 13)
    // Rewards before any delegator, then delegations of odd amounts and more rewards.
    await reward(v.address)
    const d = await freshAccount(chain)
    const other = await freshAccount(chain)
    await chain.delegate(d.privateKey, v.address, KRO(777) + 3n)
    await chain.delegate(other.privateKey, v.address, KRO(50) + 11n)
    await reward(v.address)
    await reward(v.address)
    await pastLock(await am().canUndelegateKroAt(v.address, d.address))

    const shares = await am().getKroTotalShareBalance(v.address, d.address)
    const vault = await vaultOf(v.address)
    const max = maxUndelegateAssets(shares, vault)
    expect(max).toBeGreaterThan(await am().getKroAssets(v.address, d.address))
    const before = await chain.kroBalance(d.address)
    const result = await cliAs(chain, d, ['undelegate', '--validator', v.address, '--amount', 'max', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(functions(document)).toEqual(['undelegate'])
    await expectTransactionsOnChain(chain, document.transactions, d.address)
    expect(await chain.kroBalance(d.address)).toBe(before + max)
    expect(await am().getKroAssets(v.address, d.address)).toBe(0n)
    expect(document.delegator.kro).toMatchObject({ assets: '0', shares: (shares - sharesFor(max, vault)).toString() })
    // The other delegator's position still pays out in full.
    await pastLock(await am().canUndelegateKroAt(v.address, other.address))
    const rest = await cliAs(chain, other, ['undelegate', '--validator', v.address, '--amount', 'max', '--yes'])
    expect(rest.exitCode, rest.stderr).toBe(0)
    expect(await am().getKroAssets(v.address, other.address)).toBe(0n)
    // What is left (here: every share burnt) is nothing to undelegate.
    expect(await am().getKroTotalShareBalance(v.address, d.address)).toBe(0n)
    await expectRefusal(chain, d, v.address, ['undelegate', '--validator', v.address, '--amount', 'max'], 'NOTHING_DELEGATED', 'has no KRO delegated')
  })

  it('undelegate an amount: that KRO comes back, the position keeps the rest', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    await chain.delegate(d.privateKey, v.address, KRO(300))
    await pastLock(await am().canUndelegateKroAt(v.address, d.address))
    const before = await chain.kroBalance(d.address)
    const result = await cliAs(chain, d, ['undelegate', '--validator', v.address, '--amount', '100KRO'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Undelegated 100 KRO from 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}: the position is now worth 200 KRO \(/)
    expect(await chain.kroBalance(d.address)).toBe(before + KRO(100))
    expect(await am().getKroAssets(v.address, d.address)).toBe(KRO(200))
  })
})

describe('delegate and undelegate: refusals', () => {
  it('delegate: not a validator, jailed (until when), zero, short balance, an amount that buys no shares', async () => {
    const d = await freshAccount(chain, { kro: KRO(100) })
    const stranger = await freshAccount(chain, { kro: 0n })
    await expectRefusal(
      chain,
      d,
      stranger.address,
      ['delegate', '--validator', stranger.address, '--amount', '1KRO'],
      'NOT_REGISTERED',
      `${stranger.address} is not a registered validator`,
    )

    const v = await validator()
    await expectRefusal(chain, d, v.address, ['delegate', '--validator', v.address, '--amount', '0KRO'], 'ZERO_AMOUNT', 'The delegation amount is zero')
    await expectRefusal(
      chain,
      d,
      v.address,
      ['delegate', '--validator', v.address, '--amount', '150KRO'],
      'INSUFFICIENT_KRO',
      'holds 100 KRO, but 150 KRO is needed',
    )

    // Rewards with no delegator make one wei worth no shares.
    await reward(v.address)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['delegate', '--validator', v.address, '--amount', '0.000000000000000001KRO'],
      'AMOUNT_BUYS_NO_SHARES',
      'buys no shares',
    )

    await chain.jail(v.address)
    const expires = await chain.contracts.validatorManager.jailExpiresAt(v.address)
    const jailed = await expectRefusal(
      chain,
      d,
      v.address,
      ['delegate', '--validator', v.address, '--amount', '1KRO'],
      'VALIDATOR_JAILED',
      `is jailed until ${utc(expires)}`,
    )
    expect(jailed.error.possibleAt).toBe(Number(expires))

    // Its operator withdrew everything: EXITED.
    const exited = await validator()
    await pastLock(await am().canWithdrawAt(exited.address))
    await chain.withdraw(exited.privateKey, exited.address, KRO(10_000))
    await expectRefusal(chain, d, exited.address, ['delegate', '--validator', exited.address, '--amount', '1KRO'], 'VALIDATOR_EXITED', 'has exited')
  })

  it('malformed token ids are invalid input (exit 2) with the accepted form; nothing is sent', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const nonce = await pendingNonce(chain, d.address)
    for (const ids of ['1,1', '0x10', 'all']) {
      const result = await cliAs(chain, d, ['kgh', 'delegate', '--validator', v.address, '--token-id', ids])
      expect(result.exitCode, result.stderr).toBe(2)
      expect(result.stderr).toContain('Accepted forms: a KGH token id (42) or several separated by commas (42,43,50).')
    }
    const undelegate = await cliAs(chain, d, ['kgh', 'undelegate', '--validator', v.address, '--token-id', 'every'])
    expect(undelegate.exitCode).toBe(2)
    expect(undelegate.stderr).toContain('Or "all" for every KGH delegated to the validator.')
    expect(await pendingNonce(chain, d.address)).toBe(nonce)
  })

  it('undelegate: nothing delegated, above the position, below one share, before the lock ends (with when)', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['undelegate', '--validator', v.address, '--amount', 'max'],
      'NOTHING_DELEGATED',
      `${d.address} has no KRO delegated to validator ${v.address}`,
    )
    await reward(v.address)
    await chain.delegate(d.privateKey, v.address, KRO(1))
    const vault = await vaultOf(v.address)
    const worth = maxUndelegateAssets(await am().getKroTotalShareBalance(v.address, d.address), vault)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['undelegate', '--validator', v.address, '--amount', '2KRO'],
      'AMOUNT_ABOVE_POSITION',
      'is more than the delegation',
    )
    expect(sharesFor(1n, vault)).toBe(0n)
    expect(assetsFor(1n, vault)).toBeGreaterThan(0n)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['undelegate', '--validator', v.address, '--amount', '0.000000000000000001KRO'],
      'AMOUNT_BELOW_ONE_SHARE',
      'worth less than one share',
    )
    const unlock = await am().canUndelegateKroAt(v.address, d.address)
    const early = await expectRefusal(
      chain,
      d,
      v.address,
      ['undelegate', '--validator', v.address, '--amount', 'max'],
      'UNDELEGATE_TOO_EARLY',
      `locked until ${utc(unlock)} (in 7d)`,
    )
    expect(early.error.possibleAt).toBe(Number(unlock))
    expect(worth).toBeGreaterThan(0n)
  })
})

describe('undelegate: a position worth less than one wei', () => {
  it('after taking out what the shares are worth, the dust left is refused as nothing to undelegate', async () => {
    const v = await validator(KRO(10_000), 10)
    const d = await freshAccount(chain)
    await chain.delegate(d.privateKey, v.address, KRO(1) + 3n)
    await chain.delegate((await freshAccount(chain)).privateKey, v.address, KRO(1_000))
    await reward(v.address)
    await pastLock(await am().canUndelegateKroAt(v.address, d.address))
    const worth = await am().getKroAssets(v.address, d.address)
    const taken = await cliAs(chain, d, ['undelegate', '--validator', v.address, '--amount', `${formatUnits18Exact(worth)}KRO`, '--yes'])
    expect(taken.exitCode, taken.stderr).toBe(0)
    const left = await am().getKroTotalShareBalance(v.address, d.address)
    expect(left).toBeGreaterThan(0n)
    expect(maxUndelegateAssets(left, await vaultOf(v.address))).toBe(0n)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['undelegate', '--validator', v.address, '--amount', 'max'],
      'NOTHING_TO_UNDELEGATE',
      `The ${left.toLocaleString('en-US')} shares of ${d.address}`,
    )
  })
})

describe("status: the delegators' side of a validator", () => {
  it('shows the KGH count and what delegators get per output at the current commission', async () => {
    const v = await validator(KRO(10_000), 15)
    const d = await freshAccount(chain)
    await chain.delegateKgh(d.privateKey, v.address, await chain.mintKgh(d.address, 2))
    const result = await cliAs(chain, undefined, ['status', v.address])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Delegated KRO\s+0 KRO · KGH 2/)
    expect(result.stdout).toMatch(/Delegators get\s+340 KRO of each output's 400 KRO base reward at 15% commission, plus the KGH boost/)
  })
})

describe('KGH: delegate, claim, undelegate', () => {
  it('one token: approve then delegateKgh; the AssetManager holds it and no approval is left', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const [id] = await chain.mintKgh(d.address, 1)
    const result = await cliAs(chain, d, ['kgh', 'delegate', '--validator', v.address, '--token-id', String(id), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(functions(document)).toEqual(['approve', 'delegateKgh'])
    expect(document.transactions[0]!.to).toBe(chain.addresses.kgh)
    await expectTransactionsOnChain(chain, document.transactions, d.address)
    expect(await kgh().ownerOf(id!)).toBe(chain.addresses.assetManager)
    expect(await kgh().getApproved(id!)).toBe(ZeroAddress)
    expect(await am().getKghNum(v.address, d.address)).toBe(1n)
    expect(document.delegator.kgh.tokens).toEqual([
      { id: String(id), owner: chain.addresses.assetManager, canUndelegateAt: Number(await am().canUndelegateKghAt(v.address, d.address, id!)) },
    ])
  })

  it('several tokens: approves only those not approved yet, then one delegateKghBatch', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const ids = await chain.mintKgh(d.address, 3)
    await (await chain.as(d.privateKey).kgh.approve(chain.addresses.assetManager, ids[1]!)).wait()
    const result = await cliAs(chain, d, ['kgh', 'delegate', '--validator', v.address, '--token-id', ids.join(','), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(functions(document)).toEqual(['approve', 'approve', 'delegateKghBatch'])
    const receipts = await expectTransactionsOnChain(chain, document.transactions, d.address)
    const approved = receipts.slice(0, 2).map((receipt) => kghInterface.parseLog(receipt.logs[0]!)?.args[2] as bigint)
    expect(approved).toEqual([ids[0], ids[2]])
    for (const id of ids) expect(await kgh().ownerOf(id)).toBe(chain.addresses.assetManager)
    expect(await am().getKghNum(v.address, d.address)).toBe(3n)
  })

  it('--approve-all sets one approval for all and revokes it after', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const ids = await chain.mintKgh(d.address, 2)
    const result = await cliAs(chain, d, ['kgh', 'delegate', '--validator', v.address, '--token-id', ids.join(','), '--approve-all', '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const document = jsonOf<SentJson>(result)
    expect(functions(document)).toEqual(['setApprovalForAll', 'delegateKghBatch', 'setApprovalForAll'])
    await expectTransactionsOnChain(chain, document.transactions, d.address)
    expect(await kgh().isApprovedForAll(d.address, chain.addresses.assetManager)).toBe(false)
    expect(await am().getKghNum(v.address, d.address)).toBe(2n)
  })

  it('claim pays the boosted reward; delegating more pays the pending one first; undelegate all returns every token with the rest', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const ids = await chain.mintKgh(d.address, 3)
    await chain.delegateKgh(d.privateKey, v.address, [ids[0]!, ids[1]!])
    await reward(v.address)
    const claimable = await am().getKghReward(v.address, d.address)
    expect(claimable).toBeGreaterThan(0n)

    let before = await chain.kroBalance(d.address)
    const claim = await cliAs(chain, d, ['kgh', 'claim', '--validator', v.address])
    expect(claim.exitCode, claim.stderr).toBe(0)
    expect(await chain.kroBalance(d.address)).toBe(before + claimable)
    expect(await am().getKghReward(v.address, d.address)).toBe(0n)

    await reward(v.address)
    const pending = await am().getKghReward(v.address, d.address)
    before = await chain.kroBalance(d.address)
    const more = await cliAs(chain, d, ['kgh', 'delegate', '--validator', v.address, '--token-id', String(ids[2])])
    expect(more.exitCode, more.stderr).toBe(0)
    expect(more.stderr).toContain('is paid out to')
    expect(await chain.kroBalance(d.address)).toBe(before + pending)

    await reward(v.address)
    const last = await am().getKghReward(v.address, d.address)
    await pastLock(await am().canUndelegateKghAt(v.address, d.address, ids[2]!))
    before = await chain.kroBalance(d.address)
    const out = await cliAs(chain, d, ['kgh', 'undelegate', '--validator', v.address, '--token-id', 'all', '--json'])
    expect(out.exitCode, out.stderr).toBe(0)
    const document = jsonOf<SentJson>(out)
    expect(functions(document)).toEqual(['undelegateKghBatch'])
    for (const id of ids) expect(await kgh().ownerOf(id)).toBe(d.address)
    expect(await chain.kroBalance(d.address)).toBe(before + last)
    expect(await am().getKghNum(v.address, d.address)).toBe(0n)
    expect(document.delegator.kgh.count).toBe(0)
  })
})

describe('KGH: refusals', () => {
  it('kgh delegate: a token not owned, one that does not exist, one already delegated here, a jailed validator', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    const other = await freshAccount(chain, { kro: 0n })
    const [mine, here] = await chain.mintKgh(d.address, 2)
    const [theirs] = await chain.mintKgh(other.address, 1)
    await chain.delegateKgh(d.privateKey, v.address, [here!])
    const args = (ids: string) => ['kgh', 'delegate', '--validator', v.address, '--token-id', ids]
    await expectRefusal(chain, d, v.address, args(`${mine},${theirs}`), 'KGH_NOT_OWNED', `does not own KGH #${theirs} (owner ${other.address})`)
    await expectRefusal(chain, d, v.address, args('999999'), 'KGH_NOT_FOUND', 'No KGH token #999999 exists')
    await expectRefusal(chain, d, v.address, args(`${here}`), 'KGH_ALREADY_DELEGATED', `KGH #${here} is already delegated`)
    expect(await kgh().ownerOf(mine!)).toBe(d.address)
    expect(await kgh().getApproved(mine!)).toBe(ZeroAddress)

    await chain.jail(v.address)
    const expires = await chain.contracts.validatorManager.jailExpiresAt(v.address)
    const jailed = await expectRefusal(chain, d, v.address, args(`${mine}`), 'VALIDATOR_JAILED', `is jailed until ${utc(expires)}`)
    expect(jailed.error.possibleAt).toBe(Number(expires))
  })

  it('kgh undelegate: nothing delegated, a token not delegated here, a locked token (with when); kgh claim with nothing to claim', async () => {
    const v = await validator()
    const d = await freshAccount(chain)
    await expectRefusal(
      chain,
      d,
      v.address,
      ['kgh', 'undelegate', '--validator', v.address, '--token-id', 'all'],
      'NO_KGH_DELEGATED',
      `${d.address} has no KGH delegated to validator ${v.address}`,
    )
    await expectRefusal(chain, d, v.address, ['kgh', 'claim', '--validator', v.address], 'NOTHING_TO_CLAIM', 'has no boosted reward to claim')
    const [first, second] = await chain.mintKgh(d.address, 2)
    await chain.delegateKgh(d.privateKey, v.address, [first!])
    await expectRefusal(
      chain,
      d,
      v.address,
      ['kgh', 'undelegate', '--validator', v.address, '--token-id', `${first},${second}`],
      'KGH_NOT_DELEGATED',
      `KGH #${second} is not delegated`,
    )
    const unlock = await am().canUndelegateKghAt(v.address, d.address, first!)
    const locked = await expectRefusal(
      chain,
      d,
      v.address,
      ['kgh', 'undelegate', '--validator', v.address, '--token-id', 'all'],
      'KGH_LOCKED',
      `#${first} is locked until ${utc(unlock)} (in 7d)`,
    )
    expect(locked.error.possibleAt).toBe(Number(unlock))
    expect(await kgh().ownerOf(first!)).toBe(chain.addresses.assetManager)
  })
})

describe('a delegator signing on the emulated Ledger', () => {
  let emu: LedgerEmulator
  beforeAll(async () => {
    emu = await startLedgerEmulator()
  })
  afterAll(async () => {
    await emu?.stop()
  })

  it('delegates KRO and a KGH, each transaction signed on the device', async () => {
    const v = await validator()
    // An account of its own on the device (the default path is anvil's deployer).
    const path = "m/44'/60'/6'/0/0"
    const delegator = emu.addressAt(path)
    await setEthBalance(chain, delegator, 10n ** 19n)
    await chain.mintKro(delegator, KRO(500))
    const [id] = await chain.mintKgh(delegator, 1)
    const nonce = await pendingNonce(chain, delegator)
    const ledger = (args: string[]) =>
      runCli(
        [
          ...args,
          '--ledger',
          '--hd-path',
          path,
          '--yes',
          '--json',
          ...chainFlags({ rpcUrl: chain.rpcUrl, chainId: Number(chain.chainId), addresses: chain.addresses }),
        ],
        { env: { KROMA_LEDGER_SPECULOS_URL: emu.url } },
      )

    const kro = await ledger(['delegate', '--validator', v.address, '--amount', '500KRO'])
    expect(kro.exitCode, kro.stderr).toBe(0)
    await expectTransactionsOnChain(chain, jsonOf<SentJson>(kro).transactions, delegator)
    expect(await am().getKroAssets(v.address, delegator)).toBe(KRO(500))

    const token = await ledger(['kgh', 'delegate', '--validator', v.address, '--token-id', String(id)])
    expect(token.exitCode, token.stderr).toBe(0)
    await expectTransactionsOnChain(chain, jsonOf<SentJson>(token).transactions, delegator)
    expect(await kgh().ownerOf(id!)).toBe(chain.addresses.assetManager)
    expect(await pendingNonce(chain, delegator)).toBe(nonce + 4)
  })
})
