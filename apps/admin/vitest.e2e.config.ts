import { defineConfig } from 'vitest/config';

// Browser tests: real gateway (spawned by the global setup) + Debian chromium via playwright-core.
export default defineConfig({
  test: {
    watch: false,
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    hookTimeout: 150_000,
    testTimeout: 120_000,
    pool: 'forks',
    // CI runs the gateway, the browser and the tests on two cores: a re-render can take seconds.
    expect: { poll: { timeout: 10_000 } },
    // On CI a failed browser test runs once more, from the start, with fresh data. There the gateway's own
    // suite runs beside the browser on the same two cores, and a click can land in the middle of a
    // re-render; a regression fails both runs. Locally a failure is reported at once.
    retry: process.env.CI ? 1 : 0,
  },
});
