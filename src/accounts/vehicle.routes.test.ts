import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, odometerReadings } from '../db/schema.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana owns the loan (a new 2026 Honda, contract 2026-01-10) and James co-signed it; Bo holds the
// lease (contract 2026-03-15, odometer 12, 12,000 miles a year for 36 months, $0.25 a mile).
// Today is 2026-11-20.
let t: TestApp;
const sessions: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
  };
  for (const contract of [
    loanContract({ parties: [loanContract().parties[0], cosigner] }),
    leaseContract(),
  ]) {
    await boardContract(t, key, contract);
  }
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const user of ['ana', 'james', 'bo']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const get = (user: string, contractNumber: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/accounts/${contractNumber}/vehicle`,
    cookies: { [SESSION_COOKIE]: sessions[user]! },
  });
const report = (user: string, contractNumber: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/accounts/${contractNumber}/vehicle/odometer-readings`,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
    headers: csrf.headers,
    payload,
  });
const readingsOnFile = async () => t.database.db.select().from(odometerReadings);

describe('GET /api/v1/accounts/{contractNumber}/vehicle', () => {
  it('shows the borrower the vehicle, its VIN check and the maker’s warranty from the contract date', async () => {
    const res = await get('ana', 'RIC-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contractKind: 'retail_installment',
      vin: '1HGCM82633A004352',
      vinCheckDigitValid: true,
      year: 2026,
      make: 'Honda',
      model: 'Accord',
      trim: 'EX',
      condition: 'new',
      contractDate: '2026-01-10',
      odometerAtContract: 12,
      readings: [],
      latestMiles: 12,
      warranty: {
        basic: { status: 'covered', years: 3, miles: 36_000, endsOn: '2029-01-10' },
        powertrain: { status: 'covered', years: 5, miles: 60_000, endsOn: '2031-01-10' },
      },
      mileage: null,
    });
  });

  it('shows a co-signer the same vehicle', async () => {
    const res = await get('james', 'RIC-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json().vin).toBe('1HGCM82633A004352');
  });

  it('answers someone else’s account exactly as one that does not exist', async () => {
    const others = await get('bo', 'RIC-000001');
    const missing = await get('bo', 'RIC-999999');
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json().error.code).toBe(missing.json().error.code);
    expect(others.body).not.toContain('1HGCM');
  });

  it('gives a lease its mileage allowance before any reading, with nothing yet to project', async () => {
    const { mileage } = (await get('bo', 'LSE-000001')).json();
    expect(mileage).toMatchObject({
      allowedMiles: 36_000,
      perYearMiles: 12_000,
      excessMileageRateCents: 25,
      projection: null,
    });
  });
});

describe('POST /api/v1/accounts/{contractNumber}/vehicle/odometer-readings', () => {
  it('records a lessee’s reading, projects it to maturity and audits it', async () => {
    const res = await report('bo', 'LSE-000001', { miles: 9_012 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.readings).toEqual([{ readOn: '2026-11-20', miles: 9_012 }]);
    // 9,000 miles in the 250 days since 2026-03-15, over the 1,068 days to maturity: 38,448
    // projected, 2,448 over 36,000 × $0.25 = $612.00. Allowance to date 36,000 × 250 / 1,068 =
    // 8,426.97 → 8,427 (rounded up, the lessee's favor).
    expect(body.mileage).toMatchObject({
      maturityDate: '2029-02-15',
      projection: {
        asOf: '2026-11-20',
        milesUsedToDate: 9_000,
        allowanceToDate: 8_427,
        projectedMilesAtMaturity: 38_448,
        projectedExcessMiles: 2_448,
        projectedChargeCents: 61_200,
      },
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'vehicle.odometer_reading'));
    expect(audit).toMatchObject({
      resourceType: 'contract',
      resourceId: 'LSE-000001',
      details: { readOn: '2026-11-20', miles: 9_012 },
    });
  });

  it('replaces the day’s reading with a second one that day, and audits what it replaced', async () => {
    const res = await report('bo', 'LSE-000001', { miles: 9_112, readOn: '2026-11-20' });
    expect(res.statusCode).toBe(200);
    expect(res.json().readings).toEqual([{ readOn: '2026-11-20', miles: 9_112 }]);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'vehicle.odometer_reading'));
    expect(audits.at(-1)?.details).toEqual({ readOn: '2026-11-20', miles: 9_112, replacedMiles: 9_012 });
  });

  it('keeps readings in order: an earlier day in between is accepted, newest first', async () => {
    const res = await report('bo', 'LSE-000001', { miles: 5_000, readOn: '2026-08-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json().readings.map((r: { readOn: string }) => r.readOn)).toEqual([
      '2026-11-20',
      '2026-08-01',
    ]);
  });

  it.each([
    [
      'lower than an earlier reading',
      { miles: 4_999, readOn: '2026-09-01' },
      'miles',
      'VEHICLE.READING_BELOW_EARLIER',
    ],
    [
      'higher than a later reading',
      { miles: 9_200, readOn: '2026-10-01' },
      'miles',
      'VEHICLE.READING_ABOVE_LATER',
    ],
    [
      'lower than the odometer at contract',
      { miles: 11, readOn: '2026-03-16' },
      'miles',
      'VEHICLE.READING_BELOW_CONTRACT',
    ],
    ['dated in the future', { miles: 9_500, readOn: '2026-11-21' }, 'readOn', 'VEHICLE.READING_IN_FUTURE'],
    [
      'dated before the contract',
      { miles: 12, readOn: '2026-03-14' },
      'readOn',
      'VEHICLE.READING_BEFORE_CONTRACT',
    ],
  ])('refuses a reading %s, with the field and changes nothing', async (_, payload, field, code) => {
    const before = await readingsOnFile();
    const res = await report('bo', 'LSE-000001', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(Object.keys(res.json().error.fields)).toEqual([field]);
    expect(await readingsOnFile()).toEqual(before);
  });

  it('refuses miles that are not a whole number, with the field', async () => {
    const res = await report('bo', 'LSE-000001', { miles: 9_500.5 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('miles');
  });

  it('refuses an absurd jump (more than 5,000 miles a day), with the field', async () => {
    const res = await report('ana', 'RIC-000001', { miles: 10_013, readOn: '2026-01-11' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VEHICLE.READING_TOO_FAR',
      fields: { miles: expect.any(String) },
    });
    expect(await readingsOnFile()).toHaveLength(2);
  });

  it('lets the borrower report, counting the reading toward the warranty’s miles', async () => {
    const res = await report('ana', 'RIC-000001', { miles: 8_000 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ latestMiles: 8_000, warranty: { basic: { status: 'covered' } } });
  });

  it('lets a co-signer see the readings but not report one', async () => {
    const before = await readingsOnFile();
    const res = await report('james', 'RIC-000001', { miles: 8_100 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('VEHICLE.READING_NOT_ALLOWED');
    expect(await readingsOnFile()).toEqual(before);
    expect((await get('james', 'RIC-000001')).json().readings).toEqual([
      { readOn: '2026-11-20', miles: 8_000 },
    ]);
  });

  it('answers a report on someone else’s account as on one that does not exist, and records nothing', async () => {
    const before = await readingsOnFile();
    const others = await report('bo', 'RIC-000001', { miles: 8_100 });
    const missing = await report('bo', 'RIC-999999', { miles: 8_100 });
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json().error.code).toBe(missing.json().error.code);
    expect(await readingsOnFile()).toEqual(before);
  });
});
