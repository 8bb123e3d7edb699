import { expect, expectNoAxeViolations, saveScreenshot, test } from './fixtures.ts';
import { demoRegistration, registerCustomer, signInThroughPage } from './support/new-customer.ts';

/**
 * A lessee's vehicle page: the VIN with its check digit verified, the maker's warranty, and the
 * mileage tracker, which changes as odometer readings are reported. Lease slots 29 (desktop) and 30
 * (phone), so each project has a customer of its own.
 */
test('a lessee reports odometer readings and the mileage tracker follows them', async ({
  page,
  request,
  pageProblems,
}, testInfo) => {
  const slot = testInfo.project.name === 'phone' ? 30 : 29;
  const { contractNumber } = demoRegistration(slot);
  const customer = await registerCustomer(request, slot);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInThroughPage(page, customer);

  await page.goto(`/accounts/${contractNumber}/vehicle`);
  await expect(page.getByText('Check digit valid')).toBeVisible();
  const warranty = page.getByRole('region', { name: 'Maker’s warranty' });
  await expect(warranty.getByText('Covered', { exact: true })).toHaveCount(2);
  const tracker = page.getByRole('region', { name: 'Lease mileage' });
  await expect(tracker.getByText('Report an odometer reading below')).toBeVisible();
  await expectNoAxeViolations(page);

  // Lower than the odometer at contract: refused, with the reason beside the field.
  const miles = page.getByRole('textbox', { name: 'Odometer reading' });
  pageProblems.allowFailedRequest(`/api/v1/accounts/${contractNumber}/vehicle/odometer-readings`);
  await miles.fill('5');
  await page.getByRole('button', { name: 'Report reading' }).click();
  await expect(page.getByRole('alert').getByText('a reading cannot be lower')).toBeVisible();
  await expect(miles).toHaveAttribute('aria-invalid', 'true');
  await expect(tracker.getByText('Report an odometer reading below')).toBeVisible();

  await miles.fill('15000');
  await page.getByRole('button', { name: 'Report reading' }).click();
  await expect(page.getByText('Saved: 15,000 miles today.')).toBeVisible();
  const meter = tracker.getByRole('meter');
  await expect(meter).toHaveAttribute('aria-valuenow', /^1\d{4}$/);
  const projected = tracker
    .locator('dt', { hasText: 'Projected miles at the end of the lease' })
    .locator('xpath=following-sibling::dd[1]');
  const before = await projected.textContent();
  await expect(page.getByRole('cell', { name: '15,000' })).toBeVisible();
  await expectNoAxeViolations(page);

  // A second reading the same day replaces the first (a correction), and the projection follows it.
  await miles.fill('30000');
  await page.getByRole('button', { name: 'Report reading' }).click();
  await expect(page.getByText('Saved: 30,000 miles today.')).toBeVisible();
  await expect(projected).not.toHaveText(before ?? '');
  await expect(page.getByRole('cell', { name: '30,000' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '15,000' })).toHaveCount(0);
  await saveScreenshot(page, 'account-vehicle');
});
