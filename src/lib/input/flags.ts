import { Flags } from '@oclif/core'
import { INTEGER_FLAGS, SIGNER_GROUP } from './limits.js'

/**
 * The flags every command takes, defined once: commands spread these groups, and the deciding
 * layers type what they take from them (Interfaces.InferredFlags). Light on purpose: every command
 * file imports this, and --help must stay fast.
 */

export const outputFlags = {
  json: Flags.boolean({ description: 'Print one JSON document on stdout; everything else goes to stderr.', default: false }),
}

export const connectionFlags = {
  network: Flags.string({ description: 'Network: mainnet, sepolia or a saved profile such as devnet. [env: KROMA_NETWORK]', helpGroup: 'CONNECTION' }),
  'rpc-url': Flags.string({ description: 'L1 JSON-RPC endpoint (http or https). [env: VALIDATOR_L1_ETH_RPC]', helpGroup: 'CONNECTION' }),
  'validator-manager': Flags.string({ description: 'ValidatorManager address. [env: VALIDATOR_VALMGR_ADDRESS]', helpGroup: 'CONNECTION' }),
  'asset-manager': Flags.string({ description: 'AssetManager address. [env: VALIDATOR_ASSETMANAGER_ADDRESS]', helpGroup: 'CONNECTION' }),
  'chain-id': Flags.integer({
    description: 'Chain id of a custom deployment, checked against the RPC. [env: KROMA_CHAIN_ID]',
    min: INTEGER_FLAGS['chain-id'].min,
    helpGroup: 'CONNECTION',
  }),
  'rpc-timeout': Flags.integer({
    description: 'Seconds to wait for each RPC answer.',
    default: INTEGER_FLAGS['rpc-timeout'].default,
    min: INTEGER_FLAGS['rpc-timeout'].min,
    max: INTEGER_FLAGS['rpc-timeout'].max,
    helpGroup: 'CONNECTION',
  }),
}

/** The V1 ValidatorPool, for the commands that use it. */
export const poolFlags = {
  'validator-pool': Flags.string({
    description: 'V1 ValidatorPool address (mainnet and sepolia know theirs). [env: VALIDATOR_VALPOOL_ADDRESS]',
    helpGroup: 'CONNECTION',
  }),
}

export const signerFlags = {
  keystore: Flags.string({ description: 'Sign with this Ethereum JSON keystore file.', helpGroup: SIGNER_GROUP, exclusive: ['ledger'] }),
  'password-file': Flags.string({
    description: 'File holding the keystore password (otherwise a hidden prompt).',
    helpGroup: SIGNER_GROUP,
    dependsOn: ['keystore'],
  }),
  ledger: Flags.boolean({
    description: 'Sign on a Ledger (USB, or the Speculos emulator at KROMA_LEDGER_SPECULOS_URL).',
    helpGroup: SIGNER_GROUP,
    default: false,
  }),
  'hd-path': Flags.string({
    description: "Derivation path for --ledger or VALIDATOR_MNEMONIC. [default: m/44'/60'/0'/0/0] [env: VALIDATOR_HD_PATH]",
    helpGroup: SIGNER_GROUP,
  }),
  'ledger-index': Flags.integer({
    description: "Ledger Live account index N: path m/44'/60'/N'/0/0.",
    helpGroup: SIGNER_GROUP,
    min: 0,
    max: 2_147_483_647,
    exclusive: ['hd-path'],
  }),
}

export const transactionFlags = {
  yes: Flags.boolean({
    char: 'y',
    description: 'Send without asking. Needed to send when stdin is not a terminal (scripts, ssh without -t).',
    default: false,
    helpGroup: 'TRANSACTION',
  }),
  'dry-run': Flags.boolean({ description: 'Check and simulate, sign nothing, print the planned transactions.', default: false, helpGroup: 'TRANSACTION' }),
  confirmations: Flags.integer({ description: 'Blocks to wait for after inclusion.', default: 1, min: 1, max: 100, helpGroup: 'TRANSACTION' }),
  timeout: Flags.integer({ description: 'Seconds to wait for each transaction to be mined.', default: 300, min: 1, max: 86_400, helpGroup: 'TRANSACTION' }),
  nonce: Flags.integer({ description: 'Nonce of the first transaction (to replace a stuck one); later ones follow it.', min: 0, helpGroup: 'TRANSACTION' }),
  'gas-limit': Flags.string({ description: 'Gas limit for each transaction instead of the estimate plus 20%.', helpGroup: 'TRANSACTION' }),
  'max-fee-per-gas': Flags.string({ description: 'EIP-1559 max fee per gas, in wei or with a unit (30gwei).', helpGroup: 'TRANSACTION' }),
  'max-priority-fee-per-gas': Flags.string({ description: 'EIP-1559 priority fee per gas, in wei or with a unit (2gwei).', helpGroup: 'TRANSACTION' }),
  from: Flags.string({ description: 'Plan as this sender without signing (a Safe, another contract): with --dry-run.', helpGroup: 'TRANSACTION' }),
  'safe-tx-file': Flags.string({ description: 'With --dry-run: write the plan to this file as a Safe Transaction Builder batch.', helpGroup: 'TRANSACTION' }),
}

/** --amount of the V1 ValidatorPool's withdrawals. */
export const ethAmountFlag = Flags.string({ description: 'ETH to withdraw: wei, with the unit (0.5ETH), or max (the whole balance).', required: true })

/** --no-cache of the commands that read events. */
export const noCacheFlag = Flags.boolean({ description: 'Read every block again instead of using the cache (the cache is then refreshed).', default: false })

/** Every sending command's flags: how to send, who signs, where, and the output. */
export const sendingFlags = {
  ...transactionFlags,
  ...signerFlags,
  ...connectionFlags,
  ...outputFlags,
}

/** Flags of the commands that drive the devnet's chain. */
export const devnetFlags = {
  'rpc-url': Flags.string({
    description: "The devnet's RPC URL (default: the one `devnet start` saved). Any other endpoint is refused: these commands only drive that devnet.",
  }),
  ...outputFlags,
}
