// Tests mirror the source tree under test/; property tests may take a few seconds each.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run from a fixed seed (OHMFLOW_FUZZ_SEED overrides it).
    setupFiles: ['test/fuzzSeed.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
