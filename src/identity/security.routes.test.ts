import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'ana');
  await createUser(t, 'bo');
  await createUser(t, 'cy');
});
afterAll(() => t.close());

const as = (session: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  headers: csrf.headers,
});

describe('devices, sessions and sign-in history', () => {
  it('lists where you are signed in, marks this one, and signs out another', async () => {
    const laptop = await signIn(t, 'ana');
    const phone = await signIn(t, 'ana');
    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/v1/security/sessions', ...as(laptop) })
    ).json().sessions;
    expect(listed).toHaveLength(2);
    expect(listed.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = listed.find((s: { current: boolean }) => !s.current);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/security/sessions/${other.id}`,
      ...as(laptop),
    });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', ...as(phone) })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', ...as(laptop) })).statusCode).toBe(200);
  });

  it('cannot sign out someone else’s session', async () => {
    const ana = await signIn(t, 'ana');
    const bo = await signIn(t, 'bo');
    const boSessions = (
      await t.app.inject({ method: 'GET', url: '/api/v1/security/sessions', ...as(bo) })
    ).json().sessions;
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/security/sessions/${boSessions[0].id}`,
      ...as(ana),
    });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', ...as(bo) })).statusCode).toBe(200);
  });

  it('shows each sign-in step with its result, newest first', async () => {
    await postLogin(t, { userId: 'bo', password: 'wrong password!' });
    const bo = await signIn(t, 'bo');
    const history = (
      await t.app.inject({ method: 'GET', url: '/api/v1/security/sign-ins', ...as(bo) })
    ).json().signIns;
    expect(history.slice(0, 3).map((e: { result: string }) => e.result)).toEqual([
      'signed_in',
      'password_ok',
      'bad_password',
    ]);
    expect(history[0].ip).toBe('127.0.0.1');
  });
});

describe('the second factors you have', () => {
  const factors = async (session: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/security/factors', ...as(session) });

  it('lists the factors a step-up may ask for, recovery codes once there are some', async () => {
    // Each user signs in at most three times on this fixed clock (see signIn): a fresh one here.
    const cy = await signIn(t, 'cy');
    const before = await factors(cy);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ factors: ['totp'] });
    const codes = await t.app.inject({ method: 'POST', url: '/api/v1/security/recovery-codes', ...as(cy) });
    expect(codes.statusCode).toBe(200);
    expect((await factors(cy)).json()).toEqual({ factors: ['totp', 'recovery'] });
  });

  it('answers only a signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/security/factors' });
    expect(res.statusCode).toBe(401);
    const pending = await postLogin(t, { userId: 'bo', password: TEST_PASSWORD });
    const half = pending.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
    expect((await factors(half)).statusCode).toBe(401);
  });
});
