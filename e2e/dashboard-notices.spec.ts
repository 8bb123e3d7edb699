import { expect, expectNoAxeViolations, test } from './fixtures.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * The dashboard's notices. Nothing in the demo portfolio returns a payment or answers a request yet,
 * so the notices list is served here (its server side is tested over HTTP in
 * src/notifications/notices.routes.test.ts); the sign-in, the page and the dismiss request are real. Loans 23
 * (desktop) and 24 (phone).
 */
test('a customer reads a returned-payment notice with its fee, follows it and dismisses it', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const slot = testInfo.project.name === 'phone' ? 24 : 23;
  const contractNumber = `RIC-30${slot}-2025`;
  const customer = await registerCustomer(request, slot);
  const notices = [
    {
      id: 7,
      kind: 'payment_returned',
      contractNumber,
      occurredOn: '2026-11-18',
      details: { paymentReceivedOn: '2026-11-13', amountCents: 48_215, returnedPaymentFeeCents: 2_500 },
    },
    {
      id: 5,
      kind: 'statement_ready',
      contractNumber,
      occurredOn: '2026-11-05',
      details: { statementDate: '2026-11-05', amountDueCents: 48_215 },
    },
  ];
  const dismissed: string[] = [];
  await page.route('**/api/v1/notices', (route) =>
    route.fulfill({ json: { notices: notices.filter((n) => !dismissed.includes(String(n.id))) } }),
  );
  await page.route('**/api/v1/notices/*', async (route) => {
    // The real server answers 404 for these made-up ids, so the request is checked, then answered here.
    expect(route.request().method()).toBe('DELETE');
    expect(route.request().headers()['x-csrf-token']).toBeTruthy();
    dismissed.push(route.request().url().split('/').at(-1)!);
    await route.fulfill({ status: 204 });
  });
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);

  const list = page.getByRole('region', { name: 'Notices' }).getByRole('listitem');
  await expect(list).toHaveCount(2);
  const returned = list.first();
  await expect(returned).toContainText(
    `Your payment of $482.15 made Nov 13, 2026 on account ${contractNumber} was returned by your bank`,
  );
  await expect(returned).toContainText('A returned-payment fee of $25.00 was charged.');
  await expect(list.nth(1)).toContainText(
    `Your statement of Nov 5, 2026 for account ${contractNumber} is ready.`,
  );
  await expectNoAxeViolations(page);

  await returned.getByRole('button', { name: /^Dismiss: Your payment of \$482\.15/ }).click();
  await expect(list).toHaveCount(1);
  expect(dismissed).toEqual(['7']);
  await expect(list.first()).toContainText('Your statement of Nov 5, 2026');

  await list.first().getByRole('link', { name: 'Go to the account' }).click();
  await expect(page).toHaveURL(`/accounts/${contractNumber}`);
});
