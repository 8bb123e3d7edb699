import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Secret } from 'otpauth';
import type { Db } from '../db/database.ts';
import { recoveryCodes, users } from '../db/schema.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { type Factor, factorsOf, recoveryCodeHash, totpFor } from './sign-in.ts';

/**
 * Setting up the authenticator app and recovery codes. A new secret is held as pending until the
 * user proves it with a code from the app; the routes ask for a recent sign-in or step-up before
 * any change (see identity/route-access.ts). Recovery codes are shown once, stored only as keyed hashes.
 */
export const RECOVERY_CODE_COUNT = 10;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O or 1/I to misread

export type FactorDeps = { box: SecretBox; pepper: Buffer };

const WRONG_CODE = (field: string) =>
  new DomainError('invalid', 'AUTH.INVALID_CODE', 'That code is not right. Check it and try again.', {
    [field]: 'That code is not right.',
  });

/** Checks a TOTP code against a sealed secret; answers the time step it belongs to, or undefined. */
function matchingStep(box: SecretBox, sealed: string, code: string, clock: Clock): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = clock.now().getTime();
  const delta = totpFor(box.open(sealed)).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 30_000) + delta;
}

async function userRow(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new DomainError('unauthenticated', 'AUTH.SIGNED_OUT', 'Please sign in.');
  return user;
}

/** The second factors a signed-in user has, as sign-in offers them (the step-up form asks for one). */
export async function factorsOfUser(db: Db, userId: string): Promise<Factor[]> {
  return factorsOf(db, await userRow(db, userId));
}

export async function startTotpEnrolment(
  db: Db,
  deps: FactorDeps,
  userId: string,
): Promise<{ secret: string; uri: string }> {
  const user = await userRow(db, userId);
  const secret = new Secret({ size: 20 }).base32;
  await db
    .update(users)
    .set({ totpPendingSealed: deps.box.seal(secret) })
    .where(eq(users.id, userId));
  const uri = totpFor(secret);
  uri.issuer = 'Autofin';
  uri.label = user.loginId;
  return { secret, uri: uri.toString() };
}

function newRecoveryCodes(): string[] {
  const pick = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, pick).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

async function replaceRecoveryCodes(db: Db, deps: FactorDeps, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(deps.pepper, code) })));
  return codes;
}

/** Makes the pending secret the factor once a code from it is right; answers the new recovery codes. */
export async function confirmTotpEnrolment(
  db: Db,
  clock: Clock,
  deps: FactorDeps,
  userId: string,
  code: string,
) {
  return db.transaction(async (tx) => {
    const user = await userRow(tx, userId);
    if (!user.totpPendingSealed) {
      throw new DomainError('conflict', 'AUTH.NO_ENROLMENT', 'Start setting up the authenticator app first.');
    }
    const step = matchingStep(deps.box, user.totpPendingSealed, code, clock);
    if (step === undefined) throw WRONG_CODE('code');
    await tx
      .update(users)
      .set({ totpSecretSealed: user.totpPendingSealed, totpPendingSealed: null, totpLastStep: step })
      .where(eq(users.id, userId));
    const codes = await replaceRecoveryCodes(tx, deps, userId);
    await recordAudit(tx, {
      actor: { type: 'user', id: userId },
      action: 'user.totp_enrol',
      resource: { type: 'user', id: userId },
    });
    return { recoveryCodes: codes };
  });
}

/** New recovery codes (the old ones stop working); the route asks for a recent step-up first. */
export async function regenerateRecoveryCodes(db: Db, deps: FactorDeps, userId: string) {
  return db.transaction(async (tx) => {
    const user = await userRow(tx, userId);
    if (!user.totpSecretSealed)
      throw new DomainError('conflict', 'AUTH.NO_FACTOR', 'Set up the authenticator app first.');
    const codes = await replaceRecoveryCodes(tx, deps, userId);
    await recordAudit(tx, {
      actor: { type: 'user', id: userId },
      action: 'user.recovery_codes_regenerate',
      resource: { type: 'user', id: userId },
    });
    return { recoveryCodes: codes };
  });
}
