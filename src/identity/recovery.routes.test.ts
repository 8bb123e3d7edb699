import { desc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, customers, outbox, signInEvents, users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { injectForm } from '../test-support/forms.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import { postLogin } from '../test-support/users.ts';
import { hashPassword } from './passwords.ts';
import { totpFor } from './sign-in.ts';

// A clock the tests move by hand, so a reset link can be used at 59 minutes and refused at 60.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

const OLD_PASSWORD = 'correct horse battery staple 42';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const SESSION = '__Host-autofin_session';
const CSRF = 'test-csrf-token-value';
const csrf = { cookies: { autofin_csrf: CSRF }, headers: { 'x-csrf-token': CSRF } };
let t: TestApp;

async function addUser(
  loginId: string,
  options: { email?: string; firstName?: string; lastName?: string } = {},
) {
  let customerId: string | null = null;
  if (options.firstName && options.lastName) {
    const [customer] = await t.database.db
      .insert(customers)
      .values({
        kind: 'person',
        firstName: options.firstName,
        lastName: options.lastName,
        dateOfBirth: '1980-04-02',
        taxIdLast4: '1234',
        addressLine1: '1 Main St',
        city: 'Springfield',
        state: 'IL',
        zip: '62701',
        externalId: `CUST-${loginId}`,
      })
      .returning({ id: customers.id });
    customerId = customer!.id;
  }
  await t.database.db.insert(users).values({
    loginId,
    email: options.email ?? `${loginId}@example.com`,
    displayName: options.firstName ? `${options.firstName} ${options.lastName}` : `Customer ${loginId}`,
    kind: 'customer',
    customerId,
    passwordHash: await hashPassword(OLD_PASSWORD),
    totpSecretSealed: secretBox(TEST_SECRET_KEY).seal(TOTP_SECRET),
  });
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  await addUser('rosa.parks', { firstName: 'Rosa', lastName: 'Montgomery' });
  await addUser('shared.one', { email: 'Family@Example.com' });
  await addUser('shared.two', { email: 'family@example.com' });
  await addUser('one.link');
  await addUser('late.link');
  await addUser('race.user');
  await addUser('locked.user');
  await addUser('changer');
  await addUser('slow.changer');
  await addUser('guesser');
});
afterAll(() => t.close());

// The forgot forms are throttled by address and every test request comes from one: solve when asked.
const post = (url: string, payload: object, session?: string) =>
  injectForm(t, {
    method: 'POST',
    url,
    payload,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, ...(session ? { [SESSION]: session } : {}) },
  });

const me = (session: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION]: session } });

const login = (userId: string, password: string) => postLogin(t, { userId, password });

async function signIn(userId: string, password = OLD_PASSWORD): Promise<string> {
  const step = await login(userId, password);
  expect(step.statusCode).toBe(200);
  advance(30_000); // each TOTP code works once: a fresh step for every sign-in
  const code = totpFor(TOTP_SECRET).generate({ timestamp: now.getTime() });
  const pending = step.cookies.find((c) => c.name === SESSION)?.value ?? '';
  const done = await post('/api/v1/auth/factor', { method: 'totp', code }, pending);
  expect(done.statusCode).toBe(200);
  return done.cookies.find((c) => c.name === SESSION)?.value ?? '';
}

const mailCount = async () => (await t.database.db.select({ id: outbox.id }).from(outbox)).length;
const mailTo = (to: string) =>
  t.database.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.id));

async function resetLink(userId: string): Promise<string> {
  const res = await post('/api/v1/auth/password/forgot', { userId });
  expect(res.statusCode).toBe(202);
  const [mail] = await mailTo(`${userId}@example.com`);
  expect(mail?.template).toBe('password-reset');
  const token = /\/reset-password\?token=([\w-]+)/.exec(mail!.text)?.[1];
  expect(token).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
  return token!;
}

const reset = (token: string, password: string) => post('/api/v1/auth/password/reset', { token, password });

const INVALID_LINK = {
  code: 'AUTH.RESET_TOKEN_INVALID',
  message: 'This link has expired or was already used. Ask for a new one.',
};

describe('forgot User ID', () => {
  it('mails every account on the address its User ID, whatever the case of the address', async () => {
    const before = await mailCount();
    const res = await post('/api/v1/auth/user-id/forgot', { email: ' FAMILY@example.COM ' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({});
    expect(await mailCount()).toBe(before + 2);
    const one = await mailTo('Family@Example.com');
    const two = await mailTo('family@example.com');
    expect(one[0]).toMatchObject({ template: 'user-id-reminder', subject: 'Your Autofin User ID' });
    expect(one[0]!.text).toContain('shared.one');
    expect(two[0]!.text).toContain('shared.two');
    expect(two[0]!.text).not.toContain('shared.one');
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const before = await mailCount();
    const unknown = await post('/api/v1/auth/user-id/forgot', { email: 'nobody@example.com' });
    const known = await post('/api/v1/auth/user-id/forgot', { email: 'changer@example.com' });
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(await mailCount()).toBe(before + 1);
  });

  it('refuses a request a page on another site could send', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/user-id/forgot',
      payload: { email: 'changer@example.com' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.CSRF');
  });

  it('says when the address is not an address', async () => {
    const res = await post('/api/v1/auth/user-id/forgot', { email: 'not an address' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(['email']);
  });
});

describe('forgot password', () => {
  it('answers an unknown User ID exactly as a known one, and sends nothing', async () => {
    const before = await mailCount();
    const unknown = await post('/api/v1/auth/password/forgot', { userId: 'nobody.here' });
    expect(await mailCount()).toBe(before);
    const known = await post('/api/v1/auth/password/forgot', { userId: 'ONE.LINK' });
    expect(unknown.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(unknown.json()).toEqual({});
    expect(await mailCount()).toBe(before + 1);
  });

  it('mails a link to the reset page of this portal, never to the Host the request named', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { userId: 'one.link' },
      headers: { ...csrf.headers, host: 'evil.example' },
      cookies: csrf.cookies,
    });
    const [mail] = await mailTo('one.link@example.com');
    expect(mail!.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/reset-password\?token=[\w-]{43}/);
    expect(mail!.html).toContain('href="http://127.0.0.1:3000/reset-password?token=');
    expect(`${mail!.text}${mail!.html}`).not.toContain('evil.example');
  });
});

describe('reset password', () => {
  it('works once with the mailed link, then the link is refused', async () => {
    const token = await resetLink('one.link');
    const first = await reset(token, 'violet kettle drums at noon');
    expect(first.statusCode).toBe(204);
    const again = await reset(token, 'another quiet harbor evening');
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toEqual(INVALID_LINK);

    expect((await login('one.link', OLD_PASSWORD)).statusCode).toBe(401);
    // The new password, then the second factor as always.
    expect((await login('one.link', 'violet kettle drums at noon')).json()).toEqual({
      next: 'factor',
      factors: ['totp'],
    });
    const [changed] = await mailTo('one.link@example.com');
    expect(changed).toMatchObject({
      template: 'password-changed',
      subject: 'Your Autofin password was changed',
    });
    const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'one.link'));
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, user!.id));
    expect(audit.map((a) => a.action)).toContain('user.password_reset');
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('voids the account’s other links when one of them is used', async () => {
    const older = await resetLink('one.link');
    const newer = await resetLink('one.link');
    expect((await reset(newer, 'lanterns over a quiet river')).statusCode).toBe(204);
    expect((await reset(older, 'paper boats in the gutter')).json().error).toEqual(INVALID_LINK);
  });

  it('expires one hour after it was sent', async () => {
    const early = await resetLink('late.link');
    const late = await resetLink('late.link');
    advance(60 * 60_000 - 1_000);
    expect((await reset(early, 'violet kettle drums at noon')).statusCode).toBe(204);
    advance(1_000);
    const expired = await reset(late, 'another quiet harbor evening');
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error).toEqual(INVALID_LINK);
  });

  it('refuses an unknown or malformed link the same way', async () => {
    for (const token of ['', 'x', 'A'.repeat(43), '../../etc/passwd']) {
      const res = await reset(token, 'violet kettle drums at noon');
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual(INVALID_LINK);
    }
  });

  it('says why a password is refused, and the link still works after', async () => {
    const token = await resetLink('rosa.parks');
    const cases: [string, RegExp][] = [
      ['short', /at least 12 characters/],
      ['password1234', /too common/],
      ['rosa.parks forever', /User ID/],
      ['montgomery bus boycott', /name \(“Montgomery”\)/],
      ['autofin is my lender', /Autofin/],
    ];
    for (const [password, reason] of cases) {
      const res = await reset(token, password);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('AUTH.PASSWORD_NOT_ACCEPTED');
      expect(res.json().error.fields.password).toMatch(reason);
    }
    expect((await reset(token, 'violet kettle drums at noon')).statusCode).toBe(204);
  });

  it('lets exactly one of 20 racing requests use a link', async () => {
    const token = await resetLink('race.user');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => reset(token, `racing snails number ${i} win`)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 204)).toHaveLength(1);
    expect(codes.filter((c) => c === 400)).toHaveLength(19);
    for (const a of answers.filter((r) => r.statusCode === 400)) expect(a.json().error).toEqual(INVALID_LINK);
    // One password won, and only one "password changed" mail went out.
    const winner = answers.findIndex((a) => a.statusCode === 204);
    const step = await login('race.user', `racing snails number ${winner} win`);
    expect(step.statusCode).toBe(200);
    const changed = (await mailTo('race.user@example.com')).filter((m) => m.template === 'password-changed');
    expect(changed).toHaveLength(1);
  });

  it('ends a lockout and signs out every session', async () => {
    const laptop = await signIn('locked.user');
    const phone = await signIn('locked.user');
    for (let i = 0; i < 10; i++) expect((await login('locked.user', `wrong ${i}`)).statusCode).toBe(401);
    expect((await login('locked.user', OLD_PASSWORD)).statusCode).toBe(423);

    const token = await resetLink('locked.user');
    expect((await reset(token, 'violet kettle drums at noon')).statusCode).toBe(204);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    const session = await signIn('locked.user', 'violet kettle drums at noon');
    expect((await me(session)).statusCode).toBe(200);
    const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'locked.user'));
    expect(user).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });
});

describe('change password', () => {
  const change = (session: string, currentPassword: string, newPassword: string) =>
    post('/api/v1/auth/password/change', { currentPassword, newPassword }, session);

  it('keeps this session and signs out the others', async () => {
    const here = await signIn('changer');
    const elsewhere = await signIn('changer');
    const startedAt = now;
    const res = await change(here, OLD_PASSWORD, 'violet kettle drums at noon');
    expect(res.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login('changer', OLD_PASSWORD)).statusCode).toBe(401);
    expect((await login('changer', 'violet kettle drums at noon')).statusCode).toBe(200);
    const mails = await t.database.db
      .select()
      .from(outbox)
      .where(gt(outbox.createdAt, new Date(startedAt.getTime() - 1)));
    expect(mails.filter((m) => m.to === 'changer@example.com').map((m) => m.template)).toEqual([
      'password-changed',
    ]);
    const [user] = await t.database.db.select().from(users).where(eq(users.loginId, 'changer'));
    const audit = await t.database.db.select().from(auditEvents).where(eq(auditEvents.resourceId, user!.id));
    expect(audit.map((a) => a.action)).toContain('user.password_change');
  });

  it('asks for the current password, and says which field is wrong', async () => {
    const session = await signIn('changer', 'violet kettle drums at noon');
    const wrong = await change(session, 'not my password', 'lanterns over a quiet river');
    expect(wrong.statusCode).toBe(400);
    expect(Object.keys(wrong.json().error.fields)).toEqual(['currentPassword']);
    const weak = await change(session, 'violet kettle drums at noon', 'qwerty123456');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields).toEqual({
      newPassword: expect.stringMatching(/too common/),
    });
    const same = await change(session, 'violet kettle drums at noon', 'violet kettle drums at noon');
    expect(Object.keys(same.json().error.fields)).toEqual(['newPassword']);
    expect((await me(session)).statusCode).toBe(200);
  });

  it('needs a sign-in or step-up within the last 5 minutes', async () => {
    const session = await signIn('slow.changer');
    advance(5 * 60_000 + 1_000);
    const stale = await change(session, OLD_PASSWORD, 'violet kettle drums at noon');
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
    expect((await login('slow.changer', OLD_PASSWORD)).statusCode).toBe(200);

    const code = totpFor(TOTP_SECRET).generate({ timestamp: now.getTime() });
    const stepUp = await post(
      '/api/v1/auth/step-up',
      { password: OLD_PASSWORD, method: 'totp', code },
      session,
    );
    expect(stepUp.statusCode).toBe(200);
    const renewed = stepUp.cookies.find((c) => c.name === SESSION)?.value ?? '';
    expect((await change(renewed, OLD_PASSWORD, 'violet kettle drums at noon')).statusCode).toBe(204);
    expect((await login('slow.changer', 'violet kettle drums at noon')).statusCode).toBe(200);
  });

  it('counts a wrong current password as a failed sign-in, up to the lock', async () => {
    const session = await signIn('guesser');
    const [before] = await t.database.db.select().from(users).where(eq(users.loginId, 'guesser'));
    expect(before!.failedSignIns).toBe(0);
    const first = await change(session, 'is it this one', 'violet kettle drums at noon');
    expect(first.json().error.code).toBe('AUTH.CURRENT_PASSWORD_WRONG');
    const [after] = await t.database.db.select().from(users).where(eq(users.loginId, 'guesser'));
    expect(after!.failedSignIns).toBe(1);
    const [event] = await t.database.db
      .select()
      .from(signInEvents)
      .where(eq(signInEvents.userId, before!.id))
      .orderBy(desc(signInEvents.id))
      .limit(1);
    expect(event!.result).toBe('bad_password');

    for (let i = 2; i <= 10; i++) {
      expect((await change(session, `or this one ${i}`, 'violet kettle drums at noon')).statusCode).toBe(400);
    }
    const [locked] = await t.database.db.select().from(users).where(eq(users.loginId, 'guesser'));
    expect(locked!.lockedUntil?.getTime()).toBeGreaterThan(now.getTime());
    expect((await mailTo('guesser@example.com'))[0]?.template).toBe('account-locked');
    expect((await login('guesser', OLD_PASSWORD)).statusCode).toBe(423);
  });

  it('needs a signed-in session and the CSRF token', async () => {
    const payload = {
      currentPassword: 'violet kettle drums at noon',
      newPassword: 'lanterns over a quiet river',
    };
    const anonymous = await post('/api/v1/auth/password/change', payload);
    expect(anonymous.statusCode).toBe(401);
    const session = await signIn('changer', 'violet kettle drums at noon');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/change',
      payload,
      cookies: { [SESSION]: session },
    });
    expect(noToken.statusCode).toBe(403);
    expect((await login('changer', 'violet kettle drums at noon')).statusCode).toBe(200);
  });
});
