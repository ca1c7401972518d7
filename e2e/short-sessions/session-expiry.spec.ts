import { expect, test } from '@playwright/test';
import { FIRST_START } from '../servers';
import { createBucket, fillStorage, labels, MESSAGES, runSucceeded, s3 } from '../support';
import { signIn, signInFresh } from './support';

// This console runs with CONSOLE_SESSION_IDLE_SECONDS=4 and CONSOLE_SESSION_ABSOLUTE_SECONDS=10.
test.use({ storageState: { cookies: [], origins: [] } });

const m = MESSAGES.en;
const idleMs = FIRST_START.idleSeconds * 1000;
const absoluteMs = FIRST_START.absoluteSeconds * 1000;

test('ends an idle session, says so, and returns to the page after signing in again', async ({ page }) => {
  await signInFresh(page, 'en');
  await page.goto('/en/settings/packages?view=all');
  await expect(page.getByRole('button', { name: m.SaveSettingsPanel.save })).toBeEnabled();

  await page.waitForTimeout(idleMs + 1000);
  expect((await page.request.get('/api/settings/packages')).status()).toBe(401);
  await page.reload();
  await expect(page).toHaveURL(`${FIRST_START.url}/en/login?next=${encodeURIComponent('/en/settings/packages?view=all')}&reason=expired`);
  await expect(page.getByRole('status').filter({ hasText: m.LoginPage.expired })).toBeVisible();

  await signIn(page, 'en');
  await expect(page).toHaveURL(`${FIRST_START.url}/en/settings/packages?view=all`);
});

test('a Save after the session ended keeps the form and offers to sign in again in a new tab', async ({ page, context }) => {
  const bucket = await createBucket('e2e-expired-save');
  const save = page.getByRole('button', { name: m.SaveSettingsPanel.save });
  await signInFresh(page, 'en');
  await expect(save).toBeEnabled();
  await fillStorage(page, 'en', { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: s3.secretKey });
  await page.waitForTimeout(idleMs + 1000);
  await save.click();

  const alert = page.getByRole('alert').filter({ hasText: m.PackagesSettingsForm.sessionEnded });
  await expect(alert).toBeVisible();
  await expect(page.getByLabel(labels('en').bucket)).toHaveValue(bucket);
  const link = alert.getByRole('link', { name: m.PackagesSettingsForm.signInAgain });
  await expect(link).toHaveAttribute('target', '_blank');
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(tab.getByRole('status').filter({ hasText: m.LoginPage.expired })).toBeVisible();
  await signIn(tab, 'en');
  await expect(tab).toHaveURL(`${FIRST_START.url}/en/settings/packages`);

  // Back in the first tab, nothing was retyped: the same form saves now.
  await page.bringToFront();
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: runSucceeded('en') }).first()).toBeVisible();
});

test('keeps a busy session alive, but not past the absolute limit', async ({ page }) => {
  await signInFresh(page, 'en');
  const signedInAt = Date.now();
  // One request a second keeps the 4-second idle timer from running out...
  while (Date.now() - signedInAt < absoluteMs - 2000) {
    expect((await page.request.get('/api/settings/packages')).status()).toBe(200);
    await page.waitForTimeout(1000);
  }
  // ...until 10 seconds after signing in, whatever the activity.
  await page.waitForTimeout(Math.max(0, signedInAt + absoluteMs + 500 - Date.now()));
  expect((await page.request.get('/api/settings/packages')).status()).toBe(401);
  await page.goto('/en/settings/packages');
  await expect(page).toHaveURL(`${FIRST_START.url}/en/login?reason=expired`);
});
