import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { openSupportConsole, STAFF } from './support/staff-sign-in.ts';

/**
 * The support console's search and who may open what. Each project signs in its own staff member
 * (a code works once): the desktop's agent, the phone's supervisor. (A customer opening /staff is
 * in lockout.spec.ts, which has a customer of its own.)
 */
const PERSONAS = { desktop: STAFF.agent, phone: STAFF.supervisor } as const;

test.beforeEach(({ pageProblems }) => {
  // Earlier failed sign-ins from this address make the page solve a proof-of-work challenge (a 401).
  pageProblems.allowFailedRequest('/api/v1/auth/login');
});

test('searches by name and email, says when nothing matches, and checks the search first', async ({
  page,
}, testInfo) => {
  await openSupportConsole(page, PERSONAS[testInfo.project.name as keyof typeof PERSONAS]);
  const field = page.getByLabel('Name, email, phone or contract number');
  const search = page.getByRole('button', { name: 'Search' });
  await expectNoAxeViolations(page);

  await field.fill('x');
  await search.click();
  await expect(field).toHaveAccessibleDescription(/Search for at least 2 characters\./);
  await expect(page).toHaveURL('/staff');

  await field.fill('Zebediah Quartermain');
  await search.click();
  await expect(
    page.getByRole('status').filter({ hasText: 'No customer matches “Zebediah Quartermain”.' }),
  ).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectNoAxeViolations(page);

  await field.fill('Rodriguez');
  await search.click();
  const results = page.getByRole('table', { name: 'Customers matching “Rodriguez”' });
  await expect(results.getByRole('rowheader', { name: 'Emily Rodriguez' })).toBeVisible();
  await expect(results.getByRole('row').filter({ hasText: 'RIC-3005-2025' })).toContainText(
    'Emily Rodriguez',
  );
  // Contact details are masked: the first letter and the domain of the email, the last 4 of the phone.
  await expect(results).toContainText('•••-•••-');
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'staff-console-results');

  await field.fill('maria.garcia.0@example.com');
  await search.click();
  const byEmail = page.getByRole('table', { name: 'Customers matching “maria.garcia.0@example.com”' });
  await expect(byEmail.getByRole('rowheader')).toHaveText(['Maria Garcia']);
  await expect(byEmail).toContainText(`m${'•'.repeat(13)}@example.com`);
  await expect(byEmail).toContainText('RIC-1001-2025');

  // The search is in the address: Back returns to the previous results.
  await page.goBack();
  await expect(page).toHaveURL('/staff?q=Rodriguez');
  await expect(field).toHaveValue('Rodriguez');
  await expect(page.getByRole('table', { name: 'Customers matching “Rodriguez”' })).toBeVisible();
});

test('an agent cannot see the audit log', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the phone project signs in the supervisor, who may see it');
  await openSupportConsole(page, STAFF.agent);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  // The page knows the agent's role, so it does not even ask the API (which would answer 404).
  await page.goto('/staff/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('a supervisor follows the daily cycle, stage by stage; an agent does not see it', async ({
  page,
}, testInfo) => {
  if (testInfo.project.name === 'desktop') {
    await openSupportConsole(page, STAFF.agent);
    await expect(page.getByRole('link', { name: 'Daily cycle' })).toHaveCount(0);
    await page.goto('/staff/daily-cycle');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    return;
  }
  await openSupportConsole(page, STAFF.supervisor);
  await page.getByRole('link', { name: 'Daily cycle' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Daily cycle' })).toBeVisible();
  // The portal runs yesterday's cycle when it starts (its workers plan the due date at once); the
  // page refreshes itself while a cycle runs.
  const latest = page
    .getByRole('region')
    .filter({ has: page.getByRole('heading', { level: 2 }) })
    .first();
  await expect(latest.getByRole('heading', { level: 2 })).toContainText('done', { timeout: 30_000 });
  const stages = latest.getByRole('table', { name: 'Stages' });
  await expect(stages.getByRole('row')).toHaveCount(5);
  for (const stage of [
    'AutoPay and payments',
    'ACH file and settlement',
    'Late fees, delinquency, reminders',
    'Close',
  ]) {
    await expect(stages.getByRole('row', { name: new RegExp(stage) })).toContainText('1 of 1 done');
  }
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'staff-daily-cycle');
});

test('a supervisor checks the ledger from the cycle page, and sees when and what it found', async ({
  page,
}) => {
  await openSupportConsole(page, STAFF.supervisor);
  await page.getByRole('link', { name: 'Daily cycle' }).click();
  const card = page.getByRole('region', { name: 'Ledger check' });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Check the ledger now' }).click();
  await expect(card.getByRole('status')).toHaveText('The ledger was checked.');
  await expect(card.getByTestId('ledger-result')).toHaveText(
    'Every entry balances, every cached balance equals its postings, and every stored position equals its recomputation.',
  );
  await expect(card).toContainText(/Last checked .+ from the console\. [\d,]+ journal entries checked\./);
  await expectNoAxeViolations(page);
  // The run is in the audit log, under the supervisor's name.
  await page.goto('/staff/audit?action=staff.ledger_check');
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText('staff.ledger_check');
});
