import { createHmac, randomInt } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { maskEmail, maskPhone } from '../core/masking.ts';
import type { Db } from '../db/database.ts';
import { oneTimeCodes } from '../db/schema.ts';
import { renderMail, type SmsGateway, sendMail } from '../notifications/index.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';

/**
 * One-time codes by email or SMS (NIST SP 800-63B-4 §5.1.3, out-of-band): 6 random digits, valid
 * for 10 minutes and once, stored as a keyed hash. Only the newest code of a kind works; each code
 * takes at most 5 guesses, and a resend is a new code, never a fresh count for the old one. Sign-in
 * and step-up codes are bound to the session that asked for them.
 */
export const CODE_VALID_MS = 10 * 60_000;
export const MAX_GUESSES_PER_CODE = 5;
/** Codes one user may have sent per purpose in a code's lifetime, so a form cannot flood a phone. */
export const MAX_CODES_PER_WINDOW = 5;

export type CodePurpose = (typeof oneTimeCodes.$inferInsert)['purpose'];
export type CodeChannel = 'email' | 'sms';
export type OneTimeCodeDeps = { pepper: Buffer; sms: SmsGateway };

const PURPOSE_TEXT: Record<CodePurpose, string> = {
  sign_in: 'finish signing in',
  step_up: 'confirm it is you',
  verify_phone: 'confirm your mobile number',
};

/** The keyed hash a one-time code is stored as (also business registration's codes). */
export function codeHash(pepper: Buffer, code: string): string {
  return createHmac('sha256', pepper).update(`one-time-code:${code}`).digest('hex');
}

/** Sends a new code; answers where it went, masked ("m•••@example.com", "•••-•••-4567"). */
export async function sendOneTimeCode(
  db: Db,
  clock: Clock,
  deps: OneTimeCodeDeps,
  input: {
    user: { id: string; displayName: string };
    purpose: CodePurpose;
    channel: CodeChannel;
    /** The email address or E.164 number to send to. */
    destination: string;
    sessionTokenHash?: string | undefined;
  },
): Promise<{ sentTo: string }> {
  const now = clock.now();
  const [recent] = await db
    .select({ n: count() })
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.userId, input.user.id),
        eq(oneTimeCodes.purpose, input.purpose),
        gt(oneTimeCodes.createdAt, new Date(now.getTime() - CODE_VALID_MS)),
      ),
    );
  if ((recent?.n ?? 0) >= MAX_CODES_PER_WINDOW) {
    throw new DomainError(
      'rate_limited',
      'AUTH.TOO_MANY_CODES',
      'We have sent several codes already. Use the newest one, or wait 10 minutes and ask again.',
    );
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.insert(oneTimeCodes).values({
    userId: input.user.id,
    purpose: input.purpose,
    channel: input.channel,
    destination: input.destination,
    sessionTokenHash: input.sessionTokenHash ?? null,
    codeHash: codeHash(deps.pepper, code),
    expiresAt: new Date(now.getTime() + CODE_VALID_MS),
    createdAt: now,
  });
  if (input.channel === 'email') {
    await sendMail(db, clock, {
      to: input.destination,
      ...renderMail('one-time-code', {
        displayName: input.user.displayName,
        code,
        purpose: PURPOSE_TEXT[input.purpose],
        validFor: '10 minutes',
      }),
    });
    return { sentTo: maskEmail(input.destination) };
  }
  await deps.sms.send(db, clock, {
    to: input.destination,
    text: `Autofin: ${code} is your code to ${PURPOSE_TEXT[input.purpose]}. It expires in 10 minutes. We will never ask you for it.`,
    template: 'one-time-code',
  });
  return { sentTo: maskPhone(input.destination) };
}

/**
 * Tries a code against the newest unused one of its kind; true once, when it matches in time and
 * guesses remain. A wrong guess is counted on that code (run this in the caller's transaction).
 */
export async function redeemOneTimeCode(
  db: Db,
  clock: Clock,
  pepper: Buffer,
  input: {
    userId: string;
    purpose: CodePurpose;
    channel: CodeChannel;
    code: string;
    sessionTokenHash?: string | undefined;
  },
): Promise<boolean> {
  const now = clock.now();
  const [latest] = await db
    .select()
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.userId, input.userId),
        eq(oneTimeCodes.purpose, input.purpose),
        eq(oneTimeCodes.channel, input.channel),
        input.sessionTokenHash === undefined
          ? isNull(oneTimeCodes.sessionTokenHash)
          : eq(oneTimeCodes.sessionTokenHash, input.sessionTokenHash),
      ),
    )
    .orderBy(desc(oneTimeCodes.createdAt), desc(oneTimeCodes.id))
    .limit(1)
    .for('update');
  if (!latest || latest.usedAt !== null || latest.expiresAt <= now) return false;
  if (latest.attempts >= MAX_GUESSES_PER_CODE) return false;
  if (/^\d{6}$/.test(input.code) && latest.codeHash === codeHash(pepper, input.code)) {
    // The one UPDATE that may spend it: two racing requests cannot both succeed.
    const spent = await db
      .update(oneTimeCodes)
      .set({ usedAt: now })
      .where(and(eq(oneTimeCodes.id, latest.id), isNull(oneTimeCodes.usedAt)))
      .returning({ id: oneTimeCodes.id });
    return spent.length === 1;
  }
  await db
    .update(oneTimeCodes)
    .set({ attempts: sql`${oneTimeCodes.attempts} + 1` })
    .where(eq(oneTimeCodes.id, latest.id));
  return false;
}
