import { expect, test, type Page } from '@playwright/test';
import { startLatencyProxy } from '../lib/testing/latency-proxy';
import { createBucket, escapeRegExp, fillStorage, getSettings, labels, MESSAGES, s3, startDisabled } from './support';

// Runs that end badly for the page following them: one that fails after it already wrote a new
// settings version, and one the page can no longer follow. Neither may leave the form stuck.

const m = MESSAGES.en;
const l = labels('en');

function runRegion(page: Page) {
  const region = page.getByRole('region', { name: m.ConfigRunProgress.title });
  const phase = (name: keyof typeof m.ConfigRun.phases) =>
    region.getByRole('list', { name: m.ConfigRunProgress.phasesLabel }).getByRole('listitem').filter({ hasText: m.ConfigRun.phases[name] });
  return { region, phase };
}

test('a run that fails after writing: the next Save builds on the written version instead of a conflict', async ({ page }) => {
  const bucket = await createBucket('e2e-verify-fails');
  // Slow enough that the verify phase can be caught running; closed mid-verify, so it fails for real.
  const proxy = await startLatencyProxy(s3.endpoint, 250);
  try {
    await startDisabled(page, 'en');
    const before = await getSettings(page);
    await fillStorage(page, 'en', { serviceUrl: proxy.url, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
    await page.getByRole('button', { name: l.save }).click();

    const first = runRegion(page);
    await expect(first.phase('verify')).toContainText(m.ConfigRun.states.running, { timeout: 30_000 });
    await proxy.close();
    await expect(first.phase('verify')).toContainText(m.ConfigRun.states.failed, { timeout: 30_000 });
    expect((await getSettings(page)).version).toBe(before.version + 1);
    // The runs page offers the one-click way back to the version in force before the failed run.
    const runsPage = await page.context().newPage();
    await runsPage.goto('/en/settings/runs');
    const wayBack = new RegExp(m.HistoryPage.restoreBefore.split('{version}').map(escapeRegExp).join('\\d+'));
    await expect(runsPage.getByRole('button', { name: wayBack }).first()).toBeVisible();
    await runsPage.close();
    const firstRunId = await first.region.getAttribute('data-run-id');
    // The typed values are still there, secret included, so the admin can simply try again.
    await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();

    await page.getByRole('button', { name: l.save }).click();
    // A new run starts (and fails at its check, the endpoint being gone), rather than a 409.
    await expect(first.region).not.toHaveAttribute('data-run-id', firstRunId ?? '');
    await expect(runRegion(page).phase('check')).toContainText(m.ConfigRun.states.failed, { timeout: 30_000 });
    await expect(page.getByText(m.PackagesSettingsForm.conflict)).toHaveCount(0);
    expect((await getSettings(page)).version).toBe(before.version + 1);
  } finally {
    await proxy.close();
  }
});

test('a run the page can no longer follow says so and gives Save back', async ({ page }) => {
  const bucket = await createBucket('e2e-run-lost');
  await startDisabled(page, 'en');
  // As if the session ended while the run was going on: the event stream is refused.
  await page.route('**/api/config/runs/*/stream**', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{}' }));
  await fillStorage(page, 'en', { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
  await page.getByRole('button', { name: l.save }).click();

  await expect(page.getByRole('alert').filter({ hasText: new RegExp(escapeRegExp(m.ConfigRunProgress.lost)) })).toBeVisible();
  await expect(page.getByText(m.ConfigRunProgress.reconnecting)).toHaveCount(0);
  await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
  await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
  await expect(runRegion(page).region.getByRole('link', { name: m.ConfigRunProgress.viewRuns })).toBeVisible();
  await expect(page.getByRole('alert').getByRole('link', { name: m.ConfigRunProgress.signInAgain })).toHaveAttribute('target', '_blank');
});

test('a crashed request is reported as a server error with its status, not as "did not answer"', async ({ page }) => {
  const bucket = await createBucket('e2e-server-error');
  await startDisabled(page, 'en');
  await page.route('**/api/settings/packages', (route) =>
    route.request().method() === 'PUT' ? route.fulfill({ status: 500, contentType: 'text/html', body: '<h1>Internal Server Error</h1>' }) : route.fallback(),
  );
  await fillStorage(page, 'en', { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
  await page.getByRole('button', { name: l.save }).click();
  await expect(page.getByRole('alert').filter({ hasText: m.PackagesSettingsForm.serverError.replace('{status}', '500') })).toBeVisible();
  await expect(page.getByText(m.PackagesSettingsForm.networkError)).toHaveCount(0);
  await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
});
