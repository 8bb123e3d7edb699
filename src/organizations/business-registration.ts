import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { and, count, eq, gt, ne } from 'drizzle-orm';
import { refreshFleetMileage } from '../accounts/index.ts';
import type { Actor } from '../core/policy.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  businessRegistrations,
  contractParties,
  contracts,
  customers,
  fleetVehicles,
  organizationMembers,
  organizations,
  users,
  vehicles,
} from '../db/schema.ts';
import {
  acceptableNewLogin,
  CODE_VALID_MS,
  codeHash,
  firstSession,
  insertLogin,
  MAX_CODES_PER_WINDOW,
  MAX_GUESSES_PER_CODE,
  type RegistrationMeta,
  sameSecret,
} from '../identity/index.ts';
import { formatMailInstant, notify, renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type {
  BusinessRegistrationNewLogin,
  BusinessRegistrationRequest,
} from './business-registration.schemas.ts';
import { DEFAULT_BULK_PAYMENT_MAX_CENTS, DEFAULT_DAILY_PAYMENT_MAX_CENTS } from './organizations.ts';

/**
 * Business registration, in two steps. First, prove a business contract: its number, the last four
 * of the business's EIN and its ZIP; when they match an open contract with a business party, a code
 * goes to the business's email on file. Either way the answer is a ticket and the same sentence, and
 * a ticket is stored for details that match nothing too (with no customer), so neither the answer
 * nor the next step tells whether a contract exists. Second, the code with its ticket (one-time code
 * rules: 6 digits, 10 minutes, once, 5 guesses) makes the person an admin of the business's
 * organization, opened then if it has none; the admins it already has are told. The person is
 * signed in, or chooses a new login there and then sets up a second factor like any new login.
 */

/** The one answer to step one, matched or not. */
export const BUSINESS_REGISTRATION_ACCEPTED =
  'If the details match a business contract, we have sent a 6-digit code to the business’s email address on file. Enter it here within 10 minutes.';

export type BusinessRegistrationDeps = { pepper: Buffer };

export type BusinessRegistrationJoined = {
  organizationId: string;
  organizationName: string;
  role: 'admin';
  created: boolean;
};

/** Wrong, expired, spent, burnt or never matched: one answer for all, so no case is told apart. */
const INVALID_CODE = () =>
  new DomainError(
    'invalid',
    'BUSINESS_REGISTRATION.INVALID_CODE',
    'That code is not right or no longer works. Check it, or start again for a new code.',
    { code: 'That code is not right or no longer works. Check it, or start again for a new code.' },
  );

const ALREADY_ADMIN = () =>
  new DomainError(
    'conflict',
    'BUSINESS_REGISTRATION.ALREADY_ADMIN',
    'You are already a fleet admin of this business.',
  );

const STAFF_LOGIN = () =>
  new DomainError(
    'forbidden',
    'BUSINESS_REGISTRATION.STAFF_LOGIN',
    'A staff login cannot act for a business. Sign in with a customer login, or sign out and choose a new one.',
  );

/** The ticket is a 256-bit random string; keyed like the code, so a copy of the table tests nothing. */
const ticketHash = (pepper: Buffer, ticket: string) =>
  createHmac('sha256', pepper).update(`business-registration-ticket:${ticket}`).digest('hex');

type BusinessParty = { taxIdLast4: string; zip: string };

/** Both facts compared in constant time, and both always, so the time taken tells neither apart. */
function isDescribedBy(party: BusinessParty, input: BusinessRegistrationRequest): boolean {
  const last4 = sameSecret(party.taxIdLast4, input.einLast4);
  // ZIP+4 on either side: the five-digit ZIP is what people know.
  const zip = sameSecret(party.zip.slice(0, 5), input.zip.slice(0, 5));
  return last4 && zip;
}

/**
 * Step one: always a new ticket. Only an open contract's business party with an email on file gets a
 * code, and at most MAX_CODES_PER_WINDOW in a code's lifetime (so the form cannot flood the
 * business's mailbox); beyond that the ticket is stored as a non-match would be.
 */
export async function requestBusinessRegistration(
  db: Db,
  clock: Clock,
  deps: BusinessRegistrationDeps,
  input: BusinessRegistrationRequest,
  meta: RegistrationMeta,
): Promise<{ ticket: string }> {
  const contractNumber = input.contractNumber.toUpperCase();
  return db.transaction(async (tx) => {
    const now = clock.now();
    const parties = await tx
      .select({
        customerId: customers.id,
        contractId: contracts.id,
        businessName: customers.businessName,
        email: customers.email,
        taxIdLast4: customers.taxIdLast4,
        zip: customers.zip,
      })
      .from(contracts)
      .innerJoin(contractParties, eq(contractParties.contractId, contracts.id))
      .innerJoin(customers, eq(customers.id, contractParties.customerId))
      // Contract numbers are capitals, digits and hyphens (boarding checks): any case typed finds one.
      .where(
        and(
          eq(contracts.contractNumber, contractNumber),
          eq(contracts.status, 'active'),
          eq(customers.kind, 'business'),
        ),
      );
    const party = parties.filter((p) => isDescribedBy(p, input))[0];
    const sent = party?.email ? await recentTickets(tx, now, party.customerId) : MAX_CODES_PER_WINDOW;
    const match = party?.email && sent < MAX_CODES_PER_WINDOW ? { ...party, email: party.email } : undefined;

    const ticket = randomBytes(32).toString('base64url');
    // A non-match's code is drawn and hashed too, never sent: its row is like any other.
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.insert(businessRegistrations).values({
      ticketHash: ticketHash(deps.pepper, ticket),
      customerId: match?.customerId ?? null,
      contractId: match?.contractId ?? null,
      destination: match?.email ?? null,
      codeHash: codeHash(deps.pepper, code),
      expiresAt: new Date(now.getTime() + CODE_VALID_MS),
      createdAt: now,
    });
    if (match) {
      const name = match.businessName ?? '';
      await sendMail(tx, clock, {
        to: match.email,
        ...renderMail('business-registration-code', { businessName: name, code, validFor: '10 minutes' }),
      });
      await recordAudit(tx, {
        actor: { type: 'system', id: 'registration' },
        action: 'registration.business_code_sent',
        resource: { type: 'customer', id: match.customerId },
        details: { contractNumber, email: match.email },
        requestId: meta.requestId,
        ip: meta.ip,
      });
    }
    return { ticket };
  });
}

async function recentTickets(tx: Db, now: Date, customerId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(businessRegistrations)
    .where(
      and(
        eq(businessRegistrations.customerId, customerId),
        gt(businessRegistrations.createdAt, new Date(now.getTime() - CODE_VALID_MS)),
      ),
    );
  return row?.n ?? 0;
}

type Proof = { customerId: string; contractId: string; destination: string };

/**
 * Spends the ticket when the code is its own and it matched a contract; otherwise counts a guess on
 * it and answers undefined. Under the ticket's row lock, so of two racing requests one spends it.
 * The caller commits the count even when it then refuses (it throws only after the transaction).
 */
async function redeemTicket(
  tx: Db,
  clock: Clock,
  pepper: Buffer,
  input: { ticket: string; code: string },
): Promise<Proof | undefined> {
  const now = clock.now();
  const [row] = await tx
    .select()
    .from(businessRegistrations)
    .where(eq(businessRegistrations.ticketHash, ticketHash(pepper, input.ticket)))
    .for('update');
  if (!row || row.usedAt !== null || row.expiresAt <= now || row.attempts >= MAX_GUESSES_PER_CODE) {
    return undefined;
  }
  const right = sameSecret(row.codeHash, codeHash(pepper, input.code));
  if (right && row.customerId && row.contractId && row.destination) {
    await tx.update(businessRegistrations).set({ usedAt: now }).where(eq(businessRegistrations.id, row.id));
    return { customerId: row.customerId, contractId: row.contractId, destination: row.destination };
  }
  await tx
    .update(businessRegistrations)
    .set({ attempts: row.attempts + 1 })
    .where(eq(businessRegistrations.id, row.id));
  return undefined;
}

/**
 * Opens the organization of a business customer: the default payment limits, and a fleet record
 * for every contract the business is a party to (set-based), its mileage projection computed from
 * the readings reported so far. Call it under the customer's row lock, once per business.
 */
export async function openBusinessOrganization(
  tx: Db,
  clock: Clock,
  customerId: string,
): Promise<{ organizationId: string; vehicles: number }> {
  const now = clock.now();
  const [organization] = await tx
    .insert(organizations)
    .values({
      customerId,
      bulkPaymentMaxCents: DEFAULT_BULK_PAYMENT_MAX_CENTS,
      dailyPaymentMaxCents: DEFAULT_DAILY_PAYMENT_MAX_CENTS,
      createdAt: now,
    })
    .returning({ id: organizations.id });
  const organizationId = organization!.id;
  const fleet = await tx
    .select({ contract: contracts, vehicleId: vehicles.id, odometerAtContract: vehicles.odometerAtContract })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .where(eq(contractParties.customerId, customerId));
  const contractIds = [...new Set(fleet.map((v) => v.contract.id))];
  if (contractIds.length > 0) {
    await tx
      .insert(fleetVehicles)
      .values(contractIds.map((contractId) => ({ contractId, organizationId, updatedAt: now })))
      // A contract of two businesses keeps the fleet record of the one that registered first.
      .onConflictDoNothing();
  }
  await refreshFleetMileage(
    tx,
    fleet.map((v) => ({
      contract: toServicedContract(v.contract),
      odometerAtContract: v.odometerAtContract,
      vehicleId: v.vehicleId,
    })),
  );
  return { organizationId, vehicles: contractIds.length };
}

/**
 * Makes the registrant an admin of the proven business's organization (a member in another role is
 * made admin), opening the organization when there is none; the admins it had are told by email.
 */
async function joinAsAdmin(
  tx: Db,
  clock: Clock,
  registrant: { id: string; loginId: string; displayName: string },
  proof: Proof,
  meta: RegistrationMeta & { newLogin: boolean },
): Promise<BusinessRegistrationJoined> {
  const now = clock.now();
  // The business's row lock: two registrations of one business open one organization between them.
  const [business] = await tx
    .select({ name: customers.businessName })
    .from(customers)
    .where(eq(customers.id, proof.customerId))
    .for('update');
  const name = business?.name ?? '';
  const [contract] = await tx
    .select({ contractNumber: contracts.contractNumber })
    .from(contracts)
    .where(eq(contracts.id, proof.contractId));
  const actor = { type: 'user' as const, id: registrant.id };
  const audit = { requestId: meta.requestId, ip: meta.ip };

  const [existing] = await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.customerId, proof.customerId));
  let organizationId = existing?.id;
  if (!organizationId) {
    const opened = await openBusinessOrganization(tx, clock, proof.customerId);
    organizationId = opened.organizationId;
    await recordAudit(tx, {
      actor,
      action: 'registration.business_organization_created',
      resource: { type: 'organization', id: organizationId },
      details: { customerId: proof.customerId, vehicles: opened.vehicles },
      ...audit,
    });
  }

  const [member] = await tx
    .select({ role: organizationMembers.role })
    .from(organizationMembers)
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.userId, registrant.id),
      ),
    );
  if (member?.role === 'admin') throw ALREADY_ADMIN();
  const admins = await tx
    .select({ id: users.id, loginId: users.loginId })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(
      and(
        eq(organizationMembers.organizationId, organizationId),
        eq(organizationMembers.role, 'admin'),
        ne(organizationMembers.userId, registrant.id),
      ),
    );
  if (member) {
    await tx
      .update(organizationMembers)
      .set({ role: 'admin' })
      .where(
        and(
          eq(organizationMembers.organizationId, organizationId),
          eq(organizationMembers.userId, registrant.id),
        ),
      );
  } else {
    await tx
      .insert(organizationMembers)
      .values({ organizationId, userId: registrant.id, role: 'admin', addedAt: now });
  }
  // Someone new holds every right over the business: each admin hears of it, whatever they chose.
  for (const admin of admins) {
    await notify(tx, clock, {
      userId: admin.id,
      event: 'security_alerts',
      template: 'organization-admin-joined',
      values: {
        newAdminName: registrant.displayName,
        newAdminUserId: registrant.loginId,
        organizationName: name,
        when: formatMailInstant(now),
      },
    });
  }
  await recordAudit(tx, {
    actor,
    action: 'registration.business_admin_joined',
    resource: { type: 'organization', id: organizationId },
    details: {
      customerId: proof.customerId,
      contractNumber: contract?.contractNumber,
      userId: registrant.id,
      previousRole: member?.role ?? null,
      newLogin: meta.newLogin,
      adminsNotified: admins.length,
    },
    ...audit,
  });
  return { organizationId, organizationName: name, role: 'admin', created: !existing };
}

/** Step two for someone signed in: the code makes their login an admin of the business. */
export async function registerBusinessForLogin(
  db: Db,
  clock: Clock,
  deps: BusinessRegistrationDeps,
  actor: Actor,
  input: { ticket: string; code: string },
  meta: RegistrationMeta,
): Promise<BusinessRegistrationJoined> {
  // Refused before the ticket is looked at: it is neither spent nor counted.
  if (actor.kind !== 'customer') throw STAFF_LOGIN();
  const joined = await db.transaction(async (tx) => {
    const proof = await redeemTicket(tx, clock, deps.pepper, input);
    if (!proof) return undefined;
    const [user] = await tx
      .select({ loginId: users.loginId, displayName: users.displayName })
      .from(users)
      .where(eq(users.id, actor.userId));
    return joinAsAdmin(tx, clock, { id: actor.userId, ...user! }, proof, { ...meta, newLogin: false });
  });
  if (!joined) throw INVALID_CODE();
  return joined;
}

/**
 * Step two for someone new: a User ID and password of their choosing (checked and hashed before
 * the ticket is touched, so a refused one costs no guess), a login at the business address the code
 * proved, admin of the business, and a first session that must set up a second factor. A User ID
 * taken meanwhile undoes it all and leaves the ticket as it was.
 */
export async function registerBusinessWithNewLogin(
  db: Db,
  clock: Clock,
  deps: BusinessRegistrationDeps & { mfa: 'required' | 'optional' },
  input: BusinessRegistrationNewLogin,
  meta: RegistrationMeta,
): Promise<BusinessRegistrationJoined & { next: 'enrol' | 'done'; token: string }> {
  const passwordHash = await acceptableNewLogin(db, {
    loginId: input.userId,
    password: input.password,
    names: input.displayName.split(/\s+/),
  });
  const outcome = await db.transaction(async (tx) => {
    const proof = await redeemTicket(tx, clock, deps.pepper, input);
    if (!proof) return undefined;
    const user = await insertLogin(tx, {
      loginId: input.userId,
      email: proof.destination,
      displayName: input.displayName,
      customerId: null,
      passwordHash,
    });
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id },
      action: 'registration.business_login_created',
      resource: { type: 'user', id: user.id },
      details: { customerId: proof.customerId, email: proof.destination },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    const joined = await joinAsAdmin(tx, clock, { ...user, displayName: input.displayName }, proof, {
      ...meta,
      newLogin: true,
    });
    return { ...joined, ...(await firstSession(tx, clock, deps.mfa, user, meta)) };
  });
  if (!outcome) throw INVALID_CODE();
  return outcome;
}
