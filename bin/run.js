#!/usr/bin/env node
// Start-up is felt on every command, so this file loads as little as it can: `--version` is
// answered without loading oclif at all, and the rest loads only oclif's runner.
import { readFileSync } from 'node:fs'
import module from 'node:module'
import { arch, platform, release } from 'node:os'

/** On WSL oclif names the platform "wsl"; that (rare) case is left to oclif itself. */
function maybeWsl() {
  if (process.platform !== 'linux') return false
  let procVersion = ''
  try {
    procVersion = readFileSync('/proc/version', 'utf8')
  } catch {
    // no /proc: not WSL
  }
  return /microsoft/i.test(`${release()} ${procVersion}`)
}

const argv = process.argv.slice(2)
if (argv[0] === '--version' && !maybeWsl()) {
  // The same line as oclif's `--version` (config.userAgent).
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(`${pkg.name}/${pkg.version || '0.0.0'} ${platform()}-${cpu} node-${process.version}\n`)
} else {
  // Node 22.1+ keeps compiled code of the modules below between runs (a no-op on Node 20).
  module.enableCompileCache?.()
  // oclif's index checks Node against @oclif/core's own engines (>=18) with semver, about 25 ms
  // on every command; our engines (>=20) are stricter, and npm enforces them.
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  const { execute } = await import('@oclif/core/execute')
  await execute({ dir: import.meta.url })
}
