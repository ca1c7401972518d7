import { expect, test } from '@playwright/test';
import { STORAGE_STATE } from './servers';
import { createBucket, escapeRegExp, fillStorage, getSettings, HTML_LANG, labels, MESSAGES, runSucceeded, s3, startDisabled, TEST_LOCALES } from './support';

for (const locale of TEST_LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test.describe(`Packages settings (${locale})`, () => {
    test('saves the storage settings, keeps them across a reload and never shows the secret', async ({ page }) => {
      const bucket = await createBucket(`e2e-save-${locale}`);
      await startDisabled(page, locale);
      await expect(page.locator('html')).toHaveAttribute('lang', HTML_LANG[locale]);
      const before = await getSettings(page);

      await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
      await page.getByRole('button', { name: l.save }).click();
      await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale, before.version + 1) }).first()).toBeVisible();

      await page.reload();
      await expect(page.getByRole('checkbox', { name: l.enable })).toBeChecked();
      await expect(page.getByLabel(l.serviceUrl)).toHaveValue(s3.endpoint);
      await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
      await expect(page.getByLabel(l.accessKey)).toHaveValue(s3.accessKey);
      await expect(page.getByLabel(l.secretKey)).toHaveValue('');
      await expect(page.getByText(m.S3Storage.secretKeyStored)).toBeVisible();
      expect(await page.content()).not.toContain(s3.secretKey);

      const after = await getSettings(page);
      expect(after).toMatchObject({ version: before.version + 1, packages: { enabled: true, bucket, secretKeySet: true } });
      expect(JSON.stringify(after)).not.toContain(s3.secretKey);
    });

    test('shows a localized error under each bad field and saves nothing', async ({ page }) => {
      await startDisabled(page, locale);
      const before = await getSettings(page);
      await fillStorage(page, locale, { serviceUrl: 'http://s3.example.com', bucket: 'Bad_Bucket', accessKey: 'ab', secretKey: '' });
      await page.getByRole('button', { name: l.save }).click();

      await expect(page.getByLabel(l.serviceUrl)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.validation.serviceUrlHttps)));
      await expect(page.getByLabel(l.bucket)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.validation.bucketCharacters)));
      await expect(page.getByLabel(l.accessKey)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.validation.accessKeyLength)));
      // A blank secret means "keep the stored one", so it is an error only while none is stored.
      const secret = page.getByLabel(l.secretKey);
      if (before.packages.secretKeySet) await expect(secret).not.toHaveAttribute('aria-invalid');
      else await expect(secret).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.validation.secretKeyRequired)));
      await expect(page.getByLabel(l.serviceUrl)).toBeFocused();
      expect((await getSettings(page)).version).toBe(before.version);

      // The server holds the same rules: a request that skips the browser's checks is refused field by field.
      const response = await page.request.put('/api/settings/packages', {
        headers: { 'accept-language': locale },
        data: { enabled: true, serviceUrl: 'http://s3.example.com', bucket: 'ab', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'x', region: '', pathStyle: 'auto', version: before.version },
      });
      expect(response.status()).toBe(422);
      const body = await response.json();
      expect(body.errors).toEqual([
        { field: 'serviceUrl', code: 'serviceUrlHttps', message: m.S3Storage.validation.serviceUrlHttps },
        { field: 'bucket', code: 'bucketLength', message: m.S3Storage.validation.bucketLength },
      ]);
      expect((await getSettings(page)).version).toBe(before.version);
    });
  });
}

test('redirects / by Accept-Language and the language switcher keeps the page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: STORAGE_STATE, locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' } });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/fr\/settings\/packages$/);
  await page.getByRole('navigation', { name: MESSAGES.fr.LanguageSwitcher.label }).getByRole('link', { name: '中文' }).click();
  await expect(page).toHaveURL(/\/zh\/settings\/packages$/);
  await expect(page.getByRole('button', { name: MESSAGES.zh.SaveSettingsPanel.save })).toBeVisible();
  await expect(page.getByText(MESSAGES.zh.SaveSettingsPanel.note)).toBeVisible();
  await context.close();
});
