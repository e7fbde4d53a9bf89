#!/usr/bin/env node
// The runtime oclif loads, bundled (step 2 of `npm run build`, after tsc has type-checked and
// emitted build/): every command and hook file is an entry point in dist/, and what they share
// (our library, ethers, chalk, cli-table3, @inquirer/prompts, ora, conf) is split into chunks in
// dist/chunks/. A command file still imports only what its top needs; each `await import()` of
// the sources stays a dynamic import of a chunk, so nothing heavy loads before it is used, and
// a chunk is one file instead of the package's graph of modules (ethers alone is ~150 files).
//
// Not bundled:
// - @oclif/*: the runner (bin/run.js) and the plugins (help, autocomplete) load @oclif/core from
//   node_modules; commands must extend that same copy (instanceof checks on errors and commands).
// - @ledgerhq/*: loaded at call time through createRequire (CommonJS builds; the USB transport
//   is an optional native dependency that may be missing).
// - @foundry-rs/*: anvil's optional platform package, resolved as a package path at run time.
//
// Then the launcher (bin/run.js hands every run to dist/launch/index.js first): a separate build
// that bundles the parts of @oclif/core that command help needs (one file instead of oclif's graph
// of modules), and the status library (its own chunks, beside the commands' ones).
//
// Writes dist/meta.json (esbuild's metafile: which package each chunk holds), read by the tests
// that check what a start loads.
import { build } from 'esbuild'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const INPUT = join(ROOT, 'build')
const OUTPUT = join(ROOT, 'dist')

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return jsFiles(path)
    return entry.isFile() && entry.name.endsWith('.js') ? [path] : []
  })
}

const entryPoints = [...jsFiles(join(INPUT, 'commands')), ...jsFiles(join(INPUT, 'hooks'))]

rmSync(OUTPUT, { recursive: true, force: true })
const shared = {
  absWorkingDir: ROOT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS packages in the bundle (cli-table3, …) require Node's built-ins; in an ES module
  // esbuild's require shim needs a real require to hand them to.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
}
const result = await build({ ...shared, entryPoints, outbase: INPUT, outdir: OUTPUT, external: ['@oclif/*', '@ledgerhq/*', '@foundry-rs/*'] })

const launcher = await build({
  ...shared,
  entryPoints: [join(INPUT, 'launch/index.js')],
  outdir: join(OUTPUT, 'launch'),
  outbase: join(INPUT, 'launch'),
  // oclif loads TypeScript support only to run uncompiled plugins, never here.
  external: ['@ledgerhq/*', '@foundry-rs/*', 'typescript', 'ts-node'],
  minify: process.env.BUNDLE_NO_MINIFY !== '1',
  keepNames: true,
})

const metafile = { inputs: { ...result.metafile.inputs, ...launcher.metafile.inputs }, outputs: { ...result.metafile.outputs, ...launcher.metafile.outputs } }
writeFileSync(join(OUTPUT, 'meta.json'), `${JSON.stringify(metafile)}\n`)
const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0)
process.stderr.write(
  `bundled ${entryPoints.length + 1} entry points from ${relative(ROOT, INPUT)}/ into ${relative(ROOT, OUTPUT)}/ (${Object.keys(metafile.outputs).length} files, ${(bytes / 1024).toFixed(0)} KiB)\n`,
)
