// The V1 ValidatorPool model, driven directly with ethers: the deployed pool's revert strings,
// termination, withdrawals, and bonds with their events (decoded with the CLI's ABI).
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Interface, Wallet, ZeroAddress, parseEther, zeroPadValue, type InterfaceAbi, type TransactionReceipt } from 'ethers'
import { VALIDATOR_POOL_PARAMS } from '../../src/lib/devnet/deploy.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { ValidatorPool__factory, type ValidatorPool } from '../helpers/types/index.js'

const cliPool = new Interface(JSON.parse(readFileSync(new URL('../../abis/ValidatorPool.json', import.meta.url), 'utf8')) as InterfaceAbi)

let chain: TestChain
let deployer: Wallet
let pool: ValidatorPool

beforeAll(async () => {
  chain = await startTestChain()
  deployer = chain.wallet(chain.accounts[0]!.privateKey)
  pool = ValidatorPool__factory.connect(chain.addresses.validatorPool, deployer)
})
afterAll(async () => {
  await chain?.stop()
})

async function mined(pending: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await pending).wait()
  if (receipt === null) throw new Error('no receipt')
  return receipt
}

async function funded(): Promise<Wallet> {
  const wallet = chain.wallet(Wallet.createRandom().privateKey)
  await chain.provider.send('anvil_setBalance', [wallet.address, `0x${parseEther('10').toString(16)}`])
  return wallet
}

const as = (wallet: Wallet) => pool.connect(wallet)

describe('the deployed pool (terminated, as on mainnet and Sepolia)', () => {
  it('has its immutables and refuses deposits', async () => {
    expect(await pool.getFunction('REQUIRED_BOND_AMOUNT')()).toBe(VALIDATOR_POOL_PARAMS.requiredBondAmount)
    expect(await pool.getFunction('TERMINATE_OUTPUT_INDEX')()).toBe(0n)
    expect(await pool.getFunction('L2_ORACLE')()).toBe(chain.addresses.l2OutputOracle)
    expect(await pool.getFunction('isTerminated')(0n)).toBe(false)
    expect(await pool.getFunction('isTerminated')(1n)).toBe(true)
    const depositor = await funded()
    await expect(as(depositor).getFunction('deposit')({ value: parseEther('1') })).rejects.toThrow(
      'ValidatorPool: only can deposit to ValidatorPool before terminated',
    )
  })

  it('withdraw and withdrawTo: the ETH moves, the balance drops; the strings of the deployed pool', async () => {
    const validator = await funded()
    await mined(pool.getFunction('testCredit').send(validator.address, { value: parseEther('1') }))
    expect(await pool.getFunction('balanceOf')(validator.address)).toBe(parseEther('1'))

    await expect(as(validator).getFunction('withdraw').staticCall(parseEther('1.1'))).rejects.toThrow('ValidatorPool: insufficient balances')
    await expect(as(validator).getFunction('withdrawTo').staticCall(ZeroAddress, 1n)).rejects.toThrow('ValidatorPool: cannot withdraw to the zero address')

    const before = await chain.provider.getBalance(validator.address)
    const receipt = await mined(as(validator).getFunction('withdraw').send(parseEther('0.4')))
    expect(await chain.provider.getBalance(validator.address)).toBe(before + parseEther('0.4') - receipt.gasUsed * receipt.gasPrice)
    const recipient = Wallet.createRandom().address
    await mined(as(validator).getFunction('withdrawTo').send(recipient, parseEther('0.6')))
    expect(await chain.provider.getBalance(recipient)).toBe(parseEther('0.6'))
    expect(await pool.getFunction('balanceOf')(validator.address)).toBe(0n)
  })

  it('bonds: Bonded and Unbonded with their indexed arguments, unbond only after expiry', async () => {
    const validator = await funded()
    await mined(pool.getFunction('testCredit').send(validator.address, { value: parseEther('0.5') }))
    const expiresAt = (await chain.latestTimestamp()) + 100n
    const bondReceipt = await mined(pool.getFunction('testCreateBond').send(validator.address, expiresAt))
    const bondedLog = bondReceipt.logs.find((log) => log.topics[0] === cliPool.getEvent('Bonded')!.topicHash)!
    const bonded = cliPool.parseLog(bondedLog)!
    const outputIndex = bonded.args.outputIndex as bigint
    // Bonded(address indexed submitter, uint256 indexed outputIndex, uint128 amount, uint128 expiresAt)
    expect(bondedLog.topics[1]).toBe(zeroPadValue(validator.address.toLowerCase(), 32))
    expect(BigInt(bondedLog.topics[2]!)).toBe(outputIndex)
    expect([bonded.args.amount, bonded.args.expiresAt]).toEqual([VALIDATOR_POOL_PARAMS.requiredBondAmount, expiresAt])
    expect(await pool.getFunction('balanceOf')(validator.address)).toBe(parseEther('0.3'))
    expect([...(await pool.getFunction('getBond').staticCall(outputIndex))]).toEqual([VALIDATOR_POOL_PARAMS.requiredBondAmount, expiresAt])

    await expect(pool.getFunction('unbond').staticCall()).rejects.toThrow('ValidatorPool: no bond that can be unbond')
    await chain.increaseTime(100)
    const unbondReceipt = await mined(as(validator).getFunction('unbond').send())
    const unbondedLog = unbondReceipt.logs.find((log) => log.topics[0] === cliPool.getEvent('Unbonded')!.topicHash)!
    // Unbonded(uint256 indexed outputIndex, address indexed recipient, uint128 amount)
    expect(BigInt(unbondedLog.topics[1]!)).toBe(outputIndex)
    expect(unbondedLog.topics[2]).toBe(zeroPadValue(validator.address.toLowerCase(), 32))
    expect(cliPool.parseLog(unbondedLog)!.args.amount).toBe(VALIDATOR_POOL_PARAMS.requiredBondAmount)
    expect(await pool.getFunction('balanceOf')(validator.address)).toBe(parseEther('0.5'))
    await expect(pool.getFunction('getBond')(outputIndex)).rejects.toThrow('ValidatorPool: the bond does not exist')
    await expect(pool.getFunction('unbond').staticCall()).rejects.toThrow('ValidatorPool: no bond that can be unbond')
  })
})

describe('a pool before termination', () => {
  it('takes deposits until the oracle passes TERMINATE_OUTPUT_INDEX, then refuses them', async () => {
    const factory = new ValidatorPool__factory(deployer)
    const latest = await chain.contracts.l2OutputOracle.latestOutputIndex()
    // The next output (latest + 1) is the pool's last one.
    const open = await (
      await factory.deploy(chain.addresses.l2OutputOracle, deployer.address, VALIDATOR_POOL_PARAMS.requiredBondAmount, 10n, latest + 1n)
    ).waitForDeployment()
    const depositor = await funded()
    await mined(
      open
        .connect(depositor)
        .getFunction('deposit')
        .send({ value: parseEther('0.7') }),
    )
    expect(await open.getFunction('balanceOf')(depositor.address)).toBe(parseEther('0.7'))

    // An output is submitted: the oracle has passed the pool's last output.
    const validator = chain.accounts[1]!
    await chain.registerValidator(validator.privateKey, chain.params.minActivateAmount, 10)
    await chain.submitOutput(validator.address)
    await expect(open.connect(depositor).getFunction('deposit')({ value: parseEther('0.1') })).rejects.toThrow(
      'ValidatorPool: only can deposit to ValidatorPool before terminated',
    )
    expect(await open.getFunction('balanceOf')(depositor.address)).toBe(parseEther('0.7'))
  })
})
