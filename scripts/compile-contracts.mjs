#!/usr/bin/env node
// Compiles contracts/**/*.sol with solc-js into artifacts/<ContractName>.json.
// The artifacts are committed so that starting a devnet or a test compiles nothing; the
// test in test/contracts/artifacts.test.ts recompiles in memory and fails when they are stale.
import { createRequire } from 'node:module'
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url))
export const CONTRACTS_DIR = join(ROOT_DIR, 'contracts')
export const ARTIFACTS_DIR = join(ROOT_DIR, 'artifacts')

// Pinned so the output does not change with solc's default target. Cancun runs on
// mainnet, Sepolia and anvil's default hardfork.
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  // No IPFS hash of the metadata: the bytecode then depends on the sources and settings only.
  metadata: { bytecodeHash: 'none' },
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
  },
}

function listSolidityFiles(dir) {
  const files = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listSolidityFiles(path))
    else if (entry.isFile() && entry.name.endsWith('.sol')) files.push(path)
  }
  // Sorted so the compiler input, hence the output, is the same on every machine.
  return files.sort()
}

/**
 * Compiles every contract under contracts/ and returns the artifacts of the deployable ones
 * (interfaces and abstract contracts have no bytecode and are left out), sorted by name.
 * Throws on any compiler error.
 */
export function compileContracts() {
  const solc = require('solc')
  const sources = {}
  for (const file of listSolidityFiles(CONTRACTS_DIR)) {
    // Source unit names are repository-relative with '/' so the metadata is portable.
    const unitName = relative(ROOT_DIR, file).split(sep).join('/')
    sources[unitName] = { content: readFileSync(file, 'utf8') }
  }

  const input = { language: 'Solidity', sources, settings: SOLC_SETTINGS }
  const output = JSON.parse(solc.compile(JSON.stringify(input)))

  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage ?? e.message).join('\n')}`)
  }

  const artifacts = []
  const seen = new Map()
  for (const [unitName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, compiled] of Object.entries(contracts)) {
      const bytecode = compiled.evm.bytecode.object
      if (!bytecode) continue
      // One artifact per contract name: two contracts with the same name would overwrite.
      if (seen.has(contractName)) {
        throw new Error(`Contract name ${contractName} is used in both ${seen.get(contractName)} and ${unitName}`)
      }
      seen.set(contractName, unitName)
      artifacts.push({
        contractName,
        abi: compiled.abi,
        bytecode: `0x${bytecode}`,
        deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
      })
    }
  }
  artifacts.sort((a, b) => a.contractName.localeCompare(b.contractName))

  const warnings = (output.errors ?? []).filter((e) => e.severity !== 'error')
  return { solcVersion: solc.version(), artifacts, warnings: warnings.map((w) => w.formattedMessage ?? w.message) }
}

/** The exact text written for an artifact, shared with the staleness test. */
export function serializeArtifact(artifact) {
  return `${JSON.stringify(artifact, null, 2)}\n`
}

function main() {
  const { solcVersion, artifacts, warnings } = compileContracts()
  for (const warning of warnings) process.stderr.write(`${warning}\n`)

  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  // artifacts/ belongs to this script: drop artifacts of contracts that no longer exist.
  const keep = new Set(artifacts.map((a) => `${a.contractName}.json`))
  for (const name of readdirSync(ARTIFACTS_DIR)) {
    if (name.endsWith('.json') && !keep.has(name)) rmSync(join(ARTIFACTS_DIR, name))
  }
  for (const artifact of artifacts) {
    writeFileSync(join(ARTIFACTS_DIR, `${artifact.contractName}.json`), serializeArtifact(artifact))
  }
  process.stdout.write(`Compiled ${artifacts.length} contracts with solc ${solcVersion} into ${relative(process.cwd(), ARTIFACTS_DIR) || '.'}\n`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main()
}
