// The committed artifacts must match the sources, and the local contracts must expose every
// function, event and error of the ABIs the CLI uses, with the same signatures.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ErrorFragment, EventFragment, FunctionFragment, Interface, type InterfaceAbi } from 'ethers'
import { ARTIFACTS_DIR, compileContracts, serializeArtifact } from '../../scripts/compile-contracts.mjs'
import { findArtifactsDir, loadArtifact, type ArtifactName } from '../../src/lib/devnet/deploy.js'

function cliAbi(name: string): Interface {
  const abi = JSON.parse(readFileSync(new URL(`../../abis/${name}.json`, import.meta.url), 'utf8')) as InterfaceAbi
  return new Interface(abi)
}

describe('committed artifacts', () => {
  it('are what compiling contracts/ gives now (run node scripts/compile-contracts.mjs when this fails)', () => {
    const { artifacts } = compileContracts()
    expect(artifacts.length).toBeGreaterThan(0)

    const committed = readdirSync(ARTIFACTS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
    expect(committed).toEqual(artifacts.map((a) => `${a.contractName}.json`).sort())
    for (const artifact of artifacts) {
      const onDisk = readFileSync(join(ARTIFACTS_DIR, `${artifact.contractName}.json`), 'utf8')
      expect(onDisk, `${artifact.contractName}.json is stale`).toBe(serializeArtifact(artifact))
    }
  })

  it('are found by the deploy module from its own location', () => {
    expect(findArtifactsDir()).toBe(ARTIFACTS_DIR.replace(/[\\/]$/, ''))
    expect(loadArtifact('ValidatorManager').bytecode).toMatch(/^0x[0-9a-f]{100,}$/)
  })
})

const PAIRS: ReadonlyArray<[cliAbiName: string, artifact: ArtifactName]> = [
  ['ValidatorManager', 'ValidatorManager'],
  ['AssetManager', 'AssetManager'],
  ['ERC20', 'KromaToken'],
  ['Multicall3', 'Multicall3'],
  ['ValidatorPool', 'ValidatorPool'],
]

describe.each(PAIRS)('abis/%s.json against the %s artifact', (abiName, artifactName) => {
  const expected = cliAbi(abiName)
  const compiled = new Interface(loadArtifact(artifactName).abi)

  it('has every function with the same selector, outputs and mutability', () => {
    const functions = expected.fragments.filter((f): f is FunctionFragment => f instanceof FunctionFragment)
    expect(functions.length).toBeGreaterThan(0)
    for (const want of functions) {
      const got = compiled.getFunction(want.format('sighash'))
      expect(got, `missing function ${want.format('full')}`).not.toBeNull()
      if (got === null) continue
      expect(got.selector).toBe(want.selector)
      expect(
        got.outputs.map((o) => o.format('sighash')),
        want.format('full'),
      ).toEqual(want.outputs.map((o) => o.format('sighash')))
      expect(got.stateMutability, want.format('full')).toBe(want.stateMutability)
    }
  })

  it('has every event with the same topic and indexed inputs', () => {
    const events = expected.fragments.filter((f): f is EventFragment => f instanceof EventFragment)
    for (const want of events) {
      const got = compiled.getEvent(want.format('sighash'))
      expect(got, `missing event ${want.format('full')}`).not.toBeNull()
      if (got === null) continue
      expect(got.topicHash).toBe(want.topicHash)
      expect(
        got.inputs.map((i) => i.indexed === true),
        want.format('full'),
      ).toEqual(want.inputs.map((i) => i.indexed === true))
    }
  })

  it('has every custom error with the same selector', () => {
    const errors = expected.fragments.filter((f): f is ErrorFragment => f instanceof ErrorFragment)
    for (const want of errors) {
      const got = compiled.getError(want.format('sighash'))
      expect(got, `missing error ${want.format('full')}`).not.toBeNull()
      expect(got?.selector).toBe(want.selector)
    }
  })
})

describe('coverage of the CLI ABIs', () => {
  it('includes events and errors for the validator contracts', () => {
    // Guards the checks above against passing on an ABI that lost its events or errors.
    for (const name of ['ValidatorManager', 'AssetManager']) {
      const abi = cliAbi(name)
      expect(abi.fragments.some((f) => f instanceof EventFragment)).toBe(true)
      expect(abi.fragments.some((f) => f instanceof ErrorFragment)).toBe(true)
    }
  })
})
