import { defineConfig } from 'vitest/config';

// Two projects: "unit" runs beside the code without a cluster. "cluster" runs
// the integration and browser tests against one sandbox cluster, which
// test/global-setup.ts starts for the whole run.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'main/**/*.test.ts',
            'shared/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'sandbox/**/*.test.ts',
          ],
          environment: 'node',
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // Two cores on the reference machines: the control planes and the
          // browser need the second one.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
