import { createChallenge, extractParams, verifySolution } from 'altcha-lib';
import type { Challenge, Payload } from 'altcha-lib/types';
import { and, eq, gte, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { redeemedChallenges, signInEvents } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * After repeated failed sign-ins, a proof-of-work challenge (ALTCHA, self-hosted: no third party, no
 * tracking): the browser spends about a second of work per try, which makes guessing at scale costly
 * while a person barely notices. Failures are counted per User ID as typed (known or not, so the
 * challenge says nothing about which IDs exist) and per address.
 */
export const CHALLENGE_AFTER_FAILURES = 3;
const WINDOW_MS = 60 * 60_000;
const CHALLENGE_LIFETIME_MS = 10 * 60_000;
/** SHA-256 tries at most: a phone finds the number in about a second on average. */
export const CHALLENGE_MAX_NUMBER = 50_000;

const FAILURES = ['bad_password', 'unknown_user', 'bad_code'] as const;

export async function isChallengeRequired(
  db: Db,
  clock: Clock,
  attemptedLoginId: string,
  ip: string | undefined,
) {
  const since = new Date(clock.now().getTime() - WINDOW_MS);
  const recent = await db
    .select({ attempted: signInEvents.attemptedLoginId, ip: signInEvents.ip })
    .from(signInEvents)
    .where(
      and(
        inArray(signInEvents.result, [...FAILURES]),
        gte(signInEvents.occurredAt, since),
        or(eq(signInEvents.attemptedLoginId, attemptedLoginId), ip ? eq(signInEvents.ip, ip) : undefined),
      ),
    );
  const byId = recent.filter((r) => r.attempted === attemptedLoginId).length;
  const byIp = ip ? recent.filter((r) => r.ip === ip).length : 0;
  return byId >= CHALLENGE_AFTER_FAILURES || byIp >= CHALLENGE_AFTER_FAILURES;
}

export function issueChallenge(hmacKey: string, clock: Clock): Promise<Challenge> {
  return createChallenge({
    hmacKey,
    algorithm: 'SHA-256',
    maxNumber: CHALLENGE_MAX_NUMBER,
    expires: new Date(clock.now().getTime() + CHALLENGE_LIFETIME_MS),
  });
}

/** Checks a solved challenge (base64 JSON, as the ALTCHA client sends it) and spends it: each works once. */
export async function redeemChallenge(
  db: Db,
  clock: Clock,
  hmacKey: string,
  solution: string | undefined,
): Promise<boolean> {
  if (!solution) return false;
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(solution, 'base64').toString('utf8')) as Payload;
  } catch {
    return false;
  }
  // The expiry is checked against the portal's clock, not the library's.
  if (!(await verifySolution(payload, hmacKey, false))) return false;
  const expires = Number(extractParams(payload).expires) * 1000;
  if (!Number.isFinite(expires) || expires <= clock.now().getTime()) return false;
  const spent = await db
    .insert(redeemedChallenges)
    .values({ signature: payload.signature, expiresAt: new Date(expires) })
    .onConflictDoNothing()
    .returning({ signature: redeemedChallenges.signature });
  return spent.length === 1;
}
