import { expect, test } from '@playwright/test';
import { expectNoViolations } from './axe';
import { azurite, createContainer } from './azure-support';
import { createBucket, escapeRegExp, fillStorage, getSettings, labels, MESSAGES, runSucceeded, s3, startDisabled, type TestLocale } from './support';

// Azure Blob Storage next to Amazon S3, in Chinese and French: choose it, test, save, reload; the
// connection string is never echoed, and the S3 values saved before are still there on the way back.

const LOCALES: TestLocale[] = ['zh', 'fr'];

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`Azure Blob Storage (${locale}): test, save, reload, and back to the kept S3 values`, async ({ page }) => {
    const bucket = await createBucket(`e2e-azure-s3-${locale}`);
    const container = await createContainer(`e2e-azure-${locale}`);
    await startDisabled(page, locale);
    const { version } = await getSettings(page);
    await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale, version + 1) }).first()).toBeVisible();

    await page.getByRole('radio', { name: m.AzureStorage.storageTypeOption }).check();
    await expect(page.getByLabel(l.serviceUrl)).toHaveCount(0);
    await page.getByLabel(m.AzureStorage.containerNameLabel).fill(container);
    await page.getByLabel(m.AzureStorage.connectionStringLabel).fill(azurite.connectionString);
    await page.getByRole('button', { name: l.test }).click();
    const passed = m.AzureStorage.passed.replace('{subject}', container);
    await expect(page.getByRole('status').filter({ hasText: new RegExp(escapeRegExp(passed)) })).toBeVisible();
    for (const operation of ['Put Blob', 'Put Block List', 'Delete Blob']) await expect(page.getByRole('rowheader', { name: operation })).toBeVisible();
    await expectNoViolations(page);

    // Packages storage is in force on S3: moving it to Azure needs the confirmation.
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByText(m.PackagesSettingsForm.confirmNeeded)).toBeVisible();
    await page.getByRole('checkbox', { name: m.PackagesSettingsForm.confirmStorageChange }).check();
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale, version + 2) }).first()).toBeVisible();
    expect(await getSettings(page)).toMatchObject({ version: version + 2, packages: { storageType: 'azure', azureContainerName: container, azureConnectionStringSet: true } });

    await page.reload();
    await expect(page.getByRole('radio', { name: m.AzureStorage.storageTypeOption })).toBeChecked();
    await expect(page.getByLabel(m.AzureStorage.containerNameLabel)).toHaveValue(container);
    await expect(page.getByLabel(m.AzureStorage.connectionStringLabel)).toHaveValue('');
    await expect(page.getByText(m.AzureStorage.connectionStringStored)).toBeVisible();
    expect(await page.content()).not.toContain(azurite.accountKey);
    await expectNoViolations(page);

    await page.getByRole('radio', { name: m.S3Storage.typeLabel }).check();
    await expect(page.getByLabel(l.serviceUrl)).toHaveValue(s3.endpoint);
    await expect(page.getByLabel(l.bucket)).toHaveValue(bucket);
    await expect(page.getByLabel(l.accessKey)).toHaveValue(s3.accessKey);
    await expect(page.getByText(m.S3Storage.secretKeyStored)).toBeVisible();
  });
}
