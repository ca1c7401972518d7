import { defineConfig } from 'vitest/config';
import unitConfig from './vitest.config';

// Built from the unit config's resolve settings only: mergeConfig would also keep its exclusion of *.int.test.ts.
export default defineConfig({
  resolve: unitConfig.resolve,
  test: {
    include: ['{lib,scripts,app}/**/*.int.test.ts'],
    exclude: ['**/node_modules/**'],
    // Tests that start the console need a production build of the current sources.
    globalSetup: ['./scripts/ensure-fresh-build.mjs'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time, one per core: each test makes its own buckets, containers, data directories and
    // ports on the shared Ceph gateway and Azurite (measured: 1,168 s serial, 821 s this way).
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
