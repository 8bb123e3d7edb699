import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('asks for both the User ID and the password', async ({ page }) => {
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByLabel('User ID')).toHaveAccessibleDescription('Enter your User ID.');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
    'Enter your password.',
  );
  await expect(page.getByRole('link', { name: 'User ID: Enter your User ID.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Password: Enter your password.' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('says the server’s own words for a User ID or password that is not right', async ({
  page,
  pageProblems,
}) => {
  // The real server, CSRF check included: a request without the X-CSRF-Token header would get 403.
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.getByLabel('User ID').fill('jordan.lee');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toHaveText('The User ID or password is not right.');
  await expect(page).toHaveURL('/sign-in');
});

test('shows and hides the password on request', async ({ page }) => {
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('s3cret words');
  await expect(password).toHaveAttribute('type', 'password');

  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByText('Your password is shown.')).toBeAttached();

  await page.getByRole('button', { name: 'Hide password' }).click();
  await expect(password).toHaveAttribute('type', 'password');
});

test('the sign-in page passes axe', async ({ page }) => {
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'sign-in');
});

test('the verify page checks the 6-digit code in the page and offers a recovery code instead', async ({
  page,
}) => {
  await page.goto('/sign-in/verify');
  await expect(page.getByRole('heading', { level: 1, name: 'Check it’s you' })).toBeVisible();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  const code = page.getByLabel('6-digit code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');

  await code.fill('12345');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(code).toHaveAccessibleDescription(/The code must be exactly 6 digits, such as 123456\./);
  await expect(
    page.getByRole('link', { name: '6-digit code: The code must be exactly 6 digits, such as 123456.' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'sign-in-verify');

  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  const recovery = page.getByLabel('Recovery code');
  await expect(recovery).toBeFocused();
  await expect(recovery).not.toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByLabel('6-digit code')).toHaveCount(0);
  await recovery.fill('ABCDE-1234');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(recovery).toHaveAccessibleDescription(/A recovery code has 10 letters and digits/);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Use your authenticator app instead' }).click();
  await expect(page.getByLabel('6-digit code')).toBeFocused();
});

test('the account page sends a visitor who is not signed in to sign in', async ({ page, pageProblems }) => {
  // Nobody is signed in: /api/v1/me answers 401 (404 on a server without sign-in), which Chromium logs.
  pageProblems.allowFailedRequest('/api/v1/me');
  await page.goto('/account');

  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Please sign in.');
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('after three failed tries the browser proves it is a person, and the server still answers plainly', async ({
  page,
  pageProblems,
}, testInfo) => {
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.getByLabel('User ID').fill(`guess.${testInfo.project.name}`);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByLabel('Password', { exact: true }).fill(`a wrong guess number ${attempt}`);
    const answered = page.waitForResponse(
      (r) =>
        (r.url().endsWith('/api/v1/auth/login') &&
          r.request().postDataJSON()?.password === `a wrong guess number ${attempt}` &&
          r.status() !== 401) ||
        (r.url().endsWith('/api/v1/auth/login') && !!r.request().postDataJSON()?.challenge),
    );
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (attempt === 4) {
      // The fourth try is refused until it carries a solved challenge, which the page adds by itself.
      const retried = await answered;
      expect(retried.request().postDataJSON().challenge).toBeTruthy();
    }
    await expect(page.getByRole('alert')).toHaveText('The User ID or password is not right.');
  }
});
