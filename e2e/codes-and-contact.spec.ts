import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { type NewCustomer, registerCustomer, totpCode } from './support/new-customer.ts';

// The account page also lists the accounts and notices; these mocked journeys are about codes, so it has none.
test.beforeEach(async ({ page }) => {
  await page.route('**/api/v1/accounts', (route) => route.fulfill({ json: { accounts: [] } }));
  await page.route('**/api/v1/notices', (route) => route.fulfill({ json: { notices: [] } }));
});

/*
 * A new customer adds a mobile number, turns on sign-in codes by text message and signs in with one;
 * then changes their email address through the link mailed to the new one. Each project registers
 * its own demo customer (slots 9 and 10): codes and mail are per person.
 */
const SLOTS = { desktop: 9, phone: 10 } as const;
const PHONES = {
  desktop: ['(201) 555-0191', '+12015550191'],
  phone: ['201-555-0192', '+12015550192'],
} as const;

type Message = { channel: 'email' | 'sms'; to: string; template: string; text: string };

/** The newest message (mail or text) to `to` made by `template`, from the demo mailbox. */
async function lastMessage(page: Page, to: string, template: string): Promise<Message> {
  let found: Message | undefined;
  await expect(async () => {
    const response = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: Message[] };
    found = messages.find((m) => m.to === to && m.template === template);
    expect(found).toBeDefined();
  }).toPass({ timeout: 5_000 });
  return found!;
}

async function lastCode(page: Page, to: string): Promise<string> {
  const message = await lastMessage(page, to, 'one-time-code');
  const code = /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!code) throw new Error(`no code in the message to ${to}`);
  return code;
}

async function signInWithApp(page: Page, customer: NewCustomer): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(customer.userId);
  await page.getByLabel('Password', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  await page.getByLabel('6-digit code').fill(totpCode(customer.totpSecret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
}

/** A sign-in is a proof for 5 minutes; should the page still ask, the password and the app's next code give one. */
async function stepUpIfAsked(page: Page, customer: NewCustomer): Promise<void> {
  const until = page.getByText(/You can change your settings until/);
  const panel = page.getByRole('region', { name: 'Confirm it’s you to change these settings' });
  await expect(until.or(panel)).toBeVisible();
  if (await until.isVisible()) return;
  await panel.getByLabel('Password', { exact: true }).fill(customer.password);
  await panel.getByLabel('6-digit code from your app').fill(totpCode(customer.totpSecret, 1));
  await panel.getByRole('button', { name: 'Confirm' }).click();
  await expect(until).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

test('adds a mobile number, signs in with a texted code, and changes the email address', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  test.setTimeout(90_000);
  const project = testInfo.project.name as keyof typeof SLOTS;
  const [typedPhone, phone] = PHONES[project];
  const customer = await registerCustomer(request, SLOTS[project]);
  // Other specs fail sign-ins from this address: the first answer may be the proof-of-work challenge.
  pageProblems.allowFailedRequest('/api/v1/auth/login');

  await signInWithApp(page, customer);
  await page.getByRole('link', { name: 'Security settings' }).click();
  await expect(page).toHaveURL('/account/security');
  await stepUpIfAsked(page, customer);

  const contact = page.getByRole('region', { name: 'Email and mobile phone' });
  await expect(contact.getByText(customer.email, { exact: true })).toBeVisible();
  await expect(contact.getByText('No mobile number yet.')).toBeVisible();
  await contact.getByRole('button', { name: 'Add a mobile number' }).click();
  const number = contact.getByLabel('Mobile number');
  await expect(number).toBeFocused();
  await number.fill(typedPhone);
  await contact.getByRole('button', { name: 'Text me a code' }).click();
  await expect(contact.getByText(`We sent a code to •••-•••-${phone.slice(-4)}.`)).toBeVisible();
  const code = contact.getByLabel('6-digit code');
  await expect(code).toBeFocused();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'contact-phone-code');
  await code.fill(await lastCode(page, phone));
  await contact.getByRole('button', { name: 'Confirm my number' }).click();
  await expect(contact.getByText('Your mobile number is saved.')).toBeVisible();
  await expect(contact.getByText(project === 'desktop' ? '(201) 555-0191' : '(201) 555-0192')).toBeVisible();

  await contact.getByRole('button', { name: 'Send me codes by text message' }).click();
  await expect(contact.getByText('Codes by text message: on.')).toBeVisible();
  await expect(contact.getByText('We will text you a code when you sign in.')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'contact-section');
  // The owner is told by email about each change.
  expect((await lastMessage(page, customer.email, 'security-change')).text).toContain(
    'sign-in codes by text message',
  );

  await signOut(page);
  await page.getByLabel('User ID').fill(customer.userId);
  await page.getByLabel('Password', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  await page.getByRole('button', { name: 'Text me a code' }).click();
  await expect(
    page.getByText(`We texted a code to •••-•••-${phone.slice(-4)}.`, { exact: false }),
  ).toBeVisible();
  const smsCode = page.getByLabel('Code from the text message');
  await expect(smsCode).toBeFocused();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'verify-text-message');
  await smsCode.fill(await lastCode(page, phone));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();

  // A new email address: a link to it, opened (here in the same browser), and a notice to the old one.
  await page.getByRole('link', { name: 'Security settings' }).click();
  await stepUpIfAsked(page, customer);
  const newEmail = customer.email.replace('@', '.moved@');
  await contact.getByRole('button', { name: 'Change email address' }).click();
  await contact.getByLabel('New email address').fill(newEmail);
  await contact.getByRole('button', { name: 'Send the confirmation link' }).click();
  await expect(contact.getByText(`We sent a link to ${newEmail}.`, { exact: false }).first()).toBeVisible();
  const link = await lastMessage(page, newEmail, 'email-change-verify');
  const address = /https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(link.text)?.[0];
  expect(address).toBeDefined();
  await page.goto(new URL(address!).pathname + new URL(address!).search);
  await expect(page.getByRole('heading', { level: 1, name: 'Confirm your new email address' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my new email address' }).click();
  await expect(page.getByText(`Your email address is now ${newEmail}.`)).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'verify-email');
  const notice = await lastMessage(page, customer.email, 'email-changed');
  expect(notice.text).toContain('was changed to');

  // The link works once.
  await page.reload();
  pageProblems.allowFailedRequest('/api/v1/security/email/confirm');
  await page.getByRole('button', { name: 'Confirm my new email address' }).click();
  await expect(page.getByRole('alert')).toContainText('This link has expired or was already used.');
});

test('offers every factor the server lists, and a code by email with a resend', async ({ page, baseURL }) => {
  // The sign-in API mocked: a person with the app, email codes, a passkey and recovery codes.
  await page.context().addCookies([{ name: 'autofin_csrf', value: 'csrf-for-the-test', url: baseURL! }]);
  const bodies: Record<string, unknown[]> = {};
  const answer = async (path: string, status: number, body: unknown) => {
    await page.route(`**${path}`, async (route) => {
      bodies[path] = [...(bodies[path] ?? []), route.request().postDataJSON()];
      await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    });
  };
  await answer('/api/v1/auth/login', 200, {
    next: 'factor',
    factors: ['passkey', 'totp', 'email', 'recovery'],
  });
  await answer('/api/v1/auth/factor/code', 200, { sentTo: 'j•••••••@example.com' });
  await answer('/api/v1/auth/factor', 200, { next: 'done' });
  const now = Date.now();
  await answer('/api/v1/me', 200, {
    userId: 'jordan.lee',
    displayName: 'Jordan Lee',
    email: 'jordan.lee@example.com',
    kind: 'customer',
    hasOwnContracts: true,
    memberships: [],
    session: {
      idleExpiresAt: new Date(now + 15 * 60_000).toISOString(),
      expiresAt: new Date(now + 12 * 60 * 60_000).toISOString(),
      stepUpUntil: null,
    },
  });

  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill('jordan.lee');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  // The passkey comes first, and waits for the person to press.
  await expect(page.getByRole('button', { name: 'Use your passkey' })).toBeVisible();
  const otherWays = page.getByRole('region', { name: 'Other ways to confirm it’s you' });
  await expect(otherWays.getByRole('button')).toHaveText([
    'Use your authenticator app instead',
    'Email me a code',
    'Use a recovery code instead',
  ]);
  await expectNoAxeViolations(page);

  await otherWays.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByText('We emailed a code to j•••••••@example.com.')).toBeVisible();
  await expect(page.getByLabel('Code from the email')).toBeFocused();
  await expect(otherWays.getByRole('button', { name: 'Use your passkey' })).toBeVisible();
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect.poll(() => bodies['/api/v1/auth/factor/code']?.length).toBe(2);
  await expect(page.getByText('We sent a new code to j•••••••@example.com.')).toBeVisible();
  await page.getByLabel('Code from the email').fill('12345');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('link', { name: /Code from the email/ })).toBeVisible();
  await page.getByLabel('Code from the email').fill('123 456');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();
  expect(bodies['/api/v1/auth/factor/code']).toEqual([{ channel: 'email' }, { channel: 'email' }]);
  expect(bodies['/api/v1/auth/factor']).toEqual([{ method: 'email', code: '123456' }]);
});
