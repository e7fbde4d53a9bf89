import { describe, expect, it } from 'vitest'
import { maskUrl } from '../../src/lib/chain/url.js'

describe('maskUrl', () => {
  it.each([
    ['Alchemy', 'https://eth-mainnet.g.alchemy.com/v2/', 'Xy7kP2mQ9vR4sT1uW8zA3bC6dE5fG0hJ'],
    ['Infura', 'https://mainnet.infura.io/v3/', '0123456789abcdef0123456789abcdef'],
    ['QuickNode', 'https://old-wild-sun.quiknode.pro/', 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0'],
    ['Ankr', 'https://rpc.ankr.com/eth/', '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    ['a key with - and _', 'http://127.0.0.1:8545/v2/', 'ab12-cd34_ef56-gh78_ij90'],
  ])('hides a %s key in the path', (_, prefix, key) => {
    const masked = maskUrl(`${prefix}${key}`)
    expect(masked).not.toContain(key)
    expect(masked).toBe(`${prefix}***`)
  })

  it('keeps the rest of a path around a key', () => {
    const key = 'Xy7kP2mQ9vR4sT1uW8zA3bC6dE5fG0hJ'
    expect(maskUrl(`https://rpc.example.com/${key}/eth`)).toBe('https://rpc.example.com/***/eth')
  })

  it('hides user and password', () => {
    const masked = maskUrl('https://operator:s3cr3t-Passw0rd@rpc.example.com:8545/')
    expect(masked).toBe('https://***:***@rpc.example.com:8545/')
    expect(masked).not.toContain('operator')
    expect(masked).not.toContain('s3cr3t')
  })

  it('hides a user name alone (some providers put the key there)', () => {
    const masked = maskUrl('https://apikey0123456789@rpc.example.com/')
    expect(masked).not.toContain('apikey0123456789')
    expect(masked).toContain('rpc.example.com')
  })

  it.each(['apikey', 'api_key', 'key', 'token', 'access_token', 'secret', 'auth', 'password'])('hides the query value of %s', (name) => {
    const value = 'v4lu3ThatIsSecret'
    const masked = maskUrl(`https://rpc.example.com/rpc?chain=1&${name}=${value}`)
    expect(masked).not.toContain(value)
    expect(masked).toContain('chain=1')
    expect(masked).toContain(`${name}=***`)
  })

  it.each([
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545/'],
    ['https://ethereum-rpc.publicnode.com', 'https://ethereum-rpc.publicnode.com/'],
    ['https://rpc.example.com/eth/mainnet', 'https://rpc.example.com/eth/mainnet'],
    ['https://rpc.example.com/rpc?chain=1', 'https://rpc.example.com/rpc?chain=1'],
    ['https://rpc.example.com/v1/2024', 'https://rpc.example.com/v1/2024'],
  ])('leaves a URL without secrets readable: %s', (url, shown) => {
    expect(maskUrl(url)).toBe(shown)
  })

  it('does not echo what it cannot parse', () => {
    const raw = 'not a url with a key Xy7kP2mQ9vR4sT1uW8zA3bC6dE5fG0hJ'
    const masked = maskUrl(raw)
    expect(masked).not.toContain('Xy7kP2mQ9vR4sT1uW8zA3bC6dE5fG0hJ')
  })
})
