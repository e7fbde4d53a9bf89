import { chmodSync, existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { CliError, ExitCode, invalidInput } from '../errors.js'
import type { NetworkProfile } from './networks.js'

/** Keys `config set` accepts: the long flag names they stand for. */
export const CONFIG_KEYS = ['network', 'rpc-url', 'validator-manager', 'asset-manager', 'hd-path', 'keystore', 'validator', 'validator-pool'] as const
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
  return invalidInput(
    'SECRET_REFUSED',
    `Refusing to store a value for "${key}" that looks like a private key or mnemonic: the configuration file is not a place for secrets.`,
    ['Pass keys through VALIDATOR_PRIVATE_KEY, VALIDATOR_MNEMONIC, --keystore or --ledger instead.'],
  )
}

/**
 * The folder of the configuration file when KROMA_VALIDATOR_CONFIG_DIR does not move it: where
 * the `conf` package (through env-paths) kept it, so existing settings are found.
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const name = 'kroma-validator'
  if (platform === 'darwin') return join(homedir(), 'Library', 'Preferences', name)
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), name, 'Config')
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), name)
}

function defaults(): StoredConfig {
  return { settings: {}, profiles: {} }
}

/**
 * The saved settings and network profiles: one JSON file, readable by its owner only, kept by
 * the `conf` package. Every command reads it, so reading is a plain file read of conf's JSON
 * (loading conf costs ~70 ms at start); conf is loaded only to save, which it does atomically
 * with the file's mode set to 0600. Nothing is written until something is saved.
 */
export class ConfigStore {
  readonly path: string

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.path = join(env[CONFIG_DIR_ENV] || defaultConfigDir(env), 'config.json')
    // A file written by an older version, or by hand, may be readable by others.
    if (existsSync(this.path)) chmodSync(this.path, 0o600)
  }

  /** Read once per store: a command asks for settings, a profile and profile names in turn. */
  private stored: StoredConfig | undefined

  private read(): StoredConfig {
    return (this.stored ??= this.load())
  }

  private load(): StoredConfig {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaults()
      throw error
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new CliError(`The configuration file ${this.path} is not valid JSON.`, {
        code: 'CONFIG_INVALID',
        exitCode: ExitCode.invalidInput,
        suggestions: ['Fix it by hand, or delete it and save the settings again with `kroma-validator config set`.'],
      })
    }
    const stored = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Partial<StoredConfig>) : {}
    return { ...stored, settings: { ...stored.settings }, profiles: { ...stored.profiles } }
  }

  private async update(change: (config: StoredConfig) => void): Promise<void> {
    const config = structuredClone(this.read())
    change(config)
    const { default: Conf } = await import('conf')
    const conf = new Conf<StoredConfig>({ projectName: 'kroma-validator', cwd: dirname(this.path), configFileMode: 0o600 })
    conf.store = config
    this.stored = config
  }

  get(key: ConfigKey): string | undefined {
    return this.read().settings[key]
  }

  list(): Partial<Record<ConfigKey, string>> {
    return { ...this.read().settings }
  }

  async set(key: ConfigKey, value: string): Promise<void> {
    if (looksLikeSecret(value)) throw secretRefused(key)
    await this.update((config) => {
      config.settings[key] = value
    })
  }

  async unset(key: ConfigKey): Promise<void> {
    await this.update((config) => {
      delete config.settings[key]
    })
  }

  profile(name: string): NetworkProfile | undefined {
    return this.read().profiles[name]
  }

  profileNames(): string[] {
    return Object.keys(this.read().profiles)
  }

  async saveProfile(profile: NetworkProfile): Promise<void> {
    await this.update((config) => {
      config.profiles[profile.name] = profile
    })
  }

  async removeProfile(name: string): Promise<void> {
    await this.update((config) => {
      delete config.profiles[name]
    })
  }
}
