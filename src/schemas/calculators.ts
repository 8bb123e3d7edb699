import { z } from 'zod';
import {
  amountCents,
  aprPercent,
  moneyFactor,
  positiveAmountCents,
  taxRatePercent,
  termMonths,
} from './fields.ts';

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
