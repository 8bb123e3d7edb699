import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { recoveryCodes, sessions, signInEvents, users } from '../db/schema.ts';
import { latestMail } from '../notifications/mail.ts';
import type { Clock } from '../platform/clock.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import {
  createUser,
  csrf,
  postLogin,
  solve,
  TEST_PASSWORD,
  TEST_TOTP_SECRET,
} from '../test-support/users.ts';
import { hashToken } from './sessions.ts';
import { recoveryCodeHash, totpFor } from './sign-in.ts';

// A clock the tests move by hand, so idle and absolute timeouts can be crossed without waiting.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

const PASSWORD = TEST_PASSWORD;
const TOTP_SECRET = TEST_TOTP_SECRET;
let t: TestApp;
const addUser = (loginId: string) => createUser(t, loginId);

beforeAll(async () => {
  t = await createTestApp({ clock });
  await addUser('ana.diaz');
  await addUser('locked.out');
  await addUser('idle.user');
  await addUser('challenge.user');
});
afterAll(() => t.close());

const login = (userId: string, password: string, extra: { headers?: Record<string, string> } = {}) =>
  postLogin(t, { userId, password }, extra);

const sessionCookie = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === '__Host-autofin_session')?.value ?? '';

function codeAt(offsetSteps = 0) {
  return totpFor(TOTP_SECRET).generate({ timestamp: now.getTime() + offsetSteps * 30_000 });
}

const factor = (pending: string, method: string, code: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/factor',
    payload: { method, code },
    headers: csrf.headers,
    cookies: { ...csrf.cookies, '__Host-autofin_session': pending },
  });

const me = (session: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { '__Host-autofin_session': session } });

async function signIn(userId: string): Promise<string> {
  const step = await login(userId, PASSWORD);
  expect(step.json()).toEqual({ next: 'factor', factors: ['totp'] });
  advance(30_000); // a fresh TOTP step, since each code works once
  const done = await factor(sessionCookie(step), 'totp', codeAt());
  expect(done.statusCode).toBe(200);
  return sessionCookie(done);
}

describe('sign-in', () => {
  it('takes the password, then an authenticator code, then knows who you are', async () => {
    const step = await login('Ana.Diaz', PASSWORD);
    expect(step.statusCode).toBe(200);
    const pending = step.cookies.find((c) => c.name === '__Host-autofin_session');
    expect(pending).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect((await me(pending!.value)).statusCode).toBe(401); // a password alone is not a session

    const done = await factor(pending!.value, 'totp', codeAt());
    expect(done.json()).toEqual({ next: 'done' });
    const session = sessionCookie(done);
    expect(session).not.toBe(pending!.value); // a new session id at sign-in
    const who = await me(session);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ userId: 'ana.diaz', displayName: 'User ana.diaz', kind: 'customer' });
    expect(who.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown User ID exactly as a wrong password', async () => {
    const unknown = await login('nobody.here', PASSWORD);
    const wrong = await login('ana.diaz', 'not the password at all');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().error).toEqual({
      code: 'AUTH.INVALID_CREDENTIALS',
      message: 'The User ID or password is not right.',
    });
  });

  it('accepts each authenticator code once', async () => {
    advance(60_000);
    const first = await login('ana.diaz', PASSWORD);
    const code = codeAt();
    expect((await factor(sessionCookie(first), 'totp', code)).statusCode).toBe(200);
    const second = await login('ana.diaz', PASSWORD);
    const replay = await factor(sessionCookie(second), 'totp', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('AUTH.INVALID_CODE');
  });

  it('accepts a recovery code once', async () => {
    const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'ana.diaz'));
    const pepper = createHmac('sha256', TEST_SECRET_KEY).update('recovery-codes').digest();
    await t.database.db
      .insert(recoveryCodes)
      .values({ userId: user!.id, codeHash: recoveryCodeHash(pepper, 'ABCDE-12345') });
    const first = await login('ana.diaz', PASSWORD);
    expect((await factor(sessionCookie(first), 'recovery', 'abcde-12345')).statusCode).toBe(200);
    const second = await login('ana.diaz', PASSWORD);
    expect((await factor(sessionCookie(second), 'recovery', 'ABCDE-12345')).statusCode).toBe(401);
  });

  it('refuses a sign-in a page on another site could send', async () => {
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { userId: 'ana.diaz', password: PASSWORD },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('AUTH.CSRF');
    const crossSite = await login('ana.diaz', PASSWORD, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const foreign = await login('ana.diaz', PASSWORD, { headers: { origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
  });

  it('asks for a proof of work after 3 failures, alike for unknown User IDs, and takes each solution once', async () => {
    const from = (remoteAddress: string, body: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress, ...csrf });
    for (const [address, userId] of [
      ['203.0.113.7', 'challenge.user'],
      ['203.0.113.8', 'no.such.user'],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        expect((await from(address, { userId, password: `wrong ${i}` })).json().error.code).toBe(
          'AUTH.INVALID_CREDENTIALS',
        );
      }
      const asked = await from(address, { userId, password: PASSWORD });
      expect(asked.statusCode).toBe(401);
      expect(asked.json().error).toMatchObject({
        code: 'AUTH.CHALLENGE_REQUIRED',
        challenge: { algorithm: 'SHA-256' },
      });
      const solution = await solve(asked.json().error.challenge);
      const answered = await from(address, { userId, password: PASSWORD, challenge: solution });
      expect(answered.statusCode).toBe(userId === 'challenge.user' ? 200 : 401);
      const replayed = await from(address, { userId, password: PASSWORD, challenge: solution });
      expect(replayed.json().error.code).toBe('AUTH.CHALLENGE_REQUIRED');
    }
  });

  it('gives every browser a CSRF cookie to echo', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.cookies.find((c) => c.name === 'autofin_csrf')).toMatchObject({
      sameSite: 'Strict',
      secure: true,
    });
  });

  it('rejects malformed input field by field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { userId: '', password: 'x'.repeat(300), extra: 1 },
      ...csrf,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['extra', 'password', 'userId']);
  });
});

describe('new-device alerts', () => {
  it('emails the owner when a sign-in comes from a browser not seen before, once', async () => {
    const alerts = async () =>
      (await latestMail(t.database.db)).filter(
        (m) => m.to === 'idle.user@example.com' && m.template === 'new-device',
      );
    const before = (await alerts()).length;
    await signIn('idle.user');
    await signIn('idle.user');
    const after = await alerts();
    expect(after.length - before).toBe(1);
    expect(after[0]?.text).toContain('lightMyRequest');
  });
});

describe('lockout', () => {
  it('locks after 10 failures in a row, says so only to someone with the right password, and records each try', async () => {
    for (let i = 0; i < 10; i++) expect((await login('locked.out', `wrong ${i}`)).statusCode).toBe(401);
    const right = await login('locked.out', PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('AUTH.LOCKED');
    expect((await login('locked.out', 'wrong again')).json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
    const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'locked.out'));
    const events = await t.database.db.select().from(signInEvents).where(eq(signInEvents.userId, user!.id));
    expect(events.filter((e) => e.result === 'bad_password')).toHaveLength(11);
    expect(events.filter((e) => e.result === 'locked')).toHaveLength(1);
    const mail = await latestMail(t.database.db);
    expect(
      mail.filter((m) => m.to === 'locked.out@example.com' && m.template === 'account-locked'),
    ).toHaveLength(1);
    advance(24 * 60 * 60_000 + 1_000);
    expect((await login('locked.out', PASSWORD)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('ends after 15 minutes without activity, and activity keeps it going', async () => {
    const session = await signIn('idle.user');
    advance(14 * 60_000);
    expect((await me(session)).statusCode).toBe(200);
    advance(14 * 60_000);
    expect((await me(session)).statusCode).toBe(200);
    advance(15 * 60_000 + 1);
    const expired = await me(session);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH.SIGNED_OUT');
  });

  it('writes the session once for a burst of calls, and again once the idle deadline would move a minute', async () => {
    const session = await signIn('idle.user');
    const lastSeen = async () => {
      const [row] = await t.database.db
        .select({ lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .where(eq(sessions.tokenHash, hashToken(session)));
      return row!.lastSeenAt.getTime();
    };
    const signedInAt = await lastSeen();
    advance(59_000);
    expect((await me(session)).statusCode).toBe(200);
    expect(await lastSeen()).toBe(signedInAt);
    advance(1_000);
    expect((await me(session)).statusCode).toBe(200);
    expect(await lastSeen()).toBe(now.getTime());
    // The deadline moved with it: 15 minutes from the write, not from the sign-in.
    advance(15 * 60_000 - 1);
    expect((await me(session)).statusCode).toBe(200);
  });

  it('ends 12 hours after sign-in however active', async () => {
    const session = await signIn('idle.user');
    // Active every 10 minutes: still signed in at 11 h 50 min, signed out at 12 h.
    for (let minutes = 10; minutes < 720; minutes += 10) {
      advance(10 * 60_000);
      expect((await me(session)).statusCode).toBe(200);
    }
    advance(10 * 60_000);
    expect((await me(session)).statusCode).toBe(401);
  });

  it('signs out this browser, or every browser', async () => {
    const a = await signIn('idle.user');
    const b = await signIn('idle.user');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: csrf.headers,
      cookies: { ...csrf.cookies, '__Host-autofin_session': a },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
    const c = await signIn('idle.user');
    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: csrf.headers,
      cookies: { ...csrf.cookies, '__Host-autofin_session': c },
    });
    expect(all.statusCode).toBe(204);
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(c)).statusCode).toBe(401);
  });

  it('refuses a signed-in state change without the CSRF token', async () => {
    const session = await signIn('idle.user');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { '__Host-autofin_session': session },
    });
    expect(res.statusCode).toBe(403);
    expect((await me(session)).statusCode).toBe(200);
  });
});
