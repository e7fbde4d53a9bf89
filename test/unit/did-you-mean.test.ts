import { describe, expect, it } from 'vitest'
import { closestCommands, editDistance } from '../../src/lib/command/did-you-mean.js'

const COMMANDS = [
  { id: 'activate', aliases: [] },
  { id: 'changeCommission:finalize', aliases: ['change-commission:finalize'] },
  { id: 'changeCommission:init', aliases: ['change-commission:init'] },
  { id: 'config:get', aliases: [] },
  { id: 'config:list', aliases: [] },
  { id: 'config:set', aliases: [] },
  { id: 'depositKro', aliases: ['deposit-kro'] },
  { id: 'kgh:delegate', aliases: [] },
  { id: 'kgh:undelegate', aliases: [] },
  { id: 'delegate', aliases: [] },
  { id: 'register', aliases: [] },
  { id: 'status', aliases: [] },
  { id: 'unjail', aliases: [] },
  { id: 'withdraw', aliases: [] },
]

const typed = (line: string): string[] => line.split(' ')

describe('editDistance', () => {
  it.each([
    ['register', 'register', 0],
    ['regster', 'register', 1],
    ['unjial', 'unjail', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })
})

describe('closestCommands', () => {
  it.each([
    ['regster', ['register']],
    ['unjial', ['unjail']],
    ['depositkro', ['depositKro']],
    ['DEPOSITKRO', ['depositKro']],
    ['deposit kro', ['depositKro']],
    ['deposit-kr', ['depositKro']],
    ['deposit', ['depositKro']],
    ['registerValidator', ['register']],
    ['changecommission init', ['changeCommission:init']],
    ['change-commission int', ['changeCommission:init']],
    ['changeCommission', ['changeCommission:finalize', 'changeCommission:init']],
    ['changecomission start', ['changeCommission:finalize', 'changeCommission:init']],
    ['config lst', ['config:list']],
    ['kgh delegat', ['kgh:delegate']],
    ['delegat', ['delegate']],
    ['statsu 0x70997970C51812dc3A010C7d01b50e0d17dc79C8', ['status']],
  ])('%s → %j', (line, expected) => {
    expect(closestCommands(typed(line), COMMANDS)).toEqual(expected)
  })

  it.each(['frobnicate', 'xyz', 'ab', 'selfdestruct'])('%s matches nothing', (line) => {
    expect(closestCommands(typed(line), COMMANDS)).toEqual([])
  })

  it('finds a command added later without any list to update', () => {
    expect(closestCommands(['pool', 'withdraw-too'], [...COMMANDS, { id: 'pool:withdraw-to', aliases: [] }])).toEqual(['pool:withdraw-to'])
  })
})
