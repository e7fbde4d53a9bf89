import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { CliError, ExitCode, invalidInput } from '../errors.js'
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
 * The saved settings and network profiles: one JSON file, readable by its owner only. Reading it
 * is a plain file read (every command does it, so it stays cheap), and nothing is written until
 * something is saved; a save replaces the file whole (written aside, then renamed into place).
 * The format is the one the `conf` package wrote before: tab-indented JSON.
 */
export class ConfigStore {
  readonly path: string

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.path = join(env[CONFIG_DIR_ENV] || defaultConfigDir(env), 'config.json')
    // A file written by an older version, or by hand, may be readable by others.
    if (existsSync(this.path)) chmodSync(this.path, 0o600)
  }

  private read(): StoredConfig {
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

  private write(config: StoredConfig): void {
    mkdirSync(dirname(this.path), { recursive: true })
    const temporary = `${this.path}.${process.pid}.tmp`
    try {
      writeFileSync(temporary, JSON.stringify(config, undefined, '\t'), { mode: 0o600 })
      renameSync(temporary, this.path)
    } catch (error) {
      rmSync(temporary, { force: true })
      throw error
    }
  }

  private update(change: (config: StoredConfig) => void): void {
    const config = this.read()
    change(config)
    this.write(config)
  }

  get(key: ConfigKey): string | undefined {
    return this.read().settings[key]
  }

  list(): Partial<Record<ConfigKey, string>> {
    return this.read().settings
  }

  set(key: ConfigKey, value: string): void {
    if (looksLikeSecret(value)) throw secretRefused(key)
    this.update((config) => {
      config.settings[key] = value
    })
  }

  unset(key: ConfigKey): void {
    this.update((config) => {
      delete config.settings[key]
    })
  }

  profile(name: string): NetworkProfile | undefined {
    return this.read().profiles[name]
  }

  profileNames(): string[] {
    return Object.keys(this.read().profiles)
  }

  saveProfile(profile: NetworkProfile): void {
    this.update((config) => {
      config.profiles[profile.name] = profile
    })
  }

  removeProfile(name: string): void {
    this.update((config) => {
      delete config.profiles[name]
    })
  }
}
