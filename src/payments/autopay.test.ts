import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../core/dates.ts';
import { paymentCutoff } from '../core/payment-dates.ts';
import { autopayEnrollments, contracts, outbox, paymentMethods, paymentOrders, users } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { postPayment } from '../servicing/payment-posting.ts';
import { loanPayoff, positionOf, requireContract } from '../servicing/servicing.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import { AUTOPAY_AUTHORIZATION, cancelAutopay, putAutopay } from './autopay.ts';
import { autopayDebitDate, runAutopayStep } from './autopay-debits.ts';
import { cancelPayment, type Payer, type PaymentSettings, postDuePayments } from './payments.ts';

// Two 3-month loans of $3,000 at 12% ($1,020.07 a month, final $1,020.06 as disclosed): Ana's
// RIC-000010 falls due on the 10th (Dec 10 2026, Sun Jan 10 2027, Feb 10 2027), Cy's RIC-000011 on
// the 25th (Christmas Day 2026 first). Each test moves the business date forward like the cycle does:
// the cycle of date D runs once D is over (the clock says D + 1), AutoPay step first, then postings.
let t: TestApp;
const payers: Record<string, Payer> = {};
const banks: Record<string, string> = {};
let settings: PaymentSettings;

const shortLoan = (contractNumber: string, customerNumber: string, contractDate: string, first: string) =>
  loanContract({
    contractNumber,
    contractDate,
    firstPaymentDate: first,
    termMonths: 3,
    paymentCents: 102_007,
    finalPaymentCents: 102_006,
    totalOfPaymentsCents: 306_020,
    cashPriceCents: 400_000,
    downPaymentCents: 100_000,
    amountFinancedCents: 300_000,
    aprPercent: '12',
    financeChargeCents: 6_020,
    parties: [{ ...loanContract().parties[0]!, customerNumber }],
  });

async function addBank(userId: string) {
  return addTestBankAccount(t.database.db, userId, t.clock.now(), { holderName: 'Test Person' });
}

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardContract(t, key, shortLoan('RIC-000010', 'CUST-ANA', '2026-11-10', '2026-12-10'));
  await boardContract(t, key, shortLoan('RIC-000011', 'CUST-CY', '2026-11-18', '2026-12-25'));
  for (const [name, customerNumber] of [
    ['ana', 'CUST-ANA'],
    ['cy', 'CUST-CY'],
  ] as const) {
    const userId = await createUser(t, name, { customerNumber });
    const [user] = await t.database.db
      .select({ customerId: users.customerId })
      .from(users)
      .where(eq(users.id, userId));
    payers[name] = {
      actor: { kind: 'customer', userId, customerId: user!.customerId, memberships: [] },
      userId,
      email: `${name}@example.com`,
      displayName: name,
    };
    banks[name] = await addBank(userId);
  }
  settings = {
    cutoff: paymentCutoff(t.config.payments.cutoff, t.config.timeZone),
    cutoffTime: t.config.payments.cutoff,
    dailyMaxCents: 100_000_000,
  };
}, 180_000);
afterAll(() => t.close());

const at = (date: string) => fixedClock(calendarDate(date));
/** The AutoPay step of the cycle of `date`, as the cycle runs it (once the date is over). */
const step = (date: string) =>
  runAutopayStep(t.database.db, at(addDays(calendarDate(date), 1)), calendarDate(date));
const cycle = async (date: string) => {
  const clock = at(addDays(calendarDate(date), 1));
  const run = await runAutopayStep(t.database.db, clock, calendarDate(date));
  const posted = await postDuePayments(t.database.db, clock, calendarDate(date));
  return { run, posted };
};

const enrol = (who: string, contractNumber: string, today: string, terms: object) =>
  putAutopay(
    t.database.db,
    at(today),
    settings,
    payers[who]!,
    contractNumber,
    { paymentMethodId: banks[who]!, authorizationVersion: AUTOPAY_AUTHORIZATION.version, ...terms },
    { ip: '203.0.113.9' },
  );

async function ordersOf(contractNumber: string) {
  return t.database.db
    .select({ order: paymentOrders })
    .from(paymentOrders)
    .innerJoin(contracts, eq(contracts.id, paymentOrders.contractId))
    .where(and(eq(contracts.contractNumber, contractNumber), eq(paymentOrders.source, 'autopay')))
    .orderBy(paymentOrders.forDueDate)
    .then((rows) => rows.map((r) => r.order));
}

const mails = async (template: string, to: string) =>
  (
    await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(eq(outbox.template, template), eq(outbox.to, to)))
  )[0]!.n;

describe('the debit date', () => {
  it.each([
    ['on the due date when it is a business day', '2026-12-10', 0, '2026-12-10'],
    ['days before the due date', '2026-12-10', 3, '2026-12-07'],
    ['the Friday before, when that lands on a Saturday', '2026-12-10', 5, '2026-12-04'],
    ['the Friday before a Sunday due date', '2027-01-10', 0, '2027-01-08'],
    ['the day before a federal holiday (Christmas)', '2026-12-25', 0, '2026-12-24'],
    ['the Friday before a Monday holiday (Martin Luther King Jr. Day)', '2027-01-19', 1, '2027-01-15'],
  ])('is %s', (_, due, days, debit) => {
    expect(autopayDebitDate(calendarDate(due), days as number)).toBe(debit);
  });
});

describe('enrolment', () => {
  it('stores the accepted authorization and mails its full text', async () => {
    const answer = await enrol('ana', 'RIC-000010', '2026-11-20', { daysBeforeDue: 5 });
    expect(answer.enrollment).toMatchObject({ status: 'active', daysBeforeDue: 5, extraPrincipalCents: 0 });
    expect(answer.nextDebit).toMatchObject({
      date: '2026-12-04',
      forDueDate: '2026-12-10',
      amountCents: 102_007,
      paymentId: null,
    });
    const [row] = await t.database.db.select().from(autopayEnrollments);
    expect(row).toMatchObject({
      userId: payers.ana!.userId,
      authorizationVersion: AUTOPAY_AUTHORIZATION.version,
      acceptedIp: '203.0.113.9',
    });
    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'autopay-authorization'));
    expect(mail?.text).toContain(AUTOPAY_AUTHORIZATION.text({ contractNumber: 'RIC-000010' }));
  });
});

describe('the cycle step', () => {
  it('schedules nothing until the debit date is within 10 days', async () => {
    expect((await step('2026-11-23')).scheduled).toBe(0);
    expect(await ordersOf('RIC-000010')).toHaveLength(0);
  });

  it('schedules the debit 10 days ahead, once however often the step runs', async () => {
    expect((await step('2026-11-24')).scheduled).toBe(1);
    expect((await step('2026-11-24')).scheduled).toBe(0);
    expect((await step('2026-11-25')).scheduled).toBe(0);
    const orders = await ordersOf('RIC-000010');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      status: 'scheduled',
      effectiveDate: '2026-12-04',
      forDueDate: '2026-12-10',
      amountCents: 102_007,
      payerUserId: payers.ana!.userId,
      paymentMethodId: banks.ana,
      secCode: 'WEB',
    });
  });

  it('posts it on its debit date and sends no amount notice for the first debit', async () => {
    const { posted } = await cycle('2026-12-04');
    expect(posted.posted).toBe(1);
    expect((await ordersOf('RIC-000010'))[0]?.status).toBe('pending');
    expect(await mails('autopay-amount-changed', 'ana@example.com')).toBe(0);
  });

  it('adds the extra principal, and mails the 10-day notice once when the amount changes', async () => {
    await enrol('ana', 'RIC-000010', '2026-12-20', { extraPrincipalCents: 5_000 });
    const run = await step('2026-12-29'); // debit Tue Jan 5 (Jan 10 is a Sunday; 5 days before)
    expect(run).toMatchObject({ scheduled: 1, amountNotices: 1 });
    await step('2026-12-30');
    expect((await ordersOf('RIC-000010'))[1]).toMatchObject({
      effectiveDate: '2027-01-05',
      amountCents: 107_007,
    });
    expect(await mails('autopay-amount-changed', 'ana@example.com')).toBe(1);
    expect((await cycle('2027-01-05')).posted.posted).toBe(1);
  });

  it('makes the final debit exactly the payoff, re-sized when the balance changed after it was scheduled', async () => {
    const run = await step('2027-01-26'); // the last installment, due Wed Feb 10: debit Fri Feb 5
    expect(run.scheduled).toBe(1);
    const contract = await requireContract(t.database.db, 'RIC-000010');
    if (contract.kind !== 'retail_installment') throw new Error('a loan');
    const quoted = loanPayoff(
      contract,
      await positionOf(t.database.db, contract, calendarDate('2027-02-05')),
      calendarDate('2027-02-05'),
      calendarDate('2027-02-05'),
    ).payoff;
    const final = (await ordersOf('RIC-000010'))[2]!;
    expect(final).toMatchObject({ effectiveDate: '2027-02-05', amountCents: quoted });
    // Not the disclosed final payment: interest accrues by the day, and the extra principal paid ahead.
    expect(final.amountCents).not.toBe(102_006);
    expect(await mails('autopay-amount-changed', 'ana@example.com')).toBe(2);

    // The customer pays $100 by phone after the debit was scheduled.
    await postPayment(
      t.database.db,
      at('2027-01-29'),
      'RIC-000010',
      { amountCents: 10_000, receivedOn: calendarDate('2027-01-29'), channel: 'phone', intent: 'regular' },
      { scope: 'test', key: randomUUID() },
      { actor: { type: 'system', id: 'test' } },
    );
    const { run: finalRun, posted } = await cycle('2027-02-05');
    expect(finalRun.resized).toBe(1);
    expect(posted).toEqual({ posted: 1, failed: 0, cancelled: 0 });
    const resized = (await ordersOf('RIC-000010'))[2]!;
    expect(resized.status).toBe('pending');
    expect(resized.amountCents).toBeLessThan(final.amountCents);

    const after = await requireContract(t.database.db, 'RIC-000010');
    expect(after.status).toBe('paid_off');
    // Each debit the cycle posted was mailed; the last one says the account is paid in full, once.
    expect(await mails('payment-posted', 'ana@example.com')).toBe(3);
    expect(await mails('payoff-complete', 'ana@example.com')).toBe(1);
    const position = await positionOf(t.database.db, after, calendarDate('2027-02-05'));
    expect(position.balances).toMatchObject({ principal: 0, interest: 0, fees: 0, unapplied: 0 });
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });

  it('ends AutoPay on a paid-off contract and makes nothing more', async () => {
    expect(await step('2027-02-08')).toMatchObject({ scheduled: 0, ended: 1 });
    expect((await step('2027-03-01')).ended).toBe(0);
    expect(await ordersOf('RIC-000010')).toHaveLength(3);
    const [enrolment] = await t.database.db
      .select()
      .from(autopayEnrollments)
      .where(eq(autopayEnrollments.userId, payers.ana!.userId));
    expect(enrolment?.status).toBe('cancelled');
  });
});

describe('paused, paid ahead, cancelled occurrences and blocked methods', () => {
  it('makes nothing while AutoPay is paused, and schedules again once resumed', async () => {
    await enrol('cy', 'RIC-000011', '2026-11-25', { daysBeforeDue: 0 });
    await putAutopay(
      t.database.db,
      at('2026-11-25'),
      settings,
      payers.cy!,
      'RIC-000011',
      { status: 'paused' },
      {},
    );
    expect((await step('2026-12-14')).scheduled).toBe(0); // the debit is Thu Dec 24 (Christmas is a Friday)
    expect(await ordersOf('RIC-000011')).toHaveLength(0);
    await putAutopay(
      t.database.db,
      at('2026-12-15'),
      settings,
      payers.cy!,
      'RIC-000011',
      { status: 'active' },
      {},
    );
    expect((await step('2026-12-15')).scheduled).toBe(1);
    expect((await ordersOf('RIC-000011'))[0]).toMatchObject({
      effectiveDate: '2026-12-24',
      status: 'scheduled',
    });
  });

  it('lets the payer cancel one occurrence, which the step does not make again', async () => {
    const [order] = await ordersOf('RIC-000011');
    const cancelled = await cancelPayment(
      t.database.db,
      at('2026-12-16'),
      settings,
      payers.cy!,
      order!.id,
      {},
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', source: 'autopay', madeByMe: true });
    expect((await step('2026-12-16')).scheduled).toBe(0);
    expect((await cycle('2026-12-24')).posted.posted).toBe(0);
  });

  it('skips an installment already paid, and says so', async () => {
    await postPayment(
      t.database.db,
      at('2027-01-04'),
      'RIC-000011',
      // The December installment (missed above) and January's.
      { amountCents: 204_014, receivedOn: calendarDate('2027-01-04'), channel: 'phone', intent: 'regular' },
      { scope: 'test', key: randomUUID() },
      { actor: { type: 'system', id: 'test' } },
    );
    const run = await step('2027-01-15'); // January's debit (Mon Jan 25) is within 10 days
    expect(run.scheduled).toBe(0);
    expect(run.skippedAlreadyPaid).toBe(1);
  });

  it('suspends AutoPay whose method was blocked, cancels its debits and tells the customer', async () => {
    const run = await step('2027-02-15'); // February's debit (Thu Feb 25)
    expect(run.scheduled).toBe(1);
    await t.database.db
      .update(paymentMethods)
      .set({ status: 'blocked', blockedReason: 'R02: account closed' })
      .where(eq(paymentMethods.id, banks.cy!));
    const { run: due, posted } = await cycle('2027-02-25');
    expect(due).toMatchObject({ suspended: 1, skippedMethodUnusable: 1 });
    expect(posted.posted).toBe(0);
    const [enrolment] = await t.database.db
      .select()
      .from(autopayEnrollments)
      .where(eq(autopayEnrollments.userId, payers.cy!.userId));
    expect(enrolment?.status).toBe('suspended');
    expect((await ordersOf('RIC-000011')).at(-1)?.status).toBe('cancelled');
    expect(await mails('autopay-suspended', 'cy@example.com')).toBe(1);
  });

  it('cancels AutoPay, and a cancelled enrolment makes nothing', async () => {
    const answer = await cancelAutopay(
      t.database.db,
      at('2027-02-26'),
      settings,
      payers.cy!,
      'RIC-000011',
      {},
    );
    expect(answer.enrollment).toBeNull();
    expect((await step('2027-02-26')).scheduled).toBe(0);
  });

  it('takes nothing more once the returns have suspended AutoPay', async () => {
    banks.cy = await addBank(payers.cy!.userId);
    const again = await enrol('cy', 'RIC-000011', '2027-02-26', {});
    // The last installment is past due: the debit is the business date's, Friday Feb 26.
    expect(again.nextDebit).toMatchObject({ date: '2027-02-26', forDueDate: '2027-02-25', isFinal: true });
    // What importing the second return does (payments/ach.ts), once the debit is scheduled.
    const [scheduled] = await t.database.db
      .select()
      .from(autopayEnrollments)
      .where(eq(autopayEnrollments.status, 'active'));
    await t.database.db
      .update(autopayEnrollments)
      .set({ status: 'suspended', returnsCount: 2 })
      .where(eq(autopayEnrollments.id, scheduled!.id));
    const { run, posted } = await cycle('2027-02-26');
    expect(run.scheduled).toBe(0);
    expect(posted.posted).toBe(0);
  });

  it('cancels a scheduled debit of an enrolment the returns suspended', async () => {
    await t.database.db
      .update(autopayEnrollments)
      .set({ status: 'active', returnsCount: 0 })
      .where(eq(autopayEnrollments.status, 'suspended'));
    expect((await step('2027-02-28')).scheduled).toBe(1); // the debit is Monday Mar 1
    await t.database.db
      .update(autopayEnrollments)
      .set({ status: 'suspended', returnsCount: 2 })
      .where(eq(autopayEnrollments.status, 'active'));
    const { posted } = await cycle('2027-03-01');
    expect(posted.posted).toBe(0);
    expect((await ordersOf('RIC-000011')).at(-1)).toMatchObject({
      status: 'cancelled',
      failureReason: 'AutoPay is suspended.',
    });
  });
});
