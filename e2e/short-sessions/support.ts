import { expect, type Page } from '@playwright/test';
import { FIRST_START } from '../servers';
import { MESSAGES, type TestLocale } from '../support';

/** Signs in on the first-start console (its password was set by first-start.spec.ts). */
export async function signIn(page: Page, locale: TestLocale, password = FIRST_START.password) {
  const m = MESSAGES[locale];
  await page.getByLabel(m.LoginForm.password).fill(password);
  await page.getByRole('button', { name: m.LoginForm.submit }).click();
}

export async function signInFresh(page: Page, locale: TestLocale) {
  await page.goto(`/${locale}/login`);
  await signIn(page, locale);
  await expect(page).toHaveURL(`${FIRST_START.url}/${locale}/settings/packages`);
}
