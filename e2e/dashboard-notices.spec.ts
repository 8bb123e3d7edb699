import { expect, expectNoAxeViolations, test } from './fixtures.ts';
import { registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * The dashboard's notices. Nothing in the demo portfolio returns a payment or answers a request yet,
 * so the notices list is served here (its server side is tested over HTTP in
 * src/notifications/notices.routes.test.ts), and so are an authorized payer's payment in the activity
 * and on its receipt; the sign-in, the pages and the dismiss request are real. Loans 23
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
      id: 9,
      kind: 'grantee_payment',
      contractNumber,
      occurredOn: '2026-11-19',
      details: { name: 'Pat Lopez', amountCents: 10_000, effectiveDate: '2026-11-19', status: 'posted' },
    },
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
  await expect(list).toHaveCount(3);
  await expect(list.first()).toContainText(
    `Pat Lopez, your authorized payer, paid $100.00 on account ${contractNumber}, applied on Nov 19, 2026.`,
  );
  const returned = list.nth(1);
  await expect(returned).toContainText(
    `Your payment of $482.15 made Nov 13, 2026 on account ${contractNumber} was returned by your bank`,
  );
  await expect(returned).toContainText('A returned-payment fee of $25.00 was charged.');
  await expect(list.nth(2)).toContainText(
    `Your statement of Nov 5, 2026 for account ${contractNumber} is ready.`,
  );
  await expectNoAxeViolations(page);

  await returned.getByRole('button', { name: /^Dismiss: Your payment of \$482\.15/ }).click();
  await expect(list).toHaveCount(2);
  expect(dismissed).toEqual(['7']);
  await expect(list.nth(1)).toContainText('Your statement of Nov 5, 2026');
  await expect(list.nth(1).getByRole('link', { name: 'Go to the account' })).toHaveAttribute(
    'href',
    `/accounts/${contractNumber}`,
  );

  // The authorized payer's payment, as the activity and the receipt name it (served here too: the
  // demo has no grant; the HTTP side is src/payments/grantee-payments.routes.test.ts).
  const split = {
    interestCents: -2_000,
    principalCents: -8_000,
    feesCents: 0,
    unappliedCents: 0,
    leaseReceivableCents: 0,
    salesTaxCents: 0,
  };
  await page.route('**/api/v1/accounts/*/transactions*', (route) =>
    route.fulfill({
      json: {
        contractNumber,
        kind: 'retail_installment',
        transactions: [
          {
            id: 99,
            date: '2026-11-19',
            type: 'payment',
            description: null,
            reference: 'PAB12CD34EF',
            amountCents: -10_000,
            split,
            paidBy: { name: 'Pat Lopez', authorizedPayer: true },
          },
        ],
        nextCursor: null,
      },
    }),
  );
  await list.first().getByRole('link', { name: 'See the account activity' }).click();
  await expect(page).toHaveURL(`/accounts/${contractNumber}/activity`);
  const row = page.getByRole('table', { name: `Activity on account ${contractNumber}` }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Paid by Pat Lopez, authorized payer');
  await expectNoAxeViolations(page);

  const order = {
    id: '0b9f6c1e-4d2a-4f43-9a51-6a4c2d1e8f10',
    confirmationNumber: 'PAB12CD34EF',
    contractNumber,
    amountCents: 10_000,
    effectiveDate: '2026-11-19',
    status: 'pending',
    source: 'one_time',
    intent: 'regular',
    method: {
      id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      kind: 'bank_account',
      nickname: 'Checking',
      last4: '6789',
    },
    split: { ...split, interestCents: 2_000, principalCents: 8_000 },
    changeableUntil: null,
    madeByMe: false,
    paidBy: { name: 'Pat Lopez', authorizedPayer: true },
    returnCode: null,
    createdAt: '2026-11-19T15:00:00.000Z',
  };
  await page.route('**/api/v1/payments', (route) => route.fulfill({ json: { payments: [order] } }));
  await page.goto(`/payments/${order.id}`);
  await expect(page.getByTestId('paid-by')).toHaveText('Pat Lopez, authorized payer');
  await expectNoAxeViolations(page);
});
