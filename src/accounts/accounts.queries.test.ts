import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../core/dates.ts';
import { movableClock } from '../platform/business-date.ts';
import { contractStatus } from '../servicing/index.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// The dashboard list reads stored positions: the number of queries it issues does not grow with the
// number of contracts or their history, whether the positions are as of today or a day behind.
let t: TestApp;
const clock = movableClock(calendarDate('2026-02-10'));
let boarding = '';
let servicing = '';
let session = '';
let boarded = 0;
let keyCounter = 0;
const party = { ...loanContract().parties[0], customerNumber: 'CUST-MANY' };

async function pay(contractNumber: string, amountCents: number) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/contracts/${contractNumber}/payments`,
    headers: { authorization: `Bearer ${servicing}`, 'idempotency-key': `queries-${++keyCounter}` },
    payload: { amountCents, receivedOn: clock.today(), channel: 'check' },
  });
  if (res.statusCode !== 201) throw new Error(`payment failed: ${res.body}`);
}

/** Boards `count` more contracts for the one customer (every third a lease), one payment on each. */
async function boardMore(count: number) {
  clock.moveTo(calendarDate('2026-02-10'));
  for (let i = 0; i < count; i++) {
    boarded += 1;
    const n = String(boarded).padStart(6, '0');
    const contract =
      boarded % 3 === 0
        ? leaseContract({
            contractNumber: `LSE-${n}`,
            contractDate: '2026-01-15',
            firstPaymentDate: '2026-01-15',
            parties: [{ ...party, role: 'primary' }],
          })
        : loanContract({ contractNumber: `RIC-${n}`, parties: [party] });
    await boardContract(t, boarding, contract);
    await pay(contract.contractNumber, contract.paymentCents);
  }
}

async function listCounted() {
  const counter = countQueries(t.database.db);
  try {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts',
      cookies: { [SESSION_COOKIE]: session },
    });
    expect(res.statusCode).toBe(200);
    return { accounts: res.json().accounts as { contractNumber: string }[], queries: counter.statements };
  } finally {
    counter.stop();
  }
}

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  boarding = await boardingKey(t.database);
  servicing = await boardingKey(t.database, 'servicing');
  await boardMore(2);
  await createUser(t, 'many', { customerNumber: 'CUST-MANY' });
  session = await signIn(t, 'many');
}, 120_000);
afterAll(() => t.close());

describe('GET /api/v1/accounts for a customer with many contracts', () => {
  it('issues the same number of queries for 2 contracts as for 14, stored positions current or a day old', async () => {
    const few = await listCounted();
    expect(few.accounts).toHaveLength(2);
    await boardMore(12);
    const many = await listCounted();
    expect(many.accounts).toHaveLength(14);
    expect(many.queries).toHaveLength(few.queries.length);

    // A day later, before the cycle has refreshed them, every stored position is a day old.
    clock.moveTo(addDays(clock.today(), 1));
    const stale = await listCounted();
    expect(stale.accounts).toHaveLength(14);
    expect(stale.queries.length).toBeLessThanOrEqual(few.queries.length + 4);
    // …and the list still answers as the recomputation does.
    for (const account of stale.accounts as { contractNumber: string; amountDueCents: number }[]) {
      const status = await contractStatus(t.database.db, clock, account.contractNumber);
      expect(account.amountDueCents).toBe(status.amountDueCents);
    }
    process.stdout.write(
      `listAccounts queries: 2 contracts ${few.queries.length}, 14 contracts ${many.queries.length}, 14 a day old ${stale.queries.length}\n`,
    );
  }, 120_000);
});
