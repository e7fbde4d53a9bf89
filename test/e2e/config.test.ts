// `config` end to end, and the order in which flags, environment, saved configuration and
// network presets decide the connection, observed through `status --json` against anvil.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Mnemonic, Wallet, getAddress, parseUnits, randomBytes, hexlify } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { isolatedConfigDir, runCli, type CliResult } from '../helpers/cli.js'
import { closedPort, startRpcProxy, type RpcProxy } from '../helpers/rpc-proxy.js'

const SEPOLIA_CHAIN_ID = 11155111
const SEPOLIA = {
  validatorManager: '0x18189f55FD29759CE51F13DCF0A9cCC1E41dFCC7',
  assetManager: '0x5E9c8dB8f0aE21eA23eF53893dE2474E07D1CD91',
}
const MAINNET = {
  validatorManager: '0x232277d9672eEdd53c4B26C0F386C2Eb88DC7363',
  assetManager: '0xa295310DE52b86F236A815AFb2f518F3C0F5A6D3',
}
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m

/** What a failed assertion on an exit code shows. */
const output = (result: CliResult): string => `stdout: ${result.stdout}\nstderr: ${result.stderr}`

function expectNoStack(result: CliResult) {
  expect(result.stdout).not.toMatch(STACK_LINE)
  expect(result.stderr).not.toMatch(STACK_LINE)
}

/** One isolated config folder, and runCli bound to it. */
function configDir() {
  const dir = isolatedConfigDir()
  return {
    dir,
    run: (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { KROMA_VALIDATOR_CONFIG_DIR: dir, ...env } }),
  }
}

async function configPath(run: (args: string[]) => Promise<CliResult>): Promise<string> {
  const result = await run(['config', 'path'])
  expect(result.exitCode, output(result)).toBe(0)
  return result.stdout.trim()
}

// ------------------------------------------------------------------------ config commands

describe('config set/get/unset/list/path', () => {
  it('path is inside the configured folder', async () => {
    const { dir, run } = configDir()
    const path = await configPath(run)
    expect(dirname(path)).toBe(dir)
    const json = await run(['config', 'path', '--json'])
    expect(json.exitCode, output(json)).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({ path })
  })

  it('set, get, list, unset round trip, kept in the file with mode 0600', async () => {
    const { run } = configDir()
    const validator = Wallet.createRandom().address
    const values: Array<[string, string, string]> = [
      // key, value given, value stored
      ['network', 'sepolia', 'sepolia'],
      ['rpc-url', 'https://rpc.example.com/v1/public', 'https://rpc.example.com/v1/public'],
      ['validator', validator.toLowerCase(), validator],
      ['validator-manager', SEPOLIA.validatorManager.toLowerCase(), SEPOLIA.validatorManager],
      ['asset-manager', SEPOLIA.assetManager, SEPOLIA.assetManager],
      ['hd-path', "m/44'/60'/0'/0/3", "m/44'/60'/0'/0/3"],
      ['keystore', '/home/operator/keystore.json', '/home/operator/keystore.json'],
    ]
    for (const [key, given, stored] of values) {
      const set = await run(['config', 'set', key, given])
      expect(set.exitCode, `${key}: ${set.stderr}`).toBe(0)
      expect(set.stdout).toContain(stored)
      const get = await run(['config', 'get', key])
      expect(get.exitCode, output(get)).toBe(0)
      expect(get.stdout).toBe(`${stored}\n`)
    }

    const path = await configPath(run)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const file = JSON.parse(readFileSync(path, 'utf8')) as { settings: Record<string, string> }
    expect(file.settings).toEqual(Object.fromEntries(values.map(([key, , stored]) => [key, stored])))

    const list = await run(['config', 'list'])
    expect(list.exitCode, output(list)).toBe(0)
    for (const [key, , stored] of values) expect(list.stdout).toContain(`${key} = ${stored}`)
    const listJson = await run(['config', 'list', '--json'])
    expect(listJson.exitCode, output(listJson)).toBe(0)
    expect(JSON.parse(listJson.stdout)).toMatchObject({ settings: file.settings, path })

    const unset = await run(['config', 'unset', 'rpc-url'])
    expect(unset.exitCode, output(unset)).toBe(0)
    const gone = await run(['config', 'get', 'rpc-url'])
    expect(gone.exitCode, output(gone)).toBe(0)
    expect(gone.stdout).toBe('')
    const goneJson = await run(['config', 'get', 'rpc-url', '--json'])
    expect(JSON.parse(goneJson.stdout)).toEqual({ key: 'rpc-url', value: null })
    const after = JSON.parse(readFileSync(path, 'utf8')) as { settings: Record<string, string> }
    expect(after.settings).not.toHaveProperty('rpc-url')
    expect(after.settings.network).toBe('sepolia')
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('a config file readable by others is narrowed to 0600', async () => {
    const { run } = configDir()
    const path = await configPath(run)
    if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, JSON.stringify({ settings: { network: 'sepolia' }, profiles: {} }))
    chmodSync(path, 0o644)
    const get = await run(['config', 'get', 'network'])
    expect(get.exitCode, output(get)).toBe(0)
    expect(get.stdout).toBe('sepolia\n')
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('an empty list says so', async () => {
    const { run } = configDir()
    const list = await run(['config', 'list', '--json'])
    expect(list.exitCode, output(list)).toBe(0)
    expect(JSON.parse(list.stdout)).toMatchObject({ settings: {} })
  })

  describe('secrets are refused and never echoed or stored', () => {
    const privateKey = hexlify(randomBytes(32))
    const mnemonic12 = Mnemonic.fromEntropy(randomBytes(16)).phrase
    const mnemonic24 = Mnemonic.fromEntropy(randomBytes(32)).phrase
    // key, what it is, the value given, the secret in it
    const cases: Array<[string, string, string, string]> = [
      ['rpc-url', 'a private key (0x + 64 hex)', privateKey, privateKey],
      ['rpc-url', 'a private key (64 hex)', privateKey.slice(2), privateKey],
      ['rpc-url', 'a URL carrying a private key', `https://rpc.example.com/${privateKey}`, privateKey],
      ['rpc-url', 'a 12-word mnemonic', mnemonic12, mnemonic12],
      ['rpc-url', 'a 24-word mnemonic', mnemonic24, mnemonic24],
      ['validator', 'a private key', privateKey, privateKey],
      ['validator-manager', 'a private key', privateKey, privateKey],
      ['asset-manager', 'a private key', privateKey.slice(2), privateKey],
      ['network', 'a private key', privateKey, privateKey],
      ['network', 'a mnemonic', mnemonic12, mnemonic12],
      ['hd-path', 'a private key', privateKey, privateKey],
      ['keystore', 'a private key', privateKey, privateKey],
      ['keystore', 'a mnemonic', mnemonic12, mnemonic12],
    ]

    /** Not the secret, and no recognisable piece of it: 16 hex digits in a row, or 3 words. */
    function expectNoLeak(text: string, secret: string) {
      if (secret.includes(' ')) {
        const words = secret.split(' ')
        for (let i = 0; i + 3 <= words.length; i++) expect(text).not.toContain(words.slice(i, i + 3).join(' '))
      } else {
        const hex = secret.replace(/^0x/, '').toLowerCase()
        const lower = text.toLowerCase()
        for (let i = 0; i + 16 <= hex.length; i++) expect(lower).not.toContain(hex.slice(i, i + 16))
      }
    }

    it.each(cases)('config set %s <%s>: exit 2, not in the output, not in the file', async (key, _, value, secret) => {
      expect(mnemonic12.split(' ')).toHaveLength(12)
      expect(mnemonic24.split(' ')).toHaveLength(24)
      const { run } = configDir()
      const path = await configPath(run)
      for (const extra of [[], ['--json']]) {
        const result = await run(['config', 'set', key, value, ...extra])
        expect(result.exitCode, output(result)).toBe(2)
        expectNoLeak(result.stdout + result.stderr, secret)
        expectNoStack(result)
        if (extra.length > 0) {
          const { error } = JSON.parse(result.stdout) as { error: { exitCode: number } }
          expect(error.exitCode).toBe(2)
        } else {
          expect(result.stdout).toBe('')
          expect(result.stderr.length).toBeGreaterThan(0)
        }
      }
      if (existsSync(path)) expectNoLeak(readFileSync(path, 'utf8'), secret)
      const get = await run(['config', 'get', key])
      expect(get.stdout).toBe('')
    })
  })

  it.each([
    [['config', 'set'], 'Missing 2 required args: key, value.'],
    [['config', 'set', 'network'], 'Missing 1 required arg: value.'],
    [['config', 'get'], 'Missing 1 required arg: key.'],
  ])('%j: names the missing arguments after one colon', async (args, message) => {
    const { run } = configDir()
    const text = await run(args)
    expect(text.exitCode, output(text)).toBe(2)
    expect(text.stderr).toBe(`Error: ${message}\n  → Run the command with --help for its flags and examples.\n`)
    const json = await run([...args, '--json'])
    expect(json.exitCode, output(json)).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'INVALID_USAGE', message, suggestions: ['Run the command with --help for its flags and examples.'], exitCode: 2 },
    })
  })

  it.each([
    [['config', 'set', 'private-key', 'x']],
    [['config', 'set', 'rpc', 'https://rpc.example.com']],
    [['config', 'get', 'password']],
    [['config', 'unset', 'mnemonic']],
  ])('unknown key (%j): exit 2 naming it', async (args) => {
    const { run } = configDir()
    const result = await run(args)
    expect(result.exitCode, output(result)).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`"${args[2]}"`)
    expectNoStack(result)
    const json = await run([...args, '--json'])
    expect(json.exitCode, output(json)).toBe(2)
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { exitCode: 2 } })
  })

  it.each([
    ['network', 'devnet'],
    ['network', 'goerli'],
    ['rpc-url', 'ftp://rpc.example.com'],
    ['rpc-url', 'rpc.example.com'],
    ['validator', '0x1234'],
    ['validator-manager', 'sepolia'],
    ['hd-path', "44'/60'"],
    ['hd-path', 'm/44/60'],
    ['hd-path', 'm/44/60/0/0/0'],
    ['hd-path', "m/44'/60'"],
    ['hd-path', "m/49'/60'/0'/0/0"],
  ])('config set %s %s: exit 2, nothing saved', async (key, value) => {
    const { run } = configDir()
    const result = await run(['config', 'set', key, value])
    expect(result.exitCode, output(result)).toBe(2)
    expect(result.stdout).toBe('')
    expectNoStack(result)
    const get = await run(['config', 'get', key])
    expect(get.exitCode, output(get)).toBe(0)
    expect(get.stdout).toBe('')
  })
})

describe('config hd-path: checked as --hd-path is', () => {
  it('m/44/60 (what a shell leaves of unquoted apostrophes) is refused, saying the accepted form', async () => {
    const { run } = configDir()
    const result = await run(['config', 'set', 'hd-path', 'm/44/60', '--json'])
    expect(result.exitCode, output(result)).toBe(2)
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'INVALID_HD_PATH',
        message: `Invalid derivation path "m/44/60": an account path starts with the hardened m/44'/60'/ and has at least 3 levels. Accepted form: m/44'/60'/0'/0/0.`,
        suggestions: [`In a shell, put the path in double quotes: "m/44'/60'/0'/0/0".`],
        exitCode: 2,
      },
    })
  })

  it("the h notation is saved in the ' form the device and --hd-path use", async () => {
    const { run } = configDir()
    const set = await run(['config', 'set', 'hd-path', 'm/44h/60h/1h/0/0'])
    expect(set.exitCode, output(set)).toBe(0)
    expect(set.stdout).toBe("hd-path = m/44'/60'/1'/0/0\n")
    expect((await run(['config', 'get', 'hd-path'])).stdout).toBe("m/44'/60'/1'/0/0\n")
  })
})

describe('a saved RPC URL is shown without its key', () => {
  const key = hexlify(randomBytes(16)).slice(2)
  const password = `pw${hexlify(randomBytes(8)).slice(2)}`
  it.each([
    ['in the path', `https://eth-mainnet.g.alchemy.com/v2/${key}`, 'https://eth-mainnet.g.alchemy.com/v2/***'],
    ['as user info', `https://operator:${password}@rpc.example.com/`, 'https://***:***@rpc.example.com/'],
    ['in the query', `https://rpc.example.com/eth?apikey=${key}`, 'https://rpc.example.com/eth?apikey=***'],
  ])('%s: set, get and list, as text and --json, never print it; the file keeps it', async (_, url, masked) => {
    const { run } = configDir()
    const secret = url.includes(key) ? key : password
    const runs = [
      await run(['config', 'set', 'rpc-url', url]),
      await run(['config', 'set', 'rpc-url', url, '--json']),
      await run(['config', 'get', 'rpc-url']),
      await run(['config', 'get', 'rpc-url', '--json']),
      await run(['config', 'list']),
      await run(['config', 'list', '--json']),
    ]
    for (const result of runs) {
      expect(result.exitCode, output(result)).toBe(0)
      expect(result.stdout).not.toContain(secret)
      expect(result.stderr).not.toContain(secret)
      expect(result.stdout).toContain(masked)
    }
    const [set, setJson, get, getJson, list, listJson] = runs
    expect(set!.stdout).toBe(`rpc-url = ${masked}\n`)
    expect(JSON.parse(setJson!.stdout)).toMatchObject({ key: 'rpc-url', value: masked })
    expect(get!.stdout).toBe(`${masked}\n`)
    expect(JSON.parse(getJson!.stdout)).toEqual({ key: 'rpc-url', value: masked })
    expect(list!.stdout).toContain(`rpc-url = ${masked}\n`)
    expect(JSON.parse(listJson!.stdout)).toMatchObject({ settings: { 'rpc-url': masked } })
    // The commands that connect need the URL itself.
    const file = JSON.parse(readFileSync(await configPath(run), 'utf8')) as { settings: Record<string, string> }
    expect(file.settings['rpc-url']).toBe(url)
  })
})

// ------------------------------------------------------------------- resolution order

describe('resolution order: flags > environment > config > preset', () => {
  // A chain with Sepolia's chain id, so the sepolia preset passes the chain check and its
  // addresses (which hold no code here) can be told apart from ours.
  let chain: TestChain
  let validator: string
  const proxies: Record<'flag' | 'env' | 'config', RpcProxy> = {} as never

  beforeAll(async () => {
    chain = await startTestChain({ anvil: { chainId: SEPOLIA_CHAIN_ID, accounts: 3 } })
    expect(chain.chainId).toBe(BigInt(SEPOLIA_CHAIN_ID))
    const account = chain.accounts[1]!
    await chain.registerValidator(account.privateKey, parseUnits('20000', 18), 10)
    validator = account.address
    for (const name of ['flag', 'env', 'config'] as const) proxies[name] = await startRpcProxy(chain.rpcUrl)
  }, 120_000)

  afterAll(async () => {
    for (const proxy of Object.values(proxies)) await proxy?.stop()
    await chain?.stop()
  })

  const resetProxies = () => Object.values(proxies).forEach((proxy) => proxy.reset())
  const contractFlags = () => ['--validator-manager', chain.addresses.validatorManager, '--asset-manager', chain.addresses.assetManager]

  interface Report {
    address: string
    status: string
    chainId: number
    network: string | null
    kro: { total: string }
    blockNumber: number
  }

  async function expectOk(result: CliResult): Promise<Report> {
    expect(result.exitCode, result.stderr || result.stdout).toBe(0)
    const report = JSON.parse(result.stdout) as Report
    expect(report.address).toBe(validator)
    expect(report.chainId).toBe(SEPOLIA_CHAIN_ID)
    expect(report.status).toBe('ACTIVE')
    const total: bigint = await chain.contracts.assetManager.totalValidatorKro(validator)
    expect(report.kro.total).toBe(total.toString())
    return report
  }

  function expectError(result: CliResult, exitCode: number) {
    expect(result.exitCode, result.stdout).toBe(exitCode)
    expectNoStack(result)
    return (JSON.parse(result.stdout) as { error: { code: string; message: string; exitCode: number } }).error
  }

  it('rpc-url: config, then VALIDATOR_L1_ETH_RPC over it, then --rpc-url over both', async () => {
    const { run } = configDir()
    expect((await run(['config', 'set', 'rpc-url', proxies.config.url])).exitCode).toBe(0)
    const base = ['status', validator, '--json', ...contractFlags(), '--chain-id', String(SEPOLIA_CHAIN_ID)]

    resetProxies()
    await expectOk(await run(base))
    expect(proxies.config.httpRequests).toBeGreaterThan(0)
    expect(proxies.env.httpRequests + proxies.flag.httpRequests).toBe(0)

    resetProxies()
    await expectOk(await run(base, { VALIDATOR_L1_ETH_RPC: proxies.env.url }))
    expect(proxies.env.httpRequests).toBeGreaterThan(0)
    expect(proxies.config.httpRequests + proxies.flag.httpRequests).toBe(0)

    resetProxies()
    await expectOk(await run([...base, '--rpc-url', proxies.flag.url], { VALIDATOR_L1_ETH_RPC: proxies.env.url }))
    expect(proxies.flag.httpRequests).toBeGreaterThan(0)
    expect(proxies.config.httpRequests + proxies.env.httpRequests).toBe(0)
  })

  it('a dead rpc-url in the config is overridden by the environment', async () => {
    const { run } = configDir()
    expect((await run(['config', 'set', 'rpc-url', `http://127.0.0.1:${await closedPort()}/`])).exitCode).toBe(0)
    const base = ['status', validator, '--json', ...contractFlags(), '--chain-id', String(SEPOLIA_CHAIN_ID)]
    expectError(await run(base), 4)
    await expectOk(await run(base, { VALIDATOR_L1_ETH_RPC: chain.rpcUrl }))
  })

  it('contract addresses: the sepolia preset, then config over it, then environment, then flags', async () => {
    const { run } = configDir()
    expect((await run(['config', 'set', 'network', 'sepolia'])).exitCode).toBe(0)
    const base = ['status', validator, '--json', '--rpc-url', chain.rpcUrl]

    // Preset only: Sepolia's real addresses, which hold no code on this chain.
    const preset = expectError(await run(base), 4)
    expect(preset.code).toBe('CONTRACTS_NOT_FOUND')
    expect(preset.message.toLowerCase()).toMatch(new RegExp(`${SEPOLIA.validatorManager}|${SEPOLIA.assetManager}`.toLowerCase()))

    // Config over the preset.
    expect((await run(['config', 'set', 'validator-manager', chain.addresses.validatorManager])).exitCode).toBe(0)
    expect((await run(['config', 'set', 'asset-manager', chain.addresses.assetManager])).exitCode).toBe(0)
    const fromConfig = await expectOk(await run(base))
    expect(fromConfig.network).toBe('sepolia')

    // Environment over config: a ValidatorManager address with no code.
    const emptyVm = Wallet.createRandom().address
    const envVm = expectError(await run(base, { VALIDATOR_VALMGR_ADDRESS: emptyVm }), 4)
    expect(envVm.code).toBe('CONTRACTS_NOT_FOUND')
    expect(envVm.message).toContain(emptyVm)
    // ... and the same for the AssetManager.
    const emptyAm = Wallet.createRandom().address
    const envAm = expectError(await run(base, { VALIDATOR_ASSETMANAGER_ADDRESS: emptyAm }), 4)
    expect(envAm.code).toBe('CONTRACTS_NOT_FOUND')
    expect(envAm.message).toContain(emptyAm)

    // Flags over the environment.
    await expectOk(await run([...base, ...contractFlags()], { VALIDATOR_VALMGR_ADDRESS: emptyVm, VALIDATOR_ASSETMANAGER_ADDRESS: emptyAm }))
    // A flag with an empty address loses against nothing: it wins over a good environment.
    const flagVm = expectError(await run([...base, '--validator-manager', emptyVm], { VALIDATOR_VALMGR_ADDRESS: chain.addresses.validatorManager }), 4)
    expect(flagVm.message).toContain(emptyVm)
  })

  it('network: config, then KROMA_NETWORK over it, then --network over both', async () => {
    const { run } = configDir()
    expect((await run(['config', 'set', 'network', 'mainnet'])).exitCode).toBe(0)
    const base = ['status', validator, '--json', '--rpc-url', chain.rpcUrl, ...contractFlags()]

    const fromConfig = expectError(await run(base), 4)
    expect(fromConfig.code).toBe('WRONG_CHAIN')
    expect(fromConfig.message).toMatch(/\bchain 1\b/)
    expect(fromConfig.message).toMatch(/\b11155111\b/)

    const fromEnv = await expectOk(await run(base, { KROMA_NETWORK: 'sepolia' }))
    expect(fromEnv.network).toBe('sepolia')

    const fromFlag = expectError(await run([...base, '--network', 'mainnet'], { KROMA_NETWORK: 'sepolia' }), 4)
    expect(fromFlag.code).toBe('WRONG_CHAIN')
    expect(fromFlag.message).toMatch(/\bchain 1\b/)

    const unknown = expectError(await run(base, { KROMA_NETWORK: 'devnet' }), 2)
    expect(unknown.message).toContain('devnet')
  })

  it('a mainnet address in the environment with the sepolia network is refused before any read', async () => {
    const { run } = configDir()
    resetProxies()
    const result = await run(['status', validator, '--json', '--network', 'sepolia', '--rpc-url', proxies.flag.url], {
      VALIDATOR_VALMGR_ADDRESS: MAINNET.validatorManager,
    })
    const error = expectError(result, 2)
    expect(error.message).toContain('mainnet')
    expect(error.message).toContain('sepolia')
    expect(proxies.flag.httpRequests).toBe(0)
  })

  it('the saved validator is the default address, and an argument overrides it', async () => {
    const { run } = configDir()
    const other = Wallet.createRandom().address
    expect((await run(['config', 'set', 'validator', validator])).exitCode).toBe(0)
    const base = ['status', '--json', '--rpc-url', chain.rpcUrl, ...contractFlags(), '--chain-id', String(SEPOLIA_CHAIN_ID)]
    await expectOk(await run(base))
    const explicit = await run([...base, other])
    expect(explicit.exitCode, output(explicit)).toBe(0)
    expect((JSON.parse(explicit.stdout) as Report).address).toBe(getAddress(other))
  })
})
