import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { totpFor } from '../services/sign-in.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, TEST_PASSWORD } from '../test-support/users.ts';

// A customer with no second factor yet, on a portal where it is optional, sets one up.
let t: TestApp;
let session = '';
let secret = '';
let recoveryCodes: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ mfa: 'optional' });
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

  it('replaces the recovery codes after a current code, and the old ones stop working', async () => {
    expect((await post('/api/v1/security/recovery-codes', { currentCode: '123456' })).statusCode).toBe(400);
    const fresh = await post('/api/v1/security/recovery-codes', { currentCode: codeAt(secret, 1) });
    expect(fresh.statusCode).toBe(200);
    const step = await postLogin(t, { userId: 'new.user', password: TEST_PASSWORD });
    const pending = step.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect(
      (await post('/api/v1/auth/factor', { method: 'recovery', code: recoveryCodes[1]! }, pending))
        .statusCode,
    ).toBe(401);
  });

  it('will not replace a working app without a code from it', async () => {
    const res = await post('/api/v1/security/totp', {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.currentCode).toBe('That code is not right.');
  });
});
