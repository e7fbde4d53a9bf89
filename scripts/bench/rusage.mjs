// Preload for `node --import`: at exit, appends this process's resource usage (peak RSS in
// kilobytes, CPU time in microseconds) as one JSON line to the file named by KROMA_BENCH_RUSAGE.
// getrusage(2) of the process itself: the same figure `/usr/bin/time -v` reports, with nothing
// to install.
import { appendFileSync } from 'node:fs'

const out = process.env.KROMA_BENCH_RUSAGE
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    appendFileSync(out, `${JSON.stringify({ maxRssKb: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime })}\n`)
  })
}
