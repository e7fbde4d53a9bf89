/** A one-line progress bar on stderr, redrawn in place; only where stderr is a terminal. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; done(): void } | undefined {
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
