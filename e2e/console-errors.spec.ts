import { expect, test, type Page } from '@playwright/test';
import { TEST_LOCALES } from './support';

// Every page as a browser loads it, signed in and not: nothing in the browser console, no failed
// request, no error status, and the icons browsers ask for are there (not a redirect to sign in).

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // The router cancels link prefetches (RSC requests) it no longer needs: the browser's own doing, not a failure.
    if (error === 'net::ERR_ABORTED' && request.headers()['rsc'] === '1') return;
    problems.push(`failed: ${request.url()} ${error}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

async function expectCleanLoad(page: Page, path: string): Promise<void> {
  const problems = watch(page);
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('load');
  // Headless Chromium never asks for the icon by itself; a browser with a window does, on every page.
  const icons = await page.evaluate(async () =>
    Promise.all(['/favicon.ico', '/apple-touch-icon.png'].map(async (url) => {
      const response = await fetch(url);
      return { url, status: response.status, redirected: response.redirected, type: response.headers.get('content-type') };
    })),
  );
  expect(icons, path).toEqual([
    { url: '/favicon.ico', status: 200, redirected: false, type: expect.stringMatching(/^image\//) },
    { url: '/apple-touch-icon.png', status: 200, redirected: false, type: 'image/png' },
  ]);
  expect(problems, path).toEqual([]);
}

test.describe('browser console, signed in', () => {
  for (const locale of TEST_LOCALES) {
    for (const section of ['settings/packages', 'settings/runs']) {
      test(`/${locale}/${section} loads without an error`, async ({ page }) => {
        await expectCleanLoad(page, `/${locale}/${section}`);
      });
    }
  }
});

test.describe('browser console, signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  for (const locale of TEST_LOCALES) {
    for (const section of ['login', 'setup']) {
      test(`/${locale}/${section} loads without an error`, async ({ page }) => {
        await expectCleanLoad(page, `/${locale}/${section}`);
      });
    }
  }
});
