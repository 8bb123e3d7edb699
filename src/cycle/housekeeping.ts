import { lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.ts';
import {
  formAttempts,
  idempotencyKeys,
  oneTimeCodes,
  passwordResetTokens,
  redeemedChallenges,
  sessions,
  verificationLinks,
  webauthnChallenges,
} from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * Pruning of short-lived rows that nothing reads once they are over: throttle tries, one-time codes,
 * challenges, reset and verification links, ended sessions, and old idempotency keys. Each row goes
 * only when every service that reads it would ignore it anyway, plus a grace period (app processes'
 * clocks differ a little, and support may look at a failure from an hour ago). Ledger, payment,
 * audit and sign-in history rows are records, never pruned here.
 */

/** Kept this long past expiry; longer than any clock skew between app processes. */
export const GRACE_MS = 60 * 60_000;
/**
 * Form tries are counted over an hour (form-throttle.ts, guest-payments.ts); a day keeps every
 * window whole even if one grows to a day.
 */
export const FORM_ATTEMPTS_KEPT_MS = 24 * 60 * 60_000;
/**
 * A client may retry a payment with its Idempotency-Key for at least 24 hours (as Stripe promises);
 * a week also covers an integration that retries after a weekend's outage.
 */
export const IDEMPOTENCY_KEYS_KEPT_MS = 7 * 24 * 60 * 60_000;
/** Rows per DELETE: each batch commits on its own, so a big table is never locked for long. */
export const PRUNE_BATCH = 5_000;

/**
 * Deletes, batch by batch, the rows of `table` matching `stale`. Batches pick rows by ctid, so
 * tables with composite keys are pruned the same way, with a TID scan.
 */
async function pruneTable(db: Db, table: PgTable, stale: SQL, batch: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const picked = db.select({ ctid: sql`ctid` }).from(table).where(stale).limit(batch);
    const rows = await db.delete(table).where(sql`ctid = any(array(${picked}))`).returning({ one: sql`1` });
    deleted += rows.length;
    if (rows.length < batch) return deleted;
  }
}

/** Prunes every short-lived table; answers how many rows each lost. Safe to run at any time, and twice. */
export async function pruneExpiredRows(
  db: Db,
  clock: Clock,
  options: { batch?: number } = {},
): Promise<Record<string, number>> {
  const now = clock.now().getTime();
  const expired = new Date(now - GRACE_MS);
  const batch = options.batch ?? PRUNE_BATCH;
  const rules: [string, PgTable, SQL][] = [
    ['form_attempts', formAttempts, lt(formAttempts.occurredAt, new Date(now - FORM_ATTEMPTS_KEPT_MS))],
    // Only the newest code of a kind works, and it expires last: an expired code never uncovers a live one.
    ['one_time_codes', oneTimeCodes, lt(oneTimeCodes.expiresAt, expired)],
    ['webauthn_challenges', webauthnChallenges, lt(webauthnChallenges.expiresAt, expired)],
    // A redeemed proof-of-work challenge must stay until it expires, or it could be spent again.
    ['redeemed_challenges', redeemedChallenges, lt(redeemedChallenges.expiresAt, expired)],
    ['password_reset_tokens', passwordResetTokens, lt(passwordResetTokens.expiresAt, expired)],
    ['verification_links', verificationLinks, lt(verificationLinks.expiresAt, expired)],
    // A session past its idle or absolute end, or signed out, is never found again (sessions.ts).
    [
      'sessions',
      sessions,
      or(
        lt(sessions.expiresAt, expired),
        lt(sessions.idleExpiresAt, expired),
        lt(sessions.revokedAt, expired),
      )!,
    ],
    [
      'idempotency_keys',
      idempotencyKeys,
      lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_KEYS_KEPT_MS)),
    ],
  ];
  const counts: Record<string, number> = {};
  for (const [name, table, stale] of rules) counts[name] = await pruneTable(db, table, stale, batch);
  return counts;
}
