import { defineConfig } from 'vitest/config';

// Browser tests: tests/e2e/**/*.e2e.ts against the built site, in Debian Chromium.
// The global setup builds the site twice (base "/" and base "/course/") and serves both.
// Files run one after another: each drives a real browser and the machines have 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/harness/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    teardownTimeout: 30_000,
  },
});
