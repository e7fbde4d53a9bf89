import Table from 'cli-table3'
import chalk from './colour.js'
import textWidth from 'string-width'

/** Assumed for a terminal that reports no width (0 columns: some CI runners, `script`, ssh sessions). */
const FALLBACK_COLUMNS = 80

/**
 * How wide lines written to `stream` may be: its terminal's columns, or undefined when it is not
 * a terminal (a pipe or file: lines are left whole for the program or person reading them).
 */
export function terminalWidth(stream: NodeJS.WriteStream): number | undefined {
  if (!stream.isTTY) return undefined
  return stream.columns > 0 ? stream.columns : FALLBACK_COLUMNS
}

/** Whether every line of `text` is at most `width` columns wide (colour codes take none). */
export function fits(text: string, width: number | undefined): boolean {
  return width === undefined || text.split('\n').every((line) => textWidth(line) <= width)
}

/** A grid with a header row. */
export function gridTable(head: string[], rows: string[][], options: { wordWrap?: boolean } = {}): string {
  const table = new Table({
    head,
    style: { head: chalk.level > 0 ? ['bold'] : [], border: chalk.level > 0 ? ['grey'] : [] },
    wordWrap: options.wordWrap ?? false,
  })
  table.push(...rows)
  return table.toString()
}

/** Columns without borders, two spaces apart, an optional bold header row; no line ends in spaces. */
export function borderlessTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, chars: BORDERLESS, style: { 'padding-left': 0, 'padding-right': 2, head: chalk.level > 0 ? ['bold'] : [], border: [] } })
  table.push(...rows)
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
}

/** Labels (dimmed, padded to the longest) and their values, a line each, every line starting with `indent`. */
export function labelledRows(pairs: Array<[label: string, value: string]>, indent = '  '): string[] {
  const width = Math.max(...pairs.map(([label]) => textWidth(label)))
  return pairs.map(([label, value]) => `${indent}${chalk.dim(label + ' '.repeat(width - textWidth(label)))}  ${value}`)
}

/** Labels and their values, two columns without borders; values wrap under their column when the line would be wider than `width`. */
export function pairList(rows: Array<[label: string, value: string]>, width: number | undefined): string {
  const text = borderlessTable([], rows)
  if (fits(text, width)) return text
  const labelWidth = Math.max(...rows.map(([label]) => textWidth(label))) + 2
  // Too narrow for two columns: each value under its label.
  if (width! - labelWidth < 24) return rows.flatMap(([label, value]) => [label, ...wrapWords(value, width!, '  ')]).join('\n')
  return rows
    .flatMap(([label, value]) =>
      wrapWords(value, width! - labelWidth).map(
        (line, index) => (index === 0 ? label + ' '.repeat(labelWidth - textWidth(label)) : ' '.repeat(labelWidth)) + line,
      ),
    )
    .join('\n')
}

/**
 * Segments joined by ' · ', as many on a line as fit `width`, every line starting with `indent`;
 * a segment wider than a line is wrapped at its spaces.
 */
export function flow(segments: string[], width: number, indent = ''): string[] {
  const lines: string[] = []
  let line: string | undefined
  for (const segment of segments) {
    if (line !== undefined && textWidth(`${line} · ${segment}`) <= width) {
      line += ` · ${segment}`
      continue
    }
    if (line !== undefined) lines.push(line)
    const wrapped = wrapWords(segment, width, indent)
    lines.push(...wrapped.slice(0, -1))
    line = wrapped.at(-1)
  }
  if (line !== undefined) lines.push(line)
  return lines
}

/** Every line of `text` at most `width` wide: longer ones wrap at spaces, continuing at their own indentation. */
export function fitLines(text: string, width: number | undefined): string {
  if (width === undefined) return text
  return text
    .split('\n')
    .flatMap((line) => (textWidth(line) <= width ? [line] : wrapWords(line.trimStart(), width, /^\s*/.exec(line)![0])))
    .join('\n')
}

/** Greedy word wrap at spaces; a single word wider than the line stays whole on its own line. */
function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line !== '' && textWidth(`${indent}${line} ${word}`) > width) {
      lines.push(indent + line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  lines.push(indent + line)
  return lines
}

/** cli-table3 characters for a table drawn without borders. */
const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '',
}
