import { defineConfig, mergeConfig } from 'vitest/config';
import unitConfig from './vitest.config';

export default mergeConfig(
  unitConfig,
  defineConfig({
    test: {
      include: ['{lib,scripts}/**/*.int.test.ts'],
      exclude: ['node_modules/**'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
    },
  }),
);
