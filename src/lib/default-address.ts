import { parseAddress } from './address.js'
import type { ConfigKey } from './config/store.js'
import { CliError, ExitCode } from './errors.js'
import { resolveSignerSource, type SignerFlags } from './signers/resolve.js'

export interface DefaultAddressOptions {
  /** 'validator': the configured validator unless a signer is chosen explicitly (--ledger, --keystore); 'signer': any signer first. */
  prefer: 'validator' | 'signer'
  /** The command line that names an address, for the message when there is none. */
  example: string
}

/** The address a read-only command shows when none is given: the signer's, or the configured validator. */
export async function defaultAddress(settings: Partial<Record<ConfigKey, string>>, flags: SignerFlags, options: DefaultAddressOptions): Promise<string> {
  const explicit = flags.ledger || flags.keystore !== undefined
  const configured = settings.validator ? () => parseAddress(settings.validator!, 'configured validator address (config validator)') : undefined
  if (options.prefer === 'validator' && !explicit && configured) return configured()
  const source = resolveSignerSource(flags, process.env, settings)
  if (!source) {
    if (configured) return configured()
    throw new CliError('Which address? None was given, none is configured and no signer is set.', {
      code: 'NO_ADDRESS',
      exitCode: ExitCode.invalidInput,
      suggestions: [`Pass an address: \`${options.example}\`, or save one: \`kroma-validator config set validator 0x…\`.`],
    })
  }
  // Only here is a signer opened (ethers): an address given or configured never loads it.
  const { signerAddress } = await import('./signers/open.js')
  return signerAddress(source, { env: process.env })
}
