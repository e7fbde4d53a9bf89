import { readFileSync } from 'node:fs'
import type { Command, Interfaces } from '@oclif/core'

export type PackageJson = Interfaces.PJSON & {
  version: string
  oclif: Interfaces.PJSON['oclif'] & { helpOptions?: Interfaces.HelpOptions }
}

/** oclif's manifest as the launcher reads it: the parts the build split out (scripts/launch-manifest.mjs). */
export interface LaunchManifest {
  pjson: PackageJson
  /** Every command id and alias, with the id of the command it names. */
  ids: Readonly<Record<string, string>>
  /** A command's entry in oclif's manifest, by its id. */
  command: (id: string) => Command.Cached
}

/**
 * The manifest of this build; undefined when it is of another version than the package (oclif
 * itself then reads the command files) or missing.
 */
export function readLaunchManifest(root: URL): LaunchManifest | undefined {
  const dir = new URL('dist/launch/manifest/', root)
  const pjson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as PackageJson
  let index: { version: string; ids: Record<string, string> }
  try {
    index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as typeof index
  } catch {
    return undefined
  }
  if (index.version !== pjson.version) return undefined
  return {
    pjson,
    ids: index.ids,
    command: (id) => JSON.parse(readFileSync(new URL(`commands/${id.split(':').map(encodeURIComponent).join('/')}.json`, dir), 'utf8')) as Command.Cached,
  }
}
