// What bin/run.js hands over before loading oclif's runner. The two things operators run most,
// `<command> --help` and `status`, are answered here from the same code oclif would run (its own
// help class, bundled; our status library), because oclif's runner alone costs several times a
// bare node start. Everything else, anything unusual in these two, and any run under DEBUG goes to
// oclif.
import { readLaunchManifest } from './manifest.js'
import { parseStatusArgv } from './status-argv.js'

/** True when the request was answered here; false leaves it to oclif. */
export async function launch(argv: readonly string[], root: URL): Promise<boolean> {
  // Under DEBUG, oclif's runner logs how it found and ran the command: that is what DEBUG is for.
  if (process.env.DEBUG) return false
  if (asksForHelp(argv)) {
    const { showCommandHelp } = await import('./help.js')
    return showCommandHelp(argv, root)
  }
  if (argv[0] === 'status') {
    // The status command's flag definitions, as oclif's manifest holds them.
    const manifest = readLaunchManifest(root)
    const parsed = manifest && parseStatusArgv(argv.slice(1), manifest.command('status').flags)
    if (!parsed) return false
    const { runStatus } = await import('./run-status.js')
    await runStatus(parsed, argv)
    return true
  }
  return false
}

/** As oclif decides it: --help anywhere before `--`. */
function asksForHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--help') return true
    if (arg === '--') return false
  }
  return false
}
