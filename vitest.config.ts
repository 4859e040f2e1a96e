import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/reporters/plain-summary.ts'],
    // A temporary directory shared by the run's files (the packed package is installed there once).
    globalSetup: ['./test/setup/run-directory.ts'],
    // End-to-end suites start real servers, databases and terraform: give them room,
    // and keep the two cores of CI machines from being oversubscribed.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
