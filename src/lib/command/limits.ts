/** Bounds of the connection flags, shared by their oclif definitions and the status fast lane. */
export const RPC_TIMEOUT_SECONDS = { default: 15, min: 1, max: 600 } as const
export const CHAIN_ID = { min: 1, max: Number.MAX_SAFE_INTEGER } as const
