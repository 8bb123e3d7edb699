import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, resultValue, saveScreenshot, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/calculators/lease');
  await expect(page.getByRole('heading', { level: 1, name: 'Lease calculator' })).toBeVisible();
});

async function fillLease(page: Page, values: { gross: string; reduction: string; residual: string }) {
  await page.getByLabel('Gross capitalized cost').fill(values.gross);
  await page.getByLabel('Capitalized cost reduction').fill(values.reduction);
  await page.getByLabel('Residual value').fill(values.residual);
  await page.getByLabel('Money factor').fill('0.00125');
  await page.getByLabel('Term').fill('36');
  await page.getByLabel('Sales tax rate').fill('6%');
  await page.getByRole('button', { name: 'Calculate' }).click();
}

test('shows the monthly payment of a lease and how it is made up', async ({ page }) => {
  await fillLease(page, { gross: '$30,000', reduction: '2,000.00', residual: '16500' });

  await expect(resultValue(page, 'Monthly payment')).toHaveText('$397.57');
  await expect(resultValue(page, 'Base monthly payment')).toHaveText('$375.07');
  await expect(resultValue(page, 'Monthly sales tax')).toHaveText('$22.50');
  await expect(resultValue(page, 'Adjusted capitalized cost')).toHaveText('$28,000.00');
  await expect(resultValue(page, 'APR equivalent')).toHaveText('3.00%');
  await expect(
    page.getByText('It is not an annual percentage rate as Regulation Z defines one.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your estimate' })).toBeFocused();

  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'lease');
});

test('refuses a residual value that is not below the adjusted capitalized cost', async ({ page }) => {
  await fillLease(page, { gross: '30000', reduction: '2000', residual: '28000' });

  const residual = page.getByLabel('Residual value');
  await expect(residual).toHaveAttribute('aria-invalid', 'true');
  await expect(residual).toHaveAccessibleDescription(
    /The residual value must be less than the adjusted capitalized cost/,
  );
  await expect(resultValue(page, 'Monthly payment')).toHaveCount(0);
});
