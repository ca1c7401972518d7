import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside React Server Components; tests run server code directly.
      'server-only': fileURLToPath(new URL('./scripts/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['{lib,components,app,scripts}/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
    // Vitest 3 keeps a core free by default (cpus - 1): one worker on these 2 cores, and the unit phase
    // left half the machine idle (measured: 55-65% busy). The Node 24 run beside e2e asks for one.
    maxWorkers: '100%',
  },
});
