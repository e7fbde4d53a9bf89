import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Interface, type InterfaceAbi } from 'ethers'
import type { ContractName, PlannedCall } from '../actions/types.js'
import { AssetManager__factory, ERC20__factory, KGH__factory, ValidatorManager__factory, ValidatorPool__factory } from '../chain/types/index.js'
import { CliError, ExitCode } from '../errors.js'
import { safeBatch, type SafeBatchFile, type SafeBatchTransaction } from './batch.js'

const ABIS: Record<ContractName, InterfaceAbi> = {
  KRO: ERC20__factory.abi,
  ValidatorManager: ValidatorManager__factory.abi,
  AssetManager: AssetManager__factory.abi,
  ValidatorPool: ValidatorPool__factory.abi,
  KGH: KGH__factory.abi,
}

export interface SafePlan {
  chainId: number
  /** The Safe that will send the calls. */
  safe: string
  actionName: string
  calls: PlannedCall[]
  notices: string[]
  createdAt: number
}

/** The plan as a Transaction Builder batch: each call with its method and arguments, decoded from its calldata. */
export function safeBatchFor(plan: SafePlan): SafeBatchFile {
  return safeBatch({
    chainId: plan.chainId,
    safe: plan.safe,
    name: `kroma-validator ${plan.actionName}`,
    description: [`${plan.actionName} from the Safe ${plan.safe}, planned by kroma-validator.`, ...plan.notices].join(' '),
    createdAt: plan.createdAt,
    transactions: plan.calls.map(safeTransaction),
  })
}

function safeTransaction(call: PlannedCall): SafeBatchTransaction {
  const parsed = new Interface(ABIS[call.contract]).parseTransaction({ data: call.data })
  if (!parsed) throw new Error(`${call.contract} has no function for the calldata of ${call.function}`)
  const { fragment, args } = parsed
  return {
    to: call.to,
    value: '0',
    data: call.data,
    contractMethod: {
      inputs: fragment.inputs.map((input) => ({ internalType: input.type, name: input.name, type: input.type })),
      name: fragment.name,
      payable: fragment.payable,
    },
    contractInputsValues: Object.fromEntries(fragment.inputs.map((input, index) => [input.name, inputValue(args[index])])),
  }
}

/** An argument as the Transaction Builder writes it: numbers in base 10, arrays as [a,b]. */
function inputValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inputValue).join(',')}]`
  return String(value)
}

/** Writes the plan's batch file; returns its absolute path. */
export function writeSafeBatchFile(path: string, plan: SafePlan): string {
  const target = resolve(path)
  try {
    writeFileSync(target, `${JSON.stringify(safeBatchFor(plan), null, 2)}\n`)
  } catch (error) {
    throw new CliError(`Cannot write the Safe transaction file ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      code: 'CANNOT_WRITE_FILE',
      exitCode: ExitCode.invalidInput,
      suggestions: ['Give --safe-tx-file a path in a folder that exists and that you can write to.'],
      cause: error,
    })
  }
  return target
}
