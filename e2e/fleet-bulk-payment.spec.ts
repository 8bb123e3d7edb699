import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { cents, formatUsd, parseCents } from '../src/core/money.ts';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { signInToFleet } from './support/fleet-sign-in.ts';

/**
 * A fleet's bulk payment with the demo business Keystone Logistics LLC (README, "Demo data"): its
 * admin adds the business's bank account, reviews everything due this month, chooses three vehicles
 * on the dashboard, is told of a line's problem beside its contract, pays them with one debit and
 * downloads the receipt; a fleet manager pays two more from that account; a viewer gets no way to
 * pay. The two projects share the demo database, so each pays its own vehicles, which no other spec
 * pays (the admin units K-105 to K-110, the manager K-111, K-112, K-114 and K-115), from its own
 * account. The demo has one vehicle past due (K-102), which the fleet spec counts, so these are paid
 * ahead of their due date and "everything due this month" is reviewed, never paid.
 */
// The manager pays from the bank account the admin's journey adds: the journeys run in this order.
test.describe.configure({ mode: 'serial' });

const PROJECT = {
  desktop: {
    units: ['K-105', 'K-106', 'K-107'],
    managerUnits: ['K-111', 'K-112'],
    accountNumber: '123456789',
    last4: '6789',
  },
  phone: {
    units: ['K-108', 'K-109', 'K-110'],
    managerUnits: ['K-114', 'K-115'],
    accountNumber: '123456788',
    last4: '6788',
  },
} as const;
const projectOf = (name: string) => PROJECT[name === 'phone' ? 'phone' : 'desktop'];

/** Unit K-(101 + i) is contract FL-(i + 1)-2025 (src/demo/demo-fleet.ts). */
const contractOf = (unit: string) => `FL-${String(Number(unit.slice(2)) - 100).padStart(4, '0')}-2025`;

/** Each line's amount on the review (the first numeric cell of its row), in cents. */
async function reviewedAmounts(page: Page): Promise<number[]> {
  const cells = await page
    .getByRole('table', { name: /^The contracts? paid/ })
    .locator('tbody tr')
    .all();
  return Promise.all(
    cells.map(async (row) => parseCents((await row.locator('td.numeric').first().textContent()) ?? '')),
  );
}

async function chooseOnDashboard(page: Page, unit: string): Promise<void> {
  await page.getByLabel('Search the fleet').fill(unit);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText([unit]);
  // react-aria draws the box on the label over a hidden input: the label is what a person clicks.
  const box = page.getByRole('checkbox', { name: `Choose ${unit}` });
  await page.locator('label', { has: box }).click();
  await expect(box).toBeChecked();
}

test('a fleet admin adds the business’s bank account, reviews what is due, pays three vehicles at once and downloads the receipt', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(240_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const mine = projectOf(testInfo.project.name);
  const contracts = mine.units.map(contractOf);

  const organizationId = await signInToFleet(page, 'keystone.fleet');
  // A line refused at review is a 422 the page shows beside that line's amount.
  pageProblems.allowFailedRequest(`/api/v1/organizations/${organizationId}/bulk-payments/preview`);

  // Three vehicles chosen on the dashboard; the choice is kept from one search to the next.
  for (const unit of mine.units) await chooseOnDashboard(page, unit);
  await page.getByRole('link', { name: 'Pay the chosen vehicles (3)' }).click();
  await expect(page).toHaveURL(new RegExp(`/fleet/${organizationId}/pay\\?contracts=`));
  await expect(page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: pay' })).toBeVisible();

  // The business's bank account: the form stands open while it has none; once the other project
  // has added one, an admin opens it to add another.
  const addHeading = page.getByRole('heading', { name: 'Add the business’s bank account' });
  const addAnother = page.getByRole('button', { name: 'Add another bank account' });
  await expect(addHeading.or(addAnother)).toBeVisible();
  if (await addAnother.isVisible()) await addAnother.click();
  await expectNoAxeViolations(page);
  await page.getByLabel('Name on the account').fill('Keystone Logistics LLC');
  await page.getByLabel('Routing number').fill('021000021');
  await page.getByLabel('Account number').fill(mine.accountNumber);
  await page.getByRole('button', { name: 'Add bank account' }).click();
  await expect(page.getByText(new RegExp(`••••${mine.last4} is added`))).toBeVisible();

  // Everything due this month: every contract with something due, the van past due among them,
  // and a total that is the sum of the lines. Reviewed only: paying it would pay the van.
  const chosenRadio = page.getByRole('radio', { name: 'The vehicles chosen on the fleet page (3)' });
  await expect(chosenRadio).toBeChecked();
  // react-aria draws the radio on its label over a hidden input: the label is what a person clicks.
  await page.getByText('Everything due this month', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Everything due this month' })).toBeChecked();
  await expect(page.getByLabel(`Amount for contract ${contracts[0]}`)).toHaveCount(0);
  await page.getByRole('button', { name: 'Review payment' }).click();
  await expect(page.getByRole('heading', { name: 'Review the payment' })).toBeVisible({ timeout: 20_000 });
  const dueLines = await reviewedAmounts(page);
  expect(dueLines.length).toBeGreaterThan(1);
  expect(dueLines.every((amount) => amount > 0)).toBe(true);
  await expect(page.getByRole('table', { name: `The contracts paid (${dueLines.length})` })).toContainText(
    'FL-0002-2025',
  );
  await expect(page.getByTestId('bulk-total')).toHaveText(
    formatUsd(cents(dueLines.reduce((sum, amount) => sum + amount, 0))),
  );
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-bulk-payment-due-review');
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  // The chosen vehicles, each with its own amount; a line's problem is told beside its contract.
  await page.getByText('The vehicles chosen on the fleet page (3)', { exact: true }).click();
  await expect(chosenRadio).toBeChecked();
  const amountOf = (contract: string) => page.getByLabel(`Amount for contract ${contract}`);
  const amounts = ['125.00', '150.00', '175.25'];
  for (const [index, contract] of contracts.entries()) await amountOf(contract).fill(amounts[index]!);
  await amountOf(contracts[1]!).fill('0');
  await page.getByRole('button', { name: 'Review payment' }).click();
  await expect(amountOf(contracts[1]!)).toHaveAccessibleDescription('Enter an amount more than $0.00.');
  await amountOf(contracts[1]!).fill(amounts[1]!);
  // More than the loan's payoff: the server's judgement of that line, beside it.
  await amountOf(contracts[0]!).fill('99999.00');
  await page.getByRole('button', { name: 'Review payment' }).click();
  await expect(amountOf(contracts[0]!)).toHaveAccessibleDescription(/more than the payoff amount/, {
    timeout: 20_000,
  });
  await expect(amountOf(contracts[1]!)).not.toHaveAccessibleDescription(/./);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-bulk-payment-line-error');
  await amountOf(contracts[0]!).fill(amounts[0]!);
  await page.getByRole('button', { name: 'Review payment' }).click();

  // The review: the effective date, every line with its amount and split, the total.
  // The review judges every line against its contract's history: give a busy machine time.
  await expect(page.getByRole('heading', { name: 'Review the payment' })).toBeVisible({ timeout: 20_000 });
  const review = page.getByTestId('bulk-review');
  await expect(review).toContainText(`••••${mine.last4}`);
  await expect(review).toContainText('Effective date');
  await expect(page.getByTestId('bulk-total')).toHaveText('$450.25');
  const table = page.getByRole('table', { name: 'The contracts paid (3)' });
  for (const contract of contracts) await expect(table).toContainText(contract);
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-bulk-payment-review');

  const paid = page.waitForResponse(
    (response) => response.url().endsWith('/bulk-payments') && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  const answer = await paid;
  expect(answer.status()).toBe(201);
  expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

  // The receipt: every contract, and the receipt's files.
  await expect(page.getByRole('heading', { level: 1, name: 'Payment receipt' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page).toHaveURL(new RegExp(`/fleet/${organizationId}/payments/[0-9a-f-]{36}$`));
  const confirmation = (await page.getByTestId('confirmation-number').textContent()) ?? '';
  expect(confirmation).not.toBe('');
  for (const contract of contracts) await expect(page.getByRole('table')).toContainText(contract);
  await expectNoAxeViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the receipt (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');

  const csvHref = await page.getByRole('link', { name: 'Download the receipt (CSV)' }).getAttribute('href');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  for (const contract of contracts) expect(csvText).toContain(contract);

  // The list of the business's payments opens this receipt again.
  await page.getByRole('link', { name: 'All payments' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: payments' }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: confirmation, exact: true }).click();
  await expect(page.getByTestId('confirmation-number')).toHaveText(confirmation);
});

test('a fleet manager pays two vehicles from the business’s bank account, which they cannot change', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const mine = projectOf(testInfo.project.name);
  const contracts = mine.managerUnits.map(contractOf);
  const organizationId = await signInToFleet(page, 'keystone.manager');
  await expect(page.getByText('You act for this business as Fleet manager.')).toBeVisible();

  for (const unit of mine.managerUnits) await chooseOnDashboard(page, unit);
  await page.getByRole('link', { name: 'Pay the chosen vehicles (2)' }).click();
  await expect(page).toHaveURL(new RegExp(`/fleet/${organizationId}/pay\\?contracts=`));
  // The admin's journey added the business's account; a manager pays from it and adds none.
  await expect(page.getByRole('button', { name: /Pay from$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add another bank account' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Add the business’s bank account' })).toHaveCount(0);
  await page.getByLabel(`Amount for contract ${contracts[0]}`).fill('110.00');
  await page.getByLabel(`Amount for contract ${contracts[1]}`).fill('120.50');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Review payment' }).click();
  await expect(page.getByRole('heading', { name: 'Review the payment' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('bulk-total')).toHaveText('$230.50');

  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payment receipt' })).toBeVisible({
    timeout: 20_000,
  });
  const receipt = page.getByTestId('bulk-receipt');
  await expect(receipt).toContainText('Priya Shah');
  await expect(receipt).toContainText('$230.50');
  for (const contract of contracts) await expect(page.getByRole('table')).toContainText(contract);
  await expectNoAxeViolations(page);
});

test('a viewer is offered no way to pay, and the pay page is not found', async ({ page, pageProblems }) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const organizationId = await signInToFleet(page, 'keystone.viewer');
  await expect(page.getByText('You act for this business as Viewer.')).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: 'Payments', exact: true })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Pay', exact: true })).toHaveCount(0);
  await expect(main.getByRole('checkbox', { name: /^Choose / })).toHaveCount(0);

  await main.getByRole('link', { name: 'Payments', exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: payments' }),
  ).toBeVisible();
  await expect(main.getByRole('link', { name: 'Make a payment' })).toHaveCount(0);

  await page.goto(`/fleet/${organizationId}/pay`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectNoAxeViolations(page);
});
