import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { addDays, calendarDate } from '../src/core/dates.ts';
import { cents, formatUsd } from '../src/core/money.ts';
import { checkVin } from '../src/core/vin.ts';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { chooseGoodThrough, downloadPdfText, longDate, termValue } from './support/account-pages.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * Issue 5: one borrower's journey through every page of the account, at desktop width and on a
 * 390 px phone, checking on each page the figures a customer would check and that axe finds no
 * WCAG violation. The loans' terms follow from their slot (src/demo/demo-data.ts); every demo
 * customer has paid each installment on its due date, so the paid installments, the payments in the
 * activity and the balance all follow from the terms and today's date.
 */
const LOANS = {
  desktop: {
    slot: 19,
    contract: 'RIC-3019-2025',
    vehicle: 'Honda Accord EX',
    wmi: '1HG',
    financed: '$27,000.00',
    apr: '7.25%',
    financeCharge: '$5,269.40',
    totalOfPayments: '$32,269.40',
    term: '60 months',
    installments: 60,
    paymentCents: 53_782,
    finalPaymentCents: 53_802,
    csvPayment: '-537.82',
  },
  phone: {
    slot: 20,
    contract: 'RIC-3020-2025',
    vehicle: 'Toyota Camry SE',
    wmi: '4T1',
    financed: '$25,800.00',
    apr: '0.9%',
    financeCharge: '$712.54',
    totalOfPayments: '$26,512.54',
    term: '72 months',
    installments: 72,
    paymentCents: 36_823,
    finalPaymentCents: 36_821,
    csvPayment: '-368.23',
  },
};

// The phone project is 360 px wide; the issue asks for a 390 px phone (touch and mobile kept).
test.use({
  viewport: async ({ isMobile }, use, testInfo) =>
    use(isMobile ? { width: 390, height: 844 } : (testInfo.project.use.viewport ?? null)),
});

const usd = (amount: number) => formatUsd(cents(amount));

/** The value beside a label in a `<dl>` of facts (the dashboard card, the schedule totals). */
const fact = (scope: Locator, label: string) =>
  scope.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');

const openAccountPage = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Account pages' }).getByRole('link', { name, exact: true }).click();

type Quote = { quoteDate: string; payoffCents: number; perDiemCents: number | null };

/** The quote the API gives this session for a date, to compare the page with. */
async function apiQuote(page: Page, contractNumber: string, date?: string): Promise<Quote> {
  const res = await page.request.get(
    `/api/v1/accounts/${contractNumber}/payoff${date ? `?date=${date}` : ''}`,
  );
  expect(res.ok()).toBe(true);
  return (await res.json()) as Quote;
}

test('a borrower goes through every page of the account, downloads the activity and the payoff letter, and moves house', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  test.setTimeout(300_000);
  const loan = testInfo.project.name === 'phone' ? LOANS.phone : LOANS.desktop;
  expect(page.viewportSize()?.width).toBe(testInfo.project.name === 'phone' ? 390 : 1280);
  // Other specs fail sign-ins from this address, so the page may first meet the proof-of-work challenge.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const customer = await registerCustomer(request, loan.slot);
  await signInThroughPage(page, customer);

  // Dashboard: the loan's card with its balance, next payment and last payment.
  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
  const card = page.getByRole('listitem').filter({ hasText: loan.contract });
  await expect(card.getByRole('heading', { level: 3 })).toContainText(loan.vehicle);
  const balance = fact(card, 'Balance');
  await expect(balance).toHaveText(/^\$[\d,]+\.\d\d$/);
  const balanceText = (await balance.textContent()) ?? '';
  await expect(fact(card, 'Next payment')).toContainText(`${usd(loan.paymentCents)} due`);
  await expect(fact(card, 'Last payment')).toContainText(`${usd(loan.paymentCents)} on`);
  const nextDueDate = await fact(card, 'Next payment').locator('time').getAttribute('datetime');
  const lastPaidDate = await fact(card, 'Last payment').locator('time').getAttribute('datetime');
  expect(nextDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-dashboard');

  // Overview: the terms as disclosed, and the same balance as the dashboard.
  await card.getByRole('link', { name: `View account ${loan.contract}` }).click();
  await expect(page).toHaveURL(`/accounts/${loan.contract}`);
  await expect(page.getByRole('heading', { level: 1, name: `Account ${loan.contract}` })).toBeVisible();
  await expect(page.locator('.contract-summary')).toContainText(`Balance: ${balanceText}`);
  await expect(termValue(page, 'Amount financed')).toHaveText(loan.financed);
  await expect(termValue(page, 'Annual percentage rate (APR)')).toHaveText(loan.apr);
  await expect(termValue(page, 'Finance charge')).toHaveText(loan.financeCharge);
  await expect(termValue(page, 'Total of payments')).toHaveText(loan.totalOfPayments);
  await expect(termValue(page, 'Term')).toHaveText(loan.term);
  await expect(termValue(page, 'Principal balance')).toHaveText(balanceText);
  await expect(termValue(page, 'Past due')).toHaveText('$0.00');
  await expectNoAxeViolations(page);

  // Schedule: every installment in the table the chart points to, paid up to the last payment.
  await openAccountPage(page, 'Schedule');
  await expect(page).toHaveURL(`/accounts/${loan.contract}/schedule`);
  await expect(
    page.getByRole('img', { name: /^Chart: your loan balance .* Every figure is in the table below\.$/ }),
  ).toBeVisible();
  const installments = page
    .getByRole('table', { name: `Installments of account ${loan.contract}` })
    .locator('tbody tr');
  await expect(installments).toHaveCount(loan.installments);
  const scheduled = (row: Locator) => row.getByRole('cell').nth(1);
  await expect(scheduled(installments.first())).toHaveText(usd(loan.paymentCents));
  await expect(scheduled(installments.last())).toHaveText(usd(loan.finalPaymentCents));
  const paid = installments.filter({ has: page.locator('.installment-status--paid') });
  const paidCount = await paid.count();
  expect(paidCount).toBeGreaterThan(0);
  // Paid in order: the first unpaid installment is the next payment the dashboard showed.
  await expect(installments.nth(paidCount).locator('th time')).toHaveAttribute('datetime', nextDueDate ?? '');
  await expect(paid.last().locator('th time')).toHaveAttribute('datetime', lastPaidDate ?? '');
  await expect(paid.last().getByRole('cell').nth(9)).toHaveText(balanceText);
  await expect(fact(page.locator('.schedule-totals'), 'Total paid')).toHaveText(
    usd(paidCount * loan.paymentCents),
  );
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-schedule');

  // Activity: interest and payments; then payments only (one per paid installment); then two dates.
  await openAccountPage(page, 'Activity');
  const rows = page.getByRole('table', { name: `Activity on account ${loan.contract}` }).locator('tbody tr');
  const ofType = (type: string) =>
    rows.filter({ has: page.locator('td strong', { hasText: new RegExp(`^${type}$`) }) });
  await expect(ofType('Interest').first()).toBeVisible();
  await expect(ofType('Payment').first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: /Type$/ }).click();
  await page.getByRole('option', { name: 'Payment', exact: true }).click();
  await page.getByRole('button', { name: 'Show activity' }).click();
  await expect(page).toHaveURL(/type=payment/);
  await expect(rows).toHaveCount(paidCount);
  await expect(ofType('Payment')).toHaveCount(paidCount);
  await expect(page.getByText(`Showing ${paidCount} transactions.`)).toBeVisible();
  const amount = (row: Locator) => row.getByRole('cell').nth(1);
  for (const row of await rows.all()) await expect(amount(row)).toHaveText(usd(-loan.paymentCents));

  const dates = await rows
    .locator('th time')
    .evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
  expect(dates[0]).toBe(lastPaidDate);
  const [newest, secondNewest] = dates as [string, string];
  await page.getByLabel('From', { exact: true }).fill(secondNewest);
  await page.getByLabel('To', { exact: true }).fill(newest);
  await page.getByRole('button', { name: 'Show activity' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${secondNewest}`));
  await expect(page).toHaveURL(new RegExp(`to=${newest}`));
  await expect(rows).toHaveCount(2);
  await expect(page.getByText('Showing 2 transactions.')).toBeVisible();
  await expect(rows.nth(0).locator('th time')).toHaveAttribute('datetime', newest);
  await expect(rows.nth(1).locator('th time')).toHaveAttribute('datetime', secondNewest);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-activity');

  // The CSV: the same two payments as the table, amounts as plain negative decimals.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const records: string[][] = parse(await readFile(await download.path()), { bom: true });
  expect(records[0]).toEqual([
    'Date',
    'Type',
    'Description',
    'Reference',
    'Amount',
    'Interest',
    'Principal',
    'Fees',
    'Unapplied',
    'Lease payments',
    'Sales tax',
    'Paid by',
  ]);
  expect(records.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
    [newest, 'payment', loan.csvPayment],
    [secondNewest, 'payment', loan.csvPayment],
  ]);

  // Payoff: the amount for a good-through date ten days out, with its per diem, and the letter.
  await openAccountPage(page, 'Payoff');
  const payoff = page.getByTestId('payoff-amount');
  const today = await apiQuote(page, loan.contract);
  await expect(payoff).toHaveText(usd(today.payoffCents));
  await expectNoAxeViolations(page);

  const goodThrough = addDays(calendarDate(today.quoteDate), 10);
  await chooseGoodThrough(page, goodThrough);
  const quote = await apiQuote(page, loan.contract, goodThrough);
  const perDiem = quote.perDiemCents ?? 0;
  expect(perDiem).toBeGreaterThan(0);
  // Ten more days of interest. The per diem people are told is rounded up to the cent while interest
  // accrues unrounded, so ten of them cover the ten days (give or take the payoffs' own rounding)
  // and overshoot by less than a cent a day.
  const overshoot = 10 * perDiem - (quote.payoffCents - today.payoffCents);
  expect(overshoot).toBeGreaterThanOrEqual(-1);
  expect(overshoot).toBeLessThanOrEqual(10);
  await expect(payoff).toHaveText(usd(quote.payoffCents));
  await expect(page.getByText(/^Good if we receive it on or before/).locator('time')).toHaveAttribute(
    'datetime',
    goodThrough,
  );
  await expect(page.getByTestId('payoff-per-diem')).toHaveText(
    `After that date, add ${usd(perDiem)} for each day until the funds reach us (the per diem).`,
  );
  await expect(page.getByRole('row', { name: /^Principal / }).getByRole('cell')).toHaveText(balanceText);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-payoff');

  const shownPayoff = (await payoff.textContent()) ?? '';
  const letter = await downloadPdfText(
    page,
    page.getByRole('link', { name: 'Download payoff letter (PDF)' }),
  );
  expect(letter).toContain(`Contract: ${loan.contract}`);
  expect(letter).toContain(`send ${shownPayoff} so that we receive it on or before ${longDate(goodThrough)}`);
  expect(letter).toContain(`add ${usd(perDiem)} (the per diem)`);

  // Vehicle: the VIN of the make, its check digit verified, under the maker's warranty.
  await openAccountPage(page, 'Vehicle');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`${loan.vehicle}$`) })).toBeVisible();
  const vin = (await page.locator('.vehicle-vin').textContent()) ?? '';
  expect(vin.startsWith(loan.wmi)).toBe(true);
  expect(checkVin(vin)).toEqual({ valid: true });
  await expect(page.getByText('Check digit valid')).toBeVisible();
  const warranty = page.getByRole('region', { name: 'Maker’s warranty' });
  await expect(warranty.getByText('Covered', { exact: true })).toHaveCount(2);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-vehicle');

  // Profile, through the main navigation (behind the Menu button on a phone): a new mailing address.
  const navigation = await openNavigation(page);
  await navigation.getByRole('link', { name: 'Your account' }).click();
  await expect(page).toHaveURL('/account');
  await page.getByRole('link', { name: 'Your profile and communication preferences' }).click();
  await expect(page).toHaveURL('/profile');
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Just signed in, so the change needs no step-up.
  await page.getByRole('button', { name: 'Change mailing address' }).click();
  await page.getByLabel('Street address').fill('42 Lakeshore Drive');
  await page.getByLabel('Apartment, suite or unit (optional)').fill('Apt 3B');
  await page.getByLabel('City').fill('Buffalo');
  await page.getByRole('button', { name: /State$/ }).click();
  await page.getByRole('option', { name: 'New York' }).click();
  await page.getByLabel('ZIP code').fill('14202');
  await page.getByRole('button', { name: 'Save address' }).click();
  await expect(
    page.getByText('Your mailing address is saved. We sent a notice to your email.'),
  ).toBeVisible();
  const address = page.getByTestId('mailing-address');
  await expect(address).toHaveText(/^42 Lakeshore DriveApt 3BBuffalo, NY 14202$/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'journey-profile');

  await page.reload();
  await expect(address).toHaveText(/^42 Lakeshore DriveApt 3BBuffalo, NY 14202$/);
});
