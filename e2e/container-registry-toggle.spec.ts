import { expect, test, type Page } from '@playwright/test';
import { createTranslator } from 'use-intl/core';
import { expectNoViolations } from './axe';
import { azurite, createContainer } from './azure-support';
import { createBucket, fillStorage, labels, MESSAGES, runSucceeded, s3, startDisabled, type TestLocale } from './support';

// The Container registry row of the Ecosystem Toggles in Chinese and French against the console's real
// supervisor: Enabled on S3 with anonymous pulls, saved, Debian's registry started, proven by its canary
// (its reads answered without a credential) and shown running on
// the Services page with how to connect; Disabled again (so the specs after this one save without it).
// On Azure Blob Storage the row is refused before any request: the registry has no driver for it.

const LOCALES: TestLocale[] = ['zh', 'fr'];

function registryChoice(page: Page, locale: TestLocale, mode: keyof (typeof MESSAGES)['en']['Ecosystems']['modes']) {
  const m = MESSAGES[locale];
  const section = page.getByRole('region', { name: m.Ecosystems.section });
  return section.getByRole('radio', { name: `${m.Ecosystems['container-registry'].name}: ${m.Ecosystems.modes[mode]}` });
}

function anonymousPullsChoice(page: Page, locale: TestLocale, mode: 'enabled' | 'disabled') {
  const m = MESSAGES[locale];
  const section = page.getByRole('region', { name: m.Ecosystems.section });
  return section.getByRole('radio', { name: `${m.Ecosystems['container-registry'].anonymousPulls}: ${m.Ecosystems.modes[mode]}` });
}

async function saveAndWait(page: Page, locale: TestLocale) {
  await page.getByRole('button', { name: labels(locale).save }).click();
  await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale) }).first()).toBeVisible({ timeout: 90_000 });
}

async function registryOnServicesPage(page: Page, locale: TestLocale) {
  const m = MESSAGES[locale];
  await page.getByRole('navigation').getByRole('link', { name: m.ServicesPage.navLabel }).click();
  await expect(page.getByRole('heading', { level: 1, name: m.ServicesPage.title })).toBeVisible();
  return page.getByRole('region', { name: m.Ecosystems['container-registry'].name });
}

for (const locale of LOCALES) {
  const m = MESSAGES[locale];
  const l = labels(locale);

  test(`${locale}: Container registry Enabled on S3 through a configuration run, the registry really running; axe clean`, async ({ page }) => {
    test.setTimeout(240_000);
    const bucket = await createBucket(`e2e-creg-${locale}`);
    await startDisabled(page, locale);
    await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
    await registryChoice(page, locale, 'enabled').check();
    await expect(anonymousPullsChoice(page, locale, 'disabled')).toBeChecked();
    await anonymousPullsChoice(page, locale, 'enabled').check();
    await expectNoViolations(page);
    await saveAndWait(page, locale);

    const registry = await registryOnServicesPage(page, locale);
    await expect(registry.getByRole('definition').filter({ hasText: m.ServicesPage.states.running })).toBeVisible();
    await expect(registry.getByRole('definition').filter({ hasText: bucket })).toBeVisible();
    await expect(registry.getByText(m.Services['container-registry'].connect.login)).toBeVisible();
    const url = (await registry.getByRole('definition').filter({ hasText: /^http:\/\/127\.0\.0\.1:\d+$/ }).first().textContent())!.trim();
    // The registry's API ping asks for a credential (clients then send theirs on pushes); with anonymous
    // pulls on, its reads answer without one. Its root answers without one.
    expect((await page.request.get(`${url}/v2/`)).status()).toBe(401);
    expect((await page.request.get(`${url}/v2/_catalog`)).status()).toBe(200);
    expect((await page.request.get(`${url}/`)).status()).toBe(200);
    await expect(registry.getByText(`skopeo login ${new URL(url).host}`, { exact: false })).toBeVisible();
    await expectNoViolations(page);

    await page.goto(`/${locale}/settings/packages`);
    await expect(page.getByRole('button', { name: l.save })).toBeEnabled();
    await expect(registryChoice(page, locale, 'enabled')).toBeChecked();
    await expect(anonymousPullsChoice(page, locale, 'enabled')).toBeChecked();
    await anonymousPullsChoice(page, locale, 'disabled').check();
    await registryChoice(page, locale, 'disabled').check();
    await saveAndWait(page, locale);
    const stopped = await registryOnServicesPage(page, locale);
    await expect(stopped.getByRole('definition').filter({ hasText: m.ServicesPage.states.stopped })).toBeVisible();
  });

  test(`${locale}: the Container registry on Azure Blob Storage is refused on its row before any request`, async ({ page }) => {
    const container = await createContainer(`e2e-creg-${locale}`);
    await startDisabled(page, locale);
    await page.getByRole('checkbox', { name: l.enable }).check();
    await page.getByRole('radio', { name: m.AzureStorage.storageTypeOption }).check();
    await page.getByLabel(m.AzureStorage.containerNameLabel).fill(container);
    await page.getByLabel(m.AzureStorage.connectionStringLabel).fill(azurite.connectionString);
    await registryChoice(page, locale, 'enabled').check();
    const saves: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') saves.push(request.url());
    });
    await page.getByRole('button', { name: l.save }).click();
    await expect(registryChoice(page, locale, 'enabled')).toHaveAccessibleDescription(new RegExp(m.Ecosystems.validation.storageDriverMissing.slice(0, 12)));
    // The row names the type the registry can use, in the page's language.
    const refusal = createTranslator({ locale, messages: m })('Ecosystems.validation.storageDriverMissing', { supportedTypes: m.S3Storage.typeLabel });
    expect(refusal).toContain(m.S3Storage.typeLabel);
    await expect(page.getByText(refusal)).toBeVisible();
    expect(saves).toEqual([]);
    await expectNoViolations(page);
  });
}
