import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, autopayEnrollments, outbox, paymentMethods } from '../db/schema.ts';
import { movableClock } from '../platform/business-date.ts';
import { secretBox } from '../platform/secret-box.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { AUTOPAY_AUTHORIZATION } from './autopay.ts';

// Ana holds loan RIC-000001 with James as co-borrower, Cole as co-signer and Gus as guarantor; Cy
// holds RIC-000002. Today is Friday 2026-11-20.
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
const methods: Record<string, string> = {};

async function addMethod(user: string, status: 'active' | 'blocked' = 'active') {
  return addTestBankAccount(t.database.db, userIds[user]!, t.clock.now(), {
    holderName: `User ${user}`,
    status,
    blockedReason: status === 'blocked' ? 'R02: account closed' : null,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const ana = loanContract().parties[0]!;
  await boardContract(
    t,
    key,
    loanContract({
      parties: [
        ana,
        { ...ana, customerNumber: 'CUST-JAMES', role: 'co_borrower', firstName: 'James' },
        { ...ana, customerNumber: 'CUST-COLE', role: 'co_signer', firstName: 'Cole' },
        { ...ana, customerNumber: 'CUST-GUS', role: 'guarantor', firstName: 'Gus' },
      ],
    }),
  );
  await boardContract(
    t,
    key,
    loanContract({
      contractNumber: 'RIC-000002',
      parties: [{ ...ana, customerNumber: 'CUST-CY', firstName: 'Cy' }],
    }),
  );
  for (const [user, customerNumber] of [
    ['ana', 'CUST-0001'],
    ['james', 'CUST-JAMES'],
    ['cole', 'CUST-COLE'],
    ['gus', 'CUST-GUS'],
    ['cy', 'CUST-CY'],
  ] as const) {
    userIds[user] = await createUser(t, user, { customerNumber });
    sessions[user] = await signIn(t, user);
    methods[user] = await addMethod(user);
  }
}, 180_000); // boards two contracts and signs five people in (Argon2), slow on a busy machine
afterAll(() => t.close());

const as = (user: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
  headers: csrf.headers,
});
const url = (contractNumber: string) => `/api/v1/accounts/${contractNumber}/autopay`;
const get = (user: string, contractNumber = 'RIC-000001') =>
  t.app.inject({ method: 'GET', url: url(contractNumber), cookies: as(user).cookies });
const put = (user: string, payload: object, contractNumber = 'RIC-000001') =>
  t.app.inject({ method: 'PUT', url: url(contractNumber), ...as(user), payload });
const remove = (user: string, contractNumber = 'RIC-000001') =>
  t.app.inject({ method: 'DELETE', url: url(contractNumber), ...as(user) });

const enrolment = (user: string, extra: object = {}) => ({
  paymentMethodId: methods[user],
  daysBeforeDue: 0,
  extraPrincipalCents: 0,
  authorizationVersion: AUTOPAY_AUTHORIZATION.version,
  ...extra,
});

async function rowCounts() {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries({ autopayEnrollments, outbox, auditEvents })) {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

describe('GET /api/v1/accounts/{contractNumber}/autopay', () => {
  it('shows the authorization to accept, and no enrolment yet', async () => {
    const res = await get('ana');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      contractNumber: 'RIC-000001',
      enrollment: null,
      authorization: { version: AUTOPAY_AUTHORIZATION.version },
      nextDebit: null,
      scheduledPaymentCents: 37_742,
      canManage: true,
    });
    expect(res.json().authorization.text).toContain('account RIC-000001');
  });

  it('lets a guarantor see it but not manage it', async () => {
    const res = await get('gus');
    expect(res.statusCode).toBe(200);
    expect(res.json().canManage).toBe(false);
  });

  it('answers 404 for another customer’s contract and 401 without a session', async () => {
    expect((await get('cy')).statusCode).toBe(404);
    expect((await get('ana', 'RIC-999999')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: url('RIC-000001') })).statusCode).toBe(401);
  });
});

describe('PUT /api/v1/accounts/{contractNumber}/autopay: bad input writes nothing', () => {
  it.each([
    ['days before the due date above 10', { daysBeforeDue: 11 }, 400, 'daysBeforeDue'],
    ['days before the due date below 0', { daysBeforeDue: -1 }, 400, 'daysBeforeDue'],
    ['a fractional number of days', { daysBeforeDue: 2.5 }, 400, 'daysBeforeDue'],
    ['negative extra principal', { extraPrincipalCents: -1 }, 400, 'extraPrincipalCents'],
    ['fractional cents of extra principal', { extraPrincipalCents: 10.5 }, 400, 'extraPrincipalCents'],
    ['a method id that is not a UUID', { paymentMethodId: 'checking' }, 400, 'paymentMethodId'],
    ['an unknown field', { amountCents: 100 }, 400, 'amountCents'],
    ['no accepted authorization', { authorizationVersion: undefined }, 422, 'authorizationVersion'],
    ['an outdated authorization', { authorizationVersion: '2001-01-01' }, 422, 'authorizationVersion'],
  ])('refuses %s', async (_, change, status, field) => {
    const before = await rowCounts();
    const res = await put('ana', enrolment('ana', change));
    expect(res.statusCode).toBe(status);
    expect(res.json().error.fields).toHaveProperty(field);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an empty body, and pausing what is not set up', async () => {
    const before = await rowCounts();
    expect((await put('ana', {})).statusCode).toBe(400);
    const paused = await put('ana', { status: 'paused' });
    expect(paused.statusCode).toBe(422);
    expect(paused.json().error.code).toBe('AUTOPAY.NOT_ENROLLED');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses another person’s method (404) and a blocked one (409)', async () => {
    const before = await rowCounts();
    const others = await put('ana', enrolment('ana', { paymentMethodId: methods.cy }));
    expect(others.statusCode).toBe(404);
    expect(others.json().error.fields).toHaveProperty('paymentMethodId');
    const blocked = await put(
      'ana',
      enrolment('ana', { paymentMethodId: await addMethod('ana', 'blocked') }),
    );
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('PAYMENTS.METHOD_BLOCKED');
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 403 to a guarantor and 404 to another customer', async () => {
    const before = await rowCounts();
    expect((await put('gus', enrolment('gus'))).statusCode).toBe(403);
    expect((await put('cy', enrolment('cy'))).statusCode).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('enrol, change, pause, resume, cancel', () => {
  it('enrols with the accepted authorization stored, audited and mailed in full', async () => {
    const res = await put('ana', enrolment('ana', { daysBeforeDue: 3, extraPrincipalCents: 2_500 }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      enrollment: {
        status: 'active',
        method: { id: methods.ana, last4: '6789' },
        daysBeforeDue: 3,
        extraPrincipalCents: 2_500,
        authorizationVersion: AUTOPAY_AUTHORIZATION.version,
        enrolledByMe: true,
      },
      // The oldest installment unpaid (February's) is past due: today's cycle takes it, plus the extra.
      nextDebit: { date: '2026-11-20', amountCents: 37_742 + 2_500, paymentId: null },
    });
    const [row] = await t.database.db.select().from(autopayEnrollments);
    expect(row).toMatchObject({ userId: userIds.ana, acceptedIp: '127.0.0.1', status: 'active' });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'autopay.enroll'));
    expect(audit).toMatchObject({ actorId: userIds.ana, resourceId: 'RIC-000001' });
    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'autopay-authorization'));
    expect(mail?.to).toBe('ana@example.com');
    expect(mail?.text).toContain(AUTOPAY_AUTHORIZATION.text({ contractNumber: 'RIC-000001' }));
  });

  it('shows the dashboard AutoPay as on', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/accounts', cookies: as('ana').cookies });
    expect(
      res.json().accounts.find((a: { contractNumber: string }) => a.contractNumber === 'RIC-000001').autopay,
    ).toBe('active');
  });

  it('shows a co-borrower the enrolment, which only the person who set it up may change', async () => {
    const seen = await get('james');
    expect(seen.json()).toMatchObject({ enrollment: { enrolledByMe: false }, canManage: false });
    const before = await rowCounts();
    const changed = await put('james', enrolment('james'));
    expect(changed.statusCode).toBe(403);
    expect(changed.json().error.code).toBe('AUTOPAY.ENROLLED_BY_OTHER');
    expect((await remove('james')).statusCode).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps one enrolment per contract: a second PUT changes it, with the authorization again', async () => {
    const res = await put('ana', { daysBeforeDue: 10, authorizationVersion: AUTOPAY_AUTHORIZATION.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().enrollment).toMatchObject({ daysBeforeDue: 10, extraPrincipalCents: 2_500 });
    const changeWithoutAuthorization = await put('ana', { daysBeforeDue: 2 });
    expect(changeWithoutAuthorization.statusCode).toBe(422);
    const [count] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(autopayEnrollments);
    expect(count!.n).toBe(1);
  });

  it('pauses and resumes, auditing each', async () => {
    const paused = await put('ana', { status: 'paused' });
    expect(paused.statusCode).toBe(200);
    expect(paused.json().enrollment.status).toBe('paused');
    expect(paused.json().nextDebit).toBeNull();
    const dashboard = await t.app.inject({
      method: 'GET',
      url: '/api/v1/accounts',
      cookies: as('ana').cookies,
    });
    expect(dashboard.json().accounts[0].autopay).toBe('paused');
    const resumed = await put('ana', { status: 'active' });
    expect(resumed.json().enrollment.status).toBe('active');
    const actions = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(sql`${auditEvents.action} in ('autopay.pause', 'autopay.resume')`);
    expect(actions.map((a) => a.action).sort()).toEqual(['autopay.pause', 'autopay.resume']);
  });

  it('cancels for the person who set it up, once', async () => {
    const res = await remove('ana');
    expect(res.statusCode).toBe(200);
    expect(res.json().enrollment).toBeNull();
    expect((await remove('ana')).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(autopayEnrollments);
    expect(row?.status).toBe('cancelled');
  });

  it('lets a co-signer, who may pay, enrol once it is cancelled', async () => {
    const res = await put('cole', enrolment('cole'));
    expect(res.statusCode).toBe(200);
    expect(res.json().enrollment.enrolledByMe).toBe(true);
    expect((await get('ana')).json().enrollment.enrolledByMe).toBe(false);
  });
});

describe('over time: the daily cycle posts each debit and mails the notice of a new amount', () => {
  // Its own portal with a movable business date; Dee's loan falls due on the 10th from December 10.
  const clock = movableClock(calendarDate('2026-11-20'));
  let tt: TestApp;
  let dee = '';
  let servicingKey = '';
  let deeMethod = '';
  const asDee = () => ({ cookies: { ...csrf.cookies, [SESSION_COOKIE]: dee }, headers: csrf.headers });
  const moveTo = (date: string) =>
    tt.app.inject({
      method: 'POST',
      url: '/api/v1/admin/business-date',
      headers: { authorization: `Bearer ${servicingKey}` },
      payload: { date },
    });
  const autopayOrders = async () => {
    const res = await tt.app.inject({ method: 'GET', url: '/api/v1/payments', cookies: asDee().cookies });
    return (res.json().payments as { source: string; effectiveDate: string; status: string }[])
      .filter((p) => p.source === 'autopay')
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  };

  beforeAll(async () => {
    tt = await createTestApp({ clock, movableClock: clock, timeTravel: true });
    const ana = loanContract().parties[0]!;
    await boardContract(
      tt,
      await boardingKey(tt.database),
      loanContract({
        contractNumber: 'RIC-000003',
        contractDate: '2026-11-10',
        firstPaymentDate: '2026-12-10',
        parties: [{ ...ana, customerNumber: 'CUST-DEE', firstName: 'Dee' }],
      }),
    );
    servicingKey = await boardingKey(tt.database, 'servicing');
    const userId = await createUser(tt, 'dee', { customerNumber: 'CUST-DEE' });
    dee = await signIn(tt, 'dee');
    const [row] = await tt.database.db
      .insert(paymentMethods)
      .values({
        userId,
        kind: 'bank_account',
        nickname: 'Checking',
        holderName: 'Dee Diaz',
        last4: '4321',
        fingerprint: randomUUID(),
        accountType: 'checking',
        routingNumber: '021000021',
        accountNumberSealed: secretBox(TEST_SECRET_KEY).seal('987654321'),
        status: 'active',
        createdAt: tt.clock.now(),
      })
      .returning({ id: paymentMethods.id });
    deeMethod = row!.id;
  }, 180_000);
  afterAll(() => tt.close());

  it('posts the first debit on its due date once the business date passes it', async () => {
    const enrolled = await tt.app.inject({
      method: 'PUT',
      url: url('RIC-000003'),
      ...asDee(),
      payload: { paymentMethodId: deeMethod, authorizationVersion: AUTOPAY_AUTHORIZATION.version },
    });
    expect(enrolled.json().nextDebit).toMatchObject({ date: '2026-12-10', amountCents: 37_742 });
    expect((await moveTo('2026-12-11')).statusCode).toBe(200);
    expect(await autopayOrders()).toEqual([
      expect.objectContaining({ effectiveDate: '2026-12-10', amountCents: 37_742, status: 'pending' }),
    ]);
  });

  it('takes the extra principal from the next debit on, and mails the new amount 10 days ahead', async () => {
    const changed = await tt.app.inject({
      method: 'PUT',
      url: url('RIC-000003'),
      ...asDee(),
      payload: { extraPrincipalCents: 1_000, authorizationVersion: AUTOPAY_AUTHORIZATION.version },
    });
    // January 10 2027 is a Sunday: the debit is the Friday before.
    expect(changed.json().nextDebit).toMatchObject({ date: '2027-01-08', amountCents: 38_742 });
    // The cycle of Dec 29 (run once it is over) is the first whose 10 days reach January 8.
    expect((await moveTo('2026-12-29')).statusCode).toBe(200);
    const none = await tt.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'autopay-amount-changed'));
    expect(none).toEqual([]);
    expect((await moveTo('2026-12-30')).statusCode).toBe(200);
    const [notice] = await tt.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'autopay-amount-changed'));
    expect(notice?.to).toBe('dee@example.com');
    expect(notice?.text).toContain('Debit date: 2027-01-08');
    expect((await moveTo('2027-01-09')).statusCode).toBe(200);
    expect((await autopayOrders()).map((o) => [o.effectiveDate, o.status])).toEqual([
      // The first one has settled meanwhile (past its return window); the new one is on its way.
      ['2026-12-10', 'settled'],
      ['2027-01-08', 'pending'],
    ]);
  });
});
