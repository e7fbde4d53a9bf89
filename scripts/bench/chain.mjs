// The bench's chain: anvil on 127.0.0.1 with the validator system (from the built devnet
// library, build/lib/devnet), 50 registered validators for `status`, and one account in the
// right state for each sending command.
import { Interface, Wallet, parseUnits } from 'ethers'
import { anvilAccounts, startAnvil } from '../../build/lib/devnet/anvil.js'
import { MAINNET_LIKE_PARAMS, createLocalProvider, deployValidatorSystem, loadArtifact } from '../../build/lib/devnet/deploy.js'

export const KRO = (whole) => parseUnits(String(whole), 18)

/** Validators registered for `status`. */
export const STATUS_VALIDATORS = 50

// Activation above the registration minimum, so a validator can be REGISTERED, then READY.
const PARAMS = { ...MAINNET_LIKE_PARAMS, minRegisterAmount: KRO(10_000), minActivateAmount: KRO(20_000) }

// Account layout (anvil's dev accounts, all unlocked and funded with ETH; KRO is minted to each).
const DEPLOYER = 0
const FIRST_VALIDATOR = 1 // 1..50: registered validators
const REGISTER_SIGNER = 51 // not registered, no allowance: register approves first
const REGISTER_WITHDRAW = 52
const DELEGATOR = 53 // delegates to the activate validator to make it READY
const WITHDRAW_ACCOUNT_OF_X = 54 // signs withdraw
const SHARED_WITHDRAW = 55 // withdraw account of the other validators
const ACCOUNTS = 56

// Which of validators 1..50 each sending command uses.
const ROLE = { deposit: 1, activate: 2, commission: 3, unjail: 4, withdraw: 5 }

const interfaces = {
  vm: new Interface(loadArtifact('ValidatorManager').abi),
  am: new Interface(loadArtifact('AssetManager').abi),
  kro: new Interface(loadArtifact('KromaToken').abi),
  oracle: new Interface(loadArtifact('TestL2OutputOracle').abi),
}

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index], index)
    }
  })
  await Promise.all(workers)
  return results
}

/** Starts anvil, deploys, and prepares every account. Call stop() when done. */
export async function startBenchChain({ log = () => {} } = {}) {
  const anvil = await startAnvil({ accounts: ACCOUNTS })
  if (new URL(anvil.rpcUrl).hostname !== '127.0.0.1') {
    await anvil.stop()
    throw new Error(`anvil is not on 127.0.0.1: ${anvil.rpcUrl}`)
  }
  let provider
  try {
    provider = await createLocalProvider(anvil.rpcUrl)
    const accounts = anvilAccounts(anvil.mnemonic, ACCOUNTS)
    const deployer = new Wallet(accounts[DEPLOYER].privateKey, provider)
    log('deploying the validator system')
    const deployment = await deployValidatorSystem(deployer, PARAMS, {
      fund: accounts.map((a) => a.address),
      fundAmount: KRO(1_000_000),
      placeMulticall3: false,
    })
    const { addresses } = deployment

    // anvil's dev accounts are unlocked: it signs eth_sendTransaction itself.
    const send = async (from, to, data) => {
      const hash = await provider.send('eth_sendTransaction', [{ from, to, data }])
      for (let attempt = 0; attempt < 200; attempt++) {
        const receipt = await provider.send('eth_getTransactionReceipt', [hash])
        if (receipt) {
          if (BigInt(receipt.status) !== 1n) throw new Error(`setup transaction ${hash} from ${from} reverted`)
          return receipt
        }
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`setup transaction ${hash} was not mined`)
    }
    const view = async (iface, to, name, args) =>
      iface.decodeFunctionResult(name, await provider.send('eth_call', [{ to, data: iface.encodeFunctionData(name, args) }, 'latest']))[0]
    const approve = (from, amount) => send(from, addresses.kroToken, interfaces.kro.encodeFunctionData('approve', [addresses.assetManager, amount]))

    const validators = accounts.slice(FIRST_VALIDATOR, FIRST_VALIDATOR + STATUS_VALIDATORS)
    log(`registering ${validators.length} validators`)
    await mapLimit(validators, 8, async (account, index) => {
      const number = FIRST_VALIDATOR + index
      const amount = number === ROLE.activate ? KRO(10_000) : KRO(20_000)
      const withdrawAccount = number === ROLE.withdraw ? accounts[WITHDRAW_ACCOUNT_OF_X].address : accounts[SHARED_WITHDRAW].address
      await approve(account.address, amount)
      await send(account.address, addresses.validatorManager, interfaces.vm.encodeFunctionData('registerValidator', [amount, 10, withdrawAccount]))
    })

    const role = (name) => accounts[ROLE[name]]
    // depositKro: the allowance is already in place, so no approve is needed.
    await approve(role('deposit').address, KRO(1_000))
    // activate: REGISTERED with 10,000 KRO; a delegation lifts its weight to the minimum: READY.
    await approve(accounts[DELEGATOR].address, KRO(10_000))
    await send(accounts[DELEGATOR].address, addresses.assetManager, interfaces.am.encodeFunctionData('delegate', [role('activate').address, KRO(10_000)]))
    // unjail: misses JAIL_THRESHOLD rounds (soft jail).
    for (let round = 0; round < Number(PARAMS.jailThreshold); round++) {
      await send(accounts[DEPLOYER].address, addresses.l2OutputOracle, interfaces.oracle.encodeFunctionData('missRound', [role('unjail').address]))
    }
    // Past the soft jail period and the minimum delegation period (withdraw, unjail).
    const wait = Number(PARAMS.softJailPeriodSeconds > PARAMS.minDelegationPeriod ? PARAMS.softJailPeriodSeconds : PARAMS.minDelegationPeriod) + 60
    await provider.send('evm_increaseTime', [wait])
    await provider.send('evm_mine', [])

    const READY = 3n
    if ((await view(interfaces.vm, addresses.validatorManager, 'getStatus', [role('activate').address])) !== READY)
      throw new Error('setup: the activate validator is not READY')
    if (!(await view(interfaces.vm, addresses.validatorManager, 'inJail', [role('unjail').address])))
      throw new Error('setup: the unjail validator is not jailed')

    return {
      rpcUrl: anvil.rpcUrl,
      chainId: deployment.chainId,
      addresses,
      params: deployment.params,
      validators: validators.map((a) => a.address),
      /** Signer, validator and arguments of each sending command. */
      roles: {
        register: { signer: accounts[REGISTER_SIGNER], withdrawAccount: accounts[REGISTER_WITHDRAW].address },
        deposit: { signer: role('deposit') },
        activate: { signer: role('activate') },
        commission: { signer: role('commission') },
        unjail: { signer: role('unjail') },
        withdraw: { signer: accounts[WITHDRAW_ACCOUNT_OF_X], validator: role('withdraw').address },
      },
      interfaces,
      async stop() {
        provider?.destroy()
        await anvil.stop()
      },
    }
  } catch (error) {
    provider?.destroy()
    await anvil.stop()
    throw error
  }
}
