import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

type PageProblems = {
  /** Lets a test expect the browser's "Failed to load resource" report for an API answer it provokes. */
  allowFailedRequest: (path: string) => void;
};

/**
 * Every test fails on a console error, an uncaught exception or a Content-Security-Policy
 * violation in the page, so an inline style or script slipping into the app cannot go unnoticed.
 */
export const test = base.extend<{ pageProblems: PageProblems }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const allowedPaths: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`,
          );
        });
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const { url } = message.location();
        const isAllowed =
          message.text().startsWith('Failed to load resource') &&
          allowedPaths.some((path) => new URL(url).pathname === path);
        if (!isAllowed) problems.push(`${message.text()} (${url})`);
      });
      page.on('pageerror', (error) => problems.push(`Uncaught ${error.name}: ${error.message}`));
      await use({ allowFailedRequest: (path) => allowedPaths.push(path) });
      expect(problems, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Fails with the list of WCAG 2.2 A/AA rules axe finds broken on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    // react-aria's announcer: for 7 s after a pending button finishes it keeps an entry labelled by
    // that button, already read out; once the button is gone (the page moved on) axe sees an image
    // without a name. Screen readers never revisit it, so it is no barrier.
    .exclude('[data-live-announcer]')
    .analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}

/** Saves a full-page screenshot for people to look at: `.artifacts/screenshots/<name>-<project>.png`. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: `.artifacts/screenshots/${name}-${test.info().project.name}.png`,
    fullPage: true,
  });
}

/** The value shown for a label in a result (`<dt>label</dt><dd>value</dd>`). */
export function resultValue(page: Page, label: string): Locator {
  return page
    .getByRole('region', { name: 'Your estimate' })
    .locator('dt')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** Presses Tab (or `key`) until `target` has focus, as a keyboard user would; fails if it never does. */
export async function tabTo(page: Page, target: Locator, maxPresses = 25, key = 'Tab'): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The main navigation, opened first on narrow screens where it folds behind the Menu button. */
export async function openNavigation(page: Page): Promise<Locator> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) {
    // The menu folds after each page change; wait for that before opening it again.
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    // From the page's heading, where focus lands after a navigation, the Menu button is the header's
    // last control, a Shift+Tab away however long the page is.
    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, menu, 5, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
  return page.getByRole('navigation', { name: 'Main' });
}
