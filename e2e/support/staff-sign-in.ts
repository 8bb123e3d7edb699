import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { TOTP } from 'otpauth';

/** The demo staff personas (README). Their secrets are public by design: demo data only. */
export const STAFF = {
  agent: { userId: 'agent.rivera', name: 'Sam Rivera (support)', secret: '4NJ3LCKI5PYVUWKCFAFTHRBGFCBSFSPI' },
  supervisor: {
    userId: 'supervisor.chen',
    name: 'Lin Chen (support supervisor)',
    secret: 'CEVD3762Y6ZB3LCWZBOU6FDUXCOPGWGF',
  },
} as const;
export type StaffPersona = (typeof STAFF)[keyof typeof STAFF];

const STEP_MS = 30_000;
/** A step with less time left than this is skipped, so its code reaches the server within the step. */
const MARGIN_MS = 5_000;

/**
 * A code of a 30 s step no other test of this run has spent for `userId`. A code works once, and
 * tests run in parallel workers, so each step is claimed with a file created exclusively (in this
 * run's output folder, emptied at every start); a test that finds the step taken waits for the next
 * (with that much more time to finish).
 */
export async function unusedTotpCode(userId: string, secret: string): Promise<string> {
  const folder = path.join(test.info().project.outputDir, '.totp-steps');
  mkdirSync(folder, { recursive: true });
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    const left = (step + 1) * STEP_MS - now;
    if (left > MARGIN_MS) {
      try {
        closeSync(openSync(path.join(folder, `${userId}-${step}`), 'wx'));
        return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: now });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    // The wait is not the test's own slowness: it gets the time on top of its timeout.
    test.info().setTimeout(test.info().timeout + left + 50);
    await new Promise((resolve) => setTimeout(resolve, left + 50));
  }
}

/**
 * Signs in through the sign-in page with a User ID, password and authenticator code, and waits for
 * the person's home: a consumer's account page unless told otherwise (staff land on the support
 * console, fleet members on their fleet). Earlier failures from this address may make the page
 * solve a proof-of-work challenge first (a 401 the page answers itself): the caller allows
 * `/api/v1/auth/login` failures.
 */
export async function signInThroughPage(
  page: Page,
  who: { userId: string; password: string; secret: string },
  home: string | RegExp = '/account',
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(who.userId);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  // A persona another test gave a passkey is offered it first: this test uses the authenticator app.
  const codeField = page.getByLabel('6-digit code');
  const useApp = page.getByRole('button', { name: 'Use your authenticator app instead' });
  await expect(codeField.or(useApp)).toBeVisible();
  if (await useApp.isVisible()) await useApp.click();
  await codeField.fill(await unusedTotpCode(who.userId, who.secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(home);
}

/** Signs a demo staff member in: their home is the support console. */
export async function openSupportConsole(page: Page, persona: StaffPersona): Promise<void> {
  await signInThroughPage(
    page,
    { userId: persona.userId, password: 'autofin-demo-2026', secret: persona.secret },
    '/staff',
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Support console' })).toBeVisible();
}
