import { parseAddress } from '../address.js'
import { maskUrl } from '../chain/url.js'
import { invalidInput } from '../errors.js'
import { CONFIG_KEYS, ConfigStore, isConfigKey, looksLikeSecret, secretRefused, type ConfigKey } from './store.js'
import { PRESETS } from './networks.js'
import { RPC_URL_FORM } from './connection.js'
import { parseHdPathInput } from '../signers/resolve.js'

export function parseConfigKey(raw: string): ConfigKey {
  if (isConfigKey(raw)) return raw
  throw invalidInput('UNKNOWN_CONFIG_KEY', `Unknown configuration key "${raw}". Keys: ${CONFIG_KEYS.join(', ')}.`)
}

/** A saved value as it may be shown: an RPC URL without its key or password. */
export function shownSetting(key: string, value: string): string {
  return key === 'rpc-url' ? maskUrl(value) : value
}

/** Checks a value the way the matching flag would, so a bad value is refused when saved, not later. */
export function normalizeSetting(key: ConfigKey, value: string, store: ConfigStore): string {
  // First: the checks below quote a bad value back, and a secret must not reach the terminal either.
  if (looksLikeSecret(value)) throw secretRefused(key)
  switch (key) {
    case 'network':
      if (!(value in PRESETS) && !store.profile(value)) {
        throw invalidInput('UNKNOWN_NETWORK', `Unknown network "${value}". Known networks: ${[...Object.keys(PRESETS), ...store.profileNames()].join(', ')}.`)
      }
      return value
    case 'rpc-url':
      if (!/^https?:\/\/[^\s]+$/.test(value)) throw invalidInput('INVALID_RPC_URL', `Invalid RPC URL. ${RPC_URL_FORM}`)
      return value
    case 'validator-manager':
    case 'asset-manager':
    case 'validator':
    case 'validator-pool':
      return parseAddress(value, key)
    case 'hd-path':
      return parseHdPathInput(value)
    case 'keystore':
      return value
  }
}
