import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../db/database.ts';
import { passkeys, recoveryCodes, signInEvents, users } from '../db/schema.ts';
import { formatMailInstant, renderMail, type SmsGateway, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { isChallengeRequired, issueChallenge, redeemChallenge } from './challenge.ts';
import { type CodeChannel, redeemOneTimeCode, sendOneTimeCode } from './one-time-codes.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  type ActiveSession,
  createSession,
  findSession,
  renewSession,
  revokeSession,
  type SessionMeta,
} from './sessions.ts';

/**
 * Signing in: User ID and password, then a second factor. Failures say nothing about which part
 * was wrong or whether the User ID exists (an unknown User ID costs the same password hash), and
 * ten failures in a row lock the account for 24 hours (a password reset or staff unlock ends it).
 */
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_DURATION_MS = 24 * 60 * 60_000;

export type SignInDeps = {
  mfa: 'required' | 'optional';
  box: SecretBox;
  pepper: Buffer;
  /** Signs and checks the proof-of-work challenges (see challenge.ts). */
  challengeKey: string;
  sms: SmsGateway;
};

/** The second factors a user can have; a passkey alone also signs in (it is two factors in one). */
export type Factor = 'totp' | 'passkey' | 'email' | 'sms' | 'recovery';
/** The factors proved by typing a code. */
export type CodeFactor = 'totp' | 'recovery' | 'email' | 'sms';

/**
 * After the password: `factor` (prove one of these), `enrol` (the user has none and the portal
 * requires one: the session may only set one up), or `done`.
 */
export type PasswordStep =
  | { next: 'factor'; factors: Factor[]; token: string }
  | { next: 'enrol'; token: string }
  | { next: 'done'; token: string };

const INVALID_CREDENTIALS = () =>
  new DomainError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'The User ID or password is not right.');
export const LOCKED = () =>
  new DomainError(
    'locked',
    'AUTH.LOCKED',
    'This account is locked after too many failed sign-ins. Wait 24 hours, or call us to unlock it.',
  );

// A real Argon2id hash of a random password, so an unknown User ID takes as long as a known one.
let dummyHash: Promise<string> | undefined;
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

export async function recordEvent(
  db: Db,
  clock: Clock,
  who: { userId: string | null; attempted: string },
  result: (typeof signInEvents.$inferInsert)['result'],
  meta: SessionMeta,
): Promise<void> {
  await db.insert(signInEvents).values({
    userId: who.userId,
    attemptedLoginId: who.attempted.trim().toLowerCase(),
    occurredAt: clock.now(),
    result,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
}

/** Counts a failure and locks the account at the tenth in a row. */
export async function countFailure(db: Db, clock: Clock, userId: string): Promise<void> {
  const [row] = await db
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, userId))
    .returning({ failures: users.failedSignIns });
  if ((row?.failures ?? 0) >= LOCK_AFTER_FAILURES) {
    const until = new Date(clock.now().getTime() + LOCK_DURATION_MS);
    const [owner] = await db
      .update(users)
      .set({ lockedUntil: until, failedSignIns: 0 })
      .where(eq(users.id, userId))
      .returning({ email: users.email, displayName: users.displayName, loginId: users.loginId });
    if (owner) {
      await sendMail(db, clock, {
        to: owner.email,
        ...renderMail('account-locked', {
          displayName: owner.displayName,
          userId: owner.loginId,
          until: formatMailInstant(until),
        }),
      });
    }
    await recordAudit(db, {
      actor: { type: 'system', id: 'sign-in' },
      action: 'user.lock',
      resource: { type: 'user', id: userId },
      details: { reason: `${LOCK_AFTER_FAILURES} failed sign-ins in a row` },
    });
  }
}

export async function signInWithPassword(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  input: { userId: string; password: string; challenge?: string | undefined },
  meta: SessionMeta,
): Promise<PasswordStep> {
  // After repeated failures the proof of work comes first, before any password is checked.
  if (await isChallengeRequired(db, clock, input.userId.trim().toLowerCase(), meta.ip)) {
    if (!(await redeemChallenge(db, clock, deps.challengeKey, input.challenge))) {
      throw new DomainError(
        'unauthenticated',
        'AUTH.CHALLENGE_REQUIRED',
        'Please wait while we check that you are a person, then sign in again.',
        undefined,
        { challenge: await issueChallenge(deps.challengeKey, clock) },
      );
    }
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.loginId}) = lower(${input.userId})`);
  const who = (userId: string | null) => ({ userId, attempted: input.userId });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await timingDummy()), input.password);
  if (!user?.passwordHash) {
    await recordEvent(db, clock, who(null), 'unknown_user', meta);
    throw INVALID_CREDENTIALS();
  }
  const locked = user.lockedUntil !== null && user.lockedUntil > clock.now();
  if (!passwordOk) {
    await recordEvent(db, clock, who(user.id), 'bad_password', meta);
    if (!locked) await countFailure(db, clock, user.id);
    throw INVALID_CREDENTIALS();
  }
  // Only someone who knows the password learns that the account is locked.
  if (locked) {
    await recordEvent(db, clock, who(user.id), 'locked', meta);
    throw LOCKED();
  }
  const factors = await factorsOf(db, user);
  // Staff always need a second factor, whatever the portal's setting for customers.
  if (factors.length === 0 && (deps.mfa === 'required' || user.kind === 'staff')) {
    await recordEvent(db, clock, who(user.id), 'no_factor', meta);
    return { next: 'enrol', token: await createSession(db, clock, user.id, 'enrolling', meta) };
  }
  await recordEvent(db, clock, who(user.id), 'password_ok', meta);
  if (factors.length === 0)
    return { next: 'done', token: await completeSignIn(db, clock, user, undefined, meta) };
  return { next: 'factor', factors, token: await createSession(db, clock, user.id, 'pending', meta) };
}

/** The second factors a user has set up, in the order the sign-in page offers them. */
export async function factorsOf(db: Db, user: typeof users.$inferSelect): Promise<Factor[]> {
  const [passkey] = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id))
    .limit(1);
  const [recovery] = await db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)))
    .limit(1);
  const factors: Factor[] = [];
  if (passkey) factors.push('passkey');
  if (user.totpSecretSealed) factors.push('totp');
  if (user.smsCodesEnabled && user.phone && user.phoneVerifiedAt) factors.push('sms');
  if (user.emailCodesEnabled) factors.push('email');
  // Recovery codes stand in for another factor; alone they are not a way to sign in.
  if (recovery && factors.length > 0) factors.push('recovery');
  return factors;
}

/** Where a code for `channel` goes for this user, or undefined when that factor is not on. */
export function codeDestination(user: typeof users.$inferSelect, channel: CodeChannel): string | undefined {
  if (channel === 'email') return user.emailCodesEnabled ? user.email : undefined;
  return user.smsCodesEnabled && user.phoneVerifiedAt && user.phone ? user.phone : undefined;
}

/** Completes a sign-in: the pending session is spent and a new active one begins (its token is answered). */
export async function completeSignIn(
  db: Db,
  clock: Clock,
  user: { id: string; loginId: string },
  pendingTokenHash: string | undefined,
  meta: SessionMeta,
): Promise<string> {
  const userId = user.id;
  // A new session id at sign-in: the pending one is spent.
  if (pendingTokenHash) await revokeSession(db, clock, pendingTokenHash);
  await db.update(users).set({ failedSignIns: 0 }).where(eq(users.id, userId));
  await alertOnNewDevice(db, clock, userId, meta);
  await recordEvent(db, clock, { userId, attempted: user.loginId }, 'signed_in', meta);
  await recordAudit(db, {
    actor: { type: 'user', id: userId },
    action: 'user.sign_in',
    resource: { type: 'user', id: userId },
    ip: meta.ip,
  });
  return createSession(db, clock, userId, 'active', meta);
}

/** Emails the owner when a sign-in completes from a browser (user agent) never signed in with before. */
async function alertOnNewDevice(db: Db, clock: Clock, userId: string, meta: SessionMeta): Promise<void> {
  const device = meta.userAgent?.slice(0, 300) ?? null;
  const [seen] = await db
    .select({ id: signInEvents.id })
    .from(signInEvents)
    .where(
      and(
        eq(signInEvents.userId, userId),
        eq(signInEvents.result, 'signed_in'),
        device === null ? isNull(signInEvents.userAgent) : eq(signInEvents.userAgent, device),
      ),
    )
    .limit(1);
  if (seen) return;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return;
  await sendMail(db, clock, {
    to: user.email,
    ...renderMail('new-device', {
      displayName: user.displayName,
      userId: user.loginId,
      when: formatMailInstant(clock.now()),
      device: device ?? 'an unknown browser',
      ip: meta.ip ?? 'unknown',
    }),
  });
}

/** TOTP as RFC 6238 with the authenticator apps' defaults: SHA-1, 6 digits, 30 s, ±1 step. */
export function totpFor(base32Secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(base32Secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

export function recoveryCodeHash(pepper: Buffer, code: string): string {
  return createHmac('sha256', pepper).update(code.toUpperCase().replaceAll('-', '')).digest('hex');
}

const SIGN_IN_EXPIRED = () =>
  new DomainError('unauthenticated', 'AUTH.SIGN_IN_EXPIRED', 'Your sign-in timed out. Please start again.');

const INVALID_CODE = () =>
  new DomainError('unauthenticated', 'AUTH.INVALID_CODE', 'That code is not right. Check it and try again.');

/** The session between the password and the second factor, or the sign-in has timed out. */
async function pendingSession(db: Db, clock: Clock, token: string | undefined): Promise<ActiveSession> {
  const pending = await findSession(db, clock, token, { touch: false });
  if (pending?.state !== 'pending') throw SIGN_IN_EXPIRED();
  return pending;
}

/** Sends an email or SMS code to finish this sign-in, if the user has that factor on. */
export async function sendSignInCode(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  pendingToken: string | undefined,
  channel: CodeChannel,
): Promise<{ sentTo: string }> {
  return sendFactorCode(db, clock, deps, await pendingSession(db, clock, pendingToken), channel, 'sign_in');
}

/** Sends an email or SMS code for a step-up in this session. */
export function sendStepUpCode(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  session: ActiveSession,
  channel: CodeChannel,
): Promise<{ sentTo: string }> {
  return sendFactorCode(db, clock, deps, session, channel, 'step_up');
}

async function sendFactorCode(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  session: ActiveSession,
  channel: CodeChannel,
  purpose: 'sign_in' | 'step_up',
): Promise<{ sentTo: string }> {
  const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
  const destination = user && codeDestination(user, channel);
  if (!user || !destination) {
    throw new DomainError('invalid', 'AUTH.FACTOR_UNAVAILABLE', 'That way of getting a code is not set up.', {
      channel: 'Choose a way you have set up.',
    });
  }
  return sendOneTimeCode(db, clock, deps, {
    user,
    purpose,
    channel,
    destination,
    sessionTokenHash: session.tokenHash,
  });
}

/**
 * Checks a typed second factor for a user, inside the caller's transaction with the user row locked:
 * a TOTP code (each time step once), a recovery code (each once), or the newest email/SMS code sent
 * for this purpose and session.
 */
async function acceptCodeFactor(
  tx: Db,
  clock: Clock,
  deps: SignInDeps,
  user: typeof users.$inferSelect,
  input: { method: CodeFactor; code: string },
  bound: { purpose: 'sign_in' | 'step_up'; sessionTokenHash: string },
): Promise<boolean> {
  switch (input.method) {
    case 'totp': {
      if (!user.totpSecretSealed || !/^\d{6}$/.test(input.code)) return false;
      const now = clock.now().getTime();
      const delta = totpFor(deps.box.open(user.totpSecretSealed)).validate({
        token: input.code,
        timestamp: now,
        window: 1,
      });
      const step = delta === null ? undefined : Math.floor(now / 30_000) + delta;
      // Each code works once: a step at or before the last one accepted is a replay.
      if (step === undefined || (user.totpLastStep !== null && step <= user.totpLastStep)) return false;
      await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
      return true;
    }
    case 'recovery': {
      const used = await tx
        .update(recoveryCodes)
        .set({ usedAt: clock.now() })
        .where(
          and(
            eq(recoveryCodes.userId, user.id),
            eq(recoveryCodes.codeHash, recoveryCodeHash(deps.pepper, input.code)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      return used.length === 1;
    }
    case 'email':
    case 'sms':
      if (!codeDestination(user, input.method)) return false;
      return redeemOneTimeCode(tx, clock, deps.pepper, {
        userId: user.id,
        purpose: bound.purpose,
        channel: input.method,
        code: input.code,
        sessionTokenHash: bound.sessionTokenHash,
      });
  }
}

export async function verifySecondFactor(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  pendingToken: string | undefined,
  input: { method: CodeFactor; code: string },
  meta: SessionMeta,
): Promise<string> {
  const pending = await pendingSession(db, clock, pendingToken);
  return db
    .transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(eq(users.id, pending.user.id)).for('update');
      if (!user) throw SIGN_IN_EXPIRED();
      if (user.lockedUntil !== null && user.lockedUntil > clock.now()) throw LOCKED();
      const accepted = await acceptCodeFactor(tx, clock, deps, user, input, {
        purpose: 'sign_in',
        sessionTokenHash: pending.tokenHash,
      });
      if (!accepted) {
        await recordEvent(tx, clock, { userId: user.id, attempted: user.loginId }, 'bad_code', meta);
        await countFailure(tx, clock, user.id);
        // The failure must count even though this request fails: commit it, then answer.
        return '';
      }
      return completeSignIn(tx, clock, user, pending.tokenHash, meta);
    })
    .then((token) => {
      if (!token) throw INVALID_CODE();
      return token;
    });
}

/**
 * Step-up: a signed-in user proves again who they are (the password and, when they have one, a
 * second factor) before a sensitive change. Answers a new session token (the old one ends), whose
 * proof is recent for STEP_UP_WINDOW_MS. Failures count toward the lock like sign-in failures.
 */
export async function stepUp(
  db: Db,
  clock: Clock,
  deps: SignInDeps,
  session: ActiveSession,
  input: { password: string; method?: CodeFactor | undefined; code?: string | undefined },
  meta: SessionMeta,
): Promise<{ token: string; expiresAt: Date }> {
  const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
  if (!user?.passwordHash) throw new DomainError('unauthenticated', 'AUTH.SIGNED_OUT', 'Please sign in.');
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  const needsFactor = (await factorsOf(db, user)).some((f) => f !== 'passkey');
  const outcome = await db.transaction(async (tx) => {
    const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
    if (!locked) return 'failed' as const;
    let ok = passwordOk;
    if (ok && needsFactor) {
      ok =
        input.method !== undefined &&
        input.code !== undefined &&
        (await acceptCodeFactor(
          tx,
          clock,
          deps,
          locked,
          { method: input.method, code: input.code },
          { purpose: 'step_up', sessionTokenHash: session.tokenHash },
        ));
    }
    if (!ok) {
      await recordEvent(tx, clock, { userId: user.id, attempted: user.loginId }, 'bad_step_up', meta);
      await countFailure(tx, clock, user.id);
      return 'failed' as const;
    }
    await tx.update(users).set({ failedSignIns: 0 }).where(eq(users.id, user.id));
    await recordEvent(tx, clock, { userId: user.id, attempted: user.loginId }, 'stepped_up', meta);
    return renewSession(tx, clock, { tokenHash: session.tokenHash, userId: user.id }, meta);
  });
  if (outcome === 'failed') {
    throw new DomainError(
      'unauthenticated',
      'AUTH.STEP_UP_FAILED',
      'That password or code is not right. Check them and try again.',
    );
  }
  return outcome;
}

/** Compares two strings in constant time (for CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The user's sign-in history, newest first: time, address, device and what happened. */
export async function signInHistory(db: Db, userId: string, limit = 50) {
  return db
    .select({
      occurredAt: signInEvents.occurredAt,
      result: signInEvents.result,
      ip: signInEvents.ip,
      userAgent: signInEvents.userAgent,
    })
    .from(signInEvents)
    .where(eq(signInEvents.userId, userId))
    .orderBy(desc(signInEvents.occurredAt), desc(signInEvents.id))
    .limit(limit);
}
