import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { checkPassword, type PasswordContext } from '../core/password-policy.ts';
import type { Db } from '../db/database.ts';
import { customers, passwordResetTokens, sessions, users } from '../db/schema.ts';
import { formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { revokeAllSessions } from './sessions.ts';
import { countFailure, recordEvent } from './sign-in.ts';

/**
 * Account recovery: a forgotten User ID is mailed to the address on file; a forgotten password is
 * replaced through a single-use link valid for an hour; a signed-in person changes theirs. The
 * forgot requests answer the same whether or not anyone matched, so they reveal no account.
 * A reset proves control of the mailbox only, so the second factor is still asked at the next
 * sign-in (sign-in always asks for it).
 */
export const RESET_TOKEN_LIFETIME_MS = 60 * 60_000;

/** Addresses of the web pages that mails link to. */
export type RecoveryLinks = { signIn: string; resetPassword: (token: string) => string };

export type RequestMeta = {
  ip?: string | undefined;
  requestId?: string | undefined;
  userAgent?: string | undefined;
};

const RESET_TOKEN_INVALID = () =>
  new DomainError(
    'invalid',
    'AUTH.RESET_TOKEN_INVALID',
    'This link has expired or was already used. Ask for a new one.',
  );

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Emails every account on this address its User ID. */
export async function remindUserIds(
  db: Db,
  clock: Clock,
  email: string,
  links: RecoveryLinks,
  meta: RequestMeta,
): Promise<void> {
  await db.transaction(async (tx) => {
    const matches = await tx
      .select({ id: users.id, loginId: users.loginId, email: users.email, displayName: users.displayName })
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email.trim()})`)
      .orderBy(users.loginId);
    for (const user of matches) {
      await sendMail(tx, clock, {
        to: user.email,
        ...renderMail('user-id-reminder', {
          displayName: user.displayName,
          userId: user.loginId,
          signInUrl: links.signIn,
        }),
      });
      await recordAudit(tx, {
        actor: { type: 'system', id: 'recovery' },
        action: 'user.user_id_reminder',
        resource: { type: 'user', id: user.id },
        requestId: meta.requestId,
        ip: meta.ip,
      });
    }
  });
}

/** Emails a reset link to the account with this User ID, if there is one with a password. */
export async function requestPasswordReset(
  db: Db,
  clock: Clock,
  loginId: string,
  links: RecoveryLinks,
  meta: RequestMeta,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, loginId: users.loginId, email: users.email, displayName: users.displayName })
      .from(users)
      .where(
        and(sql`lower(${users.loginId}) = lower(${loginId.trim()})`, sql`${users.passwordHash} is not null`),
      );
    // An account without a password has not been registered yet: registration, not a reset, sets it.
    if (!user) return;
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await tx.insert(passwordResetTokens).values({
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + RESET_TOKEN_LIFETIME_MS),
      createdAt: now,
    });
    await sendMail(tx, clock, {
      to: user.email,
      ...renderMail('password-reset', {
        displayName: user.displayName,
        userId: user.loginId,
        resetUrl: links.resetPassword(token),
        validFor: '1 hour',
      }),
    });
    await recordAudit(tx, {
      actor: { type: 'system', id: 'recovery' },
      action: 'user.password_reset_request',
      resource: { type: 'user', id: user.id },
      requestId: meta.requestId,
      ip: meta.ip,
    });
  });
}

type Account = {
  id: string;
  loginId: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
};

/** What a new password must not contain: the User ID and the person's names. */
async function policyContext(db: Db, user: Account): Promise<PasswordContext> {
  const [person] = await db
    .select({ firstName: customers.firstName, lastName: customers.lastName, kind: customers.kind })
    .from(users)
    .innerJoin(customers, eq(customers.id, users.customerId))
    .where(eq(users.id, user.id));
  const names =
    person?.kind === 'person'
      ? [person.firstName, person.lastName]
      : // Staff and business logins: the words of the name shown for them.
        user.displayName.split(/\s+/);
  return { userId: user.loginId, names };
}

async function requireAcceptable(db: Db, user: Account, password: string, field: string): Promise<void> {
  const verdict = checkPassword(password, await policyContext(db, user));
  if (!verdict.ok) {
    throw new DomainError('invalid', 'AUTH.PASSWORD_NOT_ACCEPTED', 'Choose another password.', {
      [field]: verdict.reason,
    });
  }
}

/**
 * What follows every new password, however it was set: open reset links stop working, the owner is
 * told by mail, and the change is audited.
 */
async function afterPasswordChanged(
  db: Db,
  clock: Clock,
  user: Account,
  how: 'reset' | 'change',
  meta: RequestMeta,
): Promise<void> {
  await db
    .update(passwordResetTokens)
    .set({ usedAt: clock.now() })
    .where(and(eq(passwordResetTokens.userId, user.id), isNull(passwordResetTokens.usedAt)));
  await sendMail(db, clock, {
    to: user.email,
    ...renderMail('password-changed', {
      displayName: user.displayName,
      userId: user.loginId,
      when: formatMailInstant(clock.now()),
      how: how === 'reset' ? 'with a password-reset link' : 'while signed in',
      signedOut:
        how === 'reset'
          ? 'Every browser that was signed in has been signed out.'
          : 'Every other browser that was signed in has been signed out.',
    }),
  });
  await recordAudit(db, {
    actor: { type: 'user', id: user.id },
    action: how === 'reset' ? 'user.password_reset' : 'user.password_change',
    resource: { type: 'user', id: user.id },
    requestId: meta.requestId,
    ip: meta.ip,
  });
}

const accountColumns = {
  id: users.id,
  loginId: users.loginId,
  email: users.email,
  displayName: users.displayName,
  passwordHash: users.passwordHash,
};

/**
 * Sets a new password with a reset link. The link is spent by one conditional UPDATE, so of many
 * requests racing with the same link exactly one succeeds. A reset ends a lockout, signs out every
 * session and voids the account's other reset links.
 */
export async function resetPassword(
  db: Db,
  clock: Clock,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<void> {
  const tokenHash = hashToken(input.token);
  const [found] = await db
    .select(accountColumns)
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, tokenHash),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, clock.now()),
      ),
    );
  if (!found) throw RESET_TOKEN_INVALID();
  // A refused password leaves the link usable, so the person can try another.
  await requireAcceptable(db, found, input.password, 'password');
  // Hashed before the transaction: Argon2id takes tens of milliseconds and holds no lock meanwhile.
  const passwordHash = await hashPassword(input.password);

  await db.transaction(async (tx) => {
    const now = clock.now();
    const [spent] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId });
    if (!spent) throw RESET_TOKEN_INVALID();
    await tx
      .update(users)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(users.id, spent.userId));
    await revokeAllSessions(tx, clock, spent.userId);
    await afterPasswordChanged(tx, clock, found, 'reset', meta);
  });
}

/**
 * A signed-in person changes their password: the current one first, then the policy. The session
 * they are using stays; every other session of theirs ends, and any reset link they had is void.
 */
export async function changePassword(
  db: Db,
  clock: Clock,
  session: { userId: string; tokenHash: string },
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const [user] = await db.select(accountColumns).from(users).where(eq(users.id, session.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    if (user) {
      // A wrong current password is a guess like a failed sign-in (someone at an unlocked screen):
      // it is in the history and counts toward the lock.
      await db.transaction(async (tx) => {
        await recordEvent(tx, clock, { userId: user.id, attempted: user.loginId }, 'bad_password', meta);
        await countFailure(tx, clock, user.id);
      });
    }
    throw new DomainError('invalid', 'AUTH.CURRENT_PASSWORD_WRONG', 'Your current password is not right.', {
      currentPassword: 'This is not your current password.',
    });
  }
  if (input.newPassword === input.currentPassword) {
    throw new DomainError('invalid', 'AUTH.PASSWORD_NOT_ACCEPTED', 'Choose another password.', {
      newPassword: 'The new password must differ from the current one.',
    });
  }
  await requireAcceptable(db, user, input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);

  await db.transaction(async (tx) => {
    const now = clock.now();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(sessions.userId, user.id),
          ne(sessions.tokenHash, session.tokenHash),
          isNull(sessions.revokedAt),
        ),
      );
    await afterPasswordChanged(tx, clock, user, 'change', meta);
  });
}
