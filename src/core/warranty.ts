import { addMonthsOnDueDay, type CalendarDate, compareDates } from './dates.ts';
import { type Coverage, type MakeWarranty, WARRANTY_TERMS } from './warranty-terms.ts';

/**
 * Whether the maker's new-vehicle warranty still covers a vehicle: each coverage (basic, powertrain)
 * lasts its years from the in-service date or until the odometer reaches its miles, whichever comes
 * first. The in-service date of a new vehicle is the contract date (its first retail delivery); for
 * a used vehicle the portal does not know it, so the answer is "ask the dealer" unless the odometer
 * alone shows the coverage is over.
 */
export type CoverageStatus =
  | { status: 'covered'; years: number; miles: number; endsOn: CalendarDate }
  | { status: 'expired'; years: number; miles: number; endsOn: CalendarDate | null; by: 'date' | 'miles' }
  | { status: 'unknown'; years: number | null; miles: number | null; reason: 'make' | 'in_service_date' };

export type WarrantyStatus = { basic: CoverageStatus; powertrain: CoverageStatus };

export type WarrantyInput = {
  make: string;
  condition: 'new' | 'used';
  contractDate: CalendarDate;
  /** The latest odometer reading known (the odometer at contract if none was reported since). */
  latestMiles: number;
  today: CalendarDate;
};

/** The warranty terms of a make, matched without regard to case or surrounding spaces. */
export function warrantyTermsOf(make: string): MakeWarranty | undefined {
  const wanted = make.trim().toLowerCase();
  const key = Object.keys(WARRANTY_TERMS).find((name) => name.toLowerCase() === wanted);
  return key === undefined ? undefined : WARRANTY_TERMS[key];
}

function coverageStatus(
  coverage: Coverage,
  inService: CalendarDate | null,
  latestMiles: number,
  today: CalendarDate,
): CoverageStatus {
  const { years, miles } = coverage;
  const endsOn = inService === null ? null : addMonthsOnDueDay(inService, years * 12);
  if (latestMiles >= miles) return { status: 'expired', years, miles, endsOn, by: 'miles' };
  if (endsOn === null) return { status: 'unknown', years, miles, reason: 'in_service_date' };
  if (compareDates(today, endsOn) >= 0) return { status: 'expired', years, miles, endsOn, by: 'date' };
  return { status: 'covered', years, miles, endsOn };
}

export function warrantyStatus(input: WarrantyInput): WarrantyStatus {
  const terms = warrantyTermsOf(input.make);
  if (!terms) {
    const unknown: CoverageStatus = { status: 'unknown', years: null, miles: null, reason: 'make' };
    return { basic: unknown, powertrain: unknown };
  }
  const inService = input.condition === 'new' ? input.contractDate : null;
  return {
    basic: coverageStatus(terms.basic, inService, input.latestMiles, input.today),
    powertrain: coverageStatus(terms.powertrain, inService, input.latestMiles, input.today),
  };
}
