import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { parseCents } from '../src/core/money.ts';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { downloadPdfText } from './support/account-pages.ts';
import { signInToFleet } from './support/fleet-sign-in.ts';

/**
 * The combined statements of the demo business Keystone Logistics LLC (README, "Demo data"): the
 * demo boards it with last month's statement already cut, as the close stage cuts one on the last
 * business day of each month, listing its 30 contracts. Its admin reads the list and a statement,
 * downloads the PDF and switches paperless; a viewer reads them without the switch; a driver, who
 * never sees the business's finances, finds no statements at all.
 */

const statementsTable = (page: Page) =>
  page.getByRole('table', { name: 'The business’s combined statements, newest first' });

/** From the fleet dashboard to the statements, by the dashboard's own link. */
async function openStatements(page: Page): Promise<void> {
  await page.getByRole('main').getByRole('link', { name: 'Statements', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: statements' }),
  ).toBeVisible();
  await expect(statementsTable(page).or(page.getByText(/^No combined statement yet\./))).toBeVisible();
  await expect(statementsTable(page), 'the demo boards Keystone with last month’s statement').toBeVisible();
  await expect(statementsTable(page).locator('tbody tr')).not.toHaveCount(0);
}

test('a fleet admin reads the combined statements, downloads one and switches paperless', async ({
  page,
  pageProblems,
}) => {
  test.setTimeout(180_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInToFleet(page, 'keystone.fleet');
  await openStatements(page);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-statements');

  // The newest statement: its total, then its page with every contract's line.
  const newest = statementsTable(page).locator('tbody tr').first();
  const listedTotal = (await newest.locator('td.numeric').first().textContent()) ?? '';
  expect(parseCents(listedTotal)).toBeGreaterThan(0);
  // Its due date is the statement's first payment due, as its own page says.
  // Each cell names its column (on a phone the rows are stacked, without a header row).
  await expect(newest.locator('td[data-label="Due date"]')).toHaveCount(1);
  const listedDue = ((await newest.locator('td[data-label="Due date"]').textContent()) ?? '').trim();
  expect(listedDue).toMatch(/\d{4}/);
  await newest.getByRole('link', { name: /^View the combined statement for / }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Combined statement for / })).toBeVisible();
  await expect(
    page.locator('.facts div', { has: page.getByText('First payment due', { exact: true }) }).locator('dd'),
  ).toHaveText(listedDue);
  const lines = page.getByRole('table', { name: 'The contracts on this statement (30)' });
  await expect(lines.locator('tbody tr')).toHaveCount(30);
  // The van past due is on it with what it owes, as on the dashboard.
  const pastDueVan = lines.locator('tbody tr', { hasText: 'FL-0002-2025' });
  expect(parseCents((await pastDueVan.locator('td.numeric').first().textContent()) ?? '')).toBeGreaterThan(0);
  await expect(page.getByTestId('statement-total')).toHaveText(listedTotal);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-statement');

  // The PDF, saved with the session's cookie: the business, its contracts and the total.
  const text = await downloadPdfText(
    page,
    page.getByRole('link', { name: /^Download combined statement for / }),
  );
  expect(text).toContain('Keystone Logistics LLC');
  expect(text).toContain('FL-0002-2025');
  expect(text).toContain(listedTotal);
  await page.getByRole('link', { name: 'All statements' }).click();
  await expect(statementsTable(page)).toBeVisible();

  // Paperless, both ways: the other project's admin may have left it either way.
  const status = page.getByTestId('fleet-paperless-status');
  await expect(status).toHaveText(/^Paperless is (on|off)/);
  const startsOn = (await status.textContent())?.startsWith('Paperless is on') ?? false;
  const switches = startsOn
    ? [
        {
          trigger: 'Go back to paper',
          title: 'Mail the business’s statements again?',
          confirm: 'Yes, mail them',
        },
        {
          trigger: 'Go paperless',
          title: 'Send the business’s statements electronically?',
          confirm: 'Yes, go paperless',
        },
      ]
    : [
        {
          trigger: 'Go paperless',
          title: 'Send the business’s statements electronically?',
          confirm: 'Yes, go paperless',
        },
        {
          trigger: 'Go back to paper',
          title: 'Mail the business’s statements again?',
          confirm: 'Yes, mail them',
        },
      ];
  for (const [index, change] of switches.entries()) {
    await page.getByRole('button', { name: change.trigger }).click();
    const dialog = page.getByRole('alertdialog', { name: change.title });
    await expect(dialog).toContainText('You choose this for the business as its fleet admin');
    if (index === 0) {
      await expectNoAxeViolations(page);
      await saveScreenshot(page, 'fleet-paperless-dialog');
    }
    await dialog.getByRole('button', { name: change.confirm }).click();
    await expect(dialog).toBeHidden();
    const isOn = change.trigger === 'Go paperless';
    await expect(status).toHaveText(isOn ? /^Paperless is on/ : /^Paperless is off/);
    await expect(
      page.getByRole('status').filter({ hasText: isOn ? 'Paperless is on.' : 'Paperless is off.' }),
    ).toBeVisible();
  }
  await expectNoAxeViolations(page);
  // The fleet's navigation names the page too.
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Statements', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('a viewer reads the statements and their PDF, but does not choose how they come', async ({
  page,
  pageProblems,
}) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInToFleet(page, 'keystone.viewer');
  await openStatements(page);
  await expect(
    page.getByText('A fleet admin of the business chooses how the statements come.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Go paperless' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Go back to paper' })).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('link', { name: /^Download combined statement for / })
      .first()
      .click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^combined-statement-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');
  await expectNoAxeViolations(page);
});

test('a driver has no statements: no link, and the page is not found', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const organizationId = await signInToFleet(page, 'keystone.driver');
  await expect(page.getByText('You act for this business as Driver.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Statements' })).toHaveCount(0);
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Fleet' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Statements' })).toHaveCount(0);

  // As the API answers them: 404, so the page does not say there is anything to see.
  pageProblems.allowFailedRequest(`/api/v1/organizations/${organizationId}/statements`);
  await page.goto(`/fleet/${organizationId}/statements`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('$');
  await expectNoAxeViolations(page);
});
