#!/usr/bin/env node
// Start-up is felt on every command, so this file loads as little as it can: `--version` is
// answered here, command help and `status` by the launcher (dist/launch), neither loading
// oclif's runner; the rest goes to oclif.
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

/**
 * Debug logs (oclif's included) echo the command line and requests. Under DEBUG, stderr is
 * filtered so that the signer's secrets, a secret typed as an argument by mistake, and the
 * credentials of RPC URLs never reach it.
 */
function hideSecretsInDebugOutput() {
  const secrets = [process.env.VALIDATOR_PRIVATE_KEY, process.env.VALIDATOR_MNEMONIC]
  for (const value of [...argv, process.env.VALIDATOR_L1_ETH_RPC]) {
    if (!value) continue
    if (/^(0x)?[0-9a-fA-F]{64}$/.test(value.trim()) || /^\s*([a-z]+\s+){11,}[a-z]+\s*$/.test(value)) secrets.push(value)
    if (/^https?:\/\//.test(value)) {
      try {
        const url = new URL(value)
        secrets.push(url.username, url.password, ...url.pathname.split('/').filter((part) => part.length >= 16), ...url.searchParams.values())
      } catch {
        // not a URL after all
      }
    }
  }
  const hidden = [...new Set(secrets.filter((secret) => secret && secret.trim().length >= 8).map((secret) => secret.trim()))]
  if (hidden.length === 0) return
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = (chunk, ...rest) =>
    write(typeof chunk === 'string' ? hidden.reduce((text, secret) => text.split(secret).join('***'), chunk) : chunk, ...rest)
}

async function launch() {
  // Node 22.1+ keeps compiled code of the modules loaded from here on between runs (a no-op on Node 20).
  module.enableCompileCache?.()
  const launcher = await import('../dist/launch/index.js')
  return launcher.launch(argv, new URL('../', import.meta.url))
}

if (process.env.DEBUG) hideSecretsInDebugOutput()
if (argv[0] === '--version' && !maybeWsl()) {
  // The same line as oclif's `--version` (config.userAgent).
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(`${pkg.name}/${pkg.version || '0.0.0'} ${platform()}-${cpu} node-${process.version}\n`)
} else if (!(await launch())) {
  // oclif's index checks Node against @oclif/core's own engines (>=18) with semver, about 25 ms
  // on every command; our engines (>=20) are stricter, and npm enforces them.
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
  const { execute } = await import('@oclif/core/execute')
  await execute({ dir: import.meta.url })
}
