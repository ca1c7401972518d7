import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

// The issue's bar: WCAG 2.1 A and AA, nothing switched off. Each violation is listed with the
// elements it hit, so a failure says where to look without opening a trace.
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Both schemes the console follows (prefers-color-scheme): contrast must hold in each. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;

export async function expectNoViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n').slice(1).join(' ').trim()})`).join(', ')}`)).toEqual([]);
}

/**
 * WCAG 1.4.10 (reflow), which axe does not test: at 320 CSS px the page must not scroll sideways
 * (a data table may, inside its own region), and nothing may spill out of its background.
 */
export async function expectReflowAt320(page: Page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoViolations(page);
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

/**
 * WCAG 1.4.11 (non-text contrast), which axe does not test: a text field is found by its border, so
 * the border must stand 3:1 against the background around the field.
 */
export async function expectFieldBoundaryContrast(field: Locator) {
  const ratio = await field.evaluate((element) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const [lr, lg, lb] = [r, g, b].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
    };
    let around: Element | null = element.parentElement;
    while (around && (rgb(getComputedStyle(around).backgroundColor)[3] ?? 1) === 0) around = around.parentElement;
    const border = luminance(rgb(getComputedStyle(element).borderTopColor));
    const background = luminance(rgb(getComputedStyle(around ?? document.body).backgroundColor));
    return (Math.max(border, background) + 0.05) / (Math.min(border, background) + 0.05);
  });
  expect(ratio).toBeGreaterThanOrEqual(3);
}
