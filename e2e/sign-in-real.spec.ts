import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { unusedTotpCode } from './support/staff-sign-in.ts';

/**
 * The whole sign-in journey against the real server, as a person with an authenticator app does
 * it: User ID and password, the app's current code, the account page, sign out. Each project signs
 * in its own demo persona (README), since each code works only once.
 */
const PERSONAS = {
  desktop: { userId: 'maria.garcia', name: 'Maria Garcia', secret: 'IXBGAF5T66MFE6DKO37XMW2CLIWK4GSD' },
  phone: { userId: 'aisha.johnson', name: 'Aisha Johnson', secret: 'XDADSF6WGWDALEHYKEP5VAPIVJ6QVETA' },
} as const;

test('signs in with a password and an authenticator code, then signs out', async ({
  page,
  pageProblems,
}, testInfo) => {
  const persona = PERSONAS[testInfo.project.name as keyof typeof PERSONAS];
  // Other tests fail sign-ins from this same address, so the server may first answer 401 with a
  // proof-of-work challenge, which the page solves and sends again.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(persona.userId);
  await page.getByLabel('Password', { exact: true }).fill('autofin-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL('/sign-in/verify');
  const code = await unusedTotpCode(persona.userId, persona.secret);
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL('/account');
  await expect(page.getByText(`Signed in as ${persona.name}`)).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-signed-in');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText('You have signed out.')).toBeVisible();
  // The session is gone on the server too: the account page's 401 sends the person back to sign in.
  pageProblems.allowFailedRequest('/api/v1/me');
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in/);
});
