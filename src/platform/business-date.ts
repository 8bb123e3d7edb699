import { eq, sql } from 'drizzle-orm';
import { addDays, type CalendarDate, calendarDate, compareDates } from '../core/dates.ts';
import type { Db } from '../db/database.ts';
import { systemState } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';

/**
 * The business date. Normally it is the calendar date in the lender's time zone. With time travel
 * (AUTOFIN_TIME_TRAVEL=1, for demos and tests) it can be moved forward and is kept in the database,
 * so a restart keeps it; the daily cycle then catches up every day passed over.
 */
export type MovableClock = Clock & { moveTo(date: CalendarDate): void };

/** A clock whose business date is set explicitly (and only forward); instants still come from the system. */
export function movableClock(initial: CalendarDate): MovableClock {
  let today = initial;
  return {
    now: () => new Date(),
    today: () => today,
    moveTo: (date) => {
      today = date;
    },
  };
}

async function ensureState(db: Db): Promise<void> {
  await db.insert(systemState).values({ id: 1 }).onConflictDoNothing();
}

/** The business date kept by time travel, if it was ever moved. */
export async function storedBusinessDate(db: Db): Promise<CalendarDate | undefined> {
  const [row] = await db
    .select({ date: systemState.businessDate })
    .from(systemState)
    .where(eq(systemState.id, 1));
  return row?.date ? calendarDate(row.date) : undefined;
}

export async function moveBusinessDate(db: Db, clock: MovableClock, date: CalendarDate): Promise<void> {
  const today = clock.today();
  if (compareDates(date, today) < 0) {
    throw new DomainError(
      'invalid',
      'BUSINESS_DATE.BACKWARDS',
      `The business date only moves forward; it is ${today}.`,
      {
        date: `Must be ${today} or later.`,
      },
    );
  }
  if (compareDates(date, addDays(today, 3_660)) > 0) {
    throw new DomainError(
      'invalid',
      'BUSINESS_DATE.TOO_FAR',
      'The business date moves at most ten years at a time.',
      {
        date: 'Must be within ten years of the current business date.',
      },
    );
  }
  await ensureState(db);
  await db.update(systemState).set({ businessDate: date }).where(eq(systemState.id, 1));
  clock.moveTo(date);
}

/** The last business date whose daily cycle has run, if any. */
export async function lastCycleDate(db: Db): Promise<CalendarDate | undefined> {
  const [row] = await db
    .select({ date: systemState.lastCycleDate })
    .from(systemState)
    .where(eq(systemState.id, 1));
  return row?.date ? calendarDate(row.date) : undefined;
}

/** Records that the cycle of `date` has run, never moving the mark backwards. */
export async function markCycleRun(db: Db, date: CalendarDate): Promise<void> {
  await ensureState(db);
  await db
    .update(systemState)
    .set({
      lastCycleDate: sql`greatest(coalesce(${systemState.lastCycleDate}, ${date}::date), ${date}::date)`,
    })
    .where(eq(systemState.id, 1));
}
