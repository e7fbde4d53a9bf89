import stringWidth from 'string-width'

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * string-width as cli-table3 uses it (the bundle gives cli-table3 this one; scripts/bundle.mjs),
 * with a shortcut: printable ASCII is exactly as wide as it is long. cli-table3 measures every
 * cell several times, and string-width runs a large emoji pattern over each, which made a status
 * table of 50 validators take longer to draw than to read from the chain. Anything else (wide
 * characters, emoji, '→') is measured by string-width itself.
 */
export default function tableTextWidth(text: string): number {
  return typeof text === 'string' && PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text)
}
