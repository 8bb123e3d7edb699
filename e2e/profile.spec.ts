import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { type NewCustomer, registerCustomer } from './support/new-customer.ts';
import { signInThroughPage } from './support/staff-sign-in.ts';

/**
 * A new customer (one per project) opens their profile from the account page, changes the mailing
 * address (a ZIP code that is not one is refused beside the field first), and is told by email;
 * then changes the payment reminder and a notice's channel, which are still set after a reload.
 * Just signed in, the session may make contact changes without a step-up (the server's test covers
 * the refusal after 5 minutes).
 */
const SLOTS: Record<string, number> = { desktop: 21, phone: 22 };

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
  .serial('profile and preferences', () => {
    test.describe.configure({ timeout: 120_000 });
    let customer: NewCustomer;

    test.beforeAll(async ({ playwright }, testInfo) => {
      const slot = SLOTS[testInfo.project.name];
      if (!slot) throw new Error(`no customer slot for project ${testInfo.project.name}`);
      const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
      customer = await registerCustomer(request, slot);
      await request.dispose();
    });

    test('changes the mailing address, after a ZIP code error, and is told by email', async ({
      page,
      pageProblems,
    }) => {
      pageProblems.allowFailedRequest('/api/v1/auth/login');
      await signInThroughPage(page, { ...customer, secret: customer.totpSecret });
      await page.getByRole('link', { name: 'Your profile and communication preferences' }).click();
      await expect(page).toHaveURL('/profile');
      await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
      await expect(page.getByText(customer.displayName, { exact: true })).toBeVisible();
      await expect(page.getByText(customer.email, { exact: true })).toBeVisible();
      await expectNoAxeViolations(page);

      await page.getByRole('button', { name: 'Change mailing address' }).click();
      await page.getByLabel('Street address').fill('500 Walnut Street');
      await page.getByLabel('Apartment, suite or unit (optional)').fill('Unit 7');
      await page.getByLabel('City').fill('Philadelphia');
      await page.getByRole('button', { name: /State$/ }).click();
      await page.getByRole('option', { name: 'Pennsylvania' }).click();
      await page.getByLabel('ZIP code').fill('1910');
      await page.getByRole('button', { name: 'Save address' }).click();
      const zipError = 'The ZIP code must be 5 digits, or ZIP+4 such as 19103-1234.';
      await expect(page.getByRole('link', { name: `ZIP code: ${zipError}` })).toBeVisible();
      await expect(page.getByLabel('ZIP code')).toHaveAttribute('aria-invalid', 'true');
      await expectNoAxeViolations(page);

      await page.getByLabel('ZIP code').fill('19106-1234');
      await page.getByRole('button', { name: 'Save address' }).click();
      await expect(page.getByText('Your mailing address is saved.', { exact: false })).toBeVisible();
      const shown = page.getByTestId('mailing-address');
      await expect(shown).toContainText('500 Walnut Street');
      await expect(shown).toContainText('Unit 7');
      await expect(shown).toContainText('Philadelphia, PA 19106-1234');
      expect((await newestMail(page, customer.email, 'profile-changed')).text).toContain(
        'your mailing address changed to one in Philadelphia, PA 19106-1234.',
      );
      await saveScreenshot(page, 'profile');

      await page.reload();
      await expect(page.getByTestId('mailing-address')).toContainText('Philadelphia, PA 19106-1234');
    });

    test('changes the reminder days and a channel; they stay after a reload', async ({
      page,
      pageProblems,
    }) => {
      pageProblems.allowFailedRequest('/api/v1/auth/login');
      await signInThroughPage(page, { ...customer, secret: customer.totpSecret });
      await page.goto('/profile');
      const posted = page.getByRole('checkbox', { name: 'Payment posted by Email' });
      await expect(posted).toBeChecked();
      await expect(page.getByRole('checkbox', { name: 'Security alerts by Email' })).toBeDisabled();
      // No confirmed mobile number yet: text messages cannot be chosen.
      await expect(page.getByRole('checkbox', { name: 'Payment posted by Text' })).toBeDisabled();

      // The box drawn over the hidden input takes the pointer, so choose it as a keyboard user does.
      await posted.focus();
      await page.keyboard.press('Space');
      await expect(posted).not.toBeChecked();
      await page.getByRole('button', { name: /Send the payment reminder$/ }).click();
      await page.getByRole('option', { name: '10 days before' }).click();
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await expect(page.getByText('Your preferences are saved.')).toBeVisible();
      await expectNoAxeViolations(page);

      await page.reload();
      await expect(page.getByRole('checkbox', { name: 'Payment posted by Email' })).not.toBeChecked();
      await expect(page.getByRole('checkbox', { name: 'Payment due reminder by Email' })).toBeChecked();
      await expect(page.getByRole('button', { name: /Send the payment reminder$/ })).toContainText(
        '10 days before',
      );
    });
  });
