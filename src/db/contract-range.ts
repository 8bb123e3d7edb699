import { and, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A chunk of the daily cycle: the contracts whose ids are at least `fromId` and below `beforeId`
 * (null: no bound). The chunks of a business date cover every possible id, so a contract boarded
 * while the cycle runs still falls in one. Each per-contract step takes one, so many workers can
 * share a business date.
 */
export type ContractRange = { fromId: string | null; beforeId: string | null };

/** The condition that keeps a contract-id column inside the range; none without a range (all contracts). */
export function inContractRange(column: PgColumn, range: ContractRange | undefined): SQL | undefined {
  if (!range) return undefined;
  return and(
    range.fromId === null ? undefined : gte(column, range.fromId),
    range.beforeId === null ? undefined : lt(column, range.beforeId),
  );
}
