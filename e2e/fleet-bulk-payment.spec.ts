import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, demoTotpSecret } from '../src/demo/demo-data.ts';
import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { signInThroughPage } from './support/staff-sign-in.ts';

/**
 * A fleet's bulk payment with the demo business Keystone Logistics LLC (README, "Demo data"): its
 * admin adds the business's bank account, chooses three vehicles on the dashboard, pays them with
 * one debit and downloads the receipt. The two projects share the demo database, so each pays its
 * own vehicles, which no other spec pays (units K-105 to K-110), from its own account. The demo has
 * one vehicle past due (K-102), which the fleet spec counts, so these are paid ahead of their due date.
 */
const PROJECT = {
  desktop: { units: ['K-105', 'K-106', 'K-107'], accountNumber: '123456789', last4: '6789' },
  phone: { units: ['K-108', 'K-109', 'K-110'], accountNumber: '123456788', last4: '6788' },
} as const;

/** Unit K-(101 + i) is contract FL-(i + 1)-2025 (src/demo/demo-fleet.ts). */
const contractOf = (unit: string) => `FL-${String(Number(unit.slice(2)) - 100).padStart(4, '0')}-2025`;

async function chooseOnDashboard(page: Page, unit: string): Promise<void> {
  await page.getByLabel('Search the fleet').fill(unit);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveText([unit]);
  // react-aria draws the box on the label over a hidden input: the label is what a person clicks.
  const box = page.getByRole('checkbox', { name: `Choose ${unit}` });
  await page.locator('label', { has: box }).click();
  await expect(box).toBeChecked();
}

test('a fleet admin adds the business’s bank account, pays three vehicles at once and downloads the receipt', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const mine = PROJECT[testInfo.project.name === 'phone' ? 'phone' : 'desktop'];
  const contracts = mine.units.map(contractOf);

  await signInThroughPage(
    page,
    { userId: 'keystone.fleet', password: DEMO_PASSWORD, secret: demoTotpSecret('keystone.fleet') },
    /\/fleet\/[0-9a-f-]{36}$/,
  );
  const organizationId = new URL(page.url()).pathname.split('/')[2]!;

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

  // The chosen vehicles, each with its own amount.
  await expect(page.getByRole('radio', { name: 'The vehicles chosen on the fleet page (3)' })).toBeChecked();
  const amounts = ['125.00', '150.00', '175.25'];
  for (const [index, contract] of contracts.entries()) {
    await page.getByLabel(`Amount for contract ${contract}`).fill(amounts[index]!);
  }
  await expectNoAxeViolations(page);
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
