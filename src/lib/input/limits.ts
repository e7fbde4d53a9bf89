// What the flag definitions (flags.ts) share with the status fast lane (src/launch/status-argv.ts),
// which reads them from oclif's manifest and cannot load the definitions themselves (they load oclif).

/**
 * Bounds of the connection flags that take a whole number, by flag name (the manifest says only
 * "option"). A chain id has no maximum; the fast lane reads only the ones a number holds exactly.
 */
export const INTEGER_FLAGS = {
  'chain-id': { min: 1, max: Number.MAX_SAFE_INTEGER },
  'rpc-timeout': { default: 15, min: 1, max: 600 },
} as const

/** The help group of the flags that choose a signer: the fast lane leaves them to oclif. */
export const SIGNER_GROUP = 'SIGNER'
