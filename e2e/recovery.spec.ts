import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';

/**
 * The recovery pages with nobody's account: the forgot forms answer the same whatever the server
 * knows, and a reset link that is not (or no longer) valid leads to a new one. The journeys with a
 * real account (User ID reminder, reset by mail, sign-in after it) are in security-settings.spec.ts,
 * with the customer registered there.
 */

test('forgot User ID: an unknown address gets the same answer as any, and no mail', async ({
  page,
  pageProblems,
}, testInfo) => {
  // After a few tries from one address the server asks for a proof of work; the page solves it.
  pageProblems.allowFailedRequest('/api/v1/auth/user-id/forgot');
  const address = `nobody-${testInfo.project.name}-${Date.now()}@example.com`;
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot your User ID?' }).click();
  await expect(page).toHaveURL('/forgot-user-id');
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your User ID?' })).toBeVisible();

  // The form says what is missing before asking the server.
  await page.getByRole('button', { name: 'Email my User ID' }).click();
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter your email address/);

  await page.getByLabel('Email address').fill(address);
  await page.getByRole('button', { name: 'Email my User ID' }).click();
  const sent = page.getByText('If that email address matches an account, we have sent its User ID to it.');
  await expect(sent).toBeVisible();
  // The form is gone: the message has the focus, so it is read out and the keyboard goes on from it.
  await expect(page.locator('.confirmation')).toBeFocused();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'forgot-user-id-sent');

  const mailbox = await (
    await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(address)}`)
  ).json();
  expect(mailbox.messages.filter((m: { to: string }) => m.to === address)).toEqual([]);
});

test('reset page: a link that is not valid says so and leads to a new one', async ({
  page,
  pageProblems,
}) => {
  pageProblems.allowFailedRequest('/api/v1/auth/password/reset');
  await page.goto('/reset-password?token=not-a-real-token');
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('New password', { exact: true }).fill('violet kettle drums at noon');
  await page.getByRole('button', { name: 'Save new password' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This link has expired or was already used');
  await expect(alert).toBeFocused();
  await expectNoAxeViolations(page);

  await alert.getByRole('link', { name: 'Ask for a new link' }).click();
  await expect(page).toHaveURL('/forgot-password');
  await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Without any token there is nothing to try: the page says so at once.
  await page.goto('/reset-password');
  await expect(page.getByRole('alert')).toContainText('This link has expired or was already used');
});

test('the password on the reset page can be shown and hidden', async ({ page }) => {
  await page.goto('/reset-password?token=any');
  const field = page.getByLabel('New password', { exact: true });
  await field.fill('lanterns over a quiet river');
  await expect(field).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show New password' }).click();
  await expect(field).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide New password' }).click();
  await expect(field).toHaveAttribute('type', 'password');
});
