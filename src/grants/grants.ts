import { randomBytes, randomUUID } from 'node:crypto';
import { type AnyColumn, and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { requireContractFor } from '../access/index.ts';
import { type CalendarDate, compareDates } from '../core/dates.ts';
import { maskEmail } from '../core/masking.ts';
import { type Actor, canStaff, type GrantPermission, type StaffCapability } from '../core/policy.ts';
import { findContract, type ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  auditEvents,
  contractGrantInvitations,
  contractGrants,
  contractParties,
  contracts,
  customers,
  users,
  vehicles,
} from '../db/schema.ts';
import {
  acceptableNewLogin,
  firstSession,
  hashToken,
  insertLogin,
  type RegistrationMeta,
} from '../identity/index.ts';
import { postNotice, renderMail, sendMail } from '../notifications/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type { GrantChange, GrantRequest } from './grants.schemas.ts';

/**
 * Grants: an account holder (primary, co-borrower, co-lessee: `contract.manage_grants`) lets
 * someone who is not on the contract view the account, or view it and make one-time payments from
 * their own payment methods. What a grant allows is `core/policy.ts`'s `GRANT_ACTIONS`; the
 * grants a user holds are read with their session on every request, so each change here holds from
 * the next request. The invitee accepts signed in at the invited address, or without a login from
 * the link (a new login at that address, which sets up a second factor first); staff see a
 * contract's grants and end one with a reason. Every change is audited and noticed on the account,
 * in its transaction.
 */

/** How long an invitation link works. */
export const GRANT_INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;

export type GrantLinks = { accept: (token: string) => string };

type GrantRow = typeof contractGrants.$inferSelect;
type GrantState = 'invited' | 'active' | 'expired' | 'revoked' | 'left';
type GrantChangeKind = 'invited' | 'accepted' | 'changed' | 'revoked' | 'left';
/** The audit's name for a change: the holders' own, or staff ending a grant (noticed as revoked). */
type AuditedChange = GrantChangeKind | 'ended_by_staff';

const RIGHTS: Record<GrantPermission, string> = {
  view: 'view the balances, schedule, activity, statements and documents',
  view_and_pay: 'view the balances, schedule, activity, statements and documents and make one-time payments',
};

const noGrant = () =>
  new DomainError('not_found', 'GRANTS.NOT_FOUND', 'There is no grant with this id that you can see.');

const invalidInvitation = () =>
  new DomainError(
    'invalid',
    'GRANTS.INVALID_INVITATION',
    'This invitation has expired, was withdrawn or was already used. Ask the account holder for a new one.',
    { token: 'This link is expired, withdrawn or already used.' },
  );

/**
 * Where a grant stands today. An accepted grant lapses on the day after its end date and when the
 * contract ends; an invitation lapses when its link expires unused. Sessions judge live grants by the
 * same rule, in SQL (identity/sessions.ts).
 */
function stateOf(
  grant: Pick<GrantRow, 'status' | 'endsOn'>,
  contractStatus: string,
  invitationExpiresAt: Date | null,
  clock: Clock,
): GrantState {
  if (grant.status === 'revoked' || grant.status === 'left') return grant.status;
  const ended =
    contractStatus !== 'active' ||
    (grant.endsOn !== null && compareDates(grant.endsOn as CalendarDate, clock.today()) < 0);
  if (ended) return 'expired';
  if (grant.status === 'invited') {
    return invitationExpiresAt !== null && invitationExpiresAt > clock.now() ? 'invited' : 'expired';
  }
  return 'active';
}

/** An end date is today or later, and no later than the contract's maturity. */
function judgeEndsOn(endsOn: string | null | undefined, contract: ServicedContract, clock: Clock) {
  if (endsOn === null || endsOn === undefined) return;
  if (compareDates(endsOn as CalendarDate, clock.today()) < 0) {
    throw new DomainError('invalid', 'GRANTS.END_IN_PAST', 'The end date is in the past.', {
      endsOn: `The end date must be ${clock.today()} or later.`,
    });
  }
  if (compareDates(endsOn as CalendarDate, contract.maturityDate) > 0) {
    throw new DomainError(
      'invalid',
      'GRANTS.END_AFTER_MATURITY',
      'The end date is after the contract ends.',
      {
        endsOn: `The end date must be no later than the contract's maturity, ${contract.maturityDate}.`,
      },
    );
  }
}

/** The contract, locked, when the actor holds it (else 404) and it is still running (else 409). */
async function holdersContract(tx: Db, actor: Actor, contractNumber: string) {
  await findContract(tx, contractNumber, { forUpdate: true });
  const contract = await requireContractFor(tx, actor, 'contract.manage_grants', contractNumber);
  if (contract.status !== 'active') {
    throw new DomainError(
      'conflict',
      'CONTRACTS.NOT_ACTIVE',
      `Contract ${contractNumber} is ${contract.status.replace('_', ' ')}: it takes no new access.`,
    );
  }
  return contract;
}

/** Audits a grant change and tells the holders on the account, in the caller's transaction. */
async function recordChange(
  tx: Db,
  clock: Clock,
  actor: Actor,
  grant: Pick<GrantRow, 'id' | 'contractId' | 'inviteeName'>,
  change: AuditedChange,
  details: Record<string, unknown>,
  meta: RequestMeta,
) {
  const noticed: GrantChangeKind = change === 'ended_by_staff' ? 'revoked' : change;
  await recordAudit(tx, {
    actor: auditActorOf(actor),
    action: `grant.${change}`,
    resource: { type: 'contract_grant', id: grant.id },
    details: { contractId: grant.contractId, ...details },
    ...meta,
  });
  await postNotice(tx, clock, {
    contractId: grant.contractId,
    kind: 'grant_changed',
    // Each change is its own cause: a grant changed twice on one day gives two notices.
    cause: `${grant.id}:${change}:${randomUUID()}`,
    occurredOn: clock.today(),
    details: { change: noticed, name: grant.inviteeName },
  });
}

const sameAddress = (column: AnyColumn, email: string) => sql`lower(${column}) = lower(${email})`;

/** Refuses an address that is the holder's own, a party's, or holds a live grant on the contract. */
async function judgeInvitee(tx: Db, clock: Clock, actor: Actor, contract: ServicedContract, email: string) {
  const [me] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (me && me.email.toLowerCase() === email.toLowerCase()) {
    throw new DomainError('invalid', 'GRANTS.SELF', 'You cannot give yourself access.', {
      email: 'This is your own email address.',
    });
  }
  const [party] = await tx
    .select({ customerId: contractParties.customerId })
    .from(contractParties)
    .innerJoin(customers, eq(customers.id, contractParties.customerId))
    .leftJoin(users, eq(users.customerId, customers.id))
    .where(
      and(
        eq(contractParties.contractId, contract.id),
        or(sameAddress(customers.email, email), sameAddress(users.email, email)),
      ),
    )
    .limit(1);
  if (party) {
    throw new DomainError('conflict', 'GRANTS.PARTY', 'This person is on the contract already.', {
      email: 'Someone on this contract has this email address: they see the account in their own right.',
    });
  }
  const open = await tx
    .select({
      status: contractGrants.status,
      endsOn: contractGrants.endsOn,
      expiresAt: contractGrantInvitations.expiresAt,
    })
    .from(contractGrants)
    .leftJoin(users, eq(users.id, contractGrants.granteeId))
    .leftJoin(contractGrantInvitations, eq(contractGrantInvitations.grantId, contractGrants.id))
    .where(
      and(
        eq(contractGrants.contractId, contract.id),
        inArray(contractGrants.status, ['invited', 'active']),
        or(sameAddress(contractGrants.inviteeEmail, email), sameAddress(users.email, email)),
      ),
    );
  if (open.some((g) => ['invited', 'active'].includes(stateOf(g, contract.status, g.expiresAt, clock)))) {
    throw new DomainError('conflict', 'GRANTS.ALREADY_GRANTED', 'This address has access already.', {
      email:
        'This address already holds access to this account, or an invitation still open: change that one.',
    });
  }
}

/**
 * A holder invites someone by name and email: a grant `invited` until they accept, and a mail with a
 * single-use link that works for 7 days. Refused: the holder's own address, a party's, one holding a
 * live grant here, and an end date in the past or after the maturity.
 */
export async function inviteGrant(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  input: GrantRequest,
  links: GrantLinks,
  meta: RequestMeta,
) {
  return db.transaction(async (tx) => {
    const contract = await holdersContract(tx, actor, contractNumber);
    judgeEndsOn(input.endsOn, contract, clock);
    await judgeInvitee(tx, clock, actor, contract, input.email);
    const now = clock.now();
    const [grant] = await tx
      .insert(contractGrants)
      .values({
        contractId: contract.id,
        grantorId: actor.userId,
        inviteeName: input.name,
        inviteeEmail: input.email,
        permission: input.permission,
        endsOn: input.endsOn ?? null,
        status: 'invited',
        createdAt: now,
      })
      .returning();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + GRANT_INVITATION_LIFETIME_MS);
    await tx
      .insert(contractGrantInvitations)
      .values({ grantId: grant!.id, tokenHash: hashToken(token), createdAt: now, expiresAt });
    const [inviter] = await tx
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.id, actor.userId));
    await sendMail(tx, clock, {
      to: input.email,
      ...renderMail('contract-grant-invitation', {
        inviteeName: input.name,
        inviterName: inviter?.displayName ?? 'The account holder',
        contractNumber: contract.contractNumber,
        rights: RIGHTS[input.permission],
        until: input.endsOn ? `until ${input.endsOn}` : 'until the account holder ends it',
        acceptUrl: links.accept(token),
        validFor: '7 days',
      }),
    });
    await recordChange(
      tx,
      clock,
      actor,
      grant!,
      'invited',
      { email: input.email, permission: input.permission, endsOn: input.endsOn ?? null },
      meta,
    );
    return answerFor(grant!, contract.status, expiresAt, clock);
  });
}

function answerFor(grant: GrantRow, contractStatus: string, invitationExpiresAt: Date | null, clock: Clock) {
  return {
    id: grant.id,
    name: grant.inviteeName,
    email: grant.inviteeEmail,
    permission: grant.permission,
    endsOn: grant.endsOn,
    state: stateOf(grant, contractStatus, invitationExpiresAt, clock),
    createdAt: grant.createdAt,
    acceptedAt: grant.acceptedAt,
    invitationExpiresAt: grant.status === 'invited' ? invitationExpiresAt : null,
  };
}

/** A contract's grants, newest first, for its holders: a fixed number of queries whatever their number. */
export async function listAccountGrants(db: Db, clock: Clock, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.manage_grants', contractNumber);
  const rows = await db
    .select({ grant: contractGrants, expiresAt: contractGrantInvitations.expiresAt })
    .from(contractGrants)
    .leftJoin(contractGrantInvitations, eq(contractGrantInvitations.grantId, contractGrants.id))
    .where(eq(contractGrants.contractId, contract.id))
    .orderBy(desc(contractGrants.createdAt), asc(contractGrants.id));
  return rows.map((row) => answerFor(row.grant, contract.status, row.expiresAt, clock));
}

/** One grant of the contract, locked; 404 when there is none with that id here. */
async function grantOf(tx: Db, contract: ServicedContract, grantId: string) {
  const [row] = await tx
    .select()
    .from(contractGrants)
    .where(and(eq(contractGrants.id, grantId), eq(contractGrants.contractId, contract.id)))
    .for('update');
  if (!row) throw noGrant();
  return row;
}

async function invitationExpiry(tx: Db, grantId: string) {
  const [row] = await tx
    .select({ expiresAt: contractGrantInvitations.expiresAt })
    .from(contractGrantInvitations)
    .where(eq(contractGrantInvitations.grantId, grantId));
  return row?.expiresAt ?? null;
}

const ended = () =>
  new DomainError('conflict', 'GRANTS.ENDED', 'This grant has ended: invite the person again instead.');

/** A holder changes a grant's permission or end date (an invitation's too); holds from the next request. */
export async function changeGrant(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  grantId: string,
  change: GrantChange,
  meta: RequestMeta,
) {
  return db.transaction(async (tx) => {
    const contract = await holdersContract(tx, actor, contractNumber);
    const grant = await grantOf(tx, contract, grantId);
    const expiresAt = await invitationExpiry(tx, grant.id);
    const state = stateOf(grant, contract.status, expiresAt, clock);
    if (state !== 'invited' && state !== 'active') throw ended();
    judgeEndsOn(change.endsOn, contract, clock);
    const next = {
      permission: change.permission ?? grant.permission,
      endsOn: change.endsOn === undefined ? grant.endsOn : change.endsOn,
    };
    const [changed] = await tx
      .update(contractGrants)
      .set(next)
      .where(eq(contractGrants.id, grant.id))
      .returning();
    await recordChange(
      tx,
      clock,
      actor,
      grant,
      'changed',
      { from: { permission: grant.permission, endsOn: grant.endsOn }, to: next },
      meta,
    );
    return answerFor(changed!, contract.status, expiresAt, clock);
  });
}

/** A holder ends a grant or withdraws an invitation; the grantee's next request is refused. */
export async function revokeGrant(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  grantId: string,
  meta: RequestMeta,
) {
  await db.transaction(async (tx) => {
    const contract = await requireContractFor(tx, actor, 'contract.manage_grants', contractNumber);
    const grant = await grantOf(tx, contract, grantId);
    if (grant.status !== 'invited' && grant.status !== 'active') throw ended();
    await tx
      .update(contractGrants)
      .set({ status: 'revoked', revokedAt: clock.now(), endedBy: actor.userId })
      .where(eq(contractGrants.id, grant.id));
    await recordChange(tx, clock, actor, grant, 'revoked', { from: grant.status }, meta);
  });
}

/** The grants the signed-in person holds on others' accounts, newest first (one query). */
export async function myGrants(db: Db, clock: Clock, actor: Actor) {
  const rows = await db
    .select({
      grant: contractGrants,
      contractNumber: contracts.contractNumber,
      contractStatus: contracts.status,
      grantedBy: users.displayName,
    })
    .from(contractGrants)
    .innerJoin(contracts, eq(contracts.id, contractGrants.contractId))
    .innerJoin(users, eq(users.id, contractGrants.grantorId))
    .where(eq(contractGrants.granteeId, actor.userId))
    .orderBy(desc(contractGrants.acceptedAt), asc(contractGrants.id));
  return rows.map(({ grant, contractNumber, contractStatus, grantedBy }) => ({
    id: grant.id,
    contractNumber,
    grantedBy,
    permission: grant.permission,
    endsOn: grant.endsOn,
    state: stateOf(grant, contractStatus, null, clock),
    acceptedAt: grant.acceptedAt,
  }));
}

/** The grantee gives a grant up; 404 when they hold no live grant with that id. */
export async function leaveGrant(db: Db, clock: Clock, actor: Actor, grantId: string, meta: RequestMeta) {
  await db.transaction(async (tx) => {
    const [left] = await tx
      .update(contractGrants)
      .set({ status: 'left', leftAt: clock.now(), endedBy: actor.userId })
      .where(
        and(
          eq(contractGrants.id, grantId),
          eq(contractGrants.granteeId, actor.userId),
          eq(contractGrants.status, 'active'),
        ),
      )
      .returning();
    if (!left) throw noGrant();
    await recordChange(tx, clock, actor, left, 'left', {}, meta);
  });
}

/**
 * The open invitation a token names, with its grant, contract, the holder who made it and the
 * vehicle: unknown, used, withdrawn, expired or on an ended contract is GRANTS.INVALID_INVITATION.
 * Locked when it is to be spent, so of two racing acceptances exactly one wins.
 */
async function openGrantInvitation(db: Db, clock: Clock, token: string, options: { lock: boolean }) {
  const query = db
    .select({
      id: contractGrantInvitations.id,
      expiresAt: contractGrantInvitations.expiresAt,
      grant: contractGrants,
      contract: contracts,
      grantedBy: users.displayName,
      vehicle: { year: vehicles.year, make: vehicles.make, model: vehicles.model },
    })
    .from(contractGrantInvitations)
    .innerJoin(contractGrants, eq(contractGrants.id, contractGrantInvitations.grantId))
    .innerJoin(contracts, eq(contracts.id, contractGrants.contractId))
    .innerJoin(users, eq(users.id, contractGrants.grantorId))
    .leftJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .where(
      and(eq(contractGrantInvitations.tokenHash, hashToken(token)), isNull(contractGrantInvitations.usedAt)),
    );
  const [invitation] = await (options.lock ? query.for('update', { of: contractGrantInvitations }) : query);
  if (
    !invitation ||
    stateOf(invitation.grant, invitation.contract.status, invitation.expiresAt, clock) !== 'invited'
  ) {
    throw invalidInvitation();
  }
  return invitation;
}

/** What the invitation page shows before accepting: from whom, what it allows, until when, for which address (masked). */
export async function describeGrantInvitation(db: Db, clock: Clock, token: string) {
  const { grant, grantedBy, vehicle, expiresAt } = await openGrantInvitation(db, clock, token, {
    lock: false,
  });
  return {
    grantedBy,
    permission: grant.permission,
    endsOn: grant.endsOn,
    email: maskEmail(grant.inviteeEmail),
    expiresAt,
    vehicle: vehicle?.year ? `${vehicle.year} ${vehicle.make} ${vehicle.model}` : null,
  };
}

type GranteeLogin = { id: string; email: string; kind: 'customer' | 'staff'; customerId: string | null };

/**
 * Spends the invitation for a login at the invited address and starts the grant, in the caller's
 * transaction (a forwarded link gives a different login nothing; a party of the contract is refused).
 */
async function spendGrantInvitation(
  tx: Db,
  clock: Clock,
  token: string,
  login: GranteeLogin,
  meta: RequestMeta,
  details: Record<string, unknown> = {},
) {
  const invitation = await openGrantInvitation(tx, clock, token, { lock: true });
  const { grant } = invitation;
  if (login.kind !== 'customer' || login.email.toLowerCase() !== grant.inviteeEmail.toLowerCase()) {
    throw new DomainError(
      'forbidden',
      'GRANTS.OTHER_ADDRESS',
      `This invitation was sent to ${maskEmail(grant.inviteeEmail)}; sign in with the login of that address.`,
      { token: 'This invitation is for another email address.' },
    );
  }
  const [party] = login.customerId
    ? await tx
        .select({ customerId: contractParties.customerId })
        .from(contractParties)
        .where(
          and(
            eq(contractParties.contractId, grant.contractId),
            eq(contractParties.customerId, login.customerId),
          ),
        )
    : [];
  if (party) {
    throw new DomainError('conflict', 'GRANTS.PARTY', 'You are on this contract already.', {
      token: 'You see this account in your own right.',
    });
  }
  const now = clock.now();
  await tx
    .update(contractGrantInvitations)
    .set({ usedAt: now })
    .where(eq(contractGrantInvitations.id, invitation.id));
  const [accepted] = await tx
    .update(contractGrants)
    .set({ status: 'active', granteeId: login.id, acceptedAt: now })
    .where(and(eq(contractGrants.id, grant.id), eq(contractGrants.status, 'invited')))
    .returning();
  if (!accepted) throw invalidInvitation();
  const actor: Actor = { kind: 'customer', userId: login.id, customerId: login.customerId, memberships: [] };
  await recordChange(tx, clock, actor, grant, 'accepted', { permission: grant.permission, ...details }, meta);
  return {
    id: accepted.id,
    contractNumber: invitation.contract.contractNumber,
    permission: accepted.permission,
    endsOn: accepted.endsOn,
  };
}

/** A signed-in person accepts an invitation made to their own address. */
export async function acceptGrant(db: Db, clock: Clock, actor: Actor, token: string, meta: RequestMeta) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, kind: users.kind, customerId: users.customerId })
      .from(users)
      .where(eq(users.id, actor.userId));
    if (!user) throw invalidInvitation();
    return spendGrantInvitation(tx, clock, token, user, meta);
  });
}

/**
 * Someone without a login accepts an invitation: they choose a User ID and password (the policy's),
 * get a login at the invited address with no customer record, the grant starts, and a first
 * session that must set up a second factor (identity's new-login steps, as an organization's join).
 */
export async function joinGrantWithNewLogin(
  db: Db,
  clock: Clock,
  mfa: 'required' | 'optional',
  input: { token: string; displayName: string; userId: string; password: string },
  meta: RegistrationMeta,
) {
  const invitation = await openGrantInvitation(db, clock, input.token, { lock: false });
  const passwordHash = await acceptableNewLogin(db, {
    loginId: input.userId,
    password: input.password,
    names: input.displayName.split(/\s+/),
  });
  const audit = { requestId: meta.requestId, ip: meta.ip };
  return db.transaction(async (tx) => {
    const email = invitation.grant.inviteeEmail;
    const user = await insertLogin(tx, {
      loginId: input.userId,
      email,
      displayName: input.displayName,
      customerId: null,
      passwordHash,
    });
    await spendGrantInvitation(
      tx,
      clock,
      input.token,
      { id: user.id, email, kind: 'customer', customerId: null },
      audit,
      { newLogin: true },
    );
    return firstSession(tx, clock, mfa, user, meta);
  });
}

/** Staff: a capability of the console's, or 404 as if the console did not exist (as staff/ answers). */
function requireStaff(actor: Actor, capability: StaffCapability) {
  if (actor.kind !== 'staff' || !canStaff(actor, capability)) {
    throw new DomainError('not_found', 'NOT_FOUND', 'There is nothing at this address.');
  }
  return actor;
}

async function contractForStaff(db: Db, contractNumber: string, options: { forUpdate: boolean }) {
  const contract = await findContract(db, contractNumber, options);
  if (!contract) {
    throw new DomainError('not_found', 'ACCOUNTS.NOT_FOUND', `There is no account ${contractNumber}.`);
  }
  return contract;
}

const STAFF_END = 'grant.ended_by_staff';

/**
 * A contract's grants as the console shows them (staff, agent and up): four statements whatever
 * their number (the contract, the grants, their staff ends, the audit of the look). The address is masked as the console masks every contact detail; the reason a staff
 * member ended one is its audit event's.
 */
export async function staffContractGrants(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  meta: RequestMeta,
) {
  const staff = requireStaff(actor, 'grants.read');
  const contract = await contractForStaff(db, contractNumber, { forUpdate: false });
  const rows = await db
    .select({
      grant: contractGrants,
      expiresAt: contractGrantInvitations.expiresAt,
      grantedBy: users.displayName,
    })
    .from(contractGrants)
    .innerJoin(users, eq(users.id, contractGrants.grantorId))
    .leftJoin(contractGrantInvitations, eq(contractGrantInvitations.grantId, contractGrants.id))
    .where(eq(contractGrants.contractId, contract.id))
    .orderBy(desc(contractGrants.createdAt), asc(contractGrants.id));
  const ends = rows.length
    ? await db
        .select({ grantId: auditEvents.resourceId, details: auditEvents.details })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.resourceType, 'contract_grant'),
            inArray(
              auditEvents.resourceId,
              rows.map((r) => r.grant.id),
            ),
            eq(auditEvents.action, STAFF_END),
          ),
        )
    : [];
  const reasonOf = new Map(ends.map((e) => [e.grantId, String(e.details.reason ?? '')]));
  // Every look in the console is itself an audit event.
  await recordAudit(db, {
    actor: auditActorOf(staff),
    action: 'staff.contract_grants_view',
    resource: { type: 'contract', id: contract.id },
    details: { contractNumber: contract.contractNumber, grants: rows.length },
    ...meta,
  });
  return rows.map(({ grant, expiresAt, grantedBy }) => ({
    ...answerFor(grant, contract.status, expiresAt, clock),
    email: maskEmail(grant.inviteeEmail),
    grantedBy,
    endedAt: grant.revokedAt ?? grant.leftAt,
    endedByStaff: reasonOf.has(grant.id),
    endReason: reasonOf.get(grant.id) ?? null,
  }));
}

/**
 * Staff end a grant (on a fraud report, say), with a reason: at once, from the grantee's next
 * request. An open invitation is withdrawn alike. Audited with the reason and the staff member;
 * the holders are told on the account as for any change.
 */
export async function staffEndGrant(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  grantId: string,
  reason: string,
  meta: RequestMeta,
) {
  const staff = requireStaff(actor, 'grants.end');
  await db.transaction(async (tx) => {
    const contract = await contractForStaff(tx, contractNumber, { forUpdate: true });
    const grant = await grantOf(tx, contract, grantId);
    if (grant.status !== 'invited' && grant.status !== 'active') throw ended();
    await tx
      .update(contractGrants)
      .set({ status: 'revoked', revokedAt: clock.now(), endedBy: staff.userId })
      .where(eq(contractGrants.id, grant.id));
    await recordChange(
      tx,
      clock,
      staff,
      grant,
      'ended_by_staff',
      { from: grant.status, reason, granteeId: grant.granteeId },
      meta,
    );
  });
}
