// Preload for `node --import`: records every module the process loads, ESM and CommonJS, into
// the file named by KROMA_MODULE_LOG (one file URL or path per line). Used by the startup tests
// to prove what a command does not load; it changes nothing the program does.
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'

const out = process.env.KROMA_MODULE_LOG
if (out) {
  // ESM (and CommonJS reached through import): recorded by a load hook in the loader thread.
  register('./module-recorder-hooks.mjs', import.meta.url, { data: { out } })
  // CommonJS reached through require() does not pass the hooks on Node 20: take the require cache.
  process.on('exit', () => {
    const cache = createRequire(import.meta.url).cache
    const paths = Object.keys(cache).map((path) => pathToFileURL(path).href)
    if (paths.length > 0) appendFileSync(out, `${paths.join('\n')}\n`)
  })
}
