import type { TransactionLike } from 'ethers'

export type SignerKind = 'private-key' | 'mnemonic' | 'keystore' | 'ledger'

/** A signer that can put its signature on fully populated transactions; nothing else. */
export interface TransactionSigner {
  readonly kind: SignerKind
  readonly address: string
  /** Where the key lives, for confirmations: "Ledger at m/44'/60'/0'/0/0". Never the key. */
  readonly description: string
  /** Returns the signed, serialized transaction, ready for eth_sendRawTransaction. */
  signTransaction(transaction: TransactionLike<string>): Promise<string>
  close(): Promise<void>
}

/** Which signer the operator chose, before anything is opened or decrypted. */
export type SignerSource =
  | { kind: 'private-key'; origin: string }
  | { kind: 'mnemonic'; origin: string; path: string }
  | { kind: 'keystore'; file: string; passwordFile?: string }
  | { kind: 'ledger'; path: string; speculosUrl?: string }

/** What opening a signer may need from its surroundings. */
export interface OpenSignerOptions {
  env: NodeJS.ProcessEnv
  /** Asks for the keystore password when no file gives it; absent off a terminal. */
  promptPassword?: (question: string) => Promise<string>
  /** Called while a hardware wallet waits for the operator. */
  onDeviceConfirmation?: () => void
}
