import type { CDPSession, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { unusedTotpCode } from './support/staff-sign-in.ts';

/**
 * Passkeys in real Chromium, with its virtual authenticator (Chrome DevTools Protocol, WebAuthn
 * domain) standing in for a fingerprint reader: the person signs in with the password and a code,
 * adds a passkey in the security settings, signs out, and signs in with the passkey alone.
 * Browsers refuse an IP address as a passkey's domain, so the journey runs at localhost rather than
 * the suite's 127.0.0.1 (and all of it there: cookies belong to one host). Each project uses its
 * own demo persona (README), since each authenticator code works only once: a consumer, whose home
 * is their account page with its link to the security settings, and a fleet admin, whose home is
 * the fleet and who finds the security settings in the navigation.
 */
const PERSONAS = {
  desktop: {
    userId: 'james.smith',
    secret: 'YR7FAQIBKBNSOOSUHTTFLMV2NQ2BJKR5',
    home: /\/account$/,
    homeHeading: 'Your account',
    securityInNavigation: false,
  },
  phone: {
    userId: 'keystone.fleet',
    secret: '5ZR6NDMPDV5WJ6AYPIURAJ73Y37A2J55',
    home: /\/fleet\/[0-9a-f-]{36}$/,
    homeHeading: 'Keystone Logistics LLC: fleet',
    securityInNavigation: true,
  },
} as const;

/** The security settings: a consumer's account page links them; a fleet member's navigation has them. */
async function openSecuritySettings(page: Page, inNavigation: boolean): Promise<void> {
  const where = inNavigation ? await openNavigation(page) : page.getByRole('main');
  await where.getByRole('link', { name: 'Security settings' }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
}

/**
 * A platform authenticator that holds passkeys; `isUserVerified` says whether the person passes its
 * fingerprint or PIN check (when not, the browser's prompt ends without a passkey).
 */
async function addVirtualAuthenticator(page: Page, isUserVerified = true): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

/** The suite's server at localhost: passkeys need a host name. */
function localhost(path: string): string {
  const url = new URL(path, String(test.info().project.use.baseURL));
  url.hostname = 'localhost';
  return url.toString();
}

test('adds a passkey in the security settings, then signs in with it alone', async ({
  page,
  pageProblems,
}, testInfo) => {
  const persona = PERSONAS[testInfo.project.name as keyof typeof PERSONAS];
  // Other tests fail sign-ins from this address, so the server may first ask for a proof of work.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await addVirtualAuthenticator(page);

  await page.goto(localhost('/sign-in'));
  await page.getByLabel('User ID').fill(persona.userId);
  await page.getByLabel('Password', { exact: true }).fill('autofin-demo-2026');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  const code = await unusedTotpCode(persona.userId, persona.secret);
  await page.getByLabel('6-digit code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(persona.home);
  await expect(page.getByRole('heading', { level: 1, name: persona.homeHeading })).toBeVisible();

  await openSecuritySettings(page, persona.securityInNavigation);
  const section = page.getByRole('region', { name: 'Passkeys' });
  await expect(section.getByText('You have no passkeys yet.')).toBeVisible();
  // Just signed in, so the change needs no step-up.
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(section.getByText('Passkey added: Passkey (Chrome on Linux).')).toBeVisible();
  const item = section.getByRole('listitem');
  await expect(item.getByRole('heading', { name: 'Passkey (Chrome on Linux)' })).toBeVisible();
  await expect(item.getByText('Not used yet')).toBeVisible();

  await item.getByRole('button', { name: 'Rename Passkey (Chrome on Linux)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename passkey' });
  await dialog.getByLabel('Name').fill('My laptop');
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByText('Passkey renamed to My laptop.')).toBeVisible();
  await expect(item.getByRole('heading', { name: 'My laptop' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'security-passkeys');

  await page.goto(localhost('/account'));
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page).toHaveURL(persona.home);
  await expect(page.getByRole('heading', { level: 1, name: persona.homeHeading })).toBeVisible();

  // The list says when the passkey was last used.
  await openSecuritySettings(page, persona.securityInNavigation);
  await expect(page.getByRole('region', { name: 'Passkeys' }).getByText('Not used yet')).toHaveCount(0);
});

test('says so when the person cancels the passkey prompt', async ({ page }) => {
  await addVirtualAuthenticator(page, false);
  await page.goto(localhost('/sign-in'));
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByRole('alert')).toHaveText('Passkey sign-in was cancelled.');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectNoAxeViolations(page);
});
