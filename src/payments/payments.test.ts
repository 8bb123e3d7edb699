import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { paymentCutoff } from '../core/payment-dates.ts';
import { contracts, paymentMethods, paymentOrders, payments, users } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { makePayment, type Payer, type PaymentSettings, postDuePayments } from './payments.ts';

// Ana holds loan RIC-000001. Instants are in UTC; Eastern time is UTC-5 in November.
let t: TestApp;
let payer: Payer;
let bank = '';
let settings: PaymentSettings;

/** A gateway that approves every charge once per idempotency key, and counts them. */
const charges = new Map<string, number>();
const gateway: PaymentGateway = {
  verifyBankAccount: async () => ({ ok: true, bankName: 'Test Bank' }),
  describeCard: async () => ({ ok: false, reason: 'unknown_token', message: 'unused' }),
  chargeCard: async ({ idempotencyKey }) => {
    charges.set(idempotencyKey, (charges.get(idempotencyKey) ?? 0) + 1);
    return { ok: true, reference: `ch_${idempotencyKey}` };
  },
};

beforeAll(async () => {
  t = await createTestApp();
  await boardContract(t, await boardingKey(t.database), loanContract());
  const userId = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  const [user] = await t.database.db
    .select({ customerId: users.customerId })
    .from(users)
    .where(eq(users.id, userId));
  payer = {
    actor: { kind: 'customer', userId, customerId: user!.customerId, memberships: [] },
    userId,
    email: 'ana@example.com',
    displayName: 'Ana',
  };
  settings = {
    cutoff: paymentCutoff(t.config.payments.cutoff, t.config.timeZone),
    cutoffTime: t.config.payments.cutoff,
    dailyMaxCents: 100_000_000,
    gateway,
  };
  bank = await addTestBankAccount(t.database.db, userId, t.clock.now());
}, 180_000);
afterAll(() => t.close());

const payAt = (today: string, instant: string, amountCents = 1_000) =>
  makePayment(
    t.database.db,
    fixedClock(calendarDate(today), new Date(instant)),
    settings,
    payer,
    'RIC-000001',
    { amountCents, paymentMethodId: bank },
    randomUUID(),
    {},
  );

const orderBody = (answer: Awaited<ReturnType<typeof payAt>>) => {
  if ('error' in answer.body) throw new Error(answer.body.error.message);
  return answer.body;
};

describe('the cut-off (8:00 pm Eastern)', () => {
  it('posts a payment made at 7:59 pm ET on a business day that day', async () => {
    const order = orderBody(await payAt('2026-11-20', '2026-11-21T00:59:00Z'));
    expect(order).toMatchObject({ effectiveDate: '2026-11-20', status: 'pending' });
    const [posted] = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.reference, order.confirmationNumber));
    expect(posted?.receivedOn).toBe('2026-11-20');
  });

  it('makes a Friday payment at 8:00 pm ET effective on Monday, and only schedules it', async () => {
    const order = orderBody(await payAt('2026-11-20', '2026-11-21T01:00:00Z'));
    expect(order).toMatchObject({ effectiveDate: '2026-11-23', status: 'scheduled', split: null });
  });

  it('makes a payment late on the day before Thanksgiving effective the Friday after it', async () => {
    const order = orderBody(await payAt('2026-11-25', '2026-11-26T02:30:00Z'));
    expect(order).toMatchObject({ effectiveDate: '2026-11-27', status: 'scheduled' });
  });
});

describe('postDuePayments', () => {
  it('posts each due order once when two runs go at the same time, oldest date first', async () => {
    const cardId = (
      await t.database.db
        .insert(paymentMethods)
        .values({
          userId: payer.userId,
          kind: 'debit_card',
          nickname: 'Card',
          holderName: 'Ana Diaz',
          last4: '1111',
          fingerprint: randomUUID(),
          gatewayToken: 'tok_test',
          status: 'active',
          createdAt: t.clock.now(),
        })
        .returning({ id: paymentMethods.id })
    )[0]!.id;
    const card = orderBody(
      await makePayment(
        t.database.db,
        fixedClock(calendarDate('2026-11-20')),
        settings,
        payer,
        'RIC-000001',
        { amountCents: 3_000, paymentMethodId: cardId, date: calendarDate('2026-11-24') },
        randomUUID(),
        {},
      ),
    );
    const dueBefore = await t.database.db
      .select({ id: paymentOrders.id })
      .from(paymentOrders)
      .where(and(eq(paymentOrders.status, 'scheduled'), sql`${paymentOrders.effectiveDate} <= '2026-11-27'`));
    expect(dueBefore.length).toBe(3);
    const paymentsBefore = (await t.database.db.select().from(payments)).length;

    const clock = fixedClock(calendarDate('2026-11-27'));
    const runs = await Promise.all([
      postDuePayments(t.database.db, clock, calendarDate('2026-11-27'), gateway),
      postDuePayments(t.database.db, clock, calendarDate('2026-11-27'), gateway),
    ]);
    expect(runs.reduce((n, r) => n + r.posted, 0)).toBe(3);
    expect(runs.reduce((n, r) => n + r.failed, 0)).toBe(0);
    expect((await t.database.db.select().from(payments)).length).toBe(paymentsBefore + 3);
    expect(charges.get(`payment-order:${card.id}`)).toBe(1);

    const orders = await t.database.db
      .select({ status: paymentOrders.status, posted: paymentOrders.postedPaymentId })
      .from(paymentOrders)
      .where(
        sql`${paymentOrders.id} in (${sql.join(
          dueBefore.map((o) => sql`${o.id}`),
          sql`, `,
        )})`,
      );
    expect(orders.every((o) => o.posted !== null && o.status !== 'scheduled')).toBe(true);
    expect(orders.filter((o) => o.status === 'settled')).toHaveLength(1);

    const again = await postDuePayments(t.database.db, clock, calendarDate('2026-11-27'), gateway);
    expect(again).toEqual({ posted: 0, failed: 0, cancelled: 0 });
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });

  it('marks an order that can no longer post as failed, with the reason', async () => {
    await t.database.db
      .update(contracts)
      .set({ status: 'paid_off' })
      .where(eq(contracts.contractNumber, 'RIC-000001'));
    const [order] = await t.database.db
      .insert(paymentOrders)
      .values({
        confirmationNumber: 'PTESTFAILS1',
        contractId: sql`(select id from contracts where contract_number = 'RIC-000001')`,
        paymentMethodId: bank,
        payerUserId: payer.userId,
        source: 'one_time',
        amountCents: 1_000,
        intent: 'regular',
        effectiveDate: '2026-11-30',
        status: 'scheduled',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      })
      .returning({ id: paymentOrders.id });
    const run = await postDuePayments(
      t.database.db,
      fixedClock(calendarDate('2026-11-30')),
      calendarDate('2026-11-30'),
      gateway,
    );
    expect(run).toEqual({ posted: 0, failed: 1, cancelled: 0 });
    const [failed] = await t.database.db.select().from(paymentOrders).where(eq(paymentOrders.id, order!.id));
    expect(failed).toMatchObject({ status: 'failed', postedPaymentId: null });
    expect(failed!.failureReason).toContain('paid off');
  });
});

describe('with time travel (the business date ahead of the calendar)', () => {
  it('judges "today" on the business date, at the time of day it is now', async () => {
    await t.database.db
      .update(contracts)
      .set({ status: 'active' })
      .where(eq(contracts.contractNumber, 'RIC-000001'));
    const order = orderBody(await payAt('2026-12-01', '2026-11-20T15:00:00Z'));
    expect(order).toMatchObject({ effectiveDate: '2026-12-01', status: 'pending' });
  });
});
