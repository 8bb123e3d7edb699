import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { demoRegistration, registerCustomer } from './support/new-customer.ts';
import { openSupportConsole, STAFF, signInThroughPage } from './support/staff-sign-in.ts';

/**
 * Lockout and staff unlock: ten wrong passwords lock a fresh customer's account for 24 hours and
 * mail them; a staff member finds them by contract number, verifies the caller and unlocks; the
 * customer signs in again. Each project has its own customer and staff member (a code works once):
 * the desktop's agent, and the phone's supervisor, who then finds the unlock in the audit log.
 */
const PROJECTS = {
  desktop: { slot: 5, staff: STAFF.agent },
  phone: { slot: 6, staff: STAFF.supervisor },
} as const;

test('ten wrong passwords lock the account; a staff member unlocks it for the verified caller', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  const { slot, staff } = PROJECTS[testInfo.project.name as keyof typeof PROJECTS];
  const facts = demoRegistration(slot);
  const customer = await registerCustomer(page.context().request, slot);
  // Wrong passwords answer 401 (and the proof-of-work challenge after the third), the lock 423.
  pageProblems.allowFailedRequest('/api/v1/auth/login');

  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(customer.userId);
  const password = page.getByLabel('Password', { exact: true });
  for (let attempt = 1; attempt <= 10; attempt++) {
    await password.fill(`not my password ${attempt}`);
    const refused = page.waitForResponse(
      async (r) =>
        r.url().endsWith('/api/v1/auth/login') &&
        (await r.json().catch(() => ({})))?.error?.code === 'AUTH.INVALID_CREDENTIALS',
    );
    await page.getByRole('button', { name: 'Sign in' }).click();
    await refused;
    await expect(page.getByRole('alert')).toHaveText('The User ID or password is not right.');
  }
  await password.fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('locked');
  await expect(page.getByRole('alert')).toContainText('Wait 24 hours, or call us');
  await expect(page).toHaveURL('/sign-in');

  const mailbox = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(customer.email)}`);
  const { messages } = (await mailbox.json()) as {
    messages: { to: string; template: string; text: string }[];
  };
  const lockMail = messages.find((m) => m.to === customer.email && m.template === 'account-locked');
  expect(lockMail?.text).toContain(customer.userId);

  // The caller rings support: find them by contract number, check who they are, unlock.
  await openSupportConsole(page, staff);
  await page.getByLabel('Name, email, phone or contract number').fill(facts.contractNumber);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 customer matches' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: facts.displayName }).click();
  await expect(page.getByRole('heading', { level: 1, name: facts.displayName })).toBeVisible();

  const login = page.getByRole('article', { name: `User ID ${customer.userId}` });
  await expect(login).toContainText('Locked until');
  await expect(login.getByRole('button', { name: 'Unlock' })).toBeDisabled();
  await page.getByLabel('Date of birth').fill(facts.dateOfBirth);
  await page.getByLabel('Last 4 digits of the SSN').fill(facts.taxIdLast4);
  await page.getByLabel('ZIP code').fill(facts.zip);
  await page.getByRole('button', { name: 'Check the details' }).click();
  await expect(page.getByText('The details match: the caller is verified.')).toBeVisible();
  await expect(page.getByLabel('Date of birth')).toHaveValue('');

  await login.getByRole('button', { name: 'Unlock' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Unlock ${customer.userId}?` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog).toBeHidden();
  const done = page.getByText(`${customer.userId} is unlocked. The customer can sign in now.`);
  await expect(done).toBeFocused();
  await expect(login).toContainText('Not locked');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'staff-customer-unlocked');

  if (staff === STAFF.supervisor) {
    // The unlock is on the record, by name.
    await page.goto('/staff/audit');
    await page.getByLabel('What').fill('staff.unlock_user');
    await page.getByLabel('About').fill(customer.userId);
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.getByRole('row').filter({ hasText: 'staff.unlock_user' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`${staff.name} (${staff.userId})`);
    await expect(row).toContainText(customer.userId);
    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'staff-audit-log');
  }

  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The customer signs in again as usual, and the console is not theirs to open.
  await signInThroughPage(page, {
    userId: customer.userId,
    password: customer.password,
    secret: customer.totpSecret,
  });
  await expect(page.getByText(`Signed in as ${customer.displayName}`)).toBeVisible();
  pageProblems.allowFailedRequest('/api/v1/staff/profile');
  await page.goto('/staff');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
