import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, drivers, fleetVehicles, odometerReadings, vehicles } from '../db/schema.ts';
import { leaseContract } from '../test-support/contracts.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Keystone's manager keeps the fleet's facts: units, plates, statuses, drivers. A viewer and a
// driver only read; Harbor's admin cannot touch Keystone's vehicles, even by contract number.
let t: TestApp;
let keystone = '';
let harbor = '';
let harborDriver = '';
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
const KEYSTONE = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
const FLEET = ['FL-0001', 'FL-0002', 'FL-0003'];

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, KEYSTONE, FLEET);
  await boardFleet(t, key, businessParty('BIZ-HARBOR', 'Harbor Courier Co.'), ['HC-0001']);
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  for (const [login, org, role] of [
    ['ks.manager', keystone, 'manager'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    userIds[login] = await createUser(t, login);
    await addMember(t, org, userIds[login], role);
    sessions[login] = await signIn(t, login);
  }
  const [driver] = await t.database.db
    .insert(drivers)
    .values({ organizationId: harbor, name: 'Sam Okafor', createdAt: t.clock.now() })
    .returning({ id: drivers.id });
  harborDriver = driver!.id;
}, 120_000);
afterAll(() => t.close());

const request = (
  login: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  path: string,
  payload?: object | string,
  contentType?: string,
) =>
  t.app.inject({
    method,
    url: `/api/v1/organizations/${path}`,
    ...(payload === undefined ? {} : { payload }),
    headers: { ...csrf.headers, ...(contentType ? { 'content-type': contentType } : {}) },
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
  });
const row = async (contractNumber: string) => {
  const res = await request('ks.manager', 'GET', `${keystone}/fleet?q=${contractNumber}`);
  return res.json().rows[0];
};

describe('vehicle facts', () => {
  it('are edited by a manager and shown on the dashboard; a viewer, a driver and another business get 404', async () => {
    const edit = {
      unitNumber: 'K-101',
      plate: 'KPA-4100',
      plateState: 'PA',
      costCenter: 'North',
      status: 'in_repair',
    };
    expect((await request('ks.manager', 'PATCH', `${keystone}/vehicles/FL-0001`, edit)).statusCode).toBe(204);
    expect(await row('FL-0001')).toMatchObject(edit);
    for (const [login, org, contract] of [
      ['ks.viewer', keystone, 'FL-0001'],
      ['ks.driver', keystone, 'FL-0001'],
      ['hc.admin', keystone, 'FL-0001'],
      ['hc.admin', harbor, 'FL-0001'],
    ] as const) {
      expect(
        (await request(login, 'PATCH', `${org}/vehicles/${contract}`, { status: 'awaiting_sale' }))
          .statusCode,
      ).toBe(404);
    }
    expect(await row('FL-0001')).toMatchObject({ status: 'in_repair' });
  });

  it('keeps unit numbers unique in a fleet, naming the field', async () => {
    const res = await request('ks.manager', 'PATCH', `${keystone}/vehicles/FL-0002`, { unitNumber: 'k-101' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'FLEET.UNIT_TAKEN',
      fields: { unitNumber: expect.any(String) },
    });
    expect((await row('FL-0002')).unitNumber).toBeNull();
  });

  it('applies one change to a selection, or to none when one of them is not the fleet’s', async () => {
    const refused = await request('ks.manager', 'POST', `${keystone}/vehicles/bulk-edit`, {
      contractNumbers: ['FL-0002', 'HC-0001'],
      changes: { status: 'out_of_service' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty(['contractNumbers.1']);
    expect((await row('FL-0002')).status).toBe('in_service');
    const empty = await request('ks.manager', 'POST', `${keystone}/vehicles/bulk-edit`, {
      contractNumbers: [],
      changes: {},
    });
    expect(empty.statusCode).toBe(400);
    const done = await request('ks.manager', 'POST', `${keystone}/vehicles/bulk-edit`, {
      contractNumbers: ['FL-0002', 'FL-0003'],
      changes: { status: 'out_of_service', costCenter: 'South' },
    });
    expect(done.json()).toEqual({ updated: 2 });
    expect(await row('FL-0003')).toMatchObject({ status: 'out_of_service', costCenter: 'South' });
  });
});

describe('the vehicle CSV upload', () => {
  const upload = (body: string | Buffer, login = 'ks.manager') =>
    request(login, 'POST', `${keystone}/vehicles/import`, body as string, 'text/csv');
  const HEADER = 'contractNumber,unitNumber,plate,plateState,costCenter,status';

  it('changes nothing unless every row is valid, and names each bad row and field', async () => {
    const res = await upload(
      [
        HEADER,
        'FL-0002,K-102,KPA-4101,PA,North,in_service',
        'FL-0009,K-109,,,,',
        'HC-0001,H-1,,,,',
        'FL-0003,K-102,,,,parked',
        'FL-0002,K-110,,,=SUM(A1),',
      ].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    const { code, fields } = res.json().error;
    expect(code).toBe('FLEET.CSV_INVALID');
    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'row 3: contractNumber',
        'row 4: contractNumber',
        'row 5: status',
        'row 6: costCenter',
        'row 6: contractNumber',
      ]),
    );
    expect((await row('FL-0002')).unitNumber).toBeNull();
  });

  it('refuses a file that is not UTF-8, and an empty one', async () => {
    const latin1 = Buffer.from(`${HEADER}\nFL-0002,K-102,,,Montréal,\n`, 'latin1');
    const res = await upload(latin1);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'FLEET.CSV_ENCODING',
      fields: { file: expect.any(String) },
    });
    expect((await upload(`${HEADER}\n`)).json().error.code).toBe('FLEET.CSV_EMPTY');
  });

  it('applies a valid file at once, for managers only', async () => {
    const file = `\uFEFF${HEADER}\nFL-0002,K-102,KPA-4101,PA,North,in_service\nFL-0003,K-103,,,,\n`;
    expect((await upload(file, 'ks.viewer')).statusCode).toBe(404);
    const res = await upload(file);
    expect(res.json()).toEqual({ updated: 2 });
    expect(await row('FL-0002')).toMatchObject({
      unitNumber: 'K-102',
      plate: 'KPA-4101',
      status: 'in_service',
    });
    // An empty cell leaves a fact as it was.
    expect(await row('FL-0003')).toMatchObject({ unitNumber: 'K-103', costCenter: 'South' });
  });
});

describe('drivers', () => {
  it('are added, assigned, reassigned and unassigned, with the history kept and audited', async () => {
    const add = async (name: string) =>
      (await request('ks.manager', 'POST', `${keystone}/drivers`, { name })).json().id as string;
    const dana = await add('Dana Whitfield');
    const marcus = await add('Marcus Lee');
    const assign = (driverId: string | null) =>
      request('ks.manager', 'PUT', `${keystone}/vehicles/FL-0001/driver`, { driverId });
    expect((await assign(dana)).statusCode).toBe(204);
    t.clock.now = (
      (base) => () =>
        new Date(base.getTime() + 60_000)
    )(t.clock.now());
    expect((await assign(marcus)).statusCode).toBe(204);
    expect((await row('FL-0001')).driver).toEqual({ id: marcus, name: 'Marcus Lee' });
    expect((await assign(null)).statusCode).toBe(204);
    expect((await row('FL-0001')).driver).toBeNull();
    const history = (await request('ks.manager', 'GET', `${keystone}/vehicles/FL-0001/assignments`)).json()
      .assignments;
    expect(
      history.map((a: { name: string; endedAt: string | null }) => [a.name, a.endedAt !== null]),
    ).toEqual([
      ['Marcus Lee', true],
      ['Dana Whitfield', true],
    ]);
    const listed = (await request('ks.manager', 'GET', `${keystone}/drivers`)).json().drivers;
    expect(listed.map((d: { name: string }) => d.name)).toEqual(['Dana Whitfield', 'Marcus Lee']);
    const audits = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'contract'), eq(auditEvents.resourceId, 'FL-0001')));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['fleet.driver_assign', 'fleet.driver_unassign', 'fleet.vehicle_edit']),
    );
  });

  it('refuses a driver of another organization, naming the field, and changes nothing', async () => {
    const res = await request('ks.manager', 'PUT', `${keystone}/vehicles/FL-0002/driver`, {
      driverId: harborDriver,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'FLEET.NO_DRIVER',
      fields: { driverId: expect.any(String) },
    });
    const [record] = await t.database.db
      .select()
      .from(fleetVehicles)
      .where(eq(fleetVehicles.unitNumber, 'K-102'));
    expect(record?.driverId).toBeNull();
  });

  it('are not a viewer’s or a driver’s to manage', async () => {
    for (const login of ['ks.viewer', 'ks.driver']) {
      expect((await request(login, 'GET', `${keystone}/drivers`)).statusCode).toBe(404);
      expect((await request(login, 'POST', `${keystone}/drivers`, { name: 'X' })).statusCode).toBe(404);
    }
  });
});

// FL-0004 is a lease (signed 2026-03-15 at 12 miles, 12,000 miles a year for 36 months) driven by
// the driver member; the test clock's business date is 2026-11-20.
describe('one vehicle', () => {
  const LEASE = 'FL-0004';
  const vehicle = (login: string, contractNumber: string, org = keystone) =>
    request(login, 'GET', `${org}/vehicles/${contractNumber}`);
  const report = (login: string, contractNumber: string, reading: object) =>
    request(login, 'POST', `${keystone}/vehicles/${contractNumber}/odometer-readings`, reading);
  const readingsOf = (contractNumber: string) =>
    t.database.db
      .select({ readOn: odometerReadings.readOn, miles: odometerReadings.miles })
      .from(odometerReadings)
      .innerJoin(vehicles, eq(vehicles.id, odometerReadings.vehicleId))
      .innerJoin(contracts, eq(contracts.id, vehicles.contractId))
      .where(eq(contracts.contractNumber, contractNumber))
      .orderBy(odometerReadings.readOn);

  beforeAll(async () => {
    await boardFleet(t, await boardingKey(t.database), KEYSTONE, [LEASE], leaseContract);
    const [driver] = await t.database.db
      .insert(drivers)
      .values({
        organizationId: keystone,
        name: 'Dee Okoro',
        userId: userIds['ks.driver']!,
        createdAt: t.clock.now(),
      })
      .returning({ id: drivers.id });
    const assigned = await request('ks.manager', 'PUT', `${keystone}/vehicles/${LEASE}/driver`, {
      driverId: driver!.id,
    });
    expect(assigned.statusCode).toBe(204);
  });

  it('answers a manager the vehicle with its position, the lease allowance and no readings yet', async () => {
    const res = await vehicle('ks.manager', LEASE);
    expect(res.statusCode).toBe(200);
    const { asOf, vehicle: answer } = res.json();
    expect(asOf).toBe('2026-11-20');
    expect(answer).toMatchObject({
      contractNumber: LEASE,
      kind: 'lease',
      status: 'in_service',
      driver: { name: 'Dee Okoro' },
      contractDate: '2026-03-15',
      odometerAtContract: 12,
      readings: [],
      latestOdometer: null,
      projectedExcessMiles: null,
      mileage: { allowedMiles: 36_000, perYearMiles: 12_000, projectedMilesAtMaturity: null },
      finances: { payoffCents: expect.any(Number), pastDueCents: expect.any(Number) },
    });
    // A loan has no mileage allowance; the viewer sees the business's money too.
    const loan = (await vehicle('ks.viewer', 'FL-0001')).json().vehicle;
    expect(loan).toMatchObject({ kind: 'loan', unitNumber: 'K-101', mileage: null });
    expect(loan.finances).not.toBeNull();
  });

  it('answers a driver the vehicle they drive without its money, and no other', async () => {
    const mine = await vehicle('ks.driver', LEASE);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().vehicle).toMatchObject({
      contractNumber: LEASE,
      finances: null,
      projectedExcessChargeCents: null,
    });
    const other = await vehicle('ks.driver', 'FL-0001');
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('FLEET.NO_VEHICLE');
  });

  it.each([
    ['another business’s contract', 'ks.manager', 'HC-0001', 'keystone', 'FLEET.NO_VEHICLE'],
    ['an unknown contract', 'ks.manager', 'FL-9999', 'keystone', 'FLEET.NO_VEHICLE'],
    [
      'its own organization, for another business’s vehicle',
      'hc.admin',
      'FL-0001',
      'harbor',
      'FLEET.NO_VEHICLE',
    ],
    [
      'an organization they are not a member of',
      'hc.admin',
      'FL-0001',
      'keystone',
      'ORGANIZATIONS.NOT_FOUND',
    ],
  ])('is a 404 for %s', async (_, login, contractNumber, org, code) => {
    const res = await vehicle(login, contractNumber, org === 'keystone' ? keystone : harbor);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe(code);
  });

  it('takes the driver’s reading of their vehicle, audited, and keeps the lease projection on the fleet record', async () => {
    const res = await report('ks.driver', LEASE, { miles: 9_012, readOn: '2026-11-01' });
    expect(res.statusCode).toBe(201);
    const answer = res.json().vehicle;
    expect(answer).toMatchObject({
      latestOdometer: 9_012,
      latestOdometerOn: '2026-11-01',
      readings: [{ readOn: '2026-11-01', miles: 9_012 }],
      finances: null,
    });
    // 9,000 miles in 231 days is ahead of 12,000 a year: the lease is projected over its allowance.
    expect(answer.projectedExcessMiles).toBeGreaterThan(0);
    expect(answer.mileage.projectedMilesAtMaturity).toBe(36_000 + answer.projectedExcessMiles);
    const [record] = await t.database.db
      .select()
      .from(fleetVehicles)
      .innerJoin(contracts, eq(contracts.id, fleetVehicles.contractId))
      .where(eq(contracts.contractNumber, LEASE));
    expect(record?.fleet_vehicles).toMatchObject({
      latestOdometer: 9_012,
      latestOdometerOn: '2026-11-01',
      projectedExcessMiles: answer.projectedExcessMiles,
      projectedExcessChargeCents: answer.projectedExcessMiles * 25,
    });
    // The manager sees the same projection with its charge.
    expect((await vehicle('ks.manager', LEASE)).json().vehicle).toMatchObject({
      projectedExcessMiles: answer.projectedExcessMiles,
      projectedExcessChargeCents: answer.projectedExcessMiles * 25,
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'vehicle.odometer_reading'), eq(auditEvents.resourceId, LEASE)));
    expect(audit).toMatchObject({
      actorId: userIds['ks.driver'],
      details: { readOn: '2026-11-01', miles: 9_012 },
    });
  });

  it('replaces the day’s reading with a second one that day', async () => {
    const res = await report('ks.driver', LEASE, { miles: 9_020, readOn: '2026-11-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json().vehicle.readings).toEqual([{ readOn: '2026-11-01', miles: 9_020 }]);
  });

  it.each([
    [
      'lower than the previous reading',
      { miles: 9_000, readOn: '2026-11-10' },
      'miles',
      'VEHICLE.READING_BELOW_EARLIER',
    ],
    ['dated in the future', { miles: 9_500, readOn: '2026-11-21' }, 'readOn', 'VEHICLE.READING_IN_FUTURE'],
    [
      'more than 5,000 miles a day since the last',
      { miles: 60_000, readOn: '2026-11-02' },
      'miles',
      'VEHICLE.READING_TOO_FAR',
    ],
    ['over any odometer’s miles', { miles: 2_000_000 }, 'miles', 'REQUEST.INVALID'],
  ])('refuses a reading %s, naming the field, and records nothing', async (_, reading, field, code) => {
    const before = await readingsOf(LEASE);
    const res = await report('ks.driver', LEASE, reading);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, fields: { [field]: expect.any(String) } });
    expect(Object.keys(res.json().error.fields)).toEqual([field]);
    expect(await readingsOf(LEASE)).toEqual(before);
  });

  it('lets a driver report only their own vehicle, a viewer none, and a manager any', async () => {
    for (const [login, contractNumber] of [
      ['ks.driver', 'FL-0001'],
      ['ks.viewer', LEASE],
      ['hc.admin', 'FL-0001'],
    ] as const) {
      const res = await report(login, contractNumber, { miles: 9_100, readOn: '2026-11-15' });
      expect(res.statusCode).toBe(404);
    }
    expect(await readingsOf('FL-0001')).toEqual([]);
    expect((await readingsOf(LEASE)).map((r) => r.miles)).toEqual([9_020]);
    const managed = await report('ks.manager', 'FL-0001', { miles: 4_000, readOn: '2026-11-15' });
    expect(managed.statusCode).toBe(201);
    expect(managed.json().vehicle.projectedExcessMiles).toBeNull();
  });

  it('costs the same number of queries with several readings as with none', async () => {
    for (const [readOn, miles] of [
      ['2026-11-05', 9_200],
      ['2026-11-10', 9_400],
      ['2026-11-15', 9_600],
    ] as const) {
      expect((await report('ks.manager', LEASE, { miles, readOn })).statusCode).toBe(201);
    }
    const counted = async (contractNumber: string) => {
      const counter = countQueries(t.database.db);
      try {
        expect((await vehicle('ks.manager', contractNumber)).statusCode).toBe(200);
      } finally {
        counter.stop();
      }
      return counter.statements;
    };
    const none = await counted('FL-0002');
    const several = await counted(LEASE);
    expect((await vehicle('ks.manager', LEASE)).json().vehicle.readings).toHaveLength(4);
    expect(several).toHaveLength(none.length);
    expect(several.filter((statement) => statement.includes('"odometer_readings"'))).toHaveLength(1);
  });
});

describe('clearing a vehicle’s facts', () => {
  const facts = async (contractNumber: string) => {
    const { unitNumber, plate, plateState, costCenter, status } = await row(contractNumber);
    return { unitNumber, plate, plateState, costCenter, status };
  };
  const edit = (contractNumber: string, changes: object) =>
    request('ks.manager', 'PATCH', `${keystone}/vehicles/${contractNumber}`, changes);

  it('clears what is sent null and keeps what is left out', async () => {
    expect(await facts('FL-0002')).toEqual({
      unitNumber: 'K-102',
      plate: 'KPA-4101',
      plateState: 'PA',
      costCenter: 'North',
      status: 'in_service',
    });
    expect((await edit('FL-0002', { plateState: null })).statusCode).toBe(204);
    expect(await facts('FL-0002')).toMatchObject({
      plate: 'KPA-4101',
      plateState: null,
      costCenter: 'North',
    });
    expect((await edit('FL-0002', { unitNumber: null, plate: null, costCenter: null })).statusCode).toBe(204);
    expect(await facts('FL-0002')).toEqual({
      unitNumber: null,
      plate: null,
      plateState: null,
      costCenter: null,
      status: 'in_service',
    });
    const audits = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'fleet.vehicle_edit'), eq(auditEvents.resourceId, 'FL-0002')));
    expect(audits.map((a) => a.details)).toContainEqual(expect.objectContaining({ plateState: null }));
  });

  it.each([
    ['a code that is no US state', { plateState: 'ZZ' }, 'plateState'],
    ['a state in lower case', { plateState: 'pa' }, 'plateState'],
    ['a status cleared', { status: null }, 'status'],
  ])('refuses %s, naming the field, and changes nothing', async (_, changes, field) => {
    const before = await facts('FL-0003');
    const res = await edit('FL-0003', changes);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty([field]);
    expect(await facts('FL-0003')).toEqual(before);
  });

  it('clears a selection’s plate state and cost center in a bulk edit, keeping the rest', async () => {
    expect((await edit('FL-0003', { plateState: 'NJ' })).statusCode).toBe(204);
    const before = await facts('FL-0003');
    expect(before).toMatchObject({ plateState: 'NJ', costCenter: 'South', unitNumber: 'K-103' });
    const res = await request('ks.manager', 'POST', `${keystone}/vehicles/bulk-edit`, {
      contractNumbers: ['FL-0003'],
      changes: { plateState: null, costCenter: null },
    });
    expect(res.json()).toEqual({ updated: 1 });
    expect(await facts('FL-0003')).toEqual({ ...before, plateState: null, costCenter: null });
    const refused = await request('ks.manager', 'POST', `${keystone}/vehicles/bulk-edit`, {
      contractNumbers: ['FL-0003'],
      changes: { plateState: 'XX' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty(['changes.plateState']);
  });
});

describe('the OpenAPI document', () => {
  it('declares what the vehicle, driver and assignment routes answer', async () => {
    const { paths } = (await t.app.inject('/api/openapi.json')).json();
    const vehicle = '/api/v1/organizations/{organizationId}/vehicles/{contractNumber}';
    for (const [path, method, status] of [
      [vehicle, 'get', '200'],
      [`${vehicle}/odometer-readings`, 'post', '201'],
      [`${vehicle}/assignments`, 'get', '200'],
      ['/api/v1/organizations/{organizationId}/vehicles/bulk-edit', 'post', '200'],
      ['/api/v1/organizations/{organizationId}/vehicles/import', 'post', '200'],
      ['/api/v1/organizations/{organizationId}/drivers', 'get', '200'],
      ['/api/v1/organizations/{organizationId}/drivers', 'post', '201'],
    ] as const) {
      const schema = paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
      expect(schema, `${method} ${path} ${status}`).toMatchObject({ type: 'object' });
    }
  });
});
