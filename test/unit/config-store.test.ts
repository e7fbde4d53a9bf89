// The config store reads conf's JSON file directly (loading conf costs every command ~150
// modules) and saves through conf: the plain read must find the file where conf keeps it and
// read what conf writes, so nobody loses settings.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigStore, defaultConfigDir } from '../../src/lib/config/store.js'

const folders: string[] = []
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kroma-validator-store-'))
  folders.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function confAt(xdgConfigHome: string) {
  const { default: Conf } = await import('conf')
  const saved = process.env.XDG_CONFIG_HOME
  process.env.XDG_CONFIG_HOME = xdgConfigHome
  try {
    return new Conf<Record<string, unknown>>({
      projectName: 'kroma-validator',
      projectSuffix: '',
      configFileMode: 0o600,
      defaults: { settings: {}, profiles: {} },
    })
  } finally {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME
    else process.env.XDG_CONFIG_HOME = saved
  }
}

describe.runIf(process.platform === 'linux')('config store and conf', () => {
  it('puts the file where conf did', async () => {
    const xdg = folder()
    const conf = await confAt(xdg)
    expect(new ConfigStore({ XDG_CONFIG_HOME: xdg }).path).toBe(conf.path)
    expect(defaultConfigDir({ XDG_CONFIG_HOME: xdg }, 'linux')).toBe(join(xdg, 'kroma-validator'))
  })

  it('reads what conf wrote, and conf reads what it writes', async () => {
    const xdg = folder()
    const conf = await confAt(xdg)
    conf.set('settings', { network: 'sepolia', 'rpc-url': 'https://sepolia.example.com' })
    const store = new ConfigStore({ XDG_CONFIG_HOME: xdg })
    expect(store.list()).toEqual({ network: 'sepolia', 'rpc-url': 'https://sepolia.example.com' })

    await store.set('validator', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
    await store.unset('rpc-url')
    expect(new ConfigStore({ XDG_CONFIG_HOME: xdg }).list()).toEqual({ network: 'sepolia', validator: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' })
    expect((await confAt(xdg)).get('settings')).toEqual({ network: 'sepolia', validator: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' })
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })
})

describe('config store', () => {
  it('reading creates nothing; the first save creates the folder and the file (0600)', async () => {
    const dir = join(folder(), 'nested', 'config')
    const store = new ConfigStore({ KROMA_VALIDATOR_CONFIG_DIR: dir })
    expect(store.list()).toEqual({})
    expect(store.profileNames()).toEqual([])
    expect(() => statSync(dir)).toThrow()
    await store.set('network', 'mainnet')
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
    expect(new ConfigStore({ KROMA_VALIDATOR_CONFIG_DIR: dir }).get('network')).toBe('mainnet')
  })
})
