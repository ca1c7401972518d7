import { expect, test, type Page } from '@playwright/test';
import { COLOR_SCHEMES, expectNoViolations, expectReflowAt320 } from './axe';
import { createBucket, escapeRegExp, fillStorage, labels, MESSAGES, runSucceeded, s3, startDisabled, type TestLocale } from './support';

// The header's storage status and the Storage health page, with storage in force and checked: the
// packages services section, the chart drawn by uPlot, its table, Check now, axe in both colour schemes, in Chinese and French.

const LOCALES: TestLocale[] = ['zh', 'fr'];

function headerStatus(page: Page, locale: TestLocale) {
  const m = MESSAGES[locale];
  const [before = ''] = m.StorageHealthStatus.label.split('{state}');
  return page.getByRole('banner').getByRole('link', { name: new RegExp(escapeRegExp(before)) });
}

/** Applies working storage once, unless another spec left it in force and healthy. */
async function ensureHealthyStorage(page: Page, locale: TestLocale) {
  await page.goto(`/${locale}/settings/health`);
  if ((await headerStatus(page, locale).getAttribute('data-state')) === 'healthy') return;
  const bucket = await createBucket('e2e-health');
  await startDisabled(page, locale);
  await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
  await page.getByRole('button', { name: labels(locale).save }).click();
  await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale) }).first()).toBeVisible();
  // The successful run triggers a health check within seconds.
  await expect(async () => {
    await page.goto(`/${locale}/settings/health`);
    await expect(headerStatus(page, locale)).toHaveAttribute('data-state', 'healthy', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Storage health (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of LOCALES) {
      const m = MESSAGES[locale];

      test(`${locale}: header status, chart and its table, Check now, no WCAG 2.1 AA violations`, async ({ page }) => {
        await ensureHealthyStorage(page, locale);
        await page.goto(`/${locale}/settings/packages`);
        const status = headerStatus(page, locale);
        await expect(status).toContainText(m.StorageHealth.states.healthy);
        await expect(status).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
        await status.click();

        await expect(page.getByRole('heading', { level: 1, name: m.StorageHealthPage.title })).toBeVisible();
        await expect(page.getByRole('navigation').getByRole('link', { name: m.StorageHealthPage.navLabel })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByText(m.StorageHealth.causes.allPassed, { exact: true })).toBeVisible();
        // The packages services at the last check: a table when another spec left an ecosystem on, else a sentence.
        const services = page.getByRole('region', { name: m.StorageHealthPage.servicesTitle });
        await expect(services.getByRole('heading', { level: 2, name: m.StorageHealthPage.servicesTitle })).toBeVisible();
        await expect(services.getByText(m.StorageHealthPage.servicesEmpty, { exact: true }).or(services.getByRole('table', { name: m.StorageHealthPage.servicesCaption }))).toBeVisible();
        const chart = page.getByRole('img', { name: new RegExp(escapeRegExp(m.StorageHealthPage.chartTitle)) });
        await expect(chart).toHaveAttribute('data-drawn', 'true');
        await expect(chart.locator('canvas')).toBeVisible();
        const table = page.getByRole('table', { name: new RegExp(escapeRegExp(m.StorageHealthPage.tableCaption.split('{count}')[0] ?? '')) });
        await expect(table.getByRole('columnheader', { name: m.StorageHealth.operations.write })).toBeVisible();
        const rows = await table.getByRole('row').count();

        await page.getByRole('button', { name: m.HealthCheckNowButton.label }).click();
        await expect(table.getByRole('row')).toHaveCount(rows + 1);
        await expect(page.getByRole('button', { name: m.HealthCheckNowButton.label })).toBeEnabled();
        await expect(page.getByRole('heading', { level: 2, name: m.StorageHealthPage.changes })).toBeVisible();

        await expectNoViolations(page);
        await expectReflowAt320(page);
      });
    }
  });
}
