// The devnet library: anvil lifecycle (no orphans) and deployment through an RPC URL.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AnvilNotInstalledError, anvilAccounts, anvilPlatformPackage, resolveAnvilBinary, startAnvil } from '../../src/lib/devnet/anvil.js'
import { MULTICALL3_ADDRESS, SEPOLIA_LIKE_PARAMS, createLocalProvider, deployValidatorSystem } from '../../src/lib/devnet/deploy.js'
import { AssetManager__factory, KghToken__factory, KromaToken__factory, ValidatorManager__factory } from '../helpers/types/index.js'

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return !isRunning(pid)
}

async function rpc(rpcUrl: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown }
  return body.result
}

describe('anvil binary resolution', () => {
  it('maps Node platforms to the @foundry-rs/anvil platform packages', () => {
    expect(anvilPlatformPackage('linux', 'x64')).toBe('@foundry-rs/anvil-linux-amd64')
    expect(anvilPlatformPackage('linux', 'arm64')).toBe('@foundry-rs/anvil-linux-arm64')
    expect(anvilPlatformPackage('darwin', 'arm64')).toBe('@foundry-rs/anvil-darwin-arm64')
    expect(anvilPlatformPackage('darwin', 'x64')).toBe('@foundry-rs/anvil-darwin-amd64')
    expect(anvilPlatformPackage('win32', 'x64')).toBe('@foundry-rs/anvil-win32-amd64')
    expect(anvilPlatformPackage('win32', 'arm64')).toBeUndefined()
    expect(anvilPlatformPackage('freebsd', 'x64')).toBeUndefined()
  })

  it('finds the installed binary, and names the package to install otherwise', () => {
    expect(existsSync(resolveAnvilBinary())).toBe(true)
    expect(new AnvilNotInstalledError('x').message).toContain('@foundry-rs/anvil')
  })

  it("derives anvil's well-known default accounts", () => {
    const [first, second] = anvilAccounts(undefined, 2)
    expect(first?.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(second?.address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
    expect(first?.privateKey).toBe('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
  })
})

describe('startAnvil', () => {
  it('starts with the requested options and stop() ends the process', async () => {
    const anvil = await startAnvil({ chainId: 4242, automine: false })
    try {
      expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`)
      expect(BigInt(String(await rpc(anvil.rpcUrl, 'eth_chainId')))).toBe(4242n)
      expect(await rpc(anvil.rpcUrl, 'anvil_getAutomine')).toBe(false)
      expect(isRunning(anvil.pid)).toBe(true)
    } finally {
      await anvil.stop()
    }
    expect(isRunning(anvil.pid)).toBe(false)
    // A second stop is harmless.
    await anvil.stop()
  })

  it.each([
    ['exits normally', 'process.exit(0)'],
    ['is terminated by SIGTERM', 'setInterval(() => {}, 1000)'],
  ])('leaves no anvil behind when its parent %s', async (_label, then) => {
    const anvilModule = fileURLToPath(new URL('../../src/lib/devnet/anvil.ts', import.meta.url))
    const script = [
      `const { startAnvil } = await import(${JSON.stringify(anvilModule)});`,
      'const anvil = await startAnvil();',
      'console.log(String(anvil.pid));',
      then,
    ].join('\n')
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
      // 'close' comes after the output is drained, so a printed pid is never missed.
      child.once('close', (code) => reject(new Error(`child exited (${code}) before starting anvil: ${stderr}`)))
    })
    expect(pid).toBeGreaterThan(0)

    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve()
      else child.once('exit', () => resolve())
    })
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    const gone = await waitUntilGone(pid)
    if (!gone) process.kill(pid, 'SIGKILL') // don't leak it from the test either
    expect(gone).toBe(true)
  })
})

describe('deployValidatorSystem through an RPC URL', () => {
  it('deploys with the node account while blocks are mined on an interval', async () => {
    // Interval mining: the deployment must batch by dependency and wait for real blocks.
    const anvil = await startAnvil({ blockTime: 1 })
    try {
      const funded = anvilAccounts(anvil.mnemonic, 3)[2]?.address ?? ''
      const deployed = await deployValidatorSystem(anvil.rpcUrl, SEPOLIA_LIKE_PARAMS, {
        fund: [funded],
        fundAmount: 123n,
      })
      expect(deployed.deployer).toBe(anvilAccounts(anvil.mnemonic, 1)[0]?.address)
      expect(deployed.params).toEqual(SEPOLIA_LIKE_PARAMS)
      expect(deployed.addresses.multicall3).toBe(MULTICALL3_ADDRESS)

      const provider = await createLocalProvider(anvil.rpcUrl)
      try {
        for (const address of Object.values(deployed.addresses) as string[]) {
          expect(await provider.getCode(address), address).not.toBe('0x')
        }
        const vm = ValidatorManager__factory.connect(deployed.addresses.validatorManager, provider)
        const kro = KromaToken__factory.connect(deployed.addresses.kroToken, provider)
        expect(await vm.getFunction('MIN_REGISTER_AMOUNT').staticCall()).toBe(SEPOLIA_LIKE_PARAMS.minRegisterAmount)
        expect(await vm.getFunction('ROUND_DURATION_SECONDS').staticCall()).toBe(300n)
        expect(await kro.getFunction('balanceOf').staticCall(funded)).toBe(123n)
        // KGH: the AssetManager's KGH(), three tokens (ids 1 to 3) for the funded account.
        const am = AssetManager__factory.connect(deployed.addresses.assetManager, provider)
        const kgh = KghToken__factory.connect(deployed.addresses.kgh, provider)
        expect(await am.getFunction('KGH').staticCall()).toBe(deployed.addresses.kgh)
        expect(await kgh.getFunction('balanceOf').staticCall(funded)).toBe(3n)
        expect(await kgh.getFunction('ownerOf').staticCall(3n)).toBe(funded)
      } finally {
        provider.destroy()
      }
    } finally {
      await anvil.stop()
    }
  })
})
