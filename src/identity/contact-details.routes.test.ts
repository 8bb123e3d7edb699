import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, oneTimeCodes, outbox, users } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';
import { portalOrigin } from './recovery.routes.ts';

// Email address, mobile number and sign-in codes by email or text message, over HTTP.
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

const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, session: string, body?: object) {
  return t.app.inject({
    method,
    url,
    ...(body ? { payload: body } : {}),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });
}

/** The newest message (mail or text) to `to`. */
async function lastMessage(to: string) {
  const [message] = await t.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.to, to))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!message) throw new Error(`nothing sent to ${to}`);
  return message;
}

async function lastCode(to: string): Promise<string> {
  const code = /\b(\d{6})\b/.exec((await lastMessage(to)).text)?.[1];
  if (!code) throw new Error(`no code in the last message to ${to}`);
  return code;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function userRow(loginId: string) {
  const [row] = await t.database.db.select().from(users).where(eq(users.loginId, loginId));
  return row!;
}

async function auditOf(loginId: string, action: string) {
  const user = await userRow(loginId);
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.resourceId, user.id), eq(auditEvents.action, action)));
}

/** A signed-in customer with the authenticator app (signed in just now: changes need no step-up). */
async function signedIn(loginId: string): Promise<string> {
  await createUser(t, loginId);
  return signIn(t, loginId);
}

/** Adds a number the way a person does: the number, then the texted code. */
async function addPhone(session: string, phone: string): Promise<string> {
  const sent = await call('PUT', '/api/v1/security/phone', session, { phone });
  expect(sent.statusCode).toBe(202);
  const [row] = await t.database.db
    .select({ destination: oneTimeCodes.destination })
    .from(oneTimeCodes)
    .orderBy(desc(oneTimeCodes.id))
    .limit(1);
  const code = await lastCode(row!.destination);
  expect((await call('POST', '/api/v1/security/phone/confirm', session, { code })).statusCode).toBe(200);
  return row!.destination;
}

describe('contact details', () => {
  it('shows the signed-in user their email, number and code settings', async () => {
    const session = await signedIn('contact.view');
    const res = await call('GET', '/api/v1/security/contact', session);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      email: 'contact.view@example.com',
      pendingEmail: null,
      phone: null,
      phoneVerified: false,
      pendingPhone: null,
      emailCodes: false,
      smsCodes: false,
    });
    expect((await call('GET', '/api/v1/security/contact', '')).statusCode).toBe(401);
  });
});

describe('a mobile number', () => {
  it('refuses what cannot receive a text, saying why, and sends nothing', async () => {
    const session = await signedIn('phone.bad');
    const before = await t.database.db.select().from(outbox);
    const cases: [string, RegExp][] = [
      ['', /Enter your mobile number/],
      ['555-1234', /too short/],
      ['+1 800 555 1234', /mobile number that can receive text messages/], // toll-free
      ['+1 900 555 0123', /mobile number that can receive text messages/], // premium rate
      ['+44 20 7946 0958', /mobile number that can receive text messages/], // a London landline
      ['(201) 555-0123 ext. 5', /no extension/],
      ['call me maybe', /mobile number that can receive text messages/],
      ['1'.repeat(41), /too long/],
    ];
    for (const [phone, reason] of cases) {
      const res = await call('PUT', '/api/v1/security/phone', session, { phone });
      expect(res.statusCode, phone).toBe(400);
      expect(res.json().error.fields.phone, phone).toMatch(reason);
    }
    expect(await t.database.db.select().from(outbox)).toHaveLength(before.length);
    expect((await userRow('phone.bad')).phone).toBeNull();
  });

  it('keeps a number only once the code texted to it comes back', async () => {
    const session = await signedIn('phone.add');
    const sent = await call('PUT', '/api/v1/security/phone', session, { phone: '(201) 555-0123' });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ sentTo: '•••-•••-0123' });
    const text = await lastMessage('+12015550123');
    expect(text).toMatchObject({ channel: 'sms', template: 'one-time-code' });
    expect(text.text).toContain('to confirm your mobile number');
    const pending = (await call('GET', '/api/v1/security/contact', session)).json();
    expect(pending).toMatchObject({ phone: null, phoneVerified: false, pendingPhone: '+12015550123' });

    const code = await lastCode('+12015550123');
    const bad = await call('POST', '/api/v1/security/phone/confirm', session, { code: wrong(code) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'AUTH.INVALID_CODE',
      fields: { code: expect.any(String) },
    });
    expect((await userRow('phone.add')).failedSignIns).toBe(1);
    const notDigits = await call('POST', '/api/v1/security/phone/confirm', session, { code: 'abcdef' });
    expect(notDigits.json().error.fields.code).toMatch(/6 digits/);

    const ok = await call('POST', '/api/v1/security/phone/confirm', session, { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ phone: '+12015550123' });
    expect((await call('GET', '/api/v1/security/contact', session)).json()).toMatchObject({
      phone: '+12015550123',
      phoneVerified: true,
      pendingPhone: null,
      smsCodes: false,
    });
    const notice = await lastMessage('phone.add@example.com');
    expect(notice.template).toBe('security-change');
    expect(notice.text).toContain('the mobile number •••-•••-0123 was added.');
    expect(await auditOf('phone.add', 'user.phone_verify')).toMatchObject([
      { details: { phone: '•••-•••-0123', replaced: null } },
    ]);
    // The code is spent; the same number again is refused as already yours.
    expect((await call('POST', '/api/v1/security/phone/confirm', session, { code })).statusCode).toBe(409);
    const same = await call('PUT', '/api/v1/security/phone', session, { phone: '+1 201 555 0123' });
    expect(same.json().error.fields.phone).toBe('This is already your mobile number.');
  });

  it('spends a code after 5 wrong guesses: then a new one is needed, and guessing stops counting', async () => {
    const session = await signedIn('phone.burn');
    await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0121' });
    const code = await lastCode('+12015550121');
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/api/v1/security/phone/confirm', session, { code: wrong(code) });
      expect(res.json().error.code).toBe('AUTH.INVALID_CODE');
    }
    const spent = await call('POST', '/api/v1/security/phone/confirm', session, { code });
    expect(spent.statusCode).toBe(409);
    expect(spent.json().error.code).toBe('CONTACT.NO_CODE');
    expect((await userRow('phone.burn')).failedSignIns).toBe(5);
    expect((await call('GET', '/api/v1/security/contact', session)).json().pendingPhone).toBeNull();
    await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0121' });
    const fresh = await lastCode('+12015550121');
    expect((await call('POST', '/api/v1/security/phone/confirm', session, { code: fresh })).statusCode).toBe(
      200,
    );
  });

  it('confirms the number the newest code went to, and only in the session that asked', async () => {
    const session = await signedIn('phone.race');
    await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0131' });
    const first = await lastCode('+12015550131');
    await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0132' });
    const second = await lastCode('+12015550132');
    expect((await call('POST', '/api/v1/security/phone/confirm', session, { code: first })).statusCode).toBe(
      400,
    );
    const other = await signIn(t, 'phone.race');
    expect((await call('POST', '/api/v1/security/phone/confirm', other, { code: second })).statusCode).toBe(
      409,
    );
    const ok = await call('POST', '/api/v1/security/phone/confirm', session, { code: second });
    expect(ok.json()).toEqual({ phone: '+12015550132' });
  });

  it('tells the owner when a number replaces another', async () => {
    const session = await signedIn('phone.swap');
    await addPhone(session, '201-555-0141');
    await addPhone(session, '+1 (201) 555-0142');
    expect((await lastMessage('phone.swap@example.com')).text).toContain(
      'your mobile number was changed from •••-•••-0141 to •••-•••-0142.',
    );
    expect((await userRow('phone.swap')).phone).toBe('+12015550142');
  });

  it('is removed with a recent sign-in, taking text-message codes with it', async () => {
    const session = await signedIn('phone.remove');
    await addPhone(session, '201-555-0151');
    expect((await call('PUT', '/api/v1/security/code-factors', session, { sms: true })).statusCode).toBe(200);
    advance(5 * MINUTE + 1_000);
    const stale = await call('DELETE', '/api/v1/security/phone', session);
    expect(stale.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
    const fresh = await signIn(t, 'phone.remove');
    expect((await call('DELETE', '/api/v1/security/phone', fresh)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/security/contact', fresh)).json()).toMatchObject({
      phone: null,
      smsCodes: false,
    });
    expect((await lastMessage('phone.remove@example.com')).text).toContain(
      'the mobile number •••-•••-0151 was removed, and with it sign-in codes by text message.',
    );
    expect((await call('DELETE', '/api/v1/security/phone', fresh)).statusCode).toBe(404);
  });
});

describe('sign-in codes by email or text message', () => {
  it('turns email codes on only with a code just mailed to the address', async () => {
    const session = await signedIn('codes.email');
    const noCode = await call('PUT', '/api/v1/security/code-factors', session, { email: true });
    expect(noCode.json().error.fields.code).toBe('Enter the code we emailed you.');
    const nothingSent = await call('PUT', '/api/v1/security/code-factors', session, {
      email: true,
      code: '123456',
    });
    expect(nothingSent.json().error.code).toBe('CONTACT.NO_CODE');

    const sent = await call('POST', '/api/v1/security/code-factors/email/code', session);
    expect(sent.json()).toEqual({ sentTo: 'c••••••••••@example.com' });
    const code = await lastCode('codes.email@example.com');
    const bad = await call('PUT', '/api/v1/security/code-factors', session, {
      email: true,
      code: wrong(code),
    });
    expect(bad.json().error.code).toBe('AUTH.INVALID_CODE');
    expect((await userRow('codes.email')).emailCodesEnabled).toBe(false);
    const ok = await call('PUT', '/api/v1/security/code-factors', session, { email: true, code });
    expect(ok.json()).toEqual({ emailCodes: true, smsCodes: false });
    expect((await lastMessage('codes.email@example.com')).text).toContain(
      'sign-in codes by email (to c••••••••••@example.com) were turned on.',
    );
    expect(await auditOf('codes.email', 'user.code_factor_change')).toMatchObject([
      { details: { channel: 'email', enabled: true } },
    ]);
    const login = await postLogin(t, { userId: 'codes.email', password: TEST_PASSWORD });
    expect(login.json().factors).toEqual(['totp', 'email']);
  });

  it('turns text-message codes on only for a confirmed number', async () => {
    const session = await signedIn('codes.sms');
    const refused = await call('PUT', '/api/v1/security/code-factors', session, { sms: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONTACT.NO_PHONE');
    await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0161' });
    expect((await call('PUT', '/api/v1/security/code-factors', session, { sms: true })).statusCode).toBe(409);
    await call('POST', '/api/v1/security/phone/confirm', session, { code: await lastCode('+12015550161') });
    const ok = await call('PUT', '/api/v1/security/code-factors', session, { sms: true });
    expect(ok.json()).toEqual({ emailCodes: false, smsCodes: true });
    expect((await call('PUT', '/api/v1/security/code-factors', session, {})).statusCode).toBe(400);
  });

  it('needs a recent sign-in to change them', async () => {
    const session = await signedIn('codes.stale');
    advance(5 * MINUTE + 1_000);
    const res = await call('PUT', '/api/v1/security/code-factors', session, { sms: false });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
  });

  it('will not turn off the last way to confirm it is you while the portal requires one', async () => {
    const session = await signedIn('codes.last');
    await addPhone(session, '201-555-0171');
    await call('PUT', '/api/v1/security/code-factors', session, { sms: true });
    // Without the authenticator app, text-message codes are all that is left.
    await t.database.db.update(users).set({ totpSecretSealed: null }).where(eq(users.loginId, 'codes.last'));
    const off = await call('PUT', '/api/v1/security/code-factors', session, { sms: false });
    expect(off.statusCode).toBe(409);
    expect(off.json().error.code).toBe('AUTH.LAST_FACTOR');
    const remove = await call('DELETE', '/api/v1/security/phone', session);
    expect(remove.json().error.code).toBe('AUTH.LAST_FACTOR');
    expect((await userRow('codes.last')).smsCodesEnabled).toBe(true);
  });
});

describe('a first factor set up at sign-in with codes', () => {
  /** A user with the password only, on a portal that requires a second factor: answers the enrolling cookie. */
  async function enrolling(loginId: string): Promise<string> {
    await createUser(t, loginId);
    await t.database.db.update(users).set({ totpSecretSealed: null }).where(eq(users.loginId, loginId));
    const step = await postLogin(t, { userId: loginId, password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'enrol' });
    return cookieOf(step);
  }

  it('adds and confirms a number, turns text-message codes on, and is then signed in', async () => {
    const session = await enrolling('enrol.sms');
    // Nothing but setting up a factor: not the contact details, not a change of email.
    expect((await call('GET', '/api/v1/security/contact', session)).statusCode).toBe(401);
    expect(
      (await call('POST', '/api/v1/security/email', session, { email: 'x@example.com' })).statusCode,
    ).toBe(401);
    expect((await call('PUT', '/api/v1/security/phone', session, { phone: '201-555-0181' })).statusCode).toBe(
      202,
    );
    const confirmed = await call('POST', '/api/v1/security/phone/confirm', session, {
      code: await lastCode('+12015550181'),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(cookieOf(confirmed)).toBe('');
    const on = await call('PUT', '/api/v1/security/code-factors', session, { sms: true });
    expect(on.statusCode).toBe(200);
    const active = cookieOf(on);
    expect(active).not.toBe('');
    expect((await call('GET', '/api/v1/me', active)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/me', session)).statusCode).toBe(401);
    const next = await postLogin(t, { userId: 'enrol.sms', password: TEST_PASSWORD });
    expect(next.json()).toEqual({ next: 'factor', factors: ['sms'] });
  });

  it('or turns email codes on with a code mailed to the address on file', async () => {
    const session = await enrolling('enrol.email');
    const sent = await call('POST', '/api/v1/security/code-factors/email/code', session);
    expect(sent.statusCode).toBe(200);
    const code = await lastCode('enrol.email@example.com');
    // Guessing counts toward the lock: the enrolling session has only the password behind it.
    await call('PUT', '/api/v1/security/code-factors', session, { email: true, code: wrong(code) });
    expect((await userRow('enrol.email')).failedSignIns).toBe(1);
    const on = await call('PUT', '/api/v1/security/code-factors', session, { email: true, code });
    expect(on.json()).toEqual({ emailCodes: true, smsCodes: false });
    expect((await call('GET', '/api/v1/me', cookieOf(on))).statusCode).toBe(200);
  });
});

describe('a change of email address', () => {
  const tokenIn = (text: string) => /\/verify-email\?token=([\w-]+)/.exec(text)?.[1] ?? '';
  const confirm = (token: string, headers: Record<string, string> = csrf.headers) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/security/email/confirm',
      payload: { token },
      headers,
      cookies: csrf.cookies,
    });

  it('mails a link to the new address, changes on the link, and tells the old address', async () => {
    const session = await signedIn('email.change');
    await t.database.db
      .update(users)
      .set({ emailCodesEnabled: true })
      .where(eq(users.loginId, 'email.change'));
    const asked = await call('POST', '/api/v1/security/email', session, {
      email: ' New.Person@Example.COM ',
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ pendingEmail: 'New.Person@example.com' });
    const link = await lastMessage('New.Person@example.com');
    expect(link.template).toBe('email-change-verify');
    expect(link.text).toContain(`${portalOrigin(t.config)}/verify-email?token=`);
    const token = tokenIn(link.text);
    expect(token).toHaveLength(43);
    expect((await call('GET', '/api/v1/security/contact', session)).json()).toMatchObject({
      email: 'email.change@example.com',
      pendingEmail: 'New.Person@example.com',
    });
    expect(await auditOf('email.change', 'user.email_change_request')).toHaveLength(1);

    // The link works in any browser: no session, only the portal's CSRF check.
    expect((await confirm(token, {})).statusCode).toBe(403);
    const done = await confirm(token);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ email: 'New.Person@example.com' });
    expect((await userRow('email.change')).email).toBe('New.Person@example.com');
    const notice = await lastMessage('email.change@example.com');
    expect(notice.template).toBe('email-changed');
    expect(notice.text).toContain('was changed to N•••••••••@example.com');
    expect(await auditOf('email.change', 'user.email_change')).toMatchObject([
      { details: { from: 'e•••••••••••@example.com', to: 'N•••••••••@example.com' } },
    ]);
    const again = await confirm(token);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('CONTACT.EMAIL_LINK_INVALID');

    // Email codes go to the new address from now on.
    const login = await postLogin(t, { userId: 'email.change', password: TEST_PASSWORD });
    const code = await call('POST', '/api/v1/auth/factor/code', cookieOf(login), { channel: 'email' });
    expect(code.json()).toEqual({ sentTo: 'N•••••••••@example.com' });
  });

  it('takes only the newest link, for an hour', async () => {
    const session = await signedIn('email.links');
    await call('POST', '/api/v1/security/email', session, { email: 'first@example.com' });
    const first = tokenIn((await lastMessage('first@example.com')).text);
    await call('POST', '/api/v1/security/email', session, { email: 'second@example.com' });
    const second = tokenIn((await lastMessage('second@example.com')).text);
    expect((await confirm(first)).statusCode).toBe(400);
    advance(60 * MINUTE + 1_000);
    expect((await confirm(second)).statusCode).toBe(400);
    expect((await userRow('email.links')).email).toBe('email.links@example.com');
    expect((await confirm('not-a-token')).statusCode).toBe(400);
  });

  it('refuses a malformed or unchanged address (400) and a sixth link in an hour (429)', async () => {
    const session = await signedIn('email.bad');
    for (const email of ['', 'name@', 'no-at-sign', `${'a'.repeat(250)}@example.com`]) {
      const res = await call('POST', '/api/v1/security/email', session, { email });
      expect(res.statusCode, email).toBe(400);
      expect(res.json().error.fields.email, email).toBeTruthy();
    }
    const same = await call('POST', '/api/v1/security/email', session, { email: 'email.bad@EXAMPLE.com' });
    expect(same.json().error).toMatchObject({
      code: 'CONTACT.SAME_EMAIL',
      fields: { email: expect.any(String) },
    });
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/api/v1/security/email', session, { email: `n${i}@example.com` });
      expect(res.statusCode).toBe(202);
    }
    const sixth = await call('POST', '/api/v1/security/email', session, { email: 'n5@example.com' });
    expect(sixth.statusCode).toBe(429);
  });
});
