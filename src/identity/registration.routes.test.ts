import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { checkPassword } from '../core/password-policy.ts';
import { auditEvents, customers, formAttempts, outbox, users, verificationLinks } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { loanContract } from '../test-support/contracts.ts';
import { injectForm } from '../test-support/forms.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, solve } from '../test-support/users.ts';
import { REGISTRATION_ACCEPTED } from './registration.ts';
import { totpFor } from './sign-in.ts';

// A clock the tests move by hand, so a link can be used at 59 minutes and refused at 60.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestApp;

/** A person on contract RIC-REG-<n>: last four 10<nn>, ZIP 19103, born 1980-01-<n>. */
const person = (n: number, names: { firstName: string; lastName: string }) => ({
  kind: 'person' as const,
  customerNumber: `CUST-REG-${n}`,
  role: 'primary' as const,
  ...names,
  dateOfBirth: `1980-01-${String(n).padStart(2, '0')}`,
  taxIdLast4: `10${String(n).padStart(2, '0')}`,
  address: { line1: '1 Main Street', city: 'Philadelphia', state: 'PA', zip: '19103' },
});
const facts = (n: number, email: string) => ({
  contractNumber: `RIC-REG-${n}`,
  taxIdLast4: `10${String(n).padStart(2, '0')}`,
  zip: '19103',
  dateOfBirth: `1980-01-${String(n).padStart(2, '0')}`,
  email,
});

const NAMES = [
  { firstName: 'Ana', lastName: 'Diaz' }, // 1: the whole journey
  { firstName: 'Rosa', lastName: 'Signedup' }, // 2: has a login already
  { firstName: 'Tom', lastName: 'Late' }, // 3: link expiry
  { firstName: 'Ida', lastName: 'Racer' }, // 4: twenty at once
  { firstName: 'Bo', lastName: 'Twolinks' }, // 5: two links
  { firstName: 'Eve', lastName: 'Quiet' }, // 6: mismatches
];

beforeAll(async () => {
  t = await createTestApp({ clock });
  const key = await boardingKey(t.database);
  for (const [i, names] of NAMES.entries()) {
    await boardContract(
      t,
      key,
      loanContract({ contractNumber: `RIC-REG-${i + 1}`, parties: [person(i + 1, names)] }),
    );
  }
  await boardContract(
    t,
    key,
    loanContract({
      contractNumber: 'RIC-REG-BIZ',
      parties: [
        {
          kind: 'business',
          customerNumber: 'CUST-REG-BIZ',
          role: 'primary',
          businessName: 'Acme Hauling LLC',
          taxIdLast4: '4321',
          address: { line1: '1 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103-6933' },
        },
      ],
    }),
  );
  await createUser(t, 'rosa.signedup', { customerNumber: 'CUST-REG-2' });
});
afterAll(() => t.close());

// Every request its own address unless a test says otherwise, so only the throttle tests meet the throttle.
let addresses = 0;
const freshIp = () => `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`;

const post = (url: string, payload: object, options: { ip?: string; session?: string } = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress: options.ip ?? freshIp(),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, ...(options.session ? { [SESSION_COOKIE]: options.session } : {}) },
  });
const register = (payload: object, ip?: string) => post('/api/v1/registration', payload, { ip });
const complete = (token: string, userId: string, password: string) =>
  post('/api/v1/registration/complete', { token, userId, password });

const mailTo = (to: string) =>
  t.database.db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.id));
const mailCount = async () => (await t.database.db.select({ id: outbox.id }).from(outbox)).length;

/** Registers with the facts of contract `n` and answers the token of the link mailed to `email`. */
async function linkFor(n: number, email: string): Promise<string> {
  expect((await register(facts(n, email))).statusCode).toBe(202);
  const [mail] = await mailTo(email);
  expect(mail?.template).toBe('register-link');
  const token = /\/register\/complete\?token=([\w-]+)/.exec(mail!.text)?.[1];
  expect(token).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
  return token!;
}

const usersOf = (customerNumber: string) =>
  t.database.db
    .select({ id: users.id, loginId: users.loginId })
    .from(users)
    .innerJoin(customers, eq(customers.id, users.customerId))
    .where(eq(customers.externalId, customerNumber));

const STRONG = 'violet kettle drums at noon';
const INVALID_LINK = {
  code: 'REGISTRATION.INVALID_LINK',
  message: 'This link has expired or was already used. Start again.',
};

describe('starting registration', () => {
  it('answers the same whether the details match, do not, or match a customer who signed up', async () => {
    const answers = await Promise.all([
      register(facts(1, 'same.answer@example.com')),
      register({ ...facts(1, 'same.answer@example.com'), taxIdLast4: '9999' }),
      register({ ...facts(1, 'same.answer@example.com'), contractNumber: 'RIC-NOPE-1' }),
      register(facts(2, 'same.answer@example.com')),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe(answers[0]!.body);
    }
    expect(answers[0]!.json()).toEqual({ message: REGISTRATION_ACCEPTED });
  });

  it('mails a link to the address given only when every fact matches', async () => {
    const before = await mailCount();
    const wrong = [
      { taxIdLast4: '1099' },
      { zip: '19104' },
      { dateOfBirth: '1980-02-06' },
      { dateOfBirth: undefined }, // a person's contract needs the date of birth
    ];
    for (const change of wrong) {
      expect((await register({ ...facts(6, 'eve@example.com'), ...change })).statusCode).toBe(202);
    }
    expect(await mailCount()).toBe(before);

    const token = await linkFor(6, 'eve@example.com');
    const [mail] = await mailTo('eve@example.com');
    expect(mail).toMatchObject({ subject: 'Finish signing up for Autofin' });
    expect(mail!.text).toContain('Hello Eve,');
    expect(mail!.text).toContain(`http://127.0.0.1:3000/register/complete?token=${token}`);
    expect(mail!.html).toContain(`href="http://127.0.0.1:3000/register/complete?token=${token}"`);
    expect(await mailCount()).toBe(before + 1);
  });

  it('takes a ZIP+4 and a contract number in any case', async () => {
    const res = await register({
      ...facts(6, 'eve.zip4@example.com'),
      contractNumber: 'ric-reg-6',
      zip: '19103-1234',
    });
    expect(res.statusCode).toBe(202);
    expect(await mailTo('eve.zip4@example.com')).toHaveLength(1);
  });

  it('registers a business by EIN and ZIP, without a date of birth', async () => {
    const business = {
      contractNumber: 'RIC-REG-BIZ',
      taxIdLast4: '4321',
      zip: '19103',
      email: 'acme@example.com',
    };
    await register({ ...business, dateOfBirth: '1980-01-01' });
    expect(await mailTo('acme@example.com')).toHaveLength(0);
    await register(business);
    const [mail] = await mailTo('acme@example.com');
    expect(mail?.text).toContain('Hello Acme Hauling LLC,');
  });

  it('tells a customer who signed up already at the address on file, and mails nothing to the one given', async () => {
    const res = await register(facts(2, 'intruder@example.com'));
    expect(res.statusCode).toBe(202);
    expect(await mailTo('intruder@example.com')).toHaveLength(0);
    const [mail] = await mailTo('rosa.signedup@example.com');
    expect(mail).toMatchObject({ template: 'register-existing' });
    expect(mail!.text).toContain('rosa.signedup');
    expect(mail!.text).toContain('http://127.0.0.1:3000/forgot-password');
  });

  it('audits the attempts that matched a contract', async () => {
    await register(facts(6, 'audited@example.com'));
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registration.link_sent'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const [eve] = await t.database.db.select().from(customers).where(eq(customers.externalId, 'CUST-REG-6'));
    expect(event).toMatchObject({ resourceType: 'customer', resourceId: eve!.id });
    expect(event!.details).toMatchObject({ contractNumber: 'RIC-REG-6', email: 'audited@example.com' });
    const known = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registration.already_registered'));
    expect(known.length).toBeGreaterThan(0);
  });

  it('refuses bad input field by field, and records nothing', async () => {
    const tries = async () => (await t.database.db.select().from(formAttempts)).length;
    const before = { mail: await mailCount(), tries: await tries() };
    const cases: [object, string, RegExp][] = [
      [{ ...facts(6, 'x@example.com'), admin: true }, 'admin', /not allowed/],
      [{ ...facts(6, 'x@example.com'), contractNumber: 'R'.repeat(41) }, 'contractNumber', /at most 40/],
      [{ ...facts(6, 'not an address') }, 'email', /email address such as/],
      [{ ...facts(6, `${'a'.repeat(250)}@example.com`) }, 'email', /at most 254/],
      [{ ...facts(6, 'x@example.com'), taxIdLast4: '12345' }, 'taxIdLast4', /last 4 digits/],
      [{ ...facts(6, 'x@example.com'), zip: '1910' }, 'zip', /5-digit ZIP/],
      [{ ...facts(6, 'x@example.com'), dateOfBirth: '1980-02-30' }, 'dateOfBirth', /real date/],
    ];
    for (const [payload, field, reason] of cases) {
      const res = await register(payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.code).toBe('REQUEST.INVALID');
      expect(res.json().error.fields[field]).toMatch(reason);
    }
    expect(await mailCount()).toBe(before.mail);
    expect(await tries()).toBe(before.tries);
  });

  it('refuses a request a page on another site could send', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registration',
      payload: facts(6, 'csrf@example.com'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.CSRF');
  });
});

describe('the link', () => {
  it('greets by first name and shows the address it proved', async () => {
    const token = await linkFor(1, 'ana@example.com');
    const res = await post('/api/v1/registration/link', { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ displayName: 'Ana', email: 'ana@example.com' });
  });

  it('works for an hour', async () => {
    const token = await linkFor(3, 'tom@example.com');
    advance(60 * 60_000 - 1_000);
    expect((await post('/api/v1/registration/link', { token })).statusCode).toBe(200);
    advance(1_000);
    const late = await post('/api/v1/registration/link', { token });
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toEqual(INVALID_LINK);
    const res = await complete(token, 'tom.late', STRONG);
    expect(res.json().error).toEqual(INVALID_LINK);
    expect(await usersOf('CUST-REG-3')).toEqual([]);
  });

  it('refuses a token it never made', async () => {
    for (const token of ['', 'x'.repeat(43), 'x'.repeat(200)]) {
      const res = await post('/api/v1/registration/link', { token });
      expect(res.json().error).toEqual(INVALID_LINK);
    }
  });

  it('creates exactly one login when twenty requests race with one link', async () => {
    const token = await linkFor(4, 'ida@example.com');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => complete(token, `ida.racer.${i}`, STRONG)),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    for (const a of answers.filter((a) => a.statusCode !== 200)) expect(a.json().error).toEqual(INVALID_LINK);
    expect(await usersOf('CUST-REG-4')).toHaveLength(1);
  });

  it('voids a customer’s other links once one is used', async () => {
    const first = await linkFor(5, 'bo@example.com');
    const second = await linkFor(5, 'bo.other@example.com');
    expect((await complete(second, 'bo.twolinks', STRONG)).statusCode).toBe(200);
    expect((await post('/api/v1/registration/link', { token: first })).json().error).toEqual(INVALID_LINK);
    expect((await complete(first, 'bo.again', STRONG)).json().error).toEqual(INVALID_LINK);
    expect(await usersOf('CUST-REG-5')).toHaveLength(1);
  });
});

describe('choosing a User ID and password', () => {
  let token = '';
  beforeAll(async () => {
    token = await linkFor(1, 'ana.diaz@example.com');
  });

  const nothingCreated = async () => {
    expect(await usersOf('CUST-REG-1')).toEqual([]);
    // The link is still good for another try.
    expect((await post('/api/v1/registration/link', { token })).statusCode).toBe(200);
  };

  it('refuses a User ID outside the rules, with the reason', async () => {
    const cases: [string, RegExp][] = [
      ['ana', /at least 6/],
      ['a'.repeat(65), /at most 64/],
      ['ana diaz', /only letters, digits/],
      ['ana/diaz', /only letters, digits/],
    ];
    for (const [userId, reason] of cases) {
      const res = await complete(token, userId, STRONG);
      expect(res.statusCode, userId).toBe(400);
      expect(res.json().error.fields.userId).toMatch(reason);
    }
    await nothingCreated();
  });

  it('refuses a User ID taken, whatever its case', async () => {
    const res = await complete(token, 'ROSA.SignedUp', STRONG);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'REGISTRATION.USER_ID_TAKEN',
      fields: { userId: 'That User ID is taken. Choose another.' },
    });
    await nothingCreated();
  });

  it('refuses a weak password with the policy’s reason', async () => {
    const context = { userId: 'ana.diaz.2026', names: ['Ana', 'Diaz'] };
    for (const password of [
      'short one',
      'password1234',
      'ana.diaz.2026 and more words',
      'my name is diaz, remember it',
      'autofin autofin autofin',
    ]) {
      const verdict = checkPassword(password, context);
      expect(verdict.ok, password).toBe(false);
      const res = await complete(token, context.userId, password);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.code).toBe('AUTH.PASSWORD_NOT_ACCEPTED');
      expect(res.json().error.fields.password).toBe(verdict.ok ? '' : verdict.reason);
    }
    await nothingCreated();
  });

  it('creates the login, then a session that may only set up a second factor, which signs in', async () => {
    const res = await complete(token, 'Ana.Diaz', STRONG);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ next: 'enrol' });
    const enrolling = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(enrolling).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });

    const [user] = await t.database.db.select().from(users).where(sql`lower(${users.loginId}) = 'ana.diaz'`);
    expect(user).toMatchObject({
      loginId: 'Ana.Diaz',
      email: 'ana.diaz@example.com',
      displayName: 'Ana Diaz',
    });
    expect(user!.kind).toBe('customer');
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'user.register'), eq(auditEvents.resourceId, user!.id)));
    expect(audit).toBeDefined();
    const [spent] = await t.database.db
      .select()
      .from(verificationLinks)
      .where(eq(verificationLinks.email, 'ana.diaz@example.com'));
    expect(spent!.usedAt).not.toBeNull();

    // Not signed in yet: only the factor set-up is open to this session.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { [SESSION_COOKIE]: enrolling.value },
    });
    expect(me.statusCode).toBe(401);
    const started = await post('/api/v1/security/totp', {}, { session: enrolling.value });
    expect(started.statusCode).toBe(200);
    const code = totpFor(started.json().secret).generate({ timestamp: now.getTime() });
    const confirmed = await post('/api/v1/security/totp/confirm', { code }, { session: enrolling.value });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    const active = confirmed.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const signedIn = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { [SESSION_COOKIE]: active },
    });
    expect(signedIn.json()).toMatchObject({ userId: 'Ana.Diaz', displayName: 'Ana Diaz' });

    // The link is spent.
    expect((await complete(token, 'ana.second', STRONG)).json().error).toEqual(INVALID_LINK);
  });
});

describe('where a second factor is optional', () => {
  it('signs the new customer in at once', async () => {
    const optional = await createTestApp({ clock, mfa: 'optional' });
    try {
      const key = await boardingKey(optional.database);
      await boardContract(
        optional,
        key,
        loanContract({ contractNumber: 'RIC-REG-1', parties: [person(1, NAMES[0]!)] }),
      );
      const send = (url: string, payload: object, session?: string) =>
        injectForm(optional, {
          method: 'POST',
          url,
          payload,
          headers: csrf.headers,
          cookies: { ...csrf.cookies, ...(session ? { [SESSION_COOKIE]: session } : {}) },
        });
      await send('/api/v1/registration', facts(1, 'ana@example.com'));
      const [mail] = await optional.database.db.select().from(outbox).where(eq(outbox.to, 'ana@example.com'));
      const token = /token=([\w-]+)/.exec(mail!.text)![1]!;
      const res = await send('/api/v1/registration/complete', {
        token,
        userId: 'ana.diaz',
        password: STRONG,
      });
      expect(res.json()).toEqual({ next: 'done' });
      const session = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
      const me = await optional.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        cookies: { [SESSION_COOKIE]: session },
      });
      expect(me.statusCode).toBe(200);
      // Setting up a factor is still open to them.
      expect((await send('/api/v1/security/totp', {}, session)).statusCode).toBe(200);
    } finally {
      await optional.close();
    }
  });
});

describe('throttling the forms by address', () => {
  const tryFrom = (ip: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/registration',
      payload: facts(6, 'throttled@example.com'),
      remoteAddress: ip,
      headers: { ...csrf.headers, ...headers },
      cookies: csrf.cookies,
    });

  it('asks for a proof of work after 3 tries in an hour from one address, and takes a solved one once', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 3; i++) expect((await tryFrom(ip)).statusCode).toBe(202);
    const asked = await tryFrom(ip);
    expect(asked.statusCode).toBe(401);
    expect(asked.json().error).toMatchObject({
      code: 'AUTH.CHALLENGE_REQUIRED',
      challenge: { algorithm: 'SHA-256' },
    });
    const solution = await solve(asked.json().error.challenge);
    expect((await tryFrom(ip, { 'x-challenge': solution })).statusCode).toBe(202);
    // A solution works once.
    expect((await tryFrom(ip, { 'x-challenge': solution })).statusCode).toBe(401);
    expect((await tryFrom(ip, { 'x-challenge': 'bm90IGEgc29sdXRpb24=' })).statusCode).toBe(401);
    // Another address is not affected.
    expect((await tryFrom('192.0.2.11')).statusCode).toBe(202);
  });

  it('refuses the form after 20 tries in an hour from one address, until the hour has passed', async () => {
    const ip = '192.0.2.20';
    const send = () =>
      injectForm(t, {
        method: 'POST',
        url: '/api/v1/registration',
        payload: facts(6, 'flood@example.com'),
        remoteAddress: ip,
        headers: csrf.headers,
        cookies: csrf.cookies,
      });
    for (let i = 0; i < 20; i++) expect((await send()).statusCode).toBe(202);
    const refused = await send();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toEqual({
      code: 'FORM.TOO_MANY_TRIES',
      message: 'This form has been sent too many times from your network. Please try again in an hour.',
    });
    expect(await mailTo('flood@example.com')).toHaveLength(20);
    advance(60 * 60_000);
    expect((await send()).statusCode).toBe(202);
    // Each of the 17 tries past the third solves a real proof of work (about a second each on a busy machine).
  }, 120_000);

  it('throttles the forgot forms too, each on its own count', async () => {
    const ip = '192.0.2.30';
    const forgot = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        payload,
        remoteAddress: ip,
        headers: csrf.headers,
        cookies: csrf.cookies,
      });
    for (let i = 0; i < 3; i++) {
      expect((await forgot('/api/v1/auth/password/forgot', { userId: 'nobody.here' })).statusCode).toBe(202);
    }
    const asked = await forgot('/api/v1/auth/password/forgot', { userId: 'nobody.here' });
    expect(asked.json().error.code).toBe('AUTH.CHALLENGE_REQUIRED');
    expect((await forgot('/api/v1/auth/user-id/forgot', { email: 'nobody@example.com' })).statusCode).toBe(
      202,
    );
  });
});
