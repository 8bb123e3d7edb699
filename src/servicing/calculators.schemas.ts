import { z } from 'zod';
import { PAYMENT_FREQUENCIES } from '../core/apr.ts';
import {
  amountCents,
  aprPercent,
  calendarDateField,
  moneyFactor,
  positiveAmountCents,
  taxRatePercent,
  termMonths,
} from '../platform/fields.schemas.ts';

/**
 * The smallest loan the calculator takes ($1,000.00). Rounding moves at most about a cent a month into
 * the final payment (with interest on it); above this floor that residue stays far below one payment
 * even at 96 months and the highest APR we take, so the final payment is always positive.
 */
export const MIN_LOAN_CENTS = 100_000;

export const loanCalculatorRequest = z.strictObject({
  amountFinancedCents: amountCents('The amount financed', { min: MIN_LOAN_CENTS }),
  aprPercent,
  termMonths,
});
export type LoanCalculatorRequest = z.infer<typeof loanCalculatorRequest>;

export const loanCalculatorResponse = z.object({
  paymentCents: z.number().int(),
  finalPaymentCents: z.number().int(),
  totalOfPaymentsCents: z.number().int(),
  financeChargeCents: z.number().int(),
  schedule: z.array(
    z.object({
      number: z.number().int(),
      paymentCents: z.number().int(),
      interestCents: z.number().int(),
      principalCents: z.number().int(),
      balanceCents: z.number().int(),
    }),
  ),
});
export type LoanCalculatorResponse = z.infer<typeof loanCalculatorResponse>;

export const leaseCalculatorRequest = z
  .strictObject({
    grossCapCostCents: positiveAmountCents('The gross capitalized cost'),
    capCostReductionCents: amountCents('The capitalized cost reduction'),
    residualValueCents: positiveAmountCents('The residual value'),
    moneyFactor,
    termMonths,
    taxRatePercent,
  })
  .superRefine((v, ctx) => {
    const adjusted = v.grossCapCostCents - v.capCostReductionCents;
    if (adjusted <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['capCostReductionCents'],
        message: 'The capitalized cost reduction must be less than the gross capitalized cost.',
      });
    } else if (v.residualValueCents >= adjusted) {
      ctx.addIssue({
        code: 'custom',
        path: ['residualValueCents'],
        message: 'The residual value must be less than the adjusted capitalized cost.',
      });
    }
  });
export type LeaseCalculatorRequest = z.infer<typeof leaseCalculatorRequest>;

export const leaseCalculatorResponse = z.object({
  adjustedCapCostCents: z.number().int(),
  depreciationCents: z.number().int(),
  rentChargeCents: z.number().int(),
  totalOfBasePaymentsCents: z.number().int(),
  basePaymentCents: z.number().int(),
  taxCents: z.number().int(),
  paymentCents: z.number().int(),
  aprEquivalentPercent: z.string(),
});
export type LeaseCalculatorResponse = z.infer<typeof leaseCalculatorResponse>;

const MAX_APR_ADVANCES = 50;
const MAX_APR_PAYMENT_STREAMS = 20;
/** The core's own limit (core/apr.ts), checked here too so the answer names the field. */
const MAX_PAYMENTS_PER_STREAM = 600;

const paymentCountMessage = `The number of payments must be a whole number from 1 to ${MAX_PAYMENTS_PER_STREAM}.`;
const paymentCount = z
  .number({ error: paymentCountMessage })
  .int(paymentCountMessage)
  .min(1, paymentCountMessage)
  .max(MAX_PAYMENTS_PER_STREAM, paymentCountMessage);

const aprPaymentStream = z
  .strictObject({
    amountCents: positiveAmountCents('A payment'),
    count: paymentCount,
    firstDate: calendarDateField('The first payment date'),
    frequency: z.enum(PAYMENT_FREQUENCIES, {
      error: `The payment frequency must be one of ${PAYMENT_FREQUENCIES.join(', ')}.`,
    }),
  })
  .superRefine((v, ctx) => {
    if (v.frequency === 'single' && v.count !== 1) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: 'A single payment has a count of 1.' });
    }
  });

/**
 * A closed-end transaction for the APR calculator: the money the consumer receives (advances) and
 * streams of equal payments. Whether it has an APR at all (payments after the first advance, not
 * less than the advances) is the core's question, answered as `CALCULATORS.NO_APR`.
 */
export const aprCalculatorRequest = z.strictObject({
  advances: z
    .array(
      z.strictObject({
        amountCents: positiveAmountCents('An advance'),
        date: calendarDateField('The advance date'),
      }),
      { error: 'The advances must be a list.' },
    )
    .min(1, 'There is at least one advance.')
    .max(MAX_APR_ADVANCES, `There are at most ${MAX_APR_ADVANCES} advances.`),
  payments: z
    .array(aprPaymentStream, { error: 'The payments must be a list.' })
    .min(1, 'There is at least one payment stream.')
    .max(MAX_APR_PAYMENT_STREAMS, `There are at most ${MAX_APR_PAYMENT_STREAMS} payment streams.`),
});
export type AprCalculatorRequest = z.infer<typeof aprCalculatorRequest>;

export const aprCalculatorResponse = z.object({
  aprPercent: z.string().describe('The APR in percent, half up to two decimals, as disclosed ("6.49").'),
  unitPeriodsPerYear: z
    .number()
    .describe('Unit-periods a year (12 for monthly); fractional for a single payment within a year.'),
});
export type AprCalculatorResponse = z.infer<typeof aprCalculatorResponse>;
