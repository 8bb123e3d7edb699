import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { termValue } from './support/account-pages.ts';
import { type NewCustomer, registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * The dashboard, a contract's overview and its schedule, for a new customer of the demo portfolio.
 * The demo contracts' terms follow from their slot (src/demo/demo-data.ts): loan 13 is a Honda
 * Accord, $27,500.00 at 4.99% for 36 months; loan 14 a Toyota Camry, $26,300.00 at 6.49% for 48;
 * lease 25 a Honda, money factor 0.00125 (3.00%), 10,000 miles a year for 24 months; lease 26 a
 * Toyota, 0.00210 (5.04%), 12,000 miles a year for 36 months. Every one has paid on time so far.
 */
const LOANS = {
  desktop: {
    slot: 13,
    contract: 'RIC-3013-2025',
    make: 'Honda Accord',
    financed: '$27,500.00',
    apr: '4.99%',
  },
  phone: { slot: 14, contract: 'RIC-3014-2025', make: 'Toyota Camry', financed: '$26,300.00', apr: '6.49%' },
};
const LEASES = {
  desktop: {
    slot: 25,
    contract: 'LSE-4025-2025',
    factor: '0.00125',
    apr: '3.00%',
    perYear: '10,000',
    total: '20,000',
  },
  phone: {
    slot: 26,
    contract: 'LSE-4026-2025',
    factor: '0.0021',
    apr: '5.04%',
    perYear: '12,000',
    total: '36,000',
  },
};

async function signIn(
  page: Page,
  customer: NewCustomer,
  pageProblems: { allowFailedRequest: (p: string) => void },
) {
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);
}

test('a borrower sees the loan on the dashboard, its terms and its schedule with a chart', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const loan = testInfo.project.name === 'phone' ? LOANS.phone : LOANS.desktop;
  const customer = await registerCustomer(request, loan.slot);
  await signIn(page, customer, pageProblems);

  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: loan.contract });
  await expect(card.getByRole('heading', { level: 3 })).toContainText(loan.make);
  await expect(card.getByText('Next payment')).toBeVisible();
  await expect(card.getByRole('link', { name: `AutoPay for ${loan.contract}` })).toHaveText('Off');
  await expect(card.getByRole('link', { name: 'Make a payment' })).toHaveAttribute(
    'href',
    `/payments/new?account=${loan.contract}`,
  );
  await expect(card.locator('.past-due')).toHaveCount(0);
  await expect(page.getByText('You have no notices.')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-dashboard');

  await card.getByRole('link', { name: `View account ${loan.contract}` }).click();
  await expect(page).toHaveURL(`/accounts/${loan.contract}`);
  await expect(page.getByRole('heading', { level: 1, name: `Account ${loan.contract}` })).toBeVisible();
  await expect(page.locator('.contract-summary')).toContainText(loan.make);
  await expect(termValue(page, 'Amount financed')).toHaveText(loan.financed);
  await expect(termValue(page, 'Annual percentage rate (APR)')).toHaveText(loan.apr);
  await expect(termValue(page, 'Principal balance')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByText('How much interest your balance earns each day.')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-loan-overview');

  await page
    .getByRole('navigation', { name: 'Account pages' })
    .getByRole('link', { name: 'Schedule' })
    .click();
  await expect(page).toHaveURL(`/accounts/${loan.contract}/schedule`);
  await expect(page.getByRole('img', { name: /Chart: your loan balance/ })).toBeVisible();
  await expect(page.locator('.schedule-chart .recharts-line')).toHaveCount(2);
  const table = page.getByRole('table', { name: `Installments of account ${loan.contract}` });
  await expect(table.getByRole('row')).toHaveCount(1 + (loan.slot === 13 ? 36 : 48));
  const first = table.getByRole('row').nth(1);
  await expect(first.getByRole('cell').last()).toHaveText('Paid');
  await expect(page.getByText('Paid to interest')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-loan-schedule');
});

test('a lessee sees the lease terms: money factor, its APR equivalent and the mileage allowance', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const lease = testInfo.project.name === 'phone' ? LEASES.phone : LEASES.desktop;
  const customer = await registerCustomer(request, lease.slot);
  await signIn(page, customer, pageProblems);

  await page.getByRole('link', { name: `View account ${lease.contract}` }).click();
  await expect(termValue(page, 'Money factor')).toHaveText(lease.factor);
  await expect(termValue(page, 'APR equivalent')).toHaveText(lease.apr);
  await expect(termValue(page, 'Mileage allowance per year')).toHaveText(`${lease.perYear} miles`);
  await expect(termValue(page, 'Mileage allowance for the lease')).toHaveText(`${lease.total} miles`);
  await expect(termValue(page, 'Excess mileage charge')).toHaveText('$0.25 per mile');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-lease-overview');

  await page
    .getByRole('navigation', { name: 'Account pages' })
    .getByRole('link', { name: 'Schedule' })
    .click();
  await expect(page.getByRole('img', { name: /Chart: your lease balance/ })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Est. rent charge' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-lease-schedule');
});
