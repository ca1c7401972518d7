import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createBucketAs, createMarkerUser } from '../lib/testing/marker-s3-user';
import { MARKER_FILE } from './servers';
import { fillStorage, getSettings, labels, MESSAGES, runSucceeded, s3, startDisabled, TEST_LOCALES } from './support';

// Saves a secret key that is a unique marker and drives every flow that reads it back; the
// leak-check project then looks for the marker in every response, the server log and the data dir.

const m = MESSAGES.en;
const l = labels('en');

test('saves a marker secret and uses it through the page, the API and failing checks', async ({ page }) => {
  const id = randomBytes(6).toString('hex');
  const marker = `LeakMarker${randomBytes(12).toString('hex')}`;
  const accessKey = `MARKER${id.toUpperCase()}00`;
  const bucket = `e2e-marker-${id}`;
  writeFileSync(MARKER_FILE, marker);
  await createMarkerUser(`marker-${id}`, accessKey, marker);
  await createBucketAs(bucket, accessKey, marker);

  await startDisabled(page, 'en');
  const before = await getSettings(page);
  await fillStorage(page, 'en', { serviceUrl: s3.endpoint, bucket, accessKey, secretKey: marker });
  await page.getByRole('button', { name: l.test }).click();
  await expect(page.getByText(m.S3Storage.passed.replace('{subject}', bucket))).toBeVisible();
  await page.getByRole('button', { name: l.save }).click();
  await expect(page.getByRole('status').filter({ hasText: runSucceeded('en', before.version + 1) }).first()).toBeVisible();
  expect(await getSettings(page)).toMatchObject({ packages: { enabled: true, bucket, accessKey, secretKeySet: true } });

  // Read back in every language, as HTML and as RSC payloads (client-side navigation).
  for (const locale of TEST_LOCALES) {
    await page.goto(`/${locale}/settings/packages`);
    await expect(page.getByText(MESSAGES[locale].S3Storage.secretKeyStored)).toBeVisible();
  }
  await page.getByRole('navigation', { name: MESSAGES.fr.SettingsSidebar.label }).getByRole('link', { name: MESSAGES.fr.SettingsSidebar.packages }).click();
  await page.goto('/en/settings/packages');

  // The stored secret used by checks that fail in different ways: each error path must stay quiet about it.
  const check = (values: Record<string, unknown>) =>
    page.request.post('/api/settings/packages/check', {
      data: { serviceUrl: s3.endpoint, bucket, accessKey, secretKey: '', region: '', pathStyle: 'auto', version: 0, ...values },
    });
  expect((await check({})).status()).toBe(200);
  expect(((await (await check({})).json()) as { check: { ok: boolean } }).check.ok).toBe(true);
  // A new access key does not inherit the stored secret (422), so that case sends the marker itself.
  expect((await check({ accessKey: 'AKIANOSUCHKEY0000000' })).status()).toBe(422);
  for (const values of [{ bucket: `missing-${id}` }, { accessKey: 'AKIANOSUCHKEY0000000', secretKey: marker }, { serviceUrl: 'http://127.0.0.1:9' }]) {
    const response = await check(values);
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { check: { ok: boolean } }).check.ok).toBe(false);
  }
  // A save that fails its check with the stored secret, and one refused as a stale version.
  const current = await getSettings(page);
  const failed = await page.request.put('/api/settings/packages', {
    data: { enabled: true, serviceUrl: s3.endpoint, bucket: `missing-${id}`, accessKey, secretKey: '', region: '', pathStyle: 'auto', version: current.version, confirmStorageChange: true },
  });
  // Saving starts a configuration run (202); its check phase fails on the missing bucket.
  expect(failed.status()).toBe(202);
  const { run } = (await failed.json()) as { run: { id: string } };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/config/runs/${run.id}`)).json()) as { state: string }).state, { timeout: 30_000 })
    .toBe('failed');
  const stale = await page.request.put('/api/settings/packages', { data: { enabled: false, version: current.version - 1 } });
  expect(stale.status()).toBe(409);
  expect((await getSettings(page)).version).toBe(current.version);
});
