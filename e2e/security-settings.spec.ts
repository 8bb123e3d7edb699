import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { type NewCustomer, registerCustomer } from './support/new-customer.ts';
import { signInThroughPage, unusedTotpCode } from './support/staff-sign-in.ts';

/**
 * A new customer (one per project: their TOTP codes and failures are their own) who forgets their
 * User ID and password, resets it by mail and signs in; then, in the security settings, confirms it
 * is them, changes the password, looks at their devices and sign-in history, renews the recovery
 * codes and signs out everywhere. The two journeys run in order with the same customer.
 */
const SLOTS: Record<string, number> = { desktop: 3, phone: 4 };

/** The newest mail to `to` made from `template`, from the demo mailbox. */
async function newestMail(page: Page, to: string, template: string): Promise<{ text: string }> {
  const { messages } = (await (
    await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(to)}`)
  ).json()) as {
    messages: { to: string; template: string; text: string }[];
  };
  const mail = messages.find((m) => m.to === to && m.template === template);
  if (!mail) throw new Error(`no ${template} mail to ${to}`);
  return mail;
}

test.describe
  .serial('recovery and security settings', () => {
    test.describe.configure({ timeout: 150_000 });
    let customer: NewCustomer;
    // The password the account has now: the journeys change it twice.
    let password = '';

    test.beforeAll(async ({ playwright }, testInfo) => {
      const slot = SLOTS[testInfo.project.name];
      if (!slot) throw new Error(`no customer slot for project ${testInfo.project.name}`);
      const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
      customer = await registerCustomer(request, slot);
      await request.dispose();
    });

    test('forgot User ID and password: reminder and reset link by mail, then sign-in with the new password', async ({
      page,
      pageProblems,
    }) => {
      // The forgot forms may ask for a proof of work (a 401 the page answers itself); the weak password is a 400.
      for (const path of ['user-id/forgot', 'password/forgot', 'password/reset', 'login']) {
        pageProblems.allowFailedRequest(`/api/v1/auth/${path}`);
      }

      await page.goto('/forgot-user-id');
      await page.getByLabel('Email address').fill(customer.email);
      await page.getByRole('button', { name: 'Email my User ID' }).click();
      await expect(
        page.getByText('If that email address matches an account, we have sent its User ID to it.'),
      ).toBeVisible();
      expect((await newestMail(page, customer.email, 'user-id-reminder')).text).toContain(customer.userId);

      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await expect(page).toHaveURL('/forgot-password');
      await page.getByLabel('User ID').fill(customer.userId);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await expect(page.getByText(/If that User ID matches an account, we have sent a link/)).toBeVisible();
      await expect(page.locator('.confirmation')).toBeFocused();
      await expectNoAxeViolations(page);

      const { text } = await newestMail(page, customer.email, 'password-reset');
      const link = new URL(/https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(text)?.[0] ?? '');
      await page.goto(`${link.pathname}${link.search}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();

      // The server's reason for refusing a password is shown on the field.
      const field = page.getByLabel('New password', { exact: true });
      await field.fill('password1234');
      await page.getByRole('button', { name: 'Save new password' }).click();
      await expect(field).toHaveAccessibleDescription(/too common or too easy to guess/);
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'reset-password-refused');

      password = `quiet harbor ${randomBytes(4).toString('hex')} evening`;
      await field.fill(password);
      await page.getByRole('button', { name: 'Save new password' }).click();
      await expect(
        page.getByText('Your password is changed. You still need your second factor to sign in.'),
      ).toBeVisible();
      await expectNoAxeViolations(page);
      await page.locator('.confirmation').getByRole('link', { name: 'Sign in' }).click();
      await expect(page).toHaveURL('/sign-in');

      await signInThroughPage(page, { userId: customer.userId, password, secret: customer.totpSecret });
      await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
    });

    test('step-up, password change, devices, history, recovery codes, sign out everywhere', async ({
      page,
      pageProblems,
    }) => {
      pageProblems.allowFailedRequest('/api/v1/auth/login');
      // A sign-in is itself a recent proof for 5 minutes. To meet the page as it is after those
      // minutes, without waiting them, /me reaches the page without its step-up time until the
      // step-up is done; the step-up itself is the server's, with the password and a fresh code.
      await page.route('**/api/v1/me', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        await route.fulfill({ response, json: { ...body, session: { ...body.session, stepUpUntil: null } } });
      });
      await signInThroughPage(page, { userId: customer.userId, password, secret: customer.totpSecret });
      await page.getByRole('link', { name: 'Security settings' }).click();
      await expect(page).toHaveURL('/account/security');

      const panel = page.getByRole('region', { name: 'Confirm it’s you to change these settings' });
      await expect(panel).toBeVisible();
      const passwordSection = page.getByRole('region', { name: 'Password', exact: true });
      await expect(passwordSection.getByText('To change this, first confirm it’s you.')).toBeVisible();
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'security-step-up');

      // A section sends the person to the panel.
      await passwordSection.getByRole('button', { name: 'Confirm it’s you' }).click();
      await expect(panel).toBeFocused();
      await panel.getByLabel('Password', { exact: true }).fill(password);
      await expect(panel.getByRole('radio', { name: 'Your authenticator app' })).toBeChecked();
      await panel
        .getByLabel('6-digit code from your app')
        .fill(await unusedTotpCode(customer.userId, customer.totpSecret));
      await page.unroute('**/api/v1/me');
      await panel.getByRole('button', { name: 'Confirm' }).click();
      const allowed = page.getByRole('status').filter({ hasText: 'You can change your settings until' });
      await expect(allowed).toBeVisible();
      await expect(allowed).toBeFocused();
      await expect(passwordSection.getByText('To change this, first confirm it’s you.')).toHaveCount(0);

      const newer = `amber lighthouse ${randomBytes(4).toString('hex')} tides`;
      await passwordSection.getByLabel('Current password', { exact: true }).fill(password);
      await passwordSection.getByLabel('New password', { exact: true }).fill(newer);
      await passwordSection.getByRole('button', { name: 'Change password' }).click();
      await expect(
        passwordSection.getByText(/Your password is changed\. You are still signed in here/),
      ).toBeVisible();
      await expect(passwordSection.getByLabel('Current password', { exact: true })).toHaveValue('');
      password = newer;

      const devices = page.getByRole('region', { name: 'Devices and sessions' });
      const here = devices.getByRole('listitem').filter({ hasText: 'This device' });
      await expect(here).toHaveCount(1);
      await expect(here).toContainText('127.0.0.1');
      await expect(devices.getByText('You are signed in on this device only.')).toBeVisible();

      const history = page.getByRole('region', { name: 'Sign-in history' });
      await expect(history.getByRole('table')).toBeVisible();
      // Newest first: the step-up, then this sign-in's two steps.
      const rows = history.getByRole('row');
      await expect(rows.nth(1)).toContainText('Confirmed it was you');
      await expect(rows.nth(2)).toContainText('Signed in');
      await expect(rows.nth(3)).toContainText('Right password; second step asked');

      const authenticator = page.getByRole('region', { name: 'Authenticator app', exact: true });
      await expect(
        authenticator.getByText('You sign in with codes from an authenticator app.'),
      ).toBeVisible();
      await authenticator.getByRole('button', { name: 'Get new recovery codes' }).click();
      const codes = page.getByRole('region', { name: 'Your new recovery codes' });
      await expect(codes).toBeFocused();
      await expect(codes.getByRole('listitem')).toHaveCount(10);
      for (const code of await codes.getByRole('listitem').allTextContents()) {
        expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
      }
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'security-settings');
      await codes.getByRole('button', { name: 'I have saved my codes' }).click();
      await expect(codes).toHaveCount(0);
      await expect(authenticator.getByRole('heading', { name: 'Recovery codes' })).toBeFocused();

      await devices.getByRole('button', { name: 'Sign out of all devices' }).click();
      await expect(page).toHaveURL('/sign-in');
      await expect(page.getByText('You have signed out.')).toBeVisible();
      // The session is gone on the server: the account page sends the person to sign in again.
      pageProblems.allowFailedRequest('/api/v1/me');
      await page.goto('/account');
      await expect(page).toHaveURL(/\/sign-in/);
    });
  });
