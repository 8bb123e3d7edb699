import { expect, test } from './fixtures.ts';
import { registerCustomer, totpCode } from './support/new-customer.ts';

/**
 * The shared fixture that other journeys use for a customer of their own: it registers one through
 * the API, and the page then signs in with what it answered.
 */
test('registers a new customer through the API who can then sign in', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const customer = await registerCustomer(request, testInfo.project.name === 'phone' ? 12 : 11);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(customer.userId);
  await page.getByLabel('Password', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  await page.getByLabel('6-digit code').fill(totpCode(customer.totpSecret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
  await expect(page.getByText(customer.email)).toBeVisible();
});
