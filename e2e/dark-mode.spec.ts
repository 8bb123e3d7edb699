import { expect, expectNoAxeViolations, resultValue, saveScreenshot, test } from './fixtures.ts';

test.use({ colorScheme: 'dark' });

test('the dark theme keeps errors and a loan result readable', async ({ page }) => {
  await page.goto('/calculators/loan');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await expect(page.getByRole('link', { name: /^Amount financed:/ })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Amount financed').fill('20000');
  await page.getByLabel('Annual percentage rate (APR)').fill('5');
  await page.getByLabel('Term').fill('60');
  await page.getByRole('button', { name: 'Calculate' }).click();
  await expect(resultValue(page, 'Monthly payment')).toHaveText('$377.42');

  // axe checks text contrast against the dark colours too.
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'loan-dark');
});
