import { expect, test } from './fixtures.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

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
  await signInThroughPage(page, customer);
  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
  await expect(page.getByText(customer.email)).toBeVisible();
});
