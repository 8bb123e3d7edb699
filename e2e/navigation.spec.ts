import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, tabTo, test } from './fixtures.ts';

test('the skip link takes keyboard users past the header to the content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skipLink = page.getByRole('link', { name: 'Skip to content' });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeInViewport();

  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Open the loan calculator' })).toBeFocused();
});

test('the home page introduces the calculators and passes axe', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Plan your car payments · Autofin');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Open the lease calculator' })).toHaveAttribute(
    'href',
    '/calculators/lease',
  );
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'home');
});

test('reaches both calculators through the main navigation by keyboard', async ({ page }) => {
  await page.goto('/');

  let navigation = await openNavigation(page);
  await tabTo(page, navigation.getByRole('link', { name: 'Loan calculator' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/calculators/loan');
  // Focus lands on the new page's heading, as after a full page load a screen reader would start there.
  await expect(page.getByRole('heading', { level: 1, name: 'Loan calculator' })).toBeFocused();
  await expect(page).toHaveTitle('Loan calculator · Autofin');

  navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Loan calculator' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await tabTo(page, navigation.getByRole('link', { name: 'Lease calculator' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/calculators/lease');
  await expect(page.getByRole('heading', { level: 1, name: 'Lease calculator' })).toBeFocused();
});

test('the menu folds away on a phone and opens on demand', async ({ page, isMobile }) => {
  test.skip(!isMobile, 'Wide screens show the navigation without a menu.');
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: 'Lease calculator', exact: true })).toBeHidden();

  await menu.tap();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await saveScreenshot(page, 'menu-open');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).tap();
  await expect(page).toHaveURL('/sign-in');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
});

test('an unknown address shows a page-not-found page with a way home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan your car payments' })).toBeVisible();
});

for (const path of ['/', '/calculators/loan', '/calculators/lease', '/sign-in', '/no/such/page']) {
  test(`${path} loads with no console error and no CSP violation`, async ({ page }) => {
    // The pageProblems fixture fails the test on any; this makes sure each page really rendered.
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('contentinfo')).toContainText('Autofin — open-source auto-finance portal.');
  });
}
