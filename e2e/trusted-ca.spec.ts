import { expect, test } from '@playwright/test';
import { makeTestCerts, type TestCerts } from '../lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '../lib/testing/tls-relay';
import { createBucket, escapeRegExp, fillStorage, labels, MESSAGES, s3, startDisabled, type TestLocale } from './support';

// The Ceph gateway behind TLS with a certificate from a CA made by openssl for this run: the check
// names that CA until the admin pastes it under Trusted CA certificates, then passes.

let certs: TestCerts;
let relay: TlsRelay;

test.beforeAll(async () => {
  certs = makeTestCerts();
  relay = await startTlsRelay(s3.endpoint, certs.pem('valid'), certs.key('valid'));
});

test.afterAll(async () => {
  await relay?.close();
});

for (const locale of ['fr', 'zh'] as TestLocale[]) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`pasting the storage's CA turns the untrusted-CA message into a pass (${locale})`, async ({ page }) => {
    const bucket = await createBucket(`e2e-ca-${locale}`);
    await startDisabled(page, locale);
    await fillStorage(page, locale, { serviceUrl: relay.url, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
    await page.getByText(m.PackagesSettingsForm.advanced, { exact: true }).click();
    const trusted = page.getByLabel(m.TrustedCertificates.caCertificates);
    await expect(trusted).toBeVisible();
    await expect(trusted).toHaveValue('');
    await page.getByRole('button', { name: l.test }).click();

    await expect(page.getByText(m.StorageCheckPanel.failed)).toBeVisible();
    const serviceUrl = page.getByLabel(l.serviceUrl);
    await expect(serviceUrl).toHaveAccessibleDescription(new RegExp(`Console Test Root CA.*${escapeRegExp(m.TrustedCertificates.caCertificates)}`));

    await trusted.fill(certs.pem('ca'));
    await page.getByRole('button', { name: l.test }).click();
    await expect(page.getByText(m.S3Storage.passed.replace('{subject}', bucket))).toBeVisible();
    await expect(serviceUrl).not.toHaveAccessibleDescription(/Console Test Root CA/);
  });
}
