import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { MAIN } from './servers';
import { labels, MESSAGES, startDisabled } from './support';

// Whatever an admin types, or an operator writes into settings.json, is shown as text, never markup.

const SCRIPT = '<script>window.__injected = true</script>';
const IMG = '"><img src=x onerror="window.__injected=true">';
const l = labels('en');

async function expectNothingRan(page: Page) {
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

test('typed markup stays literal in the fields and in the errors', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await startDisabled(page, 'en');
  await page.getByRole('checkbox', { name: l.enable }).check();
  await page.getByLabel(l.serviceUrl).fill(`https://s3.example.com/${IMG}`);
  await page.getByLabel(l.bucket).fill(SCRIPT);
  await page.getByRole('button', { name: l.save }).click();
  await expect(page.getByLabel(l.bucket)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(l.bucket)).toHaveValue(SCRIPT);
  await expect(page.getByLabel(l.serviceUrl)).toHaveValue(`https://s3.example.com/${IMG}`);
  await expectNothingRan(page);
  expect(dialogs).toEqual([]);
});

test('markup stored in settings.json is rendered as text', async ({ page }) => {
  const file = path.join(MAIN.dataDir, 'settings.json');
  await startDisabled(page, 'en'); // makes sure the file exists
  const original = readFileSync(file, 'utf8');
  const stored = JSON.parse(original) as { version: number; settings: Record<string, unknown> };
  stored.version += 1;
  stored.settings['secrets.packages.s3-bucket'] = SCRIPT;
  stored.settings['secrets.packages.service-url'] = `https://s3.example.com/${IMG}`;
  stored.settings['secrets.packages.aws-access-key'] = `</textarea>${SCRIPT}`;
  writeFileSync(file, JSON.stringify(stored));
  try {
    await page.goto('/en/settings/packages');
    await expect(page.getByRole('button', { name: MESSAGES.en.SaveSettingsPanel.save })).toBeEnabled();
    await expect(page.getByLabel(l.bucket)).toHaveValue(SCRIPT);
    await expect(page.getByLabel(l.serviceUrl)).toHaveValue(`https://s3.example.com/${IMG}`);
    await expect(page.getByLabel(l.accessKey)).toHaveValue(`</textarea>${SCRIPT}`);
    await expectNothingRan(page);
    const html = await (await page.request.get('/en/settings/packages')).text();
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img src=x');
  } finally {
    writeFileSync(file, original);
  }
});
