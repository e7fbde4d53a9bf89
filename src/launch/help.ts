import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CommandHelp, Help, getHelpFlagAdditions, standardizeIDFromArgv } from '@oclif/core/help'
import type { Command, Interfaces } from '@oclif/core'
import { readLaunchManifest, type LaunchManifest, type PackageJson } from './manifest.js'

/**
 * Shows a command's help with oclif's own Help class (bundled into this file, so that none of
 * oclif's runner loads), given the part of oclif's Config that help reads, taken from the
 * manifest. Returns false, leaving it to oclif, for anything but one of our commands without
 * subcommands, dynamic help or a user theme.
 */
export async function showCommandHelp(argv: readonly string[], root: URL): Promise<boolean> {
  const manifest = readLaunchManifest(root)
  if (!manifest || hasUserTheme(manifest.pjson) || (manifest.pjson.oclif.additionalHelpFlags ?? []).length > 0) return false
  const config = manifestConfig(manifest)
  const subject = helpSubject(argv, config)
  const command = subject === undefined ? undefined : config.findCommand(subject)
  if (!command || command.hasDynamicHelp || Object.values(manifest.ids).some((id) => id.startsWith(`${command.id}:`))) return false
  await new TemplateHelp(config, manifest.pjson.oclif.helpOptions ?? {}).showHelp([...argv])
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

/**
 * The parts of oclif's Config that Help reads for a command of ours, from the manifest: every id,
 * and the entries of the commands looked up (help for a command without subcommands lists no other).
 */
function manifestConfig({ pjson, ids, command }: LaunchManifest): Interfaces.Config {
  const read = new Map<string, Command.Loadable>()
  function findCommand(id: string, opts: { must: true }): Command.Loadable
  function findCommand(id: string, opts?: { must: boolean }): Command.Loadable | undefined
  function findCommand(id: string, opts?: { must: boolean }): Command.Loadable | undefined {
    const target = Object.hasOwn(ids, id) ? ids[id] : undefined
    if (target === undefined) {
      if (opts?.must) throw new Error(`command ${id} not found`)
      return undefined
    }
    let loadable = read.get(target)
    if (!loadable) {
      // Help shows what the manifest holds: it never loads a command's class.
      loadable = { ...command(target), load: () => Promise.reject(new Error(`help does not load ${target}`)) }
      read.set(target, loadable)
    }
    return loadable
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
    get commands() {
      return [...read.values()]
    },
    commandIDs: Object.keys(ids),
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
