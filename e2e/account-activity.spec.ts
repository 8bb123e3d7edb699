import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { demoRegistration, registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * A borrower's activity: the ledger newest first, filtered by type and dates through the address
 * (so Back undoes a filter), an empty result, and the filtered set downloaded as a CSV file. Loan
 * slots 15 (desktop) and 16 (phone), so each project has a customer of its own.
 */
test('a borrower filters the activity and downloads it as CSV', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const slot = testInfo.project.name === 'phone' ? 16 : 15;
  const { contractNumber } = demoRegistration(slot);
  const customer = await registerCustomer(request, slot);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);

  await page.goto(`/accounts/${contractNumber}/activity`);
  const table = page.getByRole('table', { name: `Activity on account ${contractNumber}` });
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  // The demo customer paid every installment by ACH: an interest posting and a payment for each.
  const everything = await rows.count();
  await expect(rows.last()).toContainText('Account opened');
  await expectNoAxeViolations(page);

  // Payments only.
  await page.getByRole('button', { name: /Type$/ }).click();
  await page.getByRole('option', { name: 'Payment', exact: true }).click();
  await page.getByRole('button', { name: 'Show activity' }).click();
  await expect(page).toHaveURL(/type=payment/);
  await expect(rows).toHaveCount((everything - 1) / 2);
  for (const row of await rows.all()) await expect(row.locator('td').first()).toContainText(/^Payment/);

  // And only the two newest: the range from the second newest payment's date to the newest's.
  const dates = await rows
    .locator('th time')
    .evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
  await page.getByLabel('From', { exact: true }).fill(dates[1]!);
  await page.getByLabel('To', { exact: true }).fill(dates[0]!);
  await page.getByRole('button', { name: 'Show activity' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${dates[1]}`));
  await expect(rows).toHaveCount(2);
  await expect(page.getByText('Showing 2 transactions.')).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'account-activity');

  // The CSV holds the same two payments, amounts as plain negative decimals.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(`^${contractNumber}-activity-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  const records: string[][] = parse(await readFile(await download.path()), { bom: true });
  expect(records[0]).toEqual([
    'Date',
    'Type',
    'Description',
    'Reference',
    'Amount',
    'Interest',
    'Principal',
    'Fees',
    'Unapplied',
    'Lease payments',
    'Sales tax',
    'Paid by',
  ]);
  expect(records.slice(1).map((r) => [r[0], r[1]])).toEqual([
    [dates[0], 'payment'],
    [dates[1], 'payment'],
  ]);
  for (const record of records.slice(1)) expect(record[4]).toMatch(/^-\d+\.\d{2}$/);

  // Back undoes the date filter: every payment again.
  await page.goBack();
  await expect(page).not.toHaveURL(/from=/);
  await expect(rows).toHaveCount((everything - 1) / 2);
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('');

  // A search that matches nothing says so, and offers no download.
  await page.getByRole('searchbox', { name: 'Search' }).fill('no such payment');
  await page.getByRole('button', { name: 'Show activity' }).click();
  await expect(page.getByText('No activity matches these filters.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
