/** A command as oclif lists it: its id (topic and name joined by ':') and the other names it answers to. */
export interface CommandName {
  id: string
  aliases: readonly string[]
}

/** How far a typed name is from a command's: 0 the same, then typos, then a prefix, then a topic. */
const PREFIX_SCORE = 1.5
const TOPIC_SCORE = 1.5

/**
 * The commands an unknown command line most likely meant, best first (ids with ':'), or none.
 * `words` is what oclif took for the command id, split into words (arguments may follow the
 * name). Names compare without case or '-', and over word boundaries (`deposit kro`,
 * `changecommission init`); a few typos, a prefix either way, or a topic's name (when the
 * subcommand matches nothing closer: all that topic's commands) count as a match.
 */
export function closestCommands(words: readonly string[], commands: readonly CommandName[]): string[] {
  const typed = words.map((_, count) => squash(words.slice(0, count + 1).join('')))
  const scored = commands.map((command) => {
    const names = [command.id, ...command.aliases].map(squash)
    const topic = command.id.includes(':') ? squash(command.id.slice(0, command.id.lastIndexOf(':'))) : undefined
    const scores = typed.flatMap((text) => [
      ...names.map((name) => nameScore(text, name)),
      ...(topic === undefined ? [] : [nameScore(text, topic) + TOPIC_SCORE]),
    ])
    return { id: command.id, score: Math.min(...scores) }
  })
  const best = Math.min(...scored.map((entry) => entry.score))
  if (!Number.isFinite(best)) return []
  return scored
    .filter((entry) => entry.score === best)
    .map((entry) => entry.id)
    .sort()
}

function nameScore(typed: string, name: string): number {
  if (typed === name) return 0
  const distance = editDistance(typed, name)
  if (distance <= Math.max(1, Math.floor(name.length / 4))) return distance
  const shorter = typed.length < name.length ? typed : name
  if (shorter.length >= 3 && (name.startsWith(typed) || typed.startsWith(name))) return PREFIX_SCORE
  return Number.POSITIVE_INFINITY
}

/** Lower case, without the separators people vary: `deposit-kro`, `depositKro` and `deposit kro` are one name. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[\s:_-]/g, '')
}

/** Edits (insert, delete, replace, swap two neighbours) from one string to the other. */
export function editDistance(a: string, b: string): number {
  const width = b.length + 1
  const table: number[] = []
  const at = (i: number, j: number): number => table[i * width + j] ?? 0
  for (let i = 0; i <= a.length; i++) {
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        table[i * width + j] = i + j
        continue
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1)
      table[i * width + j] = distance
    }
  }
  return at(a.length, b.length)
}
