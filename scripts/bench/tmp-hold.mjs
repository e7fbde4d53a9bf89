import { writeFileSync } from 'node:fs'
import { startBenchChain } from './chain.mjs'
import { startProxy } from './proxy.mjs'
const chain = await startBenchChain({ log: (m) => console.error(m) })
const proxy = await startProxy(chain.rpcUrl, { latencyMs: 50 })
writeFileSync('/tmp/benchchain.json', JSON.stringify({ rpcUrl: chain.rpcUrl, proxyUrl: proxy.url, chainId: String(chain.chainId), addresses: chain.addresses, validators: chain.validators }))
console.error('ready')
setInterval(() => {}, 1e9)
