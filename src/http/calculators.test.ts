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
