import { addDays, type CalendarDate } from './dates.ts';
import { decimal } from './decimal.ts';
import { type Cents, cents } from './money.ts';
import { roundPercentageFee } from './rounding.ts';

/**
 * Late and returned-payment fees are state law, so they are data: one rule per governing state,
 * with the statute it comes from. A state without its own row uses the lender's default, which an
 * operator must check against that state's law before boarding contracts there.
 */
export type LateFeeRule = {
  /** Days after the due date during which no fee is charged; the fee is assessed the day after. */
  graceDays: number;
  /** Percent of the late installment ("5" = 5%). */
  percent: string;
  minimumCents: number;
  /** Upper bound, or null for none beyond the percentage. */
  capCents: number | null;
  source: string;
};

export type ReturnedPaymentFeeRule = { feeCents: number; source: string };

export const DEFAULT_LATE_FEE_RULE: LateFeeRule = {
  graceDays: 10,
  percent: '5',
  minimumCents: 0,
  capCents: 2_500,
  source: 'Lender default (5% of the installment, at most $25.00, after 10 days); check each state’s law.',
};

export const LATE_FEE_RULES: Readonly<Record<string, LateFeeRule>> = {
  PA: {
    graceDays: 10,
    percent: '2',
    minimumCents: 0,
    capCents: null,
    source:
      '12 Pa.C.S. §6245: at most 2% of the installment, after it is 10 days late, once per installment.',
  },
  TX: {
    graceDays: 15,
    percent: '5',
    minimumCents: 0,
    capCents: null,
    source: 'Tex. Fin. Code §348.107: at most 5% of the installment, after the 15th day.',
  },
  SD: {
    graceDays: 10,
    percent: '5',
    minimumCents: 0,
    capCents: null,
    source: 'SDCL 54-3A-12: at most 5% of the installment, after at least 10 days.',
  },
};

export const DEFAULT_RETURNED_PAYMENT_FEE: ReturnedPaymentFeeRule = {
  feeCents: 2_500,
  source: 'Lender default ($25.00); check each state’s cap.',
};

export const RETURNED_PAYMENT_FEE_RULES: Readonly<Record<string, ReturnedPaymentFeeRule>> = {
  SD: { feeCents: 3_000, source: 'SDCL 54-3A-12: a returned check fee of at most $30.00.' },
};

export function lateFeeRuleFor(state: string): LateFeeRule {
  return LATE_FEE_RULES[state] ?? DEFAULT_LATE_FEE_RULE;
}

export function returnedPaymentFeeFor(state: string): Cents {
  return cents((RETURNED_PAYMENT_FEE_RULES[state] ?? DEFAULT_RETURNED_PAYMENT_FEE).feeCents);
}

/** The fee for one late installment: the percentage, no less than the minimum, no more than the cap. */
export function lateFee(installmentAmount: Cents, rule: LateFeeRule): Cents {
  const byPercent = roundPercentageFee(decimal(installmentAmount).mul(rule.percent).div(100));
  const floored = Math.max(byPercent, rule.minimumCents);
  return cents(rule.capCents === null ? floored : Math.min(floored, rule.capCents));
}

/** The first day a late fee may be charged for an installment due on `dueDate`. */
export function lateFeeAssessmentDate(dueDate: CalendarDate, rule: LateFeeRule): CalendarDate {
  return addDays(dueDate, rule.graceDays + 1);
}
