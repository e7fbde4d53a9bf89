import type { Interfaces } from '@oclif/core'
import type { signerFlags } from '../input/flags.js'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import { LedgerPathError, PATH_EXAMPLE, parseAccountPath } from './ledger/path.js'
import type { SignerSource } from './types.js'

export const DEFAULT_HD_PATH = "m/44'/60'/0'/0/0"

export const SIGNER_ENV = {
  privateKey: 'VALIDATOR_PRIVATE_KEY',
  mnemonic: 'VALIDATOR_MNEMONIC',
  hdPath: 'VALIDATOR_HD_PATH',
  speculosUrl: 'KROMA_LEDGER_SPECULOS_URL',
} as const

/** The signer flags, as their definitions type them; each may be left out. */
export type SignerFlags = Partial<Omit<Interfaces.InferredFlags<typeof signerFlags>, 'json'>>

export interface SignerSettings {
  keystore?: string
  'hd-path'?: string
}

/**
 * Picks the signer: an explicit flag (--ledger, --keystore) wins over the environment, then
 * the configured keystore. Two secrets in the environment at once are refused rather than
 * one of them silently preferred: signing with the wrong key moves the wrong stake.
 */
export function resolveSignerSource(flags: SignerFlags, env: NodeJS.ProcessEnv, settings: SignerSettings): SignerSource | undefined {
  // A boolean flag's default satisfies oclif's dependsOn, so the pairing is checked here.
  if (flags['ledger-index'] !== undefined && !flags.ledger) {
    throw invalidInput('LEDGER_INDEX_WITHOUT_LEDGER', '--ledger-index selects a Ledger account, so it needs --ledger.', [
      'Add --ledger, or leave out --ledger-index.',
    ])
  }
  const hdPath =
    flags['ledger-index'] !== undefined
      ? `m/44'/60'/${flags['ledger-index']}'/0/0`
      : (flags['hd-path'] ?? nonEmpty(env[SIGNER_ENV.hdPath]) ?? settings['hd-path'] ?? DEFAULT_HD_PATH)
  if (flags.ledger) return { kind: 'ledger', path: parseHdPathInput(hdPath), speculosUrl: nonEmpty(env[SIGNER_ENV.speculosUrl]) }
  if (flags.keystore) return { kind: 'keystore', file: flags.keystore, passwordFile: flags['password-file'] }
  const privateKey = nonEmpty(env[SIGNER_ENV.privateKey])
  const mnemonic = nonEmpty(env[SIGNER_ENV.mnemonic])
  if (privateKey && mnemonic) {
    throw invalidInput('AMBIGUOUS_SIGNER', `Both ${SIGNER_ENV.privateKey} and ${SIGNER_ENV.mnemonic} are set: unset one so it is clear which key signs.`)
  }
  if (privateKey) return { kind: 'private-key', origin: SIGNER_ENV.privateKey }
  if (mnemonic) return { kind: 'mnemonic', origin: SIGNER_ENV.mnemonic, path: parseHdPathInput(hdPath) }
  if (settings.keystore) return { kind: 'keystore', file: settings.keystore, passwordFile: flags['password-file'] }
  return undefined
}

/** An account path as --hd-path, VALIDATOR_HD_PATH and `config set hd-path` take it, in canonical form. */
export function parseHdPathInput(path: string): string {
  try {
    return parseAccountPath(path)
  } catch (error) {
    if (!(error instanceof LedgerPathError)) throw error
    throw invalidInput('INVALID_HD_PATH', `Invalid derivation path "${path}": ${error.reason}. Accepted form: ${PATH_EXAMPLE}.`, [
      `In a shell, put the path in double quotes: "${PATH_EXAMPLE}".`,
    ])
  }
}

export function requireSignerSource(source: SignerSource | undefined): SignerSource {
  if (source) return source
  throw new CliError('No signer: this command sends a transaction and needs a key to sign it.', {
    code: 'NO_SIGNER',
    exitCode: ExitCode.signer,
    suggestions: [
      `Set ${SIGNER_ENV.privateKey} (as in kroma-up's .env), or ${SIGNER_ENV.mnemonic} with ${SIGNER_ENV.hdPath}.`,
      'Or pass --keystore <file> (with --password-file or a hidden prompt), or --ledger.',
    ],
  })
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined
}
