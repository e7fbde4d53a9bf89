// RPC faults, end to end through bin/run.js with a fault-injection proxy in front of anvil: refused
// connections, hangs, resets, 5xx and 429 answers, broken JSON, a wrong chain, and a broadcast whose
// answer is lost (or that never arrived). Every case checks the exit code, what was said, the
// signer's nonce and the contract state.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { runCli, type CliResult, chainFlags } from '../helpers/cli.js'
import { KRO, errorOf, expectFailure, freshAccount, jsonOf, observe, poolOf, type TestAccount } from '../helpers/e2e.js'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'

let chain: TestChain
let proxy: FaultProxy

// Secrets an RPC URL carries in practice: basic auth, a key in the path, a key in the query.
const URL_PASSWORD = 'Hunter2-Passw0rd'
const URL_PATH_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
const URL_QUERY_KEY = 'Qk7ZpLm9Xv4Rt2Yw'
const URL_SECRETS = [URL_PASSWORD, URL_PATH_KEY, URL_QUERY_KEY]

beforeAll(async () => {
  chain = await startTestChain()
  proxy = await startFaultProxy(chain.rpcUrl)
})
afterEach(async () => {
  proxy.clear()
  await proxy.acceptConnections()
  proxy.resetLog()
})
afterAll(async () => {
  await proxy?.stop()
  await chain?.stop()
})

function proxyUrl(): string {
  return `http://operator:${URL_PASSWORD}@127.0.0.1:${proxy.port}/v3/${URL_PATH_KEY}?apikey=${URL_QUERY_KEY}`
}
/** The endpoint as the CLI must name it: host and port kept, every secret masked. */
function maskedUrl(): string {
  return `http://***:***@127.0.0.1:${proxy.port}/v3/***?apikey=***`
}

function connection(): string[] {
  return [...chainFlags({ rpcUrl: proxyUrl(), chainId: chain.chainId, addresses: chain.addresses }), '--rpc-timeout', '2']
}

function run(args: string[], signer?: TestAccount): Promise<CliResult> {
  return runCli([...args, ...connection()], { env: signer ? { VALIDATOR_PRIVATE_KEY: signer.privateKey } : {}, timeoutMs: 50_000 })
}

function expectNoUrlSecrets(result: CliResult): void {
  for (const secret of URL_SECRETS) {
    expect(result.stdout).not.toContain(secret)
    expect(result.stderr).not.toContain(secret)
  }
}

/** Exit 4 in text and --json, naming the masked endpoint; returns the JSON error. */
async function expectUnreachable(args: string[], signer: TestAccount | undefined, reason: string | RegExp, code = 'RPC_UNREACHABLE') {
  const text = await run(args, signer)
  expectFailure(text, 4, typeof reason === 'string' ? reason : reason)
  expect(text.stderr.split('\n')[0]).toContain(maskedUrl())
  expectNoUrlSecrets(text)
  const json = await run([...args, '--json'], signer)
  expect(json.exitCode, json.stderr).toBe(4)
  const error = errorOf(json)
  expect(error).toMatchObject({ code, exitCode: 4 })
  expect(error.message).toContain(maskedUrl())
  expect(error.suggestions.length).toBeGreaterThan(0)
  expectNoUrlSecrets(json)
  return error
}

/** The deposit happened exactly once, in `transactions` mined transactions of the signer, and used up its allowance. */
async function expectOneDeposit(validator: TestAccount, before: Awaited<ReturnType<typeof observe>>, amount: bigint, transactions: number) {
  const after = await observe(chain, validator.address)
  expect(after.nonce).toBe(before.nonce + transactions)
  expect(after.latestNonce).toBe(before.latestNonce + transactions)
  expect(after.totalKro).toBe(before.totalKro + amount)
  expect(after.signerKro).toBe(before.signerKro - amount)
  expect(after.allowance).toBe(0n)
}

let registered: TestAccount

/** A registered validator with an allowance for one deposit in place, so a deposit is one transaction. */
async function depositor(amount: bigint): Promise<TestAccount> {
  const validator = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(validator.privateKey, KRO(10_000), 10)
  await (await chain.as(validator.privateKey).kroToken.approve(chain.addresses.assetManager, amount)).wait()
  return validator
}

const sentHashes = (stderr: string) => [...stderr.matchAll(/^Sent (\w+) (0x[0-9a-f]{64})$/gm)].map((match) => ({ fn: match[1]!, hash: match[2]! }))

beforeAll(async () => {
  registered = await freshAccount(chain, { kro: KRO(50_000) })
  await chain.registerValidator(registered.privateKey, KRO(12_345), 7)
})

describe('status through a faulty RPC', () => {
  const statusArgs = () => ['status', registered.address]

  it('a refused connection is exit 4 naming the endpoint with its secrets masked', async () => {
    await proxy.refuseConnections()
    const error = await expectUnreachable(statusArgs(), undefined, 'connection refused')
    expect(error.message).toBe(`Cannot reach the RPC at ${maskedUrl()}: connection refused.`)
  })

  it('a connection reset on every attempt is exit 4', async () => {
    proxy.inject({ fault: { kind: 'reset' } })
    await expectUnreachable(statusArgs(), undefined, 'connection reset')
    expect(proxy.count('pass')).toBe(0)
  })

  it('an RPC that accepts and never answers, with --rpc-timeout 2, is exit 4', async () => {
    proxy.inject({ fault: { kind: 'hang' } })
    await expectUnreachable(statusArgs(), undefined, 'no answer in time')
  })

  it("HTTP 500 twice, then a good answer: retried, and the status is the chain's", async () => {
    proxy.inject({ fault: { kind: 'http-status', status: 500 }, times: 2 })
    const result = await run([...statusArgs(), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('http-status')).toBe(2)
    const status = jsonOf<{ address: string; status: string; commissionRate: number; kro: { total: string } }>(result)
    expect(status.address).toBe(registered.address)
    expect(status.kro.total).toBe((await chain.contracts.assetManager.totalValidatorKro(registered.address)).toString())
    expect(status.kro.total).toBe(KRO(12_345).toString())
    expect(status.commissionRate).toBe(7)
  })

  it('HTTP 429 with Retry-After: 1 once, then a good answer: waits, retries, succeeds', async () => {
    proxy.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, times: 1 })
    const result = await run([...statusArgs(), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('rate-limit')).toBe(1)
    expect(jsonOf<{ kro: { total: string } }>(result).kro.total).toBe(KRO(12_345).toString())
  })

  it('a connection reset in the middle of the answer, once, is retried', async () => {
    proxy.inject({ fault: { kind: 'reset-mid-response' }, times: 1 })
    const result = await run([...statusArgs(), '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('reset-mid-response')).toBe(1)
    expect(jsonOf<{ kro: { total: string } }>(result).kro.total).toBe(KRO(12_345).toString())
  })

  it('HTTP 500 on every attempt is exit 4 after a bounded number of retries', async () => {
    proxy.inject({ fault: { kind: 'http-status', status: 500 } })
    const error = await expectUnreachable(statusArgs(), undefined, 'the server answered HTTP 500')
    expect(error.message).toBe(`Cannot reach the RPC at ${maskedUrl()}: the server answered HTTP 500.`)
    // Two runs (text and --json), each retrying its first request a bounded number of times.
    expect(proxy.count('http-status')).toBeGreaterThanOrEqual(4)
    expect(proxy.count('http-status')).toBeLessThanOrEqual(12)
    expect(proxy.count('pass')).toBe(0)
  })

  it('an answer that is not JSON is exit 4', async () => {
    proxy.inject({ fault: { kind: 'malformed-json' } })
    await expectUnreachable(statusArgs(), undefined, 'the answer was not valid JSON-RPC')
  })

  it('a JSON-RPC error answer that is not a revert (a provider limit) is exit 4 RPC_ERROR with its message', async () => {
    proxy.inject({ fault: { kind: 'rpc-error', code: -32005, message: 'limit exceeded' }, method: 'eth_call' })
    const error = await expectUnreachable(statusArgs(), undefined, 'answered with an error: limit exceeded', 'RPC_ERROR')
    expect(error.message).toBe(`The RPC at ${maskedUrl()} answered with an error: limit exceeded.`)
  })

  it('an RPC on another chain is exit 4 with both chain ids', async () => {
    proxy.inject({ fault: { kind: 'wrong-chain-id', chainId: 11155111 } })
    const error = await expectUnreachable(statusArgs(), undefined, `is on chain 11155111, but the network is chain ${chain.chainId}`, 'WRONG_CHAIN')
    expect(error).toMatchObject({ expectedChainId: Number(chain.chainId), actualChainId: 11155111 })
    // A read sends nothing: nothing to say about sending.
    expect(error.message).toBe(`The RPC at ${maskedUrl()} is on chain 11155111, but the network is chain ${chain.chainId}.`)
  })
})

describe('depositKro through a faulty RPC: refused before anything is sent', () => {
  const amount = KRO(1_000)
  const depositArgs = ['depositKro', '--amount', '1000KRO']

  async function expectNothingSent(reason: string | RegExp, code = 'RPC_UNREACHABLE') {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    const error = await expectUnreachable(depositArgs, validator, reason, code)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(0)
    expect(await observe(chain, validator.address)).toEqual(before)
    expect(await poolOf(chain, validator.address)).toEqual([])
    return error
  }

  it('refused connection: exit 4, masked endpoint, nonce and state unchanged', async () => {
    await proxy.refuseConnections()
    await expectNothingSent('connection refused')
  })

  it('hang with --rpc-timeout 2: exit 4, nothing sent', async () => {
    proxy.inject({ fault: { kind: 'hang' } })
    await expectNothingSent('no answer in time')
  })

  it('persistent HTTP 500: exit 4, nothing sent', async () => {
    proxy.inject({ fault: { kind: 'http-status', status: 500 } })
    await expectNothingSent('the server answered HTTP 500')
  })

  it('persistent HTTP 503 only on the gas estimate of the plan: exit 4, nothing sent', async () => {
    proxy.inject({ fault: { kind: 'http-status', status: 503 }, method: 'eth_estimateGas' })
    await expectNothingSent('the server answered HTTP 503')
  })

  it('malformed JSON: exit 4, nothing sent', async () => {
    proxy.inject({ fault: { kind: 'malformed-json' } })
    await expectNothingSent('the answer was not valid JSON-RPC')
  })

  it('wrong chain id: exit 4 WRONG_CHAIN, "Nothing was sent", nonce and state unchanged', async () => {
    proxy.inject({ fault: { kind: 'wrong-chain-id', chainId: 1 } })
    const error = await expectNothingSent('Nothing was sent.', 'WRONG_CHAIN')
    expect(error.message).toBe(`The RPC at ${maskedUrl()} is on chain 1, but the network is chain ${chain.chainId}. Nothing was sent.`)
  })
})

describe('depositKro through a faulty RPC: transient faults are retried, the deposit happens once', () => {
  const amount = KRO(1_000)

  async function expectDepositedOnce(validator: TestAccount, result: CliResult) {
    expect(result.exitCode, result.stderr).toBe(0)
    expectNoUrlSecrets(result)
    const sent = sentHashes(result.stderr)
    expect(sent.map((tx) => tx.fn)).toEqual(['deposit'])
    const receipt = await chain.provider.getTransactionReceipt(sent[0]!.hash)
    expect(receipt?.status).toBe(1)
    expect(receipt?.from).toBe(validator.address)
    return sent[0]!.hash
  }

  it('HTTP 500 twice then OK: success, nonce +1, deposit made once', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'http-status', status: 500 }, times: 2 })
    const result = await run(['depositKro', '--amount', '1000KRO'], validator)
    await expectDepositedOnce(validator, result)
    expect(proxy.count('http-status')).toBe(2)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(1)
    await expectOneDeposit(validator, before, amount, 1)
  })

  it('HTTP 500 twice on the receipt polls after the send: still one deposit, exit 0', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'http-status', status: 500 }, method: 'eth_getTransactionReceipt', times: 2 })
    const result = await run(['depositKro', '--amount', '1000KRO'], validator)
    await expectDepositedOnce(validator, result)
    expect(proxy.count('http-status')).toBe(2)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(1)
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 1)
    expect(after.totalKro).toBe(before.totalKro + amount)
  })

  it('the RPC fails for good after the send: exit 4, and the error names the transaction already sent', async () => {
    const validator = await depositor(KRO(2_000))
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'http-status', status: 502 }, method: 'eth_getTransactionReceipt' })

    const text = await run(['depositKro', '--amount', '1000KRO'], validator)

    expectFailure(text, 4, 'the server answered HTTP 502')
    const sent = sentHashes(text.stderr)
    expect(sent.map((tx) => tx.fn)).toEqual(['deposit'])
    const errorPart = text.stderr.slice(text.stderr.indexOf('Error: '))
    expect(errorPart).toContain(`deposit ${sent[0]!.hash} (nonce ${before.nonce})`)
    // anvil mined it at once: the deposit happened exactly once, whatever the RPC said afterwards.
    expect((await chain.provider.getTransactionReceipt(sent[0]!.hash))?.status).toBe(1)
    const middle = await observe(chain, validator.address)
    expect(middle.nonce).toBe(before.nonce + 1)
    expect(middle.totalKro).toBe(before.totalKro + amount)

    const json = await run(['depositKro', '--amount', '1000KRO', '--json'], validator)
    expect(json.exitCode, json.stderr).toBe(4)
    const error = errorOf(json)
    expect(error.code).toBe('RPC_UNREACHABLE')
    const jsonSent = error.sent as Array<{ function: string; hash: string; nonce: number }>
    expect(jsonSent).toHaveLength(1)
    expect(jsonSent[0]).toMatchObject({ function: 'deposit', nonce: before.nonce + 1 })
    expect(error.message).toContain(jsonSent[0]!.hash)
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 2)
    expect(after.totalKro).toBe(before.totalKro + 2n * amount)
  })

  it('HTTP 429 with Retry-After: 1 once: success, nonce +1, deposit made once', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, times: 1 })
    const result = await run(['depositKro', '--amount', '1000KRO', '--json'], validator)
    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('rate-limit')).toBe(1)
    const document = jsonOf<{ transactions: Array<{ hash: string; function: string; status: string }> }>(result)
    expect(document.transactions.map((tx) => [tx.function, tx.status])).toEqual([['deposit', 'success']])
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 1)
    expect(after.totalKro).toBe(before.totalKro + amount)
  })

  it('HTTP 429 on the broadcast itself is not retried blindly: the tx is looked up by hash, nothing sent, exit 5 with the hash', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 1 }, method: 'eth_sendRawTransaction' })
    const result = await run(['depositKro', '--amount', '1000KRO'], validator)
    expect(result.exitCode, result.stderr).toBe(5)
    const hash = /transaction (0x[0-9a-f]{64})/.exec(result.stderr)?.[1]
    expect(hash, result.stderr).toBeDefined()
    expect(proxy.count('rate-limit')).toBe(1)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(0)
    expect(await chain.provider.getTransaction(hash!)).toBeNull()
    expect(await observe(chain, validator.address)).toEqual(before)
  })
})

describe('depositKro: a broadcast whose answer is lost, or that never arrived', () => {
  const amount = KRO(2_500)

  it('the answer to eth_sendRawTransaction is lost after the node took it: the CLI finds the tx by hash and completes once', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'lose-answer' }, method: 'eth_sendRawTransaction', times: 1 })

    const result = await run(['depositKro', '--amount', '2500KRO', '--json'], validator)

    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('lose-answer')).toBe(1)
    // Broadcast once, never again: the lost answer was settled by looking the hash up.
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(1)
    expect(proxy.forwarded('eth_getTransactionByHash')).toBeGreaterThanOrEqual(1)
    const document = jsonOf<{ transactions: Array<{ hash: string; function: string; status: string; blockNumber: number }> }>(result)
    expect(document.transactions).toHaveLength(1)
    expect(document.transactions[0]).toMatchObject({ function: 'deposit', status: 'success' })
    const receipt = await chain.provider.getTransactionReceipt(document.transactions[0]!.hash)
    expect(receipt?.blockNumber).toBe(document.transactions[0]!.blockNumber)
    await expectOneDeposit(validator, before, amount, 1)
  })

  it('the node took the send but its answer is not JSON: the CLI finds the tx by hash and completes once', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'malformed-json', forward: true }, method: 'eth_sendRawTransaction', times: 1 })

    const result = await run(['depositKro', '--amount', '2500KRO'], validator)

    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('malformed-json')).toBe(1)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(1)
    const sent = sentHashes(result.stderr)
    expect(sent.map((tx) => tx.fn)).toEqual(['deposit'])
    expect((await chain.provider.getTransactionReceipt(sent[0]!.hash))?.status).toBe(1)
    const after = await observe(chain, validator.address)
    expect(after.nonce).toBe(before.nonce + 1)
    expect(after.totalKro).toBe(before.totalKro + amount)
    expect(after.signerKro).toBe(before.signerKro - amount)
  })

  it('both answers of approve + deposit are lost: two transactions, each once, and the deposit happened once', async () => {
    const validator = await freshAccount(chain, { kro: KRO(50_000) })
    await chain.registerValidator(validator.privateKey, KRO(10_000), 10)
    const before = await observe(chain, validator.address)
    expect(before.allowance).toBe(0n)
    proxy.inject({ fault: { kind: 'lose-answer' }, method: 'eth_sendRawTransaction', times: 2 })

    const result = await run(['depositKro', '--amount', '2500KRO'], validator)

    expect(result.exitCode, result.stderr).toBe(0)
    expect(proxy.count('lose-answer')).toBe(2)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(2)
    expect(sentHashes(result.stderr).map((tx) => tx.fn)).toEqual(['approve', 'deposit'])
    await expectOneDeposit(validator, before, amount, 2)
  })

  it('the send never reached the node: exit 5 with the hash, nothing on chain, nonce unchanged', async () => {
    const validator = await depositor(amount)
    const before = await observe(chain, validator.address)
    proxy.inject({ fault: { kind: 'drop-request' }, method: 'eth_sendRawTransaction', times: 1 })

    const text = await run(['depositKro', '--amount', '2500KRO'], validator)

    expect(proxy.count('drop-request')).toBe(1)
    expect(proxy.forwarded('eth_sendRawTransaction')).toBe(0)
    expectFailure(text, 5, /the node does not know transaction 0x[0-9a-f]{64}/)
    expectNoUrlSecrets(text)
    const hash = /transaction (0x[0-9a-f]{64})/.exec(text.stderr)![1]!
    expect(text.stderr).toContain(`--nonce ${before.nonce}`)
    expect(await chain.provider.getTransaction(hash)).toBeNull()
    expect(await poolOf(chain, validator.address)).toEqual([])
    expect(await observe(chain, validator.address)).toEqual(before)

    proxy.inject({ fault: { kind: 'drop-request' }, method: 'eth_sendRawTransaction', times: 1 })
    const json = await run(['depositKro', '--amount', '2500KRO', '--json'], validator)
    expect(json.exitCode, json.stderr).toBe(5)
    const error = errorOf(json)
    expect(error).toMatchObject({ code: 'BROADCAST_UNCERTAIN', exitCode: 5, nonce: before.nonce })
    expect(error.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(error.message).toContain(error.hash as string)
    expect(await chain.provider.getTransaction(error.hash as string)).toBeNull()
    expect(await observe(chain, validator.address)).toEqual(before)
  })
})
