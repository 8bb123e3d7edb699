import { Decimal, decimal } from './decimal.ts';
import { addCents, type Cents, cents, subtractCents } from './money.ts';
import { roundInstallment, roundScheduledInterest } from './rounding.ts';

/**
 * The estimated schedule a retail installment contract discloses (Reg Z §1026.18(g)), by the
 * conventions in the foundation issue: the unit period is a month at APR / 12; each month's interest
 * is rounded half up to the cent; the installment is the level payment rounded half up to the cent;
 * the final installment absorbs the remainder, so a 0% loan has a finance charge of exactly 0.00.
 *
 * This is the disclosure estimate. Actual servicing accrues interest daily (simple interest) and
 * lives in its own module.
 */
export type LoanTerms = {
  amountFinanced: Cents;
  /** Annual percentage rate in percent, as an exact decimal string ("6.49"). */
  aprPercent: string;
  termMonths: number;
};

export type ScheduledInstallment = {
  number: number;
  payment: Cents;
  interest: Cents;
  principal: Cents;
  balanceAfter: Cents;
};

export type LoanDisclosure = {
  payment: Cents;
  finalPayment: Cents;
  totalOfPayments: Cents;
  financeCharge: Cents;
  schedule: ScheduledInstallment[];
};

function monthlyRate(aprPercent: string): Decimal {
  return decimal(aprPercent).div(1200);
}

/** The level monthly installment before rounding: P·r / (1 − (1 + r)^−n), or P / n at 0%. */
function levelInstallment(terms: LoanTerms): Decimal {
  const principal = decimal(terms.amountFinanced);
  const rate = monthlyRate(terms.aprPercent);
  if (rate.isZero()) return principal.div(terms.termMonths);
  const discount = Decimal.sub(1, rate.plus(1).pow(-terms.termMonths));
  return principal.mul(rate).div(discount);
}

/**
 * The estimated schedule for a given level installment: each month's interest on the balance at
 * APR / 12 (rounded half up), the rest to principal, the final installment absorbing the residue.
 * Used for the disclosure and to show a boarded contract's disclosed installments split as estimated.
 */
export function amortize(terms: LoanTerms, payment: Cents): ScheduledInstallment[] {
  const rate = monthlyRate(terms.aprPercent);
  const schedule: ScheduledInstallment[] = [];
  let balance = terms.amountFinanced;
  for (let number = 1; number <= terms.termMonths; number++) {
    const interest = roundScheduledInterest(decimal(balance).mul(rate));
    const isFinal = number === terms.termMonths;
    const due = isFinal ? addCents(balance, interest) : payment;
    const principal = subtractCents(due, interest);
    balance = subtractCents(balance, principal);
    schedule.push({ number, payment: due, interest, principal, balanceAfter: balance });
  }
  return schedule;
}

export function discloseLoan(terms: LoanTerms): LoanDisclosure {
  const payment = roundInstallment(levelInstallment(terms));
  const schedule = amortize(terms, payment);
  const totalOfPayments = addCents(...schedule.map((row) => row.payment));
  const finalPayment = schedule.at(-1)?.payment ?? cents(0);
  return {
    payment,
    finalPayment,
    totalOfPayments,
    financeCharge: subtractCents(totalOfPayments, terms.amountFinanced),
    schedule,
  };
}
