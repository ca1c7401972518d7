import { defineConfig } from '@playwright/test';
import { E2E_DIR, FIRST_START, MAIN, SECOND, SECOND_STORAGE_STATE, STORAGE_STATE } from './e2e/servers';
import { NOT_SLOW_MS } from './lib/testing/health-threshold';

// Every console page needs a session: the `login` project signs in once for real and the `console`
// specs reuse that state; auth specs open fresh contexts. The accessibility specs run on a second seeded
// console of their own, beside the others. A third console starts with no password (setup URL in its
// log) and 4-second idle sessions. `leak-check` runs last and greps everything seen.
const next = (port: number, dataDir: string, log: string) =>
  `rm -rf ${dataDir} && mkdir -p ${E2E_DIR} && npx next start -H 127.0.0.1 -p ${port} 2>&1 | tee ${log}`;

/** Specs that need only a signed-in console, none of the main one's state: they run on the second. */
const ACCESSIBILITY_SPECS = /(^|\/)(accessibility|runs-accessibility|auth-pages-accessibility)\.spec\.ts$/;
/**
 * Specs that make every state they check (their own buckets and saves) and name no console: they run on
 * the second console once its accessibility specs are done, off the main console's row of specs, which
 * took 850 s while the other worker sat idle for its last 250 s (measured: that row now ends at 835 s,
 * these 62 s come after it, e2e 922 s).
 */
const SECOND_CONSOLE_SPECS = /(^|\/)(config-runs|history-keyboard)\.spec\.ts$/;

/** A console seeded with the root password, reached through a recording proxy (see e2e/servers.ts). */
function seededConsole(seeded: typeof MAIN) {
  return [
    {
      command: next(seeded.serverPort, seeded.dataDir, seeded.log),
      url: `http://127.0.0.1:${seeded.serverPort}/en/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { CONSOLE_DATA_DIR: seeded.dataDir, CONSOLE_CHECK_TIMEOUT_MS: '5000', CONSOLE_HEALTH_SLOW_MS: NOT_SLOW_MS, CONSOLE_ROOT_PASSWORD: seeded.password, PORT: String(seeded.serverPort), CONSOLE_CONTAINER_REGISTRY_PORT: '0', CONSOLE_NPM_PORT: '0', CONSOLE_BUILD_CACHE_PORT: '0' },
    },
    {
      command: `node scripts/recording-proxy.mjs ${seeded.port} ${seeded.serverPort} ${seeded.responses}`,
      url: `${seeded.url}/en/login`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ];
}

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  // One worker per core. Each console's specs share its settings file, as two admins would, so each
  // project takes one worker at a time; the consoles' projects run beside each other.
  workers: 2,
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
    { name: 'console', testMatch: /\.spec\.ts/, testIgnore: [/first-start\.spec\.ts|short-sessions\//, ACCESSIBILITY_SPECS, SECOND_CONSOLE_SPECS], dependencies: ['login'], workers: 1, use: { storageState: STORAGE_STATE } },
    { name: 'accessibility', testMatch: ACCESSIBILITY_SPECS, dependencies: ['login'], workers: 1, use: { baseURL: SECOND.url, storageState: SECOND_STORAGE_STATE } },
    { name: 'second-console', testMatch: SECOND_CONSOLE_SPECS, dependencies: ['accessibility'], workers: 1, use: { baseURL: SECOND.url, storageState: SECOND_STORAGE_STATE } },
    { name: 'first-start', testMatch: /first-start\.spec\.ts/, workers: 1, use: { baseURL: FIRST_START.url } },
    { name: 'short-sessions', testMatch: /short-sessions\/.*\.spec\.ts/, dependencies: ['first-start'], workers: 1, use: { baseURL: FIRST_START.url } },
    { name: 'leak-check', testMatch: /leak\.check\.ts/, dependencies: ['console', 'second-console', 'short-sessions'] },
  ],
  webServer: [
    ...seededConsole(MAIN),
    ...seededConsole(SECOND),
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
