import { defineConfig } from 'vitest/config';
import unitConfig from './vitest.config';

// Built from the unit config's resolve settings only: mergeConfig would also keep its exclusion of *.int.test.ts.
export default defineConfig({
  resolve: unitConfig.resolve,
  test: {
    include: ['{lib,scripts,app}/**/*.int.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
