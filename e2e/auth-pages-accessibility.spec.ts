import { expect, test } from '@playwright/test';
import { loginPath } from '../lib/auth/return-path';
import { COLOR_SCHEMES, expectNoViolations, expectReflowAt320 } from './axe';
import { escapeRegExp, MESSAGES, TEST_LOCALES } from './support';

// The pages an anonymous visitor sees on the main console (its password is already set). No wrong
// password is ever submitted here: the lockout counter is shared by every test against this console.
// An empty one is safe: it is refused in the browser and, if it got through, the server does not count it.
test.use({ storageState: { cookies: [], origins: [] } });

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Login and setup pages accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of TEST_LOCALES) {
      const m = MESSAGES[locale];

      test(`${locale}: login page has no WCAG 2.1 AA violations, empty and with its error announced on the field`, async ({ page }) => {
        await page.goto(`/${locale}/login`);
        await expect(page.getByRole('heading', { level: 1, name: m.LoginPage.title })).toBeVisible();
        const submit = page.getByRole('button', { name: m.LoginForm.submit });
        await expect(submit).toBeEnabled(); // hydrated
        await expectNoViolations(page);
        await expectReflowAt320(page);

        await submit.click();
        const password = page.getByLabel(m.LoginForm.password);
        // Announced (an alert), tied to the field (its description), and the field is where to fix it.
        await expect(page.getByRole('alert').filter({ hasText: m.AuthErrors.passwordRequired })).toBeVisible();
        await expect(password).toHaveAccessibleDescription(m.AuthErrors.passwordRequired);
        await expect(password).toHaveAttribute('aria-invalid', 'true');
        await expect(password).toBeFocused();
        await expectNoViolations(page);
      });

      test(`${locale}: login notices (session expired, signed out) are announced and pass WCAG 2.1 AA`, async ({ page }) => {
        for (const reason of ['expired', 'signedOut'] as const) {
          await page.goto(loginPath(locale, `/${locale}/settings/runs`, reason));
          await expect(page.getByRole('status').filter({ hasText: m.LoginPage[reason] })).toBeVisible();
          await expect(page.getByRole('button', { name: m.LoginForm.submit })).toBeEnabled();
          await expectNoViolations(page);
        }
      });

      test(`${locale}: setup page once the password is set passes WCAG 2.1 AA`, async ({ page }) => {
        // Even a token-shaped value changes nothing once a password exists.
        for (const query of ['', `?token=${'A'.repeat(43)}`]) {
          await page.goto(`/${locale}/setup${query}`);
          await expect(page.getByRole('heading', { level: 1, name: m.SetupPage.title })).toBeVisible();
          const notice = page.getByRole('status').filter({ hasText: new RegExp(escapeRegExp(m.SetupPage.alreadySetUp)) });
          await expect(notice).toBeVisible();
          await expect(notice.getByRole('link', { name: m.SetupPage.signIn })).toHaveAttribute('href', `/${locale}/login`);
          await expect(page.getByLabel(m.SetupForm.password)).toHaveCount(0);
          await expectNoViolations(page);
        }
      });
    }
  });
}
