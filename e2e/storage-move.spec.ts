import { expect, test, type Page } from '@playwright/test';
import { startLatencyProxy, type LatencyProxy } from '../lib/testing/latency-proxy';
import { expectNoViolations } from './axe';
import { bucketWith, keys, lead, PREFIX, SEEDED } from './storage-move-support';
import { escapeRegExp, getSettings, labels, MESSAGES, runSucceeded, s3, saveAndWait, type TestLocale } from './support';

// Moving the packages from the console: a configuration applied on bucket A holds a few npm objects;
// the admin changes the bucket to B, sees what A holds, keeps "copy" and saves; the run copies,
// verifies, switches, and the objects are in B (the old copy stays in A).

async function cancelAnswers(page: Page, locale: TestLocale, finishedRunId: string) {
  const m = MESSAGES[locale];
  const finished = await page.request.post(`/api/config/runs/${finishedRunId}/cancel`, { headers: { 'accept-language': locale } });
  expect(finished.status()).toBe(409);
  expect(await finished.json()).toMatchObject({ message: m.StorageMove.actions.notRunning, errors: [{ code: 'runNotRunning' }] });
  const unknown = await page.request.post('/api/config/runs/0000000000000000/resume', { headers: { 'accept-language': locale } });
  expect(unknown.status()).toBe(409);
  expect(await unknown.json()).toMatchObject({ errors: [{ code: 'migrationResumeUnknown' }] });
}

for (const locale of ['zh', 'fr'] as const) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`${locale}: changing the bucket shows what is there, copies it to the new bucket and keeps the old copy`, async ({ page }) => {
    test.setTimeout(120_000);
    const from = await bucketWith(`e2e-move-a-${locale}`, []);
    const to = await bucketWith(`e2e-move-b-${locale}`, []);
    await saveAndWait(page, from);
    await bucketWith(from, SEEDED);

    await page.goto(`/${locale}/settings/packages`);
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled(); // hydrated
    await page.getByLabel(l.bucket).fill(to);
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByText(m.PackagesSettingsForm.confirmNeeded)).toBeVisible();

    // The storage in force, listed per ecosystem: the three npm objects.
    const inventory = page.getByRole('table', { name: lead(m.StorageMove.inventory.caption) });
    await expect(inventory).toBeVisible({ timeout: 30_000 });
    await expect(inventory.getByRole('row', { name: new RegExp(escapeRegExp(m.Ecosystems.npm.name)) })).toContainText('3');
    await expect(inventory.getByRole('row', { name: new RegExp(escapeRegExp(m.StorageMove.inventory.total)) })).toContainText('3');
    const copy = page.getByRole('checkbox', { name: m.StorageMove.inventory.copyLabel });
    await expect(copy).toBeChecked();
    await expectNoViolations(page);

    await page.getByRole('checkbox', { name: m.PackagesSettingsForm.confirmStorageChange }).check();
    await page.getByRole('button', { name: l.save }).click();
    const region = page.getByRole('region', { name: m.ConfigRunProgress.title });
    const phases = region.getByRole('list', { name: m.ConfigRunProgress.phasesLabel });
    for (const name of ['inventory', 'copy', 'copyVerify', 'finalCopy'] as const) await expect(phases).toContainText(m.ConfigRun.phases[name]);
    await expect(region.getByRole('status').first()).toHaveText(runSucceeded(locale), { timeout: 60_000 });
    for (const name of ['inventory', 'copy', 'copyVerify', 'finalCopy', 'apply'] as const) {
      await expect(phases.getByRole('listitem').filter({ hasText: m.ConfigRun.phases[name] })).toContainText(m.ConfigRun.states.done);
    }
    await expect(region).toContainText(lead(m.StorageMove.run.oldCopyKept));

    // The objects are in B, and still in A.
    expect((await keys(to)).filter((key) => key.startsWith(PREFIX))).toEqual(SEEDED.map((key) => `${PREFIX}${key}`).sort());
    expect((await keys(from)).filter((key) => key.startsWith(PREFIX))).toHaveLength(SEEDED.length);

    // The runs page keeps the move: from and to, what was copied, where the old copy is.
    await page.goto(`/${locale}/settings/runs`);
    const newest = page.locator('tr[data-run-id]').first();
    await expect(newest).toHaveAttribute('data-state', 'succeeded');
    await expect(newest).toContainText(lead(m.StorageMove.run.fromTo));
    await expect(newest).toContainText(to);
    await expect(newest.getByRole('table', { name: m.StorageMove.run.caption }).getByRole('row', { name: new RegExp(escapeRegExp(m.Ecosystems.npm.name)) })).toContainText('3');
    await expect(newest).toContainText(lead(m.StorageMove.run.oldCopyKept));
    await expectNoViolations(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoViolations(page);
    await cancelAnswers(page, locale, (await newest.getAttribute('data-run-id')) ?? '');
  });
}

// A copy slowed down by a loopback proxy between the console and the gateway, so its live progress can be
// watched and the run cancelled halfway; the run is then resumed from the runs page and finishes the move.
const MANY = Array.from({ length: 40 }, (_, index) => `pkg-${String(index).padStart(2, '0')}.tgz`);
let proxy: LatencyProxy;

test.describe('cancel and resume', () => {
  test.beforeAll(async () => {
    proxy = await startLatencyProxy(s3.endpoint, 0);
  });
  test.afterAll(async () => {
    await proxy?.close();
  });

  for (const locale of ['zh', 'fr'] as const) {
    const m = MESSAGES[locale];
    const l = labels(locale);

    test(`${locale}: a copy in progress shows its progress, can be cancelled, and resumed from the runs page`, async ({ page }) => {
      test.setTimeout(240_000);
      proxy.setDelay(0);
      const from = await bucketWith(`e2e-move-c-${locale}`, []);
      const to = await bucketWith(`e2e-move-d-${locale}`, []);
      await saveAndWait(page, from, proxy.url);
      await bucketWith(from, MANY);
      // A remote-like store from here on (the check still passes within its 5 s): the copy lasts seconds, so it is seen running.
      proxy.setDelay(250);

      await page.goto(`/${locale}/settings/packages`);
      await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
      await page.getByLabel(l.bucket).fill(to);
      await page.getByRole('button', { name: l.save }).click();
      await expect(page.getByRole('checkbox', { name: m.StorageMove.inventory.copyLabel })).toBeChecked({ timeout: 30_000 });
      await page.getByRole('checkbox', { name: m.PackagesSettingsForm.confirmStorageChange }).check();
      await page.getByRole('button', { name: l.save }).click();

      // Once the copy runs, every round trip takes seconds: long enough to watch it and cancel it halfway.
      const region = page.getByRole('region', { name: m.ConfigRunProgress.title });
      const copyPhase = region.getByRole('listitem').filter({ hasText: m.ConfigRun.phases.copy });
      await expect(copyPhase).toContainText(m.ConfigRun.states.running, { timeout: 30_000 });
      proxy.setDelay(1500);
      const bar = region.getByRole('progressbar', { name: m.StorageMove.run.progressLabel.copy });
      await expect(bar).toBeVisible({ timeout: 60_000 });
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeLessThan(100);
      await expect(region).toContainText(lead(m.StorageMove.run.progress));

      await region.getByRole('button', { name: m.StorageMove.actions.cancel }).click();
      const dialog = page.getByRole('dialog', { name: m.StorageMove.actions.confirmTitle });
      await expect(dialog.getByRole('button', { name: m.StorageMove.actions.keepRunning })).toBeFocused();
      await dialog.getByRole('button', { name: m.StorageMove.actions.cancel }).click();
      await expect(region.getByText(m.StorageMove.actions.cancelRequested)).toBeVisible();
      await expect(copyPhase).toContainText(m.ConfigRun.states.failed, { timeout: 60_000 });
      proxy.setDelay(0);
      await expect(copyPhase).toContainText(m.ConfigRun.errors.cancelled);
      // Cancelled before the switch: B is saved but not applied (the storage in force is still A).
      expect((await getSettings(page)).packages.bucket).toBe(to);

      await page.goto(`/${locale}/settings/runs`);
      const cancelled = page.locator('tr[data-run-id]').first();
      await expect(cancelled).toHaveAttribute('data-state', 'failed');
      await cancelled.getByRole('button', { name: m.StorageMove.actions.resume }).click();
      await expect(async () => {
        await page.reload();
        const newest = page.locator('tr[data-run-id]').first();
        await expect(newest).toHaveAttribute('data-state', 'succeeded', { timeout: 1000 });
        await expect(newest).toContainText(lead(m.StorageMove.run.oldCopyKept), { timeout: 1000 });
      }).toPass({ timeout: 90_000 });
      expect((await keys(to)).filter((key) => key.startsWith(PREFIX))).toEqual(MANY.map((key) => `${PREFIX}${key}`).sort());
    });

    test(`${locale}: a storage in force that cannot be listed is reported, and the storage can still be switched without copying`, async ({ page }) => {
      test.setTimeout(120_000);
      proxy.setDelay(0);
      const from = await bucketWith(`e2e-move-e-${locale}`, []);
      const to = await bucketWith(`e2e-move-f-${locale}`, []);
      await saveAndWait(page, from, proxy.url);
      // Slower than the console's check timeout (5 s here): the listing of the storage in force times out.
      proxy.setDelay(6000);
      try {
        await page.goto(`/${locale}/settings/packages`);
        await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
        await page.getByLabel(l.serviceUrl).fill(s3.endpoint);
        await page.getByLabel(l.bucket).fill(to);
        await page.getByRole('button', { name: l.save }).click();
        await expect(page.getByRole('status').filter({ hasText: m.StorageMove.inventory.loading })).toBeVisible();
        const reason = page.getByRole('alert').filter({ hasText: lead(m.StorageMigration.listFailed) });
        await expect(reason).toContainText(m.StorageMove.inventory.switchAnyway, { timeout: 30_000 });
        await expect(page.getByRole('checkbox', { name: m.StorageMove.inventory.copyLabel })).not.toBeChecked();
        await expectNoViolations(page);

        await page.getByRole('checkbox', { name: m.PackagesSettingsForm.confirmStorageChange }).check();
        await page.getByRole('button', { name: l.save }).click();
        const region = page.getByRole('region', { name: m.ConfigRunProgress.title });
        await expect(region.getByRole('status').first()).toHaveText(runSucceeded(locale), { timeout: 60_000 });
        // No copy was asked for: the run has no copy phases.
        await expect(region.getByRole('list', { name: m.ConfigRunProgress.phasesLabel })).not.toContainText(m.ConfigRun.phases.copy);
        expect((await getSettings(page)).packages.bucket).toBe(to);
      } finally {
        proxy.setDelay(0);
      }
    });
  }
});
