import { and, asc, eq, gt, isNull, ne, or } from 'drizzle-orm';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractPositions, contracts } from '../db/schema.ts';
import { type PositionSummary, summaryOf } from './position-store.ts';
import { positionsOf, summarizePosition, writePositions } from './servicing.ts';

/**
 * The stored positions (`contract_positions`) beyond the transactions that post: the daily cycle's
 * refresh, and the proof that each row equals its recomputation.
 */

/**
 * The daily cycle's position step: every contract of the chunk whose stored position is not as of
 * `asOf` (today's business date: the day the cycle runs) gets it recomputed and stored, since what
 * is due, delinquency and the payoff move with the date even when nothing posts. Set-based: the
 * chunk's contracts are locked (in id order, so two workers cannot deadlock), read in a few queries
 * and written in one upsert, in one transaction, so a posting on one of them waits and then writes
 * its own newer row. Idempotent per contract and date: a rerun finds them as of `asOf` and skips them.
 */
export async function refreshPositions(db: Db, asOf: CalendarDate, range?: ContractRange): Promise<number> {
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ contract: contracts })
      .from(contracts)
      .leftJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
      .where(
        and(
          inContractRange(contracts.id, range),
          or(isNull(contractPositions.asOf), ne(contractPositions.asOf, asOf)),
        ),
      )
      .orderBy(asc(contracts.id))
      .for('update', { of: contracts });
    await writePositions(
      tx,
      stale.map((r) => toServicedContract(r.contract)),
      asOf,
    );
    return stale.length;
  });
}

type Value = string | number | null;

/** A stored position that is not its recomputation as of its date; `asOf` null: no position stored. */
export type PositionMismatch = {
  contractId: string;
  contractNumber: string;
  asOf: string | null;
  fields: { field: string; stored: Value; recomputed: Value }[];
};

/** Contracts read per batch while proving positions, so memory stays flat with the portfolio. */
const CHECK_BATCH = 1_000;

/**
 * Every contract's stored position against the recomputation as of the stored date (set-based per
 * batch of contracts and date): the positions that differ, and the contracts that have none.
 */
export async function findPositionMismatches(db: Db): Promise<PositionMismatch[]> {
  const mismatches: PositionMismatch[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({ contract: contracts, position: contractPositions })
      .from(contracts)
      .leftJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
      .where(after === undefined ? undefined : gt(contracts.id, after))
      .orderBy(asc(contracts.id))
      .limit(CHECK_BATCH);
    if (rows.length === 0) return mismatches;
    after = rows.at(-1)!.contract.id;
    const byDate = new Map<
      CalendarDate,
      { contract: ReturnType<typeof toServicedContract>; stored: PositionSummary }[]
    >();
    for (const { contract, position } of rows) {
      if (!position) {
        mismatches.push({
          contractId: contract.id,
          contractNumber: contract.contractNumber,
          asOf: null,
          fields: [],
        });
        continue;
      }
      const stored = summaryOf(position);
      const group = byDate.get(stored.asOf) ?? [];
      group.push({ contract: toServicedContract(contract), stored });
      byDate.set(stored.asOf, group);
    }
    for (const [asOf, group] of byDate) {
      const recomputed = await positionsOf(
        db,
        group.map((g) => g.contract),
        calendarDate(asOf),
      );
      for (const { contract, stored } of group) {
        const fields = differences(stored, summarizePosition(contract, recomputed.get(contract.id)!, asOf));
        if (fields.length > 0)
          mismatches.push({ contractId: contract.id, contractNumber: contract.contractNumber, asOf, fields });
      }
    }
  }
}

function differences(stored: PositionSummary, recomputed: PositionSummary) {
  return (Object.keys(recomputed) as (keyof PositionSummary)[])
    .filter((field) => stored[field] !== recomputed[field])
    .map((field) => ({ field, stored: stored[field], recomputed: recomputed[field] }));
}
