/** One ABI word: an address (0x-prefixed hex) or an unsigned integer. */
function word(value: string | bigint): string {
  return (typeof value === 'bigint' ? value.toString(16) : value.slice(2).toLowerCase()).padStart(64, '0')
}

/**
 * A deployless reader's init code with its constructor arguments, as the ABI lays them out: the
 * static arguments (addresses), then one dynamic array (address[] or uint256[]) after them. An
 * eth_call without `to` runs it and answers with what the constructor returns.
 */
export function deploylessInitCode(bytecode: string, statics: readonly string[], array: readonly (string | bigint)[]): string {
  const arrayOffset = BigInt((statics.length + 1) * 32)
  return `${bytecode}${statics.map(word).join('')}${word(arrayOffset)}${word(BigInt(array.length))}${array.map(word).join('')}`
}
