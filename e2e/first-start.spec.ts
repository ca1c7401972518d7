import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { COLOR_SCHEMES, expectNoViolations, expectReflowAt320 } from './axe';
import { FIRST_START } from './servers';
import { escapeRegExp, MESSAGES, TEST_LOCALES } from './support';

// The second console started with no password: only the URL in its log can set one. Runs in French,
// the language the admin's browser asks for.
test.use({ locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' } });

const m = MESSAGES.fr;

async function setupUrlFromLog(): Promise<URL> {
  let match: RegExpMatchArray | null = null;
  await expect(async () => {
    match = readFileSync(FIRST_START.log, 'utf8').match(/(http:\/\/\S+\/setup\?token=[A-Za-z0-9_-]+)/);
    expect(match).not.toBeNull();
  }).toPass({ timeout: 15_000 });
  return new URL((match as unknown as RegExpMatchArray)[1] ?? '');
}

// Declared first, so they run while the token is still unused: everything here is refused in the
// browser (empty, too short, mismatched), so nothing reaches the server and the token stays valid.
for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Setup page accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of TEST_LOCALES) {
      const t = MESSAGES[locale];
      const rule = (text: string) => new RegExp(escapeRegExp(text.replace('{min}', '12')));

      test(`${locale}: no WCAG 2.1 AA violations, with a bad link, empty, and with each error announced on its field`, async ({ page }) => {
        await page.goto(`/${locale}/setup?token=${'A'.repeat(43)}`);
        await expect(page.getByRole('alert').filter({ hasText: t.SetupPage.tokenInvalid })).toBeVisible();
        await expectNoViolations(page);
        await page.goto(`/${locale}/login`);
        await expect(page.getByRole('status').filter({ hasText: t.LoginPage.notSetUp })).toBeVisible();
        await expectNoViolations(page);

        const url = await setupUrlFromLog();
        await page.goto(`/${locale}/setup${url.search}`);
        const password = page.getByLabel(t.SetupForm.password);
        const confirm = page.getByLabel(t.SetupForm.confirm);
        const submit = page.getByRole('button', { name: t.SetupForm.submit });
        await expect(submit).toBeEnabled(); // hydrated
        await expect(password).toHaveAccessibleDescription(rule(t.SetupForm.passwordHelp));
        await expectNoViolations(page);
        await expectReflowAt320(page);

        await submit.click();
        await expect(page.getByRole('alert').filter({ hasText: t.AuthErrors.passwordRequired })).toBeVisible();
        await expect(password).toHaveAccessibleDescription(rule(t.AuthErrors.passwordRequired));
        await expect(password).toBeFocused();

        await password.fill('too short');
        await submit.click();
        await expect(page.getByRole('alert').filter({ hasText: rule(t.AuthErrors.passwordTooShort) })).toBeVisible();
        await expect(password).toHaveAccessibleDescription(rule(t.AuthErrors.passwordTooShort));
        await expect(password).toHaveAttribute('aria-invalid', 'true');
        await expectNoViolations(page);

        await password.fill('long enough but not confirmed');
        await confirm.fill('something else entirely');
        await submit.click();
        await expect(confirm).toHaveAccessibleDescription(t.AuthErrors.passwordMismatch);
        await expect(confirm).toBeFocused();
        await expectNoViolations(page);
      });
    }
  });
}

test('sets the root password with the one-time setup URL from the log, in the admin language', async ({ page }) => {
  // Without the token there is nothing to fill in; the login page says why.
  await page.goto('/fr/setup');
  await expect(page.getByText(m.SetupPage.tokenInvalid)).toBeVisible();
  await page.goto(`/fr/setup?token=${'A'.repeat(43)}`);
  await expect(page.getByText(m.SetupPage.tokenInvalid)).toBeVisible();
  await expect(page.getByLabel(m.SetupForm.password)).toHaveCount(0);
  await page.goto('/fr/login');
  await expect(page.getByText(m.LoginPage.notSetUp)).toBeVisible();

  const url = await setupUrlFromLog();
  expect(url.origin).toBe(FIRST_START.url);
  await page.goto(`${url.pathname}${url.search}`); // /setup?token=… → /fr/setup?token=… by Accept-Language
  await expect(page).toHaveURL(/\/fr\/setup\?token=/);
  await expect(page.getByRole('heading', { level: 1, name: m.SetupPage.title })).toBeVisible();
  // The rule is on the page, in French, before anything is typed.
  const help = m.SetupForm.passwordHelp.replace('{min}', '12');
  await expect(page.getByLabel(m.SetupForm.password)).toHaveAccessibleDescription(new RegExp(escapeRegExp(help)));

  // The server holds the same rule as the form.
  const token = url.searchParams.get('token') ?? '';
  const short = await page.request.post('/api/auth/setup', { data: { token, password: 'trop court', confirmPassword: 'trop court' } });
  expect(short.status()).toBe(422);
  expect((await short.json()).errors).toEqual([{ field: 'password', code: 'passwordTooShort', message: m.AuthErrors.passwordTooShort.replace('{min}', '12') }]);

  await page.getByLabel(m.SetupForm.password).fill('trop court');
  await page.getByLabel(m.SetupForm.confirm).fill('trop court');
  await page.getByRole('button', { name: m.SetupForm.submit }).click();
  await expect(page.getByLabel(m.SetupForm.password)).toHaveAccessibleDescription(new RegExp(escapeRegExp(m.AuthErrors.passwordTooShort.replace('{min}', '12'))));

  await page.getByLabel(m.SetupForm.password).fill(FIRST_START.password);
  await page.getByLabel(m.SetupForm.confirm).fill(`${FIRST_START.password}!`);
  await page.getByRole('button', { name: m.SetupForm.submit }).click();
  await expect(page.getByLabel(m.SetupForm.confirm)).toHaveAccessibleDescription(m.AuthErrors.passwordMismatch);

  await page.getByLabel(m.SetupForm.confirm).fill(FIRST_START.password);
  await page.getByRole('button', { name: m.SetupForm.submit }).click();
  await expect(page).toHaveURL(`${FIRST_START.url}/fr/settings/packages`);
  await expect(page.getByRole('button', { name: m.LogoutButton.label })).toBeVisible();

  // The URL worked once.
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByText(m.SetupPage.alreadySetUp)).toBeVisible();
  const again = await page.request.post('/api/auth/setup', { data: { token, password: 'someone else’s password', confirmPassword: 'someone else’s password' } });
  expect(again.status()).toBe(409);
  expect(readFileSync(FIRST_START.log, 'utf8')).not.toContain(FIRST_START.password);
});
