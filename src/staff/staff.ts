import { and, asc, desc, eq, ilike, inArray, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { maskEmail, maskPhone } from '../core/masking.ts';
import { type Actor, canStaff, STAFF_CAPABILITY_NAMES, type StaffCapability } from '../core/policy.ts';
import { cycleProgress } from '../cycle/index.ts';
import type { Db } from '../db/database.ts';
import {
  auditEvents,
  contractParties,
  contracts,
  customers,
  passkeys,
  recoveryCodes,
  users,
} from '../db/schema.ts';
import { printQueueStatus } from '../documents/index.ts';
import { factorsOf, type RecoveryLinks, requestPasswordReset, revokeAllSessions } from '../identity/index.ts';
import {
  formatMailInstant,
  type OutboxState,
  outboxMessages,
  renderMail,
  retryDeadMessage,
  sendMail,
} from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { latestLedgerCheck, recordLedgerCheck } from '../servicing/index.ts';

/**
 * The support console: find a customer, verify a caller without seeing their identity data,
 * unlock an account, send a reset link, reset second factors, read the audit log. Every call is
 * itself an audit event. Staff never see or set a password.
 */
type StaffActor = Extract<Actor, { kind: 'staff' }>;
type StaffMeta = { requestId?: string | undefined; ip?: string | undefined };

/**
 * How long a verified caller stays verified for the agent who checked them: the length of a call,
 * not of a shift. Account actions need it; a failed check in between ends it.
 */
export const CALLER_VERIFICATION_MINUTES = 15;

function requireCapability(actor: Actor, capability: StaffCapability): StaffActor {
  if (actor.kind !== 'staff' || !canStaff(actor, capability)) {
    // Not a staff member (or not this role): answer as if the console did not exist.
    throw new DomainError('not_found', 'NOT_FOUND', 'There is nothing at this address.');
  }
  return actor;
}

const staffAudit = (staff: StaffActor, meta: StaffMeta) => ({
  actor: { type: 'staff' as const, id: staff.userId },
  requestId: meta.requestId,
  ip: meta.ip,
});

/** What the console may show of the signed-in staff member: their role and what it allows. */
export function staffProfile(actor: Actor) {
  const staff = requireCapability(actor, 'customers.search');
  return {
    role: staff.role,
    capabilities: STAFF_CAPABILITY_NAMES.filter((c) => canStaff(staff, c)),
  };
}

const customerName = sql<string>`coalesce(${customers.firstName} || ' ' || ${customers.lastName}, ${customers.businessName})`;

const escapeLike = (text: string) => text.replace(/[%_\\]/g, (c) => `\\${c}`);

export async function searchCustomers(db: Db, actor: Actor, query: string, meta: StaffMeta) {
  const staff = requireCapability(actor, 'customers.search');
  const q = query.trim();
  const pattern = `%${escapeLike(q)}%`;
  const digits = q.replace(/\D/g, '');
  const conditions: SQL[] = [
    ilike(customerName, pattern),
    ilike(customers.email, pattern),
    ilike(contracts.contractNumber, pattern),
  ];
  if (digits.length >= 4)
    conditions.push(
      sql`regexp_replace(coalesce(${customers.phone}, ''), '\\D', '', 'g') like ${`%${digits}%`}`,
    );
  const rows = await db
    .selectDistinct({
      id: customers.id,
      kind: customers.kind,
      name: customerName,
      email: customers.email,
      phone: customers.phone,
      city: customers.city,
      state: customers.state,
    })
    .from(customers)
    .leftJoin(contractParties, eq(contractParties.customerId, customers.id))
    .leftJoin(contracts, eq(contracts.id, contractParties.contractId))
    .where(or(...conditions))
    .orderBy(asc(customerName), asc(customers.id))
    .limit(25);
  const numbers = rows.length
    ? await db
        .select({ customerId: contractParties.customerId, contractNumber: contracts.contractNumber })
        .from(contractParties)
        .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
        .where(
          inArray(
            contractParties.customerId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(contracts.contractNumber))
    : [];
  await recordAudit(db, {
    ...staffAudit(staff, meta),
    action: 'staff.customer_search',
    resource: { type: 'customer', id: '*' },
    details: { query: q, results: rows.length },
  });
  return rows.map((r) => ({
    ...r,
    email: r.email && maskEmail(r.email),
    phone: r.phone && maskPhone(r.phone),
    contractNumbers: numbers.filter((n) => n.customerId === r.id).map((n) => n.contractNumber),
  }));
}

/**
 * Until when the caller counts as verified for this staff member: their latest check of this
 * customer, if it matched and is recent. Measured in the database's time, as the audit log is.
 */
async function callerVerifiedUntil(db: Db, staff: StaffActor, customerId: string): Promise<Date | null> {
  const [latest] = await db
    .select({ occurredAt: auditEvents.occurredAt, details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.resourceType, 'customer'),
        eq(auditEvents.resourceId, customerId),
        eq(auditEvents.action, 'staff.verify_caller'),
        eq(auditEvents.actorType, 'staff'),
        eq(auditEvents.actorId, staff.userId),
        sql`${auditEvents.occurredAt} > now() - make_interval(mins => ${CALLER_VERIFICATION_MINUTES})`,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  if (latest?.details.verified !== true) return null;
  return new Date(latest.occurredAt.getTime() + CALLER_VERIFICATION_MINUTES * 60_000);
}

/**
 * One customer as the console shows them: contact details masked, which identity items are on
 * file (never their values), the contracts, and each login's lock and second factors.
 */
export async function customerDetail(
  db: Db,
  clock: Clock,
  actor: Actor,
  customerId: string,
  meta: StaffMeta,
) {
  const staff = requireCapability(actor, 'customers.search');
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('not_found', 'CUSTOMERS.NOT_FOUND', 'There is no such customer.');
  const contractRows = await db
    .select({
      contractNumber: contracts.contractNumber,
      kind: contracts.kind,
      status: contracts.status,
      role: contractParties.role,
    })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .where(eq(contractParties.customerId, customerId))
    .orderBy(asc(contracts.contractNumber));
  const loginRows = await db
    .select()
    .from(users)
    .where(and(eq(users.customerId, customerId), eq(users.kind, 'customer')))
    .orderBy(asc(users.loginId));
  const now = clock.now();
  const logins = await Promise.all(
    loginRows.map(async (u) => ({
      loginId: u.loginId,
      displayName: u.displayName,
      email: maskEmail(u.email),
      lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
      failedSignIns: u.failedSignIns,
      factors: await factorsOf(db, u),
    })),
  );
  const verifiedUntil = await callerVerifiedUntil(db, staff, customerId);
  await recordAudit(db, {
    ...staffAudit(staff, meta),
    action: 'staff.customer_view',
    resource: { type: 'customer', id: customerId },
  });
  return {
    id: customer.id,
    kind: customer.kind,
    name: customer.businessName ?? `${customer.firstName} ${customer.lastName}`,
    email: customer.email && maskEmail(customer.email),
    phone: customer.phone && maskPhone(customer.phone),
    city: customer.city,
    state: customer.state,
    /** What a caller can be asked; the values stay on the server (see `verifyCaller`). */
    verifiable: customer.kind === 'person' ? ['dateOfBirth', 'taxIdLast4', 'zip'] : ['taxIdLast4', 'zip'],
    contracts: contractRows,
    logins,
    callerVerifiedUntil: verifiedUntil?.toISOString() ?? null,
  };
}

/**
 * Checks what a caller says (date of birth, last four of SSN/EIN, ZIP) against the file and answers
 * only whether each matches, so the agent never reads the identity data itself. A match lets this
 * staff member act on the customer's logins for `CALLER_VERIFICATION_MINUTES`.
 */
export async function verifyCaller(
  db: Db,
  actor: Actor,
  customerId: string,
  claim: { dateOfBirth?: string | undefined; taxIdLast4: string; zip: string },
  meta: StaffMeta,
) {
  const staff = requireCapability(actor, 'customers.verify');
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('not_found', 'CUSTOMERS.NOT_FOUND', 'There is no such customer.');
  const result = {
    taxIdLast4: customer.taxIdLast4 === claim.taxIdLast4,
    zip: customer.zip.slice(0, 5) === claim.zip.slice(0, 5),
    dateOfBirth: customer.kind === 'business' ? null : customer.dateOfBirth === (claim.dateOfBirth ?? null),
  };
  const verified = result.taxIdLast4 && result.zip && result.dateOfBirth !== false;
  await recordAudit(db, {
    ...staffAudit(staff, meta),
    action: 'staff.verify_caller',
    resource: { type: 'customer', id: customerId },
    details: { verified, ...result },
  });
  return {
    verified,
    checks: result,
    verifiedUntil: verified ? (await callerVerifiedUntil(db, staff, customerId))?.toISOString() : undefined,
  };
}

/**
 * The customer login an account action is about, once this staff member has verified the caller
 * as its customer. Staff logins are out of the console's reach: they answer as unknown.
 */
async function verifiedCustomerLogin(db: Db, staff: StaffActor, loginId: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.loginId}) = lower(${loginId})`, eq(users.kind, 'customer')));
  if (!user) throw new DomainError('not_found', 'USERS.NOT_FOUND', `There is no customer login ${loginId}.`);
  if (!user.customerId || !(await callerVerifiedUntil(db, staff, user.customerId)))
    throw new DomainError(
      'forbidden',
      'STAFF.VERIFY_CALLER_FIRST',
      'Verify the caller first: check their details on the customer’s page, then try again.',
    );
  return user;
}

/** Ends a lockout; the customer signs in with their own password and second factor as usual. */
export async function unlockUser(db: Db, clock: Clock, actor: Actor, loginId: string, meta: StaffMeta) {
  const staff = requireCapability(actor, 'users.unlock');
  await db.transaction(async (tx) => {
    const user = await verifiedCustomerLogin(tx, staff, loginId);
    await tx.update(users).set({ lockedUntil: null, failedSignIns: 0 }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      ...staffAudit(staff, meta),
      action: 'staff.unlock_user',
      resource: { type: 'user', id: user.id },
      details: {
        loginId: user.loginId,
        wasLocked: user.lockedUntil !== null && user.lockedUntil > clock.now(),
      },
    });
  });
}

export type AuditFilter = {
  /** The User ID of who acted, or a system actor's id (`sign-in`). */
  actor?: string | undefined;
  /** An action or the start of one: `staff.` finds every staff action. */
  action?: string | undefined;
  resourceType?: string | undefined;
  /** A resource's id, or the User ID of a login the event is about. */
  resource?: string | undefined;
  /** Events older than this id (the page before's `nextBefore`). */
  before?: number | undefined;
  limit: number;
};

/** The audit log, newest first, a page at a time, with the people involved named. */
export async function readAuditLog(db: Db, actor: Actor, filter: AuditFilter, meta: StaffMeta) {
  const staff = requireCapability(actor, 'audit.read');
  const actorUser = alias(users, 'actor_user');
  const resourceUser = alias(users, 'resource_user');
  const conditions: SQL[] = [];
  if (filter.actor)
    conditions.push(
      or(
        sql`lower(${actorUser.loginId}) = lower(${filter.actor})`,
        and(eq(auditEvents.actorType, 'system'), eq(auditEvents.actorId, filter.actor)),
      ) as SQL,
    );
  if (filter.action) conditions.push(like(auditEvents.action, `${escapeLike(filter.action)}%`));
  if (filter.resourceType) conditions.push(eq(auditEvents.resourceType, filter.resourceType));
  if (filter.resource)
    conditions.push(
      or(
        eq(auditEvents.resourceId, filter.resource),
        sql`lower(${resourceUser.loginId}) = lower(${filter.resource})`,
      ) as SQL,
    );
  if (filter.before !== undefined) conditions.push(lt(auditEvents.id, filter.before));
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorName: actorUser.displayName,
      actorLoginId: actorUser.loginId,
      action: auditEvents.action,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      resourceName: sql<string | null>`coalesce(${resourceUser.displayName}, ${customerName})`,
      resourceLoginId: resourceUser.loginId,
      requestId: auditEvents.requestId,
      ip: auditEvents.ip,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(
      actorUser,
      and(
        inArray(auditEvents.actorType, ['user', 'staff']),
        sql`${auditEvents.actorId} = ${actorUser.id}::text`,
      ),
    )
    .leftJoin(
      resourceUser,
      and(eq(auditEvents.resourceType, 'user'), sql`${auditEvents.resourceId} = ${resourceUser.id}::text`),
    )
    .leftJoin(
      customers,
      and(eq(auditEvents.resourceType, 'customer'), sql`${auditEvents.resourceId} = ${customers.id}::text`),
    )
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit + 1);
  const events = rows.slice(0, filter.limit);
  await recordAudit(db, {
    ...staffAudit(staff, meta),
    action: 'staff.audit_read',
    resource: { type: 'audit_log', id: '*' },
    details: { ...filter },
  });
  return { events, nextBefore: rows.length > filter.limit ? (events.at(-1)?.id ?? null) : null };
}

/** Sends the customer a password-reset link (the agent never sees it or the password). */
export async function sendResetLink(
  db: Db,
  clock: Clock,
  actor: Actor,
  loginId: string,
  links: RecoveryLinks,
  meta: StaffMeta,
) {
  const staff = requireCapability(actor, 'users.reset_access');
  const user = await verifiedCustomerLogin(db, staff, loginId);
  await requestPasswordReset(db, clock, user.loginId, links, meta);
  await recordAudit(db, {
    ...staffAudit(staff, meta),
    action: 'staff.send_reset_link',
    resource: { type: 'user', id: user.id },
    details: { loginId: user.loginId },
  });
}

/**
 * Removes every second factor of a verified caller's login (authenticator app, passkeys, email and
 * text-message codes, recovery codes) and signs them out everywhere; they set up a factor again at
 * their next sign-in. The owner is told by mail, so a reset they did not ask for does not go unseen.
 */
export async function resetFactors(db: Db, clock: Clock, actor: Actor, loginId: string, meta: StaffMeta) {
  const staff = requireCapability(actor, 'users.reset_access');
  await db.transaction(async (tx) => {
    const user = await verifiedCustomerLogin(tx, staff, loginId);
    const removed = await factorsOf(tx, user);
    await tx
      .update(users)
      .set({
        totpSecretSealed: null,
        totpPendingSealed: null,
        totpLastStep: null,
        emailCodesEnabled: false,
        smsCodesEnabled: false,
      })
      .where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.delete(passkeys).where(eq(passkeys.userId, user.id));
    await revokeAllSessions(tx, clock, user.id);
    await sendMail(tx, clock, {
      to: user.email,
      ...renderMail('factors-reset', {
        displayName: user.displayName,
        userId: user.loginId,
        when: formatMailInstant(clock.now()),
      }),
    });
    await recordAudit(tx, {
      ...staffAudit(staff, meta),
      action: 'staff.reset_factors',
      resource: { type: 'user', id: user.id },
      details: { loginId: user.loginId, removed },
    });
  });
}

/** The daily cycle's latest business dates and their progress (supervisors and admins). */
export async function readDailyCycle(db: Db, actor: Actor) {
  requireCapability(actor, 'operations.read');
  return cycleProgress(db, { limit: 14 });
}

/** The print queue: paper statements waiting for a file, and the latest files (supervisors and admins). */
export async function readPrintQueue(db: Db, actor: Actor) {
  requireCapability(actor, 'operations.read');
  return printQueueStatus(db);
}

/** The outbox's dead (or pending) messages, addresses masked (supervisors and admins). */
export async function readOutbox(db: Db, actor: Actor, state: OutboxState) {
  requireCapability(actor, 'operations.read');
  return outboxMessages(db, state);
}

/** Gives a dead message new attempts (after its cause was fixed); audited. 404 when none is dead with that id. */
export async function retryOutboxMessage(db: Db, clock: Clock, actor: Actor, id: number, meta: StaffMeta) {
  const staff = requireCapability(actor, 'operations.read');
  return db.transaction(async (tx) => {
    const message = await retryDeadMessage(tx, clock, id);
    if (!message) {
      throw new DomainError(
        'not_found',
        'OUTBOX.NOT_DEAD',
        'There is no undelivered message with this number.',
      );
    }
    await recordAudit(tx, {
      ...staffAudit(staff, meta),
      action: 'staff.outbox_retry',
      resource: { type: 'outbox', id: String(id) },
      details: { template: message.template, to: message.to },
    });
    return message;
  });
}

/** The latest proof of the ledger, whoever ran it (the console or `npm run cli -- ledger check`), or null. */
export async function readLedgerCheck(db: Db, actor: Actor) {
  requireCapability(actor, 'operations.read');
  return latestLedgerCheck(db);
}

/**
 * Proves the ledger now (every entry balances, every cached balance equals its postings) and keeps
 * the result; audited with what it found. Read in one transaction, so the proof sees one moment.
 */
export async function runLedgerCheck(db: Db, clock: Clock, actor: Actor, meta: StaffMeta) {
  const staff = requireCapability(actor, 'ledger.check');
  return db.transaction(async (tx) => {
    const { stored } = await recordLedgerCheck(tx, clock, `staff:${staff.userId}`);
    await recordAudit(tx, {
      ...staffAudit(staff, meta),
      action: 'staff.ledger_check',
      resource: { type: 'ledger', id: 'all' },
      details: {
        entries: stored.entryCount,
        unbalancedEntries: stored.unbalancedEntryCount,
        balanceMismatches: stored.balanceMismatchCount,
        positionMismatches: stored.positionMismatchCount,
      },
    });
    return stored;
  });
}
