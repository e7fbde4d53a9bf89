import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Tests start anvil and send real transactions: allow more than the 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Child processes (anvil) are tied to a worker process that exits cleanly.
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
})
