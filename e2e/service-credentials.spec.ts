import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createTranslator } from 'use-intl/core';
import { expectNoViolations, expectReflowAt320 } from './axe';
import { MAIN } from './servers';
import { MESSAGES, type TestLocale } from './support';

// Service credentials on the Services page, in Chinese (light) and French (dark): a bad name refused on
// the field in the page's language and kept; a build-cache token and an npm user added, each secret
// shown once in a focused field with its "shown only once" note, gone after a reload; the token revoked
// through a dialog that names it (Escape cancels and gives the focus back); axe clean throughout, and at 320 px.

const CASES: { locale: TestLocale; colorScheme: 'light' | 'dark' }[] = [
  { locale: 'zh', colorScheme: 'light' },
  { locale: 'fr', colorScheme: 'dark' },
];
const SECRET = /^[A-Za-z0-9_-]{43}$/;

async function add(page: Page, region: Locator, m: (typeof MESSAGES)['en'], name: string): Promise<void> {
  await region.getByRole('textbox', { name: m.ServiceCredentials.nameLabel }).fill(name);
  await region.getByRole('button', { name: m.ServiceCredentials.add, exact: true }).click();
}

for (const { locale, colorScheme } of CASES) {
  test.describe(`Service credentials (${locale}, ${colorScheme})`, () => {
    test.use({ colorScheme });
    const m = MESSAGES[locale];
    const t = createTranslator({ locale, messages: m, namespace: 'ServiceCredentials' });
    const inForce = new RegExp(Object.values(m.ServiceCredentials.inForce).map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

    test(`${locale}: add a build-cache token and an npm user, see each secret once, revoke the token with the dialog; no WCAG 2.1 AA violations`, async ({ page }) => {
      const suffix = randomBytes(3).toString('hex');
      const token = `e2e-${locale}-token-${suffix}`;
      const user = `e2e-${locale}-user-${suffix}`;
      await page.goto(`/${locale}/settings/services`);
      const cache = page.getByRole('region', { name: m.Ecosystems['build-cache'].name });
      const npm = page.getByRole('region', { name: m.Ecosystems.npm.name });
      await expect(cache.getByRole('heading', { level: 3, name: m.ServiceCredentials.title })).toBeVisible();

      // Bad input: the schema's message on the field, in this language, and the typed name kept.
      const nameField = cache.getByRole('textbox', { name: m.ServiceCredentials.nameLabel });
      await add(page, cache, m, 'Not Valid');
      await expect(nameField).toHaveAttribute('aria-invalid', 'true');
      await expect(nameField).toBeFocused();
      await expect(nameField).toHaveAccessibleDescription(new RegExp(t('errors.nameInvalid', { name: 'Not Valid' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await expect(nameField).toHaveValue('Not Valid');
      await expectNoViolations(page);

      // The token: shown once, focused, with its note and a copy button; the outcome read out with what the service did.
      await add(page, cache, m, token);
      const tokenField = cache.getByRole('textbox', { name: t('secretOf.token', { name: token }) });
      await expect(tokenField).toBeFocused();
      const tokenSecret = await tokenField.inputValue();
      expect(tokenSecret).toMatch(SECRET);
      await expect(tokenField).toHaveAccessibleDescription(m.ServiceCredentials.shownOnce);
      await expect(cache.getByRole('button', { name: m.ServiceCredentials.copy, exact: true })).toBeVisible();
      await expect(cache.getByRole('status').filter({ hasText: t('created', { name: token }) })).toContainText(inForce);
      const tokenRow = cache.getByRole('row', { name: new RegExp(token) });
      await expect(tokenRow.getByRole('cell', { name: m.ServiceCredentials.kinds.token, exact: true })).toBeVisible();
      await expect(nameField).toHaveValue('');
      await expectNoViolations(page);

      // The npm user, the same way, with its own kind.
      await add(page, npm, m, user);
      const userField = npm.getByRole('textbox', { name: t('secretOf.user', { name: user }) });
      await expect(userField).toBeFocused();
      const userSecret = await userField.inputValue();
      expect(userSecret).toMatch(SECRET);
      await expect(npm.getByRole('row', { name: new RegExp(user) }).getByRole('cell', { name: m.ServiceCredentials.kinds.user, exact: true })).toBeVisible();
      // A phone's width: the list scrolls in its own region, the secret field and form fit (WCAG 1.4.10).
      await expectReflowAt320(page);

      // Shown once: after a reload the names are listed, the secrets are nowhere.
      await page.reload();
      await expect(cache.getByRole('row', { name: new RegExp(token) })).toBeVisible();
      await expect(page.getByRole('textbox', { name: t('secretOf.token', { name: token }) })).toHaveCount(0);
      const html = await page.content();
      expect(html).not.toContain(tokenSecret);
      expect(html).not.toContain(userSecret);

      // Revoke: the dialog names the credential, Cancel has the focus, Escape gives it back to the button.
      const revoke = cache.getByRole('button', { name: t('revokeLabel', { name: token }) });
      await revoke.click();
      const dialog = page.getByRole('dialog', { name: t('confirmTitle', { name: token }) });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText(t('confirmText', { name: token }));
      await expect(dialog.getByRole('button', { name: m.ServiceCredentials.cancel })).toBeFocused();
      await expectNoViolations(page);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(revoke).toBeFocused();
      await expect(cache.getByRole('row', { name: new RegExp(token) })).toBeVisible();

      await revoke.press('Enter');
      await dialog.getByRole('button', { name: t('confirmRevoke', { name: token }) }).click();
      await expect(dialog).toHaveCount(0);
      await expect(cache.getByRole('status').filter({ hasText: t('revoked', { name: token }) })).toContainText(inForce);
      await expect(cache.getByRole('row', { name: new RegExp(token) })).toHaveCount(0);
      await expect(cache.getByRole('heading', { level: 3, name: m.ServiceCredentials.title })).toBeFocused();
      await expectNoViolations(page);

      // The user too, so the next run starts clean; neither secret in the server's log or in clear on disk.
      await npm.getByRole('button', { name: t('revokeLabel', { name: user }) }).click();
      await page.getByRole('dialog').getByRole('button', { name: t('confirmRevoke', { name: user }) }).click();
      await expect(npm.getByRole('row', { name: new RegExp(user) })).toHaveCount(0);
      const stored = readFileSync(path.join(MAIN.dataDir, 'services', 'credentials.json'), 'utf8');
      const log = readFileSync(MAIN.log, 'utf8');
      for (const secret of [tokenSecret, userSecret]) {
        expect(stored).not.toContain(secret);
        expect(log).not.toContain(secret);
      }
    });
  });
}
