import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { MAIN } from './servers';
import { HTML_LANG, MESSAGES, TEST_LOCALES, type TestLocale } from './support';

// Fresh contexts: no stored session.
test.use({ storageState: { cookies: [], origins: [] } });

/** Collects what the browser reports about blocked scripts or styles (CSP) while a test runs. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function submitPassword(page: Page, locale: TestLocale, password: string) {
  const m = MESSAGES[locale];
  await page.getByLabel(m.LoginForm.password).fill(password);
  await page.getByRole('button', { name: m.LoginForm.submit }).click();
}

for (const locale of TEST_LOCALES) {
  const m = MESSAGES[locale];

  test(`signs in (${locale}) and returns to the page that was asked for`, async ({ page }) => {
    const violations = watchCsp(page);
    await page.goto(`/${locale}/settings/packages?view=all`);
    await expect(page).toHaveURL(`${MAIN.url}/${locale}/login?next=${encodeURIComponent(`/${locale}/settings/packages?view=all`)}`);
    await expect(page.locator('html')).toHaveAttribute('lang', HTML_LANG[locale]);
    await expect(page.getByRole('heading', { level: 1, name: m.LoginPage.title })).toBeVisible();
    await expect(page.getByRole('button', { name: m.LogoutButton.label })).toHaveCount(0);

    await submitPassword(page, locale, 'not the root password');
    await expect(page.getByRole('alert').filter({ hasText: m.AuthErrors.wrongPassword })).toBeVisible();
    await expect(page.getByLabel(m.LoginForm.password)).toBeFocused();

    await submitPassword(page, locale, MAIN.password);
    await expect(page).toHaveURL(`${MAIN.url}/${locale}/settings/packages?view=all`);
    await expect(page.getByRole('button', { name: m.SaveSettingsPanel.save })).toBeEnabled(); // hydrated under the CSP
    await expect(page.getByRole('button', { name: m.LogoutButton.label })).toBeVisible();
    expect(violations).toEqual([]);
  });
}

test('never follows a return target off the console', async ({ page }) => {
  await page.goto(`/en/login?next=${encodeURIComponent('//evil.example/en/settings/packages')}`);
  await submitPassword(page, 'en', MAIN.password);
  await expect(page).toHaveURL(`${MAIN.url}/en/settings/packages`);

  const api = await page.request.post('/api/auth/login', { data: { password: MAIN.password, next: 'https://evil.example/' } });
  expect(await api.json()).toEqual({ redirectTo: '/en/settings/packages' });
});

test('sets a strict, httpOnly session cookie; signing out ends the session and its copies', async ({ page, context }) => {
  const m = MESSAGES.fr;
  await page.goto('/fr/login');
  await submitPassword(page, 'fr', MAIN.password);
  await expect(page).toHaveURL(`${MAIN.url}/fr/settings/packages`);
  const session = (await context.cookies()).find((cookie) => cookie.name === 'console_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('console_session');

  await page.getByRole('button', { name: m.LogoutButton.label }).click();
  await expect(page).toHaveURL(`${MAIN.url}/fr/login?reason=signedOut`);
  await expect(page.getByRole('status').filter({ hasText: m.LoginPage.signedOut })).toBeVisible();
  await page.goto('/fr/settings/packages');
  await expect(page).toHaveURL(`${MAIN.url}/fr/login`);

  // A copy of the cookie taken before signing out is refused too (revoked on the server).
  const copy = await playwrightRequest.newContext({ baseURL: MAIN.url, extraHTTPHeaders: { cookie: `console_session=${session?.value}`, 'accept-language': 'fr' } });
  const replay = await copy.get('/api/settings/packages');
  expect(replay.status()).toBe(401);
  expect(await replay.json()).toEqual({ message: m.AuthErrors.unauthenticated, errors: [] });
  await copy.dispose();
});

test('answers API calls without a session with 401 in the caller language', async ({ request }) => {
  for (const locale of TEST_LOCALES) {
    const response = await request.put('/api/settings/packages', { headers: { 'accept-language': locale }, data: { enabled: false, version: 0 } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ message: MESSAGES[locale].AuthErrors.unauthenticated, errors: [] });
  }
});
