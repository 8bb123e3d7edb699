import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { maskEmail } from '../core/masking.ts';
import {
  type Actor,
  canInOrganization,
  membershipOf,
  ORGANIZATION_ACTIONS,
  type OrganizationAction,
  type OrganizationRole,
} from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  customers,
  organizationInvitations,
  organizationMembers,
  organizations,
  users,
} from '../db/schema.ts';
import { acceptableNewLogin, firstSession, insertLogin, type RegistrationMeta } from '../identity/index.ts';
import { renderMail, sendMail } from '../notifications/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';

/**
 * Organizations: a business customer and the people who act for it. Every call names the
 * organization and asks `core/policy.ts` whether the actor's membership allows the action; an
 * organization someone is not a member of (or may not do that in) answers 404, as if it did not
 * exist. Membership is read with the session on every request, so a role change or a removal holds
 * from the very next request. Every change is an audit event, written in its transaction.
 */

/** How long an invitation link works. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;

/** The limits a new organization starts with (support can change them per organization). */
export const DEFAULT_BULK_PAYMENT_MAX_CENTS = 100_000_000; // $1,000,000 in one bulk payment
export const DEFAULT_DAILY_PAYMENT_MAX_CENTS = 250_000_000; // $2,500,000 a day

export type InvitationLinks = { accept: (token: string) => string };

const ROLE_NAMES: Record<OrganizationRole, string> = {
  admin: 'fleet admin',
  manager: 'fleet manager',
  viewer: 'viewer',
  driver: 'driver',
};

const notFound = () =>
  new DomainError('not_found', 'ORGANIZATIONS.NOT_FOUND', 'There is no organization here that you can see.');

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The organization, when the actor may do `action` in it; otherwise 404 (never "forbidden"). */
export function requireOrganization(
  actor: Actor,
  organizationId: string,
  action: OrganizationAction,
): string {
  if (!canInOrganization(actor, action, organizationId)) throw notFound();
  return organizationId;
}

/** The organizations the actor acts for, with the role and what it allows. */
export async function myOrganizations(db: Db, actor: Actor) {
  if (actor.kind !== 'customer' || actor.memberships.length === 0) return [];
  const rows = await db
    .select({ id: organizations.id, name: customers.businessName })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(
      sql`${organizations.id} in (${sql.join(
        actor.memberships.map((m) => sql`${m.organizationId}`),
        sql`, `,
      )})`,
    )
    .orderBy(asc(customers.businessName));
  return rows.map((row) => {
    const role = membershipOf(actor, row.id)!.role;
    return { id: row.id, name: row.name ?? '', role, actions: [...ORGANIZATION_ACTIONS[role]] };
  });
}

/** One organization as its member sees it: name, role, rights, and how many contracts it has. */
export async function organizationSummary(db: Db, actor: Actor, organizationId: string) {
  requireOrganization(actor, organizationId, 'organization.view');
  const [row] = await db
    .select({
      id: organizations.id,
      name: customers.businessName,
      customerId: organizations.customerId,
      bulkPaymentMaxCents: organizations.bulkPaymentMaxCents,
      dailyPaymentMaxCents: organizations.dailyPaymentMaxCents,
    })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(eq(organizations.id, organizationId));
  if (!row) throw notFound();
  const [contracts] = await db
    .select({ n: count() })
    .from(contractParties)
    .where(eq(contractParties.customerId, row.customerId));
  const role = membershipOf(actor, organizationId)!.role;
  return {
    id: row.id,
    name: row.name ?? '',
    role,
    actions: [...ORGANIZATION_ACTIONS[role]],
    contractCount: contracts?.n ?? 0,
    limits: { bulkPaymentMaxCents: row.bulkPaymentMaxCents, dailyPaymentMaxCents: row.dailyPaymentMaxCents },
  };
}

/** The members and the invitations still open (admins). */
export async function listMembers(db: Db, clock: Clock, actor: Actor, organizationId: string) {
  requireOrganization(actor, organizationId, 'organization.manage_members');
  const members = await db
    .select({
      userId: users.id,
      loginId: users.loginId,
      displayName: users.displayName,
      email: users.email,
      role: organizationMembers.role,
      addedAt: organizationMembers.addedAt,
    })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(eq(organizationMembers.organizationId, organizationId))
    .orderBy(asc(users.displayName));
  const invitations = await db
    .select({
      id: organizationInvitations.id,
      email: organizationInvitations.email,
      role: organizationInvitations.role,
      createdAt: organizationInvitations.createdAt,
      expiresAt: organizationInvitations.expiresAt,
    })
    .from(organizationInvitations)
    .where(
      and(
        eq(organizationInvitations.organizationId, organizationId),
        isNull(organizationInvitations.acceptedAt),
        isNull(organizationInvitations.revokedAt),
        gt(organizationInvitations.expiresAt, clock.now()),
      ),
    )
    .orderBy(asc(organizationInvitations.createdAt));
  return { members, invitations };
}

/** Locks the organization's row: member changes of one organization happen one at a time. */
async function lockOrganization(tx: Db, organizationId: string) {
  const [row] = await tx
    .select({ id: organizations.id, name: customers.businessName })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(eq(organizations.id, organizationId))
    .for('update', { of: organizations });
  if (!row) throw notFound();
  return { id: row.id, name: row.name ?? '' };
}

/**
 * Invites someone by email to act in a role; a new invitation to the same address replaces the one
 * still open. Refused (409) when the address is already a member's.
 */
export async function inviteMember(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  input: { email: string; role: OrganizationRole },
  links: InvitationLinks,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_members');
  return db.transaction(async (tx) => {
    const organization = await lockOrganization(tx, organizationId);
    const [member] = await tx
      .select({ userId: organizationMembers.userId })
      .from(organizationMembers)
      .innerJoin(users, eq(users.id, organizationMembers.userId))
      .where(
        and(
          eq(organizationMembers.organizationId, organizationId),
          sql`lower(${users.email}) = lower(${input.email})`,
        ),
      );
    if (member) {
      throw new DomainError(
        'conflict',
        'ORGANIZATIONS.ALREADY_MEMBER',
        'This address is already a member’s.',
        {
          email: 'Someone with this email address is already a member of this organization.',
        },
      );
    }
    const now = clock.now();
    await tx
      .update(organizationInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(organizationInvitations.organizationId, organizationId),
          sql`lower(${organizationInvitations.email}) = lower(${input.email})`,
          isNull(organizationInvitations.acceptedAt),
          isNull(organizationInvitations.revokedAt),
        ),
      );
    const token = randomBytes(32).toString('base64url');
    const [invitation] = await tx
      .insert(organizationInvitations)
      .values({
        organizationId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
      })
      .returning();
    const [inviter] = await tx
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.id, actor.userId));
    await sendMail(tx, clock, {
      to: input.email,
      ...renderMail('organization-invitation', {
        inviterName: inviter?.displayName ?? 'A fleet admin',
        organizationName: organization.name,
        role: ROLE_NAMES[input.role],
        acceptUrl: links.accept(token),
        validFor: '7 days',
      }),
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'organization.invite',
      resource: { type: 'organization', id: organizationId },
      details: { invitationId: invitation!.id, email: input.email, role: input.role },
      ...meta,
    });
    return {
      id: invitation!.id,
      email: invitation!.email,
      role: invitation!.role,
      createdAt: invitation!.createdAt,
      expiresAt: invitation!.expiresAt,
    };
  });
}

/** Withdraws an invitation not yet accepted; 404 when there is none open with that id here. */
export async function revokeInvitation(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  invitationId: string,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_members');
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(organizationInvitations)
      .set({ revokedAt: clock.now() })
      .where(
        and(
          eq(organizationInvitations.id, invitationId),
          eq(organizationInvitations.organizationId, organizationId),
          isNull(organizationInvitations.acceptedAt),
          isNull(organizationInvitations.revokedAt),
        ),
      )
      .returning({ id: organizationInvitations.id, email: organizationInvitations.email });
    if (!revoked) {
      throw new DomainError(
        'not_found',
        'ORGANIZATIONS.NO_INVITATION',
        'There is no open invitation with this id.',
      );
    }
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'organization.invitation_revoke',
      resource: { type: 'organization', id: organizationId },
      details: { invitationId, email: revoked.email },
      ...meta,
    });
  });
}

const LAST_ADMIN = () =>
  new DomainError(
    'conflict',
    'ORGANIZATIONS.LAST_ADMIN',
    'An organization needs at least one fleet admin: make someone else an admin first.',
    { role: 'An organization needs at least one fleet admin: make someone else an admin first.' },
  );

/** The member's row in this organization, locked with the organization; 404 when not a member. */
async function memberFor(tx: Db, organizationId: string, userId: string) {
  const [member] = await tx
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
    );
  if (!member) {
    throw new DomainError('not_found', 'ORGANIZATIONS.NO_MEMBER', 'There is no member with this id here.');
  }
  return member;
}

async function adminCount(tx: Db, organizationId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(organizationMembers)
    .where(
      and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'admin')),
    );
  return row?.n ?? 0;
}

/** Gives a member another role; the last admin cannot stop being one. Holds from their next request. */
export async function changeMemberRole(
  db: Db,
  actor: Actor,
  organizationId: string,
  userId: string,
  role: OrganizationRole,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_members');
  await db.transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    const member = await memberFor(tx, organizationId, userId);
    if (member.role === role) return;
    if (member.role === 'admin' && (await adminCount(tx, organizationId)) === 1) throw LAST_ADMIN();
    await tx
      .update(organizationMembers)
      .set({ role })
      .where(
        and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
      );
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'organization.member_role',
      resource: { type: 'organization', id: organizationId },
      details: { userId, from: member.role, to: role },
      ...meta,
    });
  });
}

/** Removes a member (an admin may remove themself unless they are the last admin). Holds at once. */
export async function removeMember(
  db: Db,
  actor: Actor,
  organizationId: string,
  userId: string,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_members');
  await db.transaction(async (tx) => {
    await lockOrganization(tx, organizationId);
    const member = await memberFor(tx, organizationId, userId);
    if (member.role === 'admin' && (await adminCount(tx, organizationId)) === 1) throw LAST_ADMIN();
    await tx
      .delete(organizationMembers)
      .where(
        and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.userId, userId)),
      );
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'organization.member_remove',
      resource: { type: 'organization', id: organizationId },
      details: { userId, role: member.role },
      ...meta,
    });
  });
}

const INVALID_INVITATION = () =>
  new DomainError(
    'invalid',
    'ORGANIZATIONS.INVALID_INVITATION',
    'This invitation has expired, was withdrawn or was already used. Ask a fleet admin for a new one.',
  );

/** The open invitation a token names, or 400 (unknown, expired, revoked or used: one answer for all). */
async function openInvitation(db: Db, clock: Clock, token: string) {
  const [row] = await db
    .select({
      id: organizationInvitations.id,
      organizationId: organizationInvitations.organizationId,
      email: organizationInvitations.email,
      role: organizationInvitations.role,
      expiresAt: organizationInvitations.expiresAt,
      organizationName: customers.businessName,
    })
    .from(organizationInvitations)
    .innerJoin(organizations, eq(organizations.id, organizationInvitations.organizationId))
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(
      and(
        eq(organizationInvitations.tokenHash, hashToken(token)),
        isNull(organizationInvitations.acceptedAt),
        isNull(organizationInvitations.revokedAt),
        gt(organizationInvitations.expiresAt, clock.now()),
      ),
    );
  if (!row) throw INVALID_INVITATION();
  return row;
}

/** What the invitation page shows before accepting: whom it is from, the role, the address (masked). */
export async function describeInvitation(db: Db, clock: Clock, token: string) {
  const invitation = await openInvitation(db, clock, token);
  return {
    organizationName: invitation.organizationName ?? '',
    role: invitation.role,
    email: maskEmail(invitation.email),
    expiresAt: invitation.expiresAt,
  };
}

/**
 * Spends the invitation for `userId` and makes them a member, in one transaction: of two racing
 * acceptances exactly one spends it.
 */
async function spendInvitation(tx: Db, clock: Clock, token: string, userId: string, meta: RequestMeta) {
  const now = clock.now();
  const [spent] = await tx
    .update(organizationInvitations)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(
      and(
        eq(organizationInvitations.tokenHash, hashToken(token)),
        isNull(organizationInvitations.acceptedAt),
        isNull(organizationInvitations.revokedAt),
        gt(organizationInvitations.expiresAt, now),
      ),
    )
    .returning();
  if (!spent) throw INVALID_INVITATION();
  const [added] = await tx
    .insert(organizationMembers)
    .values({
      organizationId: spent.organizationId,
      userId,
      role: spent.role,
      addedAt: now,
      addedBy: spent.invitedBy,
    })
    .onConflictDoNothing()
    .returning({ userId: organizationMembers.userId });
  if (!added) {
    throw new DomainError(
      'conflict',
      'ORGANIZATIONS.ALREADY_MEMBER',
      'You are already a member of this organization.',
    );
  }
  await recordAudit(tx, {
    actor: { type: 'user', id: userId },
    action: 'organization.join',
    resource: { type: 'organization', id: spent.organizationId },
    details: { invitationId: spent.id, role: spent.role, invitedBy: spent.invitedBy },
    ...meta,
  });
  return { organizationId: spent.organizationId, role: spent.role };
}

/**
 * A signed-in person accepts an invitation made to their own address (the token alone is not
 * enough: a forwarded link does not make someone else a member).
 */
export async function acceptInvitation(db: Db, clock: Clock, actor: Actor, token: string, meta: RequestMeta) {
  const invitation = await openInvitation(db, clock, token);
  const [user] = await db
    .select({ email: users.email, kind: users.kind })
    .from(users)
    .where(eq(users.id, actor.userId));
  if (user?.kind !== 'customer' || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new DomainError(
      'forbidden',
      'ORGANIZATIONS.OTHER_ADDRESS',
      `This invitation was sent to ${maskEmail(invitation.email)}; sign in with the login of that address, or ask for an invitation to yours.`,
    );
  }
  return db.transaction((tx) => spendInvitation(tx, clock, token, actor.userId, meta));
}

/**
 * Someone without a login accepts an invitation: they choose a User ID and password (the policy's),
 * get a login at the invited address, and a first session that must set up a second factor.
 */
export async function joinWithNewLogin(
  db: Db,
  clock: Clock,
  mfa: 'required' | 'optional',
  input: { token: string; displayName: string; userId: string; password: string },
  meta: RegistrationMeta,
) {
  const invitation = await openInvitation(db, clock, input.token);
  const passwordHash = await acceptableNewLogin(db, {
    loginId: input.userId,
    password: input.password,
    names: input.displayName.split(/\s+/),
  });
  return db.transaction(async (tx) => {
    const user = await insertLogin(tx, {
      loginId: input.userId,
      email: invitation.email,
      displayName: input.displayName,
      customerId: null,
      passwordHash,
    });
    await spendInvitation(tx, clock, input.token, user.id, meta);
    return firstSession(tx, clock, mfa, user, meta);
  });
}
