// The devnet commands move time and send as the deployer: they must only ever touch the local
// devnet that `devnet start` created. Everything here checks that, and says why not.
import { getAddress, type JsonRpcApiProvider, type JsonRpcSigner } from 'ethers'
import { ClientProvider } from '../chain/ethers-provider.js'
import { rpcCall as send } from '../chain/json-rpc.js'
import { AssetManager__factory, ValidatorManager__factory, type AssetManager, type ValidatorManager } from '../chain/types/index.js'
import { maskUrl } from '../chain/url.js'
import { CliError, ExitCode } from '../errors.js'
import { TestL2OutputOracle__factory, type TestL2OutputOracle } from './types/index.js'
import { START_HINT, devnetNotRunning } from '../config/devnet-not-running.js'
import { devnetPaths, isAnvilProcess, readDevnetState, type DevnetPaths, type DevnetState } from '../config/devnet-state.js'

/** Raw JSON-RPC, with a timeout: used before any provider exists, to find out who answers. */
export function rpcCall(rpcUrl: string, method: string, params: unknown[] = [], timeoutMs = 5000): Promise<unknown> {
  return send(rpcUrl, method, params, { timeoutMs, retries: 0 })
}

function notOurs(message: string, suggestions: string[] = []): CliError {
  return new CliError(message, {
    code: 'NOT_OUR_DEVNET',
    exitCode: ExitCode.rpc,
    suggestions: [...suggestions, 'The devnet commands only drive the local devnet that `kroma-validator devnet start` started; nothing was sent.'],
  })
}

/** Two RPC URLs name the same local endpoint (localhost and 127.0.0.1 alike, trailing slash or not). */
function sameEndpoint(a: string, b: string): boolean {
  const key = (raw: string): string | undefined => {
    try {
      const url = new URL(raw)
      const host = url.hostname === 'localhost' || url.hostname === '[::1]' ? '127.0.0.1' : url.hostname
      const port = url.port || (url.protocol === 'https:' ? '443' : '80')
      return `${url.protocol}//${host}:${port}${url.pathname.replace(/\/+$/, '')}`
    } catch {
      return undefined
    }
  }
  const left = key(a)
  return left !== undefined && left === key(b)
}

export interface LiveDevnet {
  state: DevnetState
  paths: DevnetPaths
  clientVersion: string
  blockNumber: number
  /** Latest block's timestamp (chain time). */
  timestamp: bigint
}

/**
 * The devnet of this configuration folder, checked alive: its anvil process runs, the RPC
 * answers as anvil on the saved chain, and the saved contracts are there and wired together.
 * `rpcUrl`, when given, must be that devnet's endpoint. Throws exit 4 otherwise.
 */
export async function probeDevnet(options: { rpcUrl?: string; env?: NodeJS.ProcessEnv } = {}): Promise<LiveDevnet> {
  const paths = devnetPaths(options.env)
  const state = readDevnetState(paths)
  if (options.rpcUrl !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(options.rpcUrl)
    } catch {
      url = undefined
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new CliError(`Invalid RPC URL "${options.rpcUrl}". Accepted form: an http:// URL, e.g. http://127.0.0.1:8545.`, {
        code: 'INVALID_RPC_URL',
        exitCode: ExitCode.invalidInput,
      })
    }
    if (state === undefined) {
      throw notOurs(`${maskUrl(options.rpcUrl)} is not a devnet started by kroma-validator: none is running for this configuration (${paths.dir}).`, [
        START_HINT,
      ])
    }
    if (!sameEndpoint(options.rpcUrl, state.rpcUrl)) {
      throw notOurs(`${maskUrl(options.rpcUrl)} is not the devnet started by kroma-validator, which is at ${state.rpcUrl}.`, [
        `Drop --rpc-url, or pass --rpc-url ${state.rpcUrl}.`,
      ])
    }
  }
  if (state === undefined) throw devnetNotRunning(`No devnet is running: none was started for this configuration (${paths.dir}).`)
  if (!isAnvilProcess(state.pid)) {
    throw devnetNotRunning(`The devnet started ${state.startedAt} at ${state.rpcUrl} is no longer running (anvil pid ${state.pid} is gone).`, {
      stale: true,
      rpcUrl: state.rpcUrl,
      pid: state.pid,
    })
  }

  let clientVersion: unknown
  let chainIdHex: unknown
  let block: unknown
  try {
    ;[clientVersion, chainIdHex, block] = await Promise.all([
      rpcCall(state.rpcUrl, 'web3_clientVersion'),
      rpcCall(state.rpcUrl, 'eth_chainId'),
      rpcCall(state.rpcUrl, 'eth_getBlockByNumber', ['latest', false]),
    ])
  } catch (error) {
    throw devnetNotRunning(
      `The devnet's anvil (pid ${state.pid}) runs but does not answer at ${state.rpcUrl}: ${error instanceof Error ? error.message : String(error)}.`,
      {
        rpcUrl: state.rpcUrl,
        pid: state.pid,
      },
    )
  }
  if (typeof clientVersion !== 'string' || !/^anvil\//i.test(clientVersion)) {
    throw notOurs(`The node at ${state.rpcUrl} is not anvil (it says "${String(clientVersion)}"), so it is not the devnet that was started there.`)
  }
  if (typeof chainIdHex !== 'string' || Number(BigInt(chainIdHex)) !== state.chainId) {
    throw notOurs(`The node at ${state.rpcUrl} is on chain ${String(chainIdHex)}, not the devnet's chain ${state.chainId}.`)
  }
  const codes = await Promise.all(Object.values(state.contracts).map((address) => rpcCall(state.rpcUrl, 'eth_getCode', [address, 'latest'])))
  if (codes.some((code) => typeof code !== 'string' || code === '0x')) {
    throw notOurs(`The devnet's contracts are missing at ${state.rpcUrl}: this anvil is not the one \`devnet start\` deployed to.`, [
      'Stop it and start a new devnet: `kroma-validator devnet stop && kroma-validator devnet start --detach`.',
    ])
  }
  const latest = block as { number: string; timestamp: string }
  return { state, paths, clientVersion, blockNumber: Number(BigInt(latest.number)), timestamp: BigInt(latest.timestamp) }
}

export interface DevnetConnection extends LiveDevnet {
  provider: JsonRpcApiProvider
  /** anvil account 0, unlocked on the node: it deployed the contracts and drives the test oracle. */
  deployer: JsonRpcSigner
  validatorManager: ValidatorManager
  assetManager: AssetManager
  oracle: TestL2OutputOracle
  close(): void
}

/** A connection to our own devnet, for the commands that move time or send as the deployer. */
export async function connectOwnDevnet(options: { rpcUrl?: string; env?: NodeJS.ProcessEnv } = {}): Promise<DevnetConnection> {
  const live = await probeDevnet(options)
  const { state } = live
  const provider = new ClientProvider(state.rpcUrl, state.chainId, { timeoutMs: 30_000 })
  try {
    const validatorManager = ValidatorManager__factory.connect(state.contracts.validatorManager, provider)
    // The saved contracts must be wired to each other, as deployed: the same addresses on another
    // deployment (a restarted anvil, a fork) would not be.
    const [oracle, assetManager] = await Promise.all([validatorManager.L2_ORACLE(), validatorManager.ASSET_MANAGER()])
    if (getAddress(oracle) !== getAddress(state.contracts.l2OutputOracle) || getAddress(assetManager) !== getAddress(state.contracts.assetManager)) {
      throw notOurs(`The ValidatorManager at ${state.contracts.validatorManager} is not wired to the devnet's test oracle and AssetManager.`)
    }
    const deployer = await provider.getSigner(state.deployer)
    return {
      ...live,
      provider,
      deployer,
      validatorManager,
      assetManager: AssetManager__factory.connect(state.contracts.assetManager, provider),
      oracle: TestL2OutputOracle__factory.connect(state.contracts.l2OutputOracle, deployer),
      close: () => provider.destroy(),
    }
  } catch (error) {
    provider.destroy()
    throw error
  }
}
