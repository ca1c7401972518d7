import { defineConfig } from '@playwright/test';
import { E2E_DIR, FIRST_START, MAIN, STORAGE_STATE } from './e2e/servers';

// Every console page needs a session: the `login` project signs in once for real and the `console`
// specs reuse that state; auth specs open fresh contexts. A second console starts with no password
// (setup URL in its log) and 4-second idle sessions. `leak-check` runs last and greps everything seen.
const next = (port: number, dataDir: string, log: string) =>
  `rm -rf ${dataDir} && mkdir -p ${E2E_DIR} && npx next start -H 127.0.0.1 -p ${port} 2>&1 | tee ${log}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1, // the tests share one settings file, as two admins would
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: MAIN.url,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'login', testMatch: /login\.setup\.ts/ },
    { name: 'console', testMatch: /\.spec\.ts/, testIgnore: /first-start\.spec\.ts|short-sessions\//, dependencies: ['login'], use: { storageState: STORAGE_STATE } },
    { name: 'first-start', testMatch: /first-start\.spec\.ts/, use: { baseURL: FIRST_START.url } },
    { name: 'short-sessions', testMatch: /short-sessions\/.*\.spec\.ts/, dependencies: ['first-start'], use: { baseURL: FIRST_START.url } },
    { name: 'leak-check', testMatch: /leak\.check\.ts/, dependencies: ['console', 'short-sessions'] },
  ],
  webServer: [
    {
      command: next(MAIN.serverPort, MAIN.dataDir, MAIN.log),
      url: `http://127.0.0.1:${MAIN.serverPort}/en/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { CONSOLE_DATA_DIR: MAIN.dataDir, CONSOLE_CHECK_TIMEOUT_MS: '5000', CONSOLE_ROOT_PASSWORD: MAIN.password, PORT: String(MAIN.serverPort), CONSOLE_CONTAINER_REGISTRY_PORT: '0', CONSOLE_NPM_PORT: '0', CONSOLE_BUILD_CACHE_PORT: '0' },
    },
    {
      command: `node scripts/recording-proxy.mjs ${MAIN.port} ${MAIN.serverPort} ${MAIN.responses}`,
      url: `${MAIN.url}/en/login`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: next(FIRST_START.port, FIRST_START.dataDir, FIRST_START.log),
      url: `${FIRST_START.url}/en/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        CONSOLE_DATA_DIR: FIRST_START.dataDir,
        CONSOLE_CONTAINER_REGISTRY_PORT: '0',
        CONSOLE_NPM_PORT: '0',
        CONSOLE_BUILD_CACHE_PORT: '0',
        CONSOLE_CHECK_TIMEOUT_MS: '5000',
        CONSOLE_SESSION_IDLE_SECONDS: String(FIRST_START.idleSeconds),
        CONSOLE_SESSION_ABSOLUTE_SECONDS: String(FIRST_START.absoluteSeconds),
        PORT: String(FIRST_START.port),
      },
    },
  ],
});
