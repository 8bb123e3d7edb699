import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, outbox, passkeys, sessions, signInEvents, users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { type AuthenticatorTweaks, softwareAuthenticator } from '../test-support/passkey-authenticator.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';
import { hashToken } from './sessions.ts';

// A clock the tests move by hand, to cross the 5-minute step-up window and challenge lifetime.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: object, cookie?: string) =>
  t.app.inject({
    method,
    url,
    ...(body ? { payload: body } : {}),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, ...(cookie ? { [SESSION_COOKIE]: cookie } : {}) },
  });
const sessionCookie = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;

type Authenticator = ReturnType<typeof softwareAuthenticator>;

/** Makes a passkey on `device` for whoever `cookie` signs in; answers the registration's answer. */
async function addPasskey(
  device: Authenticator,
  cookie: string,
  tweaks: AuthenticatorTweaks = {},
  name?: string,
) {
  const options = await call('POST', '/api/v1/security/passkeys/options', {}, cookie);
  expect(options.statusCode).toBe(200);
  const { challengeId, options: creation } = options.json();
  return call(
    'POST',
    '/api/v1/security/passkeys',
    { challengeId, response: device.register(creation, tweaks), ...(name ? { name } : {}) },
    cookie,
  );
}

/** Signs in with the passkey on `device` (sign-in options, then the signed answer). */
async function passkeySignIn(device: Authenticator, tweaks: AuthenticatorTweaks = {}, cookie?: string) {
  const options = await call('POST', '/api/v1/auth/passkey/options', {}, cookie);
  expect(options.statusCode).toBe(200);
  const { challengeId, options: request } = options.json();
  return call(
    'POST',
    '/api/v1/auth/passkey/verify',
    { challengeId, response: device.authenticate(request, tweaks) },
    cookie,
  );
}

const userId = async (loginId: string) =>
  (await t.database.db.select().from(users).where(eq(users.loginId, loginId)))[0]!.id;
const storedPasskey = async (id: string) =>
  (await t.database.db.select().from(passkeys).where(eq(passkeys.id, id)))[0];
const events = async (loginId: string, result: (typeof signInEvents.$inferSelect)['result']) =>
  t.database.db
    .select()
    .from(signInEvents)
    .where(and(eq(signInEvents.userId, await userId(loginId)), eq(signInEvents.result, result)));

// `passkey.only` sets up a passkey as the first factor; `totp.user` also has an authenticator app.
const onlyDevice = softwareAuthenticator();
const totpDevice = softwareAuthenticator({ counting: true });
let totpSession = '';

describe('a passkey as the first factor', () => {
  it('is all a user with the password but no factor yet may set up, and then signs them in', async () => {
    await createUser(t, 'passkey.only');
    await t.database.db
      .update(users)
      .set({ totpSecretSealed: null })
      .where(eq(users.loginId, 'passkey.only'));
    const step = await postLogin(t, { userId: 'passkey.only', password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'enrol' });
    const enrolling = sessionCookie(step)!;
    expect((await call('GET', '/api/v1/security/passkeys', undefined, enrolling)).statusCode).toBe(401);

    const added = await addPasskey(onlyDevice, enrolling, {}, 'My phone');
    expect(added.statusCode).toBe(201);
    expect(added.json().passkey).toMatchObject({
      id: onlyDevice.credentialId,
      name: 'My phone',
      lastUsedAt: null,
      backedUp: false,
    });
    const active = sessionCookie(added)!;
    expect(active).not.toBe(enrolling);
    expect((await call('GET', '/api/v1/me', undefined, active)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/me', undefined, enrolling)).statusCode).toBe(401);
  });

  it('stores the public key, not a secret, audits the addition and tells the owner by mail', async () => {
    const row = (await storedPasskey(onlyDevice.credentialId))!;
    expect(row.userId).toBe(await userId('passkey.only'));
    expect(row.transports).toEqual(['internal']);
    expect(row.deviceType).toBe('singleDevice');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.passkey_add'), eq(auditEvents.resourceId, row.id)));
    expect(audit?.actorId).toBe(row.userId);
    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.template, 'passkey-added'));
    expect(mail?.to).toBe('passkey.only@example.com');
    expect(mail?.text).toContain('"My phone"');
  });

  it('is offered as the factor after the password from then on', async () => {
    const step = await postLogin(t, { userId: 'passkey.only', password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'factor', factors: ['passkey'] });
  });
});

describe('signing in with a passkey alone', () => {
  it('signs in with no User ID or password, and records when the passkey was used', async () => {
    const res = await passkeySignIn(onlyDevice);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ next: 'done' });
    const cookie = sessionCookie(res)!;
    const me = await call('GET', '/api/v1/me', undefined, cookie);
    expect(me.json().userId).toBe('passkey.only');
    expect((await storedPasskey(onlyDevice.credentialId))!.lastUsedAt).toEqual(now);
    expect(await events('passkey.only', 'signed_in')).not.toHaveLength(0);
  });

  it('ends the pending sign-in of a person who typed the password first', async () => {
    const step = await postLogin(t, { userId: 'passkey.only', password: TEST_PASSWORD });
    const pending = sessionCookie(step)!;
    const res = await passkeySignIn(onlyDevice, {}, pending);
    expect(res.statusCode).toBe(200);
    const [row] = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(pending)));
    expect(row?.revokedAt).toEqual(now);
  });

  it('needs the portal’s own pages (the CSRF token)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/passkey/options' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.CSRF');
  });

  it('refuses an answer whose user was not verified (no fingerprint, face or PIN)', async () => {
    const res = await passkeySignIn(onlyDevice, { userVerified: false });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'AUTH.PASSKEY_FAILED',
      message: 'That passkey did not work. Try again or use your password.',
    });
    expect(sessionCookie(res)).toBeUndefined();
  });

  it.each([
    ['a wrong signature', { corruptSignature: true }],
    ['another site’s origin', { origin: 'https://phish.example' }],
  ] satisfies [string, AuthenticatorTweaks][])(
    'refuses %s, records it, and changes nothing',
    async (_, tweaks) => {
      const before = await storedPasskey(onlyDevice.credentialId);
      const failures = (await events('passkey.only', 'bad_passkey')).length;
      const res = await passkeySignIn(onlyDevice, tweaks);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH.PASSKEY_FAILED');
      expect(sessionCookie(res)).toBeUndefined();
      expect(await storedPasskey(onlyDevice.credentialId)).toEqual(before);
      expect(await events('passkey.only', 'bad_passkey')).toHaveLength(failures + 1);
      // A forged signature cannot be guessed: failures do not count toward the lock.
      const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'passkey.only'));
      expect(user?.failedSignIns).toBe(0);
    },
  );

  it('takes each challenge once', async () => {
    const options = (await call('POST', '/api/v1/auth/passkey/options', {})).json();
    const body = { challengeId: options.challengeId, response: onlyDevice.authenticate(options.options) };
    expect((await call('POST', '/api/v1/auth/passkey/verify', body)).statusCode).toBe(200);
    const replay = await call('POST', '/api/v1/auth/passkey/verify', body);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('AUTH.PASSKEY_FAILED');
  });

  it('takes a challenge for 5 minutes only', async () => {
    const options = (await call('POST', '/api/v1/auth/passkey/options', {})).json();
    advance(5 * 60_000 + 1);
    const res = await call('POST', '/api/v1/auth/passkey/verify', {
      challengeId: options.challengeId,
      response: onlyDevice.authenticate(options.options),
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers an unknown passkey the same way', async () => {
    const stranger = softwareAuthenticator();
    stranger.register({ challenge: 'AAAA', user: { id: 'AAAA' } });
    const res = await passkeySignIn(stranger);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.PASSKEY_FAILED');
  });

  it('refuses a signature counter that went backwards (a cloned authenticator)', async () => {
    await createUser(t, 'totp.user');
    totpSession = await signIn(t, 'totp.user');
    expect((await addPasskey(totpDevice, totpSession)).statusCode).toBe(201);
    expect((await passkeySignIn(totpDevice)).statusCode).toBe(200);
    expect((await passkeySignIn(totpDevice)).statusCode).toBe(200);
    expect((await storedPasskey(totpDevice.credentialId))!.counter).toBe(2);
    const res = await passkeySignIn(totpDevice, { counter: 1 });
    expect(res.statusCode).toBe(401);
    expect((await storedPasskey(totpDevice.credentialId))!.counter).toBe(2);
  });

  it('tells only someone whose passkey worked that the account is locked', async () => {
    const until = new Date(now.getTime() + 60 * 60_000);
    await t.database.db.update(users).set({ lockedUntil: until }).where(eq(users.loginId, 'totp.user'));
    try {
      const res = await passkeySignIn(totpDevice);
      expect(res.statusCode).toBe(423);
      expect(res.json().error.code).toBe('AUTH.LOCKED');
      expect(sessionCookie(res)).toBeUndefined();
      const forged = await passkeySignIn(totpDevice, { corruptSignature: true });
      expect(forged.json().error.code).toBe('AUTH.PASSKEY_FAILED');
    } finally {
      await t.database.db.update(users).set({ lockedUntil: null }).where(eq(users.loginId, 'totp.user'));
    }
  });
});

describe('managing passkeys in the security settings', () => {
  it('lists the user’s own passkeys only', async () => {
    const res = await call('GET', '/api/v1/security/passkeys', undefined, totpSession);
    expect(res.statusCode).toBe(200);
    expect(res.json().passkeys).toEqual([
      expect.objectContaining({ id: totpDevice.credentialId, name: 'Passkey' }),
    ]);
  });

  it('refuses a second passkey from a device that already has one', async () => {
    totpSession = await signIn(t, 'totp.user');
    const again = await addPasskey(totpDevice, totpSession);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PASSKEYS.ALREADY_ADDED');
  });

  it('refuses a passkey made without user verification, and keeps nothing', async () => {
    const device = softwareAuthenticator();
    const res = await addPasskey(device, totpSession, { userVerified: false });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PASSKEYS.NOT_ADDED');
    expect(await storedPasskey(device.credentialId)).toBeUndefined();
  });

  it('renames a passkey, and audits it', async () => {
    const res = await call(
      'PATCH',
      `/api/v1/security/passkeys/${totpDevice.credentialId}`,
      { name: '  Work laptop ' },
      totpSession,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().passkey.name).toBe('Work laptop');
    const blank = await call(
      'PATCH',
      `/api/v1/security/passkeys/${totpDevice.credentialId}`,
      { name: ' ' },
      totpSession,
    );
    expect(blank.statusCode).toBe(400);
    expect((await storedPasskey(totpDevice.credentialId))!.name).toBe('Work laptop');
  });

  it('answers 404 for another user’s passkey and leaves it alone', async () => {
    for (const [method, body] of [
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(
        method,
        `/api/v1/security/passkeys/${onlyDevice.credentialId}`,
        body,
        totpSession,
      );
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('PASSKEYS.NOT_FOUND');
    }
    expect((await storedPasskey(onlyDevice.credentialId))!.name).toBe('My phone');
  });

  it('asks for a step-up once the sign-in is more than 5 minutes old', async () => {
    advance(6 * 60_000);
    totpSession = sessionCookie(await call('GET', '/api/v1/me', undefined, totpSession)) ?? totpSession;
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await call(
        method,
        `/api/v1/security/passkeys/${totpDevice.credentialId}`,
        method === 'PATCH' ? { name: 'Too late' } : undefined,
        totpSession,
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
    }
    const options = await call('POST', '/api/v1/security/passkeys/options', {}, totpSession);
    expect(options.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
  });
});

/** Steps up with the passkey on `device` in the session `cookie`. */
async function passkeyStepUp(device: Authenticator, cookie: string, tweaks: AuthenticatorTweaks = {}) {
  const options = await call('POST', '/api/v1/auth/passkey/step-up/options', {}, cookie);
  expect(options.statusCode).toBe(200);
  const { challengeId, options: request } = options.json();
  return call(
    'POST',
    '/api/v1/auth/passkey/step-up',
    { challengeId, response: device.authenticate(request, tweaks) },
    cookie,
  );
}

describe('stepping up with a passkey', () => {
  it('offers only the user’s own passkeys', async () => {
    const res = await call('POST', '/api/v1/auth/passkey/step-up/options', {}, totpSession);
    expect(res.json().options.allowCredentials).toEqual([
      { id: totpDevice.credentialId, type: 'public-key', transports: ['internal'] },
    ]);
  });

  it('refuses another user’s passkey, and records the failure', async () => {
    // A real signature, by the passkey of another user.
    const res = await passkeyStepUp(onlyDevice, totpSession);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.PASSKEY_FAILED');
    expect(await events('totp.user', 'bad_step_up')).toHaveLength(1);
    const still = await call(
      'DELETE',
      `/api/v1/security/passkeys/${totpDevice.credentialId}`,
      undefined,
      totpSession,
    );
    expect(still.statusCode).toBe(403);
  });

  it('starts a new session whose proof is recent, and then the passkey can be removed', async () => {
    const res = await passkeyStepUp(totpDevice, totpSession);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ stepUpUntil: new Date(now.getTime() + 5 * 60_000).toISOString() });
    const renewed = sessionCookie(res)!;
    expect(renewed).not.toBe(totpSession);
    expect((await call('GET', '/api/v1/me', undefined, totpSession)).statusCode).toBe(401);
    expect(await events('totp.user', 'stepped_up')).toHaveLength(1);
    totpSession = renewed;

    const removed = await call(
      'DELETE',
      `/api/v1/security/passkeys/${totpDevice.credentialId}`,
      undefined,
      totpSession,
    );
    expect(removed.statusCode).toBe(204);
    expect(await storedPasskey(totpDevice.credentialId)).toBeUndefined();
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.passkey_remove'));
    expect(audit?.resourceId).toBe(totpDevice.credentialId);
  });

  it('says so when the user has no passkey', async () => {
    const stale = await call('POST', '/api/v1/auth/passkey/step-up/options', {}, totpSession);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('PASSKEYS.NONE');
  });
});

describe('removing the last second factor', () => {
  it('is refused where the portal requires one', async () => {
    const signedIn = await passkeySignIn(onlyDevice);
    const res = await call(
      'DELETE',
      `/api/v1/security/passkeys/${onlyDevice.credentialId}`,
      undefined,
      sessionCookie(signedIn),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PASSKEYS.LAST_FACTOR');
    expect(await storedPasskey(onlyDevice.credentialId)).toBeDefined();
  });

  it('is allowed where a second factor is optional, as are up to 10 passkeys', async () => {
    const relaxed = await createTestApp({ mfa: 'optional', clock });
    try {
      await createUser(relaxed, 'relaxed.user');
      await relaxed.database.db.update(users).set({ totpSecretSealed: null });
      const login = await postLogin(relaxed, { userId: 'relaxed.user', password: TEST_PASSWORD });
      const cookie = { ...csrf.cookies, [SESSION_COOKIE]: sessionCookie(login)! };
      const inject = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
        relaxed.app.inject({
          method,
          url,
          headers: csrf.headers,
          cookies: cookie,
          ...(payload ? { payload } : {}),
        });
      const devices = Array.from({ length: 10 }, () => softwareAuthenticator());
      for (const device of devices) {
        const options = (await inject('POST', '/api/v1/security/passkeys/options', {})).json();
        const added = await inject('POST', '/api/v1/security/passkeys', {
          challengeId: options.challengeId,
          response: device.register(options.options),
        });
        expect(added.statusCode).toBe(201);
      }
      const eleventh = await inject('POST', '/api/v1/security/passkeys/options', {});
      expect(eleventh.statusCode).toBe(409);
      expect(eleventh.json().error.code).toBe('PASSKEYS.TOO_MANY');
      for (const device of devices) {
        const removed = await inject('DELETE', `/api/v1/security/passkeys/${device.credentialId}`);
        expect(removed.statusCode).toBe(204);
      }
    } finally {
      await relaxed.close();
    }
  });
});
