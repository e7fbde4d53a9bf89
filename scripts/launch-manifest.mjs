#!/usr/bin/env node
// The launcher's copy of oclif.manifest.json (last step of `npm run build`, after `oclif manifest`),
// split so that a start reads only what it answers: dist/launch/manifest/index.json holds the
// manifest's version and every command id and alias with the id of the command it names;
// dist/launch/manifest/commands/<id>.json (a topic's commands in its folder) holds one command's
// entry, as oclif wrote it. The manifest itself is rewritten with its commands sorted by id. The whole manifest holds every command's help (170 KB); parsing it
// was most of what `<command> --help` had grown by.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUTPUT = join(ROOT, 'dist', 'launch', 'manifest')

const MANIFEST = join(ROOT, 'oclif.manifest.json')
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'))
// oclif writes commands in the order its loader happened to finish them: sorted by id, every build
// of the same sources writes the same manifest.
manifest.commands = Object.fromEntries(Object.entries(manifest.commands).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`)
rmSync(OUTPUT, { recursive: true, force: true })
const ids = {}
for (const command of Object.values(manifest.commands)) {
  ids[command.id] = command.id
  for (const alias of [...command.aliases, ...(command.hiddenAliases ?? [])]) ids[alias] ??= command.id
  const file = join(OUTPUT, 'commands', ...command.id.split(':')) + '.json'
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(command))
}
writeFileSync(join(OUTPUT, 'index.json'), JSON.stringify({ version: manifest.version, ids }))
