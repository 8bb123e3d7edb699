import { Decimal } from './decimal.ts';
import { type Cents, cents } from './money.ts';

/**
 * Every rounding the portal applies, named once. Nothing else in the code rounds money or rates;
 * a new rule is added here with its reason.
 *
 * All of them round half up (half away from zero for the non-negative values they take): that is
 * what the lenders' disclosures and the calculators customers compare us with do.
 */

function toCents(value: Decimal): Cents {
  return cents(value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
}

/** A month's interest on a disclosed (estimated) schedule: balance × APR / 12, half up to the cent. */
export function roundScheduledInterest(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}

/** The level installment of a loan, half up to the cent; the final installment absorbs the residue. */
export function roundInstallment(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}

/**
 * The base monthly payment of a lease (depreciation / term + rent), half up to the cent, rounded
 * once; the rent charge is then derived as total of base payments − depreciation (Reg M §1013.4(f)(6)),
 * so the disclosure adds up to the cent.
 */
export function roundLeaseBasePayment(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}

/** Sales or use tax on a periodic lease payment, half up to the cent. */
export function roundSalesTax(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}

/** A percent shown to people (APR, its lease equivalent): half up to two decimals, as "6.49". */
export function roundPercentForDisplay(percent: Decimal): string {
  return percent.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * Daily simple interest, kept exact between postings and rounded half up to the cent only when it
 * posts (a payment, a payoff, a statement).
 */
export function roundAccruedInterest(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}

/**
 * The per diem stated to people (the account page, a payoff quote and letter): rounded UP to the
 * cent, unlike the other rules, because payers add it for each day past the good-through date; a
 * figure rounded down would leave them a fraction of a cent a day short and the loan not quite paid.
 */
export function roundPerDiemForStatement(valueInCents: Decimal): Cents {
  return cents(valueInCents.toDecimalPlaces(0, Decimal.ROUND_UP).toNumber());
}

/** A fee figured as a percentage (late fee: a percent of the installment), half up to the cent. */
export function roundPercentageFee(valueInCents: Decimal): Cents {
  return toCents(valueInCents);
}
