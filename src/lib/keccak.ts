// Keccak-256 (the pre-standard padding Ethereum uses, not SHA3-256), for EIP-55 checksums and
// selectors without loading a crypto library: Node's own crypto has no Keccak-256, and the
// libraries that do pull in node:crypto, a cost paid at every start of `status`.
// The state is 25 lanes of 64 bits, each kept as two 32-bit halves (low, high).

/** Round constants, as [low, high] pairs. */
const ROUND_CONSTANTS = new Uint32Array([
  0x00000001, 0x00000000, 0x00008082, 0x00000000, 0x0000808a, 0x80000000, 0x80008000, 0x80000000, 0x0000808b, 0x00000000, 0x80000001, 0x00000000,
  0x80008081, 0x80000000, 0x00008009, 0x80000000, 0x0000008a, 0x00000000, 0x00000088, 0x00000000, 0x80008009, 0x00000000, 0x8000000a, 0x00000000,
  0x8000808b, 0x00000000, 0x0000008b, 0x80000000, 0x00008089, 0x80000000, 0x00008003, 0x80000000, 0x00008002, 0x80000000, 0x00000080, 0x80000000,
  0x0000800a, 0x00000000, 0x8000000a, 0x80000000, 0x80008081, 0x80000000, 0x00008080, 0x80000000, 0x80000001, 0x00000000, 0x80008008, 0x80000000,
])

/** Rotation of lane x + 5y. */
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]
/** Where lane x + 5y goes in the permutation (pi): y + 5((2x + 3y) mod 5). */
const DESTINATIONS = ROTATIONS.map((_, lane) => {
  const x = lane % 5
  const y = Math.floor(lane / 5)
  return y + 5 * ((2 * x + 3 * y) % 5)
})

const RATE_BYTES = 136

function permute(state: Uint32Array): void {
  const c = new Uint32Array(10)
  const b = new Uint32Array(50)
  for (let round = 0; round < 24; round++) {
    // theta
    for (let x = 0; x < 5; x++) {
      c[2 * x] = state[2 * x]! ^ state[2 * x + 10]! ^ state[2 * x + 20]! ^ state[2 * x + 30]! ^ state[2 * x + 40]!
      c[2 * x + 1] = state[2 * x + 1]! ^ state[2 * x + 11]! ^ state[2 * x + 21]! ^ state[2 * x + 31]! ^ state[2 * x + 41]!
    }
    for (let x = 0; x < 5; x++) {
      const before = ((x + 4) % 5) * 2
      const after = ((x + 1) % 5) * 2
      const low = c[before]! ^ ((c[after]! << 1) | (c[after + 1]! >>> 31))
      const high = c[before + 1]! ^ ((c[after + 1]! << 1) | (c[after]! >>> 31))
      for (let y = 0; y < 50; y += 10) {
        state[y + 2 * x] = state[y + 2 * x]! ^ low
        state[y + 2 * x + 1] = state[y + 2 * x + 1]! ^ high
      }
    }
    // rho and pi
    for (let lane = 0; lane < 25; lane++) {
      const low = state[2 * lane]!
      const high = state[2 * lane + 1]!
      const shift = ROTATIONS[lane]!
      const to = 2 * DESTINATIONS[lane]!
      if (shift === 0) {
        b[to] = low
        b[to + 1] = high
      } else if (shift < 32) {
        b[to] = (low << shift) | (high >>> (32 - shift))
        b[to + 1] = (high << shift) | (low >>> (32 - shift))
      } else if (shift === 32) {
        b[to] = high
        b[to + 1] = low
      } else {
        b[to] = (high << (shift - 32)) | (low >>> (64 - shift))
        b[to + 1] = (low << (shift - 32)) | (high >>> (64 - shift))
      }
    }
    // chi
    for (let y = 0; y < 50; y += 10) {
      for (let x = 0; x < 5; x++) {
        const next = y + ((x + 1) % 5) * 2
        const afterNext = y + ((x + 2) % 5) * 2
        state[y + 2 * x] = b[y + 2 * x]! ^ (~b[next]! & b[afterNext]!)
        state[y + 2 * x + 1] = b[y + 2 * x + 1]! ^ (~b[next + 1]! & b[afterNext + 1]!)
      }
    }
    // iota
    state[0] = state[0]! ^ ROUND_CONSTANTS[2 * round]!
    state[1] = state[1]! ^ ROUND_CONSTANTS[2 * round + 1]!
  }
}

/** Keccak-256 of the bytes. */
export function keccak256(data: Uint8Array): Uint8Array {
  const state = new Uint32Array(50)
  // Padding: 0x01 after the data, 0x80 in the last byte of the block (both in one byte if they meet).
  const blocks = Math.floor(data.length / RATE_BYTES) + 1
  const padded = new Uint8Array(blocks * RATE_BYTES)
  padded.set(data)
  padded[data.length] = 0x01
  padded[padded.length - 1] = padded[padded.length - 1]! | 0x80
  for (let offset = 0; offset < padded.length; offset += RATE_BYTES) {
    for (let index = 0; index < RATE_BYTES; index += 4) {
      const word = padded[offset + index]! | (padded[offset + index + 1]! << 8) | (padded[offset + index + 2]! << 16) | (padded[offset + index + 3]! << 24)
      state[index >> 2] = state[index >> 2]! ^ word
    }
    permute(state)
  }
  const out = new Uint8Array(32)
  for (let index = 0; index < 32; index++) out[index] = (state[index >> 2]! >>> ((index & 3) * 8)) & 0xff
  return out
}
