// The results table, on the terminal and in BENCHMARKS.md.
import { cpus, totalmem } from 'node:os'
import { readFileSync } from 'node:fs'

export function machine() {
  const list = cpus()
  let model = list[0]?.model?.trim() || 'unknown CPU'
  if (model === 'unknown CPU') {
    try {
      model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model
    } catch {
      // keep "unknown CPU"
    }
  }
  return {
    cpu: model,
    cores: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
  }
}

/** Plain columns for the terminal. */
export function textTable(rows) {
  const header = ['Figure', 'Target', 'Measured', 'Met']
  const cells = [header, ...rows.map((row) => [row.figure, row.target, row.measured, row.met ? 'yes' : 'NO'])]
  const widths = header.map((_, column) => Math.max(...cells.map((line) => line[column].length)))
  const line = (values) =>
    values
      .map((value, column) => value.padEnd(widths[column]))
      .join('  ')
      .trimEnd()
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

const escape = (text) => text.replaceAll('|', '\\|')

export function markdownTable(rows) {
  return [
    '| Figure | Target | Measured | Met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${escape(row.figure)} | ${escape(row.target)} | ${escape(row.measured)} | ${row.met ? 'yes' : '**no**'} |`),
  ].join('\n')
}

export function markdownReport({ date, info, rows, details }) {
  const missed = rows.filter((row) => !row.met).length
  return `# Benchmarks

Written by \`npm run bench\` (scripts/bench.mjs): it builds, starts anvil with the validator system
and ${details.validatorCount} registered validators, puts a counting HTTP proxy in front of it on
127.0.0.1 (a JSON-RPC batch is one HTTP request; it can add latency to each request), runs the
built CLI as operators do (\`node bin/run.js …\`, a new process each time) and checks every figure
against its target. It exits non-zero when a target is missed. Timings are ratios or budgets, not
absolute numbers, because they depend on the machine.

- Date: ${date}
- Node.js: ${info.node} (${info.platform})
- Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB memory
- Machine load (load average): ${details.load}
- Result: ${missed === 0 ? 'every target met' : `${missed} target${missed === 1 ? '' : 's'} missed`}

${markdownTable(rows)}

## How each figure is measured

- **Start-up**: \`node -e 0\`, \`kroma-validator --version\`, \`kroma-validator status --help\` and
  \`kroma-validator --help\` are run ${details.runs} times each, interleaved (one of each in turn, after
  ${details.warmups} untimed warm-up rounds), from spawn to exit; the figure is the ratio of the medians.
  Medians (ms): ${details.startup}. CPU time (user + system, ms; median of ${details.cpuRuns} runs each,
  read like peak memory below), which other work on the machine hardly moves: ${details.startupCpu}.
  Every child runs with a small fixed environment (PATH, HOME, TMPDIR, LANG, NO_COLOR), as the CLI's
  tests run it. For comparison only, the medians of ${details.cpuRuns} runs in the environment the bench was started
  in (${details.inheritedEnv}): ${details.startupInherited}.
- **RPC requests of \`status\`**: HTTP requests the proxy received during one run.
- **Wall time of \`status\` over a slow endpoint**: the proxy waits ${details.latencyMs} ms before forwarding each
  request; median of ${details.latencyRuns} runs. Budget: requests × ${details.latencyMs} ms + 1.5 × the median of
  \`status --help\` (the CLI's own start-up). CPU time of \`status\` (median, no added latency): ${details.statusCpu}.
- **Peak memory**: the largest resident set of ${details.memoryRuns} runs of \`status\` for ${details.validatorCount} validators (text
  output, the table), read with getrusage(2) (\`process.resourceUsage().maxRSS\`) by a preload
  (\`node --import scripts/bench/rusage.mjs\`) when the CLI exits; nothing to install. ${details.timeCrossCheck}
- **Sending commands**: each is run once with \`--yes --json\` and a private key, against a validator
  in the state it needs. Counted: HTTP requests and JSON-RPC calls from start to the first
  \`eth_sendRawTransaction\`. Needless: the same call twice, or the same contract value read twice
  at the same block, an immutable parameter of the contracts read more than once in the whole run
  (reads inside the snapshot reader's constructor are out of the proxy's sight), an approve that is
  not needed (or a missing one), and more round trips than the design needs (${details.roundTripRule}).
- **Bytes**: request and answer bodies of \`status --json\` (HTTP headers not counted).

## Requests of each sending command before its first broadcast

${details.sendTable}

## Needless requests found

${details.problems.length > 0 ? details.problems.join('\n') : 'None.'}
`
}
