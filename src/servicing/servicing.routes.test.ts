import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents } from '../db/schema.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { checkLedger } from './ledger.ts';

// The fixture loan: $20,000.00 at 5% from 2026-01-10, 60 × $377.42 due on the 10th, final $377.74.
let t: TestApp;
let servicing: string;
let boarding: string;
const clock = movableClock(calendarDate('2026-02-10'));
let keyCounter = 0;

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock, timeTravel: true });
  boarding = await boardingKey(t.database);
  servicing = await boardingKey(t.database, 'servicing');
  for (const contract of [
    loanContract(),
    loanContract({
      contractNumber: 'RIC-000002',
      parties: [{ ...loanContract().parties[0], customerNumber: 'CUST-0009' }],
    }),
    leaseContract({ contractDate: '2026-01-15', firstPaymentDate: '2026-01-15' }),
  ]) {
    await boardContract(t, boarding, contract);
  }
});
afterAll(() => t.close());

const get = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${servicing}` } });
const pay = (contractNumber: string, body: object, key = `test-key-${++keyCounter}`) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/contracts/${contractNumber}/payments`,
    headers: { authorization: `Bearer ${servicing}`, 'idempotency-key': key },
    payload: body,
  });
const reverse = (contractNumber: string, paymentId: string, reason: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/contracts/${contractNumber}/payments/${paymentId}/reverse`,
    headers: { authorization: `Bearer ${servicing}` },
    payload: { reason },
  });
const moveTo = (date: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/business-date',
    headers: { authorization: `Bearer ${servicing}` },
    payload: { date },
  });

describe('GET /api/v1/admin/contracts/{contractNumber}', () => {
  it('shows a new loan’s balances, the first installment due today and the per diem', async () => {
    const res = await get('/api/v1/admin/contracts/RIC-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'retail_installment',
      asOf: '2026-02-10',
      // 31 days of interest on $20,000 at 5%/365: 8,493.15 cents → $84.93.
      balances: { principalCents: 2_000_000, accruedInterestCents: 8_493, feesCents: 0, unappliedCents: 0 },
      perDiemCents: 274,
      amountDueCents: 37_742,
      pastDueCents: 0,
      nextDueDate: '2026-02-10',
      daysPastDue: 0,
      bucket: 'current',
      terms: { aprPercent: '5', amountFinancedCents: 2_000_000, maturityDate: '2031-01-10' },
    });
  });

  it('answers an unknown contract with 404 and a date before boarding or in the future with 400', async () => {
    expect((await get('/api/v1/admin/contracts/NOPE-000001')).statusCode).toBe(404);
    const early = await get('/api/v1/admin/contracts/RIC-000001?asOf=2025-12-31');
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields.asOf).toContain('2026-01-10');
    expect((await get('/api/v1/admin/contracts/RIC-000001?asOf=2026-02-11')).json().error.code).toBe(
      'SERVICING.DATE_IN_FUTURE',
    );
  });

  it('needs a servicing key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin/contracts/RIC-000001' });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST …/payments', () => {
  it('posts interest to the payment date first, then applies interest, principal due, fees, extra', async () => {
    const res = await pay('RIC-000001', {
      amountCents: 37_742,
      receivedOn: '2026-02-10',
      channel: 'check',
      reference: 'CHK 1001',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      amountCents: 37_742,
      interestAccruedCents: 8_493,
      allocation: { interestCents: 8_493, principalCents: 29_249, feesCents: 0, unappliedCents: 0 },
      contractStatus: 'active',
    });
    const status = (await get('/api/v1/admin/contracts/RIC-000001')).json();
    expect(status).toMatchObject({
      balances: { principalCents: 2_000_000 - 29_249, accruedInterestCents: 0 },
      nextDueDate: '2026-03-10',
      pastDueCents: 0,
    });
  });

  it('answers a retry with the same Idempotency-Key and body with the same payment, once', async () => {
    await moveTo('2026-03-10');
    const body = { amountCents: 37_742, receivedOn: '2026-03-10', channel: 'lockbox' };
    const first = await pay('RIC-000001', body, 'retry-key-0001');
    const again = await pay('RIC-000001', body, 'retry-key-0001');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await pay('RIC-000001', { ...body, amountCents: 100 }, 'retry-key-0001');
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const posted = (await get('/api/v1/admin/contracts/RIC-000001/transactions')).json().transactions;
    expect(posted.filter((e: { code: string }) => e.code === 'PAYMENT')).toHaveLength(2);
  });

  it.each([
    [{ amountCents: 0, receivedOn: '2026-03-10', channel: 'check' }, 'amountCents', 'at least $0.01'],
    [{ amountCents: -5, receivedOn: '2026-03-10', channel: 'check' }, 'amountCents', 'at least $0.01'],
    [
      { amountCents: 10.5, receivedOn: '2026-03-10', channel: 'check' },
      'amountCents',
      'whole number of cents',
    ],
    [{ amountCents: 100, receivedOn: '2026-03-11', channel: 'check' }, 'receivedOn', 'today'],
    [{ amountCents: 100, receivedOn: '2026-03-09', channel: 'check' }, 'receivedOn', 'last posting'],
    [{ amountCents: 100, receivedOn: '2026-03-10', channel: 'carrier pigeon' }, 'channel', 'check, lockbox'],
    [{ amountCents: 99_000_000, receivedOn: '2026-03-10', channel: 'wire' }, 'amountCents', 'payoff'],
    [
      { amountCents: 100_000, receivedOn: '2026-03-10', channel: 'wire', intent: 'payoff' },
      'amountCents',
      'A payoff on',
    ],
  ])('rejects %j with a reason on %s, writing nothing', async (body, field, reason) => {
    const before = (await get('/api/v1/admin/contracts/RIC-000001/transactions')).json().transactions.length;
    const res = await pay('RIC-000001', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[field]).toContain(reason);
    expect((await get('/api/v1/admin/contracts/RIC-000001/transactions')).json().transactions).toHaveLength(
      before,
    );
  });

  it('requires an Idempotency-Key', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/contracts/RIC-000001/payments',
      headers: { authorization: `Bearer ${servicing}` },
      payload: { amountCents: 100, receivedOn: '2026-03-10', channel: 'check' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IDEMPOTENCY.KEY_REQUIRED');
  });

  it('serializes two concurrent postings on one contract, and both balance', async () => {
    const [a, b] = await Promise.all([
      pay('RIC-000002', { amountCents: 20_000, receivedOn: '2026-03-10', channel: 'phone' }),
      pay('RIC-000002', { amountCents: 30_000, receivedOn: '2026-03-10', channel: 'phone' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const interest = [a.json(), b.json()].map((p) => p.interestAccruedCents).sort((x, y) => x - y);
    // Interest from Jan 10 to Mar 10 posts once: the second posting finds it already posted.
    expect(interest[0]).toBe(0);
    // 59 days on $20,000 at 5%/365 = 16,164.38 cents.
    expect(interest[1]).toBe(16_164);
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });

  it('pays a principal-only payment to principal without advancing the installments', async () => {
    const res = await pay('RIC-000001', {
      amountCents: 50_000,
      receivedOn: '2026-03-10',
      channel: 'check',
      intent: 'principal_only',
    });
    expect(res.json().allocation).toMatchObject({ interestCents: 0, principalCents: 50_000 });
    expect((await get('/api/v1/admin/contracts/RIC-000001')).json().nextDueDate).toBe('2026-04-10');
  });
});

describe('reversals and fees', () => {
  it('reverses a returned payment exactly, restores its interest, and charges the state’s returned-payment fee', async () => {
    const before = (await get('/api/v1/admin/contracts/RIC-000002')).json();
    const paid = (
      await pay('RIC-000002', { amountCents: 40_000, receivedOn: '2026-03-10', channel: 'check' })
    ).json();
    const res = await reverse('RIC-000002', paid.paymentId, 'returned');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      reason: 'returned',
      interestAdjustmentCents: 0,
      returnedPaymentFeeCents: 2_500,
    });
    const after = (await get('/api/v1/admin/contracts/RIC-000002')).json();
    expect(after.balances).toEqual({ ...before.balances, feesCents: before.balances.feesCents + 2_500 });
    expect(after.pastDueCents).toBe(before.pastDueCents);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'payment.reverse'));
    expect(audit?.details).toMatchObject({ paymentId: paid.paymentId, reason: 'returned' });
  });

  it('charges the interest that reversed principal would have earned until the last posting', async () => {
    // A $300 payment on Mar 10, then $50 on Mar 20 (which posts interest to Mar 20). Reversing the
    // Mar 10 payment restores its principal, plus the 10 days of interest that principal would have earned.
    await boardContract(
      t,
      boarding,
      loanContract({
        contractNumber: 'RIC-000003',
        parties: [{ ...loanContract().parties[0], customerNumber: 'CUST-0010' }],
      }),
    );
    const march10 = (
      await pay('RIC-000003', { amountCents: 30_000, receivedOn: '2026-03-10', channel: 'check' })
    ).json();
    clock.moveTo(calendarDate('2026-03-20'));
    await pay('RIC-000003', { amountCents: 5_000, receivedOn: '2026-03-20', channel: 'check' });
    const res = await reverse('RIC-000003', march10.paymentId, 'posted_in_error');
    expect(res.statusCode).toBe(200);
    // principal paid by it × 5% × 10 / 365, half up (a float is fine for an expected value in a test).
    const expected = Math.round((march10.allocation.principalCents * 0.05 * 10) / 365);
    expect(expected).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ interestAdjustmentCents: expected, returnedPaymentFeeCents: 0 });
  });

  it('refuses to reverse a payment twice, or one of another contract', async () => {
    const paid = (
      await pay('RIC-000002', { amountCents: 1_000, receivedOn: '2026-03-10', channel: 'check' })
    ).json();
    expect((await reverse('RIC-000002', paid.paymentId, 'posted_in_error')).statusCode).toBe(200);
    const twice = await reverse('RIC-000002', paid.paymentId, 'posted_in_error');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('PAYMENTS.ALREADY_REVERSED');
    const other = await reverse('RIC-000001', paid.paymentId, 'posted_in_error');
    expect(other.statusCode).toBe(404);
  });

  it('assesses a late fee once per late installment after the state’s grace period (PA: 2% after 10 days)', async () => {
    // RIC-000002: the $500.00 paid on Mar 10 covers Feb 10's installment and $122.58 of Mar 10's (the
    // other payments were reversed), so Mar 10's is 12 days late on Mar 22, and its fee came on Mar 21.
    const moved = await moveTo('2026-03-22');
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ businessDate: '2026-03-22' });
    const status = (await get('/api/v1/admin/contracts/RIC-000002')).json();
    expect(status.balances.feesCents).toBe(2_500 + 755);
    expect(status.daysPastDue).toBe(12);
    expect(status.bucket).toBe('1-29');
    const again = await moveTo('2026-03-23');
    expect(again.json().lateFees).toBe(0);
    expect((await get('/api/v1/admin/contracts/RIC-000002')).json().balances.feesCents).toBe(2_500 + 755);
  });
});

describe('payoff', () => {
  it('quotes principal, interest through the good-through date and fees, with the per diem', async () => {
    const status = (await get('/api/v1/admin/contracts/RIC-000001')).json();
    const res = await get('/api/v1/admin/contracts/RIC-000001/payoff?date=2026-04-01');
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    expect(quote.goodThrough).toBe('2026-04-01');
    expect(quote.payoffCents).toBe(
      quote.items.reduce((sum: number, i: { amountCents: number }) => sum + i.amountCents, 0),
    );
    expect(quote.items[0]).toEqual({ kind: 'PRINCIPAL', amountCents: status.balances.principalCents });
    expect(quote.perDiemCents).toBeGreaterThan(0);
  });

  it('pays off a loan exactly, leaving nothing owed, and refuses further payments', async () => {
    const quote = (await get('/api/v1/admin/contracts/RIC-000001/payoff?date=2026-03-23')).json();
    const res = await pay('RIC-000001', {
      amountCents: quote.payoffCents,
      receivedOn: '2026-03-23',
      channel: 'wire',
      intent: 'payoff',
    });
    expect(res.json()).toMatchObject({ contractStatus: 'paid_off' });
    expect(res.statusCode).toBe(201);
    expect(res.json().contractStatus).toBe('paid_off');
    const status = (await get('/api/v1/admin/contracts/RIC-000001')).json();
    expect(status.balances).toMatchObject({ principalCents: 0, accruedInterestCents: 0, feesCents: 0 });
    const more = await pay('RIC-000001', { amountCents: 100, receivedOn: '2026-03-23', channel: 'wire' });
    expect(more.statusCode).toBe(409);
    expect(more.json().error.code).toBe('CONTRACTS.NOT_ACTIVE');
  });

  it('quotes a lease’s early purchase price', async () => {
    const res = await get('/api/v1/admin/contracts/LSE-000001/payoff');
    expect(res.statusCode).toBe(200);
    expect(res.json().kind).toBe('lease');
    expect(res.json().payoffCents).toBeGreaterThan(1_650_000);
  });
});

describe('day count', () => {
  it('boards and keeps the day count a contract states (the leap-year arithmetic is unit-tested in core)', async () => {
    const contract = loanContract({
      contractNumber: 'RIC-000004',
      dayCount: 'actual/actual',
      parties: [{ ...loanContract().parties[0], customerNumber: 'CUST-0011' }],
    });
    await boardContract(t, boarding, contract);
    const status = (await get('/api/v1/admin/contracts/RIC-000004?asOf=2026-01-11')).json();
    // One day in 2026 (365 days): 2,000,000 × 5% / 365 = 273.97 → 274; the terms say actual/actual.
    expect(status.balances.accruedInterestCents).toBe(274);
    expect(status.terms.dayCount).toBe('actual/actual');
  });
});

describe('GET …/schedule', () => {
  it('shows the disclosed installments with their estimated split beside the payments received', async () => {
    const res = await get('/api/v1/admin/contracts/RIC-000002/schedule');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.installments).toHaveLength(60);
    expect(body.installments[0]).toMatchObject({
      number: 1,
      dueDate: '2026-02-10',
      amountCents: 37_742,
      estimatedInterestCents: 8_333,
      estimatedPrincipalCents: 29_409,
      paidCents: 37_742,
      status: 'paid',
    });
    expect(body.installments[1]).toMatchObject({
      dueDate: '2026-03-10',
      paidCents: 12_258,
      status: 'past_due',
    });
    expect(body.installments[2]).toMatchObject({ status: 'upcoming', paidCents: 0 });
    expect(body.installments[59].estimatedBalanceCents).toBe(0);
    expect(body.payments.map((p: { status: string }) => p.status)).toEqual([
      'posted',
      'posted',
      'reversed',
      'reversed',
    ]);
  });
});

describe('lease payments', () => {
  it('splits a lease payment into base rent (lease receivable) and sales tax', async () => {
    const res = await pay('LSE-000001', { amountCents: 39_757, receivedOn: '2026-03-23', channel: 'check' });
    expect(res.json()).toMatchObject({ status: 'posted' });
    expect(res.statusCode).toBe(201);
    expect(res.json().allocation).toMatchObject({
      leaseReceivableCents: 37_507,
      salesTaxCents: 2_250,
      unappliedCents: 0,
    });
  });
});

describe('the ledger after all of it', () => {
  it('balances every entry and every cached balance', async () => {
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });
});
