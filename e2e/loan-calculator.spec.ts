import { expect, expectNoAxeViolations, resultValue, saveScreenshot, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/calculators/loan');
  await expect(page.getByRole('heading', { level: 1, name: 'Loan calculator' })).toBeVisible();
});

test('shows the payment, finance charge and full schedule of a loan', async ({ page }) => {
  await page.getByLabel('Amount financed').fill('$20,000.00');
  await page.getByLabel('Annual percentage rate (APR)').fill('5');
  await page.getByLabel('Term').fill('60');
  await page.getByRole('button', { name: 'Calculate' }).click();

  await expect(resultValue(page, 'Monthly payment')).toHaveText('$377.42');
  await expect(resultValue(page, 'Final payment')).toHaveText('$377.74');
  await expect(resultValue(page, 'Finance charge')).toHaveText('$2,645.52');
  await expect(resultValue(page, 'Total of payments')).toHaveText('$22,645.52');
  await expect(resultValue(page, 'Amount financed')).toHaveText('$20,000.00');
  // Focus moves to the result so a screen reader announces it.
  await expect(page.getByRole('heading', { name: 'Your estimate' })).toBeFocused();

  const schedule = page.getByRole('table', { name: 'Payment schedule' });
  await expect(schedule.locator('tbody tr')).toHaveCount(60);
  await expect(schedule.locator('tbody tr').last()).toContainText(/60\s*\$377\.74.*\$0\.00$/);

  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'loan');
});

test('explains bad input beside each field and shows no result', async ({ page }) => {
  const amount = page.getByLabel('Amount financed');
  const apr = page.getByLabel('Annual percentage rate (APR)');
  await amount.fill('12.345');
  await apr.fill('abc');
  await page.getByLabel('Term').fill('60');
  await page.getByRole('button', { name: 'Calculate' }).click();

  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(amount).toHaveAccessibleDescription(/Use at most two digits for cents/);
  await expect(apr).toHaveAttribute('aria-invalid', 'true');
  await expect(apr).toHaveAccessibleDescription(/Enter a percentage with at most four decimals/);
  await expect(page.getByLabel('Term')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText('Use at most two digits for cents, such as 25,000.50.', { exact: true }),
  ).toBeVisible();

  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary.getByRole('link')).toHaveText([
    'Amount financed: Use at most two digits for cents, such as 25,000.50.',
    'Annual percentage rate (APR): Enter a percentage with at most four decimals, such as 6.49.',
  ]);
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(resultValue(page, 'Monthly payment')).toHaveCount(0);
  await expect(page.getByText(/^Enter the amount, APR and term/)).toBeVisible();

  await saveScreenshot(page, 'loan-errors');

  // Each summary entry takes the person to its field.
  await summary.getByRole('link', { name: /^Annual percentage rate/ }).click();
  await expect(apr).toBeFocused();

  // Fixing a field clears its message at once.
  await apr.fill('5');
  await expect(apr).not.toHaveAttribute('aria-invalid', 'true');
});

test('charges nothing for a loan at 0% APR', async ({ page }) => {
  await page.getByLabel('Amount financed').fill('10000');
  await page.getByLabel('Annual percentage rate (APR)').fill('0');
  await page.getByLabel('Term').fill('36');
  await page.getByRole('button', { name: 'Calculate' }).click();

  await expect(resultValue(page, 'Finance charge')).toHaveText('$0.00');
  await expect(resultValue(page, 'Monthly payment')).toHaveText('$277.78');
  await expect(resultValue(page, 'Total of payments')).toHaveText('$10,000.00');
});

test('rejects an amount below the smallest loan with the limit in dollars', async ({ page }) => {
  await page.getByLabel('Amount financed').fill('50');
  await page.getByLabel('Annual percentage rate (APR)').fill('5');
  await page.getByLabel('Term').fill('97');
  await page.getByRole('button', { name: 'Calculate' }).click();

  await expect(page.getByLabel('Amount financed')).toHaveAccessibleDescription(
    /Enter at least \$1,000\.00\./,
  );
  await expect(page.getByLabel('Term')).toHaveAccessibleDescription(/Enter no more than 96 months\./);
});

test('shows the reasons the server gives beside the fields they concern', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/v1/calculators/loan');
  // A server whose rules are stricter than this page's copy of them (say, a newer release).
  await page.route('/api/v1/calculators/loan', (route) =>
    route.fulfill({
      status: 400,
      json: {
        error: {
          code: 'REQUEST.INVALID',
          message: 'Some fields are missing or not valid.',
          fields: { termMonths: 'The term cannot exceed 84 months.' },
        },
      },
    }),
  );
  await page.getByLabel('Amount financed').fill('20000');
  await page.getByLabel('Annual percentage rate (APR)').fill('5');
  await page.getByLabel('Term').fill('96');
  await page.getByRole('button', { name: 'Calculate' }).click();

  await expect(page.getByLabel('Term')).toHaveAccessibleDescription(/The term cannot exceed 84 months\./);
  await expect(page.getByRole('link', { name: 'Term: The term cannot exceed 84 months.' })).toBeVisible();
});

test('says so when the server fails, with the reference to quote', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/v1/calculators/loan');
  await page.route('/api/v1/calculators/loan', (route) =>
    route.fulfill({
      status: 500,
      json: { error: { code: 'INTERNAL', message: 'Something went wrong.', requestId: 'req-123' } },
    }),
  );
  await page.getByLabel('Amount financed').fill('20000');
  await page.getByLabel('Annual percentage rate (APR)').fill('5');
  await page.getByLabel('Term').fill('60');
  await page.getByRole('button', { name: 'Calculate' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Something went wrong on our side.');
  await expect(alert).toContainText('Reference: req-123');
});
