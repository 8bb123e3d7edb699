import type { Page } from '@playwright/test';
import { addDays, calendarDate } from '../src/core/dates.ts';
import { cents, formatUsd } from '../src/core/money.ts';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { chooseGoodThrough, downloadPdfText } from './support/account-pages.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * The payoff quote: a new customer signs in, opens the payoff page, chooses a good-through date and
 * sees the amount follow it, then downloads the payoff letter and finds that amount and the VIN in it.
 */

async function signInAs(page: Page, request: Parameters<typeof registerCustomer>[0], slot: number) {
  const customer = await registerCustomer(request, slot);
  await signInThroughPage(page, customer);
}

type Quote = { quoteDate: string; payoffCents: number; perDiemCents: number | null };

/** The quote the API gives this session for a date, to compare the page and the letter with. */
async function apiQuote(page: Page, contractNumber: string, date?: string): Promise<Quote> {
  const res = await page.request.get(
    `/api/v1/accounts/${contractNumber}/payoff${date ? `?date=${date}` : ''}`,
  );
  expect(res.ok()).toBe(true);
  return (await res.json()) as Quote;
}

async function vinEnding(page: Page, contractNumber: string): Promise<string> {
  const res = await page.request.get('/api/v1/accounts');
  const { accounts } = (await res.json()) as {
    accounts: { contractNumber: string; vehicle: { vinLast6: string } | null }[];
  };
  const vinLast6 = accounts.find((a) => a.contractNumber === contractNumber)?.vehicle?.vinLast6;
  if (!vinLast6) throw new Error(`no vehicle on ${contractNumber}`);
  return vinLast6;
}

/** Types a date into the react-aria date field, segment by segment, as a keyboard user would. */
const usd = (amount: number) => formatUsd(cents(amount));

test('a loan’s payoff follows the chosen date, and the letter carries the amount and the VIN', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  // Other specs fail sign-ins from this address, so the page may first meet the proof-of-work challenge.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const phone = testInfo.project.name === 'phone';
  const contractNumber = phone ? 'RIC-3018-2025' : 'RIC-3017-2025';
  await signInAs(page, request, phone ? 18 : 17);
  await page.goto(`/accounts/${contractNumber}/payoff`);

  const today = await apiQuote(page, contractNumber);
  const amount = page.getByTestId('payoff-amount');
  await expect(amount).toHaveText(usd(today.payoffCents));
  await expect(page.getByText(/for each day until the funds reach us/)).toBeVisible();
  await expect(page.getByText(/Placeholder details, not a real account/)).toBeVisible();
  await expectNoAxeViolations(page);

  const later = addDays(calendarDate(today.quoteDate), 10);
  const expected = await apiQuote(page, contractNumber, later);
  expect(expected.payoffCents).toBeGreaterThan(today.payoffCents);
  await chooseGoodThrough(page, later);
  await expect(amount).toHaveText(usd(expected.payoffCents));
  await saveScreenshot(page, 'account-payoff-loan');

  // A date past the window is refused beside the field, and the figures stay those of the last good date.
  await chooseGoodThrough(page, addDays(calendarDate(today.quoteDate), 45));
  await expect(page.getByText(/^Choose a date from/)).toBeVisible();
  await expect(amount).toHaveText(usd(expected.payoffCents));
  await chooseGoodThrough(page, later);

  const text = await downloadPdfText(page, page.getByRole('link', { name: 'Download payoff letter (PDF)' }));
  expect(text).toContain(`send ${usd(expected.payoffCents)} so that we receive it`);
  expect(text).toContain(`add ${usd(expected.perDiemCents ?? 0)} (the per diem)`);
  expect(text).toMatch(new RegExp(`VIN [A-HJ-NPR-Z0-9]{11}${await vinEnding(page, contractNumber)}`));
  await expectNoAxeViolations(page);
});

test('a lease’s payoff is its early purchase price, and its letter says so', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  // Other specs fail sign-ins from this address, so the page may first meet the proof-of-work challenge.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const phone = testInfo.project.name === 'phone';
  const contractNumber = phone ? 'LSE-4028-2025' : 'LSE-4027-2025';
  await signInAs(page, request, phone ? 28 : 27);
  await page.goto(`/accounts/${contractNumber}/payoff`);

  const quote = await apiQuote(page, contractNumber);
  await expect(page.getByTestId('payoff-amount')).toHaveText(usd(quote.payoffCents));
  await expect(page.getByText(/early purchase price as of/)).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Residual value' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-payoff-lease');

  const text = await downloadPdfText(page, page.getByRole('link', { name: 'Download payoff letter (PDF)' }));
  expect(text).toContain(`send ${usd(quote.payoffCents)} so that we receive it`);
  expect(text).toContain('early purchase price of the lease');
  expect(text).toMatch(new RegExp(`VIN [A-HJ-NPR-Z0-9]{11}${await vinEnding(page, contractNumber)}`));
});
