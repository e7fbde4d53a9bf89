import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CommandHelp, Help, getHelpFlagAdditions, standardizeIDFromArgv } from '@oclif/core/help'
import type { Command, Interfaces } from '@oclif/core'

type PackageJson = Interfaces.PJSON & { version: string; oclif: Interfaces.PJSON['oclif'] & { helpOptions?: Interfaces.HelpOptions } }

/**
 * Shows a command's help with oclif's own Help class (bundled into this file, so that none of
 * oclif's runner loads), given the part of oclif's Config that help reads, taken from the
 * manifest. Returns false, leaving it to oclif, for anything but one of our commands without
 * subcommands, dynamic help or a user theme.
 */
export async function showCommandHelp(argv: readonly string[], root: URL): Promise<boolean> {
  const pjson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as PackageJson
  const manifest = JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8')) as Interfaces.Manifest
  // A manifest of another version is not trusted (oclif itself then reads the command files).
  if (manifest.version !== pjson.version || hasUserTheme(pjson) || (pjson.oclif.additionalHelpFlags ?? []).length > 0) return false
  const commands = Object.values(manifest.commands)
  const config = manifestConfig(pjson, commands)
  const subject = helpSubject(argv, config)
  const command = subject === undefined ? undefined : config.findCommand(subject)
  if (!command || command.hasDynamicHelp || commands.some((other) => other.id.startsWith(`${command.id}:`))) return false
  await new TemplateHelp(config, pjson.oclif.helpOptions ?? {}).showHelp([...argv])
  return true
}

/**
 * oclif runs every string of the help through ejs, compiling a template each time; most hold no
 * template tag, and ejs gives those back unchanged.
 */
function renderTemplatesOnly(render: (text: string) => string): (text: string) => string {
  return (text) => (text.includes('<%') ? render(text) : text)
}

class TemplateCommandHelp extends CommandHelp {
  constructor(...args: ConstructorParameters<typeof CommandHelp>) {
    super(...args)
    this.render = renderTemplatesOnly(this.render)
  }
}

class TemplateHelp extends Help {
  protected override CommandHelpClass = TemplateCommandHelp

  constructor(...args: ConstructorParameters<typeof Help>) {
    super(...args)
    this.render = renderTemplatesOnly(this.render)
  }
}

/** The members of oclif's Config that Help reads for a command of ours. */
type HelpConfig = Pick<
  Interfaces.Config,
  | 'bin'
  | 'pjson'
  | 'topicSeparator'
  | 'platform'
  | 'shell'
  | 'commands'
  | 'commandIDs'
  | 'topics'
  | 'plugins'
  | 'isSingleCommandCLI'
  | 'flexibleTaxonomy'
  | 'findCommand'
  | 'findTopic'
>

/** The parts of oclif's Config that Help reads for a command of ours, from the manifest. */
function manifestConfig(pjson: PackageJson, cached: Command.Cached[]): Interfaces.Config {
  // Help shows what the manifest holds: it never loads a command's class.
  const commands = cached.map((command): Command.Loadable => ({ ...command, load: () => Promise.reject(new Error(`help does not load ${command.id}`)) }))
  const byId = new Map<string, Command.Loadable>()
  for (const command of commands) {
    byId.set(command.id, command)
    for (const alias of [...command.aliases, ...(command.hiddenAliases ?? [])]) if (!byId.has(alias)) byId.set(alias, command)
  }
  function findCommand(id: string, opts: { must: true }): Command.Loadable
  function findCommand(id: string, opts?: { must: boolean }): Command.Loadable | undefined
  function findCommand(id: string, opts?: { must: boolean }): Command.Loadable | undefined {
    const command = byId.get(id)
    if (command === undefined && opts?.must) throw new Error(`command ${id} not found`)
    return command
  }
  function findTopic(id: string, opts: { must: true }): Interfaces.Topic
  function findTopic(id: string, opts?: { must: boolean }): Interfaces.Topic | undefined
  function findTopic(id: string, opts?: { must: boolean }): Interfaces.Topic | undefined {
    if (opts?.must) throw new Error(`topic ${id} not found`)
    return undefined
  }
  const config: HelpConfig = {
    bin: pjson.oclif.bin!,
    pjson,
    topicSeparator: pjson.oclif.topicSeparator ?? ':',
    platform: process.platform,
    shell: '',
    commands,
    commandIDs: [...byId.keys()],
    topics: [],
    plugins: new Map<string, Interfaces.Plugin>(),
    isSingleCommandCLI: false,
    flexibleTaxonomy: false,
    findCommand,
    findTopic,
  }
  return config as Interfaces.Config
}

/** The command the help is for, as oclif's Help.showHelp finds it. */
function helpSubject(argv: readonly string[], config: Interfaces.Config): string | undefined {
  const helpFlags = getHelpFlagAdditions(config)
  const rest = standardizeIDFromArgv(
    argv.filter((arg) => !helpFlags.includes(arg)),
    config,
  )
  for (const arg of rest) {
    if (arg === '--' || arg.startsWith('-')) return undefined
    if (arg !== 'help') return arg
  }
  return undefined
}

/**
 * oclif colours help with a theme.json from the config directory when there is one. On Windows
 * that directory is found differently: help there is left to oclif.
 */
function hasUserTheme(pjson: PackageJson): boolean {
  if (pjson.oclif.theme !== undefined || process.platform === 'win32') return true
  const scope = pjson.oclif.bin!.toUpperCase().replaceAll('-', '_')
  const configDir =
    process.env[`${scope}_CONFIG_DIR`] ?? join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), pjson.oclif.dirname ?? pjson.oclif.bin!)
  return existsSync(join(configDir, 'theme.json'))
}
