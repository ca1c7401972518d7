import { expect, test, type Page } from '@playwright/test';
import { COLOR_SCHEMES, expectNoViolations, expectReflowAt320 } from './axe';
import { getSettings, MESSAGES, TEST_LOCALES } from './support';

// The configuration runs page, signed in, with a run listed and its events open: the table in a
// table and the status labels are where contrast and structure can go wrong.

/** Other specs leave runs behind, but this one must not depend on their order: save once if none is kept. */
async function ensureFinishedRun(page: Page, locale: keyof typeof MESSAGES) {
  await page.goto(`/${locale}/settings/runs`);
  if ((await page.locator('tr[data-run-id]').count()) === 0) {
    const { version } = await getSettings(page);
    // Saving with Packages off needs no storage, so the run is quick and cannot fail on S3.
    const response = await page.request.put('/api/settings/packages', { headers: { 'accept-language': locale }, data: { enabled: false, version } });
    expect(response.status()).toBe(202);
  }
  // A run still in progress would be followed live; wait for the list to settle.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('tr[data-run-id]').first()).toBeVisible({ timeout: 1000 });
    await expect(page.locator('tr[data-state="running"]')).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Configuration runs page accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of TEST_LOCALES) {
      const m = MESSAGES[locale];

      test(`${locale}: no WCAG 2.1 AA violations with a run listed and its events expanded`, async ({ page }) => {
        await ensureFinishedRun(page, locale);
        await expect(page.getByRole('heading', { level: 1, name: m.ConfigRunsPage.title })).toBeVisible();
        await expect(page.getByRole('link', { name: m.ConfigRunsPage.navLabel })).toHaveAttribute('aria-current', 'page');
        await expectNoViolations(page);

        const newest = page.getByRole('row').nth(1);
        const events = newest.getByRole('group');
        await expect(events).not.toHaveAttribute('open');
        await newest.locator('summary').click();
        await expect(events).toHaveAttribute('open', '');
        await expect(events.getByRole('columnheader', { name: m.ConfigRunsPage.severity })).toBeVisible();
        await expect(events.getByRole('row').nth(1)).toBeVisible();
        await expectNoViolations(page);
        // Narrow, the table scrolls inside a named region that keyboard users can focus, not the page.
        await expectReflowAt320(page);
        await expect(page.getByRole('region', { name: m.ConfigRunsPage.title })).toHaveAttribute('tabindex', '0');
      });
    }
  });
}
