import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivers, fleetVehicles } from '../db/schema.ts';
import { leaseContract } from '../test-support/contracts.ts';
import {
  boardKeystone,
  contractIds,
  contractNumbers,
  createOrganizations,
  fleetRecord,
  getAs,
  type Login,
  type Organizations,
  OUTSIDERS,
  party,
  payKeystone,
  paymentPoster,
  queriesOf,
  reverse,
  signInMembers,
} from '../test-support/fleet-finances.ts';
import { boardFleet } from '../test-support/organizations.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';

// Keystone's fleet (test-support/fleet-finances.ts), paid through the real payment service; today's
// business date is 2026-11-20.
//   KS-0001 loan ($20,000 at 5%, $377.42 due the 10th from 2026-02-10): paid 02-10 (interest
//     $20,000 × 5% × 31/365 = $84.93, principal $292.49) and 03-10 (interest $19,707.51 × 5% × 28/365
//     = $75.59, principal $301.83); the 03-10 payment comes back today (returned): −$301.83 / −$75.59.
//   KS-0002 lease ($397.57 a month = $375.07 base + $22.50 tax, due the 15th from 2026-10-15): paid
//     10-15 and 11-15; the 11-15 one comes back today with a $25.00 returned-payment fee, and today
//     $820.14 pays the two installments billed (base $750.14, tax $45.00) and the fee ($25.00).
//   KS-0003 loan from 2024-10-01, due the 1st from 2024-11-01: paid 2024-11-01 (before the 24-month
//     window: $84.93 / $292.49) and 2024-12-01 (interest $19,707.51 × 5% × 30/365 = $80.99, principal $296.43).
//   KS-0004 lease from 2024-04-15, never paid: matures 2027-03-15.
// Harbor (3 vehicles, each paid) and Summit (30) are other organizations.
let t: TestApp;
let org: Organizations;
let sessions: Record<Login, string>;

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardKeystone(t, key);
  await boardFleet(t, key, party('keystone'), ['KS-0004'], leaseContract, {
    contractDate: '2024-04-15',
    firstPaymentDate: '2024-04-15',
  });
  const harbor = contractNumbers('HC', 1, 3);
  await boardFleet(t, key, party('harbor'), harbor);
  const summitLoans = contractNumbers('SM', 1, 20);
  const summitLeases = contractNumbers('SM', 21, 10);
  await boardFleet(t, key, party('summit'), summitLoans);
  await boardFleet(t, key, party('summit'), summitLeases, leaseContract, {
    contractDate: '2026-10-15',
    firstPaymentDate: '2026-10-15',
  });
  org = await createOrganizations(t);
  const members = await signInMembers(t, org);
  sessions = members.sessions;

  const pay = paymentPoster(t);
  await payKeystone(t, pay);
  const returnedLeasePayment = await pay('KS-0002', 39_757, '2026-11-15');
  await reverse(t, 'KS-0002', returnedLeasePayment.paymentId, 'returned');
  const lastLeasePayment = await pay('KS-0002', 82_014, '2026-11-20');
  // The split this fixture's figures rest on, as the service posted it.
  expect(lastLeasePayment.allocation).toMatchObject({
    leaseReceivableCents: 75_014,
    salesTaxCents: 4_500,
    feesCents: 2_500,
    unappliedCents: 0,
  });
  for (const n of [...harbor, ...summitLoans]) await pay(n, 37_742, '2026-02-10');
  for (const n of summitLeases) await pay(n, 39_757, '2026-10-15');

  const [dana] = await t.database.db
    .insert(drivers)
    .values({
      organizationId: org.keystone,
      name: 'Dana Whitfield',
      userId: members.userIds['ks.driver'],
      createdAt: t.clock.now(),
    })
    .returning({ id: drivers.id });
  const record = fleetRecord(t, await contractIds(t));
  await t.database.db.insert(fleetVehicles).values([
    record('KS-0001', org.keystone, { unitNumber: 'K-1', costCenter: 'North' }),
    record('KS-0002', org.keystone, {
      unitNumber: 'K-2',
      costCenter: 'South',
      driverId: dana!.id,
      latestOdometer: 9_000,
      latestOdometerOn: '2026-11-19',
      projectedExcessMiles: 2_400,
      projectedExcessChargeCents: 60_000,
    }),
    record('KS-0003', org.keystone, { unitNumber: 'K-3', costCenter: 'West' }),
    // KS-0004 has no fleet record: no unit, no cost center.
    ...summitLeases.map((n, i) =>
      record(n, org.summit, {
        costCenter: `C${i % 4}`,
        projectedExcessMiles: 100 + i,
        projectedExcessChargeCents: 2_500,
      }),
    ),
    ...harbor.map((n) => record(n, org.harbor, { costCenter: 'Dock' })),
  ]);
}, 300_000);
afterAll(() => t.close());

const get = (login: Login, path: string, organization: keyof Organizations = 'keystone') =>
  getAs(t, sessions[login], `/api/v1/organizations/${org[organization]}/analytics/${path}`);

const split = (parts: Partial<Record<string, number>>) => {
  const all = {
    principalCents: 0,
    interestCents: 0,
    feesCents: 0,
    leasePaymentsCents: 0,
    taxesCents: 0,
    unappliedCents: 0,
    ...parts,
  };
  return { ...all, totalCents: Object.values(all).reduce((sum, v) => sum + v, 0) };
};
const LOAN_A = split({ principalCents: 29_249, interestCents: 8_493 });
const LEASE_B = split({ leasePaymentsCents: 112_521, taxesCents: 6_750, feesCents: 2_500 });
const LOAN_C_WINDOW = split({ principalCents: 29_643, interestCents: 8_099 });
const WINDOW_TOTALS = split({
  principalCents: 58_892,
  interestCents: 16_592,
  feesCents: 2_500,
  leasePaymentsCents: 112_521,
  taxesCents: 6_750,
});

describe('GET …/analytics/spend', () => {
  it('answers 24 months of what the payments paid, split, with a returned payment taking back its part', async () => {
    const res = await get('ks.admin', 'spend');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ asOf: '2026-11-20', from: '2024-12-01', to: '2026-11-20' });
    expect(body.months).toHaveLength(24);
    expect(body.months[0].month).toBe('2024-12');
    expect(body.months[23].month).toBe('2026-11');
    const paid = Object.fromEntries(
      body.months
        .filter((m: { totalCents: number }) => m.totalCents !== 0)
        .map(({ month, ...parts }: { month: string }) => [month, parts]),
    );
    expect(paid).toEqual({
      '2024-12': split({ principalCents: 29_643, interestCents: 8_099 }),
      '2026-02': split({ principalCents: 29_249, interestCents: 8_493 }),
      '2026-03': split({ principalCents: 30_183, interestCents: 7_559 }),
      '2026-10': split({ leasePaymentsCents: 37_507, taxesCents: 2_250 }),
      // The two returns (−$377.42 of the loan, −$397.57 of the lease) and today's $820.14.
      '2026-11': split({
        principalCents: -30_183,
        interestCents: -7_559,
        leasePaymentsCents: 75_014,
        taxesCents: 4_500,
        feesCents: 2_500,
      }),
    });
    expect(body.totals).toEqual(WINDOW_TOTALS);
    expect(body.totals.totalCents).toBe(197_255);
  });

  it('takes a shorter window', async () => {
    const body = (await get('ks.viewer', 'spend?months=2')).json();
    expect(body.from).toBe('2026-10-01');
    expect(body.months.map((m: { month: string }) => m.month)).toEqual(['2026-10', '2026-11']);
    expect(body.totals.totalCents).toBe(39_757 + 44_272);
  });

  it('refuses a window longer than 24 months, naming the field', async () => {
    const res = await get('ks.admin', 'spend?months=25');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['months']);
  });
});

describe('GET …/analytics/spend/cost-centers and /vehicles', () => {
  it('lists the largest cost centers and sums the rest as others', async () => {
    const body = (await get('ks.admin', 'spend/cost-centers?top=2')).json();
    expect(body.rows).toEqual([
      { costCenter: 'South', ...LEASE_B },
      { costCenter: 'North', ...LOAN_A },
    ]);
    expect(body.others).toEqual({ groups: 1, ...LOAN_C_WINDOW });
    expect(body.totals).toEqual(WINDOW_TOTALS);
  });

  it('lists the vehicles that cost the most and sums the rest as others', async () => {
    const body = (await get('ks.admin', 'spend/vehicles?top=2')).json();
    expect(body.rows).toEqual([
      expect.objectContaining({
        contractNumber: 'KS-0002',
        unitNumber: 'K-2',
        costCenter: 'South',
        ...LEASE_B,
      }),
      expect.objectContaining({ contractNumber: 'KS-0001', make: 'Honda', model: 'Accord', ...LOAN_A }),
    ]);
    expect(body.others).toEqual({ groups: 1, ...LOAN_C_WINDOW });
    const all = (await get('ks.admin', 'spend/vehicles')).json();
    expect(all.rows.map((r: { contractNumber: string }) => r.contractNumber)).toEqual([
      'KS-0002',
      'KS-0001',
      'KS-0003',
    ]);
    expect(all.others).toEqual({ groups: 0, ...split({}) });
  });
});

describe('GET …/analytics/obligations', () => {
  it('sums the installments due in the next 90 days by month, what was paid ahead left out', async () => {
    const body = (await get('ks.admin', 'obligations?by=month')).json();
    expect(body).toMatchObject({
      asOf: '2026-11-20',
      from: '2026-11-20',
      through: '2027-02-17',
      by: 'month',
    });
    expect(body.buckets).toEqual([
      {
        start: '2026-11-20',
        end: '2026-11-30',
        installments: 0,
        loanCents: 0,
        leaseCents: 0,
        amountCents: 0,
      },
      // KS-0001 on the 10th and KS-0003 on the 1st ($377.42 each), KS-0004 on the 15th ($397.57);
      // KS-0002's December installment is paid.
      {
        start: '2026-12-01',
        end: '2026-12-31',
        installments: 3,
        loanCents: 75_484,
        leaseCents: 39_757,
        amountCents: 115_241,
      },
      {
        start: '2027-01-01',
        end: '2027-01-31',
        installments: 4,
        loanCents: 75_484,
        leaseCents: 79_514,
        amountCents: 154_998,
      },
      {
        start: '2027-02-01',
        end: '2027-02-17',
        installments: 4,
        loanCents: 75_484,
        leaseCents: 79_514,
        amountCents: 154_998,
      },
    ]);
    expect(body.totals).toEqual({ installments: 11, amountCents: 425_237 });
    // KS-0001: 9 installments from 2026-03-10; KS-0003: 23 from 2025-01-01; KS-0004: 32 from 2024-04-15.
    expect(body.pastDue).toEqual({
      installments: 64,
      amountCents: 9 * 37_742 + 23 * 37_742 + 32 * 39_757,
    });
  });

  it('groups by week, Monday to Sunday, the first and last cut to the window', async () => {
    const body = (await get('ks.admin', 'obligations')).json();
    expect(body.buckets).toHaveLength(14);
    expect(body.buckets[0]).toMatchObject({ start: '2026-11-20', end: '2026-11-22', amountCents: 0 });
    expect(body.buckets[13]).toMatchObject({ start: '2027-02-15', end: '2027-02-17', leaseCents: 79_514 });
    const due = Object.fromEntries(
      body.buckets
        .filter((b: { amountCents: number }) => b.amountCents > 0)
        .map((b: { start: string; amountCents: number }) => [b.start, b.amountCents]),
    );
    expect(due).toEqual({
      '2026-11-30': 37_742,
      '2026-12-07': 37_742,
      '2026-12-14': 39_757,
      '2026-12-28': 37_742,
      '2027-01-04': 37_742,
      '2027-01-11': 79_514,
      '2027-02-01': 37_742,
      '2027-02-08': 37_742,
      '2027-02-15': 79_514,
    });
    expect(body.totals).toEqual({ installments: 11, amountCents: 425_237 });
  });
});

describe('GET …/analytics/maturing-leases and /mileage', () => {
  it('lists the leases maturing in the next six months and counts them by month', async () => {
    const body = (await get('ks.admin', 'maturing-leases')).json();
    expect(body.through).toBe('2027-05-20');
    expect(body.rows).toEqual([
      expect.objectContaining({
        contractNumber: 'KS-0004',
        unitNumber: null,
        maturityDate: '2027-03-15',
        daysToMaturity: 115,
        residualValueCents: 1_650_000,
        purchaseOptionPriceCents: 1_685_000,
        dispositionFeeCents: 39_500,
        payoffCents: expect.any(Number),
      }),
    ]);
    expect(body.byMonth.map((m: { month: string }) => m.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
    ]);
    expect(body.byMonth.find((m: { month: string }) => m.month === '2027-03').leases).toBe(1);
    expect((await get('ks.admin', 'maturing-leases?months=1')).json().rows).toEqual([]);
  });

  it('lists the leases projected over their miles, with the charge', async () => {
    const body = (await get('ks.admin', 'mileage')).json();
    expect(body.totals).toEqual({ vehicles: 1, excessMiles: 2_400, chargeCents: 60_000 });
    expect(body.rows).toEqual([
      expect.objectContaining({
        contractNumber: 'KS-0002',
        driver: 'Dana Whitfield',
        mileageAllowancePerYear: 12_000,
        latestOdometer: 9_000,
        latestOdometerOn: '2026-11-19',
        projectedExcessMiles: 2_400,
        projectedExcessChargeCents: 60_000,
      }),
    ]);
  });
});

describe('GET …/analytics/cost-of-ownership', () => {
  it('answers everything paid on each vehicle since boarding, most first, with the fleet’s totals', async () => {
    const body = (await get('ks.admin', 'cost-of-ownership')).json();
    expect(body.vehicles).toBe(4);
    expect(
      body.rows.map((r: { contractNumber: string; totalCents: number }) => [r.contractNumber, r.totalCents]),
    ).toEqual([
      ['KS-0002', 121_771],
      ['KS-0003', 75_484],
      ['KS-0001', 37_742],
      ['KS-0004', 0],
    ]);
    // KS-0003's payment before the analytics' window counts here.
    expect(body.rows[1]).toMatchObject({
      kind: 'loan',
      contractDate: '2024-10-01',
      ...split({ principalCents: 58_892, interestCents: 16_592 }),
    });
    expect(body.totals).toEqual(
      split({
        principalCents: 88_141,
        interestCents: 25_085,
        feesCents: 2_500,
        leasePaymentsCents: 112_521,
        taxesCents: 6_750,
      }),
    );
    const second = (await get('ks.admin', 'cost-of-ownership?pageSize=10&page=2')).json();
    expect(second).toMatchObject({ page: 2, rows: [], vehicles: 4 });
  });
});

const ENDPOINTS = [
  'spend',
  'spend/cost-centers',
  'spend/vehicles',
  'obligations',
  'maturing-leases',
  'mileage',
  'cost-of-ownership',
];

describe('who may see the analytics', () => {
  it.each(ENDPOINTS)('%s: 404 for a driver and for another organization’s member', async (path) => {
    expect((await get('ks.viewer', path)).statusCode).toBe(200);
    for (const [login, organization] of OUTSIDERS) {
      const res = await get(login, path, organization);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ORGANIZATIONS.NOT_FOUND');
    }
  });

  it('counts only the organization’s own contracts', async () => {
    const harbor = (await get('hc.admin', 'spend', 'harbor')).json();
    expect(harbor.totals).toEqual(split({ principalCents: 3 * 29_249, interestCents: 3 * 8_493 }));
  });
});

describe('query counts', () => {
  it.each(ENDPOINTS)('%s costs as many queries for 30 vehicles as for 3', async (path) => {
    const counted = async (login: Login, organization: keyof Organizations) => {
      const { answer, queries } = await queriesOf(t, () => get(login, path, organization));
      expect(answer.statusCode).toBe(200);
      return queries;
    };
    const three = await counted('hc.admin', 'harbor');
    const thirty = await counted('sm.admin', 'summit');
    expect(thirty).toBe(three);
    expect(thirty).toBeGreaterThan(0);
    expect(thirty).toBeLessThanOrEqual(6);
  });

  it('sees the 30 vehicles', async () => {
    const body = (await get('sm.admin', 'cost-of-ownership?pageSize=100', 'summit')).json();
    expect(body.vehicles).toBe(30);
    expect((await get('sm.admin', 'mileage', 'summit')).json().totals.vehicles).toBe(10);
  });
});
