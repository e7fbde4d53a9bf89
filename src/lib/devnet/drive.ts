// Driving the devnet's chain the way the rollup would: time passes, outputs are submitted and
// finalized, a priority validator misses its rounds. Each runs only on our own devnet (guard.ts)
// and sends from the deployer, through the test oracle's typed binding.
import type { ContractTransactionResponse, TransactionReceipt } from 'ethers'
import type { ValidatorKroUnbondedEvent } from '../chain/types/AssetManager.js'
import type { RewardDistributedEvent } from '../chain/types/ValidatorManager.js'
import { parseAddress, shortAddress } from '../address.js'
import { decodeRevert } from '../chain/revert.js'
import { revertDataOf } from '../chain/rpc.js'
import { CliError, ExitCode } from '../errors.js'
import { formatKro } from '../format/amounts.js'
import { formatWhen } from '../format/time.js'
import { statusName, type StatusName } from '../validator/status-names.js'
import { connectOwnDevnet, type DevnetConnection } from './guard.js'

export interface DriveFlags {
  'rpc-url'?: string
}

export interface SentTx {
  hash: string
  blockNumber: number
}

function refuse(code: string, message: string, suggestions: string[] = [], details: Record<string, unknown> = {}): CliError {
  return new CliError(message, { code, exitCode: ExitCode.refused, suggestions, details })
}

async function mined(pending: Promise<ContractTransactionResponse>, what: string): Promise<TransactionReceipt> {
  const response = await pending
  const receipt = await response.wait()
  if (receipt === null || receipt.status !== 1) {
    throw new CliError(`${what} was mined but reverted. Transaction ${response.hash}.`, {
      code: 'TX_REVERTED',
      exitCode: ExitCode.txFailed,
      details: { hash: response.hash },
    })
  }
  return receipt
}

/** Simulates first, so a call the contracts would refuse is reported by name and nothing is sent. */
async function simulate(call: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await call()
  } catch (error) {
    const decoded = decodeRevert(revertDataOf(error))
    throw refuse('DEVNET_CALL_REVERTS', `${what} would revert (${decoded.name ? `${decoded.name}: ` : ''}${decoded.explanation}); nothing was sent.`)
  }
}

async function withDevnet<T>(flags: DriveFlags, body: (devnet: DevnetConnection) => Promise<T>): Promise<T> {
  const devnet = await connectOwnDevnet({ rpcUrl: flags['rpc-url'] })
  try {
    return await body(devnet)
  } finally {
    devnet.close()
  }
}

async function latestBlock(devnet: DevnetConnection): Promise<{ number: number; timestamp: bigint }> {
  const block = await devnet.provider.getBlock('latest')
  if (block === null) throw new Error('The devnet has no latest block')
  return { number: block.number, timestamp: BigInt(block.timestamp) }
}

// ----------------------------------------------------------------------------- warp

export interface WarpResult {
  advancedSeconds: number
  previousTime: number
  chainTime: number
  blockNumber: number
}

/** Moves the chain's clock forward and mines a block that carries the new time. */
export function warp(seconds: bigint, flags: DriveFlags): Promise<WarpResult> {
  return withDevnet(flags, async (devnet) => {
    const before = devnet.timestamp
    await devnet.provider.send('evm_increaseTime', [Number(seconds)])
    await devnet.provider.send('evm_mine', [])
    const after = await latestBlock(devnet)
    return { advancedSeconds: Number(seconds), previousTime: Number(before), chainTime: Number(after.timestamp), blockNumber: after.number }
  })
}

// -------------------------------------------------------------------- submit-output

export interface SubmitOutputResult {
  validator: string
  /** True when the validator was the priority validator (nextValidator) rather than chosen. */
  priority: boolean
  outputIndex: number
  bondAmount: string
  kro: { bonded: string; notBonded: string }
  transaction: SentTx
}

interface ValidatorFacts {
  status: StatusName
  jailed: boolean
  jailExpiresAt: bigint
}

async function factsOf(devnet: DevnetConnection, validator: string): Promise<ValidatorFacts> {
  const [status, jailed, jailExpiresAt] = await Promise.all([
    devnet.validatorManager.getStatus(validator),
    devnet.validatorManager.inJail(validator),
    devnet.validatorManager.jailExpiresAt(validator),
  ])
  return { status: statusName(status), jailed, jailExpiresAt }
}

/** The priority validator (or `validator`) submits an output: BOND_AMOUNT of its KRO is bonded. */
export function submitOutput(validatorFlag: string | undefined, flags: DriveFlags): Promise<SubmitOutputResult> {
  const chosen = validatorFlag === undefined ? undefined : parseAddress(validatorFlag, 'validator address')
  return withDevnet(flags, async (devnet) => {
    const vm = devnet.validatorManager
    let validator = chosen
    if (validator === undefined) {
      const [next, count] = await Promise.all([vm.nextValidator(), vm.activatedValidatorCount()])
      if (count === 0n) {
        throw refuse('NO_ACTIVE_VALIDATOR', 'No validator is active, so there is no priority validator to submit an output.', [
          'Register one first: `kroma-validator register --amount 10000KRO --commission-rate 10 --withdraw-account <address> --network devnet`.',
        ])
      }
      validator = next
    }
    const facts = await factsOf(devnet, validator)
    if (facts.jailed) {
      throw refuse(
        'VALIDATOR_JAILED',
        `Validator ${validator} is jailed until ${formatWhen(facts.jailExpiresAt, devnet.timestamp)}: it cannot submit outputs.`,
        ['Warp past the jail period (`kroma-validator devnet warp <duration>`) and unjail it (`kroma-validator unjail --network devnet`).'],
      )
    }
    if (facts.status !== 'ACTIVE') {
      throw refuse('VALIDATOR_NOT_ACTIVE', `Validator ${validator} is ${facts.status}: only an ACTIVE validator submits outputs.`)
    }
    const [bondAmount, notBonded] = await Promise.all([devnet.assetManager.BOND_AMOUNT(), devnet.assetManager.totalValidatorKroNotBonded(validator)])
    if (notBonded < bondAmount) {
      throw refuse(
        'INSUFFICIENT_UNBONDED_KRO',
        `Validator ${validator} has ${formatKro(notBonded)} not bonded, less than the ${formatKro(bondAmount)} an output bonds.`,
        ['Finalize outputs to release bonds (`kroma-validator devnet finalize`), or deposit more (`kroma-validator depositKro --network devnet`).'],
      )
    }
    const target = validator
    await simulate(() => devnet.oracle.submitOutput.staticCall(target), `An output by ${shortAddress(target)}`)
    const receipt = await mined(devnet.oracle.submitOutput(target), 'submitOutput')
    let outputIndex: bigint | undefined
    for (const log of receipt.logs) {
      const parsed = devnet.oracle.interface.parseLog(log)
      if (parsed?.name === 'OutputSubmitted') outputIndex = parsed.args[0] as bigint
    }
    outputIndex ??= await devnet.oracle.latestOutputIndex()
    const [bonded, notBondedAfter] = await Promise.all([
      devnet.assetManager.totalValidatorKroBonded(target),
      devnet.assetManager.totalValidatorKroNotBonded(target),
    ])
    return {
      validator: target,
      priority: chosen === undefined,
      outputIndex: Number(outputIndex),
      bondAmount: bondAmount.toString(),
      kro: { bonded: bonded.toString(), notBonded: notBondedAfter.toString() },
      transaction: { hash: receipt.hash, blockNumber: receipt.blockNumber },
    }
  })
}

// ------------------------------------------------------------------------- finalize

export interface FinalizedOutput {
  outputIndex: number
  validator: string
  /** Wei strings, as in the RewardDistributed event. */
  validatorReward: string
  baseReward: string
  boostedReward: string
  unbonded: string
}

export interface FinalizeResult {
  finalized: FinalizedOutput[]
  transaction: SentTx | null
}

/** Finalizes every pending output: its bond is released and its reward paid. */
export function finalizeOutputs(flags: DriveFlags): Promise<FinalizeResult> {
  return withDevnet(flags, async (devnet) => {
    const [latest, next] = await Promise.all([devnet.oracle.latestOutputIndex(), devnet.oracle.nextFinalizeOutputIndex()])
    if (latest < next) return { finalized: [], transaction: null }
    await simulate(() => devnet.oracle.finalizeOutputs.staticCall(), 'Finalizing the pending outputs')
    const receipt = await mined(devnet.oracle.finalizeOutputs(), 'finalizeOutputs')
    const finalized: FinalizedOutput[] = []
    const unbonded: bigint[] = []
    for (const log of receipt.logs) {
      if (log.address === devnet.state.contracts.validatorManager) {
        const parsed = devnet.validatorManager.interface.parseLog(log)
        if (parsed?.name === 'RewardDistributed') {
          // The arguments by name, typed from the ABI's RewardDistributed event.
          const { outputIndex, validator, validatorReward, baseReward, boostedReward } = parsed.args.toObject() as RewardDistributedEvent.OutputObject
          finalized.push({
            outputIndex: Number(outputIndex),
            validator,
            validatorReward: validatorReward.toString(),
            baseReward: baseReward.toString(),
            boostedReward: boostedReward.toString(),
            unbonded: '0',
          })
        }
      } else if (log.address === devnet.state.contracts.assetManager) {
        const parsed = devnet.assetManager.interface.parseLog(log)
        if (parsed?.name === 'ValidatorKroUnbonded') unbonded.push((parsed.args.toObject() as ValidatorKroUnbondedEvent.OutputObject).amount)
      }
    }
    // Each reward comes with the unbonding of its output's bond, in the same order.
    finalized.forEach((output, index) => (output.unbonded = (unbonded[index] ?? 0n).toString()))
    return { finalized, transaction: { hash: receipt.hash, blockNumber: receipt.blockNumber } }
  })
}

// ----------------------------------------------------------------------------- miss

export interface MissResult {
  validator: string
  missedRounds: number
  jailThreshold: number
  jailedAt: number
  jailExpiresAt: number
  transactions: SentTx[]
}

/** `validator` lets its priority rounds pass until the ValidatorManager jails it. */
export function missRounds(validatorFlag: string, flags: DriveFlags): Promise<MissResult> {
  const validator = parseAddress(validatorFlag, 'validator address')
  return withDevnet(flags, async (devnet) => {
    const vm = devnet.validatorManager
    const facts = await factsOf(devnet, validator)
    if (facts.jailed) {
      throw refuse('VALIDATOR_JAILED', `Validator ${validator} is already jailed, until ${formatWhen(facts.jailExpiresAt, devnet.timestamp)}.`, [], {
        jailExpiresAt: Number(facts.jailExpiresAt),
      })
    }
    if (facts.status !== 'ACTIVE' && facts.status !== 'INACTIVE') {
      throw refuse(
        'VALIDATOR_NOT_IN_TREE',
        `Validator ${validator} is ${facts.status}: only a validator in the selection tree (ACTIVE or INACTIVE) is ever the priority validator, so it cannot miss a round.`,
      )
    }
    const threshold = await vm.JAIL_THRESHOLD()
    const transactions: SentTx[] = []
    let jailed = false
    while (!jailed) {
      if (BigInt(transactions.length) >= threshold) throw new Error(`Still not jailed after ${transactions.length} missed rounds`)
      await simulate(() => devnet.oracle.missRound.staticCall(validator), `A missed round for ${shortAddress(validator)}`)
      const receipt = await mined(devnet.oracle.missRound(validator), 'missRound')
      transactions.push({ hash: receipt.hash, blockNumber: receipt.blockNumber })
      jailed = await vm.inJail(validator)
    }
    const [expiresAt, block] = await Promise.all([vm.jailExpiresAt(validator), devnet.provider.getBlock(transactions[transactions.length - 1]!.blockNumber)])
    return {
      validator,
      missedRounds: transactions.length,
      jailThreshold: Number(threshold),
      jailedAt: block?.timestamp ?? 0,
      jailExpiresAt: Number(expiresAt),
      transactions,
    }
  })
}
