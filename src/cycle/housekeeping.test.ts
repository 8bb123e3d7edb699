import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import {
  formAttempts,
  idempotencyKeys,
  oneTimeCodes,
  passwordResetTokens,
  redeemedChallenges,
  sessions,
  users,
  verificationLinks,
  webauthnChallenges,
} from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { openTestDatabase, TEST_TODAY } from '../test-support/test-app.ts';
import {
  FORM_ATTEMPTS_KEPT_MS,
  GRACE_MS,
  IDEMPOTENCY_KEYS_KEPT_MS,
  pruneExpiredRows,
} from './housekeeping.ts';

// Each table gets rows just past the point where nothing reads them any more and rows just before
// it (a minute either side), so a rule one step too eager or too lazy fails.
const clock = fixedClock(TEST_TODAY);
const now = clock.now().getTime();
const at = (msFromNow: number) => new Date(now + msFromNow);
const MINUTE = 60_000;
let database: Database;
let userId: string;

const ids = async (table: PgTable, column: PgColumn) =>
  (await database.db.select({ id: column }).from(table).orderBy(column)).map((r) => String(r.id));

beforeAll(async () => {
  database = await openTestDatabase();
  const { db } = database;
  const [user] = await db
    .insert(users)
    .values({ loginId: 'ana', email: 'ana@example.com', displayName: 'Ana', kind: 'customer' })
    .returning({ id: users.id });
  userId = user!.id;

  await db.insert(formAttempts).values([
    { form: 'register', ip: 'old', occurredAt: at(-FORM_ATTEMPTS_KEPT_MS - MINUTE) },
    { form: 'guest_payment', ip: 'kept', occurredAt: at(-FORM_ATTEMPTS_KEPT_MS + MINUTE) },
    { form: 'forgot_password', ip: 'live', occurredAt: at(-MINUTE) },
  ]);
  const code = (destination: string, expiresAt: Date, usedAt: Date | null = null) => ({
    userId,
    purpose: 'sign_in' as const,
    channel: 'email' as const,
    destination,
    codeHash: 'x',
    expiresAt,
    usedAt,
    createdAt: new Date(expiresAt.getTime() - 10 * MINUTE),
  });
  await db
    .insert(oneTimeCodes)
    .values([
      code('old', at(-GRACE_MS - MINUTE)),
      code('old-used', at(-GRACE_MS - MINUTE), at(-GRACE_MS - 5 * MINUTE)),
      code('grace', at(-GRACE_MS + MINUTE)),
      code('live', at(5 * MINUTE)),
    ]);
  await db.insert(webauthnChallenges).values([
    { challenge: 'old', purpose: 'authenticate', expiresAt: at(-GRACE_MS - MINUTE) },
    { challenge: 'grace', purpose: 'authenticate', expiresAt: at(-GRACE_MS + MINUTE) },
    { challenge: 'live', purpose: 'register', userId, expiresAt: at(4 * MINUTE) },
  ]);
  await db.insert(redeemedChallenges).values([
    { signature: 'old', expiresAt: at(-GRACE_MS - MINUTE) },
    { signature: 'grace', expiresAt: at(-GRACE_MS + MINUTE) },
    // Redeemed a minute ago and valid for nine more: deleting it would let it be spent again.
    { signature: 'live', expiresAt: at(9 * MINUTE) },
  ]);
  const link = (tokenHash: string, expiresAt: Date) => ({
    tokenHash,
    expiresAt,
    createdAt: new Date(expiresAt.getTime() - 60 * MINUTE),
  });
  await db.insert(passwordResetTokens).values([
    { userId, ...link('old', at(-GRACE_MS - MINUTE)) },
    { userId, ...link('live', at(30 * MINUTE)) },
  ]);
  await db.insert(verificationLinks).values([
    { purpose: 'change_email', userId, email: 'a@example.com', ...link('old', at(-GRACE_MS - MINUTE)) },
    { purpose: 'change_email', userId, email: 'b@example.com', ...link('live', at(30 * MINUTE)) },
  ]);
  const session = (tokenHash: string, times: { idle: number; end: number; revoked?: number }) => ({
    tokenHash,
    userId,
    state: 'active' as const,
    createdAt: at(-12 * 60 * MINUTE),
    lastSeenAt: at(times.idle - 15 * MINUTE),
    idleExpiresAt: at(times.idle),
    expiresAt: at(times.end),
    revokedAt: times.revoked === undefined ? null : at(times.revoked),
  });
  await db
    .insert(sessions)
    .values([
      session('idle-old', { idle: -GRACE_MS - MINUTE, end: 6 * 60 * MINUTE }),
      session('ended-old', { idle: -GRACE_MS - MINUTE, end: -GRACE_MS - MINUTE }),
      session('revoked-old', { idle: 10 * MINUTE, end: 6 * 60 * MINUTE, revoked: -GRACE_MS - MINUTE }),
      session('idle-grace', { idle: -GRACE_MS + MINUTE, end: 6 * 60 * MINUTE }),
      session('revoked-grace', { idle: 10 * MINUTE, end: 6 * 60 * MINUTE, revoked: -GRACE_MS + MINUTE }),
      session('live', { idle: 10 * MINUTE, end: 6 * 60 * MINUTE }),
    ]);
  const key = (scope: string, createdAt: Date) => ({
    scope,
    key: `key-${scope}`,
    requestHash: 'h',
    createdAt,
  });
  await db
    .insert(idempotencyKeys)
    .values([
      key('old', at(-IDEMPOTENCY_KEYS_KEPT_MS - MINUTE)),
      key('kept', at(-IDEMPOTENCY_KEYS_KEPT_MS + MINUTE)),
      key('day-old', at(-24 * 60 * MINUTE - MINUTE)),
    ]);
});
afterAll(() => database.close());

describe('pruneExpiredRows', () => {
  it('deletes the rows nothing reads any more, a few at a time, and counts them per table', async () => {
    expect(await pruneExpiredRows(database.db, clock, { batch: 2 })).toEqual({
      form_attempts: 1,
      one_time_codes: 2,
      webauthn_challenges: 1,
      redeemed_challenges: 1,
      password_reset_tokens: 1,
      verification_links: 1,
      sessions: 3,
      idempotency_keys: 1,
    });
  });

  it('keeps live rows, rows within their grace period, and a day-old idempotency key', async () => {
    expect(await ids(formAttempts, formAttempts.ip)).toEqual(['kept', 'live']);
    expect(await ids(oneTimeCodes, oneTimeCodes.destination)).toEqual(['grace', 'live']);
    expect(await ids(webauthnChallenges, webauthnChallenges.challenge)).toEqual(['grace', 'live']);
    expect(await ids(redeemedChallenges, redeemedChallenges.signature)).toEqual(['grace', 'live']);
    expect(await ids(passwordResetTokens, passwordResetTokens.tokenHash)).toEqual(['live']);
    expect(await ids(verificationLinks, verificationLinks.tokenHash)).toEqual(['live']);
    expect(await ids(sessions, sessions.tokenHash)).toEqual(['idle-grace', 'live', 'revoked-grace']);
    expect(await ids(idempotencyKeys, idempotencyKeys.scope)).toEqual(['day-old', 'kept']);
  });

  it('finds nothing to delete when run again', async () => {
    const again = await pruneExpiredRows(database.db, clock);
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });
});
