import { type CalendarDate, compareDates, daysBetween } from './dates.ts';
import { Decimal, decimal } from './decimal.ts';
import { addCents, type Cents, multiplyCents, negateCents, subtractCents, ZERO } from './money.ts';
import { roundScheduledInterest } from './rounding.ts';

/**
 * What a closed-end lease costs at its end, in the terms Regulation M discloses: the mileage
 * allowance and excess-mileage charge (§1013.4(h)(3)), other charges due at the end (§1013.4(d)), the
 * purchase option price at maturity (§1013.4(i)) and an early purchase figured by the actuarial
 * method. Miles are whole miles and every mile rounding favors the lessee, except the projection to
 * maturity, which is an estimate and goes to the nearest mile. Money is only ever miles × an integer
 * rate in cents, sums, or the per-period rent of the actuarial schedule.
 */

/** Input no lease can have. `field` is the input's path ("readings.2.odometer"), as a form shows it. */
export class LeaseEndError extends Error {
  override name = 'LeaseEndError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

function requireWhole(field: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new LeaseEndError(field, `Must be a whole number of at least ${min}, not ${value}.`);
  }
}

function requireAmount(field: string, amount: Cents): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new LeaseEndError(field, `Must be an amount of at least 0.00, not ${amount} cents.`);
  }
}

/** ⌈a / b⌉ and a / b to the nearest (half up), for a ≥ 0, b > 0, exact at any size. */
function divideUp(a: number, b: number): number {
  return Number((BigInt(a) + BigInt(b) - 1n) / BigInt(b));
}
function divideNearest(a: number, b: number): number {
  return Number((2n * BigInt(a) + BigInt(b)) / (2n * BigInt(b)));
}

// ── Mileage ───────────────────────────────────────────────────────────────────

/**
 * Miles allowed over the whole term: per-year miles × months / 12. A term that is not a whole number
 * of years can leave a fraction of a mile; it is rounded up, in the lessee's favor.
 */
export function mileageAllowance(perYearMiles: number, termMonths: number): number {
  requireWhole('perYearMiles', perYearMiles);
  requireWhole('termMonths', termMonths, 1);
  return divideUp(perYearMiles * termMonths, 12);
}

export type ExcessMileageInput = {
  odometerAtContract: number;
  odometerAtTurnIn: number;
  perYearMiles: number;
  termMonths: number;
  ratePerMileCents: Cents;
  /**
   * Some lessors credit unused miles (often only miles the lessee prepaid, or when the lessee buys
   * or leases again from them); give the contract's credit per mile to figure it. Absent, there is
   * no credit: Reg M requires disclosing the excess charge, not any credit.
   */
  creditUnusedPerMileCents?: Cents;
};

export type ExcessMileage = {
  allowedMiles: number;
  milesDriven: number;
  excessMiles: number;
  unusedMiles: number;
  /** excessMiles × rate: exact, no rounding. */
  charge: Cents;
  /** unusedMiles × credit rate, or zero without a credit rate. Never netted into `charge`. */
  credit: Cents;
};

export function excessMileageCharge(input: ExcessMileageInput): ExcessMileage {
  requireWhole('odometerAtContract', input.odometerAtContract);
  requireWhole('odometerAtTurnIn', input.odometerAtTurnIn);
  requireAmount('ratePerMileCents', input.ratePerMileCents);
  if (input.creditUnusedPerMileCents !== undefined) {
    requireAmount('creditUnusedPerMileCents', input.creditUnusedPerMileCents);
  }
  if (input.odometerAtTurnIn < input.odometerAtContract) {
    throw new LeaseEndError('odometerAtTurnIn', 'The odometer at turn-in is below the odometer at contract.');
  }
  const allowedMiles = mileageAllowance(input.perYearMiles, input.termMonths);
  const milesDriven = input.odometerAtTurnIn - input.odometerAtContract;
  const excessMiles = Math.max(0, milesDriven - allowedMiles);
  const unusedMiles = Math.max(0, allowedMiles - milesDriven);
  return {
    allowedMiles,
    milesDriven,
    excessMiles,
    unusedMiles,
    charge: multiplyCents(input.ratePerMileCents, excessMiles),
    credit: multiplyCents(input.creditUnusedPerMileCents ?? ZERO, unusedMiles),
  };
}

export type OdometerReading = { date: CalendarDate; odometer: number };

export type MileageProjectionInput = {
  odometerAtContract: number;
  readings: readonly OdometerReading[];
  contractDate: CalendarDate;
  maturityDate: CalendarDate;
  perYearMiles: number;
  termMonths: number;
  ratePerMileCents: Cents;
};

export type MileageProjection = {
  /** The date of the latest reading: the projection's "today". */
  asOf: CalendarDate;
  milesUsedToDate: number;
  /** The term's allowance prorated by days elapsed / days in the term, rounded up (lessee's favor). */
  allowanceToDate: number;
  allowedMiles: number;
  /** Miles to date extended linearly from the contract date to maturity, to the nearest mile. */
  projectedMilesAtMaturity: number;
  projectedExcessMiles: number;
  projectedCharge: Cents;
};

/**
 * Where the lessee is heading: the pace from the contract date through the latest reading,
 * extended to maturity. Readings may come in any order; in date order the odometer must not go
 * backwards. A projection needs a reading at least a day after the contract date.
 */
export function projectMileage(input: MileageProjectionInput): MileageProjection {
  const { contractDate, maturityDate, odometerAtContract } = input;
  requireWhole('odometerAtContract', odometerAtContract);
  requireAmount('ratePerMileCents', input.ratePerMileCents);
  const termDays = daysBetween(contractDate, maturityDate);
  if (termDays <= 0)
    throw new LeaseEndError('maturityDate', 'The maturity date must follow the contract date.');

  input.readings.forEach((reading, index) => {
    requireWhole(`readings.${index}.odometer`, reading.odometer);
    if (compareDates(reading.date, contractDate) < 0) {
      throw new LeaseEndError(`readings.${index}.date`, 'The reading precedes the contract date.');
    }
    if (compareDates(reading.date, maturityDate) > 0) {
      throw new LeaseEndError(
        `readings.${index}.date`,
        'The reading is after maturity; figure the turn-in instead.',
      );
    }
    if (reading.odometer < odometerAtContract) {
      throw new LeaseEndError(`readings.${index}.odometer`, 'The reading is below the odometer at contract.');
    }
  });
  const inDateOrder = input.readings
    .map((reading, index) => ({ reading, index }))
    .sort((a, b) => compareDates(a.reading.date, b.reading.date));
  for (let i = 1; i < inDateOrder.length; i++) {
    const earlier = inDateOrder[i - 1]!;
    const later = inDateOrder[i]!;
    if (later.reading.odometer < earlier.reading.odometer) {
      throw new LeaseEndError(
        `readings.${later.index}.odometer`,
        `The odometer goes backwards from ${earlier.reading.odometer} on ${earlier.reading.date}.`,
      );
    }
  }
  const latest = inDateOrder.at(-1)?.reading;
  if (!latest) throw new LeaseEndError('readings', 'A projection needs at least one odometer reading.');
  const daysElapsed = daysBetween(contractDate, latest.date);
  if (daysElapsed === 0) {
    throw new LeaseEndError('readings', 'A projection needs a reading after the contract date.');
  }

  const allowedMiles = mileageAllowance(input.perYearMiles, input.termMonths);
  const milesUsedToDate = latest.odometer - odometerAtContract;
  const projectedMilesAtMaturity = divideNearest(milesUsedToDate * termDays, daysElapsed);
  const projectedExcessMiles = Math.max(0, projectedMilesAtMaturity - allowedMiles);
  return {
    asOf: latest.date,
    milesUsedToDate,
    allowanceToDate: divideUp(allowedMiles * daysElapsed, termDays),
    allowedMiles,
    projectedMilesAtMaturity,
    projectedExcessMiles,
    projectedCharge: multiplyCents(input.ratePerMileCents, projectedExcessMiles),
  };
}

// ── Turn-in and purchase figures ─────────────────────────────────────────────

export type TurnInChargeKind = 'EXCESS_MILEAGE' | 'DISPOSITION_FEE' | 'EXCESS_WEAR' | 'PAST_DUE';
export type TurnInCharge = { kind: TurnInChargeKind; amount: Cents; waived: boolean };
export type TurnInCharges = { items: TurnInCharge[]; total: Cents };

export type TurnInInput = {
  excessMileageCharge: Cents;
  dispositionFeeCents: Cents;
  excessWearCents: Cents;
  pastDueCents: Cents;
  waiveDisposition: boolean;
};

/**
 * What the lessee owes on returning the vehicle, every line listed in a fixed order (a waived
 * disposition fee shows at zero, marked waived, so the statement says why it is not charged).
 */
export function turnInCharges(input: TurnInInput): TurnInCharges {
  requireAmount('excessMileageCharge', input.excessMileageCharge);
  requireAmount('dispositionFeeCents', input.dispositionFeeCents);
  requireAmount('excessWearCents', input.excessWearCents);
  requireAmount('pastDueCents', input.pastDueCents);
  const items: TurnInCharge[] = [
    { kind: 'EXCESS_MILEAGE', amount: input.excessMileageCharge, waived: false },
    {
      kind: 'DISPOSITION_FEE',
      amount: input.waiveDisposition ? ZERO : input.dispositionFeeCents,
      waived: input.waiveDisposition,
    },
    { kind: 'EXCESS_WEAR', amount: input.excessWearCents, waived: false },
    { kind: 'PAST_DUE', amount: input.pastDueCents, waived: false },
  ];
  return { items, total: addCents(...items.map((item) => item.amount)) };
}

export type PurchaseItemKind =
  | 'REMAINING_BASE_PAYMENTS'
  | 'TAX_ON_REMAINING_PAYMENTS'
  | 'RESIDUAL_VALUE'
  | 'UNEARNED_RENT_CHARGE'
  | 'PURCHASE_OPTION_FEE'
  | 'PAST_DUE'
  | 'FEES_DUE';
/** A line of a purchase figure; the unearned rent charge is a negative line (a deduction). */
export type PurchaseItem = { kind: PurchaseItemKind; amount: Cents };
/** Sales tax on the purchase itself is the state's to levy at titling and is never in `total`. */
export type PurchaseQuote = { items: PurchaseItem[]; total: Cents };

/** The purchase option price at maturity (Reg M §1013.4(i)): residual value plus the purchase-option fee. */
export function purchaseOptionAtMaturity(input: {
  residualValueCents: Cents;
  purchaseOptionFeeCents: Cents;
}): PurchaseQuote {
  requireAmount('residualValueCents', input.residualValueCents);
  requireAmount('purchaseOptionFeeCents', input.purchaseOptionFeeCents);
  const items: PurchaseItem[] = [
    { kind: 'RESIDUAL_VALUE', amount: input.residualValueCents },
    { kind: 'PURCHASE_OPTION_FEE', amount: input.purchaseOptionFeeCents },
  ];
  return { items, total: addCents(...items.map((item) => item.amount)) };
}

export type EarlyPurchaseInput = {
  remainingBasePayments: number;
  basePaymentCents: Cents;
  /**
   * Tax on each remaining payment, only where the contract collects it in a payoff; omitted, none is
   * charged. This is the lease's use tax, not the sales tax on the purchase, which is never included.
   */
  monthlyTaxCents?: Cents;
  residualValueCents: Cents;
  /** The rent charge of the remaining periods, from `unearnedRentCharge`. */
  rentChargeRemainingCents: Cents;
  purchaseOptionFeeCents: Cents;
  pastDueCents: Cents;
  feesDueCents: Cents;
};

/**
 * The captive lenders' early buyout: remaining base payments + residual − unearned rent charge +
 * purchase-option fee + past due + fees due. Rent for periods not yet begun is not owed by a lessee
 * who buys early. Sales tax on the purchase is not included: the state assesses it at titling.
 * Figured on a payment due date, before that date's payment; with no payments remaining it is the
 * purchase option price at maturity plus past due and fees.
 */
export function earlyPurchaseQuote(input: EarlyPurchaseInput): PurchaseQuote {
  requireWhole('remainingBasePayments', input.remainingBasePayments);
  requireAmount('basePaymentCents', input.basePaymentCents);
  requireAmount('residualValueCents', input.residualValueCents);
  requireAmount('purchaseOptionFeeCents', input.purchaseOptionFeeCents);
  requireAmount('pastDueCents', input.pastDueCents);
  requireAmount('feesDueCents', input.feesDueCents);
  const remaining = input.remainingBasePayments;
  const items: PurchaseItem[] = [
    { kind: 'REMAINING_BASE_PAYMENTS', amount: multiplyCents(input.basePaymentCents, remaining) },
  ];
  if (input.monthlyTaxCents !== undefined) {
    requireAmount('monthlyTaxCents', input.monthlyTaxCents);
    items.push({
      kind: 'TAX_ON_REMAINING_PAYMENTS',
      amount: multiplyCents(input.monthlyTaxCents, remaining),
    });
  }
  items.push(
    { kind: 'RESIDUAL_VALUE', amount: input.residualValueCents },
    { kind: 'UNEARNED_RENT_CHARGE', amount: negateCents(input.rentChargeRemainingCents) },
    { kind: 'PURCHASE_OPTION_FEE', amount: input.purchaseOptionFeeCents },
    { kind: 'PAST_DUE', amount: input.pastDueCents },
    { kind: 'FEES_DUE', amount: input.feesDueCents },
  );
  return { items, total: addCents(...items.map((item) => item.amount)) };
}

// ── Actuarial lease balance ──────────────────────────────────────────────────

/** The disclosed figures the actuarial schedule is solved from (see `discloseLease`). */
export type LeaseBalanceTerms = {
  adjustedCapCost: Cents;
  residualValue: Cents;
  /** The base monthly payment, without tax. */
  basePayment: Cents;
  termMonths: number;
};

export type LeaseBalancePeriod = {
  period: number;
  rentCharge: Cents;
  /** The part of the period's base payment that reduces the balance: base payment − rent charge. */
  depreciation: Cents;
  balanceAfter: Cents;
};

function validateBalanceTerms(terms: LeaseBalanceTerms): void {
  requireWhole('termMonths', terms.termMonths, 1);
  requireAmount('residualValue', terms.residualValue);
  requireWhole('basePayment', terms.basePayment, 1);
  if (terms.adjustedCapCost <= terms.residualValue) {
    throw new LeaseEndError(
      'adjustedCapCost',
      'The adjusted capitalized cost must exceed the residual value.',
    );
  }
}

/** The disclosed rent charge: total of base payments − depreciation (Reg M §1013.4(f)(6)). */
function disclosedRentCharge(terms: LeaseBalanceTerms): Cents {
  return subtractCents(
    multiplyCents(terms.basePayment, terms.termMonths),
    subtractCents(terms.adjustedCapCost, terms.residualValue),
  );
}

/**
 * The balance owed at the end of the term for a monthly rate r, and its derivative in r. Payments
 * are in advance (an annuity due): each period's payment, the first at signing, comes off the
 * balance before that period's rent accrues, so balanceₖ = (balanceₖ₋₁ − B)(1 + r) from
 * balance₀ = A. It equals the residual exactly at the lease's implied rate.
 */
function endBalance(terms: LeaseBalanceTerms, rate: Decimal): { value: Decimal; slope: Decimal } {
  const growth = rate.plus(1);
  let balance = decimal(terms.adjustedCapCost);
  let slope = decimal(0);
  for (let period = 1; period <= terms.termMonths; period++) {
    const afterPayment = balance.minus(terms.basePayment);
    slope = slope.mul(growth).plus(afterPayment);
    balance = afterPayment.mul(growth);
  }
  return { value: balance, slope };
}

const RATE_TOLERANCE = decimal('1e-32');

/**
 * The constant monthly rate (yield) at which the base payments, paid in advance, amortize the
 * adjusted capitalized cost down to the residual value. The money factor only approximates it
 * (rate ≈ 2 × money factor); this is the rate the payment actually carries. Safeguarded Newton:
 * a Newton step, or a bisection whenever the step leaves the bracket known to hold the root.
 */
export function leaseImpliedMonthlyRate(terms: LeaseBalanceTerms): Decimal {
  validateBalanceTerms(terms);
  const rent = disclosedRentCharge(terms);
  if (rent === 0) return decimal(0);
  const residual = decimal(terms.residualValue);
  const gap = (rate: Decimal) => endBalance(terms, rate).value.minus(residual);
  // The end balance rises with the rate; at 0 it falls short of the residual by exactly the rent.
  let low = decimal(rent > 0 ? 0 : -0.01);
  let high = decimal(rent > 0 ? 0.01 : 0);
  for (let i = 0; rent > 0 && gap(high).lte(0); i++) {
    if (i === 20) throw new Error('Lease rate not bracketed');
    high = high.mul(2);
  }
  for (let i = 0; rent < 0 && gap(low).gte(0); i++) {
    if (i === 20) throw new Error('Lease rate not bracketed');
    low = low.minus(1).div(2);
  }
  const n = terms.termMonths;
  let rate = Decimal.max(
    low,
    Decimal.min(high, decimal(rent).mul(2).div(n).div(addCents(terms.adjustedCapCost, terms.residualValue))),
  );
  for (let i = 0; i < 200; i++) {
    const { value, slope } = endBalance(terms, rate);
    const miss = value.minus(residual);
    if (miss.isZero()) return rate;
    if (miss.isNeg()) low = rate;
    else high = rate;
    let next = slope.isZero() ? low.plus(high).div(2) : rate.minus(miss.div(slope));
    if (next.lte(low) || next.gte(high)) next = low.plus(high).div(2);
    if (next.minus(rate).abs().lt(RATE_TOLERANCE)) return next;
    rate = next;
  }
  throw new Error('Lease rate did not converge');
}

/**
 * The lease balance by the actuarial (constant-yield) method, period by period. Each period's rent
 * charge is (balance − that period's payment) × the implied rate, rounded half up to the cent on the
 * rounded running balance; the last period takes the residue, so the rent charges add up to the
 * disclosed rent charge exactly and the balance after the last period is the residual exactly.
 */
export function leaseBalanceSchedule(terms: LeaseBalanceTerms): LeaseBalancePeriod[] {
  const rate = leaseImpliedMonthlyRate(terms);
  const totalRent = disclosedRentCharge(terms);
  const schedule: LeaseBalancePeriod[] = [];
  let balance = terms.adjustedCapCost;
  let rentSoFar = ZERO;
  for (let period = 1; period <= terms.termMonths; period++) {
    // A lease's rent charge is its finance charge: the same per-period rule as a disclosed loan schedule.
    const rentCharge =
      period === terms.termMonths
        ? subtractCents(totalRent, rentSoFar)
        : roundScheduledInterest(decimal(subtractCents(balance, terms.basePayment)).mul(rate));
    const depreciation = subtractCents(terms.basePayment, rentCharge);
    balance = subtractCents(balance, depreciation);
    rentSoFar = addCents(rentSoFar, rentCharge);
    schedule.push({ period, rentCharge, depreciation, balanceAfter: balance });
  }
  return schedule;
}

/**
 * The rent charge of the last `remainingBasePayments` periods of the actuarial schedule: on a
 * payment due date before that date's payment, the periods not yet begun, whose rent is not earned.
 */
export function unearnedRentCharge(terms: LeaseBalanceTerms, remainingBasePayments: number): Cents {
  requireWhole('remainingBasePayments', remainingBasePayments);
  if (remainingBasePayments > terms.termMonths) {
    throw new LeaseEndError('remainingBasePayments', 'More payments remain than the term has.');
  }
  const schedule = leaseBalanceSchedule(terms);
  return addCents(...schedule.slice(terms.termMonths - remainingBasePayments).map((row) => row.rentCharge));
}
