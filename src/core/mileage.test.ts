import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, calendarDate } from './dates.ts';
import {
  checkOdometerReading,
  leaseMileageTracker,
  MAX_MILES_PER_DAY,
  type ReportedReading,
} from './mileage.ts';
import { cents } from './money.ts';

const d = calendarDate;
const r = (readOn: string, miles: number): ReportedReading => ({ readOn: d(readOn), miles });

describe('checkOdometerReading', () => {
  const base = {
    today: d('2026-11-20'),
    contractDate: d('2026-03-15'),
    odometerAtContract: 12,
    onFile: [r('2026-06-01', 4_000), r('2026-09-01', 9_000)],
  };
  const check = (reading: ReportedReading) =>
    checkOdometerReading({ ...base, reading }).map((p) => [p.field, p.code]);

  it('accepts a reading that fits between the ones on file', () => {
    expect(check(r('2026-11-20', 12_500))).toEqual([]);
    expect(check(r('2026-07-01', 5_000))).toEqual([]);
    expect(check(r('2026-09-01', 9_000))).toEqual([]);
  });

  it.each([
    ['after today', r('2026-11-21', 12_500), 'readOn', 'VEHICLE.READING_IN_FUTURE'],
    ['before the contract', r('2026-03-14', 12), 'readOn', 'VEHICLE.READING_BEFORE_CONTRACT'],
    ['below the odometer at contract', r('2026-03-20', 11), 'miles', 'VEHICLE.READING_BELOW_CONTRACT'],
    ['below an earlier reading', r('2026-11-20', 8_999), 'miles', 'VEHICLE.READING_BELOW_EARLIER'],
    ['above a later reading', r('2026-07-01', 9_001), 'miles', 'VEHICLE.READING_ABOVE_LATER'],
    ['more than 5,000 miles a day on', r('2026-09-03', 19_001), 'miles', 'VEHICLE.READING_TOO_FAR'],
  ])('refuses a reading %s', (_, reading, field, code) => {
    expect(check(reading)).toEqual([[field, code]]);
  });

  it('replaces the reading of the same day, judged against the others only', () => {
    // 8,000 on 2026-09-01 replaces 9,000: below what was on file that day, still above June's.
    expect(check(r('2026-09-01', 8_000))).toEqual([]);
  });

  it('allows up to 5,000 miles on the contract day itself, and 5,000 a day after', () => {
    const first = (reading: ReportedReading) =>
      checkOdometerReading({ ...base, onFile: [], reading }).map((p) => p.code);
    expect(first(r('2026-03-15', 12 + MAX_MILES_PER_DAY))).toEqual([]);
    expect(first(r('2026-03-15', 13 + MAX_MILES_PER_DAY))).toEqual(['VEHICLE.READING_TOO_FAR']);
    expect(check(r('2026-09-03', 9_000 + 2 * MAX_MILES_PER_DAY))).toEqual([]);
  });

  it('refuses a reading so low that the next one on file would jump too far from it', () => {
    const onFile = [r('2026-09-01', 9_000)];
    const problems = checkOdometerReading({ ...base, onFile, reading: r('2026-08-31', 3_999) });
    expect(problems.map((p) => p.code)).toEqual(['VEHICLE.READING_TOO_FAR']);
  });
});

describe('leaseMileageTracker', () => {
  // 2026-03-15 to 2029-03-15 is 1,096 days; 12,000 miles a year for 36 months at $0.25 a mile.
  const terms = {
    contractDate: d('2026-03-15'),
    maturityDate: d('2029-03-15'),
    odometerAtContract: 12,
    perYearMiles: 12_000,
    termMonths: 36,
    ratePerMileCents: cents(25),
  };

  it('shows the allowance and no projection until a reading gives a pace', () => {
    expect(leaseMileageTracker(terms, [])).toEqual({
      allowedMiles: 36_000,
      perYearMiles: 12_000,
      ratePerMileCents: 25,
      projection: null,
    });
    expect(leaseMileageTracker(terms, [r('2026-03-15', 40)]).projection).toBeNull();
  });

  it('projects from the latest reading within the term', () => {
    // 7,500 miles in 200 days → 7,500 × 1,096 / 200 = 41,100; 5,100 over × $0.25 = $1,275.00.
    // Allowance to date 36,000 × 200 / 1,096 = 6,569.3 → 6,570 (the lessee's favor).
    const tracker = leaseMileageTracker(terms, [r('2026-06-01', 3_000), r('2026-10-01', 7_512)]);
    expect(tracker.projection).toEqual({
      asOf: '2026-10-01',
      milesUsedToDate: 7_500,
      allowanceToDate: 6_570,
      allowedMiles: 36_000,
      projectedMilesAtMaturity: 41_100,
      projectedExcessMiles: 5_100,
      projectedCharge: 127_500,
    });
    // A reading after maturity (an extension) is not part of the lease's projection.
    expect(
      leaseMileageTracker(terms, [r('2026-10-01', 7_512), r('2029-04-01', 50_000)]).projection?.asOf,
    ).toBe('2026-10-01');
  });

  const anyReading = fc.record({
    days: fc.integer({ min: 1, max: 1_096 }),
    miles: fc.integer({ min: 0, max: 200_000 }),
    extra: fc.integer({ min: 0, max: 50_000 }),
    rate: fc.integer({ min: 0, max: 100 }),
  });
  const trackerOf = (date: CalendarDate, miles: number, rate: number) =>
    leaseMileageTracker({ ...terms, ratePerMileCents: cents(rate) }, [{ readOn: date, miles: 12 + miles }])
      .projection!;

  it('projects more miles and no smaller charge for more miles driven by the same day', () => {
    fc.assert(
      fc.property(anyReading, ({ days, miles, extra, rate }) => {
        const date = addDays(terms.contractDate, days);
        const fewer = trackerOf(date, miles, rate);
        const more = trackerOf(date, miles + extra, rate);
        expect(more.milesUsedToDate - fewer.milesUsedToDate).toBe(extra);
        expect(more.projectedMilesAtMaturity).toBeGreaterThanOrEqual(fewer.projectedMilesAtMaturity);
        expect(more.projectedCharge).toBeGreaterThanOrEqual(fewer.projectedCharge);
      }),
    );
  });

  it('charges nothing at or under the allowance’s pace', () => {
    fc.assert(
      fc.property(anyReading, ({ days, rate }) => {
        // The most miles that keep the pace within 36,000 over 1,096 days.
        const miles = Math.floor((36_000 * days) / 1_096);
        const p = trackerOf(addDays(terms.contractDate, days), miles, rate);
        expect(p.projectedMilesAtMaturity).toBeLessThanOrEqual(36_000);
        expect(p.projectedCharge).toBe(0);
      }),
    );
  });

  it('charges exactly the excess miles times the rate, in whole cents', () => {
    fc.assert(
      fc.property(anyReading, ({ days, miles, rate }) => {
        const p = trackerOf(addDays(terms.contractDate, days), miles, rate);
        expect(Number.isSafeInteger(p.projectedCharge)).toBe(true);
        expect(p.projectedExcessMiles).toBe(Math.max(0, p.projectedMilesAtMaturity - 36_000));
        expect(p.projectedCharge).toBe(p.projectedExcessMiles * rate);
      }),
    );
  });
});
