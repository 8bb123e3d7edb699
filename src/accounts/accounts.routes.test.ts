import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { attributePayments } from './accounts.ts';

// Ana owns the loan and James co-signed it; Bo holds the lease. Each sees only their own.
// The fixture loan: $20,000.00 at 5% from 2026-01-10, 60 × $377.42 due on the 10th. Ana pays the
// first two installments on their due dates; on 2026-04-20 the third (due 2026-04-10) is 10 days late.
let t: TestApp;
const clock = movableClock(calendarDate('2026-02-10'));
const sessions: Record<string, string> = {};
let servicing: string;
let keyCounter = 0;

const pay = async (contractNumber: string, amountCents: number, receivedOn: string) => {
  clock.moveTo(calendarDate(receivedOn));
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/contracts/${contractNumber}/payments`,
    headers: { authorization: `Bearer ${servicing}`, 'idempotency-key': `accounts-${++keyCounter}` },
    payload: { amountCents, receivedOn, channel: 'check' },
  });
  if (res.statusCode !== 201) throw new Error(`payment failed: ${res.body}`);
};

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  const key = await boardingKey(t.database);
  servicing = await boardingKey(t.database, 'servicing');
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
  };
  for (const contract of [
    loanContract({ parties: [loanContract().parties[0], cosigner] }),
    leaseContract({ contractDate: '2026-01-15', firstPaymentDate: '2026-01-15' }),
  ]) {
    await boardContract(t, key, contract);
  }
  await pay('RIC-000001', 37_742, '2026-02-10');
  await pay('LSE-000001', 39_757, '2026-02-10');
  await pay('RIC-000001', 37_742, '2026-03-10');
  clock.moveTo(calendarDate('2026-04-20'));
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  await createUser(t, 'agent', { staff: true });
  for (const user of ['ana', 'james', 'bo', 'agent']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, cookies: user ? { [SESSION_COOKIE]: sessions[user]! } : {} });

// First payment: 31 days of interest on $20,000 at 5%/365 = $84.93, the rest $292.49 to principal.
// Second: 28 days on $19,707.51 = $75.59, the rest $301.83 to principal, leaving $19,405.68.
const PRINCIPAL_AFTER_TWO = 2_000_000 - 29_249 - 30_183;

describe('GET /api/v1/accounts', () => {
  it('lists the borrower’s and the co-signer’s shared loan, each with their role and what is due', async () => {
    const ana = (await get('ana', '/api/v1/accounts')).json().accounts;
    expect(ana).toEqual([
      {
        contractNumber: 'RIC-000001',
        kind: 'retail_installment',
        status: 'active',
        role: 'primary',
        grant: null,
        vehicle: { year: 2026, make: 'Honda', model: 'Accord', trim: 'EX', vinLast6: '004352' },
        balanceCents: PRINCIPAL_AFTER_TWO,
        // The late third installment and the fourth, billed ahead of its due date.
        amountDueCents: 2 * 37_742,
        pastDueCents: 37_742,
        daysPastDue: 10,
        nextDueDate: '2026-04-10',
        nextDueAmountCents: 37_742,
        lastPayment: { date: '2026-03-10', amountCents: 37_742 },
        autopay: null,
      },
    ]);
    const james = (await get('james', '/api/v1/accounts')).json().accounts;
    expect(james.map((a: { contractNumber: string; role: string }) => [a.contractNumber, a.role])).toEqual([
      ['RIC-000001', 'co_signer'],
    ]);
    const bo = (await get('bo', '/api/v1/accounts')).json().accounts;
    expect(bo).toEqual([
      expect.objectContaining({
        contractNumber: 'LSE-000001',
        kind: 'lease',
        lastPayment: { date: '2026-02-10', amountCents: 39_757 },
      }),
    ]);
  });

  it('lists nothing for staff, who look accounts up one at a time', async () => {
    expect((await get('agent', '/api/v1/accounts')).json()).toEqual({ accounts: [] });
  });

  it('needs a signed-in session', async () => {
    const res = await get('', '/api/v1/accounts');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.SIGNED_OUT');
  });
});

describe('GET /api/v1/accounts/{contractNumber}', () => {
  it('shows a co-signer the loan’s disclosed terms and its balances today', async () => {
    const res = await get('james', '/api/v1/accounts/RIC-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contractNumber: 'RIC-000001',
      kind: 'retail_installment',
      status: 'active',
      asOf: '2026-04-20',
      vehicle: { year: 2026, make: 'Honda', model: 'Accord', trim: 'EX', vinLast6: '004352' },
      terms: {
        contractDate: '2026-01-10',
        firstPaymentDate: '2026-02-10',
        maturityDate: '2031-01-10',
        termMonths: 60,
        paymentCents: 37_742,
        finalPaymentCents: 37_774,
        totalOfPaymentsCents: 2_264_552,
        amountFinancedCents: 2_000_000,
        aprPercent: '5',
        financeChargeCents: 264_552,
      },
      balances: {
        principalCents: PRINCIPAL_AFTER_TWO,
        // 41 days (March 10 to April 20) on $19,405.68 at 5%/365 = $108.99; per diem $2.66.
        accruedInterestCents: 10_899,
        feesCents: 0,
        unappliedCents: 0,
        perDiemCents: 266,
      },
      due: {
        amountDueCents: 2 * 37_742,
        nextDueDate: '2026-04-10',
        nextDueAmountCents: 37_742,
        pastDueCents: 37_742,
        daysPastDue: 10,
      },
    });
  });

  it('shows a lease’s terms: money factor with its APR equivalent, mileage allowance per year and in total', async () => {
    const res = await get('bo', '/api/v1/accounts/LSE-000001');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.terms).toEqual({
      contractDate: '2026-01-15',
      firstPaymentDate: '2026-01-15',
      maturityDate: expect.any(String),
      termMonths: 36,
      paymentCents: 39_757,
      totalOfPaymentsCents: 39_757 * 36 + 200_000,
      grossCapCostCents: 3_000_000,
      capCostReductionCents: 200_000,
      adjustedCapCostCents: 2_800_000,
      residualValueCents: 1_650_000,
      depreciationCents: 1_150_000,
      rentChargeCents: 200_252,
      moneyFactor: '0.00125',
      aprEquivalentPercent: '3.00',
      basePaymentCents: 37_507,
      monthlyTaxCents: 2_250,
      mileageAllowancePerYear: 12_000,
      mileageAllowanceTotal: 36_000,
      excessMileageRateCents: 25,
      dispositionFeeCents: 39_500,
      purchaseOptionPriceCents: 1_685_000,
    });
    // 36 base payments of $375.07 less the one paid.
    expect(body.balances).toEqual({
      remainingBasePaymentsCents: 37_507 * 35,
      feesCents: 0,
      unappliedCents: 0,
    });
    expect(body.due).toMatchObject({ nextDueDate: '2026-02-15', daysPastDue: 64 });
  });

  it('answers someone else’s account exactly as one that does not exist', async () => {
    const others = await get('bo', '/api/v1/accounts/RIC-000001');
    const missing = await get('bo', '/api/v1/accounts/RIC-999999');
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json().error.code).toBe(missing.json().error.code);
    expect(others.body).not.toContain(String(PRINCIPAL_AFTER_TWO));
  });

  it('lets support staff see any account', async () => {
    expect((await get('agent', '/api/v1/accounts/LSE-000001')).statusCode).toBe(200);
    expect((await get('agent', '/api/v1/accounts/RIC-000001/schedule')).statusCode).toBe(200);
  });
});

describe('GET /api/v1/accounts/{contractNumber}/schedule', () => {
  it('puts each paid installment’s interest, principal and balance beside the disclosed estimate', async () => {
    const res = await get('james', '/api/v1/accounts/RIC-000001/schedule');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.installments).toHaveLength(60);
    expect(body.installments.slice(0, 3)).toEqual([
      expect.objectContaining({
        number: 1,
        dueDate: '2026-02-10',
        amountCents: 37_742,
        // The disclosure's month: $20,000 × 5% / 12 = $83.33.
        estimatedInterestCents: 8_333,
        estimatedPrincipalCents: 29_409,
        estimatedBalanceCents: 1_970_591,
        paidCents: 37_742,
        status: 'paid',
        paidOn: ['2026-02-10'],
        interestPaidCents: 8_493,
        principalPaidCents: 29_249,
        balanceAfterCents: 2_000_000 - 29_249,
      }),
      expect.objectContaining({
        number: 2,
        paidOn: ['2026-03-10'],
        interestPaidCents: 7_559,
        principalPaidCents: 30_183,
        balanceAfterCents: PRINCIPAL_AFTER_TWO,
      }),
      expect.objectContaining({
        number: 3,
        dueDate: '2026-04-10',
        paidCents: 0,
        status: 'past_due',
        paidOn: [],
        interestPaidCents: 0,
        principalPaidCents: 0,
        balanceAfterCents: null,
      }),
    ]);
    expect(body.installments.at(-1)).toMatchObject({ amountCents: 37_774, estimatedBalanceCents: 0 });
    expect(body.totals).toEqual({
      paidCents: 2 * 37_742,
      interestPaidCents: 8_493 + 7_559,
      principalPaidCents: 29_249 + 30_183,
    });
  });

  it('gives a lease its actuarial estimate (rent charge, depreciation) down to the residual', async () => {
    const body = (await get('bo', '/api/v1/accounts/LSE-000001/schedule')).json();
    const rows = body.installments as {
      estimatedInterestCents: number;
      estimatedPrincipalCents: number;
      estimatedBalanceCents: number;
      paidOn: string[];
      interestPaidCents: number | null;
    }[];
    expect(rows.reduce((sum, r) => sum + r.estimatedInterestCents, 0)).toBe(200_252);
    expect(rows.at(-1)!.estimatedBalanceCents).toBe(1_650_000);
    expect(rows.every((r) => r.estimatedInterestCents + r.estimatedPrincipalCents === 37_507)).toBe(true);
    expect(rows[0]).toMatchObject({ paidOn: ['2026-02-10'], interestPaidCents: null });
    expect(body.totals).toEqual({ paidCents: 39_757, interestPaidCents: null, principalPaidCents: null });
  });

  it('answers another customer with 404', async () => {
    const res = await get('bo', '/api/v1/accounts/RIC-000001/schedule');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ACCOUNTS.NOT_FOUND');
  });
});

describe('attributePayments', () => {
  it('fills installments oldest first, interest before principal, across payment boundaries', () => {
    const rows = attributePayments(
      [100, 100, 100],
      [
        { receivedOn: '2026-01-01', interest: 30, principal: 120, principalAfter: 880 },
        { receivedOn: '2026-02-01', interest: 10, principal: 40, principalAfter: 840 },
      ],
    );
    expect(rows).toEqual([
      { paidOn: ['2026-01-01'], interest: 30, principal: 70, balanceAfter: 880 },
      { paidOn: ['2026-01-01', '2026-02-01'], interest: 10, principal: 90, balanceAfter: 840 },
      { paidOn: [], interest: 0, principal: 0, balanceAfter: null },
    ]);
  });
});
