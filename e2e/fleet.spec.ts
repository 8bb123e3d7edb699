import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { expect, expectNoAxeViolations, openNavigation, saveScreenshot, test } from './fixtures.ts';
import { signInToFleet } from './support/fleet-sign-in.ts';
import { expectNoSidewaysScroll } from './support/layout.ts';
import { totpCode } from './support/new-customer.ts';

/**
 * The fleet pages with the demo businesses (README, "Demo data"): Keystone Logistics LLC has 30
 * vehicles (units K-101 to K-130, one van past due: FL-0002-2025) and members in every role; Harbor
 * Courier Co. is another business. Each sign-in spends an authenticator code, claimed so the two
 * projects never spend the same one (`unusedTotpCode`).
 */

/** Someone acting only for businesses signs out from the navigation: their home has no sign-out of its own. */
async function signOut(page: Page): Promise<void> {
  await (await openNavigation(page)).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
}

/** A figure of the fleet's totals, by what it counts. */
function figure(page: Page, label: string): Locator {
  return page.locator('.fleet-figure', { has: page.getByText(label, { exact: true }) });
}

const resultCount = (page: Page) => page.getByRole('status').filter({ hasText: /^Showing|^No vehicle/ });
const unitCells = (page: Page) => page.getByRole('table').getByRole('rowheader');

test('a fleet admin finds what needs attention, filters, searches, pages, and invites a manager who joins', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(180_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  // The join form is throttled like registration's: after other tries from this address it asks for a proof of work.
  pageProblems.allowFailedRequest('/api/v1/organization-invitations/join');
  const organizationId = await signInToFleet(page, 'keystone.fleet');

  await expect(page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: fleet' })).toBeVisible();
  await expect(figure(page, 'Vehicles').locator('.fleet-figure__value')).toHaveText('30');
  await expect(figure(page, 'Past due')).toContainText('On 1 vehicle');
  await expect(figure(page, 'Total payoff')).toContainText('$');
  await expect(resultCount(page)).toHaveText('Showing 1–25 of 30 vehicles');
  // What needs attention comes first: the van past due.
  await expect(unitCells(page).first()).toHaveText('K-102');
  await expectNoAxeViolations(page);
  if (testInfo.project.name === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-dashboard');

  // One press shows the vehicles past due; the view is in the address and survives a reload.
  const pastDue = page.getByRole('button', { name: 'Past due', exact: true });
  await pastDue.click();
  await expect(pastDue).toHaveAttribute('aria-pressed', 'true');
  await expect(resultCount(page)).toHaveText('Showing 1–1 of 1 vehicle');
  await expect(page).toHaveURL(/[?&]pastDue=true/);
  await expect(page.getByRole('table').getByRole('link', { name: 'FL-0002-2025' })).toHaveAttribute(
    'href',
    '/accounts/FL-0002-2025',
  );
  await page.reload();
  await expect(resultCount(page)).toHaveText('Showing 1–1 of 1 vehicle');
  await expect(pastDue).toHaveAttribute('aria-pressed', 'true');
  await pastDue.click();
  await expect(resultCount(page)).toHaveText('Showing 1–25 of 30 vehicles');

  // The search finds a unit by its number.
  const search = page.getByRole('searchbox', { name: 'Search the fleet' });
  await search.fill('K-117');
  await search.press('Enter');
  await expect(resultCount(page)).toHaveText('Showing 1–1 of 1 vehicle');
  await expect(unitCells(page)).toHaveText(['K-117']);
  await expect(page).toHaveURL(/[?&]q=K-117/);
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(resultCount(page)).toHaveText('Showing 1–25 of 30 vehicles');

  // The filters fold away; two vehicles are in repair.
  await page.getByRole('button', { name: 'Filters', exact: true }).click();
  // react-aria draws the box on the label over a hidden input: the label is what a person clicks.
  await page.locator('.fleet-filters').getByText('In repair', { exact: true }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(resultCount(page)).toHaveText('Showing 1–2 of 2 vehicles');
  await expect(page.getByRole('button', { name: 'Filters (1 on)' })).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-filters');
  await page.getByRole('button', { name: 'Clear all filters' }).click();
  await expect(resultCount(page)).toHaveText('Showing 1–25 of 30 vehicles');

  // Sorting is the server's, told by the column header; the pages go on from there.
  await page.getByRole('columnheader', { name: 'Payoff' }).getByRole('link').click();
  await expect(page.getByRole('columnheader', { name: 'Payoff' })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(resultCount(page)).toHaveText('Showing 26–30 of 30 vehicles');
  await expect(page.getByText('Page 2 of 2')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Vehicles' })).toBeFocused();

  // The members: an invitation by email, for a fleet manager.
  await page.getByRole('link', { name: 'Manage members and invitations' }).click();
  await expect(page).toHaveURL(`/fleet/${organizationId}/members`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: members' }),
  ).toBeFocused();
  await expect(page.getByRole('heading', { level: 3, name: 'Priya Shah' })).toBeVisible();
  const email = `invitee-${testInfo.project.name}-${randomBytes(3).toString('hex')}@example.com`;
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: /Role$/ }).click();
  await page.getByRole('option', { name: 'Fleet manager' }).click();
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const invitations = page.getByRole('region', { name: 'Open invitations' });
  await expect(invitations.getByRole('heading', { name: email })).toBeVisible();
  await expectNoAxeViolations(page);
  if (testInfo.project.name === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-members');

  const link = await invitationLink(page, email);
  await signOut(page);

  // The invitee has no login: they make one from the link, then set up a second factor.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Your invitation' })).toBeVisible();
  await expect(
    page.getByText(/Keystone Logistics LLC invites .+ to act for it on Autofin as Fleet manager\./),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await saveScreenshot(page, 'fleet-invitation');
  const userId = `invitee.${testInfo.project.name}.${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Your name').fill('Robin Ellis');
  await page.getByLabel('User ID').fill(userId);
  await page.getByLabel('Password', { exact: true }).fill('harbor lantern violet morning');
  await page.getByRole('button', { name: 'Make my login and join' }).click();

  await expect(page).toHaveURL('/sign-in/set-up');
  await page.getByRole('button', { name: 'Use an authenticator app' }).click();
  const key = (await page.locator('.totp-setup__key code').textContent()) ?? '';
  await page.getByLabel('6-digit code').fill(totpCode(key.replaceAll(' ', '')));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

  // Their home is the fleet they joined, as a manager: no members to manage.
  await expect(page).toHaveURL(`/fleet/${organizationId}`);
  await expect(page.getByText('You act for this business as Fleet manager.')).toBeVisible();
  await expect(figure(page, 'Vehicles').locator('.fleet-figure__value')).toHaveText('30');
  await expect(page.getByRole('link', { name: 'Manage members and invitations' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

/** The invitation link the demo mailbox holds for `email`, as a path on this portal. */
async function invitationLink(page: Page, email: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const response = await page.request.get(`/dev/mailbox.json?to=${encodeURIComponent(email)}`);
    const { messages } = (await response.json()) as { messages: { template: string; text: string }[] };
    const mail = messages.find((m) => m.template === 'organization-invitation');
    const url = mail && /https?:\/\/\S+\/invitation\?token=\S+/.exec(mail.text)?.[0];
    expect(url).toBeTruthy();
    const { pathname, search } = new URL(url!);
    link = pathname + search;
  }).toPass({ timeout: 5_000 });
  return link;
}

test('a viewer reads the fleet and its money but has no control to change it; another business sees neither', async ({
  page,
  pageProblems,
}) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const keystone = await signInToFleet(page, 'keystone.viewer');
  await expect(page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: fleet' })).toBeVisible();
  await expect(page.getByText('You act for this business as Viewer.')).toBeVisible();
  await expect(figure(page, 'Total payoff')).toContainText('$');
  // The header's home link is the fleet, never the public calculators' page.
  await expect(page.getByRole('link', { name: 'Autofin home' })).toHaveAttribute(
    'href',
    `/fleet/${keystone}`,
  );
  await expect(page.getByRole('link', { name: 'Manage members and invitations' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Drivers' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Change several vehicles' })).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('checkbox', { name: /^Choose / })).toHaveCount(0);
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Fleet' })).toHaveAttribute('aria-current', 'page');
  await expect(navigation.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: 'Drivers' })).toHaveCount(0);
  await expect(navigation.getByRole('link', { name: /calculator/ })).toHaveCount(0);

  // A vehicle's page: its facts and money, no form.
  await page.goto(`/fleet/${keystone}/vehicles/FL-0002-2025`);
  await expect(page.getByRole('heading', { level: 1, name: /^K-102: / })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Past due');
  await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save the facts' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Driver', exact: true })).toHaveCount(0);
  await expectNoAxeViolations(page);
  for (const path of ['members', 'drivers', 'import']) {
    await page.goto(`/fleet/${keystone}/${path}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  }
  await expectNoAxeViolations(page);
  await page.goto(`/fleet/${keystone}`);
  await signOut(page);

  pageProblems.allowFailedRequest(`/api/v1/organizations/${keystone}`);
  await signInToFleet(page, 'harbor.admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Harbor Courier Co.: fleet' })).toBeVisible();
  await expect(figure(page, 'Vehicles').locator('.fleet-figure__value')).toHaveText('4');
  await page.goto(`/fleet/${keystone}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('Keystone')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('a driver sees only the vehicles they drive, and no money', async ({ page, pageProblems }, testInfo) => {
  test.setTimeout(120_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  await signInToFleet(page, 'keystone.driver');
  await expect(page.getByText('You act for this business as Driver.')).toBeVisible();
  await expect(figure(page, 'Vehicles').locator('.fleet-figure__value')).toHaveText('2');
  await expect(resultCount(page)).toHaveText('Showing 1–2 of 2 vehicles');
  await expect(unitCells(page)).toHaveText(['K-101', 'K-113']);
  const main = page.getByRole('main');
  await expect(main).not.toContainText('$');
  await expect(figure(page, 'Past due')).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Payoff' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Past due', exact: true })).toHaveCount(0);
  // A driver may not open the contracts: their numbers are not links.
  await expect(page.getByRole('table').getByRole('link', { name: /^FL-/ })).toHaveCount(0);
  await expect(page.getByRole('columnheader', { name: 'Unit' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('main').getByRole('checkbox', { name: /^Choose / })).toHaveCount(0);
  await expectNoAxeViolations(page);
  if (testInfo.project.name === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-driver');

  // Her van's page: its facts, neither money nor a way to change them; only the odometer to report.
  await unitCells(page).getByRole('link', { name: 'K-101' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^K-101: / })).toBeVisible();
  await expect(page.getByText('Latest odometer reading')).toBeVisible();
  await expect(main).not.toContainText('$');
  await expect(main).not.toContainText('Payoff');
  await expect(page.getByRole('button', { name: 'Save the facts' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Driver', exact: true })).toHaveCount(0);
  await expect(main.getByRole('textbox')).toHaveCount(2);
  await expectNoAxeViolations(page);

  // She reports the odometer: a reading below the last one is refused beside the field, then one above it counts.
  const vehicleApi = new URL(page.url()).pathname.replace('/fleet/', '/api/v1/organizations/');
  const { asOf, vehicle } = (await (await page.request.get(vehicleApi)).json()) as {
    asOf: string;
    vehicle: { readings: { readOn: string; miles: number }[] };
  };
  // Today's reading, if the other project reported one already, is replaced: judge against the one before.
  const last = vehicle.readings.find((r) => r.readOn < asOf)!;
  const odometer = page.getByRole('region', { name: 'Odometer readings', exact: true });
  await expect(odometer.getByRole('textbox', { name: 'Date read' })).toHaveValue(asOf);
  pageProblems.allowFailedRequest(`${vehicleApi}/odometer-readings`);
  const milesField = odometer.getByRole('textbox', { name: 'Odometer reading' });
  await milesField.fill(String(last.miles - 25));
  await odometer.getByRole('button', { name: 'Report the reading' }).click();
  await expect(
    odometer.getByText(`miles were reported for ${last.readOn}; a later reading cannot be lower.`).first(),
  ).toBeVisible();
  await expect(milesField).toHaveAttribute('aria-invalid', 'true');
  const right = last.miles + (testInfo.project.name === 'phone' ? 800 : 600);
  await milesField.fill(String(right));
  await odometer.getByRole('button', { name: 'Report the reading' }).click();
  const shown = `${right.toLocaleString('en-US')} miles`;
  await expect(odometer.getByText(`The reading of ${shown} was reported.`)).toBeVisible();
  await expect(odometer.getByRole('table')).toContainText(shown);
  await expect(page.getByRole('region', { name: /^This vehicle as of/ })).toContainText(shown);
  await expectNoAxeViolations(page);
  // A vehicle she does not drive is not there for her: the API answers 404.
  const other = page.url().replace('FL-0001-2025', 'FL-0002-2025');
  pageProblems.allowFailedRequest(new URL(other).pathname.replace('/fleet/', '/api/v1/organizations/'));
  await page.goto(other);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

/** Each project its own vehicles to change, so the two never meet: one to edit, two to change together. */
const MANAGER_VEHICLES = {
  desktop: { unit: 'K-125', contract: 'FL-0025-2025', pair: ['K-127', 'K-128'] },
  phone: { unit: 'K-126', contract: 'FL-0026-2025', pair: ['K-123', 'K-124'] },
} as const;

test('a fleet manager finds the vehicle past due, searches, edits a vehicle, assigns it a new driver, changes several and uploads a CSV', async ({
  page,
  pageProblems,
}, testInfo) => {
  test.setTimeout(240_000);
  pageProblems.allowFailedRequest('/api/v1/auth/login');
  const project = testInfo.project.name as keyof typeof MANAGER_VEHICLES;
  const mine = MANAGER_VEHICLES[project];
  const tag = `${project}-${randomBytes(2).toString('hex')}`;
  const organizationId = await signInToFleet(page, 'keystone.manager');
  const fleetPath = `/fleet/${organizationId}`;
  await expect(page.getByText('You act for this business as Fleet manager.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Manage members and invitations' })).toHaveCount(0);

  // Past due, in one press: the van, and what to pay.
  const pastDue = page.getByRole('button', { name: 'Past due', exact: true });
  await pastDue.click();
  await expect(resultCount(page)).toHaveText('Showing 1–1 of 1 vehicle');
  await expect(unitCells(page)).toHaveText(['K-102']);
  await expect(page.getByRole('table')).toContainText('days late');
  await pastDue.click();
  await expect(resultCount(page)).toHaveText('Showing 1–25 of 30 vehicles');

  // A new driver first, from the navigation's Drivers page.
  const navigation = await openNavigation(page);
  await expect(navigation.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await navigation.getByRole('link', { name: 'Drivers' }).click();
  await expect(page).toHaveURL(`${fleetPath}/drivers`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Keystone Logistics LLC: drivers' }),
  ).toBeFocused();
  await expect(page.getByRole('table').getByRole('rowheader', { name: 'Marcus Lee' })).toBeVisible();
  const driver = `Robin Ellis ${tag}`;
  await page.getByLabel('Name', { exact: true }).fill(driver);
  await page.getByRole('button', { name: 'Add the driver' }).click();
  await expect(page.getByText(`${driver} was added.`)).toBeVisible();
  await expect(page.getByRole('table').getByRole('rowheader', { name: driver })).toBeVisible();
  await expectNoAxeViolations(page);
  if (project === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-drivers');

  // The search finds the vehicle by its unit number; its page has the facts and the forms.
  await page.getByRole('link', { name: 'Back to the fleet' }).click();
  const search = page.getByRole('searchbox', { name: 'Search the fleet' });
  await search.fill(mine.unit);
  await search.press('Enter');
  await expect(resultCount(page)).toHaveText('Showing 1–1 of 1 vehicle');
  await unitCells(page).getByRole('link', { name: mine.unit }).click();
  await expect(page).toHaveURL(`${fleetPath}/vehicles/${mine.contract}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${mine.unit}: `) })).toBeFocused();
  await expectNoAxeViolations(page);
  if (project === 'phone') await expectNoSidewaysScroll(page);

  // Another vehicle's unit number is refused beside the field; nothing is saved.
  pageProblems.allowFailedRequest(
    `${fleetPath.replace('/fleet/', '/api/v1/organizations/')}/vehicles/${mine.contract}`,
  );
  const unitField = page.getByLabel('Unit number');
  await unitField.fill('K-101');
  await page.getByRole('button', { name: 'Save the facts' }).click();
  await expect(page.getByText('Unit number K-101 is another vehicle’s in this fleet.').first()).toBeVisible();
  await unitField.fill(mine.unit);
  const plate = `MG-${tag.slice(-4).toUpperCase()}`;
  await page.getByLabel('Plate', { exact: true }).fill(plate);
  await page.getByRole('button', { name: /Plate’s state/ }).click();
  await page.getByRole('option', { name: 'NJ', exact: true }).click();
  await page.getByLabel('Cost center').fill(`Camden ${tag}`);
  await page.getByRole('button', { name: 'Save the facts' }).click();
  await expect(page.getByText('The vehicle’s facts were saved.')).toBeVisible();
  const facts = page.getByRole('region', { name: /^This vehicle as of/ });
  await expect(facts).toContainText(`NJ ${plate}`);
  await expect(facts).toContainText(`Camden ${tag}`);

  // The new driver takes the vehicle; the history says since when.
  const driverSection = page.getByRole('region', { name: 'Driver', exact: true });
  await expect(driverSection).toContainText('No driver is assigned to this vehicle.');
  await driverSection.getByRole('button', { name: /Driver to assign/ }).click();
  await page.getByRole('option', { name: driver }).click();
  await driverSection.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(driverSection.getByText(`${driver} now drives this vehicle.`)).toBeVisible();
  await expect(driverSection).toContainText(`${driver} drives this vehicle.`);
  const history = driverSection.getByRole('table', { name: 'Drivers of this vehicle, newest first' });
  await expect(history.getByRole('rowheader', { name: driver })).toBeVisible();
  await expect(history.getByRole('row', { name: new RegExp(driver) })).toContainText('Now');
  await expectNoAxeViolations(page);
  if (project === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-vehicle');

  // The fleet's table says so too.
  await page.getByRole('link', { name: 'Back to the fleet' }).click();
  await search.fill(mine.unit);
  await search.press('Enter');
  await expect(page.getByRole('table').getByRole('row', { name: new RegExp(mine.unit) })).toContainText(
    driver,
  );

  // Two vehicles changed together: ticked in the table, one cost center for both.
  await search.fill('K-12');
  await search.press('Enter');
  await expect(resultCount(page)).toHaveText('Showing 1–10 of 10 vehicles');
  // react-aria draws the box on the label over a hidden input: the label is what a person clicks.
  for (const unit of mine.pair) {
    const box = page.getByRole('checkbox', { name: `Choose ${unit}` });
    await page.locator('label', { has: box }).click();
    await expect(box).toBeChecked();
  }
  const bulk = page.getByRole('region', { name: 'Change several vehicles' });
  await expect(bulk.getByText('2 vehicles chosen')).toBeVisible();
  await bulk.getByLabel('Cost center').fill(`Bulk ${tag}`);
  await expectNoAxeViolations(page);
  if (project === 'phone') await expectNoSidewaysScroll(page);
  await bulk.getByRole('button', { name: 'Change 2 vehicles' }).click();
  await expect(bulk.getByText('2 vehicles changed.')).toBeVisible();
  for (const unit of mine.pair) {
    await expect(page.getByRole('table').getByRole('row', { name: new RegExp(unit) })).toContainText(
      `Bulk ${tag}`,
    );
  }

  // A CSV with mistakes is refused row by row, and changes nothing; put right, it is taken.
  await page.getByRole('link', { name: 'Upload vehicle facts (CSV)' }).click();
  await expect(page).toHaveURL(`${fleetPath}/import`);
  pageProblems.allowFailedRequest(
    `${fleetPath.replace('/fleet/', '/api/v1/organizations/')}/vehicles/import`,
  );
  const header = 'contractNumber,unitNumber,plate,plateState,costCenter,status';
  await uploadCsv(page, `${header}\n${mine.contract},,,Jersey,,in_service\nFL-9999-2025,,,,,parked\n`);
  await expect(page.getByText('Nothing was changed: the file has 2 problems.')).toBeVisible();
  const problems = page.getByRole('table', { name: /^Problems in the file/ });
  await expect(problems.getByRole('rowheader')).toHaveText(['2', '3']);
  const problemOf = (row: string) =>
    problems.getByRole('row').filter({ has: page.getByRole('rowheader', { name: row, exact: true }) });
  await expect(problemOf('2')).toContainText('plateState');
  await expect(problemOf('3')).toContainText('status');
  await expectNoAxeViolations(page);
  if (project === 'phone') await expectNoSidewaysScroll(page);
  await saveScreenshot(page, 'fleet-import');
  await uploadCsv(page, `contractNumber,costCenter\n${mine.contract},Imported ${tag}\n`);
  await expect(page.getByText('1 vehicle updated.')).toBeVisible();
  await page.goto(`${fleetPath}/vehicles/${mine.contract}`);
  await expect(page.getByRole('region', { name: /^This vehicle as of/ })).toContainText(`Imported ${tag}`);
});

/** Chooses a CSV file with `text` on the upload page and sends it. */
async function uploadCsv(page: Page, text: string): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles({
    name: 'vehicles.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text, 'utf8'),
  });
  await expect(page.getByText('Chosen: vehicles.csv')).toBeVisible();
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
}
