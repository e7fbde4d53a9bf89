import { describe, expect, it } from 'vitest'
import { fitLines, fits, flow, pairList, terminalWidth } from '../../src/lib/ui/table.js'

const stream = (isTTY: boolean, columns: number) => ({ isTTY, columns }) as NodeJS.WriteStream

describe('terminalWidth', () => {
  it("is the terminal's columns; 80 for a terminal that reports 0; none for a pipe or file", () => {
    expect(terminalWidth(stream(true, 120))).toBe(120)
    expect(terminalWidth(stream(true, 0))).toBe(80)
    expect(terminalWidth(stream(false, 0))).toBeUndefined()
  })
})

describe('fitLines', () => {
  it('wraps only the lines wider than the width, at spaces, keeping their indentation', () => {
    expect(fitLines('short\n   one two three four', 12)).toBe('short\n   one two\n   three\n   four')
    expect(fitLines('a line that is long', undefined)).toBe('a line that is long')
  })

  it('measures what is visible: colour codes take no width', () => {
    const coloured = `\u001b[31m${'x'.repeat(10)}\u001b[39m`
    expect(fitLines(coloured, 10)).toBe(coloured)
    expect(fits(coloured, 10)).toBe(true)
    expect(fits(coloured, 9)).toBe(false)
  })

  it('leaves a word wider than the line whole', () => {
    expect(fitLines('0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ok', 20)).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8\nok')
  })
})

describe('flow', () => {
  it("puts as many segments on a line as fit, joined by ' · ', each line indented", () => {
    expect(flow(['Commission 10%', 'Own KRO 10 KRO', 'Weight 5 KRO'], 34, '  ')).toEqual(['  Commission 10% · Own KRO 10 KRO', '  Weight 5 KRO'])
  })
})

describe('pairList', () => {
  const rows: Array<[string, string]> = [
    ['Status', 'ACTIVE  Active: in the selection tree and eligible to submit outputs.'],
    ['Commission', '10%'],
  ]

  it('is two columns as wide as they need when they fit', () => {
    expect(pairList(rows, undefined).split('\n')[1]).toMatch(/^Commission {2}10% *$/)
  })

  it('wraps values under their column when the width is too small', () => {
    const text = pairList(rows, 40)
    expect(text.split('\n').every((line) => line.length <= 40)).toBe(true)
    expect(text).toBe(
      ['Status      ACTIVE  Active: in the', '            selection tree and eligible', '            to submit outputs.', 'Commission  10%'].join('\n'),
    )
  })

  it('puts each value under its label when two columns cannot fit', () => {
    expect(pairList(rows, 30)).toBe(
      ['Status', '  ACTIVE  Active: in the', '  selection tree and eligible', '  to submit outputs.', 'Commission', '  10%'].join('\n'),
    )
  })
})
