import { describe, expect, it } from 'vitest';
import { calendarDate as d } from './dates.ts';
import { delinquencyBucket, dueStatus, installmentSchedule } from './installments.ts';
import { cents } from './money.ts';

const schedule = installmentSchedule(d('2026-01-31'), 31, 4, cents(10_000), cents(10_050));

describe('installmentSchedule', () => {
  it('falls due on the due day, rolling 31 to the end of shorter months, with the final payment last', () => {
    expect(schedule).toEqual([
      { number: 1, dueDate: '2026-01-31', amount: 10_000 },
      { number: 2, dueDate: '2026-02-28', amount: 10_000 },
      { number: 3, dueDate: '2026-03-31', amount: 10_000 },
      { number: 4, dueDate: '2026-04-30', amount: 10_050 },
    ]);
  });
});

describe('dueStatus', () => {
  it('is current with the first installment as the bill before anything is due', () => {
    const s = dueStatus(schedule, cents(0), d('2026-01-15'));
    expect(s).toMatchObject({ pastDue: 0, billDue: 10_000, daysPastDue: 0, bucket: 'current' });
    expect(s.nextDue?.dueDate).toBe('2026-01-31');
  });

  it('is due, not late, on the due date itself', () => {
    expect(dueStatus(schedule, cents(0), d('2026-01-31'))).toMatchObject({ pastDue: 0, daysPastDue: 0 });
  });

  it('counts days past due from the oldest unpaid due date', () => {
    const s = dueStatus(schedule, cents(0), d('2026-03-01'));
    expect(s).toMatchObject({ pastDue: 20_000, billDue: 30_000, daysPastDue: 29, bucket: '1-29' });
  });

  it('applies credit oldest first, so a partial payment leaves the rest of that installment past due', () => {
    const s = dueStatus(schedule, cents(15_000), d('2026-03-01'));
    expect(s).toMatchObject({ pastDue: 5_000, daysPastDue: 1 });
    expect(s.nextDue).toMatchObject({ number: 2, paid: 5_000, unpaid: 5_000 });
  });

  it('pays ahead when more than is due has been credited', () => {
    const s = dueStatus(schedule, cents(30_000), d('2026-02-01'));
    expect(s.nextDue?.dueDate).toBe('2026-04-30');
    expect(s).toMatchObject({ pastDue: 0, billDue: 10_050 });
  });

  it('has no next due when everything is paid', () => {
    expect(dueStatus(schedule, cents(40_050), d('2026-05-01')).nextDue).toBeUndefined();
  });
});

describe('delinquencyBucket', () => {
  it.each([
    [0, 'current'],
    [1, '1-29'],
    [29, '1-29'],
    [30, '30-59'],
    [59, '30-59'],
    [60, '60-89'],
    [89, '60-89'],
    [90, '90+'],
    [400, '90+'],
  ])('puts %i days past due in %s', (days, bucket) => {
    expect(delinquencyBucket(days)).toBe(bucket);
  });
});
