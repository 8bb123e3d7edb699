import { expect, type Page } from '@playwright/test';
import { expectNoAxeViolations, saveScreenshot } from '../fixtures.ts';

// The AutoPay journeys' steps, shared by e2e/autopay.spec.ts and e2e/autopay.time-travel.spec.ts.

/** A bank account from the payment methods page (the sandbox verifies any account number outside its refusal list). */
export async function addBankAccount(page: Page, holderName: string) {
  await page.goto('/payment-methods');
  await page.getByRole('button', { name: 'Add a bank account' }).click();
  await page.getByLabel('Name on the account').fill(holderName);
  await page.getByLabel('Routing number').fill('021000021');
  await page.getByLabel('Account number').fill('12345678');
  await page.getByLabel('Nickname (optional)').fill('Main checking');
  await page.getByRole('button', { name: 'Add bank account' }).click();
  await expect(page.getByRole('status').getByText('Main checking ••••5678 is added.')).toBeVisible();
}

/** Turns AutoPay on through its page: method (the default), extra principal, days before, authorization, review. */
export async function enrolThroughPage(
  page: Page,
  contract: string,
  terms: { extra?: string; days?: string } = { extra: '25.00', days: '3 days before the due date' },
) {
  await page.goto('/account');
  const card = page.getByRole('listitem').filter({ hasText: contract });
  await expect(card.getByRole('link', { name: `AutoPay for ${contract}` })).toHaveText('Off');
  await card.getByRole('link', { name: `AutoPay for ${contract}` }).click();
  await expect(page).toHaveURL(`/accounts/${contract}/autopay`);
  await expect(page.getByRole('heading', { level: 1, name: `AutoPay for ${contract}` })).toBeVisible();
  await expect(page.getByTestId('autopay-status')).toHaveText('AutoPay is off');
  await expect(page.getByRole('heading', { name: 'Authorization' })).toBeVisible();
  await expect(page.getByText(`for the installments of account ${contract}`)).toBeVisible();

  // The authorization must be accepted: the review refuses without the box checked.
  await page.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByText('Check the box to accept the authorization.')).toBeVisible();
  await expectNoAxeViolations(page);

  if (terms.extra) await page.getByLabel('Extra principal each month (optional)').fill(terms.extra);
  if (terms.days) {
    await page.getByRole('button', { name: /When to pay/ }).click();
    await page.getByRole('option', { name: terms.days }).click();
  }
  // The box drawn over the hidden input takes the pointer, so choose it as a keyboard user does.
  const accept = page.getByRole('checkbox', { name: /I authorize these payments/ });
  await accept.focus();
  await page.keyboard.press('Space');
  await expect(accept).toBeChecked();
  await saveScreenshot(page, 'autopay-form');
  await page.getByRole('button', { name: 'Review', exact: true }).click();

  const review = page.getByTestId('autopay-review');
  await expect(review).toContainText('Main checking ••••5678');
  if (terms.extra) await expect(review).toContainText(`$${terms.extra} extra principal`);
  await expect(review).toContainText(terms.days ?? 'On the due date');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Turn on AutoPay' }).click();
  await expect(page.getByText('AutoPay is on. We emailed you a copy of the authorization.')).toBeVisible();
  await expect(page.getByTestId('autopay-status')).toHaveText('AutoPay is on');
  await expect(page.getByTestId('autopay-next')).toContainText('$');
}

/** The messages the demo mailbox holds for one address and template. */
export async function mailsTo(page: Page, to: string, template: string) {
  const mailbox = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(to)}`);
  const { messages } = (await mailbox.json()) as {
    messages: { to: string; template: string; text: string }[];
  };
  return messages.filter((m) => m.to === to && m.template === template);
}
