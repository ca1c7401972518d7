import { expect, test as setup, type Page } from '@playwright/test';
import { MAIN, SECOND, SECOND_STORAGE_STATE, STORAGE_STATE } from './servers';
import { MESSAGES } from './support';

// Signs in once through the real login page of each seeded console; its specs start from this session.
async function signInAndKeep(page: Page, url: string, password: string, statePath: string) {
  const m = MESSAGES.en;
  await page.goto(`${url}/en/settings/packages`);
  await expect(page).toHaveURL(/\/en\/login$/);
  await page.getByLabel(m.LoginForm.password).fill(password);
  await page.getByRole('button', { name: m.LoginForm.submit }).click();
  await expect(page).toHaveURL(/\/en\/settings\/packages$/);
  await expect(page.getByRole('button', { name: m.LogoutButton.label })).toBeVisible();
  await page.context().storageState({ path: statePath });
}

setup('signs in as the root site administrator', async ({ page }) => {
  await signInAndKeep(page, MAIN.url, MAIN.password, STORAGE_STATE);
});

setup('signs in as the root site administrator of the second console', async ({ page }) => {
  await signInAndKeep(page, SECOND.url, SECOND.password, SECOND_STORAGE_STATE);
});
