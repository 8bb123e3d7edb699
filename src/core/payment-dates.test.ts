import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBusinessDay, nextBusinessDay } from './business-days.ts';
import { addDays, calendarDate, compareDates } from './dates.ts';
import {
  canChangeScheduledPayment,
  choosePaymentDate,
  cutoffInstant,
  DEFAULT_PAYMENT_CUTOFF,
  dateInZone,
  effectiveDateForToday,
  MAX_DAYS_AHEAD,
  paymentCutoff,
  paymentDateWindow,
  scheduledPaymentChangeDeadline,
} from './payment-dates.ts';

const eastern = DEFAULT_PAYMENT_CUTOFF;
const at = (iso: string) => new Date(iso);
const d = calendarDate;

describe('paymentCutoff', () => {
  it('reads HH:MM and an IANA zone', () => {
    expect(paymentCutoff('17:30', 'America/Chicago')).toEqual({
      hour: 17,
      minute: 30,
      timeZone: 'America/Chicago',
    });
    expect(eastern).toEqual({ hour: 20, minute: 0, timeZone: 'America/New_York' });
  });

  it.each([
    ['8pm', 'America/New_York'],
    ['24:00', 'America/New_York'],
    ['7:00', 'America/New_York'],
    ['20:00', 'Mars/Olympus_Mons'],
  ])('rejects %s in %s', (time, zone) => {
    expect(() => paymentCutoff(time, zone)).toThrow(RangeError);
  });
});

describe('dateInZone and cutoffInstant', () => {
  it('takes the date in the cut-off zone, not UTC', () => {
    expect(dateInZone(at('2026-12-03T03:00:00Z'), 'America/New_York')).toBe('2026-12-02');
    expect(dateInZone(at('2026-12-03T03:00:00Z'), 'UTC')).toBe('2026-12-03');
  });

  it.each([
    ['2026-10-30', '2026-10-31T00:00:00.000Z'], // EDT, UTC−4
    ['2026-11-02', '2026-11-03T01:00:00.000Z'], // EST, UTC−5, after DST ends 2026-11-01
    ['2027-03-12', '2027-03-13T01:00:00.000Z'], // EST
    ['2027-03-15', '2027-03-16T00:00:00.000Z'], // EDT, after DST starts 2027-03-14
  ])('puts the 8 pm Eastern cut-off of %s at %s', (date, iso) => {
    expect(cutoffInstant(d(date), eastern).toISOString()).toBe(iso);
  });

  it('puts a cut-off in the skipped hour just after it, and in the repeated hour at its first pass', () => {
    expect(cutoffInstant(d('2027-03-14'), paymentCutoff('02:30', 'America/New_York')).toISOString()).toBe(
      '2027-03-14T07:30:00.000Z', // 03:30 EDT
    );
    expect(cutoffInstant(d('2026-11-01'), paymentCutoff('01:30', 'America/New_York')).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first 01:30
    );
  });
});

describe('effectiveDateForToday', () => {
  it.each([
    ['2026-12-02T15:00:00Z', '2026-12-02', 'a Wednesday morning'],
    ['2026-12-03T00:59:59Z', '2026-12-02', 'one second before 8 pm EST'],
    ['2026-12-03T01:00:00Z', '2026-12-03', 'exactly 8 pm EST'],
    ['2026-12-03T03:00:00Z', '2026-12-03', '10 pm EST, already the next day in UTC'],
    ['2026-12-05T02:00:00Z', '2026-12-07', 'Friday 9 pm → Monday'],
    ['2026-12-05T15:00:00Z', '2026-12-07', 'Saturday → Monday'],
    ['2026-12-06T23:00:00Z', '2026-12-07', 'Sunday evening → Monday'],
    ['2026-11-26T00:59:59Z', '2026-11-25', 'Wednesday before Thanksgiving, before the cut-off'],
    ['2026-11-26T01:00:00Z', '2026-11-27', 'Wednesday at the cut-off → over Thanksgiving to Friday'],
    ['2026-11-26T15:00:00Z', '2026-11-27', 'Thanksgiving Day'],
    ['2026-12-25T15:00:00Z', '2026-12-28', 'Christmas (Friday) → Monday'],
    ['2026-12-24T23:00:00Z', '2026-12-24', 'Christmas Eve at 6 pm is a business day'],
    ['2027-01-01T01:30:00Z', '2027-01-04', 'New Year’s Eve 8:30 pm → over the holiday and weekend'],
    ['2026-10-30T23:59:59Z', '2026-10-30', 'Friday 7:59:59 pm EDT'],
    ['2026-10-31T00:00:00Z', '2026-11-02', 'Friday 8 pm EDT → Monday, across the DST change'],
    ['2026-11-03T00:30:00Z', '2026-11-02', 'Monday 7:30 pm EST (would be 8:30 pm under EDT)'],
    ['2027-03-13T00:30:00Z', '2027-03-12', 'Friday 7:30 pm EST'],
    ['2027-03-16T00:30:00Z', '2027-03-16', 'Monday 8:30 pm EDT (would be 7:30 pm under EST)'],
  ])('at %s it is %s (%s)', (instant, effective) => {
    expect(effectiveDateForToday(at(instant), eastern)).toBe(effective);
  });

  it('follows a configured cut-off and zone', () => {
    const chicago = paymentCutoff('17:00', 'America/Chicago');
    expect(effectiveDateForToday(at('2026-12-02T22:59:00Z'), chicago)).toBe('2026-12-02'); // 4:59 pm CST
    expect(effectiveDateForToday(at('2026-12-02T23:00:00Z'), chicago)).toBe('2026-12-03');
    const utc = paymentCutoff('14:00', 'UTC');
    expect(effectiveDateForToday(at('2026-12-02T13:59:59Z'), utc)).toBe('2026-12-02');
    expect(effectiveDateForToday(at('2026-12-02T14:00:00Z'), utc)).toBe('2026-12-03');
  });

  const instants = fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2028-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const cutoffs = fc
    .tuple(
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom(
        'America/New_York',
        'America/Los_Angeles',
        'America/Phoenix',
        'Pacific/Honolulu',
        'UTC',
      ),
    )
    .map(([h, m, zone]) =>
      paymentCutoff(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, zone),
    );

  it('is always a business day: today, or the first one after it', () => {
    fc.assert(
      fc.property(instants, cutoffs, (instant, cutoff) => {
        const today = dateInZone(instant, cutoff.timeZone);
        const effective = effectiveDateForToday(instant, cutoff);
        return isBusinessDay(effective) && (effective === today || effective === nextBusinessDay(today));
      }),
    );
  });

  it('never moves back as time moves on', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        cutoffs,
        (instant, later, cutoff) => {
          const after = new Date(instant.getTime() + later);
          return (
            compareDates(effectiveDateForToday(instant, cutoff), effectiveDateForToday(after, cutoff)) <= 0
          );
        },
      ),
    );
  });
});

describe('choosePaymentDate', () => {
  const now = at('2026-12-02T15:00:00Z'); // Wednesday 10 am EST

  it.each([
    ['2026-12-02', '2026-12-02', 'today, before the cut-off'],
    ['2026-12-04', '2026-12-04', 'a later business day'],
    ['2026-12-05', '2026-12-07', 'a Saturday moves to Monday'],
    ['2026-12-25', '2026-12-28', 'Christmas moves to Monday'],
    ['2027-01-01', '2027-01-04', 'New Year’s Day, the last day of the window, moves to Monday'],
  ])('requested %s takes effect %s (%s)', (requested, effective) => {
    expect(choosePaymentDate(d(requested), now, eastern)).toEqual({
      ok: true,
      requestedDate: requested,
      effectiveDate: effective,
    });
  });

  it('applies the cut-off when today is chosen late in the day', () => {
    const late = at('2026-12-03T01:00:00Z'); // Wednesday 8 pm EST
    expect(choosePaymentDate(d('2026-12-02'), late, eastern)).toMatchObject({
      ok: true,
      effectiveDate: '2026-12-03',
    });
  });

  it.each([
    ['2026-12-01', 'past'],
    ['2027-01-02', 'too_far'],
  ])('refuses %s (%s)', (requested, reason) => {
    expect(choosePaymentDate(d(requested), now, eastern)).toEqual({
      ok: false,
      reason,
      today: '2026-12-02',
      latestDate: '2027-01-01',
    });
  });

  it('counts today in the cut-off zone: 10 pm Eastern is still yesterday for "past"', () => {
    const evening = at('2026-12-03T03:00:00Z'); // Wednesday 10 pm EST, Thursday in UTC
    expect(choosePaymentDate(d('2026-12-02'), evening, eastern)).toMatchObject({
      ok: true,
      effectiveDate: '2026-12-03',
    });
  });

  it('offers a window of today through today + 30 days', () => {
    expect(paymentDateWindow(at('2026-12-05T15:00:00Z'), eastern)).toEqual({
      today: '2026-12-05',
      earliestEffectiveDate: '2026-12-07',
      latestDate: '2027-01-04',
    });
    expect(MAX_DAYS_AHEAD).toBe(30);
  });

  it('accepts every date in the window, on or after it, as a business day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DAYS_AHEAD }), (ahead) => {
        const requested = addDays(d('2026-12-02'), ahead);
        const choice = choosePaymentDate(requested, now, eastern);
        return (
          choice.ok &&
          isBusinessDay(choice.effectiveDate) &&
          compareDates(choice.effectiveDate, requested) >= 0
        );
      }),
    );
  });
});

describe('canChangeScheduledPayment', () => {
  it.each([
    ['2026-12-07', '2026-12-05T01:00:00.000Z', 'Monday → Friday 8 pm EST'],
    ['2026-12-03', '2026-12-03T01:00:00.000Z', 'Thursday → Wednesday 8 pm EST'],
    ['2026-11-27', '2026-11-26T01:00:00.000Z', 'Friday after Thanksgiving → Wednesday'],
    ['2026-12-28', '2026-12-25T01:00:00.000Z', 'Monday after Christmas → Thursday'],
    ['2027-01-04', '2027-01-01T01:00:00.000Z', 'Monday after New Year → Thursday'],
    ['2026-11-02', '2026-10-31T00:00:00.000Z', 'Monday after DST ends → Friday 8 pm EDT'],
    ['2027-03-15', '2027-03-13T01:00:00.000Z', 'Monday after DST starts → Friday 8 pm EST'],
  ])('for an effective date of %s the deadline is %s (%s)', (effective, deadline) => {
    expect(scheduledPaymentChangeDeadline(d(effective), eastern).toISOString()).toBe(deadline);
  });

  it('allows a change until the deadline and not at it', () => {
    expect(canChangeScheduledPayment(d('2026-12-07'), at('2026-12-05T00:59:59Z'), eastern)).toBe(true);
    expect(canChangeScheduledPayment(d('2026-12-07'), at('2026-12-05T01:00:00Z'), eastern)).toBe(false);
    expect(canChangeScheduledPayment(d('2026-12-07'), at('2026-12-06T15:00:00Z'), eastern)).toBe(false);
  });

  it('never allows changing a payment that takes effect today', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2028-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const effective = effectiveDateForToday(instant, eastern);
          return (
            effective !== dateInZone(instant, eastern.timeZone) ||
            !canChangeScheduledPayment(effective, instant, eastern)
          );
        },
      ),
    );
  });
});
