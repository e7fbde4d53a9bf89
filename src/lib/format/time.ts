/** Times for people: absolute in UTC (operators compare across time zones) plus a countdown. */

export function formatUtc(unixSeconds: bigint | number): string {
  const date = new Date(Number(unixSeconds) * 1000)
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** "2d 3h", "45m", "12s": the two largest units, enough to plan by. */
export function formatDuration(seconds: bigint | number): string {
  let rest = Math.max(0, Math.round(Number(seconds)))
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ]
  const parts: string[] = []
  for (const [suffix, size] of units) {
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0) parts.push(`${count}${suffix}`)
    if (parts.length === 2) break
  }
  return parts.length > 0 ? parts.join(' ') : '0s'
}

/** "2026-12-03 14:00 UTC (in 2d 3h)", measured from the chain's own clock. */
export function formatWhen(at: bigint, now: bigint): string {
  if (at <= now) return `${formatUtc(at)} (passed)`
  return `${formatUtc(at)} (in ${formatDuration(at - now)})`
}
