import { describe, expect, it } from 'vitest';
import { calendarDate as d } from './dates.ts';
import {
  DEFAULT_LATE_FEE_RULE,
  lateFee,
  lateFeeAssessmentDate,
  lateFeeRuleFor,
  returnedPaymentFeeFor,
} from './late-fees.ts';
import { cents } from './money.ts';

describe('late fees by state', () => {
  it.each([
    ['PA', 37_742, 755, 10],
    ['TX', 37_742, 1_887, 15],
    ['SD', 37_742, 1_887, 10],
    ['OH', 37_742, 1_887, 10],
    ['OH', 80_000, 2_500, 10],
  ])('in %s a late %i-cent installment costs %i cents after %i days', (state, installment, fee, grace) => {
    const rule = lateFeeRuleFor(state);
    expect(lateFee(cents(installment), rule)).toBe(fee);
    expect(rule.graceDays).toBe(grace);
  });

  it('applies a minimum fee when the rule has one', () => {
    expect(lateFee(cents(1_000), { ...DEFAULT_LATE_FEE_RULE, minimumCents: 500 })).toBe(500);
  });

  it('assesses the fee the day after the grace period ends', () => {
    expect(lateFeeAssessmentDate(d('2026-02-10'), lateFeeRuleFor('PA'))).toBe('2026-02-21');
    expect(lateFeeAssessmentDate(d('2026-02-10'), lateFeeRuleFor('TX'))).toBe('2026-02-26');
  });

  it('caps the returned-payment fee by state', () => {
    expect(returnedPaymentFeeFor('SD')).toBe(3_000);
    expect(returnedPaymentFeeFor('PA')).toBe(2_500);
  });
});
