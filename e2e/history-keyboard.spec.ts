import { expect, test, type Locator, type Page } from '@playwright/test';
import { startLatencyProxy } from '../lib/testing/latency-proxy';
import { expectNoViolations } from './axe';
import { createBucket, getSettings, MESSAGES, runSucceeded, s3, saveAndWait, type TestLocale } from './support';

// The History page and the runs page's way back, used as a keyboard user would (English), and the
// one-click way back after a failed run (French): focus goes where the next step is, axe stays clean
// with the storage-change confirmation open, and the version in force before the failure comes back.

const format = (message: string, values: Record<string, string | number>) => message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

/** Presses Tab from where focus is until `target` has it: proves it is reachable by keyboard, in order. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`not reached with ${limit} presses of Tab`);
}

test('History (en) by keyboard: compare the two newest versions, restore the older one with its confirmation', async ({ page }) => {
  const m = MESSAGES.en;
  const h = m.HistoryPage;
  const first = await saveAndWait(page, await createBucket('e2e-hist-kbd-a'));
  const newer = await saveAndWait(page, await createBucket('e2e-hist-kbd-b'));

  await page.goto('/en/settings/history');
  await expect(page.getByRole('heading', { level: 1, name: h.title })).toBeVisible();
  // The form proposes the two newest versions: Tab to its button and press Enter.
  await expect(page.getByLabel(h.compareFrom)).toHaveValue(String(first));
  await expect(page.getByLabel(h.compareTo)).toHaveValue(String(newer));
  await tabTo(page, page.getByRole('button', { name: h.compareButton }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`from=${first}&to=${newer}`));
  const comparison = page.getByRole('table', { name: format(h.comparison, { from: first, to: newer }) });
  await expect(comparison.getByRole('row', { name: /secrets\.packages\.s3-bucket/ })).toContainText('e2e-hist-kbd-b');

  const row = page.locator(`tr[data-version="${first}"]`);
  await tabTo(page, row.getByRole('button', { name: format(h.restore, { version: first }) }));
  await page.keyboard.press('Enter');
  // The button pressed gives way to the confirmation, and focus moves into it rather than to the page.
  const check = row.getByRole('checkbox', { name: h.confirmStorageCheck });
  await expect(check).toBeFocused();
  await expect(row.getByRole('group', { name: format(h.confirmStorage, { version: first }) })).toBeVisible();
  await expectNoViolations(page);
  await page.keyboard.press('Space');
  await expect(check).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(row.getByRole('button', { name: h.confirmStorageButton })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/en\/settings\/runs/);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row').nth(1)).toContainText(runSucceeded('en', newer + 1), { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  expect(await getSettings(page)).toMatchObject({ version: newer + 1, packages: { bucket: 'e2e-hist-kbd-a', secretKeySet: true } });

  // The new version: who saved it, the run that applied it (a link to it) and that run's result.
  const runId = await page.getByRole('row').nth(1).getAttribute('data-run-id');
  await page.goto('/en/settings/history');
  const restored = page.locator(`tr[data-version="${newer + 1}"]`);
  await expect(restored).toContainText(m.ConfigRun.sources.console);
  await expect(restored).toContainText(format(h.restoredFrom, { version: first }));
  await expect(restored.getByRole('link', { name: runId ?? 'no run' })).toHaveAttribute('href', `/en/settings/runs#run-${runId}`);
  await expect(restored).toContainText(/succeeded \{([^}]*)\}/.exec(h.runState)?.[1] ?? 'no label');
});

test('Runs page (fr): after a run that failed once written, one action puts back the version in force before it', async ({ page }) => {
  const locale: TestLocale = 'fr';
  const m = MESSAGES[locale];
  const h = m.HistoryPage;
  const inForce = await saveAndWait(page, await createBucket('e2e-hist-back-a'));
  const bucket = await createBucket('e2e-hist-back-b');
  // Slow enough that the verify phase can be caught running; closed then, so the run fails after writing.
  const proxy = await startLatencyProxy(s3.endpoint, 250);
  let failedId = '';
  try {
    const response = await page.request.put('/api/settings/packages', {
      data: { enabled: true, storageType: 's3', serviceUrl: proxy.url, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey, region: '', pathStyle: 'auto', authMode: 'keys', version: inForce, confirmStorageChange: true },
    });
    expect(response.status(), await response.text()).toBe(202);
    failedId = ((await response.json()) as { run: { id: string } }).run.id;
    const run = async () => (await (await page.request.get(`/api/config/runs/${failedId}`)).json()) as { state: string; phases: { name: string; state: string }[] };
    await expect(async () => expect((await run()).phases.find((phase) => phase.name === 'verify')?.state).toBe('running')).toPass({ timeout: 30_000, intervals: [100] });
    await proxy.close();
    await expect(async () => expect((await run()).state).toBe('failed')).toPass({ timeout: 30_000 });
  } finally {
    await proxy.close();
  }
  expect((await getSettings(page)).version).toBe(inForce + 1);

  await page.goto(`/${locale}/settings/runs`);
  const failed = page.locator(`tr[data-run-id="${failedId}"]`);
  const wayBack = failed.getByRole('button', { name: format(h.restoreBefore, { version: inForce }) });
  await expect(wayBack).toBeVisible();
  await expectNoViolations(page);
  await wayBack.click();
  // The failed version moved the storage, so going back moves it again: confirmed like any storage change.
  const check = failed.getByRole('checkbox', { name: h.confirmStorageCheck });
  await expect(check).toBeFocused();
  await check.check();
  await failed.getByRole('button', { name: h.confirmStorageButton }).click();

  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('row').nth(1)).toContainText(runSucceeded(locale, inForce + 2), { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  expect(await getSettings(page)).toMatchObject({ version: inForce + 2, packages: { serviceUrl: s3.endpoint, bucket: 'e2e-hist-back-a', secretKeySet: true } });

  await page.goto(`/${locale}/settings/history`);
  const restored = page.locator(`tr[data-version="${inForce + 2}"]`);
  await expect(restored).toContainText(format(h.restoredFrom, { version: inForce }));
  await expect(restored).toContainText(h.inForce);
  expect(await page.content()).not.toContain(s3.secretKey);
});

test('History (zh): a restore refused because someone saved meanwhile says so in the page\'s language, and restores nothing', async ({ page }) => {
  const h = MESSAGES.zh.HistoryPage;
  const bucket = await createBucket('e2e-hist-stale');
  const older = await saveAndWait(page, bucket);
  await saveAndWait(page, bucket);
  await page.goto('/zh/settings/history');
  const restore = page.locator(`tr[data-version="${older}"]`).getByRole('button', { name: format(h.restore, { version: older }) });
  await expect(restore).toBeEnabled();
  // Another admin saves after this page was shown: the version it names is no longer the current one.
  const current = await saveAndWait(page, bucket);
  await restore.click();
  await expect(page.locator(`tr[data-version="${older}"]`).getByRole('status')).toHaveText(MESSAGES.zh.Validation.versionConflict);
  await expect(restore).toHaveAccessibleDescription(MESSAGES.zh.Validation.versionConflict);
  expect((await getSettings(page)).version).toBe(current);
});
