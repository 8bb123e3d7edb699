import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * The sandbox gateway's hosted card field, on its own and framed by a portal page: it checks each
 * field with a message beside it, and hands only a token (with the brand and last four) to the page
 * that frames it.
 */
test('the hosted card field refuses a bad card field by field, then hands a token to its portal page', async ({
  page,
  pageProblems,
}) => {
  pageProblems.allowFailedRequest('/sandbox-gateway/tokens');
  // A portal page frames the field, as the payment-methods page does; the portal's policy must allow it.
  await page.goto('/help');
  const received = page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        window.addEventListener('message', (event) => {
          if (event.origin === window.location.origin) resolve(event.data);
        });
        const frame = document.createElement('iframe');
        frame.title = 'Card details';
        frame.src = '/sandbox-gateway/card-field';
        frame.width = '400';
        frame.height = '520';
        document.body.prepend(frame);
      }),
  );
  const field = page.frameLocator('iframe[title="Card details"]');
  await field.getByLabel('Name on card').fill('Ana Lopez');
  await field.getByLabel('Card number').fill('4111 1111 1111 1112');
  await field.getByLabel('Expiry (MM/YY)').fill('01/20');
  await field.getByLabel('Security code').fill('12');
  await field.getByRole('button', { name: 'Use this card' }).click();
  await expect(field.getByText('This card number is not valid: check for a mistyped digit.')).toBeVisible();
  await expect(field.getByText('This card has expired. Use a card that is still valid.')).toBeVisible();
  await expect(field.getByText('The security code of a Visa card has 3 digits, on the back.')).toBeVisible();
  await expect(field.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');

  await field.getByLabel('Card number').fill('4111 1111 1111 1111');
  await field.getByLabel('Expiry (MM/YY)').fill('12/30');
  await field.getByLabel('Security code').fill('123');
  await field.getByRole('button', { name: 'Use this card' }).click();
  await expect(field.getByText('Visa card ending 1111 is ready.')).toBeVisible();
  await expect(field.getByLabel('Card number')).toHaveValue('');
  expect(await received).toEqual({
    type: 'autofin-card-token',
    token: expect.stringMatching(/^sbxcard_/),
    brand: 'Visa',
    last4: '1111',
  });
  await saveScreenshot(page, 'sandbox-card-field');

  // The field alone, as assistive technology meets it.
  await page.goto('/sandbox-gateway/card-field');
  await expect(page.getByRole('button', { name: 'Use this card' })).toBeVisible();
  await expectNoAxeViolations(page);
});

/**
 * A customer adds a bank account (after the bank refused a closed one) and a debit card through the
 * framed card field. Loan slots 35 (desktop) and 36 (phone).
 */
test('a customer adds a bank account and a debit card', async ({ page, request, pageProblems }, testInfo) => {
  // Registration, sign-in and two verified adds: more than the default 30 s on a busy two-core machine.
  test.setTimeout(120_000);
  const customer = await registerCustomer(request, testInfo.project.name === 'phone' ? 36 : 35);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);
  await page.goto('/payment-methods');
  await expect(page.getByText('You have no payment methods yet.', { exact: false })).toBeVisible();

  await page.getByRole('button', { name: 'Add a bank account' }).click();
  await page.getByLabel('Name on the account').fill('Pat Rodriguez');
  await page.getByLabel('Routing number').fill('021000021');
  await page.getByLabel('Account number').fill('4000000002');
  pageProblems.allowFailedRequest('/api/v1/payment-methods');
  await page.getByRole('button', { name: 'Add bank account' }).click();
  // Beside the field, and in the summary that links to it.
  await expect(
    page.getByText('The bank says this account is closed (R02). Use another account.', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /^Account number: The bank says this account is closed/ }),
  ).toBeVisible();

  await page.getByLabel('Account number').fill('123456780000');
  await page.getByRole('button', { name: 'Add bank account' }).click();
  await expect(page.getByText('Checking account ••••0000 is added.')).toBeVisible();

  await page.getByRole('button', { name: 'Add a debit card' }).click();
  const field = page.frameLocator('iframe[title="Card details"]');
  await field.getByLabel('Name on card').fill('Pat Rodriguez');
  await field.getByLabel('Card number').fill('5555 5555 5555 4444');
  await field.getByLabel('Expiry (MM/YY)').fill('08/31');
  await field.getByLabel('Security code').fill('123');
  await field.getByRole('button', { name: 'Use this card' }).click();
  await expect(page.getByText('Mastercard debit card ••••4444 is added.')).toBeVisible();
  await expect(page.getByRole('list').getByText('Checking account ••••0000', { exact: false })).toBeVisible();
  await saveScreenshot(page, 'payment-methods');
  await expectNoAxeViolations(page);
});
