import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each database test file opens its own database; two cores run two files at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report lets CI print one "N passed, N failed" line over every suite.
    reporters: ['default', ['json', { outputFile: process.env.VITEST_JSON ?? '.artifacts/vitest.json' }]],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
