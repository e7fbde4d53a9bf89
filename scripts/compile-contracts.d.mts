// Types for compile-contracts.mjs, so TypeScript tests can import it under strict mode.

export interface AbiParameter {
  name: string
  type: string
  internalType?: string
  indexed?: boolean
  components?: AbiParameter[]
}

export interface AbiItem {
  type: 'function' | 'event' | 'error' | 'constructor' | 'fallback' | 'receive'
  name?: string
  inputs?: AbiParameter[]
  outputs?: AbiParameter[]
  stateMutability?: string
  anonymous?: boolean
}

export interface ContractArtifact {
  contractName: string
  abi: AbiItem[]
  bytecode: string
  deployedBytecode: string
}

export declare const ROOT_DIR: string
export declare const CONTRACTS_DIR: string
export declare const ARTIFACTS_DIR: string
export declare const SOLC_SETTINGS: Record<string, unknown>

export declare function compileContracts(): {
  solcVersion: string
  artifacts: ContractArtifact[]
  warnings: string[]
}

export declare function serializeArtifact(artifact: ContractArtifact): string
