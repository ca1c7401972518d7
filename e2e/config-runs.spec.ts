import { expect, test, type Page } from '@playwright/test';
import { startLatencyProxy, type LatencyProxy } from '../lib/testing/latency-proxy';
import { createBucket, escapeRegExp, fillStorage, getSettings, labels, MESSAGES, runSucceeded, s3, startDisabled, TEST_LOCALES, type TestLocale } from './support';

// Save settings starts a configuration run that the page follows live. The S3 gateway is reached
// through a loopback proxy that delays each request, so every phase lasts long enough to be seen.

let proxy: LatencyProxy;

test.beforeAll(async () => {
  proxy = await startLatencyProxy(s3.endpoint, 250);
});
test.afterAll(async () => {
  await proxy?.close();
});

function run(page: Page, locale: TestLocale) {
  const m = MESSAGES[locale];
  const region = page.getByRole('region', { name: m.ConfigRunProgress.title });
  return {
    region,
    bar: region.getByRole('progressbar', { name: m.ConfigRunProgress.progressLabel }),
    phase: (name: keyof typeof m.ConfigRun.phases) => region.getByRole('list', { name: m.ConfigRunProgress.phasesLabel }).getByRole('listitem').filter({ hasText: m.ConfigRun.phases[name] }),
    summary: region.getByRole('status'),
  };
}

for (const locale of TEST_LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test.describe(`Configuration run (${locale})`, () => {
    test('shows each phase live, refuses a second save while it runs, and ends applied', async ({ page }) => {
      const bucket = await createBucket(`e2e-run-${locale}`);
      await startDisabled(page, locale);
      const before = await getSettings(page);
      await fillStorage(page, locale, { serviceUrl: proxy.url, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
      await page.getByRole('button', { name: l.save }).click();

      const view = run(page, locale);
      await expect(view.bar).toBeVisible();
      await expect(view.phase('check')).toContainText(m.ConfigRun.states.running);
      await expect(view.phase('validate')).toContainText(m.ConfigRun.states.done);
      await expect(view.phase('apply')).toContainText(m.ConfigRun.states.pending);
      expect(Number(await view.bar.getAttribute('value'))).toBeLessThan(100);
      await expect(page.getByRole('button', { name: l.save })).toBeDisabled();
      await expect(page.getByText(m.ConfigRunProgress.wait)).toBeVisible();

      // Another admin (or a script) saving meanwhile is refused, in their language, and changes nothing.
      const second = await page.request.put('/api/settings/packages', { headers: { 'accept-language': locale }, data: { enabled: false, version: before.version } });
      expect(second.status()).toBe(409);
      expect(await second.json()).toMatchObject({ message: m.ConfigRun.runInProgress, errors: [{ code: 'runInProgress' }] });

      await expect(view.phase('verify')).toContainText(m.ConfigRun.states.running);
      await expect(view.summary).toHaveText(runSucceeded(locale, before.version + 1), { timeout: 30_000 });
      await expect(view.bar).toHaveAttribute('value', '100');
      for (const name of ['validate', 'check', 'write', 'apply', 'verify'] as const) await expect(view.phase(name)).toContainText(m.ConfigRun.states.done);
      await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
      expect(await getSettings(page)).toMatchObject({ version: before.version + 1, packages: { enabled: true, bucket } });

      // The run is kept and listed, with the configuration now in force.
      await page.getByRole('navigation', { name: m.SettingsSidebar.label }).getByRole('link', { name: m.ConfigRunsPage.navLabel }).click();
      await expect(page.getByRole('heading', { level: 1, name: m.ConfigRunsPage.title })).toBeVisible();
      await expect(page.getByRole('link', { name: m.ConfigRunsPage.navLabel })).toHaveAttribute('aria-current', 'page');
      const applied = m.ConfigRunsPage.applied.split('{version}')[0] ?? '';
      await expect(page.getByText(new RegExp(`${escapeRegExp(applied)}${before.version + 1}`))).toBeVisible();
      const newest = page.getByRole('row').nth(1);
      await expect(newest).toContainText(runSucceeded(locale, before.version + 1));
      await newest.locator('summary').click();
      const lastEvent = newest.getByRole('row').filter({ has: page.getByRole('cell', { name: m.ConfigRun.events.runSucceeded, exact: true }) });
      await expect(lastEvent.getByRole('cell', { name: m.ConfigRunsPage.severities.INFO, exact: true })).toBeVisible();
      expect(await page.content()).not.toContain(s3.secretKey);
    });

    test('fails at the check phase, shows why under the field, and keeps what was applied', async ({ page }) => {
      const bucket = await createBucket(`e2e-run-${locale}`);
      await startDisabled(page, locale);
      const before = await getSettings(page);
      await fillStorage(page, locale, { serviceUrl: proxy.url, bucket, accessKey: s3.accessKey, secretKey: 'not-the-secret-key-0000000000000000000000' });
      await page.getByRole('button', { name: l.save }).click();

      const view = run(page, locale);
      await expect(view.bar).toBeVisible();
      await expect(view.phase('check')).toContainText(m.ConfigRun.states.failed, { timeout: 30_000 });
      await expect(view.phase('check')).toContainText(m.ConfigRun.errors.storageCheckFailed.replace('{subject}', m.S3Storage.subject.replace('{name}', bucket)));
      for (const name of ['write', 'apply', 'verify'] as const) await expect(view.phase(name)).toContainText(m.ConfigRun.states.pending);
      const [failedStart = ''] = m.ConfigRun.summary.failed.split('{phase}');
      await expect(page.getByRole('alert').filter({ hasText: failedStart })).toBeVisible();
      await expect(page.getByLabel(l.secretKey)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.issues.secretKeyMismatch)));
      // Nothing was lost: the form still holds what was typed, the saved settings did not change.
      await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
      expect((await getSettings(page)).version).toBe(before.version);
      await expect(page.getByRole('button', { name: l.save })).toBeEnabled();

      // The runs page lists the failure and still names the configuration applied before it.
      await page.goto(`/${locale}/settings/runs`);
      const applied = m.ConfigRunsPage.applied.split('{version}')[0] ?? '';
      await expect(page.getByText(new RegExp(`${escapeRegExp(applied)}${before.version}\\b`))).toBeVisible();
      await expect(page.getByRole('row').nth(1)).toContainText(failedStart);
    });
  });
}
