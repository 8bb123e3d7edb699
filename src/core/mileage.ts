import { type CalendarDate, compareDates, daysBetween } from './dates.ts';
import { type MileageProjection, mileageAllowance, projectMileage } from './lease-end.ts';
import type { Cents } from './money.ts';

/**
 * Odometer readings a customer reports, and the lease mileage tracker built on them. The
 * projection itself (allowance to date, pace to maturity, excess charge) is `projectMileage` in
 * lease-end.ts; this adds what the portal needs around it: which reports to accept, and a tracker
 * that also stands when no reading has been reported yet.
 */
export type ReportedReading = { readOn: CalendarDate; miles: number };

/** No car covers more than this in a day; a bigger jump is a typing slip (an extra digit). */
export const MAX_MILES_PER_DAY = 5_000;

export type ReadingProblem = { field: 'miles' | 'readOn'; code: string; message: string };

export type ReadingCheckInput = {
  reading: ReportedReading;
  today: CalendarDate;
  contractDate: CalendarDate;
  odometerAtContract: number;
  /** The readings on file, in any order. One on the reading's own day is the one it replaces. */
  onFile: readonly ReportedReading[];
};

const thousands = (miles: number) => miles.toLocaleString('en-US');

/**
 * What is wrong with a new reading, field by field (empty when it can be kept). The odometer never
 * goes backwards: a reading must be at least every earlier one (the odometer at contract counts as
 * the first) and at most every later one, and cover at most MAX_MILES_PER_DAY a day from either.
 */
export function checkOdometerReading(input: ReadingCheckInput): ReadingProblem[] {
  const { reading, today, contractDate } = input;
  if (compareDates(reading.readOn, today) > 0) {
    return [
      {
        field: 'readOn',
        code: 'VEHICLE.READING_IN_FUTURE',
        message: `The date cannot be after today, ${today}.`,
      },
    ];
  }
  if (compareDates(reading.readOn, contractDate) < 0) {
    return [
      {
        field: 'readOn',
        code: 'VEHICLE.READING_BEFORE_CONTRACT',
        message: `The date cannot be before the contract date, ${contractDate}.`,
      },
    ];
  }
  const problem = (code: string, message: string): ReadingProblem[] => [{ field: 'miles', code, message }];
  if (reading.miles < input.odometerAtContract) {
    return problem(
      'VEHICLE.READING_BELOW_CONTRACT',
      `The odometer read ${thousands(input.odometerAtContract)} miles at contract; a reading cannot be lower.`,
    );
  }
  const others = [...input.onFile]
    .filter((r) => r.readOn !== reading.readOn)
    .sort((a, b) => compareDates(a.readOn, b.readOn));
  const previous = others.findLast((r) => compareDates(r.readOn, reading.readOn) < 0);
  const next = others.find((r) => compareDates(r.readOn, reading.readOn) > 0);
  if (previous && reading.miles < previous.miles) {
    return problem(
      'VEHICLE.READING_BELOW_EARLIER',
      `${thousands(previous.miles)} miles were reported for ${previous.readOn}; a later reading cannot be lower.`,
    );
  }
  if (next && reading.miles > next.miles) {
    return problem(
      'VEHICLE.READING_ABOVE_LATER',
      `${thousands(next.miles)} miles were reported for ${next.readOn}; an earlier reading cannot be higher.`,
    );
  }
  const tooFast = (from: ReportedReading, to: ReportedReading) =>
    to.miles - from.miles > MAX_MILES_PER_DAY * Math.max(1, daysBetween(from.readOn, to.readOn));
  const since = previous ?? { readOn: contractDate, miles: input.odometerAtContract };
  if (tooFast(since, reading) || (next && tooFast(reading, next))) {
    return problem(
      'VEHICLE.READING_TOO_FAR',
      `That is more than ${thousands(MAX_MILES_PER_DAY)} miles a day from the readings around ${reading.readOn}; check the number.`,
    );
  }
  return [];
}

export type LeaseMileageTerms = {
  contractDate: CalendarDate;
  maturityDate: CalendarDate;
  odometerAtContract: number;
  perYearMiles: number;
  termMonths: number;
  ratePerMileCents: Cents;
};

export type MileageTracker = {
  allowedMiles: number;
  perYearMiles: number;
  ratePerMileCents: Cents;
  /** Null until a reading after the contract date, within the term, gives a pace to project. */
  projection: MileageProjection | null;
};

/**
 * The tracker a lessee sees: the term's allowance, and from the latest reading within the term the
 * miles used against the allowance to date, the projection to maturity and its excess-mileage
 * charge (excess miles × the contract's rate in whole cents: exact, nothing to round).
 */
export function leaseMileageTracker(
  terms: LeaseMileageTerms,
  readings: readonly ReportedReading[],
): MileageTracker {
  const inTerm = readings.filter(
    (r) => compareDates(r.readOn, terms.contractDate) > 0 && compareDates(r.readOn, terms.maturityDate) <= 0,
  );
  return {
    allowedMiles: mileageAllowance(terms.perYearMiles, terms.termMonths),
    perYearMiles: terms.perYearMiles,
    ratePerMileCents: terms.ratePerMileCents,
    projection:
      inTerm.length === 0
        ? null
        : projectMileage({ ...terms, readings: inTerm.map((r) => ({ date: r.readOn, odometer: r.miles })) }),
  };
}
