import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { oneTimeCodes, outbox, users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';

// Sign-in and step-up with one-time codes by email or text message (NIST SP 800-63B-4 §3.1.3).
// A clock the tests move by hand, for expiry and the step-up window.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

let phones = 0;
/** A user with the authenticator app, and email and SMS codes on, each user with a number of their own. */
async function codeUser(loginId: string, on: { email?: boolean; sms?: boolean } = {}) {
  const phone = `+1201555${String(100 + phones++).padStart(4, '0')}`;
  await createUser(t, loginId);
  await t.database.db
    .update(users)
    .set({
      phone,
      phoneVerifiedAt: now,
      emailCodesEnabled: on.email ?? true,
      smsCodesEnabled: on.sms ?? true,
    })
    .where(eq(users.loginId, loginId));
  return { loginId, email: `${loginId}@example.com`, phone };
}

const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';

const post = (url: string, body: object, session: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });

/** Password right: answers the pending session's cookie and the factors offered. */
async function passwordStep(loginId: string) {
  const res = await postLogin(t, { userId: loginId, password: TEST_PASSWORD });
  expect(res.json().next).toBe('factor');
  return { pending: cookieOf(res), factors: res.json().factors as string[] };
}

/** The code in the newest message (mail or text) to `to`. */
async function lastCode(to: string): Promise<string> {
  const [message] = await t.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.to, to))
    .orderBy(desc(outbox.id))
    .limit(1);
  const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!code) throw new Error(`no code sent to ${to}`);
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function failures(loginId: string) {
  const [row] = await t.database.db
    .select({ failedSignIns: users.failedSignIns, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.loginId, loginId));
  return row!;
}

describe('signing in with a code by email or text message', () => {
  it('offers the codes the user turned on, and signs in with one emailed', async () => {
    const user = await codeUser('mail.code');
    const { pending, factors } = await passwordStep(user.loginId);
    expect(factors).toEqual(['totp', 'sms', 'email']);
    const sent = await post('/api/v1/auth/factor/code', { channel: 'email' }, pending);
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ sentTo: 'm••••••••@example.com' });
    const [mail] = await t.database.db.select().from(outbox).orderBy(desc(outbox.id)).limit(1);
    expect(mail).toMatchObject({ channel: 'email', to: user.email, template: 'one-time-code' });
    const code = await lastCode(user.email);
    expect(code).toMatch(/^\d{6}$/);
    const done = await post('/api/v1/auth/factor', { method: 'email', code }, pending);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ next: 'done' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { [SESSION_COOKIE]: cookieOf(done) },
    });
    expect(me.json().userId).toBe(user.loginId);
    // Once: the same code does not finish another sign-in.
    const again = await passwordStep(user.loginId);
    expect((await post('/api/v1/auth/factor', { method: 'email', code }, again.pending)).statusCode).toBe(
      401,
    );
  });

  it('texts a code to the confirmed number, valid for 10 minutes, and signs in with it', async () => {
    const user = await codeUser('text.code');
    const { pending } = await passwordStep(user.loginId);
    const sent = await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    expect(sent.json()).toEqual({ sentTo: `•••-•••-${user.phone.slice(-4)}` });
    const [text] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.to, user.phone))
      .orderBy(desc(outbox.id));
    expect(text).toMatchObject({ channel: 'sms', template: 'one-time-code', subject: '' });
    expect(text!.text).toMatch(
      /^Autofin: \d{6} is your code to finish signing in\. It expires in 10 minutes\./,
    );
    const [row] = await t.database.db
      .select()
      .from(oneTimeCodes)
      .where(eq(oneTimeCodes.destination, user.phone));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(10 * MINUTE);
    // Only a keyed hash is kept.
    expect(row!.codeHash).not.toContain(await lastCode(user.phone));
    const done = await post(
      '/api/v1/auth/factor',
      { method: 'sms', code: await lastCode(user.phone) },
      pending,
    );
    expect(done.statusCode).toBe(200);
  });

  it('takes only the newest code: a resend replaces the one before', async () => {
    const user = await codeUser('newest.code');
    const { pending } = await passwordStep(user.loginId);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    const first = await lastCode(user.phone);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    const second = await lastCode(user.phone);
    // (Two random codes are equal once in a million runs; then this line fails and the next one too.)
    expect((await post('/api/v1/auth/factor', { method: 'sms', code: first }, pending)).statusCode).toBe(401);
    expect((await post('/api/v1/auth/factor', { method: 'sms', code: second }, pending)).statusCode).toBe(
      200,
    );
  });

  it('burns a code after 5 wrong guesses: then even the right one fails', async () => {
    const user = await codeUser('burnt.code');
    const { pending } = await passwordStep(user.loginId);
    await post('/api/v1/auth/factor/code', { channel: 'email' }, pending);
    const code = await lastCode(user.email);
    for (let i = 0; i < 5; i++) {
      const res = await post('/api/v1/auth/factor', { method: 'email', code: wrong(code) }, pending);
      expect(res.json().error.code).toBe('AUTH.INVALID_CODE');
    }
    expect((await post('/api/v1/auth/factor', { method: 'email', code }, pending)).statusCode).toBe(401);
    // A new code works, and a success clears the failures.
    await post('/api/v1/auth/factor/code', { channel: 'email' }, pending);
    expect(
      (await post('/api/v1/auth/factor', { method: 'email', code: await lastCode(user.email) }, pending))
        .statusCode,
    ).toBe(200);
    expect((await failures(user.loginId)).failedSignIns).toBe(0);
  });

  it('keeps counting failures across resends, and locks the account at the tenth', async () => {
    const user = await codeUser('resend.count');
    const { pending } = await passwordStep(user.loginId);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    for (let i = 0; i < 4; i++) {
      await post('/api/v1/auth/factor', { method: 'sms', code: wrong(await lastCode(user.phone)) }, pending);
    }
    expect((await failures(user.loginId)).failedSignIns).toBe(4);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    expect((await failures(user.loginId)).failedSignIns).toBe(4);
    for (let i = 0; i < 5; i++) {
      await post('/api/v1/auth/factor', { method: 'sms', code: wrong(await lastCode(user.phone)) }, pending);
    }
    expect((await failures(user.loginId)).failedSignIns).toBe(9);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    await post('/api/v1/auth/factor', { method: 'sms', code: wrong(await lastCode(user.phone)) }, pending);
    expect((await failures(user.loginId)).lockedUntil).not.toBeNull();
    const right = await post(
      '/api/v1/auth/factor',
      { method: 'sms', code: await lastCode(user.phone) },
      pending,
    );
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('AUTH.LOCKED');
  });

  it('binds a code to its sign-in: another pending sign-in of the same user cannot use it', async () => {
    const user = await codeUser('bound.code');
    const first = await passwordStep(user.loginId);
    await post('/api/v1/auth/factor/code', { channel: 'email' }, first.pending);
    const code = await lastCode(user.email);
    const second = await passwordStep(user.loginId);
    expect((await post('/api/v1/auth/factor', { method: 'email', code }, second.pending)).statusCode).toBe(
      401,
    );
    expect((await post('/api/v1/auth/factor', { method: 'email', code }, first.pending)).statusCode).toBe(
      200,
    );
  });

  it('sends at most 5 codes in 10 minutes (429), then again', async () => {
    const user = await codeUser('many.codes');
    let { pending } = await passwordStep(user.loginId);
    for (let i = 0; i < 5; i++) {
      expect((await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending)).statusCode).toBe(200);
    }
    // Across channels and sign-ins: the limit is the user's.
    const sixth = await post('/api/v1/auth/factor/code', { channel: 'email' }, pending);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('AUTH.TOO_MANY_CODES');
    expect(
      (await post('/api/v1/auth/factor/code', { channel: 'sms' }, (await passwordStep(user.loginId)).pending))
        .statusCode,
    ).toBe(429);
    advance(10 * MINUTE + 1_000);
    ({ pending } = await passwordStep(user.loginId));
    expect((await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending)).statusCode).toBe(200);
  });

  it('refuses a channel the user has not turned on (400), and a code without a sign-in (401)', async () => {
    const user = await codeUser('app.only', { email: false, sms: false });
    const { pending, factors } = await passwordStep(user.loginId);
    expect(factors).toEqual(['totp']);
    for (const channel of ['email', 'sms']) {
      const res = await post('/api/v1/auth/factor/code', { channel }, pending);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'AUTH.FACTOR_UNAVAILABLE',
        fields: { channel: expect.any(String) },
      });
    }
    const noSignIn = await post('/api/v1/auth/factor/code', { channel: 'email' }, '');
    expect(noSignIn.statusCode).toBe(401);
    expect(noSignIn.json().error.code).toBe('AUTH.SIGN_IN_EXPIRED');
    const count = await t.database.db
      .select()
      .from(oneTimeCodes)
      .where(eq(oneTimeCodes.destination, user.email));
    expect(count).toHaveLength(0);
  });
});

describe('stepping up with the password and a code', () => {
  it('asks for a step-up after 5 minutes (403), which the password and a texted code give', async () => {
    const user = await codeUser('step.up');
    let session = await signIn(t, user.loginId);
    const change = () => post('/api/v1/security/email', { email: 'step.up.new@example.com' }, session);
    advance(5 * MINUTE + 1_000);
    const refused = await change();
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');

    const sent = await post('/api/v1/auth/step-up/code', { channel: 'sms' }, session);
    expect(sent.statusCode).toBe(200);
    const code = await lastCode(user.phone);
    expect(
      (
        await t.database.db.select().from(outbox).where(eq(outbox.to, user.phone)).orderBy(desc(outbox.id))
      )[0]!.text,
    ).toContain('to confirm it is you');
    expect((await post('/api/v1/auth/step-up', { password: TEST_PASSWORD }, session)).statusCode).toBe(401);
    expect(
      (await post('/api/v1/auth/step-up', { password: 'not it', method: 'sms', code }, session)).statusCode,
    ).toBe(401);
    expect(
      (
        await post(
          '/api/v1/auth/step-up',
          { password: TEST_PASSWORD, method: 'sms', code: wrong(code) },
          session,
        )
      ).statusCode,
    ).toBe(401);
    const right = await post(
      '/api/v1/auth/step-up',
      { password: TEST_PASSWORD, method: 'sms', code },
      session,
    );
    expect(right.statusCode).toBe(200);
    session = cookieOf(right);
    expect((await change()).statusCode).toBe(202);
    // The step-up lasts 5 minutes.
    advance(5 * MINUTE + 1_000);
    expect((await change()).statusCode).toBe(403);
  });

  it('takes an emailed step-up code for 10 minutes, not after', async () => {
    const user = await codeUser('step.mail');
    const session = await signIn(t, user.loginId);
    await post('/api/v1/auth/step-up/code', { channel: 'email' }, session);
    const stale = await lastCode(user.email);
    advance(10 * MINUTE);
    expect(
      (await post('/api/v1/auth/step-up', { password: TEST_PASSWORD, method: 'email', code: stale }, session))
        .statusCode,
    ).toBe(401);
    const fresh = await post('/api/v1/auth/step-up/code', { channel: 'email' }, session);
    expect(fresh.statusCode).toBe(200);
    advance(9 * MINUTE);
    const code = await lastCode(user.email);
    expect(
      (await post('/api/v1/auth/step-up', { password: TEST_PASSWORD, method: 'email', code }, session))
        .statusCode,
    ).toBe(200);
  });

  it('sends no step-up code to a channel that is off', async () => {
    const user = await codeUser('step.off', { sms: false });
    const session = await signIn(t, user.loginId);
    const res = await post('/api/v1/auth/step-up/code', { channel: 'sms' }, session);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('AUTH.FACTOR_UNAVAILABLE');
  });
});

describe('the demo mailbox', () => {
  it('lists text messages as such, beside the mail', async () => {
    const user = await codeUser('mailbox.sms');
    const { pending } = await passwordStep(user.loginId);
    await post('/api/v1/auth/factor/code', { channel: 'sms' }, pending);
    const json = await t.app.inject({ method: 'GET', url: '/dev/mailbox.json' });
    const texts = json.json().messages.filter((m: { to: string }) => m.to === user.phone);
    expect(texts).toEqual([expect.objectContaining({ channel: 'sms', template: 'one-time-code' })]);
    const html = await t.app.inject({ method: 'GET', url: '/dev/mailbox', headers: { accept: 'text/html' } });
    expect(html.body).toContain(`<h2>Text message to ${user.phone}</h2>`);
    const mailRows = await t.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.to, user.email), eq(outbox.channel, 'email')));
    expect(mailRows.every((m) => m.subject !== '')).toBe(true);
  });
});
