import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { totpCode } from './support/new-customer.ts';
import { signInThroughPage, unusedTotpCode } from './support/staff-sign-in.ts';

/**
 * Issue 16: a holder gives someone who is not on the contract access to the account. The holder
 * (Maria Garcia's loan on the desktop, Aisha Johnson's lease on the phone: demo personas, as every
 * new-customer slot is taken) invites a new address to view and pay; the invitee opens the mailed
 * link on a phone, makes a login with an authenticator app and lands on the access shared with
 * them; pays with a bank account of their own; the holder sees who paid, changes the grant to view
 * only (the Pay link goes), then revokes it, and the grantee's very next click says the access ended.
 */
const HOLDERS = {
  desktop: {
    userId: 'maria.garcia',
    name: 'Maria Garcia',
    secret: 'IXBGAF5T66MFE6DKO37XMW2CLIWK4GSD',
    contract: 'RIC-1001-2025',
  },
  phone: {
    userId: 'aisha.johnson',
    name: 'Aisha Johnson',
    secret: 'XDADSF6WGWDALEHYKEP5VAPIVJ6QVETA',
    contract: 'LSE-2001-2025',
  },
} as const;
const PASSWORD = 'autofin-demo-2026';

// A control that is not there fails the step at once, not at the end of the long journey's time.
test.use({ actionTimeout: 30_000 });

/** Chooses a radio button from the keyboard (react-aria's input sits hidden under its label). */
async function choose(page: Page, radio: Locator) {
  await radio.focus();
  await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
}

/** The grant invitation link the demo mailbox holds for `email`, as a path on this portal. */
async function invitationLink(page: Page, email: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const response = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(email)}`);
    const { messages } = (await response.json()) as { messages: { template: string; text: string }[] };
    const mail = messages.find((m) => m.template === 'contract-grant-invitation');
    const url = mail && /https?:\/\/\S+\/grant-invitation\?token=\S+/.exec(mail.text)?.[0];
    expect(url).toBeTruthy();
    const { pathname, search } = new URL(url ?? '');
    link = pathname + search;
  }).toPass({ timeout: 10_000 });
  return link;
}

/**
 * A holder's change needs a sign-in of the last 5 minutes: on a busy machine the journey can take
 * longer, and then the page's step-up panel asks for the password and a code first.
 */
async function confirmIfAsked(page: Page, holder: (typeof HOLDERS)[keyof typeof HOLDERS]) {
  const panel = page.getByRole('region', { name: 'Confirm it’s you to change these settings' });
  // Signed in less than 5 minutes ago, the panel is a line saying until when changes are allowed.
  if (!(await panel.isVisible())) return;
  await panel.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await panel.getByLabel('6-digit code').fill(await unusedTotpCode(holder.userId, holder.secret));
  await panel.getByRole('button', { name: /^Confirm/ }).click();
  await expect(page.getByText(/You can change your settings until/)).toBeVisible();
}

/** A new browser at a phone's width, for the invitee (their own cookies: nobody is signed in). */
async function phoneContext(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 780 },
    isMobile: true,
  });
  return { context, page: await context.newPage() };
}

test('a holder shares an account to view and pay; the grantee joins on a phone, pays, and loses access when revoked', async ({
  page,
  browser,
  pageProblems,
}, testInfo) => {
  // Two people, a sign-in, a new login with a factor and a payment, each page scanned: minutes.
  test.setTimeout(420_000);
  const holder = HOLDERS[testInfo.project.name as keyof typeof HOLDERS];
  const run = `${testInfo.project.name}-${randomBytes(3).toString('hex')}`;
  const email = `grantee-${run}@example.com`;
  const granteeName = `Robin Vega ${run.slice(-4)}`;
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  pageProblems.allowFailedRequest('/api/v1/auth/factor');
  await signInThroughPage(page, { userId: holder.userId, password: PASSWORD, secret: holder.secret });

  // The holder invites someone from the contract's "People with access" tab.
  await page.goto(`/accounts/${holder.contract}`);
  await page.getByRole('link', { name: 'People with access' }).click();
  await expect(page).toHaveURL(`/accounts/${holder.contract}/access`);
  await expect(page.getByRole('heading', { level: 2, name: 'People with access' })).toBeVisible();
  await page.getByLabel('Their name').fill(granteeName);
  await page.getByLabel('Their email address').fill(email);
  const invite = page.getByRole('region', { name: 'Invite someone' });
  await expect(invite.getByText(/Never, with either: AutoPay, your payment methods/)).toBeVisible();
  await choose(page, invite.getByRole('radio', { name: /^View and pay\s*:/ }));
  await expectNoAxeViolations(page);
  await confirmIfAsked(page, holder);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').getByText(`${granteeName} is invited`)).toBeVisible();
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: granteeName }) });
  await expect(item).toContainText('Invited');
  await expect(item).toContainText('View and pay');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'grants-access');

  // The invitee opens the mailed link on a phone and makes a login there.
  const link = await invitationLink(page, email);
  const grantee = await phoneContext(browser, testInfo.project.use.baseURL);
  const g = grantee.page;
  try {
    await g.goto(link);
    await expect(g.getByRole('heading', { level: 1, name: 'Access to an account' })).toBeVisible();
    await expect(
      g.getByText(new RegExp(`^${holder.name} invites you to .*: View and pay\\.$`)),
    ).toBeVisible();
    await expectNoAxeViolations(g);
    await saveScreenshot(g, 'grants-invitation');
    const userId = `grantee.${run}`;
    await g.getByLabel('Your name').fill(granteeName);
    await g.getByLabel('User ID').fill(userId);
    await g.getByLabel('Password', { exact: true }).fill('harbor lantern violet morning');
    await g.getByRole('button', { name: 'Create login and accept' }).click();
    await expect(g).toHaveURL('/sign-in/set-up');
    await g.getByRole('button', { name: 'Use an authenticator app' }).click();
    const key = (await g.locator('.totp-setup__key code').textContent()) ?? '';
    await g.getByLabel('6-digit code').fill(totpCode(key.replaceAll(' ', '')));
    await g.getByRole('button', { name: 'Confirm' }).click();
    await g.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await expect(g).toHaveURL(/\/shared-with-me\?accepted=/);
    await expect(g.getByText('Your login is ready and the invitation is accepted.')).toBeVisible();
    await expect(g.getByRole('heading', { name: `Account ${holder.contract}` })).toBeVisible();
    await expectNoAxeViolations(g);

    // The dashboard shows the shared account apart, without AutoPay.
    await g.goto('/account');
    const shared = g.getByRole('region', { name: 'Shared with you' });
    const card = shared.getByRole('listitem').filter({ hasText: holder.contract });
    await expect(card).toContainText(`Shared with you by ${holder.name} · view and pay`);
    await expect(card.getByText('AutoPay')).toHaveCount(0);
    await expectNoAxeViolations(g);
    await saveScreenshot(g, 'grants-dashboard');

    // A grantee's contract pages are the account's own: no payoff, vehicle or access tabs.
    await card.getByRole('link', { name: /^View/ }).first().click();
    const tabs = g.getByRole('navigation', { name: 'Account pages' });
    await expect(tabs.getByRole('link', { name: 'Activity' })).toBeVisible();
    await expect(tabs.getByRole('link', { name: 'People with access' })).toHaveCount(0);
    await expect(tabs.getByRole('link', { name: /payoff/i })).toHaveCount(0);

    // They pay with a bank account of their own.
    await g.goto('/payment-methods');
    await g.getByRole('button', { name: 'Add a bank account' }).click();
    await g.getByLabel('Name on the account').fill(granteeName);
    await g.getByLabel('Routing number').fill('021000021');
    await g.getByLabel('Account number').fill('87654321');
    await g.getByLabel('Nickname (optional)').fill('Robin checking');
    await g.getByRole('button', { name: 'Add bank account' }).click();
    await expect(g.getByRole('status').getByText('Robin checking ••••4321 is added.')).toBeVisible();
    await g.goto('/account');
    await card.getByRole('link', { name: 'Make a payment' }).click();
    await expect(g).toHaveURL(`/payments/new?account=${holder.contract}`);
    const due = g.getByRole('radio', { name: /^(Amount due|Next payment)/ });
    await choose(g, due);
    await g.getByRole('button', { name: 'Continue' }).click();
    await expect(g.getByRole('radio', { name: 'Robin checking ••••4321' })).toBeChecked();
    await g.getByRole('button', { name: 'Continue' }).click();
    await expect(g.getByRole('radio', { name: 'Today' })).toBeChecked();
    await g.getByRole('button', { name: 'Review payment' }).click();
    await expect(g.getByTestId('payment-review')).toContainText('Robin checking ••••4321');
    await g.getByRole('button', { name: 'Pay', exact: true }).click();
    await expect(g.getByRole('heading', { level: 1, name: 'Payment receipt' })).toBeVisible();
    await expect(g.getByTestId('paid-by')).toHaveText(`${granteeName}, authorized payer`);
    await expectNoAxeViolations(g);

    // The holder sees who paid.
    await page.goto(`/accounts/${holder.contract}/activity`);
    await expect(page.getByText(`Paid by ${granteeName}, authorized payer`).first()).toBeVisible();

    // The holder makes it view only: the grantee's dashboard no longer offers to pay.
    await page.goto(`/accounts/${holder.contract}/access`);
    const active = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: granteeName }) });
    await expect(active).toContainText('Active');
    await choose(page, active.getByRole('radio', { name: /^View\s*:/ }));
    await confirmIfAsked(page, holder);
    await active.getByRole('button', { name: 'Save changes' }).click();
    await expect(
      page.getByRole('status').getByText(`The access of ${granteeName} is changed.`),
    ).toBeVisible();
    await g.goto('/account');
    await expect(card).toContainText(`Shared with you by ${holder.name} · view only`);
    await expect(card.getByRole('link', { name: 'Make a payment' })).toHaveCount(0);
    await card.getByRole('link', { name: /^View/ }).first().click();
    await expect(tabs.getByRole('link', { name: 'Activity' })).toBeVisible();

    // The holder revokes it; the grantee's next click says the access has ended.
    await confirmIfAsked(page, holder);
    await page.getByRole('button', { name: `Revoke access of ${granteeName}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Revoke access of ${granteeName}?` });
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Revoke access' }).click();
    await expect(
      page.getByRole('status').getByText(`The access of ${granteeName} is revoked.`),
    ).toBeVisible();
    await expect(
      page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: granteeName }) }),
    ).toContainText('Revoked');

    await tabs.getByRole('link', { name: 'Activity' }).click();
    await expect(g.getByRole('alert')).toContainText('This access has ended.');
    await expect(g.getByRole('link', { name: 'Go to your dashboard' })).toBeVisible();
    await expectNoAxeViolations(g);
    await saveScreenshot(g, 'grants-ended');
  } finally {
    await grantee.context.close();
  }
});

test('a used or unknown invitation link says so plainly', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/v1/grant-invitations/describe');
  await page.goto('/grant-invitation?token=not-a-real-token');
  await expect(page.getByRole('alert')).toContainText('This invitation link no longer works');
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  await expectNoAxeViolations(page);
});
