import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, demoTotpSecret } from '../../src/demo/demo-data.ts';
import { signInThroughPage } from './staff-sign-in.ts';

/** Where a fleet member lands after signing in: their business's fleet dashboard. */
export const FLEET_HOME = /\/fleet\/[0-9a-f-]{36}$/;

/** Signs a demo fleet persona in, lands on their fleet and answers the organization's id. */
export async function signInToFleet(page: Page, loginId: string): Promise<string> {
  await signInThroughPage(
    page,
    { userId: loginId, password: DEMO_PASSWORD, secret: demoTotpSecret(loginId) },
    FLEET_HOME,
  );
  return new URL(page.url()).pathname.split('/')[2]!;
}
