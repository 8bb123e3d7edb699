import type { Page } from '@playwright/test';
import { expect } from '../fixtures.ts';

/**
 * At a phone's width the page itself never scrolls sideways (a wide table scrolls in its own
 * region, or its rows become cards). The page's width is measured against the phone's (a phone
 * zooms out to show a page wider than it), at the project's width and at 390 px, a common phone's.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  for (const width of [viewport.width, 390]) {
    await page.setViewportSize({ width, height: viewport.height });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(width);
  }
  await page.setViewportSize(viewport);
}
