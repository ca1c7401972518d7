import { expect, test as setup } from '@playwright/test';
import { MAIN, STORAGE_STATE } from './servers';
import { MESSAGES } from './support';

// Signs in once through the real login page; the `console` specs start from this session.
setup('signs in as the root site administrator', async ({ page }) => {
  const m = MESSAGES.en;
  await page.goto('/en/settings/packages');
  await expect(page).toHaveURL(/\/en\/login$/);
  await page.getByLabel(m.LoginForm.password).fill(MAIN.password);
  await page.getByRole('button', { name: m.LoginForm.submit }).click();
  await expect(page).toHaveURL(/\/en\/settings\/packages$/);
  await expect(page.getByRole('button', { name: m.LogoutButton.label })).toBeVisible();
  await page.context().storageState({ path: STORAGE_STATE });
});
