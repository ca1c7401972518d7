import { expect, test } from '@playwright/test';
import { createBucket, escapeRegExp, fillStorage, labels, MESSAGES, s3, startDisabled, TEST_LOCALES } from './support';

const PERMISSIONS = [
  's3:PutObject', 's3:GetObject', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket',
];

for (const locale of TEST_LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test.describe(`Test storage settings (${locale})`, () => {
    test('proves all seven permissions on a working bucket', async ({ page }) => {
      const bucket = await createBucket(`e2e-check-${locale}`);
      await startDisabled(page, locale);
      await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
      await page.getByRole('button', { name: l.test }).click();

      const table = page.getByRole('table');
      await expect(table).toBeVisible();
      for (const permission of PERMISSIONS) {
        const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: permission }) });
        await expect(row.getByRole('cell').first()).toHaveText(m.StorageCheckPanel.pass);
      }
      await expect(page.getByText(m.S3Storage.passed.replace('{subject}', bucket))).toBeVisible();
      // The duration follows the locale (1,2 s in French), and Chinese sentences run on without a space.
      const [took = '', unit = ''] = m.StorageCheckPanel.duration.split('{seconds, number, ::.0}');
      const seconds = locale === 'fr' ? '\\d+,\\d' : '\\d+\\.\\d';
      const gap = locale === 'zh' ? '' : ' ';
      const summary = new RegExp(`${escapeRegExp(m.S3Storage.passed.replace('{subject}', bucket))}${gap}${escapeRegExp(took)}${seconds}${escapeRegExp(unit)}$`);
      await expect(page.getByRole('status').filter({ hasText: summary })).toBeVisible();
      await expect(page.getByText(m.S3Storage.policyTitle)).toBeVisible();
      // Beside it, the gateway VPC endpoint policy for a server in a private network, with its copy button.
      await page.getByText(m.S3Storage.endpointPolicyTitle, { exact: true }).click();
      const endpointPolicy = page.getByLabel(m.S3Storage.endpointPolicyTitle);
      await expect(endpointPolicy).toContainText(`"Resource": "arn:aws:s3:::${bucket}/*"`);
      await expect(endpointPolicy).toContainText('"Principal": "*"');
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await page.locator('details').filter({ has: endpointPolicy }).getByRole('button', { name: m.StorageCheckPanel.copy }).click();
      await expect(page.getByRole('status').filter({ hasText: m.StorageCheckPanel.copied })).toBeVisible();
      expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toMatchObject({ Statement: [{ Principal: '*', Resource: `arn:aws:s3:::${bucket}` }, { Principal: '*' }] });
    });

    test('names the wrong secret key and runs nothing it cannot prove', async ({ page }) => {
      const bucket = await createBucket(`e2e-check-${locale}`);
      await startDisabled(page, locale);
      await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: 'not-the-secret-key-0000000000000000000000' });
      await page.getByRole('button', { name: l.test }).click();

      await expect(page.getByRole('table')).toBeVisible();
      await expect(page.getByText(m.StorageCheckPanel.failed)).toBeVisible();
      await expect(page.getByLabel(l.secretKey)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.S3Storage.issues.secretKeyMismatch)));
      await expect(page.getByRole('cell', { name: m.StorageCheckPanel.pass, exact: true })).toHaveCount(0);
    });
  });
}
