import { readFile } from 'node:fs/promises'
import { HDNodeWallet, Mnemonic, Wallet, getAddress, type TransactionLike } from 'ethers'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import { SIGNER_ENV } from './resolve.js'
import type { OpenSignerOptions, SignerSource, TransactionSigner } from './types.js'

/** The signer's address, without unlocking anything (keystores keep it in clear). */
export async function signerAddress(source: SignerSource, options: OpenSignerOptions): Promise<string> {
  const signer = await openSigner(source, options)
  try {
    return signer.address
  } finally {
    await signer.close()
  }
}

export async function openSigner(source: SignerSource, options: OpenSignerOptions): Promise<TransactionSigner> {
  switch (source.kind) {
    case 'private-key':
      return walletSigner(privateKeyWallet(options.env[SIGNER_ENV.privateKey] ?? ''), 'private-key', `private key from ${source.origin}`)
    case 'mnemonic':
      return walletSigner(mnemonicWallet(options.env[SIGNER_ENV.mnemonic] ?? '', source.path), 'mnemonic', `mnemonic from ${source.origin} at ${source.path}`)
    case 'keystore':
      return keystoreSigner(source, options)
    case 'ledger': {
      const { openLedgerSigner } = await import('./ledger/signer.js')
      return openLedgerSigner(source, options)
    }
  }
}

function walletSigner(wallet: Wallet | HDNodeWallet, kind: TransactionSigner['kind'], description: string): TransactionSigner {
  return {
    kind,
    address: wallet.address,
    description,
    signTransaction: (transaction: TransactionLike<string>) => wallet.signTransaction(transaction),
    close: async () => {},
  }
}

/** The address is in the keystore in clear; the password is asked only when something is signed. */
async function keystoreSigner(source: Extract<SignerSource, { kind: 'keystore' }>, options: OpenSignerOptions): Promise<TransactionSigner> {
  const address = keystoreAddress(await readKeystore(source.file))
  let wallet: Promise<Wallet> | undefined
  return {
    kind: 'keystore',
    address,
    description: `keystore ${source.file}`,
    signTransaction: async (transaction: TransactionLike<string>) => {
      wallet ??= decryptKeystore(source, options)
      return (await wallet).signTransaction(transaction)
    },
    close: async () => {},
  }
}

// Messages below never include the secret, not even a fragment of it.
function privateKeyWallet(raw: string): Wallet {
  const key = raw.trim()
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    throw invalidInput('INVALID_PRIVATE_KEY', `${SIGNER_ENV.privateKey} is not a private key. Accepted form: 64 hex digits, with or without 0x.`)
  }
  try {
    return new Wallet(key.startsWith('0x') ? key : `0x${key}`)
  } catch {
    throw invalidInput('INVALID_PRIVATE_KEY', `${SIGNER_ENV.privateKey} is not a valid secp256k1 private key.`)
  }
}

function mnemonicWallet(raw: string, path: string): HDNodeWallet {
  let mnemonic: Mnemonic
  try {
    mnemonic = Mnemonic.fromPhrase(raw.trim().split(/\s+/).join(' '))
  } catch {
    throw invalidInput('INVALID_MNEMONIC', `${SIGNER_ENV.mnemonic} is not a valid BIP-39 mnemonic (12 to 24 English words with a valid checksum).`)
  }
  try {
    return HDNodeWallet.fromMnemonic(mnemonic, path)
  } catch {
    throw invalidInput('INVALID_HD_PATH', `Invalid derivation path "${path}". Accepted form: m/44'/60'/0'/0/0.`)
  }
}

async function readKeystore(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(`Cannot read the keystore file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}.`, {
      code: 'KEYSTORE_UNREADABLE',
      exitCode: ExitCode.signer,
      suggestions: ['Check the path given to --keystore (or `config get keystore`).'],
    })
  }
}

function keystoreAddress(json: string): string {
  try {
    const parsed = JSON.parse(json) as { address?: unknown }
    if (typeof parsed.address === 'string') return getAddress(parsed.address.startsWith('0x') ? parsed.address : `0x${parsed.address}`)
  } catch {
    // fall through to the error below
  }
  throw new CliError('The keystore file is not an Ethereum JSON keystore with an address.', { code: 'KEYSTORE_INVALID', exitCode: ExitCode.signer })
}

async function decryptKeystore(source: Extract<SignerSource, { kind: 'keystore' }>, options: OpenSignerOptions): Promise<Wallet> {
  const json = await readKeystore(source.file)
  const password = await keystorePassword(source, options)
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password)
    return wallet instanceof Wallet ? wallet : new Wallet(wallet.privateKey)
  } catch (error) {
    const wrongPassword = /password/i.test((error as Error).message)
    throw new CliError(
      wrongPassword ? 'Wrong keystore password: the keystore could not be decrypted.' : `The keystore ${source.file} could not be decrypted.`,
      {
        code: wrongPassword ? 'KEYSTORE_WRONG_PASSWORD' : 'KEYSTORE_INVALID',
        exitCode: ExitCode.signer,
        suggestions: ['Check the password (a password file is read whole; a trailing newline is ignored).'],
      },
    )
  }
}

async function keystorePassword(source: Extract<SignerSource, { kind: 'keystore' }>, options: OpenSignerOptions): Promise<string> {
  if (source.passwordFile) {
    try {
      return (await readFile(source.passwordFile, 'utf8')).replace(/\r?\n$/, '')
    } catch (error) {
      throw new CliError(`Cannot read the password file ${source.passwordFile}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}.`, {
        code: 'PASSWORD_FILE_UNREADABLE',
        exitCode: ExitCode.signer,
      })
    }
  }
  if (!options.promptPassword) {
    throw new CliError('The keystore needs a password and there is no terminal to ask for it.', {
      code: 'KEYSTORE_PASSWORD_NEEDED',
      exitCode: ExitCode.signer,
      suggestions: ['Pass --password-file <file> (readable by you only).'],
    })
  }
  return options.promptPassword(`Password for keystore ${source.file}`)
}
