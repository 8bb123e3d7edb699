import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import { maskEmail, maskPhone } from '../core/masking.ts';
import type { Db } from '../db/database.ts';
import { oneTimeCodes, users, verificationLinks } from '../db/schema.ts';
import { formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type { ContactDetails } from './contact-details.schemas.ts';
import { MAX_GUESSES_PER_CODE, redeemOneTimeCode, sendOneTimeCode } from './one-time-codes.ts';
import type { ActiveSession } from './sessions.ts';
import { countFailure, factorsOf, type SignInDeps } from './sign-in.ts';

/**
 * A signed-in user's email address and mobile number, and the one-time codes by email or text
 * message as sign-in factors. Every change is audited and told to the owner by email.
 * - A new email address is proved by a link mailed to it (an hour, once); the old address is told.
 * - A mobile number is proved by a code texted to it, bound to the session that asked.
 * - Email codes are turned on only with a code just mailed to the address (so a mailbox that does not
 *   receive cannot become the only way in). That code is a `step_up` code of the session: it proves
 *   the same thing (this person reads this mailbox, now), and the purposes stay the schema's three.
 * Wrong codes count toward the account lock, as at sign-in: an enrolling session has only the password.
 */
export const EMAIL_LINK_LIFETIME_MS = 60 * 60_000;
/** Change-of-email links one user may have mailed per hour, so the form cannot be used to spam. */
export const MAX_EMAIL_LINKS_PER_HOUR = 5;

export type ContactDeps = Pick<SignInDeps, 'mfa' | 'pepper' | 'sms'> & {
  /** The web page a change-of-email link opens. */
  verifyEmailUrl: (token: string) => string;
};

export type ChangeMeta = { ip?: string | undefined; requestId?: string | undefined };

type User = typeof users.$inferSelect;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const LOCKED = () =>
  new DomainError(
    'locked',
    'AUTH.LOCKED',
    'This account is locked after too many failed sign-ins. Wait 24 hours, or call us to unlock it.',
  );

const WRONG_CODE = () =>
  new DomainError('invalid', 'AUTH.INVALID_CODE', 'That code is not right. Check it and try again.', {
    code: 'That code is not right.',
  });

const NO_CODE = (what: string) =>
  new DomainError('conflict', 'CONTACT.NO_CODE', `There is no code waiting to be used. ${what}`);

const LAST_FACTOR = () =>
  new DomainError(
    'conflict',
    'AUTH.LAST_FACTOR',
    'This is your only way to confirm it is you at sign-in. Set up another one before you turn this one off.',
  );

async function userRow(db: Db, userId: string, lock = false): Promise<User> {
  const query = db.select().from(users).where(eq(users.id, userId));
  const [user] = lock ? await query.for('update') : await query;
  if (!user) throw new DomainError('unauthenticated', 'AUTH.SIGNED_OUT', 'Please sign in.');
  return user;
}

/** Mails the owner a security notice ("the mobile number … was added"); always sent, never optional. */
async function notify(db: Db, clock: Clock, user: User, change: string): Promise<void> {
  await sendMail(db, clock, {
    to: user.email,
    ...renderMail('security-change', {
      displayName: user.displayName,
      userId: user.loginId,
      when: formatMailInstant(clock.now()),
      change,
    }),
  });
}

function audit(db: Db, user: User, action: string, details: Record<string, unknown>, meta: ChangeMeta) {
  return recordAudit(db, {
    actor: { type: 'user', id: user.id },
    action,
    resource: { type: 'user', id: user.id },
    details,
    requestId: meta.requestId,
    ip: meta.ip,
  });
}

/** Refuses a change that leaves no second factor where one is required (customers by the portal's setting, staff always). */
async function requireAFactorLeft(db: Db, deps: ContactDeps, after: User): Promise<void> {
  if (deps.mfa === 'optional' && after.kind !== 'staff') return;
  if ((await factorsOf(db, after)).length === 0) throw LAST_FACTOR();
}

/** The newest code of this kind for the session, if it can still be used: unspent, in time, with guesses left. */
async function usableCode(
  db: Db,
  clock: Clock,
  userId: string,
  kind: { purpose: 'verify_phone' | 'step_up'; channel: 'email' | 'sms'; sessionTokenHash: string },
) {
  const [latest] = await db
    .select()
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.userId, userId),
        eq(oneTimeCodes.purpose, kind.purpose),
        eq(oneTimeCodes.channel, kind.channel),
        eq(oneTimeCodes.sessionTokenHash, kind.sessionTokenHash),
      ),
    )
    .orderBy(desc(oneTimeCodes.createdAt), desc(oneTimeCodes.id))
    .limit(1);
  const usable =
    latest?.usedAt === null && latest.expiresAt > clock.now() && latest.attempts < MAX_GUESSES_PER_CODE;
  return usable ? latest : undefined;
}

export async function contactDetails(db: Db, clock: Clock, session: ActiveSession): Promise<ContactDetails> {
  const user = await userRow(db, session.user.id);
  const [link] = await db
    .select({ email: verificationLinks.email })
    .from(verificationLinks)
    .where(
      and(
        eq(verificationLinks.userId, user.id),
        eq(verificationLinks.purpose, 'change_email'),
        isNull(verificationLinks.usedAt),
        gt(verificationLinks.expiresAt, clock.now()),
      ),
    )
    .orderBy(desc(verificationLinks.createdAt))
    .limit(1);
  const pending = await usableCode(db, clock, user.id, {
    purpose: 'verify_phone',
    channel: 'sms',
    sessionTokenHash: session.tokenHash,
  });
  return {
    email: user.email,
    pendingEmail: link?.email ?? null,
    phone: user.phone,
    phoneVerified: user.phone !== null && user.phoneVerifiedAt !== null,
    pendingPhone: pending?.destination ?? null,
    emailCodes: user.emailCodesEnabled,
    smsCodes: user.smsCodesEnabled && user.phoneVerifiedAt !== null,
  };
}

/**
 * Mails a link to the new address; the address changes only when the link is opened. Older links of
 * the user stop working, so only the newest address asked for can be confirmed.
 */
export async function requestEmailChange(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  userId: string,
  email: string,
  meta: ChangeMeta,
): Promise<{ pendingEmail: string }> {
  return db.transaction(async (tx) => {
    const user = await userRow(tx, userId, true);
    if (user.email.toLowerCase() === email.toLowerCase()) {
      throw new DomainError('invalid', 'CONTACT.SAME_EMAIL', 'That is already your email address.', {
        email: 'This is already your email address. Enter the new one.',
      });
    }
    const now = clock.now();
    const [recent] = await tx
      .select({ n: count() })
      .from(verificationLinks)
      .where(
        and(
          eq(verificationLinks.userId, user.id),
          eq(verificationLinks.purpose, 'change_email'),
          gt(verificationLinks.createdAt, new Date(now.getTime() - 60 * 60_000)),
        ),
      );
    if ((recent?.n ?? 0) >= MAX_EMAIL_LINKS_PER_HOUR) {
      throw new DomainError(
        'rate_limited',
        'CONTACT.TOO_MANY_LINKS',
        'We have sent several links already. Use the newest one, or try again in an hour.',
      );
    }
    await tx
      .update(verificationLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(verificationLinks.userId, user.id),
          eq(verificationLinks.purpose, 'change_email'),
          isNull(verificationLinks.usedAt),
        ),
      );
    const token = randomBytes(32).toString('base64url');
    await tx.insert(verificationLinks).values({
      purpose: 'change_email',
      userId: user.id,
      email,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + EMAIL_LINK_LIFETIME_MS),
      createdAt: now,
    });
    await sendMail(tx, clock, {
      to: email,
      ...renderMail('email-change-verify', {
        displayName: user.displayName,
        userId: user.loginId,
        verifyUrl: deps.verifyEmailUrl(token),
        validFor: '1 hour',
      }),
    });
    await audit(tx, user, 'user.email_change_request', { to: maskEmail(email) }, meta);
    return { pendingEmail: email };
  });
}

/**
 * Makes the address of a change-of-email link the user's, once: the link is spent by one conditional
 * UPDATE. The link alone is the proof (it reached the new mailbox), so it works in any browser. The
 * old address is told, in case someone else made the change.
 */
export async function confirmEmailChange(
  db: Db,
  clock: Clock,
  token: string,
  meta: ChangeMeta,
): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const [link] = await tx
      .update(verificationLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(verificationLinks.tokenHash, hashToken(token)),
          eq(verificationLinks.purpose, 'change_email'),
          isNull(verificationLinks.usedAt),
          gt(verificationLinks.expiresAt, now),
        ),
      )
      .returning({ userId: verificationLinks.userId, email: verificationLinks.email });
    if (!link?.userId) {
      throw new DomainError(
        'invalid',
        'CONTACT.EMAIL_LINK_INVALID',
        'This link has expired or was already used. Ask for a new one in your security settings.',
      );
    }
    const user = await userRow(tx, link.userId, true);
    await tx.update(users).set({ email: link.email }).where(eq(users.id, user.id));
    await sendMail(tx, clock, {
      to: user.email,
      ...renderMail('email-changed', {
        displayName: user.displayName,
        userId: user.loginId,
        when: formatMailInstant(now),
        newEmail: maskEmail(link.email),
      }),
    });
    await audit(
      tx,
      user,
      'user.email_change',
      { from: maskEmail(user.email), to: maskEmail(link.email) },
      meta,
    );
    return { email: link.email };
  });
}

/** Texts a code to a new mobile number; the number is the user's once the code comes back (confirmPhone). */
export async function startPhoneVerification(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  session: ActiveSession,
  phone: string,
): Promise<{ sentTo: string }> {
  return db.transaction(async (tx) => {
    const user = await userRow(tx, session.user.id);
    if (user.phone === phone && user.phoneVerifiedAt !== null) {
      throw new DomainError('invalid', 'CONTACT.SAME_PHONE', 'That is already your mobile number.', {
        phone: 'This is already your mobile number.',
      });
    }
    return sendOneTimeCode(tx, clock, deps, {
      user,
      purpose: 'verify_phone',
      channel: 'sms',
      destination: phone,
      sessionTokenHash: session.tokenHash,
    });
  });
}

/**
 * Checks a code inside a transaction that holds the user row; a wrong one counts toward the lock and
 * must commit even though the request then fails, so the caller throws after the transaction.
 */
async function checkCode(
  tx: Db,
  clock: Clock,
  deps: ContactDeps,
  user: User,
  kind: { purpose: 'verify_phone' | 'step_up'; channel: 'email' | 'sms'; sessionTokenHash: string },
  code: string,
): Promise<boolean> {
  if (user.lockedUntil !== null && user.lockedUntil > clock.now()) throw LOCKED();
  const ok = await redeemOneTimeCode(tx, clock, deps.pepper, { userId: user.id, code, ...kind });
  if (!ok) await countFailure(tx, clock, user.id);
  return ok;
}

/** Makes the number the last code was texted to the user's, proved; the owner is told by email. */
export async function confirmPhone(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  session: ActiveSession,
  code: string,
  meta: ChangeMeta,
): Promise<{ phone: string }> {
  const kind = { purpose: 'verify_phone', channel: 'sms', sessionTokenHash: session.tokenHash } as const;
  const outcome = await db.transaction(async (tx) => {
    const user = await userRow(tx, session.user.id, true);
    if (!(await usableCode(tx, clock, user.id, kind))) {
      throw NO_CODE('Enter your mobile number again and we will text you a new code.');
    }
    if (!(await checkCode(tx, clock, deps, user, kind, code))) return undefined;
    // The row the redeem just spent says which number the code went to.
    const [spent] = await tx
      .select({ destination: oneTimeCodes.destination })
      .from(oneTimeCodes)
      .where(
        and(
          eq(oneTimeCodes.userId, user.id),
          eq(oneTimeCodes.purpose, kind.purpose),
          eq(oneTimeCodes.sessionTokenHash, kind.sessionTokenHash),
          isNotNull(oneTimeCodes.usedAt),
        ),
      )
      .orderBy(desc(oneTimeCodes.usedAt), desc(oneTimeCodes.id))
      .limit(1);
    if (!spent) throw new Error('a redeemed code has no row');
    const phone = spent.destination;
    const previous = user.phoneVerifiedAt !== null ? user.phone : null;
    await tx.update(users).set({ phone, phoneVerifiedAt: clock.now() }).where(eq(users.id, user.id));
    await notify(
      tx,
      clock,
      user,
      previous && previous !== phone
        ? `your mobile number was changed from ${maskPhone(previous)} to ${maskPhone(phone)}.`
        : `the mobile number ${maskPhone(phone)} was added.`,
    );
    await audit(
      tx,
      user,
      'user.phone_verify',
      { phone: maskPhone(phone), replaced: previous ? maskPhone(previous) : null },
      meta,
    );
    return { phone };
  });
  if (!outcome) throw WRONG_CODE();
  return outcome;
}

/** Removes the mobile number, and with it text-message codes (refused if they are the last factor). */
export async function removePhone(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  session: ActiveSession,
  meta: ChangeMeta,
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await userRow(tx, session.user.id, true);
    if (user.phone === null) {
      throw new DomainError('not_found', 'CONTACT.NO_PHONE', 'There is no mobile number on your account.');
    }
    const after = { ...user, phone: null, phoneVerifiedAt: null, smsCodesEnabled: false };
    await requireAFactorLeft(tx, deps, after);
    await tx
      .update(users)
      .set({ phone: null, phoneVerifiedAt: null, smsCodesEnabled: false })
      .where(eq(users.id, user.id));
    await notify(
      tx,
      clock,
      user,
      `the mobile number ${maskPhone(user.phone)} was removed${user.smsCodesEnabled ? ', and with it sign-in codes by text message' : ''}.`,
    );
    await audit(
      tx,
      user,
      'user.phone_remove',
      { phone: maskPhone(user.phone), smsCodesOff: user.smsCodesEnabled },
      meta,
    );
  });
}

/** Mails a code to the address on file, which `setCodeFactors` takes to turn email codes on. */
export async function sendEmailFactorCode(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  session: ActiveSession,
): Promise<{ sentTo: string }> {
  return db.transaction(async (tx) => {
    const user = await userRow(tx, session.user.id);
    return sendOneTimeCode(tx, clock, deps, {
      user,
      purpose: 'step_up',
      channel: 'email',
      destination: user.email,
      sessionTokenHash: session.tokenHash,
    });
  });
}

const CHANNEL_NAME = { email: 'email', sms: 'text message' } as const;

/**
 * Turns sign-in codes by email or text message on or off. SMS needs a proved number; email needs a
 * code just mailed (sendEmailFactorCode); turning off the last factor is refused where one is
 * required. Answers the settings and whether a factor was turned on (which ends an enrolment).
 */
export async function setCodeFactors(
  db: Db,
  clock: Clock,
  deps: ContactDeps,
  session: ActiveSession,
  input: { email?: boolean | undefined; sms?: boolean | undefined; code?: string | undefined },
  meta: ChangeMeta,
): Promise<{ emailCodes: boolean; smsCodes: boolean; turnedOn: boolean }> {
  const outcome = await db.transaction(async (tx) => {
    const user = await userRow(tx, session.user.id, true);
    const next = {
      email: input.email ?? user.emailCodesEnabled,
      sms: input.sms ?? user.smsCodesEnabled,
    };
    const change = { email: next.email !== user.emailCodesEnabled, sms: next.sms !== user.smsCodesEnabled };
    if (change.sms && next.sms && (user.phone === null || user.phoneVerifiedAt === null)) {
      throw new DomainError(
        'conflict',
        'CONTACT.NO_PHONE',
        'Add your mobile number and confirm it with the code we text you first.',
      );
    }
    if (change.email && next.email) {
      if (input.code === undefined) {
        throw new DomainError('invalid', 'AUTH.CODE_REQUIRED', 'Enter the code we emailed you.', {
          code: 'Enter the code we emailed you.',
        });
      }
      const kind = { purpose: 'step_up', channel: 'email', sessionTokenHash: session.tokenHash } as const;
      if (!(await usableCode(tx, clock, user.id, kind))) throw NO_CODE('Ask for a new code.');
      if (!(await checkCode(tx, clock, deps, user, kind, input.code))) return undefined;
    }
    const after = { ...user, emailCodesEnabled: next.email, smsCodesEnabled: next.sms };
    if ((change.email && !next.email) || (change.sms && !next.sms)) await requireAFactorLeft(tx, deps, after);
    await tx
      .update(users)
      .set({ emailCodesEnabled: next.email, smsCodesEnabled: next.sms })
      .where(eq(users.id, user.id));
    for (const channel of ['email', 'sms'] as const) {
      if (!change[channel]) continue;
      const where = channel === 'email' ? maskEmail(user.email) : maskPhone(user.phone ?? '');
      await notify(
        tx,
        clock,
        user,
        `sign-in codes by ${CHANNEL_NAME[channel]} (to ${where}) were turned ${next[channel] ? 'on' : 'off'}.`,
      );
      await audit(tx, user, 'user.code_factor_change', { channel, enabled: next[channel] }, meta);
    }
    return {
      emailCodes: next.email,
      smsCodes: next.sms,
      turnedOn: (change.email && next.email) || (change.sms && next.sms),
    };
  });
  if (!outcome) throw WRONG_CODE();
  return outcome;
}
