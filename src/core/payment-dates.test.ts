import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBusinessDay, nextBusinessDay } from './business-days.ts';
import { addDays, type CalendarDate, calendarDate, compareDates } from './dates.ts';
import {
  changeWindowEnd,
  choosePaymentDate,
  cutoffInstant,
  DEFAULT_PAYMENT_CUTOFF,
  dateInZone,
  effectiveDateForToday,
  judgedInstant,
  MAX_DAYS_AHEAD,
  type PaymentCutoff,
  paymentCutoff,
  paymentDateWindow,
} from './payment-dates.ts';

const eastern = DEFAULT_PAYMENT_CUTOFF;
const at = (iso: string) => new Date(iso);
const d = calendarDate;

/** Instants over three years, and cut-offs at any minute in the zones lenders use. */
const instants = fc.date({
  min: new Date('2026-01-01T00:00:00Z'),
  max: new Date('2028-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const cutoffs = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.constantFrom('America/New_York', 'America/Los_Angeles', 'America/Phoenix', 'Pacific/Honolulu', 'UTC'),
  )
  .map(([h, m, zone]) => paymentCutoff(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, zone));

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

describe('judgedInstant', () => {
  it('is the instant itself when the business date is the calendar date', () => {
    const instant = at('2026-12-06T13:12:00Z');
    expect(judgedInstant({ instant, businessDate: d('2026-12-06') }, eastern)).toBe(instant);
    // 10 pm Eastern is still Sunday there, though Monday in UTC.
    const evening = at('2026-12-07T03:00:00Z');
    expect(judgedInstant({ instant: evening, businessDate: d('2026-12-06') }, eastern)).toBe(evening);
  });

  it.each([
    ['2026-12-06T13:12:00Z', '2026-12-04', '2026-12-04T13:12:00.000Z', 'behind the calendar: Friday 8:12 am'],
    ['2026-12-06T13:12:00Z', '2026-12-21', '2026-12-21T13:12:00.000Z', 'ahead of it: Monday 8:12 am'],
    [
      '2026-10-30T23:30:00Z',
      '2026-11-02',
      '2026-11-03T00:30:00.000Z',
      '7:30 pm EDT onto an EST day: 7:30 pm EST',
    ],
    [
      '2027-03-16T00:30:00Z',
      '2027-03-12',
      '2027-03-13T01:30:00.000Z',
      '8:30 pm EDT onto an EST day: 8:30 pm EST',
    ],
    [
      '2026-11-01T06:30:00.250Z',
      '2026-11-02',
      '2026-11-02T06:30:00.250Z',
      'the second 1:30 am of the DST change',
    ],
  ])('at %s on business date %s judges %s (%s)', (instant, businessDate, judged) => {
    expect(
      judgedInstant({ instant: at(instant), businessDate: d(businessDate) }, eastern).toISOString(),
    ).toBe(judged);
  });
});

/**
 * A payment made at `madeAt` for `requested` (or 'today'), dated as `planPayment` dates it,
 * and the end of its change window as answered then; the business date is the calendar's unless given.
 */
function made(madeAt: string, requested: string, businessDate?: string) {
  const now = {
    instant: at(madeAt),
    businessDate: d(businessDate ?? dateInZone(at(madeAt), eastern.timeZone)),
  };
  const judged = judgedInstant(now, eastern);
  const choice = choosePaymentDate(
    requested === 'today' ? dateInZone(judged, eastern.timeZone) : d(requested),
    judged,
    eastern,
  );
  if (!choice.ok) throw new Error(`${requested} is not in the window at ${madeAt}`);
  return {
    effective: choice.effectiveDate,
    until: changeWindowEnd(choice.effectiveDate, eastern, now).toISOString(),
  };
}

const changeable = (effective: string, instant: string, businessDate?: string) => {
  const now = {
    instant: at(instant),
    businessDate: d(businessDate ?? dateInZone(at(instant), eastern.timeZone)),
  };
  return now.instant.getTime() < changeWindowEnd(d(effective), eastern, now).getTime();
};

describe('changeWindowEnd', () => {
  it.each([
    // Every day of one week, for today at 10 am EST: the cut-off of the day its file goes.
    ['2026-11-30T15:00:00Z', 'today', '2026-11-30', '2026-12-01T01:00:00.000Z', 'Monday: Monday 8 pm'],
    ['2026-12-01T15:00:00Z', 'today', '2026-12-01', '2026-12-02T01:00:00.000Z', 'Tuesday: Tuesday 8 pm'],
    ['2026-12-02T15:00:00Z', 'today', '2026-12-02', '2026-12-03T01:00:00.000Z', 'Wednesday: Wednesday 8 pm'],
    ['2026-12-03T15:00:00Z', 'today', '2026-12-03', '2026-12-04T01:00:00.000Z', 'Thursday: Thursday 8 pm'],
    ['2026-12-04T15:00:00Z', 'today', '2026-12-04', '2026-12-05T01:00:00.000Z', 'Friday: Friday 8 pm'],
    ['2026-12-05T15:00:00Z', 'today', '2026-12-07', '2026-12-08T01:00:00.000Z', 'Saturday: Monday 8 pm'],
    [
      '2026-12-06T13:12:00Z',
      'today',
      '2026-12-07',
      '2026-12-08T01:00:00.000Z',
      'Sunday (issue 22): Monday 8 pm',
    ],
    ['2026-12-06T13:12:00Z', '2026-12-07', '2026-12-07', '2026-12-08T01:00:00.000Z', 'Sunday for Monday'],
    ['2026-12-06T13:12:00Z', '2026-12-21', '2026-12-21', '2026-12-22T01:00:00.000Z', 'two weeks ahead'],
    // Today, just before and after the cut-off.
    ['2026-12-04T00:59:00Z', 'today', '2026-12-03', '2026-12-04T01:00:00.000Z', 'one minute before: today'],
    ['2026-12-04T00:59:59.999Z', 'today', '2026-12-03', '2026-12-04T01:00:00.000Z', 'one ms before: today'],
    ['2026-12-04T01:00:00Z', 'today', '2026-12-04', '2026-12-05T01:00:00.000Z', 'at it: tomorrow'],
    ['2026-12-04T01:00:00.001Z', 'today', '2026-12-04', '2026-12-05T01:00:00.000Z', 'one ms after: tomorrow'],
    [
      '2026-12-05T01:01:00Z',
      'today',
      '2026-12-07',
      '2026-12-08T01:00:00.000Z',
      'Friday a minute after: Monday',
    ],
    // Federal Reserve holidays, on their day and as observed.
    [
      '2026-11-26T01:00:00Z',
      'today',
      '2026-11-27',
      '2026-11-28T01:00:00.000Z',
      'Wednesday night before Thanksgiving',
    ],
    ['2026-11-26T15:00:00Z', 'today', '2026-11-27', '2026-11-28T01:00:00.000Z', 'Thanksgiving Day'],
    [
      '2026-11-20T15:00:00Z',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28T01:00:00.000Z',
      'chosen for Thanksgiving',
    ],
    ['2026-12-24T23:00:00Z', 'today', '2026-12-24', '2026-12-25T01:00:00.000Z', 'Christmas Eve 6 pm'],
    ['2026-12-25T15:00:00Z', 'today', '2026-12-28', '2026-12-29T01:00:00.000Z', 'Christmas Day (Friday)'],
    [
      '2022-12-24T15:00:00Z',
      'today',
      '2022-12-27',
      '2022-12-28T01:00:00.000Z',
      'Christmas on Sunday, Monday off',
    ],
    ['2027-01-01T01:30:00Z', 'today', '2027-01-04', '2027-01-05T01:00:00.000Z', 'New Year’s Eve 8:30 pm'],
    [
      '2027-12-31T15:00:00Z',
      'today',
      '2027-12-31',
      '2028-01-01T01:00:00.000Z',
      'New Year on Saturday: Friday works',
    ],
    [
      '2028-01-01T01:00:00Z',
      'today',
      '2028-01-03',
      '2028-01-04T01:00:00.000Z',
      'that Friday after the cut-off',
    ],
    [
      '2033-12-31T01:00:00Z',
      'today',
      '2034-01-03',
      '2034-01-04T01:00:00.000Z',
      'New Year on Sunday, Monday off',
    ],
    // DST change days (Sundays in the US): the cut-off keeps 8 pm local.
    ['2026-10-31T15:00:00Z', 'today', '2026-11-02', '2026-11-03T01:00:00.000Z', 'Saturday EDT → Monday EST'],
    [
      '2026-11-01T05:30:00Z',
      'today',
      '2026-11-02',
      '2026-11-03T01:00:00.000Z',
      'the first 1:30 am of the change',
    ],
    ['2026-11-01T06:30:00Z', 'today', '2026-11-02', '2026-11-03T01:00:00.000Z', 'the second 1:30 am'],
    [
      '2027-03-13T01:00:00Z',
      'today',
      '2027-03-15',
      '2027-03-16T00:00:00.000Z',
      'Friday 8 pm EST → Monday EDT',
    ],
    [
      '2027-03-14T07:30:00Z',
      'today',
      '2027-03-15',
      '2027-03-16T00:00:00.000Z',
      'just after the skipped hour',
    ],
  ])('made at %s for %s: effective %s, changeable until %s (%s)', (madeAt, requested, effective, until) => {
    expect(made(madeAt, requested)).toEqual({ effective, until });
  });

  it.each([
    // Time travel left the business date behind (the real days pass while it stays) or moved it ahead.
    [
      '2026-12-06T13:12:00Z',
      'today',
      '2026-12-04',
      '2026-12-04',
      '2026-12-07T01:00:00.000Z',
      'Friday, on a real Sunday',
    ],
    [
      '2026-12-06T13:12:00Z',
      '2026-12-07',
      '2026-12-04',
      '2026-12-07',
      '2026-12-10T01:00:00.000Z',
      'its Monday, 3 days on',
    ],
    [
      '2026-12-06T13:12:00Z',
      '2026-12-22',
      '2026-12-21',
      '2026-12-22',
      '2026-12-08T01:00:00.000Z',
      'ahead: 15 days back',
    ],
    // The real day is in EDT, the business date in EST: still 8 pm on the real clock.
    [
      '2026-10-30T23:30:00Z',
      'today',
      '2026-11-02',
      '2026-11-02',
      '2026-10-31T00:00:00.000Z',
      'across the DST change',
    ],
  ])(
    'made at %s for %s on business date %s: effective %s, changeable until %s (%s)',
    (madeAt, requested, businessDate, effective, until) => {
      expect(made(madeAt, requested, businessDate)).toEqual({ effective, until });
      expect(at(until).getTime()).toBeGreaterThan(at(madeAt).getTime());
    },
  );

  it('is open until the cut-off of its date and closed from it on, to the millisecond', () => {
    expect(changeable('2026-12-07', '2026-12-06T13:12:00Z')).toBe(true);
    expect(changeable('2026-12-07', '2026-12-06T13:12:05Z')).toBe(true);
    expect(changeable('2026-12-07', '2026-12-08T00:59:00Z')).toBe(true);
    expect(changeable('2026-12-07', '2026-12-08T00:59:59.999Z')).toBe(true);
    expect(changeable('2026-12-07', '2026-12-08T01:00:00Z')).toBe(false);
    expect(changeable('2026-12-07', '2026-12-08T01:00:00.001Z')).toBe(false);
    expect(changeable('2026-12-07', '2026-12-08T01:01:00Z')).toBe(false);
  });

  it('is closed for a past date whose cycle has not run yet, and open while time travel holds the date back', () => {
    // Tuesday morning, Monday's cycle not run: its payments wait for it, no longer changeable.
    expect(changeable('2026-12-07', '2026-12-08T15:00:00Z')).toBe(false);
    // The business date held at Friday: Monday's payment waits, whatever the real day.
    expect(changeable('2026-12-07', '2026-12-10T15:00:00Z', '2026-12-04')).toBe(true);
    // Moved on to Tuesday (Monday's cycle runs): closed, at any time of the real day.
    expect(changeable('2026-12-07', '2026-12-06T05:00:00Z', '2026-12-08')).toBe(false);
  });

  /** Now, with the business date the calendar's or up to a year off it either way (time travel). */
  const nows = (cutoff: PaymentCutoff) =>
    fc
      .tuple(instants, fc.oneof(fc.constant(0), fc.integer({ min: -366, max: 366 })))
      .map(([instant, off]) => ({
        instant,
        businessDate: addDays(dateInZone(instant, cutoff.timeZone), off),
      }));
  const withNow = cutoffs.chain((cutoff) => fc.tuple(fc.constant(cutoff), nows(cutoff)));

  it('ends after the payment is made, at the cut-off of its effective date, a business day', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: MAX_DAYS_AHEAD }),
        cutoffs,
        (instant, ahead, cutoff) => {
          const requested = addDays(dateInZone(instant, cutoff.timeZone), ahead);
          const choice = choosePaymentDate(requested, instant, cutoff);
          if (!choice.ok) return false;
          const now = { instant, businessDate: dateInZone(instant, cutoff.timeZone) };
          const end = changeWindowEnd(choice.effectiveDate, cutoff, now);
          const endsOn = dateInZone(end, cutoff.timeZone);
          return (
            end.getTime() > instant.getTime() &&
            end.getTime() <= cutoffInstant(choice.effectiveDate, cutoff).getTime() &&
            isBusinessDay(endsOn) &&
            end.getTime() === cutoffInstant(endsOn, cutoff).getTime()
          );
        },
      ),
    );
  });

  it('ends after the payment is made whatever the business date', () => {
    fc.assert(
      fc.property(withNow, fc.integer({ min: 0, max: MAX_DAYS_AHEAD }), ([cutoff, now], ahead) => {
        const judged = judgedInstant(now, cutoff);
        const requested = addDays(dateInZone(judged, cutoff.timeZone), ahead);
        const choice = choosePaymentDate(requested, judged, cutoff);
        return (
          choice.ok && changeWindowEnd(choice.effectiveDate, cutoff, now).getTime() > now.instant.getTime()
        );
      }),
    );
  });

  it('is open exactly while the judged instant is before the cut-off of the effective date', () => {
    fc.assert(
      fc.property(withNow, fc.integer({ min: -40, max: 40 }), ([cutoff, now], days) => {
        const effective = addDays(now.businessDate, days);
        const open = now.instant.getTime() < changeWindowEnd(effective, cutoff, now).getTime();
        return open === judgedInstant(now, cutoff).getTime() < cutoffInstant(effective, cutoff).getTime();
      }),
    );
  });

  it('agrees with the cycle: closed for every date a cycle may have run (before the business date), open after it', () => {
    fc.assert(
      fc.property(withNow, fc.integer({ min: 1, max: 40 }), ([cutoff, now], days) => {
        const closed = (date: CalendarDate) =>
          now.instant.getTime() >= changeWindowEnd(date, cutoff, now).getTime();
        return closed(addDays(now.businessDate, -days)) && !closed(addDays(now.businessDate, days));
      }),
    );
  });

  it('never opens again as the calendar moves on with the business date', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        fc.integer({ min: -3, max: 40 }),
        cutoffs,
        (instant, later, days, cutoff) => {
          const effective = addDays(dateInZone(instant, cutoff.timeZone), days);
          const open = (at: Date) =>
            at.getTime() <
            changeWindowEnd(effective, cutoff, {
              instant: at,
              businessDate: dateInZone(at, cutoff.timeZone),
            }).getTime();
          return open(instant) || !open(new Date(instant.getTime() + later));
        },
      ),
    );
  });
});
