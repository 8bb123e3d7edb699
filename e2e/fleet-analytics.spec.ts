import { readFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { cents, formatUsd } from '../src/core/money.ts';
import { NEAR_MATURITY_DAYS_AGO } from '../src/demo/demo-fleet.ts';
import type { spendByMonthResponse } from '../src/organizations/reports.schemas.ts';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { signInToFleet } from './support/fleet-sign-in.ts';
import { expectNoSidewaysScroll } from './support/layout.ts';

/**
 * The fleet's analytics and reports with the demo business Keystone Logistics LLC (README, "Demo
 * data"): 30 vehicles paid on their due dates up to yesterday, in three cost centers, two of its
 * 36-month leases ending within three months (the only ones in the next six). Other journeys pay
 * some of its vehicles today, so the figures checked are of months before this one.
 */

/** "October 2026", as the page names a month written `YYYY-MM`. */
const monthName = (month: string) =>
  new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

const usd = (amount: number) => formatUsd(cents(amount), 'en-US');

/** The row of `table` whose row header is `name`. */
const rowOf = (table: Locator, name: string) =>
  table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });

test('a fleet manager reads each chart’s figures in its table and downloads the portfolio', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const organizationId = await signInToFleet(page, 'keystone.manager');

  // The mileage answer fails at first: its section says so and offers to try again, the others stand.
  const mileagePath = `/api/v1/organizations/${organizationId}/analytics/mileage`;
  pageProblems.allowFailedRequest(mileagePath);
  await page.route(`**${mileagePath}`, (route) =>
    route.fulfill({ status: 500, json: { error: { code: 'INTERNAL', message: 'Internal error' } } }),
  );

  const navigation = await openNavigation(page);
  await navigation.getByRole('link', { name: 'Analytics' }).click();
  await expect(page).toHaveURL(`/fleet/${organizationId}/analytics`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: analytics' }),
  ).toBeFocused();

  const mileageSection = page.getByRole('region', { name: 'Over the mileage allowance' });
  // The page asks twice more before it says so (retryHiccups, a second and two apart).
  await expect(mileageSection.getByRole('alert')).toContainText('Something went wrong on our side.', {
    timeout: 15_000,
  });
  await expect(page.getByRole('table', { name: /^Spend by month, / })).toBeVisible();
  await page.unroute(`**${mileagePath}`);
  await mileageSection.getByRole('button', { name: 'Try again' }).click();
  await expect(mileageSection.getByRole('alert')).toHaveCount(0);

  // Spend by month: last month's row is what the ledger says the fleet paid then, split.
  const answer = await page.request.get(`/api/v1/organizations/${organizationId}/analytics/spend`);
  expect(answer.status()).toBe(200);
  const spend = (await answer.json()) as z.infer<typeof spendByMonthResponse>;
  expect(spend.months).toHaveLength(24);
  const lastMonth = spend.months.at(-2)!;
  // Every vehicle paid last month's installment: principal and interest of the loans, rent and tax of the leases.
  for (const part of [
    lastMonth.principalCents,
    lastMonth.interestCents,
    lastMonth.leasePaymentsCents,
    lastMonth.taxesCents,
  ]) {
    expect(part).toBeGreaterThan(0);
  }
  const byMonth = page.getByRole('table', { name: /^Spend by month, / });
  const lastMonthRow = rowOf(byMonth, monthName(lastMonth.month));
  for (const [column, amount] of [
    ['Principal', lastMonth.principalCents],
    ['Interest', lastMonth.interestCents],
    ['Lease payments', lastMonth.leasePaymentsCents],
    ['Taxes', lastMonth.taxesCents],
    ['Total', lastMonth.totalCents],
  ] as const) {
    await expect(lastMonthRow.locator(`td[data-label="${column}"]`)).toHaveText(usd(amount));
  }
  await expect(rowOf(byMonth, 'All 24 months').locator('td[data-label="Total"]')).toHaveText(
    usd(spend.totals.totalCents),
  );
  await expect(page.getByRole('img', { name: /^Stacked bar chart of the spend each month/ })).toBeVisible();

  // The same money by cost center and by vehicle; each table's total is the months' total.
  const byCostCenter = page.getByRole('table', { name: /^Spend by cost center, / });
  for (const costCenter of ['Philadelphia North', 'Philadelphia South', 'Airport Logistics']) {
    await expect(rowOf(byCostCenter, costCenter).locator('td[data-label="Total"]')).toContainText('$');
  }
  await expect(rowOf(byCostCenter, 'All cost centers').locator('td[data-label="Total"]')).toHaveText(
    usd(spend.totals.totalCents),
  );
  const byVehicle = page.getByRole('table', { name: /^Spend by vehicle, / });
  await expect(byVehicle.getByRole('rowheader')).toHaveCount(12); // the largest 10, 20 others, all
  await expect(rowOf(byVehicle, '20 other vehicles')).toBeVisible();
  await expect(rowOf(byVehicle, 'All vehicles').locator('td[data-label="Total"]')).toHaveText(
    usd(spend.totals.totalCents),
  );

  // What falls due: the van one installment behind is past due.
  const obligations = page.getByRole('region', { name: 'Due in the next 90 days' });
  await expect(
    obligations.getByText(/^Past due before /).locator('xpath=following-sibling::dd'),
  ).toContainText('1 installment');
  await expect(
    page
      .getByRole('table', { name: /^Installments due each week, / })
      .getByRole('rowheader', { name: 'All 90 days' }),
  ).toBeVisible();

  // The two leases near their end, by month and one by one.
  const nearMaturity = Object.keys(NEAR_MATURITY_DAYS_AGO).length;
  await expect(page.getByTestId('maturing-count')).toHaveText(
    new RegExp(`^${nearMaturity} leases mature by `),
  );
  const maturingByMonth = page.getByRole('table', { name: /^Leases maturing each month through / });
  await expect(maturingByMonth.getByRole('rowheader')).toHaveCount(7);
  const maturing = page.getByRole('table', { name: /^The leases maturing by / });
  await expect(maturing.getByRole('rowheader')).toHaveText([/^K-10[47]/, /^K-10[47]/]);
  await expect(maturing.locator('td[data-label="Residual value"]').first()).toContainText('$');

  // The leases over their miles, each with its projected charge; they include the two near their end.
  const mileage = page.getByRole('table', { name: /^Leases projected to end over their mileage allowance/ });
  await expect(mileage.getByRole('rowheader', { name: /^K-104/ })).toBeVisible();
  await expect(mileage.getByRole('rowheader', { name: /^K-107/ })).toBeVisible();
  await expect(mileage.locator('td[data-label="Projected charge"]').first()).toContainText('$');

  // Cost of ownership: every vehicle, 25 a page, the most paid first.
  const ownership = page.getByRole('table', { name: /^What each vehicle’s contract has paid so far/ });
  await expect(ownership).toHaveAccessibleName(/page 1 of 2\)$/);
  await expect(rowOf(ownership, 'All 30 vehicles')).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Pages of the cost of ownership' })
    .getByRole('button', { name: 'Next page' })
    .click();
  await expect(ownership).toHaveAccessibleName(/page 2 of 2\)$/);
  // 5 vehicles and the fleet's total.
  await expect(ownership.getByRole('rowheader')).toHaveCount(6);

  await expectNoAxeViolations(page);
  if (testInfo.project.name === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-analytics');

  // The reports: the portfolio as CSV and as XLSX, named for the business date.
  await (await openNavigation(page)).getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(`/fleet/${organizationId}/reports`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: reports' }),
  ).toBeFocused();
  await expect(page.getByRole('link', { name: /^Download / })).toHaveCount(8);
  await expectNoAxeViolations(page);
  if (testInfo.project.name === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-reports');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the portfolio (CSV)' }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe(`portfolio-${spend.asOf}.csv`);
  const lines = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
  expect(lines[0]).toMatch(/^Contract,Unit,VIN,Year,Make,Model,Cost center,/);
  expect(lines.filter((line) => line.startsWith('FL-'))).toHaveLength(30);
  expect(lines.find((line) => line.startsWith('FL-0001-2025,'))).toContain('K-101');

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the portfolio (XLSX)' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toBe(`portfolio-${spend.asOf}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(await xlsx.path())) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Portfolio')!;
  expect(sheet.getRow(1).getCell(1).value).toBe('Contract');
  expect(sheet.getColumn(1).values).toContain('FL-0001-2025');

  // The payments report's dates are judged as the API judges them: a start after the end offers no file.
  const payments = page.getByRole('region', { name: 'Payments' });
  const paymentLinks = payments.getByRole('link', { name: /^Download the payments/ });
  await expect(paymentLinks).toHaveCount(2);
  await expect(paymentLinks.first()).toHaveAttribute(
    'href',
    `/api/v1/organizations/${organizationId}/reports/payments?format=csv&from=${spend.asOf.slice(0, 4)}-01-01&to=${spend.asOf}`,
  );
  await payments.getByLabel('From').fill(`${Number(spend.asOf.slice(0, 4)) + 1}-01-01`);
  await expect(
    payments.getByText('The end date must be on or after the start date, and at most five years after it.'),
  ).toBeVisible();
  await expect(paymentLinks).toHaveCount(0);
  await payments.getByLabel('From').fill(`${spend.asOf.slice(0, 4)}-01-01`);
  await expect(paymentLinks).toHaveCount(2);

  // The interest report follows the tax year chosen.
  await page.getByRole('button', { name: /Tax year/ }).click();
  const year = String(Number(spend.asOf.slice(0, 4)) - 2);
  await page.getByRole('option', { name: year, exact: true }).click();
  await expect(page.getByRole('link', { name: `Download the interest of ${year} (CSV)` })).toHaveAttribute(
    'href',
    `/api/v1/organizations/${organizationId}/reports/interest?format=csv&taxYear=${year}`,
  );
});

test('a driver has no analytics or reports: no link, and the pages are not found', async ({
  page,
  pageProblems,
}) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const organizationId = await signInToFleet(page, 'keystone.driver');
  await expect(page.getByText('You act for this business as Driver.')).toBeVisible();
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Fleet' })).toBeVisible();
  await expect(navigation.getByRole('link', { name: 'Analytics' })).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  for (const path of ['analytics', 'reports']) {
    await page.goto(`/fleet/${organizationId}/${path}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText('$');
    await expectNoAxeViolations(page);
  }
});
