import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const loan = (body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/calculators/loan', payload: body as object });
const lease = (body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/calculators/lease', payload: body as object });
const apr = (body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/calculators/apr', payload: body as object });

describe('POST /api/v1/calculators/loan', () => {
  it('answers the payment, final payment, totals and the whole schedule in cents', async () => {
    const res = await loan({ amountFinancedCents: 2_000_000, aprPercent: '5', termMonths: 60 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      paymentCents: 37_742,
      finalPaymentCents: 37_774,
      totalOfPaymentsCents: 2_264_552,
      financeChargeCents: 264_552,
    });
    expect(body.schedule).toHaveLength(60);
    expect(body.schedule[59]).toMatchObject({ number: 60, paymentCents: 37_774, balanceCents: 0 });
  });

  it('charges 0.00 at 0% APR', async () => {
    const res = await loan({ amountFinancedCents: 1_000_000, aprPercent: '0', termMonths: 36 });
    expect(res.json()).toMatchObject({
      paymentCents: 27_778,
      finalPaymentCents: 27_770,
      financeChargeCents: 0,
    });
  });

  it.each([
    [
      { amountFinancedCents: 20.5, aprPercent: '5', termMonths: 60 },
      'amountFinancedCents',
      'whole number of cents',
    ],
    [
      { amountFinancedCents: 99_999, aprPercent: '5', termMonths: 60 },
      'amountFinancedCents',
      'at least $1,000.00',
    ],
    [
      { amountFinancedCents: '2000000', aprPercent: '5', termMonths: 60 },
      'amountFinancedCents',
      'whole number of cents',
    ],
    [
      { amountFinancedCents: 1_000_000_001, aprPercent: '5', termMonths: 60 },
      'amountFinancedCents',
      'cannot exceed $10,000,000.00',
    ],
    [{ amountFinancedCents: 2_000_000, aprPercent: 5, termMonths: 60 }, 'aprPercent', 'decimal string'],
    [
      { amountFinancedCents: 2_000_000, aprPercent: '5.12345', termMonths: 60 },
      'aprPercent',
      'four decimals',
    ],
    [{ amountFinancedCents: 2_000_000, aprPercent: '45', termMonths: 60 }, 'aprPercent', 'below 40%'],
    [{ amountFinancedCents: 2_000_000, aprPercent: '5', termMonths: 0 }, 'termMonths', 'at least 1 month'],
    [{ amountFinancedCents: 2_000_000, aprPercent: '5', termMonths: 97 }, 'termMonths', 'cannot exceed 96'],
    [{ amountFinancedCents: 2_000_000, aprPercent: '5' }, 'termMonths', 'whole number of months'],
    [{ amountFinancedCents: 2_000_000, aprPercent: '5', termMonths: 60, extra: 1 }, 'extra', 'not allowed'],
  ])('rejects %j with a reason on %s', async (body, field, reason) => {
    const res = await loan(body);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('REQUEST.INVALID');
    expect(error.fields[field]).toContain(reason);
  });

  it('answers malformed JSON with a 400 in the same error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calculators/loan',
      headers: { 'content-type': 'application/json' },
      payload: '{"amountFinancedCents": 1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toMatch(/^REQUEST\./);
  });
});

describe('POST /api/v1/calculators/lease', () => {
  const example = {
    grossCapCostCents: 3_000_000,
    capCostReductionCents: 200_000,
    residualValueCents: 1_650_000,
    moneyFactor: '0.00125',
    termMonths: 36,
    taxRatePercent: '6',
  };

  it('answers the Regulation M payment calculation', async () => {
    const res = await lease(example);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      adjustedCapCostCents: 2_800_000,
      depreciationCents: 1_150_000,
      rentChargeCents: 200_252,
      totalOfBasePaymentsCents: 1_350_252,
      basePaymentCents: 37_507,
      taxCents: 2_250,
      paymentCents: 39_757,
      aprEquivalentPercent: '3.00',
    });
  });

  it.each([
    [{ residualValueCents: 2_800_000 }, 'residualValueCents', 'less than the adjusted capitalized cost'],
    [{ capCostReductionCents: 3_000_000 }, 'capCostReductionCents', 'less than the gross'],
    [{ moneyFactor: '0.0125' }, 'moneyFactor', 'below 0.01'],
    [{ moneyFactor: '1.25' }, 'moneyFactor', 'below 0.01'],
    [{ taxRatePercent: '-1' }, 'taxRatePercent', 'decimal string'],
    [{ grossCapCostCents: 0 }, 'grossCapCostCents', 'at least $0.01'],
  ])('rejects %j with a reason on %s', async (change, field, reason) => {
    const res = await lease({ ...example, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[field]).toContain(reason);
  });
});

describe('POST /api/v1/calculators/apr', () => {
  /** $5,000.00 repaid by 36 monthly payments of $166.07: the textbook 12% loan. */
  const example = {
    advances: [{ amountCents: 500_000, date: '2026-01-10' }],
    payments: [{ amountCents: 16_607, count: 36, firstDate: '2026-02-10', frequency: 'monthly' }],
  };

  it('answers 12.00% with 12 unit-periods a year for $5,000 repaid by 36 × $166.07 monthly', async () => {
    const res = await apr(example);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ aprPercent: '12.00', unitPeriodsPerYear: 12 });
  });

  it('counts weekly payments in weeks: $1,000 repaid by 52 × $20.00 a week is 7.75%', async () => {
    const res = await apr({
      advances: [{ amountCents: 100_000, date: '2026-01-05' }],
      payments: [{ amountCents: 2_000, count: 52, firstDate: '2026-01-12', frequency: 'weekly' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ aprPercent: '7.75', unitPeriodsPerYear: 52 });
  });

  it('makes a single payment 5 months later one unit-period, 2.4 of them a year: $1,000 → $1,050 is 12.00%', async () => {
    const res = await apr({
      advances: [{ amountCents: 100_000, date: '2026-01-10' }],
      payments: [{ amountCents: 105_000, count: 1, firstDate: '2026-06-10', frequency: 'single' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ aprPercent: '12.00', unitPeriodsPerYear: 2.4 });
  });

  it('finds 5.00% in a loan disclosed by the portal: $20,000 at 5% for 60 months, 59 × $377.42 + $377.74', async () => {
    const res = await apr({
      advances: [{ amountCents: 2_000_000, date: '2026-01-10' }],
      payments: [
        { amountCents: 37_742, count: 59, firstDate: '2026-02-10', frequency: 'monthly' },
        { amountCents: 37_774, count: 1, firstDate: '2031-01-10', frequency: 'single' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ aprPercent: '5.00', unitPeriodsPerYear: 12 });
  });

  it.each([
    [{ advances: [] }, 'advances', 'at least one advance'],
    [{ payments: [] }, 'payments', 'at least one payment stream'],
    [{ payments: [{ ...example.payments[0], count: 0 }] }, 'payments.0.count', 'from 1 to 600'],
    [{ payments: [{ ...example.payments[0], count: 601 }] }, 'payments.0.count', 'from 1 to 600'],
    [{ payments: [{ ...example.payments[0], count: 2.5 }] }, 'payments.0.count', 'whole number'],
    [
      { advances: [{ amountCents: 500_000.5, date: '2026-01-10' }] },
      'advances.0.amountCents',
      'whole number of cents',
    ],
    [{ payments: [{ ...example.payments[0], amountCents: 0 }] }, 'payments.0.amountCents', 'at least $0.01'],
    [{ payments: [{ ...example.payments[0], frequency: 'daily' }] }, 'payments.0.frequency', 'one of weekly'],
    [
      { payments: [{ ...example.payments[0], frequency: 'single' }] },
      'payments.0.count',
      'single payment has a count of 1',
    ],
    [{ advances: [{ amountCents: 500_000, date: '2026-02-30' }] }, 'advances.0.date', 'real date'],
    [{ extra: 1 }, 'extra', 'not allowed'],
    [{ payments: [{ ...example.payments[0], note: 'x' }] }, 'payments.0.note', 'not allowed'],
  ])('rejects %j with a reason on %s', async (change, field, reason) => {
    const res = await apr({ ...example, ...change });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('REQUEST.INVALID');
    expect(error.fields[field]).toContain(reason);
  });

  it('answers CALCULATORS.NO_APR naming the payments when they total less than the advances', async () => {
    const res = await apr({ ...example, payments: [{ ...example.payments[0], amountCents: 13_888 }] });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('CALCULATORS.NO_APR');
    expect(error.message).toContain('negative finance charge');
    expect(error.fields).toEqual({ payments: error.message });
  });

  it.each([
    ['before', '2026-01-09'],
    ['on the day of', '2026-01-10'],
  ])('answers CALCULATORS.NO_APR naming the date of a payment %s the advance', async (_when, firstDate) => {
    const res = await apr({
      ...example,
      payments: [example.payments[0], { amountCents: 1_000, count: 1, firstDate, frequency: 'single' }],
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('CALCULATORS.NO_APR');
    expect(error.fields['payments.1.firstDate']).toContain('after the first advance (2026-01-10)');
  });
});
