import { and, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { maskEmail, maskPhone } from '../core/masking.ts';
import { type Actor, canStaff, type StaffCapability } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { auditEvents, contractParties, contracts, customers, recoveryCodes, users } from '../db/schema.ts';
import { recordAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import { type RecoveryLinks, requestPasswordReset } from './recovery.ts';
import { revokeAllSessions } from './sessions.ts';

/**
 * The support console: find a customer, verify a caller without seeing their identity data,
 * unlock an account, read the audit log. Every call is itself an audit event. Staff never see or
 * set a password.
 */
type StaffActor = Extract<Actor, { kind: 'staff' }>;

function requireCapability(actor: Actor, capability: StaffCapability): StaffActor {
  if (actor.kind !== 'staff' || !canStaff(actor, capability)) {
    // Not a staff member (or not this role): answer as if the console did not exist.
    throw new DomainError('not_found', 'NOT_FOUND', 'There is nothing at this address.');
  }
  return actor;
}

export async function searchCustomers(db: Db, actor: Actor, query: string, meta: { requestId?: string }) {
  const staff = requireCapability(actor, 'customers.search');
  const q = query.trim();
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const digits = q.replace(/\D/g, '');
  const conditions: SQL[] = [
    ilike(
      sql`coalesce(${customers.firstName} || ' ' || ${customers.lastName}, ${customers.businessName})`,
      like,
    ),
    ilike(customers.email, like),
    ilike(contracts.contractNumber, like),
  ];
  if (digits.length >= 4)
    conditions.push(
      sql`regexp_replace(coalesce(${customers.phone}, ''), '\\D', '', 'g') like ${`%${digits}%`}`,
    );
  const rows = await db
    .selectDistinct({
      id: customers.id,
      kind: customers.kind,
      name: sql<string>`coalesce(${customers.firstName} || ' ' || ${customers.lastName}, ${customers.businessName})`,
      email: customers.email,
      phone: customers.phone,
      city: customers.city,
      state: customers.state,
    })
    .from(customers)
    .leftJoin(contractParties, eq(contractParties.customerId, customers.id))
    .leftJoin(contracts, eq(contracts.id, contractParties.contractId))
    .where(or(...conditions))
    .limit(25);
  await recordAudit(db, {
    actor: { type: 'staff', id: staff.userId },
    action: 'staff.customer_search',
    resource: { type: 'customer', id: '*' },
    requestId: meta.requestId,
    details: { query: q, results: rows.length },
  });
  return rows.map((r) => ({
    ...r,
    email: r.email && maskEmail(r.email),
    phone: r.phone && maskPhone(r.phone),
  }));
}

/**
 * Checks what a caller says (date of birth, last four of SSN/EIN, ZIP) against the file and answers
 * only whether each matches, so the agent never reads the identity data itself.
 */
export async function verifyCaller(
  db: Db,
  actor: Actor,
  customerId: string,
  claim: { dateOfBirth?: string | undefined; taxIdLast4: string; zip: string },
  meta: { requestId?: string },
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
    actor: { type: 'staff', id: staff.userId },
    action: 'staff.verify_caller',
    resource: { type: 'customer', id: customerId },
    requestId: meta.requestId,
    details: { verified, ...result },
  });
  return { verified, checks: result };
}

/** Ends a lockout; the customer signs in with their own password and second factor as usual. */
export async function unlockUser(
  db: Db,
  clock: Clock,
  actor: Actor,
  loginId: string,
  meta: { requestId?: string },
) {
  const staff = requireCapability(actor, 'users.unlock');
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ lockedUntil: null, failedSignIns: 0 })
      .where(and(sql`lower(${users.loginId}) = lower(${loginId})`, eq(users.kind, 'customer')))
      .returning({ id: users.id });
    if (!user)
      throw new DomainError('not_found', 'USERS.NOT_FOUND', `There is no customer login ${loginId}.`);
    await recordAudit(tx, {
      actor: { type: 'staff', id: staff.userId },
      action: 'staff.unlock_user',
      resource: { type: 'user', id: user.id },
      requestId: meta.requestId,
      details: { loginId, at: clock.now().toISOString() },
    });
  });
}

export async function readAuditLog(
  db: Db,
  actor: Actor,
  filter: { resourceType?: string | undefined; resourceId?: string | undefined },
) {
  requireCapability(actor, 'audit.read');
  const conditions: SQL[] = [];
  if (filter.resourceType) conditions.push(eq(auditEvents.resourceType, filter.resourceType));
  if (filter.resourceId) conditions.push(eq(auditEvents.resourceId, filter.resourceId));
  return db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(200);
}

/** Sends the customer a password-reset link (the agent never sees it or the password). */
export async function sendResetLink(
  db: Db,
  clock: Clock,
  actor: Actor,
  loginId: string,
  links: RecoveryLinks,
  meta: { requestId?: string; ip?: string },
) {
  const staff = requireCapability(actor, 'users.reset_access');
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.loginId}) = lower(${loginId})`, eq(users.kind, 'customer')));
  if (!user) throw new DomainError('not_found', 'USERS.NOT_FOUND', `There is no customer login ${loginId}.`);
  await requestPasswordReset(db, clock, loginId, links, { ip: meta.ip, requestId: meta.requestId });
  await recordAudit(db, {
    actor: { type: 'staff', id: staff.userId },
    action: 'staff.send_reset_link',
    resource: { type: 'user', id: user.id },
    requestId: meta.requestId,
  });
}

/**
 * Removes a customer's authenticator app and recovery codes (after the caller was verified) and
 * signs them out everywhere; they set up a factor again at their next sign-in.
 */
export async function resetFactors(
  db: Db,
  clock: Clock,
  actor: Actor,
  loginId: string,
  meta: { requestId?: string },
) {
  const staff = requireCapability(actor, 'users.reset_access');
  await db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ totpSecretSealed: null, totpPendingSealed: null, totpLastStep: null })
      .where(and(sql`lower(${users.loginId}) = lower(${loginId})`, eq(users.kind, 'customer')))
      .returning({ id: users.id });
    if (!user)
      throw new DomainError('not_found', 'USERS.NOT_FOUND', `There is no customer login ${loginId}.`);
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await revokeAllSessions(tx, clock, user.id);
    await recordAudit(tx, {
      actor: { type: 'staff', id: staff.userId },
      action: 'staff.reset_factors',
      resource: { type: 'user', id: user.id },
      requestId: meta.requestId,
    });
  });
}
