import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { addBankAccount, enrolThroughPage, mailsTo } from './support/autopay.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * AutoPay, as a new customer of the demo portfolio: add a bank account, open AutoPay from the
 * dashboard card, read the authorization, accept it, review and turn AutoPay on (the authorization is
 * mailed), then pause, resume and cancel it, each after a confirmation.
 */
const SLOTS = {
  desktop: { slot: 33, contract: 'RIC-3033-2025' },
  phone: { slot: 34, contract: 'RIC-3034-2025' },
};

test('a customer turns AutoPay on with the authorization, then pauses, resumes and cancels it', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  test.setTimeout(300_000);
  const { slot, contract } = testInfo.project.name === 'phone' ? SLOTS.phone : SLOTS.desktop;
  const customer = await registerCustomer(request, slot);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);
  await addBankAccount(page, customer.displayName);

  await enrolThroughPage(page, contract);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'autopay-on');
  const [authorization] = await mailsTo(page, customer.email, 'autopay-authorization');
  expect(authorization?.text).toContain(`for the installments of account ${contract}`);
  expect(authorization?.text).toContain('Main checking (…5678)');

  // Pause, after a confirmation.
  await page.getByRole('button', { name: 'Pause AutoPay' }).click();
  const pauseDialog = page.getByRole('alertdialog', { name: 'Pause AutoPay?' });
  await expect(pauseDialog).toBeVisible();
  await expectNoAxeViolations(page);
  await pauseDialog.getByRole('button', { name: 'Pause AutoPay' }).click();
  await expect(pauseDialog).toBeHidden();
  await expect(page.getByTestId('autopay-status')).toHaveText('AutoPay is paused');

  await page.getByRole('button', { name: 'Resume AutoPay' }).click();
  await expect(page.getByTestId('autopay-status')).toHaveText('AutoPay is on');

  // The dashboard card says it is on.
  await page.goto('/account');
  const card = page.getByRole('listitem').filter({ hasText: contract });
  await expect(card.getByRole('link', { name: `AutoPay for ${contract}` })).toHaveText('On');
  await card.getByRole('link', { name: `AutoPay for ${contract}` }).click();

  // Cancel, after a confirmation.
  await page.getByRole('button', { name: 'Cancel AutoPay' }).click();
  const cancelDialog = page.getByRole('alertdialog', { name: 'Cancel AutoPay?' });
  await cancelDialog.getByRole('button', { name: 'Cancel AutoPay' }).click();
  await expect(cancelDialog).toBeHidden();
  await expect(page.getByTestId('autopay-status')).toHaveText('AutoPay is off');
  await expect(page.getByText('AutoPay is cancelled.')).toBeVisible();
  await expectNoAxeViolations(page);
});
