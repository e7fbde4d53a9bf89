/** Moves a progress bar: `done` of `total` units of work. */
export type ProgressUpdate = (done: number, total: number) => void

/** A one-line progress bar on stderr, redrawn in place; only where stderr is a terminal. */
function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { update: ProgressUpdate; done: () => void } | undefined {
  if (!stream.isTTY) return undefined
  const width = 30
  let drawn = false
  let last = -1
  return {
    update(done, total) {
      if (total <= 0) return
      const filled = Math.min(width, Math.floor((done / total) * width))
      const percent = Math.floor((done / total) * 100)
      if (percent === last) return
      last = percent
      drawn = true
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}%`)
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K')
    },
  }
}

/** Runs `work` with a progress bar on stderr when `show` and stderr is a terminal; the bar is cleared after. */
export async function withProgress<T>(label: string, show: boolean, work: (update?: ProgressUpdate) => Promise<T>): Promise<T> {
  const bar = show ? progressBar(label) : undefined
  try {
    return await work(bar?.update)
  } finally {
    bar?.done()
  }
}
