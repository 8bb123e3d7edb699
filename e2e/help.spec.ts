import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';

/** The help page: reached from the main navigation, its FAQ filtered by a search, contact and lockout help. */
test('help: search filters the questions, an answer opens, contact and locked-out guidance are there', async ({
  page,
}) => {
  await page.goto('/');
  await (await openNavigation(page)).getByRole('link', { name: 'Help' }).click();
  await expect(page).toHaveURL('/help');
  await expect(page.getByRole('heading', { level: 1, name: 'Help' })).toBeVisible();
  await expect(page.getByRole('link', { name: '1-800-555-0199' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Locked out?' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Forgot your password?' }).first()).toBeVisible();

  const questions = page.getByRole('heading', { level: 3 });
  const all = await questions.count();
  expect(all).toBeGreaterThanOrEqual(12);
  await expectNoAxeViolations(page);

  const search = page.getByRole('searchbox', { name: 'Search the questions' });
  await search.fill('payoff');
  await expect(page.getByRole('status').filter({ hasText: /of \d+ questions match/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'How do I get a payoff quote?' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Can I change my due date?' })).toHaveCount(0);
  expect(await questions.count()).toBeLessThan(all);

  const question = page.getByRole('button', { name: 'How do I get a payoff quote?' });
  await question.click();
  await expect(question).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('download a payoff letter', { exact: false })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'help');

  await search.fill('zebra crossing');
  await expect(page.getByText('No question matches those words.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(questions).toHaveCount(all);
});
