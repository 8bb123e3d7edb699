import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../core/dates.ts';
import { dateInZone } from '../core/payment-dates.ts';
import { cycleDeps } from '../cycle/daily-cycle.jobs.ts';
import { runCyclesInProcess } from '../cycle/daily-cycle.ts';
import { achFiles, outbox, paymentOrders } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Issue 22: the change window of a scheduled payment is the cut-off of the file that carries it,
// the cut-off (8 pm Eastern) of its effective date. The clock is set by each step: the instant, and
// the business date, the calendar date in Eastern time unless a step holds it back (time travel).
let t: TestApp;
let instant = new Date('2026-12-06T13:12:00Z'); // Sunday 8:12 am EST
let heldBusinessDate: CalendarDate | undefined;
const clock: Clock = {
  now: () => instant,
  today: () => heldBusinessDate ?? dateInZone(instant, 'America/New_York'),
};
const setTime = (iso: string) => {
  instant = new Date(iso);
};

let session = '';
let methodId = '';

beforeAll(async () => {
  t = await createTestApp({ clock });
  await boardContract(t, await boardingKey(t.database), loanContract());
  const userId = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  methodId = await addTestBankAccount(t.database.db, userId, clock.now());
  session = await signIn(t, 'ana');
}, 120_000);
afterAll(() => t.close());

const as = () => ({ cookies: { ...csrf.cookies, [SESSION_COOKIE]: session }, headers: csrf.headers });
const pay = (payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts/RIC-000001/payments',
    cookies: as().cookies,
    headers: { ...csrf.headers, 'idempotency-key': randomUUID() },
    payload: { paymentMethodId: methodId, ...payload },
  });
const change = (id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/payments/${id}`, ...as(), payload });
const cancel = (id: string) => t.app.inject({ method: 'DELETE', url: `/api/v1/payments/${id}`, ...as() });
const listed = async (id: string) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/payments', cookies: as().cookies });
  return (res.json().payments as { id: string; status: string; changeableUntil: string | null }[]).find(
    (p) => p.id === id,
  );
};
const orderRow = async (id: string) =>
  (await t.database.db.select().from(paymentOrders).where(eq(paymentOrders.id, id)))[0]!;
const runCycles = () =>
  runCyclesInProcess(t.database.db, cycleDeps(t.config, { clock, secretKey: TEST_SECRET_KEY }));

describe('the change window of a scheduled payment (issue 22)', () => {
  // Made on Sunday: A is cancelled at once, B is carried by Monday's file, C is for Tuesday.
  const ids = { a: '', b: '', c: '', d: '' };

  it('answers Monday’s cut-off for a payment made on Sunday for Monday, and cancels it seconds later', async () => {
    const res = await pay({ amountCents: 10_000 });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      status: 'scheduled',
      effectiveDate: '2026-12-07',
      // Monday 8 pm EST, the cut-off of the file of Monday 12-07; not Friday's (2026-12-05T01:00Z).
      changeableUntil: '2026-12-08T01:00:00.000Z',
      createdAt: '2026-12-06T13:12:00.000Z',
    });
    expect(Date.parse(order.changeableUntil)).toBeGreaterThan(Date.parse(order.createdAt));
    expect((await listed(order.id))?.changeableUntil).toBe('2026-12-08T01:00:00.000Z');
    const [mail] = await t.database.db
      .select({ text: outbox.text })
      .from(outbox)
      .where(sql`${outbox.subject} like ${`%${order.confirmationNumber}%`}`);
    expect(mail!.text).toContain('You can change or cancel it until 2026-12-08 01:00 UTC.');

    setTime('2026-12-06T13:12:05Z');
    const cancelled = await cancel(order.id);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', changeableUntil: null });
    ids.a = order.id;
  });

  it('lets a payment made on Sunday for Monday be changed, and keeps the answer the same after the change', async () => {
    const made = await pay({ amountCents: 12_000, date: '2026-12-07' });
    ids.b = made.json().id;
    ids.d = (await pay({ amountCents: 4_000, date: '2026-12-07' })).json().id;
    ids.c = (await pay({ amountCents: 3_000, date: '2026-12-08' })).json().id;
    setTime('2026-12-06T13:12:30Z');
    const changed = await change(ids.b, { amountCents: 11_000 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      amountCents: 11_000,
      status: 'scheduled',
      effectiveDate: '2026-12-07',
      changeableUntil: '2026-12-08T01:00:00.000Z',
    });
    expect((await listed(ids.c))?.changeableUntil).toBe('2026-12-09T01:00:00.000Z');
  });

  it('keeps it changeable until Monday’s cut-off, even while the cycles before it run', async () => {
    setTime('2026-12-08T00:59:00Z'); // Monday 7:59 pm EST
    session = await signIn(t, 'ana');
    // The cycle due now is Sunday's: it leaves Monday's payments alone.
    expect((await runCycles()).map((c) => c.date)).toEqual(['2026-12-06']);
    expect(await orderRow(ids.b)).toMatchObject({ status: 'scheduled', achFileId: null });
    expect((await listed(ids.b))?.changeableUntil).toBe('2026-12-08T01:00:00.000Z');
    setTime('2026-12-08T00:59:59.999Z'); // one millisecond before the cut-off
    expect((await cancel(ids.d)).statusCode).toBe(200);
  });

  it('refuses a change or cancellation from the cut-off on, though no file has carried it yet', async () => {
    for (const at of ['2026-12-08T01:00:00.000Z', '2026-12-08T01:00:00.001Z', '2026-12-08T01:01:00Z']) {
      setTime(at);
      const changed = await change(ids.b, { amountCents: 9_000 });
      expect(changed.statusCode).toBe(409);
      expect(changed.json().error).toMatchObject({
        code: 'PAYMENTS.PAST_CUTOFF',
        message: 'This payment could be changed or cancelled until 2026-12-08 01:00 UTC; it is on its way.',
      });
      const cancelled = await cancel(ids.b);
      expect(cancelled.statusCode).toBe(409);
      expect(cancelled.json().error.code).toBe('PAYMENTS.PAST_CUTOFF');
    }
    // Monday's cycle runs once Monday is over: until then the payment waits, unchanged and in no file.
    expect(await orderRow(ids.b)).toMatchObject({
      status: 'scheduled',
      amountCents: 11_000,
      achFileId: null,
    });
    expect((await listed(ids.b))?.changeableUntil).toBe('2026-12-08T01:00:00.000Z');
  });

  it('carries it in the file of its effective date, written by that date’s cycle, and not the next day’s payment', async () => {
    setTime('2026-12-08T05:00:30Z'); // Tuesday 0:00:30 am EST
    expect((await runCycles()).map((c) => c.date)).toEqual(['2026-12-07']);
    const b = await orderRow(ids.b);
    expect(b.status).toBe('pending');
    const [file] = await t.database.db.select().from(achFiles).where(eq(achFiles.id, b.achFileId!));
    expect(file).toMatchObject({ businessDate: '2026-12-07', fileName: 'ACH-20261207-A.ach', entryCount: 1 });
    expect(file!.totalDebitCents).toBe(11_000);
    // Tuesday's payment is still open, in no file; the cancelled ones never went.
    expect(await orderRow(ids.c)).toMatchObject({ status: 'scheduled', achFileId: null });
    expect(await orderRow(ids.a)).toMatchObject({ status: 'cancelled', achFileId: null });
    expect(await orderRow(ids.d)).toMatchObject({ status: 'cancelled', achFileId: null });
  });

  it('keeps a payment open while time travel holds the business date behind the calendar', async () => {
    // The real day is Wednesday; the business date stays Tuesday, whose cycle has not run.
    heldBusinessDate = '2026-12-08' as CalendarDate;
    setTime('2026-12-09T15:00:00Z');
    session = await signIn(t, 'ana');
    expect(await runCycles()).toEqual([]);
    // Tuesday's cut-off, a day on as the business date is a day behind: after now, not before.
    expect((await listed(ids.c))?.changeableUntil).toBe('2026-12-10T01:00:00.000Z');
    const cancelled = await cancel(ids.c);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
  });
});
