import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { HeldGrant, Membership } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import {
  contractGrants,
  contracts,
  organizationMembers,
  organizations,
  sessions,
  users,
} from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * Server-side sessions (NIST SP 800-63B-4 §7: reauthentication after 15 minutes idle, and at most
 * 12 hours in all). The browser holds a 256-bit random token; the database holds its SHA-256, so a
 * copy of the table signs nobody in.
 */
export const IDLE_TIMEOUT_MS = 15 * 60_000;
/**
 * A request moves the idle deadline only when it would move by at least this much: a page's burst of
 * calls then writes the session once, not once per call, and a session still ends between 14 and 15
 * minutes after the last activity.
 */
export const TOUCH_GRANULARITY_MS = 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** Between a right password and the second factor. */
export const PENDING_TIMEOUT_MS = 5 * 60_000;
/** Setting up a first factor (scanning a QR code, finding the phone) takes longer than typing a code. */
export const ENROLLING_TIMEOUT_MS = 15 * 60_000;
/** Changing email, phone, password, factors or payment methods needs a sign-in or step-up this recent. */
export const STEP_UP_WINDOW_MS = 5 * 60_000;

export type SessionState = 'pending' | 'enrolling' | 'active';

const LIFETIME_MS: Record<SessionState, number> = {
  pending: PENDING_TIMEOUT_MS,
  enrolling: ENROLLING_TIMEOUT_MS,
  active: ABSOLUTE_TIMEOUT_MS,
};

export type SessionMeta = { ip?: string | undefined; userAgent?: string | undefined };

export type SessionUser = {
  id: string;
  loginId: string;
  displayName: string;
  email: string;
  kind: 'customer' | 'staff';
  staffRole: 'agent' | 'supervisor' | 'admin' | null;
  customerId: string | null;
  /** The organizations the user acts for, read with the session on every request (a removal holds at once). */
  memberships: Membership[];
  /**
   * The grants the user holds on others' contracts, live today: read with the session on every
   * request, so a revocation, an end date passing or the contract ending holds from the next one.
   */
  grants: HeldGrant[];
};

export type ActiveSession = {
  tokenHash: string;
  state: SessionState;
  idleExpiresAt: Date;
  /** When the user last proved who they are in this session (sign-in or step-up). */
  reauthenticatedAt: Date | null;
  expiresAt: Date;
  user: SessionUser;
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  clock: Clock,
  userId: string,
  state: SessionState,
  meta: SessionMeta,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const lifetime = LIFETIME_MS[state];
  await db.insert(sessions).values({
    // An active session starts with a full proof (password and factor), so it counts as recent.
    reauthenticatedAt: state === 'active' ? now : null,
    tokenHash: hashToken(token),
    userId,
    state,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: new Date(now.getTime() + Math.min(IDLE_TIMEOUT_MS, lifetime)),
    expiresAt: new Date(now.getTime() + lifetime),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/**
 * The organizations a customer acts for, as a JSON array beside the session's row: read with the
 * session in its one statement on every request (staff have none).
 */
const customerMemberships = sql<Membership[]>`(
  select coalesce(json_agg(json_build_object(
    'organizationId', ${organizationMembers.organizationId},
    'customerId', ${organizations.customerId},
    'role', ${organizationMembers.role}
  )), '[]'::json)
  from ${organizationMembers}
  inner join ${organizations} on ${organizations.id} = ${organizationMembers.organizationId}
  where ${organizationMembers.userId} = ${users.id} and ${users.kind} = 'customer'
)`;

/**
 * The grants a customer holds that are live today (accepted, not ended, the contract running, the
 * end date not passed: grants.ts's `stateOf` rule), as a JSON array beside the session's row.
 */
const liveGrants = (clock: Clock) => sql<HeldGrant[]>`(
  select coalesce(json_agg(json_build_object(
    'contractId', ${contractGrants.contractId},
    'permission', ${contractGrants.permission}
  )), '[]'::json)
  from ${contractGrants}
  inner join ${contracts} on ${contracts.id} = ${contractGrants.contractId}
  where ${contractGrants.granteeId} = ${users.id} and ${users.kind} = 'customer'
    and ${contractGrants.status} = 'active' and ${contracts.status} = 'active'
    and (${contractGrants.endsOn} is null or ${contractGrants.endsOn} >= ${clock.today()}::date)
)`;

/**
 * The live session a token names, or undefined (unknown, revoked, idle too long, or past its
 * absolute expiry). `touch` restarts the idle timer of an active session, never past the absolute end.
 */
export async function findSession(
  db: Db,
  clock: Clock,
  token: string | undefined,
  options: { touch: boolean },
): Promise<ActiveSession | undefined> {
  if (!token) return undefined;
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      memberships: customerMemberships,
      grants: liveGrants(clock),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  const now = clock.now();
  if (!row || row.session.idleExpiresAt <= now || row.session.expiresAt <= now) return undefined;
  let idleExpiresAt = row.session.idleExpiresAt;
  const movedIdle = new Date(Math.min(now.getTime() + IDLE_TIMEOUT_MS, row.session.expiresAt.getTime()));
  if (
    options.touch &&
    row.session.state === 'active' &&
    movedIdle.getTime() - idleExpiresAt.getTime() >= TOUCH_GRANULARITY_MS
  ) {
    idleExpiresAt = movedIdle;
    await db
      .update(sessions)
      .set({ lastSeenAt: now, idleExpiresAt })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  const { user, memberships, grants } = row;
  return {
    tokenHash,
    state: row.session.state,
    idleExpiresAt,
    expiresAt: row.session.expiresAt,
    reauthenticatedAt: row.session.reauthenticatedAt,
    user: {
      id: user.id,
      loginId: user.loginId,
      displayName: user.displayName,
      email: user.email,
      kind: user.kind,
      staffRole: user.staffRole,
      customerId: user.customerId,
      memberships,
      grants,
    },
  };
}

/** True when the session proved its user within the step-up window. */
export function isRecentlyAuthenticated(session: ActiveSession, clock: Clock): boolean {
  return (
    session.reauthenticatedAt !== null &&
    clock.now().getTime() - session.reauthenticatedAt.getTime() <= STEP_UP_WINDOW_MS
  );
}

/**
 * Ends a session and starts a fresh active one for the same user and browser: after a step-up and
 * when a first factor is set up, so a token seen before the proof is worth nothing after it.
 */
export async function renewSession(
  db: Db,
  clock: Clock,
  old: { tokenHash: string; userId: string },
  meta: SessionMeta,
): Promise<{ token: string; expiresAt: Date }> {
  await revokeSession(db, clock, old.tokenHash);
  const token = await createSession(db, clock, old.userId, 'active', meta);
  return { token, expiresAt: new Date(clock.now().getTime() + ABSOLUTE_TIMEOUT_MS) };
}

export async function revokeSession(db: Db, clock: Clock, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: clock.now() }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeAllSessions(db: Db, clock: Clock, userId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** A session as its owner sees it in "devices and sessions"; the id is the start of the token's hash. */
export type SessionListing = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

const LISTING_ID_LENGTH = 16;

export async function listSessions(
  db: Db,
  clock: Clock,
  userId: string,
  currentTokenHash: string,
): Promise<SessionListing[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.state, 'active'), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastSeenAt));
  const now = clock.now();
  return rows
    .filter((r) => r.idleExpiresAt > now && r.expiresAt > now)
    .map((r) => ({
      id: r.tokenHash.slice(0, LISTING_ID_LENGTH),
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      ip: r.ip,
      userAgent: r.userAgent,
      current: r.tokenHash === currentTokenHash,
    }));
}

/** Ends one of the user's own sessions by its listing id; false when the user has no such session. */
export async function revokeListedSession(
  db: Db,
  clock: Clock,
  userId: string,
  listingId: string,
): Promise<boolean> {
  if (!/^[0-9a-f]{16}$/.test(listingId)) return false;
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: clock.now() })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        sql`left(${sessions.tokenHash}, ${LISTING_ID_LENGTH}) = ${listingId}`,
      ),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return revoked.length > 0;
}
