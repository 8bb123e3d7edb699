import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drivers, fleetVehicles } from '../db/schema.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Keystone's manager keeps the fleet's facts: units, plates, statuses, drivers. A viewer and a
// driver only read; Harbor's admin cannot touch Keystone's vehicles, even by contract number.
let t: TestApp;
let keystone = '';
let harbor = '';
let harborDriver = '';
const sessions: Record<string, string> = {};
const FLEET = ['FL-0001', 'FL-0002', 'FL-0003'];

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC'), FLEET);
  await boardFleet(t, key, businessParty('BIZ-HARBOR', 'Harbor Courier Co.'), ['HC-0001']);
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  for (const [login, org, role] of [
    ['ks.manager', keystone, 'manager'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    await addMember(t, org, await createUser(t, login), role);
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
