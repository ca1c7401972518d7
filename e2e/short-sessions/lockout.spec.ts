import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { FIRST_START } from '../servers';
import { MESSAGES } from '../support';
import { signIn } from './support';

test.use({ storageState: { cookies: [], origins: [] } });

const m = MESSAGES.zh;
const lockedTenMinutes = m.AuthErrors.locked.replace('{minutes}', '10');

test('locks sign-in after 10 wrong passwords, says when to retry, and `cli unlock` reopens it', async ({ page }) => {
  await page.goto('/zh/login');
  // The lock runs ten minutes from the failures that caused it: the first of them is at most this old.
  const failingSince = Date.now();
  for (let attempt = 1; attempt <= 9; attempt += 1) {
    await signIn(page, 'zh', `wrong password number ${attempt}`);
    await expect(page.getByRole('alert').filter({ hasText: m.AuthErrors.wrongPassword })).toBeVisible();
  }
  await signIn(page, 'zh', 'wrong password number 10');
  await expect(page.getByRole('alert').filter({ hasText: lockedTenMinutes })).toBeVisible();

  // Locked means locked: the right password is refused too, and the page says so when it loads.
  await signIn(page, 'zh');
  await expect(page.getByRole('alert').filter({ hasText: lockedTenMinutes })).toBeVisible();
  await expect(page).toHaveURL(/\/zh\/login$/);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: lockedTenMinutes })).toBeVisible();
  const api = await page.request.post('/api/auth/login', { headers: { 'accept-language': 'en' }, data: { password: FIRST_START.password } });
  expect(api.status()).toBe(429);
  // Ten minutes from the failures, whatever a loaded machine took since: no more, and at most a second less.
  const leftSeconds = 600 - (Date.now() - failingSince) / 1000;
  expect(Number(api.headers()['retry-after'])).toBeGreaterThanOrEqual(Math.floor(leftSeconds) - 1);
  expect(Number(api.headers()['retry-after'])).toBeLessThanOrEqual(600);
  expect(await api.json()).toMatchObject({ message: MESSAGES.en.AuthErrors.locked.replace(/\{minutes, plural.*\}\}/, '10 minutes'), retryAfterSeconds: expect.any(Number) });

  // The operator's way out, against the running console.
  const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'cli', '--', 'unlock'], {
    env: { ...process.env, CONSOLE_DATA_DIR: FIRST_START.dataDir },
    timeout: 30_000,
  });
  expect(stdout).toContain('10 recent failed attempts');
  await page.goto('/zh/login');
  await signIn(page, 'zh');
  await expect(page).toHaveURL(`${FIRST_START.url}/zh/settings/packages`);
});
