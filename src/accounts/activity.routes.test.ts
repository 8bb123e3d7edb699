import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana's loan (James co-signed): $377.42 due on the 10th from 2026-02-10, paid in February and March,
// paid in April and returned (a reversal and Pennsylvania's returned-payment fee), so a late fee on
// April 21, after the 10-day grace period. Bo holds a lease and may not see the loan.
let t: TestApp;
const clock = movableClock(calendarDate('2026-02-10'));
const sessions: Record<string, string> = {};
let boarding: string;
let servicing: string;
const URL = '/api/v1/accounts/RIC-000001/transactions';

type Row = {
  id: number;
  date: string;
  type: string;
  description: string | null;
  reference: string | null;
  amountCents: number;
  split: Record<string, number>;
  paidBy: { name: string; authorizedPayer: true } | null;
};

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock, timeTravel: true });
  boarding = await boardingKey(t.database);
  servicing = await boardingKey(t.database, 'servicing');
  const cosigner = { ...loanContract().parties[0], customerNumber: 'CUST-JAMES', role: 'co_signer' };
  await boardContract(t, boarding, loanContract({ parties: [loanContract().parties[0], cosigner] }));
  await boardContract(
    t,
    boarding,
    leaseContract({ contractDate: '2026-01-15', firstPaymentDate: '2026-01-15' }),
  );
  const admin = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/${url}`,
      headers: { authorization: `Bearer ${servicing}`, ...headers },
      payload,
    });
  const pay = async (receivedOn: string, reference: string) => {
    if (clock.today() !== receivedOn) await admin('business-date', { date: receivedOn });
    const res = await admin(
      'contracts/RIC-000001/payments',
      { amountCents: 37_742, receivedOn, channel: 'check', reference },
      { 'idempotency-key': `pay-${receivedOn}` },
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().paymentId as string;
  };
  await pay('2026-02-10', 'CHK-1001');
  await pay('2026-03-10', '=HYPERLINK("http://evil.example","x")');
  const returned = await pay('2026-04-10', '@SUM(A1:A9)');
  expect(
    (await admin(`contracts/RIC-000001/payments/${returned}/reverse`, { reason: 'returned' })).statusCode,
  ).toBe(200);
  await admin('business-date', { date: '2026-05-10' });
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const user of ['ana', 'james', 'bo']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const get = (url: string, user = 'ana') =>
  t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: sessions[user]! } });
const page = async (query: string, user = 'ana') => {
  const res = await get(`${URL}?${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { kind: string; transactions: Row[]; nextCursor: string | null };
};
const all = async (query = '') => (await page(`limit=100&${query}`)).transactions;

describe('GET /api/v1/accounts/{contractNumber}/transactions', () => {
  it('lists the ledger newest first, each entry as the change to what is owed with its split', async () => {
    const rows = await all();
    expect(rows.map((r) => [r.date, r.type])).toEqual([
      ['2026-04-21', 'late_fee'],
      ['2026-04-10', 'returned_payment_fee'],
      ['2026-04-10', 'reversal'],
      ['2026-04-10', 'payment'],
      ['2026-04-10', 'interest'],
      ['2026-03-10', 'payment'],
      ['2026-03-10', 'interest'],
      ['2026-02-10', 'payment'],
      ['2026-02-10', 'interest'],
      ['2026-01-10', 'opening'],
    ]);
    const [payment, interest] = rows.slice(-3);
    // 31 days of interest on $20,000 at 5%/365 is $84.93; the rest of $377.42 pays principal.
    expect(interest).toMatchObject({
      amountCents: 8_493,
      split: { interestCents: 8_493, principalCents: 0 },
    });
    expect(payment).toMatchObject({
      reference: 'CHK-1001',
      amountCents: -37_742,
      split: { interestCents: -8_493, principalCents: -29_249, feesCents: 0, unappliedCents: 0 },
      // A payment the lender posted names no authorized payer.
      paidBy: null,
    });
    const reversal = rows.find((r) => r.type === 'reversal')!;
    expect(reversal).toMatchObject({ amountCents: 37_742, reference: '@SUM(A1:A9)' });
    for (const r of rows) expect(Object.values(r.split).reduce((a, b) => a + b, 0)).toBe(r.amountCents);
  });

  it('filters by type and by an inclusive date range', async () => {
    expect((await all('type=payment')).map((r) => r.date)).toEqual([
      '2026-04-10',
      '2026-03-10',
      '2026-02-10',
    ]);
    const march = await all('from=2026-03-01&to=2026-03-10');
    expect(march.map((r) => r.type)).toEqual(['payment', 'interest']);
    expect(await all('type=late_fee&to=2026-04-20')).toEqual([]);
    expect(await all('type=late_fee&from=2026-04-21&to=2026-04-21')).toHaveLength(1);
  });

  it('searches the reference, the description, and an amount typed in dollars', async () => {
    expect((await all('q=chk-10')).map((r) => r.reference)).toEqual(['CHK-1001']);
    expect((await all('q=returned')).map((r) => r.type)).toEqual(['returned_payment_fee', 'reversal']);
    // $377.42 was received three times and reversed once; $84.93 is February's interest on both sides.
    expect((await all('q=377.42')).map((r) => r.type)).toEqual(['reversal', 'payment', 'payment', 'payment']);
    expect((await all('q=$84.93')).map((r) => r.type)).toEqual(['payment', 'interest']);
    // A LIKE wildcard is a character like any other.
    expect(await all('q=%25')).toEqual([]);
  });

  it('pages through every match once, whatever the page size', async () => {
    for (const query of ['', 'type=interest', 'from=2026-02-10&to=2026-04-10']) {
      const expected = (await all(query)).map((r) => r.id);
      for (let limit = 1; limit <= expected.length + 1; limit++) {
        const seen: number[] = [];
        let cursor: string | null = null;
        do {
          const next: Awaited<ReturnType<typeof page>> = await page(
            `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(next.transactions.length).toBeLessThanOrEqual(limit);
          seen.push(...next.transactions.map((r) => r.id));
          cursor = next.nextCursor;
        } while (cursor);
        expect(seen).toEqual(expected);
      }
    }
  });

  it('pages 25 at a time by default', async () => {
    // A second loan of Ana's with 30 small payments today: 32 entries with its opening and interest.
    await boardContract(t, boarding, loanContract({ contractNumber: 'RIC-000002' }));
    for (let i = 1; i <= 30; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/contracts/RIC-000002/payments',
        headers: { authorization: `Bearer ${servicing}`, 'idempotency-key': `small-payment-${i}` },
        payload: { amountCents: 1_000, receivedOn: clock.today(), channel: 'phone' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const url = '/api/v1/accounts/RIC-000002/transactions';
    const first = (await get(url)).json();
    expect(first.transactions).toHaveLength(25);
    const rest = (await get(`${url}?cursor=${first.nextCursor}`)).json();
    expect(rest.transactions).toHaveLength(7);
    expect(rest.nextCursor).toBeNull();
  });

  it.each([
    ['from=2026-04-01&to=2026-03-01', 'from'],
    ['type=deposit', 'type'],
    ['from=2026-02-30', 'from'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['cursor=!!', 'cursor'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['format=xlsx', 'format'],
    ['format=csv&limit=10', 'limit'],
    ['colour=red', 'colour'],
  ])('refuses %s with a reason for the field', async (query, field) => {
    const res = await get(`${URL}?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty(field);
  });

  it('answers another customer’s account as one that does not exist, and shows the co-signer', async () => {
    const others = await get(URL, 'bo');
    const missing = await get('/api/v1/accounts/RIC-999999/transactions', 'bo');
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json().error.code).toBe(missing.json().error.code);
    expect((await get(`${URL}?format=csv`, 'bo')).statusCode).toBe(404);
    expect((await page('limit=100', 'james')).transactions).toHaveLength(10);
  });

  it('needs a signed-in session', async () => {
    expect((await t.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });
});

describe('GET …/transactions?format=csv', () => {
  it('downloads every matching transaction as a CSV file with numbers as numbers', async () => {
    const res = await get(`${URL}?format=csv&type=payment`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="RIC-000001-activity-2026-05-10.csv"',
    );
    const records: string[][] = parse(res.body, { bom: true });
    expect(records[0]).toEqual([
      'Date',
      'Type',
      'Description',
      'Reference',
      'Amount',
      'Interest',
      'Principal',
      'Fees',
      'Unapplied',
      'Lease payments',
      'Sales tax',
      'Paid by',
    ]);
    expect(records.slice(1).map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual([
      ['2026-04-10', 'payment', '-377.42', expect.any(String), expect.any(String)],
      ['2026-03-10', 'payment', '-377.42', expect.any(String), expect.any(String)],
      ['2026-02-10', 'payment', '-377.42', '-84.93', '-292.49'],
    ]);
    // The amounts are unquoted plain decimals, which spreadsheets read as numbers.
    expect(res.body).toContain(',-377.42,-84.93,-292.49,0.00,');
  });

  it('neutralizes references a spreadsheet would run as formulas', async () => {
    const records: string[][] = parse((await get(`${URL}?format=csv&q=A1`)).body, { bom: true });
    expect(records.slice(1).map((r) => r[3])).toEqual(["'@SUM(A1:A9)", "'@SUM(A1:A9)"]);
    const hyperlink: string[][] = parse((await get(`${URL}?format=csv&q=evil`)).body, { bom: true });
    expect(hyperlink[1]?.[3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });

  it('holds only the header row when nothing matches', async () => {
    const records: string[][] = parse((await get(`${URL}?format=csv&q=nothing-like-this`)).body, {
      bom: true,
    });
    expect(records).toHaveLength(1);
  });
});
