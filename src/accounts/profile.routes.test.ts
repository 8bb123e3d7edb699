import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, customers, outbox, userPreferences, users } from '../db/schema.ts';
import { ESIGN_DISCLOSURE, esignKey, testDocumentCode } from '../documents/esign.ts';
import { DEFAULT_PREFERENCES } from '../notifications/preferences.schemas.ts';
import type { Clock } from '../platform/clock.ts';
import { loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// The customer's profile (address and phones) and communication preferences, over HTTP.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const MINUTE = 60_000;

let t: TestApp;
const sessions: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp({ clock });
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
    lastName: 'Smith',
    address: { line1: '9 Elm Road', city: 'Camden', state: 'NJ', zip: '08102' },
  };
  await boardContract(
    t,
    await boardingKey(t.database),
    loanContract({ parties: [loanContract().parties[0], cosigner] }),
  );
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'agent', { staff: true });
  // One sign-in each: a test clock allows only a few TOTP codes per user.
  for (const user of ['ana', 'james', 'agent']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

function call(method: 'GET' | 'PATCH' | 'PUT' | 'POST', url: string, session: string, body?: object) {
  return t.app.inject({
    method,
    url,
    ...(body ? { payload: body } : {}),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });
}

async function customerOf(loginId: string) {
  const [row] = await t.database.db
    .select({ customer: customers })
    .from(users)
    .innerJoin(customers, eq(customers.id, users.customerId))
    .where(eq(users.loginId, loginId));
  return row!.customer;
}

const NEW_ADDRESS = {
  line1: '200 Market St',
  line2: 'Apt 4B',
  city: 'Pittsburgh',
  state: 'PA',
  zip: '15222-1234',
};

describe('GET /api/v1/profile', () => {
  it('shows the customer’s own row: name, address, phones, the login’s email and where it changes', async () => {
    const res = await call('GET', '/api/v1/profile', sessions.ana!);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      userId: 'ana',
      name: 'Ana Diaz',
      address: { line1: '1 Main Street', line2: null, city: 'Philadelphia', state: 'PA', zip: '19103' },
      phones: { main: '+12155550123', mobile: null, work: null },
      email: {
        address: 'ana@example.com',
        verified: true,
        pending: null,
        changeAt: '/api/v1/security/email',
      },
    });
  });

  it('gives a co-signer their own profile, not the borrower’s', async () => {
    const res = await call('GET', '/api/v1/profile', sessions.james!);
    expect(res.json()).toMatchObject({ name: 'James Smith', address: { city: 'Camden', state: 'NJ' } });
  });

  it('has no profile for staff', async () => {
    const agent = sessions.agent!;
    for (const url of ['/api/v1/profile', '/api/v1/preferences']) {
      const res = await call('GET', url, agent);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('PROFILE.NOT_FOUND');
    }
  });
});

describe('PATCH /api/v1/profile', () => {
  it('changes the address and phones, audits before and after, and mails the owner', async () => {
    const session = sessions.ana!;
    const res = await call('PATCH', '/api/v1/profile', session, {
      address: NEW_ADDRESS,
      phones: { mobile: '(412) 555-0187', work: '800-555-0100', main: '' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      address: NEW_ADDRESS,
      phones: { main: null, mobile: '+14125550187', work: '+18005550100' },
    });
    const row = await customerOf('ana');
    expect([row.addressLine1, row.addressLine2, row.city, row.state, row.zip]).toEqual([
      '200 Market St',
      'Apt 4B',
      'Pittsburgh',
      'PA',
      '15222-1234',
    ]);

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'customer.profile_change'), eq(auditEvents.resourceId, row.id)));
    expect(audit?.details).toEqual({
      address: {
        before: { line1: '1 Main Street', line2: null, city: 'Philadelphia', state: 'PA', zip: '19103' },
        after: NEW_ADDRESS,
      },
      phones: {
        before: { main: '•••-•••-0123', mobile: null, work: null },
        after: { main: null, mobile: '•••-•••-0187', work: '•••-•••-0100' },
      },
    });

    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.to, 'ana@example.com'))
      .orderBy(desc(outbox.id))
      .limit(1);
    expect(mail?.template).toBe('profile-changed');
    expect(mail?.text).toContain('your mailing address changed to one in Pittsburgh, PA 15222-1234.');
    expect(mail?.text).toContain('your mobile phone number changed to one ending in 0187.');
    expect(mail?.text).toContain('your main phone number was removed.');
  });

  it('refuses bad values field by field and changes nothing', async () => {
    const session = sessions.james!;
    const before = await customerOf('james');
    const res = await call('PATCH', '/api/v1/profile', session, {
      address: { line1: '1 New St', city: 'Trenton', state: 'ZZ', zip: '0861', country: 'US' },
      phones: { mobile: '555-01', work: 'call me' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      'address.state': 'The state must be a two-letter USPS code such as "PA".',
      'address.zip': 'The ZIP code must be 5 digits, or ZIP+4 such as 19103-1234.',
      'address.country': 'This field is not allowed here.',
      'phones.mobile': 'This number is too short. Enter all 10 digits, area code first.',
      'phones.work': expect.stringContaining('Enter a phone number such as (201) 555-0123.'),
    });
    expect(await customerOf('james')).toEqual(before);
  });

  it('refuses an empty change and unknown fields', async () => {
    const session = sessions.james!;
    expect((await call('PATCH', '/api/v1/profile', session, {})).statusCode).toBe(400);
    const res = await call('PATCH', '/api/v1/profile', session, { name: 'Jim Smith' });
    expect(res.json().error.fields).toEqual({
      name: 'This field is not allowed here.',
      '(body)': 'Say what to change: address, phones or both.',
    });
  });

  it('needs a step-up once the sign-in is more than 5 minutes old, and then changes nothing', async () => {
    const session = sessions.james!;
    now = new Date(now.getTime() + 6 * MINUTE);
    const before = await customerOf('james');
    const res = await call('PATCH', '/api/v1/profile', session, { address: NEW_ADDRESS });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.STEP_UP_REQUIRED');
    expect(await customerOf('james')).toEqual(before);
    // Reading the profile needs only the session.
    expect((await call('GET', '/api/v1/profile', session)).statusCode).toBe(200);
  });
});

const preferences = (overrides: object = {}) => ({ ...structuredClone(DEFAULT_PREFERENCES), ...overrides });

describe('GET/PUT /api/v1/preferences', () => {
  it('answers the defaults until saved, then what was saved', async () => {
    const session = sessions.ana!;
    const first = await call('GET', '/api/v1/preferences', session);
    expect(first.json()).toEqual({ ...DEFAULT_PREFERENCES, smsAvailable: false });

    const wanted = preferences({ dueReminderDays: 10 });
    wanted.channels.payment_posted.email = false;
    const saved = await call('PUT', '/api/v1/preferences', session, wanted);
    expect(saved.statusCode).toBe(200);
    const again = await call('GET', '/api/v1/preferences', session);
    expect(again.json()).toEqual({ ...wanted, smsAvailable: false });
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.preferences_change'));
    expect(audits.at(-1)?.details).toMatchObject({
      before: { dueReminderDays: 5 },
      after: { dueReminderDays: 10 },
    });
  });

  it('refuses turning security alerts off, and an out-of-range reminder, and keeps what was saved', async () => {
    const session = sessions.ana!;
    const before = (await call('GET', '/api/v1/preferences', session)).json();
    const bad = preferences({ dueReminderDays: 16 });
    bad.channels.security_alerts.email = false;
    const res = await call('PUT', '/api/v1/preferences', session, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      'channels.security_alerts.email': expect.stringContaining('cannot be turned off'),
      dueReminderDays: 'The reminder comes at most 15 days before the due date.',
    });
    expect((await call('GET', '/api/v1/preferences', session)).json()).toEqual(before);
  });

  it('offers text messages only with a confirmed mobile number', async () => {
    const session = sessions.james!;
    const wanted = preferences();
    wanted.channels.payment_due.sms = true;
    const refused = await call('PUT', '/api/v1/preferences', session, wanted);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'PREFERENCES.NO_MOBILE',
      fields: { 'channels.payment_due.sms': 'Add and confirm a mobile number first.' },
    });
    expect(await t.database.db.select().from(userPreferences)).not.toContainEqual(
      expect.objectContaining({ channels: wanted.channels }),
    );

    await t.database.db
      .update(users)
      .set({ phone: '+16095550111', phoneVerifiedAt: now })
      .where(eq(users.loginId, 'james'));
    const saved = await call('PUT', '/api/v1/preferences', session, wanted);
    expect(saved.json()).toEqual({ ...wanted, smsAvailable: true });
  });

  it('asks for the E-SIGN consent before paperless: 409 without one', async () => {
    const session = sessions.james!;
    const res = await call('PUT', '/api/v1/preferences', session, preferences({ paperless: true }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PREFERENCES.CONSENT_REQUIRED');
    expect((await call('GET', '/api/v1/preferences', session)).json().paperless).toBe(false);
  });

  it('keeps paperless on with a consent, and turning it off withdraws the consent', async () => {
    const session = sessions.ana!;
    const [ana] = await t.database.db.select().from(users).where(eq(users.loginId, 'ana'));
    const version = ESIGN_DISCLOSURE.version;
    const code = testDocumentCode(esignKey(TEST_SECRET_KEY), ana!.id, version);
    const consent = await call('POST', '/api/v1/paperless/consent', session, { version, code });
    expect(consent.statusCode).toBe(200);
    const kept = await call('PUT', '/api/v1/preferences', session, preferences({ paperless: true }));
    expect(kept.statusCode).toBe(200);
    expect(kept.json().paperless).toBe(true);

    const off = await call('PUT', '/api/v1/preferences', session, preferences({ paperless: false }));
    expect(off.json().paperless).toBe(false);
    expect((await call('GET', '/api/v1/paperless', session)).json()).toMatchObject({
      paperless: false,
      consent: null,
    });
    const withdrawn = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, ana!.id), eq(auditEvents.action, 'user.paperless_withdraw')));
    expect(withdrawn).toHaveLength(1);
  });

  it('refuses unknown events and channels', async () => {
    const session = sessions.ana!;
    const body = preferences();
    const res = await call('PUT', '/api/v1/preferences', session, {
      ...body,
      channels: { ...body.channels, promotions: { email: true, sms: false } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ 'channels.promotions': 'This field is not allowed here.' });
  });
});
