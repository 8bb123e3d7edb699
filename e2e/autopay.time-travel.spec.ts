import type { Browser, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, test } from './fixtures.ts';
import { addBankAccount, enrolThroughPage, mailsTo } from './support/autopay.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';
import { STAFF, signInThroughPage as signInWithCode } from './support/staff-sign-in.ts';

/**
 * AutoPay over time, on the time-travel portal: a new customer (slot 37) turns AutoPay on; support
 * moves the business date past the debit date, and the daily cycle schedules the debit 10 days ahead
 * and posts it; the customer adds extra principal, and the next debit, a different amount, brings
 * the 10-day notice by mail before it posts.
 */
const CONTRACT = 'RIC-3037-2025';

type NextDebit = { date: string; amountCents: number; forDueDate: string };

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

async function nextDebit(page: Page): Promise<NextDebit> {
  const answer = await page.request.get(`/api/v1/accounts/${CONTRACT}/autopay`);
  const { nextDebit } = (await answer.json()) as { nextDebit: NextDebit | null };
  if (!nextDebit) throw new Error('AutoPay shows no next debit');
  return nextDebit;
}

/**
 * Support (the supervisor persona, signed in through the page in a context of its own) moves the
 * business date forward; the daily cycle of each day passed runs before the answer.
 */
async function moveBusinessDate(browser: Browser, date: string) {
  const context = await browser.newContext();
  const staff = await context.newPage();
  await signInWithCode(
    staff,
    { userId: STAFF.supervisor.userId, password: 'autofin-demo-2026', secret: STAFF.supervisor.secret },
    '/staff',
  );
  const csrf = (await context.cookies()).find((c) => c.name === 'autofin_csrf')?.value ?? '';
  const moved = await staff.request.post('/api/v1/staff/business-date', {
    data: { date },
    headers: { 'x-csrf-token': csrf },
  });
  expect(moved.status(), await moved.text()).toBe(200);
  expect((await moved.json()).businessDate).toBe(date);
  await context.close();
}

test('AutoPay posts each debit on its date, and mails the 10-day notice when the amount changes', async ({
  page,
  request,
  browser,
  pageProblems,
}) => {
  // Two months of daily cycles on the demo portfolio, on a busy two-core machine.
  test.setTimeout(600_000);
  const customer = await registerCustomer(request, 37);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);
  await addBankAccount(page, customer.displayName);
  await enrolThroughPage(page, CONTRACT, {});

  // The cycle of the debit date runs once that date is over.
  const first = await nextDebit(page);
  await moveBusinessDate(browser, addDays(first.date, 1));
  await page.goto('/payments');
  const history = page.getByRole('table', { name: 'Your payments' });
  const firstRow = history.getByRole('row').filter({ hasText: CONTRACT });
  await expect(firstRow).toHaveCount(1);
  await expect(firstRow).toContainText('Processing');
  await expectNoAxeViolations(page);

  // Extra principal from now on: a new authorization, mailed.
  await page.goto(`/accounts/${CONTRACT}/autopay`);
  await page.getByRole('button', { name: 'Change AutoPay' }).click();
  await page.getByLabel('Extra principal each month (optional)').fill('25.00');
  const accept = page.getByRole('checkbox', { name: /I authorize these payments/ });
  await accept.focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page.getByText('AutoPay is changed. We emailed you a copy of the authorization.'),
  ).toBeVisible();

  const second = await nextDebit(page);
  expect(second.forDueDate > first.forDueDate).toBe(true);
  expect(second.amountCents).toBe(first.amountCents + 2_500);
  await moveBusinessDate(browser, addDays(second.date, 1));
  await page.goto('/payments');
  await expect(history.getByRole('row').filter({ hasText: CONTRACT })).toHaveCount(2);

  expect(await mailsTo(page, customer.email, 'autopay-authorization')).toHaveLength(2);
  const [notice] = await mailsTo(page, customer.email, 'autopay-amount-changed');
  expect(notice?.text).toContain(`Debit date: ${second.date}`);
});
