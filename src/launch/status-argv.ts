import { CHAIN_ID, RPC_TIMEOUT_SECONDS } from '../lib/command/limits.js'

export interface StatusArgv {
  flags: {
    json: boolean
    ledger: false
    network?: string
    'rpc-url'?: string
    'validator-manager'?: string
    'asset-manager'?: string
    'chain-id'?: number
    'rpc-timeout': number
  }
  addresses: string[]
}

const STRING_FLAGS = new Set(['network', 'rpc-url', 'validator-manager', 'asset-manager'])
const INTEGER_FLAGS: Record<string, { min: number; max: number }> = { 'chain-id': CHAIN_ID, 'rpc-timeout': RPC_TIMEOUT_SECONDS }

/**
 * The plain forms of `status` arguments, parsed as oclif parses them: addresses, --json and the
 * connection flags, each once, as `--flag value` or `--flag=value`, integers within their bounds.
 * Undefined for anything else (signer flags, a malformed or repeated flag, --help), which oclif
 * then parses and, when wrong, explains.
 */
export function parseStatusArgv(argv: readonly string[]): StatusArgv | undefined {
  const flags: StatusArgv['flags'] = { json: false, ledger: false, 'rpc-timeout': RPC_TIMEOUT_SECONDS.default }
  const given = new Set<string>()
  const addresses: string[] = []
  let onlyArguments = false
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!
    if (onlyArguments || !token.startsWith('-')) {
      addresses.push(token)
      continue
    }
    if (token === '--') {
      onlyArguments = true
      continue
    }
    if (!token.startsWith('--')) return undefined
    const equals = token.indexOf('=')
    const name = equals === -1 ? token.slice(2) : token.slice(2, equals)
    if (given.has(name)) return undefined
    given.add(name)
    if (name === 'json' && equals === -1) {
      flags.json = true
      continue
    }
    const integer = INTEGER_FLAGS[name]
    if (!STRING_FLAGS.has(name) && !integer) return undefined
    const value = equals === -1 ? argv[++index] : token.slice(equals + 1)
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    if (integer) {
      if (!/^\d{1,16}$/.test(value)) return undefined
      const number = Number(value)
      if (number < integer.min || number > integer.max) return undefined
      flags[name as 'chain-id' | 'rpc-timeout'] = number
    } else {
      flags[name as 'network' | 'rpc-url' | 'validator-manager' | 'asset-manager'] = value
    }
  }
  return { flags, addresses }
}
