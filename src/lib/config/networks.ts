/** A network the CLI knows by name: a built-in preset or a profile saved in the config. */
export interface NetworkProfile {
  name: string
  chainId: number
  rpcUrl?: string
  validatorManager: string
  assetManager: string
  multicall3: string
  /** The V1 ValidatorPool (ETH), where the network has one. */
  validatorPool?: string
  /** Base URL of a block explorer, without trailing slash; none for local chains. */
  explorer?: string
  /** True for a local chain started by `devnet start`: its test keys are public. */
  devnet?: boolean
  /** Blocks the contracts were deployed in: where their history starts. */
  deploymentBlocks?: DeploymentBlocks
}

export interface DeploymentBlocks {
  validatorManager: number
  assetManager: number
  /** The V1 ValidatorPool (ETH). */
  validatorPool: number
}

export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11'

export const PRESETS: Readonly<Record<string, NetworkProfile>> = {
  mainnet: {
    name: 'mainnet',
    chainId: 1,
    validatorManager: '0x232277d9672eEdd53c4B26C0F386C2Eb88DC7363',
    assetManager: '0xa295310DE52b86F236A815AFb2f518F3C0F5A6D3',
    multicall3: MULTICALL3_ADDRESS,
    validatorPool: '0xFdFF462845953D90719A78Fd12a2d103541d2103',
    explorer: 'https://etherscan.io',
    deploymentBlocks: { validatorManager: 21010651, assetManager: 21010650, validatorPool: 18067270 },
  },
  sepolia: {
    name: 'sepolia',
    chainId: 11155111,
    validatorManager: '0x18189f55FD29759CE51F13DCF0A9cCC1E41dFCC7',
    assetManager: '0x5E9c8dB8f0aE21eA23eF53893dE2474E07D1CD91',
    multicall3: MULTICALL3_ADDRESS,
    validatorPool: '0xbc171C51D9e3E0b24AA4606824e45F93DdE6E352',
    explorer: 'https://sepolia.etherscan.io',
    deploymentBlocks: { validatorManager: 6641357, assetManager: 6641356, validatorPool: 3841500 },
  },
}

/** Finds the preset whose contracts these are: addresses identify a network without guessing. */
export function presetByValidatorManager(address: string): NetworkProfile | undefined {
  const wanted = address.toLowerCase()
  return Object.values(PRESETS).find((preset) => preset.validatorManager.toLowerCase() === wanted)
}
