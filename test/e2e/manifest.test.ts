// oclif reads commands, flags and help from oclif.manifest.json instead of loading every command
// file, which keeps `--help` and every start fast. A stale manifest breaks that silently: a new
// command is "not found", a removed one is listed, a changed flag is missing from --help, and a
// manifest of another version is ignored (oclif then loads every command file on each start).
// The build regenerates it; these tests fail when dist/ and the manifest disagree.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const COMMANDS = join(ROOT, 'dist', 'commands')

interface ManifestCommand {
  id: string
  aliases: string[]
  hiddenAliases?: string[]
  flags: Record<string, unknown>
  args: Record<string, unknown>
  summary?: string
  description?: string
  relativePath?: string[]
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as { version: string; commands: Record<string, ManifestCommand> }

function commandFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return commandFiles(path)
    return entry.isFile() && entry.name.endsWith('.js') ? [path] : []
  })
}

/** oclif's id for a command file: its path under dist/commands, ':'-separated; index names its folder. */
function idOf(file: string): string {
  const parts = relative(COMMANDS, file).replace(/\.js$/, '').split(sep)
  if (parts.at(-1) === 'index') parts.pop()
  return parts.join(':')
}

const files = existsSync(COMMANDS) ? commandFiles(COMMANDS) : []
const fileIds = new Map(files.map((file) => [idOf(file), file]))

describe('oclif.manifest.json', () => {
  it('dist/ is built', () => {
    expect(files.length, 'no command files in dist/commands: run npm run build').toBeGreaterThan(0)
  })

  it('is for this version (oclif ignores a manifest of another version)', () => {
    expect(manifest.version).toBe(pkg.version)
  })

  it('lists every command file in dist/commands', () => {
    const missing = [...fileIds.keys()].filter((id) => !(id in manifest.commands))
    expect(missing, 'commands missing from oclif.manifest.json: run npm run build').toEqual([])
  })

  it('lists no command that no longer exists', () => {
    const gone = Object.keys(manifest.commands).filter((id) => !fileIds.has(id))
    expect(gone, 'oclif.manifest.json lists commands without a file in dist/commands: run npm run build').toEqual([])
    for (const command of Object.values(manifest.commands)) {
      if (command.relativePath) expect(existsSync(join(ROOT, ...command.relativePath)), `${command.id}: ${command.relativePath.join('/')}`).toBe(true)
    }
  })

  it('has each command as its file defines it now (flags, arguments, aliases, summary)', async () => {
    for (const [id, file] of fileIds) {
      const entry = manifest.commands[id]
      if (!entry) continue // reported above
      const { default: command } = (await import(pathToFileURL(file).href)) as {
        default: { flags?: Record<string, unknown>; args?: Record<string, unknown>; aliases?: string[]; summary?: string; description?: string }
      }
      expect(Object.keys(entry.flags).sort(), `${id}: flags`).toEqual(Object.keys(command.flags ?? {}).sort())
      expect(Object.keys(entry.args).sort(), `${id}: arguments`).toEqual(Object.keys(command.args ?? {}).sort())
      expect(entry.aliases, `${id}: aliases`).toEqual(command.aliases ?? [])
      expect(entry.summary, `${id}: summary`).toBe(command.summary)
      expect(entry.description, `${id}: description`).toBe(command.description)
    }
  })
})

// The launcher (bin/run.js → dist/launch) reads the build's split copy of the manifest: command
// help and the status fast lane's flag definitions come from it.
describe('dist/launch/manifest, the launcher copy', () => {
  const dir = join(ROOT, 'dist', 'launch', 'manifest')
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { version: string; ids: Record<string, string> }

  it('is of the version of the manifest', () => {
    expect(index.version).toBe(manifest.version)
  })

  it('names every command by its id and its aliases, and holds each entry as the manifest does', () => {
    const ids: Record<string, string> = {}
    for (const command of Object.values(manifest.commands)) {
      ids[command.id] = command.id
      for (const alias of [...command.aliases, ...(command.hiddenAliases ?? [])]) ids[alias] ??= command.id
      const entry: unknown = JSON.parse(readFileSync(join(dir, 'commands', ...command.id.split(':')) + '.json', 'utf8'))
      expect(entry, command.id).toEqual(command)
    }
    expect(index.ids).toEqual(ids)
  })
})
