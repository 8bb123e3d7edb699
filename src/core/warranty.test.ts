import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate } from './dates.ts';
import { warrantyStatus, warrantyTermsOf } from './warranty.ts';
import { WARRANTY_TERMS } from './warranty-terms.ts';

const d = calendarDate;
// A new Honda delivered 2026-01-10: basic 3 years / 36,000 miles, powertrain 5 years / 60,000 miles.
const honda = {
  make: 'Honda',
  condition: 'new' as const,
  contractDate: d('2026-01-10'),
  latestMiles: 12,
  today: d('2026-11-20'),
};

describe('warrantyStatus', () => {
  it('covers a new vehicle from the contract date until its years or miles, whichever first', () => {
    expect(warrantyStatus(honda)).toEqual({
      basic: { status: 'covered', years: 3, miles: 36_000, endsOn: '2029-01-10' },
      powertrain: { status: 'covered', years: 5, miles: 60_000, endsOn: '2031-01-10' },
    });
  });

  it('ends basic coverage at its mileage while the powertrain goes on', () => {
    const w = warrantyStatus({ ...honda, latestMiles: 36_000 });
    expect(w.basic).toEqual({
      status: 'expired',
      years: 3,
      miles: 36_000,
      endsOn: '2029-01-10',
      by: 'miles',
    });
    expect(w.powertrain.status).toBe('covered');
  });

  it('ends coverage on the anniversary of the in-service date, not the day after', () => {
    expect(warrantyStatus({ ...honda, today: d('2029-01-09') }).basic.status).toBe('covered');
    expect(warrantyStatus({ ...honda, today: d('2029-01-10') }).basic).toMatchObject({
      status: 'expired',
      by: 'date',
    });
  });

  it('does not know a used vehicle’s in-service date, unless the odometer already settles it', () => {
    const used = { ...honda, condition: 'used' as const, latestMiles: 40_000 };
    const w = warrantyStatus(used);
    expect(w.basic).toEqual({ status: 'expired', years: 3, miles: 36_000, endsOn: null, by: 'miles' });
    expect(w.powertrain).toEqual({ status: 'unknown', years: 5, miles: 60_000, reason: 'in_service_date' });
  });

  it('says nothing it does not know about a make that is not listed', () => {
    const w = warrantyStatus({ ...honda, make: 'Studebaker' });
    expect(w.basic).toEqual({ status: 'unknown', years: null, miles: null, reason: 'make' });
    expect(w.powertrain).toEqual(w.basic);
  });

  it('matches the make whatever its case and spacing', () => {
    expect(warrantyTermsOf(' bmw ')).toEqual(WARRANTY_TERMS.BMW);
    expect(warrantyTermsOf('CHEVROLET')).toEqual(WARRANTY_TERMS.Chevrolet);
  });

  it('lists every make of the demo data', () => {
    for (const make of ['Honda', 'Toyota', 'Ford', 'BMW', 'Tesla', 'Chevrolet']) {
      expect(warrantyTermsOf(make), make).toBeDefined();
    }
  });

  it('is covered exactly while both the date and the miles are short of the limits', () => {
    const makes = Object.keys(WARRANTY_TERMS);
    fc.assert(
      fc.property(
        fc.constantFrom(...makes),
        fc.integer({ min: 0, max: 4_000 }),
        fc.integer({ min: 0, max: 150_000 }),
        (make, days, miles) => {
          const today = addDays(honda.contractDate, days);
          const w = warrantyStatus({ ...honda, make, today, latestMiles: miles });
          for (const [c, terms] of [
            [w.basic, WARRANTY_TERMS[make]!.basic],
            [w.powertrain, WARRANTY_TERMS[make]!.powertrain],
          ] as const) {
            const anniversary = `${2026 + terms.years}-01-10`;
            expect(c.status).toBe(miles < terms.miles && today < anniversary ? 'covered' : 'expired');
          }
          // Powertrain coverage never ends before basic coverage.
          if (w.basic.status === 'covered') expect(w.powertrain.status).toBe('covered');
        },
      ),
    );
  });
});
