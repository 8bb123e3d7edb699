import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, TEST_PASSWORD } from '../test-support/users.ts';
import { totpFor } from './sign-in.ts';

// A customer with no second factor yet, on a portal where it is optional, sets one up.
// A clock the tests move by hand, to cross the 5-minute step-up window.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestApp;
let session = '';
let secret = '';
let recoveryCodes: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ mfa: 'optional', clock });
  await createUser(t, 'new.user');
  await t.database.db.update(users).set({ totpSecretSealed: null }).where(eq(users.loginId, 'new.user'));
  const res = await postLogin(t, { userId: 'new.user', password: TEST_PASSWORD });
  expect(res.json()).toEqual({ next: 'done' });
  session = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
});
afterAll(() => t.close());

const post = (url: string, body: object, cookie = session) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: cookie },
  });
const codeAt = (base32: string, steps = 0) =>
  totpFor(base32).generate({ timestamp: t.clock.now().getTime() + steps * 30_000 });

describe('setting up the authenticator app', () => {
  it('gives a secret and an otpauth address, and takes it only with a right code', async () => {
    const start = await post('/api/v1/security/totp', {});
    expect(start.statusCode).toBe(200);
    secret = start.json().secret;
    expect(start.json().uri).toMatch(/^otpauth:\/\/totp\/Autofin:new\.user\?/);
    const wrong = await post('/api/v1/security/totp/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.code).toBe('That code is not right.');
    const right = await post('/api/v1/security/totp/confirm', { code: codeAt(secret) });
    expect(right.statusCode).toBe(200);
    recoveryCodes = right.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  });

  it('asks for the new factor at the next sign-in, where a recovery code also works', async () => {
    const step = await postLogin(t, { userId: 'new.user', password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'factor', factors: ['totp', 'recovery'] });
    const pending = step.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const done = await post('/api/v1/auth/factor', { method: 'recovery', code: recoveryCodes[0]! }, pending);
    expect(done.statusCode).toBe(200);
  });

  it('asks for a step-up once the sign-in is more than 5 minutes old', async () => {
    advance(6 * 60_000);
    for (const url of ['/api/v1/security/recovery-codes', '/api/v1/security/totp']) {
      const res = await post(url, {});
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
    }
    const wrong = await post('/api/v1/auth/step-up', {
      password: TEST_PASSWORD,
      method: 'totp',
      code: '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH.STEP_UP_FAILED');
    const noFactor = await post('/api/v1/auth/step-up', { password: TEST_PASSWORD });
    expect(noFactor.statusCode).toBe(401);
    const right = await post('/api/v1/auth/step-up', {
      password: TEST_PASSWORD,
      method: 'totp',
      code: codeAt(secret, 1),
    });
    expect(right.statusCode).toBe(200);
    // A new session id: the one from before the step-up is over.
    const renewed = right.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(renewed).not.toBe(session);
    expect((await post('/api/v1/security/recovery-codes', {})).statusCode).toBe(401);
    session = renewed;
  });

  it('then replaces the recovery codes, and the old ones stop working', async () => {
    const fresh = await post('/api/v1/security/recovery-codes', {});
    expect(fresh.statusCode).toBe(200);
    const step = await postLogin(t, { userId: 'new.user', password: TEST_PASSWORD });
    const pending = step.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(
      (await post('/api/v1/auth/factor', { method: 'recovery', code: recoveryCodes[1]! }, pending))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await post(
          '/api/v1/auth/factor',
          { method: 'recovery', code: fresh.json().recoveryCodes[0] },
          pending,
        )
      ).statusCode,
    ).toBe(200);
  });
});

describe('a user with no factor on a portal that requires one', () => {
  it('is led from the password to setting one up, and is signed in once it works', async () => {
    const strict = await createTestApp({ clock: t.clock });
    try {
      await createUser(strict, 'first.factor');
      await strict.database.db
        .update(users)
        .set({ totpSecretSealed: null })
        .where(eq(users.loginId, 'first.factor'));
      const step = await postLogin(strict, { userId: 'first.factor', password: TEST_PASSWORD });
      expect(step.json()).toEqual({ next: 'enrol' });
      const enrolling = step.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
      const call = (method: 'GET' | 'POST', url: string, body?: object, cookie = enrolling) =>
        strict.app.inject({
          method,
          url,
          ...(body ? { payload: body } : {}),
          headers: csrf.headers,
          cookies: { ...csrf.cookies, [SESSION_COOKIE]: cookie },
        });
      // Nothing but setting up a factor: not the account, not the security settings.
      expect((await call('GET', '/api/v1/me')).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/accounts')).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/security/sessions')).statusCode).toBe(401);
      const start = await call('POST', '/api/v1/security/totp', {});
      expect(start.statusCode).toBe(200);
      const confirm = await call('POST', '/api/v1/security/totp/confirm', {
        code: totpFor(start.json().secret).generate({ timestamp: strict.clock.now().getTime() }),
      });
      expect(confirm.statusCode).toBe(200);
      expect(confirm.json().recoveryCodes).toHaveLength(10);
      const active = confirm.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
      expect(active).not.toBe(enrolling);
      expect((await call('GET', '/api/v1/me', undefined, active)).statusCode).toBe(200);
      expect((await call('GET', '/api/v1/me', undefined, enrolling)).statusCode).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
