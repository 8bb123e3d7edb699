import { Decimal as DecimalJs } from 'decimal.js';

/**
 * Exact decimal arithmetic for rates (APR percent, money factor, tax percent). Forty significant
 * digits is far more than any rate or cent amount needs, so the only rounding that matters is the
 * one a named rule in `rounding.ts` applies.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/** A rate written as a decimal string, such as an APR of "6.49" (percent) or a money factor "0.00125". */
export function decimal(text: string | number): Decimal {
  return new Decimal(text);
}
