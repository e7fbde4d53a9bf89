import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { Command } from '@oclif/core'
import type { ContextFlags } from '../lib/chain-context.js'
import { INTEGER_FLAGS, SIGNER_GROUP } from '../lib/input/limits.js'

export interface StatusArgv {
  flags: ContextFlags & { json: boolean }
  addresses: string[]
}

/**
 * What the fast lane reads of a flag's definition: members of the same name in oclif's flag
 * definitions and in its manifest (which the launcher reads).
 */
export type FlagDefinition = Pick<
  Command.Flag.Cached,
  | 'type'
  | 'default'
  | 'required'
  | 'helpGroup'
  | 'env'
  | 'dependsOn'
  | 'exclusive'
  | 'exactlyOne'
  | 'combinable'
  | 'atLeastOne'
  | 'relationships'
  | 'deprecated'
  | 'aliases'
  | 'charAliases'
> & { multiple?: boolean; options?: readonly string[]; allowNo?: boolean }

type Value = string | number | boolean

const BOUNDS = new Map<string, { min: number; max: number }>(Object.entries(INTEGER_FLAGS))

/** The parser's tokens; undefined for an unknown flag, a boolean given a value, a value missing or led by a dash. */
function tokenize(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true }).tokens
  } catch {
    return undefined
  }
}

/**
 * A flag the fast lane takes as oclif would: a boolean, a string or a whole number within its
 * bounds (INTEGER_FLAGS), given once in its long form. Not: the signer's flags, and any flag whose
 * definition asks more of the parser (an environment variable, a choice of values, relations to
 * other flags, aliases, `--no-` forms, repeats).
 */
function plain(definition: FlagDefinition): boolean {
  return (
    definition.helpGroup !== SIGNER_GROUP &&
    !definition.multiple &&
    !definition.allowNo &&
    definition.options === undefined &&
    definition.env === undefined &&
    definition.deprecated === undefined &&
    [
      definition.dependsOn,
      definition.exclusive,
      definition.exactlyOne,
      definition.combinable,
      definition.atLeastOne,
      definition.relationships,
      definition.aliases,
      definition.charAliases,
    ].every((list) => list === undefined || list.length === 0)
  )
}

/** A default the manifest can hold; oclif computes any other when it parses. */
function isValue(value: unknown): value is Value | undefined {
  return ['undefined', 'string', 'number', 'boolean'].includes(typeof value)
}

/**
 * `status` arguments parsed as oclif parses them, with node:util's parseArgs configured from the
 * command's flag definitions: addresses and the plain flags (see plain()), as `--flag value` or
 * `--flag=value`. Undefined for anything else (a flag that is not plain, unknown or repeated; a
 * short form; a missing, empty or dash-led value; an integer out of its bounds; a required flag
 * missing; a computed default; --help), which oclif then parses and, when wrong, explains.
 */
export function parseStatusArgv(argv: readonly string[], definitions: Readonly<Record<string, FlagDefinition>>): StatusArgv | undefined {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [name, definition] of Object.entries(definitions)) {
    if (plain(definition)) options[name] = { type: definition.type === 'boolean' ? 'boolean' : 'string' }
  }
  const tokens = tokenize(argv, options)
  if (!tokens) return undefined
  const values: Record<string, Value | undefined> = {}
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isValue(definition.default)) return undefined
    values[name] = definition.default ?? (definition.type === 'boolean' ? false : undefined)
  }
  const given = new Set<string>()
  const addresses: string[] = []
  let onlyArguments = false
  for (const token of tokens) {
    if (token.kind === 'option-terminator') onlyArguments = true
    if (token.kind === 'positional') {
      if (!onlyArguments && token.value.startsWith('-')) return undefined // "-": oclif decides
      addresses.push(token.value)
    }
    if (token.kind !== 'option') continue
    if (!token.rawName.startsWith('--') || given.has(token.name)) return undefined
    given.add(token.name)
    if (token.value === undefined) {
      values[token.name] = true
      continue
    }
    if (token.value === '' || token.value.startsWith('-')) return undefined
    const bounds = BOUNDS.get(token.name)
    if (!bounds) {
      values[token.name] = token.value
      continue
    }
    const number = /^\d{1,16}$/.test(token.value) ? Number(token.value) : Number.NaN
    if (!(number >= bounds.min && number <= bounds.max)) return undefined
    values[token.name] = number
  }
  if (Object.entries(definitions).some(([name, definition]) => definition.required && !given.has(name))) return undefined
  return { flags: values as StatusArgv['flags'], addresses }
}
