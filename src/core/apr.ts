import {
  addDays,
  addMonthsOnDueDay,
  type CalendarDate,
  compareDates,
  dateParts,
  daysBetween,
  isCalendarDate,
} from './dates.ts';
import { type Decimal, decimal } from './decimal.ts';
import { type Cents, cents, formatUsd } from './money.ts';
import { roundPercentForDisplay } from './rounding.ts';

/**
 * The annual percentage rate of a closed-end transaction by the actuarial method of Regulation Z,
 * Appendix J (12 CFR 1026, App. J), and the accuracy tolerances of §1026.22(a)(2)–(3).
 *
 * The transaction is given as advances (money the consumer receives) and streams of equal payments.
 * The term begins on the earliest advance: the portal assumes the finance charge is earned from
 * consummation and that consummation is the first advance (App. J (b)(2)).
 */

export const PAYMENT_FREQUENCIES = [
  'weekly',
  'biweekly',
  'four-weekly',
  'semimonthly',
  'monthly',
  'bimonthly',
  'quarterly',
  'semiannual',
  'annual',
  'single',
] as const;
export type PaymentFrequency = (typeof PAYMENT_FREQUENCIES)[number];

export type Advance = { amount: Cents; date: CalendarDate };

/**
 * `count` payments of `amount`, the first on `firstDate`. Monthly-based streams fall on the day of
 * month of `firstDate` (29–31 roll to the last day of a shorter month); weekly-based streams every
 * 7, 14 or 28 days; a semimonthly stream alternates between the day of `firstDate` and the day 15
 * days apart from it in the same month (1st & 16th, 15th & 30th, 5th & 20th...). A `single` stream
 * is one payment.
 */
export type PaymentStream = {
  amount: Cents;
  count: number;
  firstDate: CalendarDate;
  frequency: PaymentFrequency;
};

export type AprResult = {
  /** The APR in percent, half up to two decimals ("6.49"), as disclosed. */
  aprPercent: string;
  /**
   * Unit-periods per year (App. J (b)(5)): 52 / weeks, 24, 12 / months, 365 for a day. A single
   * advance repaid by a single payment within a year has a fractional count (12 / months or 365 / days).
   */
  unitPeriodsPerYear: number;
  /** The unrounded APR in percent, accurate to better than 1e-10 percentage points. */
  exact: Decimal;
};

/** A transaction that has no APR (or cannot be one). `field` is the path of the offending input. */
export class AprError extends Error {
  override name = 'AprError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const MAX_PAYMENTS_PER_STREAM = 600;

/** §1026.22(a)(2): 1/8 of 1 percentage point; (a)(3): 1/4 for an irregular transaction. */
const REGULAR_TOLERANCE_PERCENT = decimal('0.125');
const IRREGULAR_TOLERANCE_PERCENT = decimal('0.25');

/** The solver stops when an iteration moves the APR by less than this many percentage points. */
const CONVERGED_PERCENT = decimal('1e-10');

/**
 * The standard intervals of time of App. J (b)(3)(iii): a day, a week, a semimonth, a month, or a
 * multiple of a week or a month up to one year. A unit-period is always one of them.
 */
type UnitPeriod =
  | { kind: 'day' }
  | { kind: 'week'; weeks: number }
  | { kind: 'semimonth' }
  | { kind: 'month'; months: number };

const FREQUENCY_UNIT: Record<PaymentFrequency, UnitPeriod | undefined> = {
  weekly: { kind: 'week', weeks: 1 },
  biweekly: { kind: 'week', weeks: 2 },
  'four-weekly': { kind: 'week', weeks: 4 },
  semimonthly: { kind: 'semimonth' },
  monthly: { kind: 'month', months: 1 },
  bimonthly: { kind: 'month', months: 2 },
  quarterly: { kind: 'month', months: 3 },
  semiannual: { kind: 'month', months: 6 },
  annual: { kind: 'month', months: 12 },
  single: undefined,
};

function unitKey(unit: UnitPeriod): string {
  switch (unit.kind) {
    case 'day':
      return 'day';
    case 'week':
      return `week×${unit.weeks}`;
    case 'semimonth':
      return 'semimonth';
    case 'month':
      return `month×${unit.months}`;
  }
}

/** A length in days used only to compare unit-periods (ties, averages): a month is 365/12 days. */
function nominalDays(unit: UnitPeriod): number {
  switch (unit.kind) {
    case 'day':
      return 1;
    case 'week':
      return 7 * unit.weeks;
    case 'semimonth':
      return 365 / 24;
    case 'month':
      return (365 / 12) * unit.months;
  }
}

/** App. J (b)(5)(ii)–(iv): 365 days, 52 / weeks, 24 semimonths, 12 / months a year. */
function unitsPerYear(unit: UnitPeriod): Decimal {
  switch (unit.kind) {
    case 'day':
      return decimal(365);
    case 'week':
      return decimal(52).div(unit.weeks);
    case 'semimonth':
      return decimal(24);
    case 'month':
      return decimal(12).div(unit.months);
  }
}

/** Every standard interval, shortest first: the candidates when no period is common (App. J (b)(4)(i)(B)). */
const STANDARD_INTERVALS: UnitPeriod[] = (
  [
    { kind: 'day' },
    ...Array.from({ length: 52 }, (_, i): UnitPeriod => ({ kind: 'week', weeks: i + 1 })),
    { kind: 'semimonth' },
    ...Array.from({ length: 12 }, (_, i): UnitPeriod => ({ kind: 'month', months: i + 1 })),
  ] satisfies UnitPeriod[]
).sort((a, b) => nominalDays(a) - nominalDays(b));

/** A date that is due on `dueDay` of its month (29–31 stand for the last day of a shorter month). */
type DueDate = { date: CalendarDate; dueDay: number };

function dueOnItsDay(date: CalendarDate): DueDate {
  return { date, dueDay: dateParts(date).day };
}

/**
 * The `k`-th scheduled date of a stream (k = 0 is `firstDate`; k = −1 is the date one step before it,
 * used to recognize the period that leads into a stream). Undefined for a step a single payment lacks.
 */
function scheduledDate(stream: PaymentStream, k: number): DueDate | undefined {
  const first = stream.firstDate;
  const day = dateParts(first).day;
  switch (stream.frequency) {
    case 'weekly':
    case 'biweekly':
    case 'four-weekly': {
      const unit = FREQUENCY_UNIT[stream.frequency];
      const weeks = unit?.kind === 'week' ? unit.weeks : 1;
      return dueOnItsDay(addDays(first, 7 * weeks * k));
    }
    case 'semimonthly': {
      // Two due days 15 days apart in each month: the day of firstDate and day ± 15. Position p
      // counts half-months from the low half of firstDate's month (even p: low day, odd: high day).
      const low = day <= 15 ? day : day - 15;
      const p = k + (day <= 15 ? 0 : 1);
      const dueDay = p % 2 === 0 ? low : low + 15;
      return { date: addMonthsOnDueDay(first, Math.floor(p / 2), dueDay), dueDay };
    }
    case 'monthly':
    case 'bimonthly':
    case 'quarterly':
    case 'semiannual':
    case 'annual': {
      const unit = FREQUENCY_UNIT[stream.frequency];
      const months = unit?.kind === 'month' ? unit.months : 1;
      return { date: addMonthsOnDueDay(first, months * k, day), dueDay: day };
    }
    case 'single':
      return k === 0 ? dueOnItsDay(first) : undefined;
  }
}

/** A payment of the expanded schedule, remembering its stream and place in it. */
type ScheduledPayment = DueDate & { amount: Cents; stream: number; index: number };

function expandStreams(payments: PaymentStream[]): ScheduledPayment[] {
  const schedule: ScheduledPayment[] = [];
  payments.forEach((stream, s) => {
    for (let index = 0; index < stream.count; index++) {
      const due = scheduledDate(stream, index);
      if (due) schedule.push({ ...due, amount: stream.amount, stream: s, index });
    }
  });
  return schedule.sort((a, b) => compareDates(a.date, b.date) || a.stream - b.stream || a.index - b.index);
}

/**
 * Full months from `from` to `to`, measured back from the later date on its due day (App. J (b)(3)(iv),
 * (b)(5)(ii)): the largest m with `to` − m months ≥ `from`.
 */
function fullMonthsBack(from: CalendarDate, to: DueDate): number {
  const a = dateParts(from);
  const b = dateParts(to.date);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  while (months > 0 && compareDates(addMonthsOnDueDay(to.date, -months, to.dueDay), from) < 0) months--;
  return Math.max(months, 0);
}

/** The standard interval a period is exactly equal to, by the calendar; undefined for an odd period. */
function calendarInterval(from: CalendarDate, to: DueDate): UnitPeriod | undefined {
  const months = fullMonthsBack(from, to);
  if (months >= 1 && months <= 12 && addMonthsOnDueDay(to.date, -months, to.dueDay) === from) {
    return { kind: 'month', months };
  }
  const days = daysBetween(from, to.date);
  if (days % 7 === 0 && days >= 7 && days <= 364) return { kind: 'week', weeks: days / 7 };
  if (days === 1) return { kind: 'day' };
  return undefined;
}

/** A period of App. J (b)(3)(i): the interval between two advances, two payments, or the term start and one. */
type Period = { days: number; unit: UnitPeriod | undefined };

/** Payments due the same day, together: one payment for counting periods and amounts. */
type PaymentDate = { date: CalendarDate; amount: number; members: ScheduledPayment[] };

function groupByDate(schedule: ScheduledPayment[]): PaymentDate[] {
  const dates: PaymentDate[] = [];
  for (const payment of schedule) {
    const last = dates.at(-1);
    if (last?.date === payment.date) {
      last.amount += payment.amount;
      last.members.push(payment);
    } else {
      dates.push({ date: payment.date, amount: payment.amount, members: [payment] });
    }
  }
  return dates;
}

/**
 * The period from `from` to the payment date `to`. A period that is one step of a stream (into the
 * stream's next payment, or the step that leads into its first payment) is that stream's frequency,
 * so a semimonth is recognized although its length in days varies; any other period is a standard
 * interval only when the calendar makes it exactly one.
 */
function paymentPeriod(streams: PaymentStream[], from: PaymentDate | CalendarDate, to: PaymentDate): Period {
  const fromDate = typeof from === 'string' ? from : from.date;
  const days = daysBetween(fromDate, to.date);
  for (const member of to.members) {
    const stream = streams[member.stream];
    if (stream && scheduledDate(stream, member.index - 1)?.date === fromDate) {
      return { days, unit: FREQUENCY_UNIT[stream.frequency] };
    }
  }
  if (typeof from !== 'string') {
    for (const member of from.members) {
      const stream = streams[member.stream];
      if (stream && scheduledDate(stream, member.index + 1)?.date === to.date) {
        return { days, unit: FREQUENCY_UNIT[stream.frequency] };
      }
    }
  }
  const [first] = to.members;
  return { days, unit: first ? calendarInterval(fromDate, first) : undefined };
}

/** Periods between distinct advance dates (App. J (b)(3)(i)). */
function advancePeriods(advances: Advance[]): Period[] {
  const dates = [...new Set(advances.map((a) => a.date))].sort(compareDates);
  const periods: Period[] = [];
  for (let i = 1; i < dates.length; i++) {
    const from = dates[i - 1];
    const to = dates[i];
    if (from === undefined || to === undefined) continue;
    periods.push({ days: daysBetween(from, to), unit: calendarInterval(from, dueOnItsDay(to)) });
  }
  return periods;
}

/**
 * App. J (b)(4)(i): the unit-period is the common period (one that occurs more than once) not over a
 * year that occurs most often; of two as frequent, the shorter (A). With no common period, the average
 * of all periods rounded to the nearest standard interval, the shorter when equally near (B).
 *
 * Only a standard interval can be common here: an odd period (say 40 days) that happens to recur has no
 * (b)(5) rule to count it by, so it only enters the average.
 */
function chooseUnitPeriod(periods: Period[]): UnitPeriod {
  const counts = new Map<string, { unit: UnitPeriod; count: number }>();
  for (const { unit } of periods) {
    if (!unit) continue;
    const key = unitKey(unit);
    const entry = counts.get(key) ?? { unit, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { unit: UnitPeriod; count: number } | undefined;
  for (const entry of counts.values()) {
    if (entry.count < 2) continue;
    if (
      !best ||
      entry.count > best.count ||
      (entry.count === best.count && nominalDays(entry.unit) < nominalDays(best.unit))
    ) {
      best = entry;
    }
  }
  if (best) return best.unit;

  const average = periods.reduce((sum, p) => sum + p.days, 0) / Math.max(periods.length, 1);
  let nearest: UnitPeriod = { kind: 'day' };
  let distance = Number.POSITIVE_INFINITY;
  for (const unit of STANDARD_INTERVALS) {
    const d = Math.abs(nominalDays(unit) - average);
    if (d < distance) {
      nearest = unit;
      distance = d;
    }
  }
  return nearest;
}

/** Whole unit-periods t and fraction f of one from the term start to a date (App. J (b)(5)). */
type Time = { t: number; f: Decimal };

function timeFromStart(start: CalendarDate, to: DueDate, unit: UnitPeriod): Time {
  const days = daysBetween(start, to.date);
  switch (unit.kind) {
    // (b)(5)(iv): a day, a week or a multiple of a week count actual days.
    case 'day':
      return { t: days, f: decimal(0) };
    case 'week': {
      const length = 7 * unit.weeks;
      return { t: Math.floor(days / length), f: decimal(days % length).div(length) };
    }
    case 'semimonth':
    case 'month': {
      const months = fullMonthsBack(start, to);
      const remainingDays = daysBetween(start, addMonthsOnDueDay(to.date, -months, to.dueDay));
      if (unit.kind === 'month' && unit.months === 12) {
        // (b)(5)(v): full years measured back from the later date; the rest is months / 12 when it
        // is a whole number of months, otherwise its days / 365.
        const years = Math.floor(months / 12);
        const f =
          remainingDays === 0
            ? decimal(months - 12 * years).div(12)
            : decimal(daysBetween(start, addMonthsOnDueDay(to.date, -12 * years, to.dueDay))).div(365);
        return { t: years, f };
      }
      // (b)(5)(ii)–(iii): every full month counts as 30 days, plus the remaining days; divided by 15
      // for a semimonth, by 30 × months otherwise. So a month and N days is 1 + N/30 monthly periods.
      const length = unit.kind === 'semimonth' ? 15 : 30 * unit.months;
      const total = 30 * months + remainingDays;
      return { t: Math.floor(total / length), f: decimal(total % length).div(length) };
    }
  }
}

/** One amount of the general equation, + for a payment and − for an advance, at time (t, f). */
type Flow = { amount: Decimal; t: number; f: Decimal };

/**
 * App. J (b)(8): Σ payments / ((1 + f·i)(1 + i)^t) − Σ advances / ((1 + f·i)(1 + i)^t), and its
 * derivative in i. The fraction of a unit-period earns simple interest at f·i (b)(6).
 * `flows` are sorted by t, so the discount 1 / (1 + i)^t is built up from the previous one.
 */
function netPresentValue(flows: Flow[], i: Decimal): { value: Decimal; slope: Decimal } {
  // Multiplying by powers of v = 1 / (1 + i) keeps divisions, the slow Decimal operation, few.
  const v = decimal(1).div(i.plus(1));
  let discount = decimal(1);
  let discountOf = 0;
  // Payments of one stream share their fraction f, so 1 / (1 + f·i) is reused while f stays the same.
  let oddOf = decimal(0);
  let odd = decimal(1);
  let value = decimal(0);
  let slope = decimal(0);
  for (const flow of flows) {
    if (flow.t !== discountOf) {
      discount = discount.mul(v.pow(flow.t - discountOf));
      discountOf = flow.t;
    }
    if (!flow.f.eq(oddOf)) {
      odd = decimal(1).div(flow.f.mul(i).plus(1));
      oddOf = flow.f;
    }
    const present = flow.amount.mul(discount).mul(odd);
    // d/di [A / ((1 + f·i)(1 + i)^t)] = −A / ((1 + f·i)(1 + i)^t) × (t / (1 + i) + f / (1 + f·i))
    const sensitivity = v.mul(flow.t).plus(flow.f.mul(odd));
    value = value.plus(present);
    slope = slope.minus(present.mul(sensitivity));
  }
  return { value, slope };
}

/**
 * Newton's method on the same equation in binary floating point: a starting point for the exact
 * solver, never an answer on its own. Undefined when it does not settle on a non-negative root.
 */
function floatRoot(flows: Flow[], guess: number): number | undefined {
  const numeric = flows.map((flow) => ({ amount: flow.amount.toNumber(), t: flow.t, f: flow.f.toNumber() }));
  let i = guess;
  for (let iteration = 0; iteration < 60; iteration++) {
    let value = 0;
    let slope = 0;
    for (const flow of numeric) {
      const present = flow.amount / ((1 + flow.f * i) * (1 + i) ** flow.t);
      value += present;
      slope -= present * (flow.t / (1 + i) + flow.f / (1 + flow.f * i));
    }
    const next = i - value / slope;
    if (!Number.isFinite(next) || next < 0) return undefined;
    if (Math.abs(next - i) <= 1e-15 * Math.max(1, Math.abs(next))) return next;
    i = next;
  }
  return undefined;
}

/**
 * The unit-period rate i ≥ 0 at which the advances and payments balance (App. J (b)(9) allows any
 * iteration). Newton–Raphson, kept inside a bracket [low, high] with value(low) > 0 > value(high) and
 * falling back to halving the bracket whenever a Newton step would leave it.
 */
function solveUnitRate(flows: Flow[], perYear: Decimal, guess: Decimal): Decimal {
  // Fast path: find the root in binary floating point first, then take one exact Newton step from
  // it; when that step moves the APR by less than the tolerance, the exact answer is the same as the
  // bracketed iteration below would give, for a fifth of the exact evaluations.
  const seed = floatRoot(flows, guess.toNumber());
  if (seed !== undefined) {
    const start = decimal(seed);
    const { value, slope } = netPresentValue(flows, start);
    if (!slope.isZero()) {
      const next = start.minus(value.div(slope));
      if (next.gte(0) && next.minus(start).abs().mul(perYear).mul(100).lt(CONVERGED_PERCENT)) return next;
    }
  }
  let low = decimal(0);
  let high = decimal(1);
  // At i = 0 the value is the finance charge (> 0 here); as i grows the first advance, undiscounted,
  // dominates, so doubling finds a rate where the value is negative.
  for (let doublings = 0; netPresentValue(flows, high).value.gt(0); doublings++) {
    if (doublings > 64) throw new AprError('payments', 'These payments imply no finite APR.');
    low = high;
    high = high.mul(2);
  }
  let i = guess.gt(low) && guess.lt(high) ? guess : low.plus(high).div(2);
  for (let iteration = 0; iteration < 500; iteration++) {
    const { value, slope } = netPresentValue(flows, i);
    if (value.isZero()) return i;
    if (value.gt(0)) low = i;
    else high = i;
    let next = slope.isZero() ? low.plus(high).div(2) : i.minus(value.div(slope));
    if (!(next.gt(low) && next.lt(high))) next = low.plus(high).div(2);
    const moved = next.minus(i).abs().mul(perYear).mul(100);
    i = next;
    if (moved.lt(CONVERGED_PERCENT)) return i;
  }
  throw new Error('The APR iteration did not converge');
}

function validate(advances: Advance[], payments: PaymentStream[]): void {
  if (advances.length === 0) throw new AprError('advances', 'At least one advance is required.');
  advances.forEach((advance, i) => {
    if (!Number.isSafeInteger(advance.amount) || advance.amount <= 0) {
      throw new AprError(`advances.${i}.amount`, 'An advance must be a positive whole number of cents.');
    }
    if (typeof advance.date !== 'string' || !isCalendarDate(advance.date)) {
      throw new AprError(`advances.${i}.date`, 'An advance date must be a calendar date (YYYY-MM-DD).');
    }
  });
  if (payments.length === 0) throw new AprError('payments', 'At least one payment is required.');
  const firstAdvance = termStart(advances);
  payments.forEach((stream, i) => {
    if (!Number.isSafeInteger(stream.amount) || stream.amount <= 0) {
      throw new AprError(`payments.${i}.amount`, 'A payment must be a positive whole number of cents.');
    }
    if (!Number.isSafeInteger(stream.count) || stream.count < 1 || stream.count > MAX_PAYMENTS_PER_STREAM) {
      throw new AprError(
        `payments.${i}.count`,
        `The number of payments must be a whole number from 1 to ${MAX_PAYMENTS_PER_STREAM}.`,
      );
    }
    if (!(PAYMENT_FREQUENCIES as readonly string[]).includes(stream.frequency)) {
      throw new AprError(
        `payments.${i}.frequency`,
        `The payment frequency must be one of ${PAYMENT_FREQUENCIES.join(', ')}.`,
      );
    }
    if (stream.frequency === 'single' && stream.count !== 1) {
      throw new AprError(`payments.${i}.count`, 'A single payment has a count of 1.');
    }
    if (typeof stream.firstDate !== 'string' || !isCalendarDate(stream.firstDate)) {
      throw new AprError(`payments.${i}.firstDate`, 'A payment date must be a calendar date (YYYY-MM-DD).');
    }
    if (compareDates(stream.firstDate, firstAdvance) <= 0) {
      throw new AprError(
        `payments.${i}.firstDate`,
        `Payments must fall after the first advance (${firstAdvance}), when the term begins.`,
      );
    }
  });
  const advanced = advances.reduce((sum, a) => sum.plus(a.amount), decimal(0));
  const repaid = payments.reduce((sum, p) => sum.plus(decimal(p.amount).mul(p.count)), decimal(0));
  if (repaid.lt(advanced)) {
    throw new AprError(
      'payments',
      `The payments total ${usd(repaid)}, less than the ${usd(advanced)} advanced: a negative finance charge has no APR.`,
    );
  }
}

function usd(amountInCents: Decimal): string {
  const n = amountInCents.toNumber();
  return Number.isSafeInteger(n) ? formatUsd(cents(n)) : `$${amountInCents.div(100).toFixed(2)}`;
}

function termStart(advances: Advance[]): CalendarDate {
  return advances.map((a) => a.date).reduce((a, b) => (compareDates(a, b) <= 0 ? a : b));
}

/**
 * The APR of a transaction by the actuarial method of Regulation Z, Appendix J.
 *
 * - Term: from the earliest advance to the last payment (or a later advance) (b)(2).
 * - Unit-period: the most frequent common period among the periods between payments, between
 *   advances and from the term start to the first payment (b)(3)–(4); see `chooseUnitPeriod`.
 * - Time to each payment and later advance: whole unit-periods plus a fraction (b)(5); see `timeFromStart`.
 * - A single advance repaid by a single payment (b)(4)(ii), (b)(5)(vi)–(vii): the unit-period is the
 *   term, up to a year. A term under a year is one unit-period, with 12 / months of them a year when
 *   the term is a whole number of months (the first option of (vi)) and 365 / days otherwise (vii);
 *   a longer term has a unit-period of a year, counted by (b)(5)(v).
 * - The rate: the general equation (b)(8) solved for the unit-period rate i; APR = i × unit-periods
 *   per year (b)(1), shown half up to two decimals.
 *
 * Throws AprError for input that has no APR: no advances or payments, amounts that are not positive
 * whole cents, counts outside 1–600, payments on or before the first advance, or payments totalling
 * less than the advances (a negative finance charge). Payments equal to the advances give 0.00.
 */
export function computeApr(advances: Advance[], payments: PaymentStream[]): AprResult {
  validate(advances, payments);
  const schedule = expandStreams(payments);
  const { perYear, timeTo } = measureTime(advances, payments, schedule);
  const flows: Flow[] = [
    ...advances.map((a) => ({ amount: decimal(a.amount).neg(), ...timeTo(dueOnItsDay(a.date)) })),
    ...schedule.map((p) => ({ amount: decimal(p.amount), ...timeTo(p) })),
  ].sort((a, b) => a.t - b.t);

  const advanced = advances.reduce((sum, a) => sum.plus(a.amount), decimal(0));
  const financeCharge = schedule.reduce((sum, p) => sum.plus(p.amount), decimal(0)).minus(advanced);
  let rate = decimal(0);
  if (!financeCharge.isZero()) {
    // The usual first guess for a level-payment loan: 2 × finance charge / (advanced × (payments + 1)).
    const guess = financeCharge.mul(2).div(advanced.mul(schedule.length + 1));
    rate = solveUnitRate(flows, perYear, guess);
  }
  const exact = rate.mul(perYear).mul(100);
  return { aprPercent: roundPercentForDisplay(exact), unitPeriodsPerYear: perYear.toNumber(), exact };
}

/** How a transaction counts time: unit-periods a year, and the (t, f) of each date from the term start. */
type TimeScale = { perYear: Decimal; timeTo: (to: DueDate) => Time };

function measureTime(
  advances: Advance[],
  payments: PaymentStream[],
  schedule: ScheduledPayment[],
): TimeScale {
  const start = termStart(advances);
  const [onlyPayment] = schedule;
  const isSingleAdvance = new Set(advances.map((a) => a.date)).size === 1;
  if (!isSingleAdvance || schedule.length !== 1 || !onlyPayment) {
    const dates = groupByDate(schedule);
    const periods = [
      ...advancePeriods(advances),
      ...dates.map((date, n) => paymentPeriod(payments, dates[n - 1] ?? start, date)),
    ];
    const unit = chooseUnitPeriod(periods);
    return { perYear: unitsPerYear(unit), timeTo: (to) => timeFromStart(start, to, unit) };
  }
  // A single advance and a single payment (b)(4)(ii): the unit-period is the term, up to a year.
  const months = fullMonthsBack(start, onlyPayment);
  if (months >= 12) {
    const year: UnitPeriod = { kind: 'month', months: 12 };
    return { perYear: decimal(1), timeTo: (to) => timeFromStart(start, to, year) };
  }
  // (b)(5)(vi)–(vii): a shorter term is one unit-period; 12 / months of them a year when the term is a
  // whole number of months, 365 / days otherwise.
  const isWholeMonths =
    months > 0 && addMonthsOnDueDay(onlyPayment.date, -months, onlyPayment.dueDay) === start;
  return {
    perYear: isWholeMonths ? decimal(12).div(months) : decimal(365).div(daysBetween(start, onlyPayment.date)),
    timeTo: (to) => ({ t: to.date === start ? 0 : 1, f: decimal(0) }),
  };
}

/**
 * §1026.22(a)(3): an irregular transaction has multiple advances, irregular payment periods or
 * irregular payment amounts — other than an irregular first period or an irregular first or final
 * payment. So a first payment earlier or later than the rest, or a first or last payment of another
 * amount (a balloon), leaves a transaction regular; a step-up schedule or a skipped month does not.
 */
export function isIrregular(advances: Advance[], payments: PaymentStream[]): boolean {
  validate(advances, payments);
  // Advances on one day are one advance in effect.
  if (new Set(advances.map((a) => a.date)).size > 1) return true;
  const dates = groupByDate(expandStreams(payments));
  const inner = dates.slice(1, -1).map((d) => d.amount);
  if (inner.some((amount) => amount !== inner[0])) return true;
  // Periods between payments; the first period (advance to first payment) may be odd.
  const kinds = new Set<string>();
  for (let n = 1; n < dates.length; n++) {
    const from = dates[n - 1];
    const to = dates[n];
    if (!from || !to) continue;
    const period = paymentPeriod(payments, from, to);
    kinds.add(period.unit ? unitKey(period.unit) : `${period.days} days`);
  }
  return kinds.size > 1;
}

/**
 * §1026.22(a)(2)–(3), checked at boarding: a disclosed APR is accurate when it is within 1/8 of 1
 * percentage point of the APR computed by Appendix J, or 1/4 for an irregular transaction. The
 * comparison is with the unrounded APR, so exactly 1/8 (or 1/4) away is still accurate.
 */
export function isAprWithinTolerance(
  disclosedPercent: string,
  computed: AprResult,
  irregular: boolean,
): boolean {
  if (!/^\d+(\.\d+)?$/.test(disclosedPercent.trim())) {
    throw new AprError('disclosedPercent', `Not a percentage such as "6.49": "${disclosedPercent}".`);
  }
  const tolerance = irregular ? IRREGULAR_TOLERANCE_PERCENT : REGULAR_TOLERANCE_PERCENT;
  return decimal(disclosedPercent.trim()).minus(computed.exact).abs().lte(tolerance);
}
