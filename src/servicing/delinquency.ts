import { and, eq, inArray, lt, lte, max } from 'drizzle-orm';
import { addDays, type CalendarDate } from '../core/dates.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contracts, cycleRuns, delinquencyHistory } from '../db/schema.ts';
import { contractsDueOn } from './contracts-due.ts';
import { positionOf } from './servicing.ts';

/**
 * The daily cycle's delinquency step: records each delinquent contract's days and amount past due
 * and its bucket for the business date (the history a collections or credit-reporting run reads).
 * A contract only becomes delinquent the day after an installment falls due unpaid, and only stops by
 * being paid, so the step looks at the contracts due yesterday and those delinquent at the last run,
 * not at the whole portfolio (the portal's first cycle looks at every active contract once). One row
 * per contract and date, however often the step runs.
 */
export async function recordDelinquency(
  db: Db,
  date: CalendarDate,
  range?: ContractRange,
): Promise<{ delinquent: number; cured: number }> {
  const dueYesterday = await contractsDueOn(db, addDays(date, -1), { range, signedBy: date });
  const [last] = await db
    .select({ date: max(delinquencyHistory.businessDate) })
    .from(delinquencyHistory)
    .where(lt(delinquencyHistory.businessDate, date));
  const wereDelinquent = last?.date
    ? await db
        .select({ id: delinquencyHistory.contractId })
        .from(delinquencyHistory)
        .where(
          and(
            eq(delinquencyHistory.businessDate, last.date),
            inContractRange(delinquencyHistory.contractId, range),
          ),
        )
    : [];
  const [earlierRun] = await db
    .select({ date: cycleRuns.businessDate })
    .from(cycleRuns)
    .where(and(lt(cycleRuns.businessDate, date), eq(cycleRuns.status, 'done')))
    .limit(1);
  const ids = [...new Set([...dueYesterday.map((c) => c.id), ...wereDelinquent.map((c) => c.id)])];
  if (earlierRun && ids.length === 0) return { delinquent: 0, cured: 0 };
  const rows = await db
    .select()
    .from(contracts)
    .where(
      and(
        earlierRun ? inArray(contracts.id, ids) : inContractRange(contracts.id, range),
        eq(contracts.status, 'active'),
        lte(contracts.contractDate, date),
      ),
    );
  const wasDelinquent = new Set(wereDelinquent.map((c) => c.id));
  let delinquent = 0;
  let cured = 0;
  for (const row of rows) {
    const { due } = await positionOf(db, toServicedContract(row), date);
    if (due.bucket === 'current') {
      if (wasDelinquent.has(row.id)) cured += 1;
      continue;
    }
    delinquent += 1;
    await db
      .insert(delinquencyHistory)
      .values({
        contractId: row.id,
        businessDate: date,
        daysPastDue: due.daysPastDue,
        pastDueCents: due.pastDue,
        bucket: due.bucket,
      })
      .onConflictDoNothing();
  }
  return { delinquent, cured };
}
