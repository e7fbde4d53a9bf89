// A second opinion on peak memory from GNU time (Debian's `time` package), when it is installed.
// The bench does not need it: the figure itself comes from the rusage preload.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { BIN, ROOT } from './run.mjs'

const TIME = '/usr/bin/time'

export async function timeCrossCheck(args, env) {
  if (!existsSync(TIME)) return `(${TIME} is not installed here, so there is no cross-check.)`
  const stderr = await new Promise((resolve) => {
    const child = spawn(TIME, ['-v', process.execPath, BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let text = ''
    child.stderr.on('data', (chunk) => (text += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('error', () => resolve(''))
    child.once('close', () => {
      clearTimeout(timer)
      resolve(text)
    })
  })
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]
  return kb
    ? `Cross-check with \`${TIME} -v\` (GNU time) on one run: ${(Number(kb) / 1024).toFixed(1)} MB.`
    : `(${TIME} is not GNU time, so there is no cross-check.)`
}
