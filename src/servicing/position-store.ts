import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import type { DelinquencyBucket } from '../core/installments.ts';
import { type Cents, cents } from '../core/money.ts';
import type { Db } from '../db/database.ts';
import { contractPositions } from '../db/schema.ts';

/**
 * A position as the pages show it on its date: the balances, what is due, delinquency, and the
 * payoff a customer is quoted that day (a loan's good through the date itself, as the customer's
 * payoff page quotes by default; a lease's early purchase price). Computed by
 * `summarizePosition` (servicing.ts); stored one row per contract in `contract_positions`.
 */
export type PositionSummary = {
  asOf: CalendarDate;
  principal: Cents;
  /** Interest posted and unpaid plus interest accrued since (loans; 0 for a lease). */
  accruedInterest: Cents;
  fees: Cents;
  /** Money held for the customer, as a positive amount. */
  unapplied: Cents;
  /** A lease's base payments still to come (its ledger receivable; 0 for a loan). */
  leaseReceivable: Cents;
  perDiem: Cents;
  amountDue: Cents;
  pastDue: Cents;
  daysPastDue: number;
  bucket: DelinquencyBucket;
  nextDueDate: CalendarDate | null;
  nextDueAmount: Cents;
  payoff: Cents;
};

type PositionRow = typeof contractPositions.$inferSelect;

function rowOf(contractId: string, p: PositionSummary) {
  return {
    contractId,
    asOf: p.asOf,
    principalCents: p.principal,
    accruedInterestCents: p.accruedInterest,
    feesCents: p.fees,
    unappliedCents: p.unapplied,
    leaseReceivableCents: p.leaseReceivable,
    perDiemCents: p.perDiem,
    amountDueCents: p.amountDue,
    pastDueCents: p.pastDue,
    daysPastDue: p.daysPastDue,
    bucket: p.bucket,
    nextDueDate: p.nextDueDate,
    nextDueAmountCents: p.nextDueAmount,
    payoffCents: p.payoff,
  };
}

export function summaryOf(row: PositionRow): PositionSummary {
  return {
    asOf: calendarDate(row.asOf),
    principal: cents(row.principalCents),
    accruedInterest: cents(row.accruedInterestCents),
    fees: cents(row.feesCents),
    unapplied: cents(row.unappliedCents),
    leaseReceivable: cents(row.leaseReceivableCents),
    perDiem: cents(row.perDiemCents),
    amountDue: cents(row.amountDueCents),
    pastDue: cents(row.pastDueCents),
    daysPastDue: row.daysPastDue,
    bucket: row.bucket,
    nextDueDate: row.nextDueDate === null ? null : calendarDate(row.nextDueDate),
    nextDueAmount: cents(row.nextDueAmountCents),
    payoff: cents(row.payoffCents),
  };
}

/** The stored positions of these contracts that are as of `asOf`, by contract id (one query). */
export async function storedPositions(
  db: Db,
  contractIds: readonly string[],
  asOf: CalendarDate,
): Promise<Map<string, PositionSummary>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(contractPositions)
    .where(and(inArray(contractPositions.contractId, [...contractIds]), eq(contractPositions.asOf, asOf)));
  return new Map(rows.map((row) => [row.contractId, summaryOf(row)]));
}

/** Rows per statement, well inside PostgreSQL's 65,535 parameters whatever the cycle's chunk size. */
const UPSERT_BATCH = 1_000;

/** Every column but the key, taken from the row offered (`excluded`) when the contract has one already. */
const updateFromExcluded = Object.fromEntries(
  Object.entries(getTableColumns(contractPositions))
    .filter(([key]) => key !== 'contractId')
    .map(([key, column]) => [key, sql.raw(`excluded.${column.name}`)]),
);

/** Writes the positions, one row per contract (inserted or replaced), in the caller's transaction. */
export async function upsertPositions(
  tx: Db,
  positions: readonly ({ contractId: string } & PositionSummary)[],
): Promise<void> {
  for (let from = 0; from < positions.length; from += UPSERT_BATCH) {
    await tx
      .insert(contractPositions)
      .values(
        positions
          .slice(from, from + UPSERT_BATCH)
          .map(({ contractId, ...p }) => ({ ...rowOf(contractId, p), updatedAt: sql`now()` })),
      )
      .onConflictDoUpdate({ target: contractPositions.contractId, set: updateFromExcluded });
  }
}
