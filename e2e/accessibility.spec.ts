import { expect, test, type Page } from '@playwright/test';
import { COLOR_SCHEMES, expectFieldBoundaryContrast, expectNoViolations, expectReflowAt320 } from './axe';
import { createBucket, fillStorage, labels, MESSAGES, runSucceeded, s3, startDisabled, TEST_LOCALES } from './support';

for (const colorScheme of COLOR_SCHEMES) {
  test.describe(`Packages page accessibility (${colorScheme})`, () => {
    test.use({ colorScheme });

    for (const locale of TEST_LOCALES) {
      test(`${locale}: no WCAG 2.1 AA violations, empty, with field errors and with check results`, async ({ page }) => {
        const l = labels(locale);
        await startDisabled(page, locale);
        await page.getByText(MESSAGES[locale].PackagesSettingsForm.advanced).click();
        await expectNoViolations(page);
        await expectFieldBoundaryContrast(page.getByLabel(l.bucket));
        await expectReflowAt320(page);

        await fillStorage(page, locale, { serviceUrl: 'http://s3.example.com', bucket: 'Bad_Bucket', accessKey: 'ab', secretKey: '' });
        await page.getByRole('button', { name: l.save }).click();
        await expect(page.getByLabel(l.bucket)).toHaveAttribute('aria-invalid', 'true');
        await expectNoViolations(page);

        const bucket = await createBucket(`e2e-a11y-${locale}`);
        await fillStorage(page, locale, { serviceUrl: s3.endpoint, bucket, accessKey: s3.accessKey, secretKey: 'wrong-secret-for-a-failing-table-000000' });
        await page.getByRole('button', { name: l.test }).click();
        await expect(page.getByRole('table')).toBeVisible();
        await expectNoViolations(page);
      });
    }
  });
}

/** Presses Tab until `target` has focus, failing if it is not reached: the Tab order must lead there. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, maxPresses = 40) {
  for (let i = 0; i < maxPresses; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function expectVisibleFocus(page: Page) {
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThan(0);
}

test('the whole flow works by keyboard alone: fill, test storage, save, read the result', async ({ page }) => {
  const locale = 'en';
  const l = labels(locale);
  const m = MESSAGES[locale];
  const bucket = await createBucket('e2e-keyboard');
  await startDisabled(page, locale);

  const enable = page.getByRole('checkbox', { name: l.enable });
  await tabTo(page, enable);
  await expectVisibleFocus(page);
  await page.keyboard.press('Space');
  await expect(enable).toBeChecked();

  for (const [label, value] of [[l.serviceUrl, s3.endpoint], [l.bucket, bucket], [l.accessKey, s3.accessKey], [l.secretKey, s3.secretKey]] as const) {
    const field = page.getByLabel(label);
    await tabTo(page, field as never);
    await expectVisibleFocus(page);
    await page.keyboard.type(value);
  }

  const testButton = page.getByRole('button', { name: l.test });
  await tabTo(page, testButton);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByText(m.S3Storage.passed.replace('{subject}', bucket))).toBeVisible();

  const save = page.getByRole('button', { name: l.save });
  await tabTo(page, save);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  // Save settings starts a configuration run; its outcome is announced in a live status region.
  const runStatus = page.getByRole('region', { name: m.ConfigRunProgress.title }).getByRole('status');
  await expect(runStatus).toHaveText(runSucceeded(locale), { timeout: 30_000 });
  // Announced once: no second live region repeats the outcome.
  await expect(page.getByRole('status').filter({ hasText: runSucceeded(locale) })).toHaveCount(1);
});
