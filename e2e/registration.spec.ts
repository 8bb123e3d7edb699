import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { demoRegistration, registrationToken, totpCode } from './support/new-customer.ts';

/**
 * Registering for online access in the browser, as a customer with a loan and an authenticator app
 * does it: contract facts, the link from the (demo) mailbox, User ID and password, the app, the
 * recovery codes, the account page; then signing out and in again. Each project registers its own
 * unregistered demo customer (README), since each can register once.
 */
const SLOTS = { desktop: 1, phone: 2 } as const;
const slotOf = (project: string) => SLOTS[project as keyof typeof SLOTS];

/** 06/14/1961 for 1961-06-14: the page takes dates the way people in the US write them. */
const usDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

async function fillRegistration(page: Page, facts: ReturnType<typeof demoRegistration>, email: string) {
  await page.getByLabel('Contract number').fill(facts.contractNumber);
  await page.getByLabel('Last 4 digits of your Social Security number').fill(facts.taxIdLast4);
  await page.getByLabel('ZIP code').fill(facts.zip);
  await page.getByLabel('Date of birth').fill(usDate(facts.dateOfBirth));
  await page.getByLabel('Email address').fill(email);
}

test.beforeEach(({ pageProblems }) => {
  // After a few registrations from this address the server first answers 401 with a proof-of-work
  // challenge, which the page solves and sends again.
  pageProblems.allowFailedRequest('/api/v1/registration');
  pageProblems.allowFailedRequest('/api/v1/auth/login');
});

test('registers, sets up an authenticator app, signs out and signs in with the new login', async ({
  page,
}, testInfo) => {
  // Registration, enrolment, sign-out and sign-in again: four password hashes and many pages.
  test.slow();
  const facts = demoRegistration(slotOf(testInfo.project.name));
  const suffix = randomBytes(3).toString('hex');
  const email = `registration-${testInfo.project.name}-${suffix}@example.com`;
  const userId = `reg-${testInfo.project.name}-${suffix}`;
  const password = `copper lantern orchard ${suffix} pebble`;

  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'New here? Register for online access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register for online access' })).toBeVisible();
  await fillRegistration(page, facts, email);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'register');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(`we have sent a link to ${email}`)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(`/register/complete?token=${await registrationToken(page.request, email)}`);
  await expect(page.getByText(`Hello ${facts.displayName.split(' ')[0]}.`)).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByLabel('User ID').fill(userId);
  const passwordField = page.getByLabel('Password', { exact: true });
  const meter = page.getByRole('meter', { name: 'Password strength' });
  // The meter runs the server's policy: a common password is refused, with the reason.
  await passwordField.fill('password1234');
  await expect(meter).toHaveAttribute('aria-valuetext', 'Not strong enough');
  await expect(
    page.getByText('This password is too common or too easy to guess.', { exact: false }),
  ).toBeVisible();
  await passwordField.fill(`${userId} and more`);
  await expect(page.getByText('Don’t use your User ID in your password.')).toBeVisible();
  await passwordField.fill(password);
  await expect(meter).toHaveAttribute('aria-valuetext', /^(Good|Strong)$/);
  await expect(page.getByText('This password can be used.')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'register-complete');
  await page.getByRole('button', { name: 'Create my login' }).click();

  await expect(page).toHaveURL('/sign-in/set-up');
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a second way to sign in' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'set-up-factor');
  await page.getByRole('button', { name: 'Use an authenticator app' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Authenticator app' })).toBeFocused();
  await expect(
    page.getByRole('img', { name: 'QR code that adds Autofin to an authenticator app' }),
  ).toBeVisible();
  const key = (await page.locator('.totp-setup__key code').textContent()) ?? '';
  expect(key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const secret = key.replaceAll(' ', '');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'set-up-authenticator');
  const enrolledAt = Date.now();
  await page.getByLabel('6-digit code').fill(totpCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();

  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeFocused();
  await expect(page.locator('.recovery-codes__list li')).toHaveCount(10);
  await expect(page.getByRole('link', { name: 'Download as a text file' })).toHaveAttribute(
    'download',
    'autofin-recovery-codes.txt',
  );
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

  await expect(page).toHaveURL('/account');
  await expect(page.getByText(`Signed in as ${facts.displayName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();

  await page.getByLabel('User ID').fill(userId);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  // A code works once: the one after the code used at set-up (the server takes one step either side).
  const step = Math.max(Math.floor(Date.now() / 30_000), Math.floor(enrolledAt / 30_000) + 1);
  await page.getByLabel('6-digit code').fill(totpCode(secret, step - Date.now() / 30_000));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText(`Signed in as ${facts.displayName}`)).toBeVisible();
});

test('answers wrong contract details with the same confirmation, and mails nothing', async ({
  page,
}, testInfo) => {
  const facts = demoRegistration(slotOf(testInfo.project.name));
  const email = `wrong-${testInfo.project.name}-${randomBytes(3).toString('hex')}@example.com`;
  await page.goto('/register');
  // A business has no date of birth to give: the field goes away.
  // react-aria draws the radio on its label over a hidden input: the label is what a person clicks.
  await page.getByText('A business', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'A business' })).toBeChecked();
  await expect(page.getByLabel('Date of birth')).toHaveCount(0);
  await page.getByLabel('Contract number').fill(facts.contractNumber);
  await page.getByLabel('Last 4 digits of the business’s EIN').fill('0000');
  await page.getByLabel('ZIP code').fill(facts.zip);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(
    page.getByText(`If the details match a contract, we have sent a link to ${email}.`),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  const mailbox = await (await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(email)}`)).json();
  expect(mailbox.messages.filter((m: { to: string }) => m.to === email)).toEqual([]);
});

test('says what is missing or wrong, beside each field', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Last 4 digits of your Social Security number').fill('12345');
  await page.getByLabel('Date of birth').fill('02/30/1980');
  await page.getByLabel('Email address').fill('not an address');
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByText('Contract number: Enter the contract number.')).toBeVisible();
  await expect(page.getByText('Enter exactly 4 digits, such as 1234.').first()).toBeVisible();
  await expect(page.getByText('Enter a real date as MM/DD/YYYY, such as 04/02/1980.').first()).toBeVisible();
  await expectNoAxeViolations(page);
});
