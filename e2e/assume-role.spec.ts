import { expect, test } from '@playwright/test';
import { allowRoleCalls, createRole, deleteRole, stsTestEndpoint, type TestRole } from '../lib/testing/sts-roles';
import { createBucket, escapeRegExp, getSettings, labels, MESSAGES, runSucceeded, startDisabled, type TestLocale } from './support';

// "Assume a role" in Chinese and French: the role is assumed with the probe user's keys on the Ceph
// STS gateway, the check names the assumed role, and the choice is saved.

const PERMISSIONS = [
  's3:PutObject', 's3:GetObject', 's3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload', 's3:DeleteObject', 's3:ListBucket',
];

function probe() {
  const accessKey = process.env.S3_TEST_PROBE_ACCESS_KEY;
  const secretKey = process.env.S3_TEST_PROBE_SECRET_KEY;
  if (!accessKey || !secretKey) throw new Error('S3_TEST_PROBE_* are not set: run through scripts/with-s3.sh (npm run test:e2e)');
  return { accessKey, secretKey };
}

const LOCALES: TestLocale[] = ['zh', 'fr'];
let role: TestRole;

test.beforeAll(async () => {
  await allowRoleCalls('probe');
  role = await createRole('e2e', ['arn:aws:iam:::user/probe'], PERMISSIONS);
});
test.afterAll(async () => {
  if (role) await deleteRole(role);
});

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`assumes a role, shows who the check ran as and saves the choice (${locale})`, async ({ page }) => {
    const bucket = await createBucket(`e2e-role-${locale}`);
    await startDisabled(page, locale);
    const before = await getSettings(page);
    await page.getByRole('checkbox', { name: l.enable }).check();
    await page.getByRole('radio', { name: m.S3Storage.typeLabel }).check();
    await page.getByLabel(l.serviceUrl).fill(stsTestEndpoint());
    await page.getByLabel(l.bucket).fill(bucket);
    await page.getByLabel(l.authMode).selectOption({ label: m.S3Storage.authModeAssumeRole });
    await page.getByLabel(l.roleArn).fill(role.arn);
    await page.getByLabel(l.accessKey).fill(probe().accessKey);
    await page.getByLabel(l.secretKey).fill(probe().secretKey);

    await page.getByRole('button', { name: l.test }).click();
    const table = page.getByRole('table');
    await expect(table).toBeVisible();
    for (const permission of PERMISSIONS) {
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: permission }) });
      await expect(row.getByRole('cell').first()).toHaveText(m.StorageCheckPanel.pass);
    }
    await expect(page.getByRole('heading', { name: m.StorageCheckPanel.identityTitle })).toBeVisible();
    const [assumed = ''] = m.S3Storage.identity.role.split('{role}');
    await expect(page.getByText(new RegExp(`${escapeRegExp(assumed)}${escapeRegExp(role.arn)}`))).toBeVisible();
    // With a role, the policy to paste on the bucket names the role.
    await page.getByText(m.S3Storage.bucketPolicyTitle).click();
    await expect(page.getByLabel(m.S3Storage.bucketPolicyTitle)).toContainText(`"AWS": "${role.arn}"`);

    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale, before.version + 1) }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(l.authMode)).toHaveValue('assume-role');
    await expect(page.getByLabel(l.roleArn)).toHaveValue(role.arn);
    expect((await getSettings(page)).packages).toMatchObject({ authMode: 'assume-role', roleArn: role.arn, bucket });
  });
}
