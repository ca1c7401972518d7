import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { createBucket, fillStorage, labels, MESSAGES, runSucceeded, s3, startDisabled, type TestLocale } from './support';

// The Ecosystem Toggles in Chinese and French against the console's real supervisor: npm Enabled,
// saved, its registry started, proven and shown running on the Services page; Read-Only; Disabled
// again (so the specs after this one save without a registry to start). A toggle the chosen
// authentication cannot serve is refused on its row before any request.

const LOCALES: TestLocale[] = ['zh', 'fr'];

function toggles(page: Page, locale: TestLocale) {
  const m = MESSAGES[locale];
  const section = page.getByRole('region', { name: m.Ecosystems.section });
  const choice = (mode: keyof typeof m.Ecosystems.modes) => section.getByRole('radio', { name: `${m.Ecosystems.npm.name}: ${m.Ecosystems.modes[mode]}` });
  return { section, choice };
}

async function saveAndWait(page: Page, locale: TestLocale) {
  await page.getByRole('button', { name: labels(locale).save }).click();
  await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale) }).first()).toBeVisible({ timeout: 60_000 });
}

async function npmState(page: Page, locale: TestLocale) {
  const m = MESSAGES[locale];
  await page.getByRole('navigation').getByRole('link', { name: m.ServicesPage.navLabel }).click();
  await expect(page.getByRole('heading', { level: 1, name: m.ServicesPage.title })).toBeVisible();
  return page.getByRole('region', { name: m.Ecosystems.npm.name });
}

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`${locale}: npm Enabled, Read-Only and Disabled through a configuration run, the registry really running; axe clean`, async ({ page }) => {
    test.setTimeout(180_000);
    const bucket = await createBucket(`e2e-ecosystems-${locale}`);
    await startDisabled(page, locale);
    const { section, choice } = toggles(page, locale);
    await expect(section.getByRole('heading', { level: 2, name: m.Ecosystems.section })).toBeVisible();
    // Packages off: nothing to toggle yet.
    await expect(section.getByText(m.Ecosystems.packagesOff)).toBeVisible();
    await expect(choice('enabled')).toBeDisabled();

    await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
    await choice('enabled').check();
    await expectNoViolations(page);
    await saveAndWait(page, locale);

    let npm = await npmState(page, locale);
    await expect(npm.getByRole('definition').filter({ hasText: m.ServicesPage.states.running })).toBeVisible();
    await expect(npm.getByRole('definition').filter({ hasText: bucket })).toBeVisible();
    // The console's registry answers on the public URL the page gives.
    const url = (await npm.getByRole('definition').filter({ hasText: /^http:\/\/127\.0\.0\.1:\d+$/ }).first().textContent())!.trim();
    expect((await page.request.get(`${url}/-/ping`)).status()).toBe(200);

    await page.goto(`/${locale}/settings/packages`);
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
    await expect(choice('enabled')).toBeChecked();
    // Moving the storage while npm is on: the confirmation says what that does to npm's users and packages.
    await page.getByLabel(l.bucket).fill(`${bucket}-moved`);
    await page.getByRole('button', { name: l.save }).click();
    await expect(page.getByText(m.Ecosystems.npm.storageChangeNote)).toBeVisible();
    await page.reload();
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
    await choice('read-only').check();
    await saveAndWait(page, locale);
    npm = await npmState(page, locale);
    // The state and the setting both read Read-Only (in Chinese, the same word).
    await expect(npm.getByRole('definition').filter({ hasText: m.ServicesPage.states['read-only'] }).first()).toBeVisible();
    expect((await page.request.put(`${url}/e2e-package`, { data: {} })).status()).toBe(403);
    expect((await page.request.get(`${url}/-/ping`)).status()).toBe(200);

    await page.goto(`/${locale}/settings/packages`);
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
    await choice('disabled').check();
    await saveAndWait(page, locale);
    npm = await npmState(page, locale);
    await expect(npm.getByRole('definition').filter({ hasText: m.ServicesPage.states.stopped })).toBeVisible();
    await expectNoViolations(page);
  });

  test(`${locale}: an ecosystem its registry cannot serve with the chosen authentication is refused on its row`, async ({ page }) => {
    await startDisabled(page, locale);
    await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket: 'e2e-ecosystems-role', accessKey: s3.accessKey, secretKey: s3.secretKey });
    await page.getByLabel(l.authMode).selectOption('assume-role');
    await page.getByLabel(l.roleArn).fill('arn:aws:iam::123456789012:role/packages');
    const { choice } = toggles(page, locale);
    await choice('enabled').check();
    const saves: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') saves.push(request.url());
    });
    await page.getByRole('button', { name: l.save }).click();
    await expect(choice('enabled')).toHaveAccessibleDescription(new RegExp(m.Ecosystems.validation.authModeUnsupported.slice(0, 12)));
    expect(saves).toEqual([]);
    await expectNoViolations(page);
  });
}
