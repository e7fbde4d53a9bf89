import { chmodSync, existsSync } from 'node:fs'
import Conf from 'conf'
import { invalidInput } from '../errors.js'
import type { NetworkProfile } from './networks.js'

/** Keys `config set` accepts: the long flag names they stand for. */
export const CONFIG_KEYS = ['network', 'rpc-url', 'validator-manager', 'asset-manager', 'hd-path', 'keystore', 'validator'] as const
export type ConfigKey = (typeof CONFIG_KEYS)[number]

export interface StoredConfig {
  settings: Partial<Record<ConfigKey, string>>
  profiles: Record<string, NetworkProfile>
}

/** Tests and operators with several setups point the store elsewhere with this variable. */
export const CONFIG_DIR_ENV = 'KROMA_VALIDATOR_CONFIG_DIR'

export function isConfigKey(key: string): key is ConfigKey {
  return (CONFIG_KEYS as readonly string[]).includes(key)
}

// A 64-hex-digit string is a private key, and 12+ lowercase words a mnemonic: neither belongs in a file.
const PRIVATE_KEY_PATTERN = /(?:^|[^0-9a-f])(?:0x)?[0-9a-f]{64}(?:$|[^0-9a-f])/i
const MNEMONIC_PATTERN = /^\s*(?:[a-z]+\s+){11,}[a-z]+\s*$/

export function looksLikeSecret(value: string): boolean {
  return PRIVATE_KEY_PATTERN.test(value) || MNEMONIC_PATTERN.test(value)
}

/** The refusal of a secret; it never quotes the value. */
export function secretRefused(key: string) {
  return invalidInput('SECRET_REFUSED', `Refusing to store a value for "${key}" that looks like a private key or mnemonic: the configuration file is not a place for secrets.`, [
    'Pass keys through VALIDATOR_PRIVATE_KEY, VALIDATOR_MNEMONIC, --keystore or --ledger instead.',
  ])
}

export class ConfigStore {
  private readonly conf: Conf<StoredConfig>

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const cwd = env[CONFIG_DIR_ENV]
    this.conf = new Conf<StoredConfig>({
      projectName: 'kroma-validator',
      projectSuffix: '',
      ...(cwd ? { cwd } : {}),
      configFileMode: 0o600,
      defaults: { settings: {}, profiles: {} },
    })
    // conf creates the file with the mode, but a file written by an older version may be wider.
    if (existsSync(this.conf.path)) chmodSync(this.conf.path, 0o600)
  }

  get path(): string {
    return this.conf.path
  }

  get(key: ConfigKey): string | undefined {
    return this.conf.get('settings')[key]
  }

  list(): Partial<Record<ConfigKey, string>> {
    return { ...this.conf.get('settings') }
  }

  set(key: ConfigKey, value: string): void {
    if (looksLikeSecret(value)) throw secretRefused(key)
    this.conf.set('settings', { ...this.conf.get('settings'), [key]: value })
  }

  unset(key: ConfigKey): void {
    const settings = { ...this.conf.get('settings') }
    delete settings[key]
    this.conf.set('settings', settings)
  }

  profile(name: string): NetworkProfile | undefined {
    return this.conf.get('profiles')[name]
  }

  profileNames(): string[] {
    return Object.keys(this.conf.get('profiles'))
  }

  saveProfile(profile: NetworkProfile): void {
    this.conf.set('profiles', { ...this.conf.get('profiles'), [profile.name]: profile })
  }

  removeProfile(name: string): void {
    const profiles = { ...this.conf.get('profiles') }
    delete profiles[name]
    this.conf.set('profiles', profiles)
  }
}
