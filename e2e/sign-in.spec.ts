import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';

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

test('says plainly that this server cannot sign people in yet', async ({ page, pageProblems }) => {
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await page.getByLabel('User ID').fill('jordan.lee');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toHaveText('Sign-in isn’t available yet on this server.');
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
