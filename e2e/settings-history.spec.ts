import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectNoViolations } from './axe';
import { MAIN } from './servers';
import { createBucket, escapeRegExp, getSettings, MESSAGES, runSucceeded, s3, saveAndWait as save, type TestLocale } from './support';

// The History page in Chinese and French: two saved versions compared key by key (the secret only
// "unchanged"), then the older one restored with one click, confirmed as a storage change, and its
// configuration run seen to succeed on the runs page.

const format = (message: string, values: Record<string, string | number>) => message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

for (const locale of ['zh', 'fr'] as TestLocale[]) {
  const m = MESSAGES[locale];
  const h = m.HistoryPage;

  test(`History (${locale}): compare two versions, restore the older one, see its run`, async ({ page }) => {
    const first = await createBucket(`e2e-hist-${locale}-a`);
    const second = await createBucket(`e2e-hist-${locale}-b`);
    const older = await save(page, first);
    const newer = await save(page, second);

    await page.goto(`/${locale}/settings/packages`);
    await page.getByRole('navigation', { name: m.SettingsSidebar.label }).getByRole('link', { name: h.navLabel }).click();
    await expect(page.getByRole('heading', { level: 1, name: h.title })).toBeVisible();
    await expect(page.getByRole('link', { name: h.navLabel })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator(`tr[data-version="${newer}"]`)).toContainText(h.current);

    // Compare: a plain form, by its translated labels.
    await page.getByLabel(h.compareFrom).selectOption(String(older));
    await page.getByLabel(h.compareTo).selectOption(String(newer));
    await page.getByRole('button', { name: h.compareButton }).click();
    const comparison = page.getByRole('table', { name: format(h.comparison, { from: older, to: newer }) });
    await expect(comparison).toBeVisible();
    const bucketRow = comparison.getByRole('row', { name: /secrets\.packages\.s3-bucket/ });
    await expect(bucketRow.getByRole('cell').nth(0)).toHaveText(first);
    await expect(bucketRow.getByRole('cell').nth(1)).toHaveText(second);
    await expect(comparison.getByRole('row', { name: /secrets\.packages\.aws-secret-key/ })).toContainText(h.secretUnchanged);
    await expectNoViolations(page);
    expect(await page.content()).not.toContain(s3.secretKey);

    // Restore the older version: another bucket, so the storage change is confirmed first.
    const row = page.locator(`tr[data-version="${older}"]`);
    await row.getByRole('button', { name: format(h.restore, { version: older }) }).click();
    await expect(row.getByText(format(h.confirmStorage, { version: older }))).toBeVisible();
    const confirm = row.getByRole('button', { name: h.confirmStorageButton });
    await expect(confirm).toBeDisabled();
    await row.getByRole('checkbox', { name: h.confirmStorageCheck }).check();
    await confirm.click();

    await expect(page).toHaveURL(new RegExp(`/${locale}/settings/runs`));
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('row').nth(1)).toContainText(runSucceeded(locale, newer + 1), { timeout: 1000 });
    }).toPass({ timeout: 45_000 });
    expect(await getSettings(page)).toMatchObject({ version: newer + 1, packages: { bucket: first, secretKeySet: true } });

    await page.goto(`/${locale}/settings/history`);
    const restored = page.locator(`tr[data-version="${newer + 1}"]`);
    await expect(restored).toContainText(format(h.restoredFrom, { version: older }));
    await expect(restored.getByText(new RegExp(escapeRegExp(h.inForce)))).toBeVisible();
    expect(await page.content()).not.toContain(s3.secretKey);
  });
}

test('History (fr): a damaged history file is named and left as it is, and saving still works', async ({ page }) => {
  const h = MESSAGES.fr.HistoryPage;
  const file = path.join(MAIN.dataDir, 'settings-history.json');
  const bucket = await createBucket('e2e-hist-damaged');
  await save(page, bucket); // so that there is a history to damage
  const kept = await readFile(file, 'utf8');
  const damaged = '{"format": 1, "versions": [';
  try {
    await writeFile(file, damaged);
    await page.goto('/fr/settings/history');
    const [before, after] = h.historyUnreadable.split('{path}');
    const alert = page.getByRole('alert').filter({ hasText: h.historyUnreadableTitle });
    await expect(alert).toContainText(h.historyUnreadableTitle);
    await expect(alert).toContainText(new RegExp(`${escapeRegExp(before!)}\\S*settings-history\\.json${escapeRegExp(after!)}`));
    await expectNoViolations(page);
    // Saving goes on, and the damaged file is left for the operator.
    const saved = await save(page, bucket);
    expect((await getSettings(page)).version).toBe(saved);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  } finally {
    await writeFile(file, kept);
  }
});
