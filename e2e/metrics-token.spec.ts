import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './axe';
import { MESSAGES } from './support';

// The Prometheus metrics token on the Storage health page, in French: created (shown once, in a
// labelled field that takes the focus, announced by a live region), used to scrape /metrics, then
// revoked and refused. axe finds nothing with the token shown or revoked.

const m = MESSAGES.fr.MetricsToken;
const TOKEN = /^pscm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

async function revokeIfAny(page: Page) {
  const revoke = page.getByRole('button', { name: m.revoke });
  if (!(await revoke.isVisible())) return;
  page.once('dialog', (dialog) => void dialog.accept());
  await revoke.click();
  await expect(page.getByText(m.none, { exact: true })).toBeVisible();
}

test('fr: create the metrics token, scrape /metrics with it, revoke it; no WCAG 2.1 AA violations', async ({ page, playwright, baseURL }) => {
  const scraper = await playwright.request.newContext({ baseURL }); // no cookie: Prometheus has none
  try {
    await page.goto('/fr/settings/health');
    await expect(page.getByRole('heading', { level: 2, name: m.title })).toBeVisible();
    await revokeIfAny(page);

    await page.getByRole('button', { name: m.create }).click();
    const field = page.getByRole('textbox', { name: m.tokenLabel });
    await expect(field).toBeFocused();
    const token = await field.inputValue();
    expect(token).toMatch(TOKEN);
    const id = token.slice(0, 'pscm_00000000'.length);
    await expect(page.getByRole('status').filter({ hasText: fill(m.created, { id }) })).toBeVisible();
    await expect(field).toHaveAccessibleDescription(m.shownOnce);
    await expectNoViolations(page);

    expect((await scraper.get('/metrics', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
    expect((await scraper.get('/manage/v1/config/settings', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

    // Shown once: after a reload only its id is left.
    await page.reload();
    await expect(page.getByRole('textbox', { name: m.tokenLabel })).toHaveCount(0);
    await expect(page.getByText(new RegExp(id))).toBeVisible();
    expect(await page.content()).not.toContain(token);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe(m.confirmRevoke);
      void dialog.accept();
    });
    await page.getByRole('button', { name: m.revoke }).click();
    await expect(page.getByRole('status').filter({ hasText: fill(m.revoked, { id }) })).toBeVisible();
    await expect(page.getByText(m.none, { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: m.create })).toBeVisible();
    const refused = await scraper.get('/metrics', { headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr' } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toBe(m.errors.metricsTokenRefused);
    await expectNoViolations(page);
  } finally {
    await scraper.dispose();
  }
});
