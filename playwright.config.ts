import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3217);
const dataDir = process.env.E2E_DATA_DIR ?? `.tmp/e2e-data`; // emptied at each start

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1, // the tests share one settings file, as two admins would
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && npx next start -H 127.0.0.1 -p ${port}`,
    url: `http://127.0.0.1:${port}/en/settings/packages`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_CHECK_TIMEOUT_MS: '5000' },
  },
});
