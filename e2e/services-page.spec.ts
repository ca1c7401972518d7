import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createTranslator } from 'use-intl/core';
import type { ServicesStatusFile } from '../lib/services/status';
import { COLOR_SCHEMES, expectNoViolations, expectReflowAt320 } from './axe';
import { MAIN } from './servers';
import { MESSAGES, type TestLocale } from './support';

// The Services page in Chinese and French, fed the status a supervisor publishes (this test's process
// standing in for the supervising console, so the report counts as live) and a service's log: each
// ecosystem found as a region by its translated name, its state, connect commands and log; axe clean,
// in both colour schemes and at 320 px.

const LOCALES: TestLocale[] = ['zh', 'fr'];
const SERVICES_DIR = path.join(MAIN.dataDir, 'services');
const LOG_LINES = Array.from({ length: 5 }, (_, index) => `e2e services log line ${index + 1}`);
const NPM_URL = 'http://127.0.0.1:24873';
const CACHE_URL = 'http://127.0.0.1:24874';

function status(): ServicesStatusFile {
  const startedAt = new Date(Date.now() - 90 * 60_000).toISOString();
  return {
    format: 1,
    updatedAt: new Date().toISOString(),
    consolePid: process.pid,
    ecosystems: [
      { id: 'npm', mode: 'enabled', state: 'running', publicUrl: NPM_URL, storage: 'bucket e2e-services', pid: 4242, startedAt, restarts: 0, lastRestartAt: null, lastCanary: { at: startedAt, runId: '0011223344556677', ok: true, storedKeys: ['k'] } },
      { id: 'build-cache', mode: 'read-only', state: 'crashed', publicUrl: CACHE_URL, storage: 'bucket e2e-services', pid: null, startedAt: null, restarts: 2, lastRestartAt: startedAt, lastCanary: null },
    ],
  };
}

test.beforeAll(async () => {
  await fs.mkdir(SERVICES_DIR, { recursive: true });
  await fs.writeFile(path.join(SERVICES_DIR, 'status.json'), JSON.stringify(status()), { mode: 0o600 });
  await fs.writeFile(path.join(SERVICES_DIR, 'npm.log'), LOG_LINES.map((line) => `${line}\n`).join(''), { mode: 0o600 });
});

test.afterAll(async () => {
  // No report left behind: other specs see every service stopped, as without a supervisor.
  await fs.rm(path.join(SERVICES_DIR, 'status.json'), { force: true });
  await fs.rm(path.join(SERVICES_DIR, 'npm.log'), { force: true });
});

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Services page (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of LOCALES) {
      const m = MESSAGES[locale];
      const t = createTranslator({ locale, messages: m });

      test(`${locale}: each ecosystem's state, connect commands and log; no WCAG 2.1 AA violations`, async ({ page }) => {
        await page.goto(`/${locale}/settings/packages`);
        await page.getByRole('navigation').getByRole('link', { name: m.ServicesPage.navLabel }).click();
        await expect(page).toHaveURL(new RegExp(`/${locale}/settings/services$`));
        await expect(page.getByRole('heading', { level: 1, name: m.ServicesPage.title })).toBeVisible();
        await expect(page.getByRole('navigation').getByRole('link', { name: m.ServicesPage.navLabel })).toHaveAttribute('aria-current', 'page');

        const npm = page.getByRole('region', { name: m.Ecosystems.npm.name });
        await expect(npm.getByRole('definition').filter({ hasText: m.ServicesPage.states.running })).toBeVisible();
        await expect(npm.getByRole('definition').filter({ hasText: m.Ecosystems.modes.enabled })).toBeVisible();
        await expect(npm.getByRole('definition').filter({ hasText: '4242' })).toBeVisible();
        await expect(npm.getByRole('heading', { level: 3, name: m.ServicesPage.connectTitle })).toBeVisible();
        await expect(npm.getByText(`npm config set registry ${NPM_URL}`, { exact: true })).toBeVisible();
        await expect(npm.getByText(m.Services.npm.connect.adduser, { exact: true })).toBeVisible();

        const cache = page.getByRole('region', { name: m.Ecosystems['build-cache'].name });
        await expect(cache.getByRole('definition').filter({ hasText: m.ServicesPage.states.crashed })).toContainText(t('ServicesPage.restarts', { count: 2, time: '' }).split(',')[0]!);
        await expect(cache.getByRole('definition').filter({ hasText: m.Ecosystems.modes['read-only'] })).toBeVisible();
        await expect(cache.getByText(`export TURBO_API=${CACHE_URL}`, { exact: true })).toBeVisible();
        await expect(cache.getByText(t('ServicesPage.logSummary', { count: 0 }), { exact: true })).toBeVisible();

        const log = npm.getByRole('group').filter({ hasText: t('ServicesPage.logSummary', { count: LOG_LINES.length }) });
        await expect(log.getByText(LOG_LINES.at(-1)!)).toBeHidden();
        await log.getByText(t('ServicesPage.logSummary', { count: LOG_LINES.length }), { exact: true }).click();
        await expect(log.getByText(LOG_LINES.at(-1)!)).toBeVisible();
        await expect(log.getByText(m.ServicesPage.logNote, { exact: true })).toBeVisible();

        await expectNoViolations(page);
        await expectReflowAt320(page);
      });
    }
  });
}
