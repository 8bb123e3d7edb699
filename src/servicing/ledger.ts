import { sql } from 'drizzle-orm';
import type { CalendarDate } from '../core/dates.ts';
import { assertBalanced, type EntryCode, type Posting } from '../core/ledger.ts';
import type { Db } from '../db/database.ts';
import { journalEntries, ledgerBalances, postings } from '../db/schema.ts';

export type NewJournalEntry = {
  contractId: string;
  code: EntryCode;
  effectiveDate: CalendarDate;
  memo?: string;
  reversesEntryId?: number;
  postings: Posting[];
};

/**
 * Writes journal entries, their postings and the cached balances, in the caller's transaction.
 * Each entry is checked to balance here, and again by the database at commit.
 */
export async function postEntries(tx: Db, entries: readonly NewJournalEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  for (const entry of entries) assertBalanced(entry.postings);
  const inserted = await tx
    .insert(journalEntries)
    .values(
      entries.map((e) => ({
        contractId: e.contractId,
        code: e.code,
        effectiveDate: e.effectiveDate,
        memo: e.memo ?? null,
        reversesEntryId: e.reversesEntryId ?? null,
      })),
    )
    .returning({ id: journalEntries.id });
  const ids = inserted.map((row) => row.id);
  const legs = entries.flatMap((e, i) =>
    e.postings.map((p) => ({
      entryId: ids[i]!,
      contractId: e.contractId,
      account: p.account,
      amountCents: p.amount,
    })),
  );
  await tx.insert(postings).values(legs);

  // Sum the legs per contract and account so each cached balance is touched once per call.
  const deltas = new Map<string, { contractId: string; account: string; balanceCents: number }>();
  for (const leg of legs) {
    const key = `${leg.contractId}\u0000${leg.account}`;
    const row = deltas.get(key) ?? { contractId: leg.contractId, account: leg.account, balanceCents: 0 };
    row.balanceCents += leg.amountCents;
    deltas.set(key, row);
  }
  await tx
    .insert(ledgerBalances)
    .values([...deltas.values()])
    .onConflictDoUpdate({
      target: [ledgerBalances.contractId, ledgerBalances.account],
      set: { balanceCents: sql`${ledgerBalances.balanceCents} + excluded.balance_cents` },
    });
  return ids;
}

export type LedgerCheck = {
  entries: number;
  /** Entries whose postings do not sum to zero (the database refuses them at commit, so this stays empty). */
  unbalancedEntries: { entryId: number; sumCents: number }[];
  /** Cached balances that differ from the sum of their postings. */
  balanceMismatches: { contractId: string; account: string; cachedCents: number; postedCents: number }[];
};

/** Proves the ledger: every entry balances and every cached balance equals its postings. */
export async function checkLedger(db: Db): Promise<LedgerCheck> {
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(journalEntries);
  const unbalancedEntries = await db
    .select({ entryId: postings.entryId, sumCents: sql<number>`sum(${postings.amountCents})::bigint` })
    .from(postings)
    .groupBy(postings.entryId)
    .having(sql`sum(${postings.amountCents}) <> 0`);
  const posted = db
    .select({
      contractId: postings.contractId,
      account: postings.account,
      total: sql<number>`sum(${postings.amountCents})`.as('total'),
    })
    .from(postings)
    .groupBy(postings.contractId, postings.account)
    .as('posted');
  const balanceMismatches = await db
    .select({
      contractId: ledgerBalances.contractId,
      account: ledgerBalances.account,
      cachedCents: ledgerBalances.balanceCents,
      postedCents: sql<number>`coalesce(${posted.total}, 0)::bigint`,
    })
    .from(ledgerBalances)
    .leftJoin(
      posted,
      sql`${posted.contractId} = ${ledgerBalances.contractId} and ${posted.account} = ${ledgerBalances.account}`,
    )
    .where(sql`coalesce(${posted.total}, 0) <> ${ledgerBalances.balanceCents}`);
  return { entries: counted?.n ?? 0, unbalancedEntries, balanceMismatches };
}
