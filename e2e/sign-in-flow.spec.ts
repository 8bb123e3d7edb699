import type { Page, Request, Route } from '@playwright/test';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';

// The account page also lists the accounts and notices; these mocked journeys are about signing in, so it has none.
test.beforeEach(async ({ page }) => {
  await page.route('**/api/v1/accounts', (route) => route.fulfill({ json: { accounts: [] } }));
  await page.route('**/api/v1/notices', (route) => route.fulfill({ json: { notices: [] } }));
});

/*
 * The whole sign-in journey against a mocked sign-in API (`page.route`), for what the server under
 * test cannot do yet. The pages, scripts and styles still come from the real server.
 */

const CSRF_TOKEN = 'csrf-token-for-the-test';
const MINUTE = 60_000;

type Answer = { status: number; body?: unknown };

/** The API answers a test gives, and every API request the page made. */
class MockApi {
  readonly requests: Request[] = [];
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Answers `path` with each of `answers` in turn, the last one from then on. */
  async answer(path: string, ...answers: (Answer | (() => Promise<Answer>))[]): Promise<void> {
    let next = 0;
    await this.page.route(`**${path}`, async (route: Route) => {
      this.requests.push(route.request());
      const answer = answers[Math.min(next++, answers.length - 1)];
      const { status, body } = typeof answer === 'function' ? await answer() : answer!;
      // The server's clock says the same time as the page's (which the test may have moved on).
      const now = await this.page.evaluate(() => Date.now());
      await route.fulfill({
        status,
        headers: { date: new Date(now).toUTCString(), 'cache-control': 'no-store' },
        ...(body === undefined ? {} : { contentType: 'application/json', body: JSON.stringify(body) }),
      });
    });
  }

  made(path: string): Request[] {
    return this.requests.filter((request) => new URL(request.url()).pathname === path);
  }
}

function error(status: number, code: string, message: string): Answer {
  return { status, body: { error: { code, message } } };
}

/** `/me` for Jordan Lee, whose session idles out `idleMs` from the page's now. */
function me(page: Page, idleMs = 15 * MINUTE): () => Promise<Answer> {
  return async () => {
    const now = await page.evaluate(() => Date.now());
    return {
      status: 200,
      body: {
        userId: 'jordan.lee',
        displayName: 'Jordan Lee',
        email: 'jordan.lee@example.com',
        kind: 'customer',
        hasOwnContracts: true,
        memberships: [],
        session: {
          idleExpiresAt: new Date(now + idleMs).toISOString(),
          expiresAt: new Date(now + 12 * 60 * MINUTE).toISOString(),
          stepUpUntil: null,
        },
      },
    };
  };
}

test.beforeEach(async ({ context, baseURL }) => {
  // The server sets this cookie on its first answer; a known value lets the test check the header.
  await context.addCookies([{ name: 'autofin_csrf', value: CSRF_TOKEN, url: baseURL! }]);
});

async function signInWithPassword(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill('jordan.lee');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signs in with a password and an authenticator code, then signs out', async ({ page, pageProblems }) => {
  const api = new MockApi(page);
  await api.answer('/api/v1/auth/login', {
    status: 200,
    body: { next: 'factor', factors: ['totp', 'recovery'] },
  });
  await api.answer(
    '/api/v1/auth/factor',
    error(401, 'AUTH.INVALID_CODE', 'That code is not right. Check it and try again.'),
    { status: 200, body: { next: 'done' } },
  );
  await api.answer('/api/v1/me', me(page));
  await api.answer('/api/v1/auth/logout', { status: 204 });
  pageProblems.allowFailedRequest('/api/v1/auth/factor');

  await signInWithPassword(page);
  await expect(page).toHaveURL('/sign-in/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Check it’s you' })).toBeFocused();

  const code = page.getByLabel('6-digit code');
  await code.fill('123456');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toHaveText('That code is not right. Check it and try again.');
  await expect(page).toHaveURL('/sign-in/verify');

  await code.fill('654 321');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'jordan.lee@example.com' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^jordan\.lee$/ })).toBeVisible();
  let navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Your account' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(navigation.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Sign in' })).toBeVisible();

  expect(api.made('/api/v1/auth/login')[0]!.postDataJSON()).toEqual({
    userId: 'jordan.lee',
    password: 'correct horse battery staple',
  });
  expect(api.made('/api/v1/auth/factor').map((request) => request.postDataJSON())).toEqual([
    { method: 'totp', code: '123456' },
    { method: 'totp', code: '654321' },
  ]);
  const posts = api.requests.filter((request) => request.method() === 'POST');
  expect(posts.map((request) => new URL(request.url()).pathname)).toEqual([
    '/api/v1/auth/login',
    '/api/v1/auth/factor',
    '/api/v1/auth/factor',
    '/api/v1/auth/logout',
  ]);
  for (const request of posts) expect(await request.headerValue('x-csrf-token')).toBe(CSRF_TOKEN);
  // Asked once for the account page, and not again once signed out.
  expect(api.made('/api/v1/me')).toHaveLength(1);
  expect(await api.made('/api/v1/me')[0]!.headerValue('x-csrf-token')).toBeNull();
});

test('signs in with a recovery code and signs out of all devices', async ({ page }) => {
  const api = new MockApi(page);
  await api.answer('/api/v1/auth/login', {
    status: 200,
    body: { next: 'factor', factors: ['totp', 'recovery'] },
  });
  await api.answer('/api/v1/auth/factor', { status: 200, body: { next: 'done' } });
  await api.answer('/api/v1/me', me(page));
  await api.answer('/api/v1/auth/logout-all', { status: 204 });

  await signInWithPassword(page);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill('abcde-12345');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();
  expect(api.made('/api/v1/auth/factor')[0]!.postDataJSON()).toEqual({
    method: 'recovery',
    code: 'abcde-12345',
  });

  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  const [logoutAll] = api.made('/api/v1/auth/logout-all');
  expect(await logoutAll!.headerValue('x-csrf-token')).toBe(CSRF_TOKEN);
});

test('a portal without a second factor signs in with the password alone', async ({ page }) => {
  const api = new MockApi(page);
  await api.answer('/api/v1/auth/login', { status: 200, body: { next: 'done' } });
  await api.answer('/api/v1/me', me(page));

  await signInWithPassword(page);
  await expect(page).toHaveURL('/account');
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();
});

test('says what the server says about wrong or locked credentials', async ({ page, pageProblems }) => {
  const api = new MockApi(page);
  await api.answer(
    '/api/v1/auth/login',
    error(401, 'AUTH.INVALID_CREDENTIALS', 'The User ID or password is not right.'),
    error(423, 'AUTH.LOCKED', 'Your account is locked. Wait 24 hours or contact support.'),
  );
  pageProblems.allowFailedRequest('/api/v1/auth/login');

  await signInWithPassword(page);
  await expect(page.getByRole('alert')).toHaveText('The User ID or password is not right.');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Your account is locked. Wait 24 hours or contact support.',
  );
  await expect(page).toHaveURL('/sign-in');
});

test('says plainly when the server has no sign-in', async ({ page, pageProblems }) => {
  const api = new MockApi(page);
  await api.answer('/api/v1/auth/login', error(404, 'NOT_FOUND', 'There is nothing at this address.'));
  pageProblems.allowFailedRequest('/api/v1/auth/login');

  await signInWithPassword(page);
  await expect(page.getByRole('alert')).toHaveText('Sign-in isn’t available yet on this server.');
  await expect(page).toHaveURL('/sign-in');
});

test('a sign-in that expired before the code starts again from the password', async ({
  page,
  pageProblems,
}) => {
  const api = new MockApi(page);
  await api.answer(
    '/api/v1/auth/factor',
    error(401, 'AUTH.SIGN_IN_EXPIRED', 'Your sign-in timed out. Please start again.'),
  );
  pageProblems.allowFailedRequest('/api/v1/auth/factor');

  await page.goto('/sign-in/verify');
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('status')).toHaveText(
    'Your sign-in timed out before it was finished. Please enter your User ID and password again.',
  );
});

test('warns two minutes before the session idles out, extends it on request, then signs out', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2030-03-04T09:00:00Z') });
  const api = new MockApi(page);
  // The first answer leaves 90 seconds; "Stay signed in" asks again and gets the full 15 minutes.
  await api.answer('/api/v1/me', me(page, 90_000), me(page));
  await api.answer('/api/v1/auth/logout', { status: 204 });

  await page.goto('/account');
  const dialog = page.getByRole('alertdialog', { name: 'Your session is about to end' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/signed out in 1 minute, (29|30) seconds/);
  const stay = dialog.getByRole('button', { name: 'Stay signed in' });
  await expect(stay).toBeFocused();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'session-timeout');

  await stay.click();
  await expect(dialog).toBeHidden();
  expect(api.made('/api/v1/me')).toHaveLength(2);
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();

  // 12 minutes on, 3 are left: no warning yet. At 13, 2 are left: the warning.
  await page.clock.fastForward(12 * MINUTE);
  await expect(page.getByText('Signed in as Jordan Lee')).toBeVisible();
  await expect(dialog).toBeHidden();
  await page.clock.fastForward(MINUTE + 1_000);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/signed out in 1 minute, \d+ seconds/);

  // Nobody answers it: at 15 minutes the page signs out.
  await page.clock.fastForward(2 * MINUTE);
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('status')).toHaveText('You were signed out after 15 minutes without activity.');
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Sign in' })).toBeVisible();
  expect(api.made('/api/v1/me')).toHaveLength(2);
});

test('the warning dialog can sign out straight away', async ({ page }) => {
  await page.clock.install({ time: new Date('2030-03-04T09:00:00Z') });
  const api = new MockApi(page);
  await api.answer('/api/v1/me', me(page, 60_000));
  await api.answer('/api/v1/auth/logout', { status: 204 });

  await page.goto('/account');
  const dialog = page.getByRole('alertdialog', { name: 'Your session is about to end' });
  await dialog.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  expect(await api.made('/api/v1/auth/logout')[0]!.headerValue('x-csrf-token')).toBe(CSRF_TOKEN);
});
