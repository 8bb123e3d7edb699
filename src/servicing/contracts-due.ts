import { and, eq, gte, lte, notInArray, sql } from 'drizzle-orm';
import { type CalendarDate, dateParts, daysInMonth } from '../core/dates.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import type { Db } from '../db/database.ts';
import { contracts } from '../db/schema.ts';

export type StateFilter = { in?: string[]; notIn?: string[] };

/**
 * The active contracts with an installment due on `dueDate` (due days 29–31 roll to a shorter
 * month's end), optionally only those governed by some states, inside one chunk of the cycle, and
 * signed by a date (a cycle catching up must not look at a contract on a day before it existed).
 */
export async function contractsDueOn(
  db: Db,
  dueDate: CalendarDate,
  options: { states?: StateFilter; range?: ContractRange | undefined; signedBy?: CalendarDate } = {},
): Promise<{ id: string; contractNumber: string }[]> {
  const { year, month, day } = dateParts(dueDate);
  const isMonthEnd = day === daysInMonth(year, month);
  const dueDayMatches = isMonthEnd ? sql`${contracts.dueDay} >= ${day}` : sql`${contracts.dueDay} = ${day}`;
  const states = options.states;
  const stateFilter = states?.in
    ? sql`${contracts.governingState} in (${sql.join(
        states.in.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : states?.notIn && states.notIn.length > 0
      ? notInArray(contracts.governingState, states.notIn)
      : undefined;
  return db
    .select({ id: contracts.id, contractNumber: contracts.contractNumber })
    .from(contracts)
    .where(
      and(
        eq(contracts.status, 'active'),
        lte(contracts.firstPaymentDate, dueDate),
        gte(contracts.maturityDate, dueDate),
        dueDayMatches,
        stateFilter,
        inContractRange(contracts.id, options.range),
        options.signedBy ? lte(contracts.contractDate, options.signedBy) : undefined,
      ),
    );
}
