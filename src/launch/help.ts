import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { CommandHelp, Help, getHelpFlagAdditions, standardizeIDFromArgv } from '@oclif/core/help'
import type { Command, Config, Interfaces } from '@oclif/core'

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

/** The parts of oclif's Config that Help reads for a command of ours. */
function manifestConfig(pjson: PackageJson, commands: Command.Cached[]): Config {
  const byId = new Map<string, Command.Cached>()
  for (const command of commands) {
    byId.set(command.id, command)
    for (const alias of [...command.aliases, ...(command.hiddenAliases ?? [])]) if (!byId.has(alias)) byId.set(alias, command)
  }
  const config = {
    bin: pjson.oclif.bin,
    pjson,
    topicSeparator: pjson.oclif.topicSeparator ?? ':',
    platform: process.platform,
    shell: '',
    commands,
    commandIDs: [...byId.keys()],
    topics: [],
    plugins: new Map(),
    isSingleCommandCLI: false,
    flexibleTaxonomy: false,
    findCommand: (id: string) => byId.get(id),
    findTopic: () => undefined,
  }
  return config as unknown as Config
}

/** The command the help is for, as oclif's Help.showHelp finds it. */
function helpSubject(argv: readonly string[], config: Config): string | undefined {
  const helpFlags = getHelpFlagAdditions(config)
  const rest = standardizeIDFromArgv(argv.filter((arg) => !helpFlags.includes(arg)), config)
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
  const configDir = process.env[`${scope}_CONFIG_DIR`] ?? join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), pjson.oclif.dirname ?? pjson.oclif.bin!)
  return existsSync(join(configDir, 'theme.json'))
}
