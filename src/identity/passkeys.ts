import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { passkeys, users, webauthnChallenges } from '../db/schema.ts';
import { formatMailInstant, renderMail, sendMail } from '../notifications/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { findSession, renewSession, type SessionMeta } from './sessions.ts';
import { completeSignIn, factorsOf, LOCKED, recordEvent } from './sign-in.ts';

/**
 * Passkeys (WebAuthn; NIST SP 800-63B-4 App. B): a key pair made by the person's device or password
 * manager, unlocked by their fingerprint, face or PIN (user verification is required), so a passkey
 * alone is two factors and signs in. Phishing-resistant by design: the browser binds each signature
 * to the portal's origin and the authenticator to its domain (the RP ID).
 *
 * Each ceremony starts with a challenge stored here (5 minutes, spent once by one conditional
 * UPDATE, so two answers racing cannot both use it); the browser sends its id back with the answer.
 */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;
/** Enough for a phone, a laptop, a password manager and a few security keys. */
export const MAX_PASSKEYS = 10;

/** The relying party: the portal's domain (RP ID), its origin, and the name authenticators show. */
export type RelyingParty = { id: string; origin: string; name: string };

type ChallengePurpose = (typeof webauthnChallenges.$inferInsert)['purpose'];

const PASSKEY_FAILED = () =>
  new DomainError(
    'unauthenticated',
    'AUTH.PASSKEY_FAILED',
    'That passkey did not work. Try again or use your password.',
  );
const NOT_FOUND = () => new DomainError('not_found', 'PASSKEYS.NOT_FOUND', 'You have no such passkey.');
const SIGNED_OUT = () => new DomainError('unauthenticated', 'AUTH.SIGNED_OUT', 'Please sign in.');

/**
 * WebAuthn options for the browser, as JSON to pass on whole to `navigator.credentials.create/get`
 * (through @simplewebauthn/browser), with the id of the stored challenge they carry.
 */
export type CeremonyOptions = { challengeId: string; options: { [key: string]: unknown; challenge: string } };

/** Stores the challenge of these options and answers them with its id. */
async function withChallenge(
  db: Db,
  clock: Clock,
  purpose: ChallengePurpose,
  userId: string | null,
  options: PublicKeyCredentialCreationOptionsJSON | PublicKeyCredentialRequestOptionsJSON,
): Promise<CeremonyOptions> {
  const now = clock.now();
  // Housekeeping: the sign-in options are open to anyone, so unanswered challenges must not pile up.
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  const [row] = await db
    .insert(webauthnChallenges)
    .values({
      challenge: options.challenge,
      purpose,
      userId,
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
    })
    .returning({ id: webauthnChallenges.id });
  return { challengeId: row!.id, options: { ...options } };
}

/** Spends a live challenge of this purpose (and user); answers it, or undefined if it cannot be used. */
async function spendChallenge(
  db: Db,
  clock: Clock,
  id: string,
  purpose: ChallengePurpose,
  userId: string | null,
): Promise<string | undefined> {
  const now = clock.now();
  const [row] = await db
    .update(webauthnChallenges)
    .set({ usedAt: now })
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        userId === null ? isNull(webauthnChallenges.userId) : eq(webauthnChallenges.userId, userId),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge;
}

/** The WebAuthn user handle: the user's random UUID as bytes (never the email or User ID). */
const userHandle = (userId: string) => Buffer.from(userId.replaceAll('-', ''), 'hex');

async function passkeyCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, userId));
  return row?.n ?? 0;
}

const TOO_MANY = () =>
  new DomainError(
    'conflict',
    'PASSKEYS.TOO_MANY',
    `You have ${MAX_PASSKEYS} passkeys, the most an account can have. Remove one you no longer use first.`,
  );

/** Options for making a new passkey on this device (a discoverable credential, verified user). */
export async function registrationOptions(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  userId: string,
): Promise<CeremonyOptions> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw SIGNED_OUT();
  const existing = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  if (existing.length >= MAX_PASSKEYS) throw TOO_MANY();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.loginId,
    userDisplayName: user.displayName,
    userID: userHandle(user.id),
    attestationType: 'none',
    // A device that already holds one of this user's passkeys is not asked to make another.
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  return withChallenge(db, clock, 'register', userId, options);
}

export type PasskeyListing = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
};

const listingColumns = {
  id: passkeys.id,
  name: passkeys.name,
  createdAt: passkeys.createdAt,
  lastUsedAt: passkeys.lastUsedAt,
  backedUp: passkeys.backedUp,
};

/** Checks the browser's answer to the registration options and keeps the new passkey. */
export async function addPasskey(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  userId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name?: string | undefined },
  meta: SessionMeta,
): Promise<PasskeyListing> {
  const failed = () =>
    new DomainError(
      'invalid',
      'PASSKEYS.NOT_ADDED',
      'Your device could not make a passkey for this portal. Try again, or use another device.',
    );
  const challenge = await spendChallenge(db, clock, input.challengeId, 'register', userId);
  if (!challenge) throw failed();
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
  }).catch(() => undefined);
  if (!verification?.verified) throw failed();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  return db.transaction(async (tx) => {
    // The user row is locked so two registrations at once cannot pass the limit together.
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw SIGNED_OUT();
    if ((await passkeyCount(tx, userId)) >= MAX_PASSKEYS) throw TOO_MANY();
    const now = clock.now();
    const [added] = await tx
      .insert(passkeys)
      .values({
        id: credential.id,
        userId,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: input.name ?? 'Passkey',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning(listingColumns);
    if (!added) {
      throw new DomainError('conflict', 'PASSKEYS.ALREADY_ADDED', 'That passkey is already added.');
    }
    await recordAudit(tx, {
      actor: { type: 'user', id: userId },
      action: 'user.passkey_add',
      resource: { type: 'passkey', id: added.id },
      details: { name: added.name, deviceType: credentialDeviceType },
      ip: meta.ip,
    });
    // Anyone who got into the account could add a passkey to keep a way in: the owner hears of it.
    await sendMail(tx, clock, {
      to: user.email,
      ...renderMail('passkey-added', {
        displayName: user.displayName,
        userId: user.loginId,
        passkeyName: added.name,
        when: formatMailInstant(now),
      }),
    });
    return added;
  });
}

export async function listPasskeys(db: Db, userId: string): Promise<PasskeyListing[]> {
  return db
    .select(listingColumns)
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

export async function renamePasskey(
  db: Db,
  userId: string,
  passkeyId: string,
  name: string,
  meta: SessionMeta,
): Promise<PasskeyListing> {
  return db.transaction(async (tx) => {
    const [renamed] = await tx
      .update(passkeys)
      .set({ name })
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId)))
      .returning(listingColumns);
    if (!renamed) throw NOT_FOUND();
    await recordAudit(tx, {
      actor: { type: 'user', id: userId },
      action: 'user.passkey_rename',
      resource: { type: 'passkey', id: passkeyId },
      details: { name },
      ip: meta.ip,
    });
    return renamed;
  });
}

/**
 * Removes one of the user's passkeys (a lost or retired device), unless it is their last way to
 * prove a second factor where one is required: then they set up another first.
 */
export async function removePasskey(
  db: Db,
  userId: string,
  passkeyId: string,
  mfa: 'required' | 'optional',
  meta: SessionMeta,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw SIGNED_OUT();
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId)))
      .returning({ name: passkeys.name });
    if (!removed) throw NOT_FOUND();
    // Asked after the delete, in the same transaction: throwing undoes it.
    const required = mfa === 'required' || user.kind === 'staff';
    if (required && (await factorsOf(tx, user)).length === 0) {
      throw new DomainError(
        'conflict',
        'PASSKEYS.LAST_FACTOR',
        'This passkey is your only second factor. Set up another way to confirm it is you, such as an authenticator app, before you remove it.',
      );
    }
    await recordAudit(tx, {
      actor: { type: 'user', id: userId },
      action: 'user.passkey_remove',
      resource: { type: 'passkey', id: passkeyId },
      details: { name: removed.name },
      ip: meta.ip,
    });
  });
}

/** Options for signing in with a passkey alone: no User ID, so the device offers its passkeys for us. */
export async function signInOptions(db: Db, clock: Clock, rp: RelyingParty): Promise<CeremonyOptions> {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required' });
  return withChallenge(db, clock, 'authenticate', null, options);
}

/** Options for a step-up: only the signed-in user's own passkeys will do. */
export async function stepUpOptions(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  userId: string,
): Promise<CeremonyOptions> {
  const own = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  if (own.length === 0) {
    throw new DomainError('conflict', 'PASSKEYS.NONE', 'You have no passkey. Confirm it is you another way.');
  }
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: own.map((p) => ({ id: p.id, transports: p.transports })),
    userVerification: 'required',
  });
  return withChallenge(db, clock, 'step_up', userId, options);
}

type Assertion = { challengeId: string; response: AuthenticationResponseJSON };
type PasskeyRow = typeof passkeys.$inferSelect;

/**
 * Checks a signature by a stored passkey over the challenge, for this origin and RP ID, with the user
 * verified; then records the use (the signature counter, when the authenticator keeps one, must
 * have moved forward: a clone would lag behind). False on any failure.
 */
async function acceptAssertion(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  passkey: PasskeyRow,
  challenge: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  // A discoverable passkey also names its user: it must be the passkey's own.
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== isoBase64URL.fromBuffer(userHandle(passkey.userId))) return false;
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: passkey.id,
      publicKey: isoBase64URL.toBuffer(passkey.publicKey),
      counter: passkey.counter,
      transports: passkey.transports,
    },
    requireUserVerification: true,
  }).catch(() => undefined);
  if (!verification?.verified) return false;
  // Conditional on the counter read, so two uses racing cannot both move it from the same value.
  const used = await db
    .update(passkeys)
    .set({
      counter: verification.authenticationInfo.newCounter,
      backedUp: verification.authenticationInfo.credentialBackedUp,
      lastUsedAt: clock.now(),
    })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
    .returning({ id: passkeys.id });
  return used.length === 1;
}

async function storedPasskey(db: Db, credentialId: string) {
  const [row] = await db
    .select({ passkey: passkeys, user: users })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(eq(passkeys.id, credentialId));
  return row;
}

/**
 * Signs in with a passkey alone; answers the new session's token. `browserToken` is the session
 * cookie the browser holds, if any: a pending sign-in (the password was typed, the second factor
 * not yet) ends here, as the new session replaces it. Any failure is the same 401.
 */
export async function signInWithPasskey(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  input: Assertion,
  browserToken: string | undefined,
  meta: SessionMeta,
): Promise<string> {
  const challenge = await spendChallenge(db, clock, input.challengeId, 'authenticate', null);
  const found = challenge === undefined ? undefined : await storedPasskey(db, input.response.id);
  if (!challenge || !found) throw PASSKEY_FAILED();
  const { passkey, user } = found;
  const who = { userId: user.id, attempted: user.loginId };
  // A signature cannot be guessed, so failures do not count toward the lock: counting them would
  // only let whoever learned a credential id lock its owner out.
  if (!(await acceptAssertion(db, clock, rp, passkey, challenge, input.response))) {
    await recordEvent(db, clock, who, 'bad_passkey', meta);
    throw PASSKEY_FAILED();
  }
  // As with the password, only someone who proved the factor learns that the account is locked.
  if (user.lockedUntil !== null && user.lockedUntil > clock.now()) {
    await recordEvent(db, clock, who, 'locked', meta);
    throw LOCKED();
  }
  const browserSession = await findSession(db, clock, browserToken, { touch: false });
  const pending = browserSession?.state === 'pending' ? browserSession.tokenHash : undefined;
  return db.transaction((tx) => completeSignIn(tx, clock, user, pending, meta));
}

/**
 * Step-up with one of the signed-in user's passkeys: a new session id whose proof is recent (see
 * `stepUp` in sign-in.ts for the password way).
 */
export async function stepUpWithPasskey(
  db: Db,
  clock: Clock,
  rp: RelyingParty,
  session: { tokenHash: string; user: { id: string; loginId: string } },
  input: Assertion,
  meta: SessionMeta,
): Promise<{ token: string; expiresAt: Date }> {
  const { user } = session;
  const who = { userId: user.id, attempted: user.loginId };
  const challenge = await spendChallenge(db, clock, input.challengeId, 'step_up', user.id);
  const found = challenge === undefined ? undefined : await storedPasskey(db, input.response.id);
  const ok =
    challenge !== undefined &&
    found?.passkey.userId === user.id &&
    (await acceptAssertion(db, clock, rp, found.passkey, challenge, input.response));
  if (!ok) {
    await recordEvent(db, clock, who, 'bad_step_up', meta);
    throw PASSKEY_FAILED();
  }
  return db.transaction(async (tx) => {
    await recordEvent(tx, clock, who, 'stepped_up', meta);
    return renewSession(tx, clock, { tokenHash: session.tokenHash, userId: user.id }, meta);
  });
}
