import { between, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * A chunk of the daily cycle: the contracts whose ids lie from `firstId` to `lastId` (inclusive).
 * Each per-contract step takes one, so many workers can share a business date.
 */
export type ContractRange = { firstId: string; lastId: string };

/** The condition that keeps a contract-id column inside the range; none without a range (all contracts). */
export function inContractRange(column: PgColumn, range: ContractRange | undefined): SQL | undefined {
  return range ? between(column, range.firstId, range.lastId) : undefined;
}
