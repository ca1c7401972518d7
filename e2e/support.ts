import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, type Page } from '@playwright/test';
import en from '../messages/en.json' with { type: 'json' };
import fr from '../messages/fr.json' with { type: 'json' };
import zh from '../messages/zh.json' with { type: 'json' };

export const MESSAGES = { en, zh, fr } as const;
export type TestLocale = keyof typeof MESSAGES;
export const TEST_LOCALES: TestLocale[] = ['en', 'zh', 'fr'];
/** The `lang` each locale's pages declare: the /zh pages are Simplified Chinese. */
export const HTML_LANG: Record<TestLocale, string> = { en: 'en', zh: 'zh-CN', fr: 'fr' };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through scripts/with-s3.sh (npm run test:e2e)`);
  return value;
}

export const s3 = {
  get endpoint() { return required('S3_TEST_ENDPOINT'); },
  get accessKey() { return required('S3_TEST_OWNER_ACCESS_KEY'); },
  get secretKey() { return required('S3_TEST_OWNER_SECRET_KEY'); },
};

export async function createBucket(name: string): Promise<string> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
  } finally {
    client.destroy();
  }
  return name;
}

export async function getSettings(page: Page) {
  const response = await page.request.get('/api/settings/packages');
  expect(response.status()).toBe(200);
  return (await response.json()) as { version: number; packages: Record<string, unknown> & { secretKeySet: boolean } };
}

/** Saves S3 settings through the console's API and waits for its run to succeed; returns the new version. */
export async function saveAndWait(page: Page, bucket: string, serviceUrl = s3.endpoint): Promise<number> {
  const { version } = await getSettings(page);
  const response = await page.request.put('/api/settings/packages', {
    data: { enabled: true, storageType: 's3', serviceUrl, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey, region: '', pathStyle: 'auto', authMode: 'keys', version, confirmStorageChange: true },
  });
  expect(response.status(), await response.text()).toBe(202);
  const { run } = (await response.json()) as { run: { id: string } };
  await expect(async () => {
    const current = (await (await page.request.get(`/api/config/runs/${run.id}`)).json()) as { running: boolean; successful: boolean };
    expect(current).toMatchObject({ running: false, successful: true });
  }).toPass({ timeout: 30_000 });
  return version + 1;
}

/** Labels as the page shows them, straight from the locale's messages. */
export function labels(locale: TestLocale) {
  const m = MESSAGES[locale];
  return {
    enable: m.PackagesSettingsForm.enableLabel,
    serviceUrl: m.S3Storage.serviceUrl,
    bucket: m.S3Storage.bucket,
    accessKey: m.S3Storage.accessKey,
    secretKey: m.S3Storage.secretKey,
    authMode: m.S3Storage.authMode,
    roleArn: m.S3Storage.roleArn,
    save: m.SaveSettingsPanel.save,
    test: m.StorageCheckPanel.test,
  };
}

/** The page's summary once a save's configuration run has applied `version` (any version when omitted). */
export function runSucceeded(locale: TestLocale, version?: number): RegExp {
  const [before = '', after = ''] = MESSAGES[locale].ConfigRun.summary.succeeded.split('{version}');
  return new RegExp(`${escapeRegExp(before)}${version === undefined ? '\\d+' : version}${escapeRegExp(after)}`);
}

/** Turns Packages off first when it is on, so the next save is not a storage change that needs confirming. */
export async function startDisabled(page: Page, locale: TestLocale) {
  const l = labels(locale);
  await page.goto(`/${locale}/settings/packages`);
  await expect(page.getByRole('button', { name: l.save })).toBeEnabled(); // hydrated
  const enable = page.getByRole('checkbox', { name: l.enable });
  if (await enable.isChecked()) {
    await enable.uncheck();
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale) }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
  }
  await expect(enable).not.toBeChecked();
}

export async function fillStorage(page: Page, locale: TestLocale, values: { serviceUrl: string; bucket: string; accessKey: string; secretKey: string }) {
  const l = labels(locale);
  await page.getByRole('checkbox', { name: l.enable }).check();
  // Another test may have left Azure Blob Storage chosen.
  await page.getByRole('radio', { name: MESSAGES[locale].S3Storage.typeLabel }).check();
  // Another test may have saved a role: these values are access keys.
  await page.getByLabel(l.authMode).selectOption('keys');
  await page.getByLabel(l.serviceUrl).fill(values.serviceUrl);
  await page.getByLabel(l.bucket).fill(values.bucket);
  await page.getByLabel(l.accessKey).fill(values.accessKey);
  await page.getByLabel(l.secretKey).fill(values.secretKey);
}

/**
 * A message as a pattern. Any run of spaces matches any whitespace: French messages use no-break
 * spaces (U+00A0, U+202F), and accessible names and descriptions turn U+202F into a plain space.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
