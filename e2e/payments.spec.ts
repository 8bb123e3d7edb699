import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * Paying online, as a new customer of the demo portfolio: add a bank account (routing 021000021 is
 * the sandbox bank's JPMorgan Chase; any account number outside the documented refusal numbers in
 * docs/sandbox-gateway.md is verified), pay what is due today through the review step, see the
 * receipt and the payment listed, then schedule a second payment for a later date and cancel it.
 */
const SLOTS = {
  desktop: { slot: 31, contract: 'RIC-3031-2025' },
  phone: { slot: 32, contract: 'RIC-3032-2025' },
};

/** The step heading has focus once a step appears, so a screen reader starts there. */
async function expectStep(page: Page, name: string) {
  await expect(page.getByRole('heading', { level: 2, name })).toBeFocused();
}

/** Types a date into react-aria's date field, segment by segment (month, day, year in en-US). */
async function typeDate(page: Page, label: string, date: string) {
  const [year, month, day] = date.split('-');
  const group = page.getByRole('group', { name: label });
  await group.getByRole('spinbutton', { name: /month/i }).click();
  await page.keyboard.type(`${month}${day}${year}`);
}

/** Chooses a radio button from the keyboard (react-aria's input sits hidden under its label). */
async function choose(page: Page, radio: Locator) {
  await radio.focus();
  await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
}

function addDays(date: string, days: number): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

test('a customer adds a bank account, pays through the review, gets a receipt and cancels a scheduled payment', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  // One long journey with an axe scan on every page: on a busy two-core machine it takes minutes.
  test.setTimeout(300_000);
  const { slot, contract } = testInfo.project.name === 'phone' ? SLOTS.phone : SLOTS.desktop;
  const customer = await registerCustomer(request, slot);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);

  // A bank account, from the payment methods page.
  await page.goto('/payments');
  await expect(page.getByText('No scheduled payments.')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Payment methods' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment methods' })).toBeVisible();
  await expect(page.getByText('You have no payment methods yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add a bank account' }).click();
  await page.getByLabel('Name on the account').fill(customer.displayName);
  // A slip in the routing number is caught on the field itself (ABA checksum), before the bank is asked.
  await page.getByLabel('Routing number').fill('021000022');
  await page.getByLabel('Account number').fill('12345678');
  await page.getByLabel('Nickname (optional)').fill('Main checking');
  await page.getByRole('button', { name: 'Add bank account' }).click();
  const routing = page.getByRole('textbox', { name: 'Routing number' });
  await expect(routing).toHaveAttribute('aria-invalid', 'true');
  await expect(routing).toHaveAccessibleDescription(/Enter a valid 9-digit routing number/);
  await expectNoAxeViolations(page);
  await routing.fill('021000021');
  await page.getByRole('button', { name: 'Add bank account' }).click();
  await expect(page.getByRole('status').getByText('Main checking ••••5678 is added.')).toBeVisible();
  const method = page.getByRole('listitem').filter({ hasText: 'Main checking ••••5678' });
  await expect(method).toContainText('Checking account at JPMorgan Chase Bank');
  await expect(method.getByText('Default')).toBeVisible();
  await expectNoAxeViolations(page);

  // A debit card, typed into the gateway's hosted field: the page only ever gets its token.
  await page.getByRole('button', { name: 'Add a debit card' }).click();
  const cardField = page.frameLocator('iframe[title="Card details"]');
  await cardField.getByLabel('Name on card').fill(customer.displayName);
  await cardField.getByLabel('Card number').fill('4111 1111 1111 1111');
  await cardField.getByLabel('Expiry (MM/YY)').fill('12/30');
  await cardField.getByLabel('Security code').fill('123');
  await expectNoAxeViolations(page);
  await cardField.getByRole('button', { name: 'Use this card' }).click();
  await expect(page.getByRole('status').getByText(/••••1111 is added\./)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '••••1111' })).toContainText('debit card');

  // Pay what is due, from the dashboard card's link.
  await page.goto('/account');
  const card = page.getByRole('listitem').filter({ hasText: contract });
  await card.getByRole('link', { name: 'Make a payment' }).click();
  await expect(page).toHaveURL(`/payments/new?account=${contract}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Account and amount' })).toBeVisible();
  const due = page.getByRole('radio', { name: /^(Amount due|Next payment)/ });
  await expect(due).toBeVisible();
  const dueText = (await due.locator('xpath=ancestor::label[1]').innerText()).match(/\$[\d,]+\.\d\d/)?.[0];
  expect(dueText).toBeTruthy();
  await expectNoAxeViolations(page);
  await choose(page, due);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expectStep(page, 'Payment method');
  await expect(page.getByRole('radio', { name: 'Main checking ••••5678' })).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expectStep(page, 'Payment date');
  await expect(page.getByRole('radio', { name: 'Today' })).toBeChecked();
  await expect(page.getByText(/after the daily cut-off time/)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Review payment' }).click();

  await expectStep(page, 'Review and pay');
  const review = page.getByTestId('payment-review');
  await expect(review).toContainText(`Amount${dueText}`);
  await expect(review).toContainText('Main checking ••••5678');
  await expect(review.locator('dt', { hasText: 'Effective date' })).toBeVisible();
  await expect(review.locator('dd time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\d$/);
  await expect(page.getByRole('heading', { name: 'How it applies' })).toBeVisible();
  await expect(page.getByTestId('payment-split')).toContainText(/Interest|Principal/);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'payment-review');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();

  await expect(page).toHaveURL(/\/payments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Payment receipt' })).toBeVisible();
  const confirmation = (await page.getByTestId('confirmation-number').innerText()).trim();
  expect(confirmation).not.toBe('');
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toContainText(dueText ?? '');
  await expect(receipt).toContainText('Main checking ••••5678');
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the receipt (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`receipt-${confirmation}.pdf`);
  const { text } = await extractText(
    await getDocumentProxy(new Uint8Array(await readFile(await download.path()))),
    { mergePages: true },
  );
  expect(text).toContain(`Confirmation number: ${confirmation}`);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'payment-receipt');

  await page.getByRole('link', { name: 'All payments' }).click();
  await expect(page).toHaveURL('/payments');
  await expect(page.getByRole('link', { name: confirmation })).toBeVisible();
  await expectNoAxeViolations(page);

  // A second payment, a week ahead: scheduled, then cancelled.
  const quote = await page.request.get(`/api/v1/accounts/${contract}/payoff`);
  const { quoteDate } = (await quote.json()) as { quoteDate: string };
  const later = addDays(quoteDate, 7);
  await page.getByRole('link', { name: 'Make a payment' }).click();
  // The customer's only account is chosen already.
  await expect(page.getByRole('button', { name: new RegExp(contract) })).toBeVisible();
  await choose(page, page.getByRole('radio', { name: 'Another amount' }));
  await page.getByLabel('Amount in dollars').fill('25');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, 'Payment method');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, 'Payment date');
  await choose(page, page.getByRole('radio', { name: 'On a later date' }));
  await typeDate(page, 'Payment date', later);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Review payment' }).click();
  await expectStep(page, 'Review and pay');
  await expect(page.getByTestId('payment-review')).toContainText('$25.00');
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByTestId('receipt')).toContainText('Scheduled');

  await page.getByRole('link', { name: 'All payments' }).click();
  // On a weekend or holiday the first payment waits for the next business day, so it is listed too.
  const scheduledList = page.getByRole('region', { name: 'Scheduled payments' }).getByRole('listitem');
  const scheduled = scheduledList.filter({ hasText: '$25.00' });
  await expect(scheduled).toHaveCount(1);
  await expect(scheduled).toContainText('$25.00');
  await expect(scheduled).toContainText('You can change or cancel it until');
  await expectNoAxeViolations(page);
  await scheduled.getByRole('button', { name: 'Cancel payment' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Cancel this payment?' });
  await expect(dialog).toContainText('$25.00');
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').getByText(/is cancelled\./)).toBeVisible();
  await expect(scheduled).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Your payments' })).toContainText('Cancelled');
  await expectNoAxeViolations(page);
});
