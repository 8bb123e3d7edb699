import { performance } from 'node:perf_hooks';
import { desc, eq, sql } from 'drizzle-orm';
import type { CalendarDate } from '../core/dates.ts';
import { assertBalanced, type EntryCode, type Posting } from '../core/ledger.ts';
import type { Db } from '../db/database.ts';
import { contracts, journalEntries, ledgerBalances, ledgerChecks, postings } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { findPositionMismatches, type PositionMismatch } from './positions.ts';

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
  balanceMismatches: {
    contractId: string;
    contractNumber: string;
    account: string;
    cachedCents: number;
    postedCents: number;
  }[];
  /** Stored positions that differ from their recomputation as of their date, or are missing. */
  positionMismatches: PositionMismatch[];
};

/**
 * Proves the ledger: every entry balances, every cached balance equals its postings, and every
 * contract's stored position equals its recomputation as of the stored date.
 */
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
      contractNumber: contracts.contractNumber,
      account: ledgerBalances.account,
      cachedCents: ledgerBalances.balanceCents,
      postedCents: sql<number>`coalesce(${posted.total}, 0)::bigint`,
    })
    .from(ledgerBalances)
    .innerJoin(contracts, eq(contracts.id, ledgerBalances.contractId))
    .leftJoin(
      posted,
      sql`${posted.contractId} = ${ledgerBalances.contractId} and ${posted.account} = ${ledgerBalances.account}`,
    )
    .where(sql`coalesce(${posted.total}, 0) <> ${ledgerBalances.balanceCents}`);
  const positionMismatches = await findPositionMismatches(db);
  return { entries: counted?.n ?? 0, unbalancedEntries, balanceMismatches, positionMismatches };
}

/** How many of each kind of finding a stored check keeps (its counts are complete). */
const FINDINGS_KEPT = 20;

export type StoredLedgerCheck = {
  checkedAt: Date;
  checkedBy: string;
  entryCount: number;
  unbalancedEntryCount: number;
  balanceMismatchCount: number;
  /** Null for a check kept before positions were stored and proved. */
  positionMismatchCount: number | null;
  findings: Pick<LedgerCheck, 'unbalancedEntries' | 'balanceMismatches' | 'positionMismatches'>;
  durationMs: number;
};

/** Runs the ledger proof and keeps its result, so the console shows when it last ran and what it found. */
export async function recordLedgerCheck(
  db: Db,
  clock: Clock,
  checkedBy: string,
): Promise<{ check: LedgerCheck; stored: StoredLedgerCheck }> {
  const started = performance.now();
  const check = await checkLedger(db);
  const stored: StoredLedgerCheck = {
    checkedAt: clock.now(),
    checkedBy,
    entryCount: check.entries,
    unbalancedEntryCount: check.unbalancedEntries.length,
    balanceMismatchCount: check.balanceMismatches.length,
    positionMismatchCount: check.positionMismatches.length,
    findings: {
      unbalancedEntries: check.unbalancedEntries
        .slice(0, FINDINGS_KEPT)
        .map((e) => ({ entryId: Number(e.entryId), sumCents: Number(e.sumCents) })),
      balanceMismatches: check.balanceMismatches.slice(0, FINDINGS_KEPT).map((m) => ({
        contractId: m.contractId,
        contractNumber: m.contractNumber,
        account: m.account,
        cachedCents: Number(m.cachedCents),
        postedCents: Number(m.postedCents),
      })),
      positionMismatches: check.positionMismatches.slice(0, FINDINGS_KEPT),
    },
    durationMs: Math.round(performance.now() - started),
  };
  // ledger_checks has no column for the position count (it predates positions): it is kept with the findings.
  const { positionMismatchCount, findings, ...columns } = stored;
  await db.insert(ledgerChecks).values({ ...columns, findings: { ...findings, positionMismatchCount } });
  return { check, stored };
}

/** The latest stored ledger check, or null when none has run. */
export async function latestLedgerCheck(db: Db): Promise<StoredLedgerCheck | null> {
  const [row] = await db.select().from(ledgerChecks).orderBy(desc(ledgerChecks.id)).limit(1);
  if (!row) return null;
  const { id: _id, findings, ...rest } = row;
  const {
    positionMismatchCount = null,
    positionMismatches = [],
    ...earlier
  } = findings as Partial<StoredLedgerCheck['findings']> & { positionMismatchCount?: number };
  return {
    ...rest,
    positionMismatchCount,
    findings: {
      ...(earlier as Pick<LedgerCheck, 'unbalancedEntries' | 'balanceMismatches'>),
      positionMismatches,
    },
  };
}
