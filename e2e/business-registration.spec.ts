import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { totpCode } from './support/new-customer.ts';

/**
 * Registering a business's fleet in the browser with the facts of a demo business contract
 * (src/demo/demo-data.ts, demo-fleet.ts): the contract number, the EIN's last four and the ZIP, then
 * the code the demo mailbox shows at the business's email on file, with a new login that sets up an
 * authenticator app and lands on the business's fleet as its admin. Both demo businesses have an
 * organization already, so the registrant joins it as one more admin. Each project registers its
 * own business, so the code mails of one business's mailbox are this project's alone.
 */
const BUSINESS = {
  desktop: {
    name: 'Harbor Courier Co.',
    contractNumber: 'HC-0002-2025',
    einLast4: '8642',
    zip: '94105',
    email: 'fleet@harbor-courier.example.com',
    vehicles: '4',
  },
  phone: {
    name: 'Keystone Logistics LLC',
    contractNumber: 'FL-0030-2025',
    einLast4: '4321',
    zip: '19103',
    email: 'fleet@keystone-logistics.example.com',
    vehicles: '30',
  },
} as const;

const SENT =
  'If the details match a business contract, we have sent a 6-digit code to the business’s email address on file. Enter it below within 10 minutes.';

type Mail = { template: string; text: string };

/** The registration codes mailed to `email`, newest first. */
async function codeMails(page: Page, email: string): Promise<Mail[]> {
  const response = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(email)}`);
  expect(response.status()).toBe(200);
  const { messages } = (await response.json()) as { messages: Mail[] };
  return messages.filter((m) => m.template === 'business-registration-code');
}

async function fillFacts(page: Page, facts: { contractNumber: string; einLast4: string; zip: string }) {
  await page.getByLabel('Contract number').fill(facts.contractNumber);
  await page.getByLabel('Last 4 digits of the business’s EIN').fill(facts.einLast4);
  await page.getByLabel('ZIP code').fill(facts.zip);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.beforeEach(({ pageProblems }) => {
  // The forms are throttled with the consumer registration: after a few tries from this address the
  // server first answers 401 with a proof-of-work challenge, which the page solves and sends again.
  pageProblems.allowFailedRequest('/api/v1/business-registration');
  // A wrong code is a 400 the page shows beside its field.
  pageProblems.allowFailedRequest('/api/v1/business-registration/complete/new-login');
});

test('a business registers with its contract and the mailed code, and its new admin lands on its fleet', async ({
  page,
}, testInfo) => {
  // Two registrations, a password hash, the factor set-up and the fleet: many pages on a busy machine.
  test.slow();
  const business = BUSINESS[testInfo.project.name === 'phone' ? 'phone' : 'desktop'];
  const suffix = randomBytes(3).toString('hex');

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Acting for a business? Register its fleet' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register a business' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing typed: each field says what it needs, and the summary lists them all.
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByText('Contract number: Enter the contract number.')).toBeVisible();
  await expect(page.getByLabel('Last 4 digits of the business’s EIN')).toHaveAccessibleDescription(
    'Enter the last 4 digits of the business’s Employer Identification Number.',
  );
  await expect(page.getByLabel('ZIP code')).toHaveAccessibleDescription(/Enter the ZIP code\./);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'business-registration-errors');

  // Wrong facts: the very same answer, and no code goes anywhere.
  const codesBefore = (await codeMails(page, business.email)).length;
  await fillFacts(page, { ...business, einLast4: '0000' });
  await expect(page.getByRole('heading', { name: 'Check the business’s email' })).toBeVisible();
  await expect(page.getByText(SENT)).toBeVisible();
  expect(await codeMails(page, business.email)).toHaveLength(codesBefore);
  await page.getByRole('button', { name: 'Start again' }).click();

  // The right facts: the same answer, and a code at the business's email on file.
  await fillFacts(page, business);
  await expect(page.getByText(SENT)).toBeVisible();
  await expect(page.getByLabel('6-digit code')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'business-registration-code');
  let code = '';
  await expect(async () => {
    const mails = await codeMails(page, business.email);
    expect(mails).toHaveLength(codesBefore + 1);
    code = /Your code is (\d{6})\./.exec(mails[0]!.text)?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass({ timeout: 5_000 });

  // A new login for the business: a wrong code is refused beside its field, the right one registers.
  await page.getByLabel('Your name').fill('Jordan Avery');
  await page.getByLabel('User ID').fill(`business.${testInfo.project.name}.${suffix}`);
  await page.getByLabel('Password', { exact: true }).fill(`ledger harbor ${suffix} meadow`);
  const codeField = page.getByLabel('6-digit code');
  await codeField.fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Make my login and register' }).click();
  // The form may first solve a proof of work, and the server hashes the password: give it time.
  await expect(codeField).toHaveAccessibleDescription(/That code is not right or no longer works\./, {
    timeout: 20_000,
  });
  await expect(summary).toBeFocused();
  await expectNoAxeViolations(page);
  await codeField.fill(code);
  await page.getByRole('button', { name: 'Make my login and register' }).click();

  await expect(page).toHaveURL('/sign-in/set-up', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Use an authenticator app' }).click();
  const key = (await page.locator('.totp-setup__key code').textContent()) ?? '';
  await page.getByLabel('6-digit code').fill(totpCode(key.replaceAll(' ', '')));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

  // Home is the business's fleet, as its admin.
  await expect(page).toHaveURL(/\/fleet\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `${business.name}: fleet` })).toBeVisible();
  await expect(page.getByText('You act for this business as Fleet admin.')).toBeVisible();
  await expect(
    page
      .locator('.fleet-figure', { has: page.getByText('Vehicles', { exact: true }) })
      .locator('.fleet-figure__value'),
  ).toHaveText(business.vehicles);
  await expect(
    page.getByRole('main').getByRole('link', { name: 'Manage members and invitations' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
});
