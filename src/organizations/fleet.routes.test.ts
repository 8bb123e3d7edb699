import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, drivers, fleetVehicles } from '../db/schema.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Keystone's fleet: loans signed long ago and never paid (past due), loans signed last month (not
// yet due) and leases; Harbor has one of its own. The test clock's business date is 2026-11-20.
let t: TestApp;
let keystone = '';
let harbor = '';
let driverId = '';
const sessions: Record<string, string> = {};
const KS = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
const PAST_DUE = ['FL-0001', 'FL-0002', 'FL-0003'];
const CURRENT = ['FL-0004', 'FL-0005', 'FL-0006', 'FL-0007', 'FL-0008'];
const LEASES = ['FL-0009', 'FL-0010'];

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, KS, PAST_DUE);
  await boardFleet(t, key, KS, CURRENT, loanContract, {
    contractDate: '2026-11-01',
    firstPaymentDate: '2026-12-01',
  });
  // A lease's first payment is due at signing: signed today, it is due, not past due.
  await boardFleet(t, key, KS, LEASES, leaseContract, {
    contractDate: '2026-11-20',
    firstPaymentDate: '2026-11-20',
  });
  await boardFleet(t, key, businessParty('BIZ-HARBOR', 'Harbor Courier Co.'), ['HC-0001']);
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  for (const [login, org, role] of [
    ['ks.admin', keystone, 'admin'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    const userId = await createUser(t, login);
    await addMember(t, org, userId, role);
    if (login === 'ks.driver') {
      const [driver] = await t.database.db
        .insert(drivers)
        .values({ organizationId: keystone, name: 'Dana Whitfield', userId, createdAt: t.clock.now() })
        .returning({ id: drivers.id });
      driverId = driver!.id;
    }
  }
  // Fleet records for some: units, a cost center, statuses, the driver on FL-0005.
  const rows = await t.database.db.select({ id: contracts.id, n: contracts.contractNumber }).from(contracts);
  const id = new Map(rows.map((r) => [r.n, r.id]));
  await t.database.db.insert(fleetVehicles).values(
    [...PAST_DUE, ...CURRENT, ...LEASES].map((n, i) => ({
      contractId: id.get(n)!,
      organizationId: keystone,
      unitNumber: `K-${101 + i}`,
      plate: `KPA-${4100 + i}`,
      plateState: 'PA',
      costCenter: i % 2 === 0 ? 'North' : 'South',
      status: n === 'FL-0004' ? ('in_repair' as const) : ('in_service' as const),
      driverId: n === 'FL-0005' ? driverId : null,
      projectedExcessMiles: n === 'FL-0010' ? 2_400 : null,
      projectedExcessChargeCents: n === 'FL-0010' ? 60_000 : null,
      updatedAt: t.clock.now(),
    })),
  );
  for (const login of ['ks.admin', 'ks.viewer', 'ks.driver', 'hc.admin'])
    sessions[login] = await signIn(t, login);
}, 180_000);
afterAll(() => t.close());

const fleet = (login: string, query = '', org = keystone) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/organizations/${org}/fleet${query ? `?${query}` : ''}`,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
  });
const numbers = (res: { json(): { rows: { contractNumber: string }[] } }) =>
  res.json().rows.map((r) => r.contractNumber);

describe('GET /api/v1/organizations/{id}/fleet', () => {
  it('answers the fleet’s totals and the vehicles needing attention first', async () => {
    const res = await fleet('ks.admin', 'pageSize=10');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toMatchObject({
      vehicles: 10,
      byStatus: { in_service: 9, in_repair: 1, out_of_service: 0, awaiting_sale: 0 },
      pastDueVehicles: 3,
      overMilesVehicles: 1,
    });
    expect(body.totals.pastDueCents).toBeGreaterThan(0);
    // The past-due total is the sum of the past-due rows' amounts.
    const pastDue = (await fleet('ks.admin', 'pastDue=true')).json();
    expect(pastDue.matching).toBe(3);
    expect(
      pastDue.rows.reduce(
        (sum: number, r: { finances: { pastDueCents: number } }) => sum + r.finances.pastDueCents,
        0,
      ),
    ).toBe(body.totals.pastDueCents);
    expect(body.matching).toBe(10);
    expect(numbers(res).slice(0, 3).sort()).toEqual(PAST_DUE);
    expect(body.rows[0]).toMatchObject({
      kind: 'loan',
      costCenter: expect.any(String),
      status: 'in_service',
    });
    expect(body.facets).toMatchObject({
      costCenters: ['North', 'South'],
      makes: ['Honda'],
      drivers: [{ name: 'Dana Whitfield' }],
    });
  });

  it('totals what the vehicles due this month have to pay by its end', async () => {
    const all = (await fleet('ks.admin', 'pageSize=100')).json();
    const due = (await fleet('ks.admin', 'dueThisMonth=true&pageSize=100')).json();
    type Row = { finances: { pastDueCents: number; nextDueDate: string | null; nextDueAmountCents: number } };
    const byMonthEnd = (r: Row) =>
      r.finances.pastDueCents +
      (r.finances.nextDueDate !== null && r.finances.nextDueDate <= '2026-11-30'
        ? r.finances.nextDueAmountCents
        : 0);
    const owed = due.rows.reduce((sum: number, r: Row) => sum + byMonthEnd(r), 0);
    expect(owed).toBeGreaterThan(0);
    expect(all.totals.dueThisMonthCents).toBe(owed);
    // The vehicles left out owe nothing by then.
    expect(all.rows.filter((r: Row) => byMonthEnd(r) > 0)).toHaveLength(due.matching);
  });

  it.each([
    ['q=K-105', ['FL-0005']],
    ['q=kpa-4103', ['FL-0004']],
    ['q=FL-001', ['FL-0010']],
    ['status=in_repair', ['FL-0004']],
    ['kind=lease', LEASES],
    ['overMiles=true', ['FL-0010']],
    [`driver=${'DRIVER'}`, ['FL-0005']],
    ['costCenter=north&kind=lease', ['FL-0009']],
    // Past due, or an installment due by the month's end (the leases signed today); not December's.
    ['dueThisMonth=true', [...PAST_DUE, ...LEASES]],
    ['q=HC-0001', []],
  ])('filters on the server: %s', async (query, expected) => {
    const res = await fleet('ks.admin', `${query.replace('DRIVER', driverId)}&sort=contract&pageSize=100`);
    expect(res.statusCode).toBe(200);
    expect(numbers(res)).toEqual(expected);
    expect(res.json().matching).toBe(expected.length);
  });

  it('sorts and pages on the server', async () => {
    const first = await fleet('ks.admin', 'sort=unit&order=desc&pageSize=10&page=1');
    expect(numbers(first)[0]).toBe('FL-0010');
    const second = await fleet('ks.admin', 'sort=contract&pageSize=10&page=2');
    expect(second.json()).toMatchObject({ page: 2, rows: [], matching: 10 });
  });

  it('shows a driver only their vehicle and no money; a viewer all of it', async () => {
    const driver = (await fleet('ks.driver', 'sort=pastDue')).json();
    expect(driver.rows.map((r: { contractNumber: string }) => r.contractNumber)).toEqual(['FL-0005']);
    expect(driver.rows[0].finances).toBeNull();
    expect(driver.totals).toMatchObject({
      vehicles: 1,
      dueThisMonthCents: null,
      pastDueCents: null,
      payoffCents: null,
    });
    expect(driver.facets.drivers).toEqual([]);
    const viewer = (await fleet('ks.viewer')).json();
    expect(viewer.totals.vehicles).toBe(10);
    expect(viewer.rows[0].finances).not.toBeNull();
  });

  it('is another organization’s 404, whatever the filter', async () => {
    expect((await fleet('hc.admin', '', keystone)).statusCode).toBe(404);
    expect((await fleet('ks.admin', 'q=HC', harbor)).statusCode).toBe(404);
    const own = (await fleet('hc.admin', '', harbor)).json();
    expect(own.rows.map((r: { contractNumber: string }) => r.contractNumber)).toEqual(['HC-0001']);
  });

  it.each([
    ['pageSize=1000', 'pageSize'],
    ['page=0', 'page'],
    ['status=in_service,parked', 'status'],
    ['sort=price', 'sort'],
    ['driver=somebody', 'driver'],
    ['maturesWithinDays=-3', 'maturesWithinDays'],
    ['pastDue=yes', 'pastDue'],
    ['q=%00', 'q'],
  ])('refuses %s naming the field', async (query, field) => {
    const res = await fleet('ks.admin', query);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toContain(field);
  });
});

// Nothing is read per vehicle or per driver: a fleet of 40 costs the statements a fleet of 3 does,
// whatever is asked and by whom, and the dashboard itself is one of them.
describe('the number of queries', () => {
  const orgs = { small: '', large: '' };
  const contractNumbers = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);

  beforeAll(async () => {
    const key = await boardingKey(t.database);
    for (const [size, prefix, n] of [
      ['small', 'SM', 3],
      ['large', 'LG', 40],
    ] as const) {
      const customerNumber = `BIZ-${prefix}`;
      await boardFleet(
        t,
        key,
        businessParty(customerNumber, `Fleet ${prefix} LLC`),
        contractNumbers(prefix, n),
      );
      const org = await createOrganization(t, customerNumber);
      orgs[size] = org;
      const driverIds: string[] = [];
      for (const [login, role] of [
        [`${prefix}.admin`, 'admin'],
        [`${prefix}.driver`, 'driver'],
      ] as const) {
        const userId = await createUser(t, login);
        await addMember(t, org, userId, role);
        const [driver] = await t.database.db
          .insert(drivers)
          .values({
            organizationId: org,
            name: `Driver ${login}`,
            userId: role === 'driver' ? userId : null,
            createdAt: t.clock.now(),
          })
          .returning({ id: drivers.id });
        driverIds.push(driver!.id);
        sessions[login] = await signIn(t, login);
      }
      const rows = await t.database.db
        .select({ id: contracts.id })
        .from(contracts)
        .where(inArray(contracts.contractNumber, contractNumbers(prefix, n)));
      // Every vehicle with a fleet record and a driver: the driver member on every other one.
      await t.database.db.insert(fleetVehicles).values(
        rows.map((r, i) => ({
          contractId: r.id,
          organizationId: org,
          unitNumber: `${prefix}-U${i + 1}`,
          costCenter: `Depot ${i % 4}`,
          driverId: driverIds[i % 2]!,
          updatedAt: t.clock.now(),
        })),
      );
    }
  }, 180_000);

  it.each([
    ['admin', ''],
    ['admin', 'pastDue=true&kind=loan&costCenter=depot%201&sort=amountDue'],
    ['admin', 'q=U1&sort=driver&pageSize=10&page=2'],
    ['driver', 'sort=unit'],
  ])('is the same for a fleet of 40 as for one of 3: %s %s', async (role, query) => {
    const counted = async (prefix: 'SM' | 'LG', org: string) => {
      const counter = countQueries(t.database.db);
      try {
        expect((await fleet(`${prefix}.${role}`, query, org)).statusCode).toBe(200);
      } finally {
        counter.stop();
      }
      return counter.statements;
    };
    const few = await counted('SM', orgs.small);
    const many = await counted('LG', orgs.large);
    expect(many).toHaveLength(few.length);
    expect(many.filter((statement) => statement.includes('"fleet_vehicles"'))).toHaveLength(1);
  });
});

// The fleet record of a contract boarded later may not exist yet: it is in the fleet, in service.
describe('a contract without a fleet record', () => {
  it('is listed in service, without unit or driver', async () => {
    await t.database.db.delete(fleetVehicles).where(eq(fleetVehicles.unitNumber, 'K-108'));
    const res = (await fleet('ks.admin', 'q=FL-0008')).json();
    expect(res.rows).toMatchObject([
      { contractNumber: 'FL-0008', unitNumber: null, status: 'in_service', driver: null },
    ]);
  });
});
