import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { checkPassword } from '../core/password-policy.ts';
import type { Db } from '../db/database.ts';
import { contractParties, contracts, customers, users, verificationLinks } from '../db/schema.ts';
import { renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { hashPassword } from './passwords.ts';
import type { RegistrationRequest } from './registration.schemas.ts';
import { createSession, type SessionMeta } from './sessions.ts';
import { completeSignIn, sameSecret } from './sign-in.ts';

/**
 * Self-registration, in three steps: prove to be a party to a contract (contract number, last four
 * of the SSN or EIN, ZIP code, and a person's date of birth), then control an email address (a
 * single-use link valid for an hour), then choose a User ID and password. The first step answers
 * the same whatever happened, so it reveals neither whether a contract exists nor whether its
 * customer has signed up; what differs is only the mail, which goes to someone entitled to it.
 */
export const REGISTRATION_LINK_LIFETIME_MS = 60 * 60_000;

/** The one answer to a registration request, matched or not. */
export const REGISTRATION_ACCEPTED =
  'If the details match a contract, we have sent a link to that address. Check your email: the link works for 1 hour.';

/** Addresses of the web pages that registration mails link to. */
export type RegistrationLinks = {
  complete: (token: string) => string;
  signIn: string;
  forgotPassword: string;
};

export type RegistrationMeta = SessionMeta & { requestId?: string | undefined };

const INVALID_LINK = () =>
  new DomainError(
    'invalid',
    'REGISTRATION.INVALID_LINK',
    'This link has expired or was already used. Start again.',
  );

const USER_ID_TAKEN = () =>
  new DomainError('conflict', 'REGISTRATION.USER_ID_TAKEN', 'That User ID is taken.', {
    userId: 'That User ID is taken. Choose another.',
  });

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Party = {
  customerId: string;
  kind: 'person' | 'business';
  firstName: string | null;
  lastName: string | null;
  businessName: string | null;
  dateOfBirth: string | null;
  taxIdLast4: string;
  zip: string;
};

/**
 * Whether a party is the one these facts describe: a person by date of birth as well, a business
 * without one. Each fact is compared in constant time and all are compared, so how long the check
 * takes says nothing about which fact was wrong.
 */
function isDescribedBy(party: Party, input: RegistrationRequest): boolean {
  const last4 = sameSecret(party.taxIdLast4, input.taxIdLast4);
  // ZIP+4 on either side: the five-digit ZIP is what people know.
  const zip = sameSecret(party.zip.slice(0, 5), input.zip.slice(0, 5));
  const born =
    party.kind === 'person'
      ? party.dateOfBirth !== null &&
        input.dateOfBirth !== undefined &&
        sameSecret(party.dateOfBirth, input.dateOfBirth)
      : input.dateOfBirth === undefined;
  return last4 && zip && born;
}

/** How the portal greets the person: a first name, or a business's name. */
const greetingName = (party: Pick<Party, 'kind' | 'firstName' | 'businessName'>) =>
  (party.kind === 'person' ? party.firstName : party.businessName) ?? '';

const partyColumns = {
  customerId: customers.id,
  kind: customers.kind,
  firstName: customers.firstName,
  lastName: customers.lastName,
  businessName: customers.businessName,
  dateOfBirth: customers.dateOfBirth,
  taxIdLast4: customers.taxIdLast4,
  zip: customers.zip,
};

/**
 * Step one. When a party of the contract matches every fact: a customer without a login gets a link
 * at the address given; one who has a login is told at the address on file (nothing goes to the
 * address given, which may be anyone's). No match sends nothing. The caller answers the same in
 * every case.
 */
export async function requestRegistration(
  db: Db,
  clock: Clock,
  input: RegistrationRequest,
  links: RegistrationLinks,
  meta: RegistrationMeta,
): Promise<void> {
  const typed = input.contractNumber;
  await db.transaction(async (tx) => {
    const parties = await tx
      .select(partyColumns)
      .from(contracts)
      .innerJoin(contractParties, eq(contractParties.contractId, contracts.id))
      .innerJoin(customers, eq(customers.id, contractParties.customerId))
      // Contract numbers are capitals, digits and hyphens (boarding checks): any case typed finds one.
      .where(eq(contracts.contractNumber, typed.toUpperCase()));
    const party = parties.filter((p) => isDescribedBy(p, input))[0];
    if (!party) return;

    const existing = await tx
      .select({ id: users.id, loginId: users.loginId, email: users.email, displayName: users.displayName })
      .from(users)
      .where(eq(users.customerId, party.customerId));
    const audit = (action: string, details: Record<string, unknown>) =>
      recordAudit(tx, {
        actor: { type: 'system', id: 'registration' },
        action,
        resource: { type: 'customer', id: party.customerId },
        details: { contractNumber: typed.toUpperCase(), ...details },
        requestId: meta.requestId,
        ip: meta.ip,
      });

    if (existing.length > 0) {
      for (const user of existing) {
        await sendMail(tx, clock, {
          to: user.email,
          ...renderMail('register-existing', {
            displayName: user.displayName,
            userId: user.loginId,
            signInUrl: links.signIn,
            forgotPasswordUrl: links.forgotPassword,
          }),
        });
      }
      await audit('registration.already_registered', {});
      return;
    }

    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await tx.insert(verificationLinks).values({
      purpose: 'register',
      customerId: party.customerId,
      email: input.email,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + REGISTRATION_LINK_LIFETIME_MS),
      createdAt: now,
    });
    await sendMail(tx, clock, {
      to: input.email,
      ...renderMail('register-link', {
        displayName: greetingName(party),
        registerUrl: links.complete(token),
        validFor: '1 hour',
      }),
    });
    await audit('registration.link_sent', { email: input.email });
  });
}

/** The registration link of this token while it can still be used, with the customer it is for. */
async function openLink(db: Db, clock: Clock, token: string) {
  const [link] = await db
    .select({ ...partyColumns, email: verificationLinks.email })
    .from(verificationLinks)
    .innerJoin(customers, eq(customers.id, verificationLinks.customerId))
    .where(
      and(
        eq(verificationLinks.tokenHash, hashToken(token)),
        eq(verificationLinks.purpose, 'register'),
        isNull(verificationLinks.usedAt),
        gt(verificationLinks.expiresAt, clock.now()),
      ),
    );
  if (!link) throw INVALID_LINK();
  // Registered since (through another link): this one has nothing left to do.
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.customerId, link.customerId))
    .limit(1);
  if (user) throw INVALID_LINK();
  return link;
}

/** Step two: whom a link is for, to greet them and show the address it proved. */
export async function describeRegistrationLink(
  db: Db,
  clock: Clock,
  token: string,
): Promise<{ displayName: string; email: string }> {
  const link = await openLink(db, clock, token);
  return { displayName: greetingName(link), email: link.email };
}

const isLoginIdTaken = async (db: Db, loginId: string) =>
  (
    await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.loginId}) = lower(${loginId})`)
      .limit(1)
  ).length > 0;

/**
 * Step three: the login. The link is spent by one conditional UPDATE in the transaction that creates
 * the user, so of many requests racing with one link exactly one creates a user, and a refused User
 * ID or password leaves the link usable. The new user then has a session that may only set up a
 * second factor (`enrol`), or, where the portal leaves factors optional, a signed-in one (`done`).
 */
export async function completeRegistration(
  db: Db,
  clock: Clock,
  mfa: 'required' | 'optional',
  input: { token: string; userId: string; password: string },
  meta: RegistrationMeta,
): Promise<{ next: 'enrol' | 'done'; token: string }> {
  const link = await openLink(db, clock, input.token);
  const loginId = input.userId;
  const names =
    link.kind === 'person' ? [link.firstName, link.lastName] : (link.businessName ?? '').split(/\s+/);
  const passwordHash = await acceptableNewLogin(db, { loginId, password: input.password, names });

  return db.transaction(async (tx) => {
    const now = clock.now();
    const [spent] = await tx
      .update(verificationLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(verificationLinks.tokenHash, hashToken(input.token)),
          eq(verificationLinks.purpose, 'register'),
          isNull(verificationLinks.usedAt),
          gt(verificationLinks.expiresAt, now),
        ),
      )
      .returning({ customerId: verificationLinks.customerId, email: verificationLinks.email });
    if (!spent?.customerId) throw INVALID_LINK();
    // The customer's row lock serialises two links of one customer: the second finds a user.
    await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, spent.customerId))
      .for('update');
    const [registered] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.customerId, spent.customerId))
      .limit(1);
    if (registered) throw INVALID_LINK();

    const user = await insertLogin(tx, {
      loginId,
      email: spent.email,
      displayName:
        link.kind === 'person' ? `${link.firstName} ${link.lastName}` : (link.businessName ?? loginId),
      customerId: spent.customerId,
      passwordHash,
    });
    // The customer's other links have nothing left to do.
    await tx
      .update(verificationLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(verificationLinks.customerId, spent.customerId),
          eq(verificationLinks.purpose, 'register'),
          isNull(verificationLinks.usedAt),
        ),
      );
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id },
      action: 'user.register',
      resource: { type: 'user', id: user.id },
      details: { customerId: spent.customerId, email: spent.email },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return firstSession(tx, clock, mfa, user, meta);
  });
}

/**
 * Checks a User ID and password chosen for a new login (the User ID free, the password the
 * policy's) and answers the password's hash. Hashed before any transaction: Argon2id takes tens of
 * milliseconds and should hold no lock meanwhile.
 */
export async function acceptableNewLogin(
  db: Db,
  input: { loginId: string; password: string; names: (string | null)[] },
): Promise<string> {
  if (await isLoginIdTaken(db, input.loginId)) throw USER_ID_TAKEN();
  const verdict = checkPassword(input.password, { userId: input.loginId, names: input.names });
  if (!verdict.ok) {
    throw new DomainError('invalid', 'AUTH.PASSWORD_NOT_ACCEPTED', 'Choose another password.', {
      password: verdict.reason,
    });
  }
  return hashPassword(input.password);
}

/** Creates a customer login; refused when someone took the User ID since `acceptableNewLogin`. */
export async function insertLogin(
  tx: Db,
  login: {
    loginId: string;
    email: string;
    displayName: string;
    customerId: string | null;
    passwordHash: string;
  },
): Promise<{ id: string; loginId: string }> {
  const [user] = await tx
    .insert(users)
    .values({ ...login, kind: 'customer' })
    // The unique index on lower(login_id): someone took the User ID since the check.
    .onConflictDoNothing()
    .returning({ id: users.id, loginId: users.loginId });
  if (!user) throw USER_ID_TAKEN();
  return user;
}

/**
 * A new login's first session: one that may only set up a second factor (`enrol`), or, where the
 * portal leaves factors optional, a signed-in one (`done`).
 */
export async function firstSession(
  tx: Db,
  clock: Clock,
  mfa: 'required' | 'optional',
  user: { id: string; loginId: string },
  meta: RegistrationMeta,
): Promise<{ next: 'enrol' | 'done'; token: string }> {
  if (mfa === 'optional')
    return { next: 'done', token: await completeSignIn(tx, clock, user, undefined, meta) };
  return { next: 'enrol', token: await createSession(tx, clock, user.id, 'enrolling', meta) };
}
