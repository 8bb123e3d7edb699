import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import {
  auditEvents,
  businessRegistrations,
  contracts,
  customers,
  fleetVehicles,
  odometerReadings,
  organizationMembers,
  organizations,
  outbox,
  sessions,
  users,
  vehicles,
} from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { injectForm } from '../test-support/forms.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { BUSINESS_REGISTRATION_ACCEPTED } from './business-registration.ts';

// A clock the tests move by hand, so a code can be used at 9:59 and refused at 10:00.
let now = new Date('2026-11-20T15:00:00Z');
const clock: Clock = { now: () => now, today: () => calendarDate(now.toISOString().slice(0, 10)) };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestApp;
const db = () => t.database.db;

// Each business is a contract's primary party with EIN last four 4321 and ZIP 19103 (businessParty).
const KEYSTONE = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
const HARBOR = businessParty('BIZ-HARBOR', 'Harbor Courier Co.');
const EXISTING = businessParty('BIZ-EXISTING', 'Existing Freight Inc.');
const TIMING = businessParty('BIZ-TIMING', 'Timing Movers LLC');
const GUESSES = businessParty('BIZ-GUESSES', 'Guesswork Haulers LLC');
const CLOSED = businessParty('BIZ-CLOSED', 'Closed Carriers LLC');
const FLOOD = businessParty('BIZ-FLOOD', 'Flood Freight LLC');
const STRONG = 'copper kettle under the bridge 42';

const facts = (contractNumber: string, overrides: Record<string, string> = {}) => ({
  contractNumber,
  einLast4: '4321',
  zip: '19103',
  ...overrides,
});

let sessionOf: Record<string, string> = {};
const userIds: Record<string, string> = {};
let existingOrg = '';

beforeAll(async () => {
  t = await createTestApp({ clock });
  const key = await boardingKey(t.database);
  await boardFleet(t, key, KEYSTONE, ['KS-0001']);
  await boardFleet(t, key, KEYSTONE, ['KS-0002'], leaseContract);
  await boardFleet(t, key, HARBOR, ['HB-0001', 'HB-0002', 'HB-0003']);
  await boardFleet(t, key, EXISTING, ['EX-0001']);
  await boardFleet(t, key, TIMING, ['TM-0001']);
  await boardFleet(t, key, GUESSES, ['GW-0001']);
  await boardFleet(t, key, CLOSED, ['CL-0001']);
  await boardFleet(t, key, FLOOD, ['FF-0001']);
  // A person's contract with the same last four and ZIP as the businesses.
  await boardFleet(t, key, { ...loanContract().parties[0]!, taxIdLast4: '4321' }, ['RIC-PERSON-1']);
  await db().update(contracts).set({ status: 'paid_off' }).where(eq(contracts.contractNumber, 'CL-0001'));

  existingOrg = await createOrganization(t, 'BIZ-EXISTING');
  for (const login of ['ex.admin', 'ex.admin2', 'ex.viewer', 'ex.newcomer', 'hb.person', 'tm.person']) {
    userIds[login] = await createUser(t, login);
  }
  userIds.staff = await createUser(t, 'staff.agent', { staff: true });
  await addMember(t, existingOrg, userIds['ex.admin']!, 'admin');
  await addMember(t, existingOrg, userIds['ex.admin2']!, 'admin');
  await addMember(t, existingOrg, userIds['ex.viewer']!, 'viewer');
  sessionOf = {};
  for (const login of Object.keys(userIds)) {
    sessionOf[login] = await signIn(t, login === 'staff' ? 'staff.agent' : login);
  }
}, 120_000);
afterAll(() => t.close());

// Every request its own address unless a test says otherwise, so only the throttle test meets the throttle.
let addresses = 0;
const freshIp = () => `10.1.${Math.floor(++addresses / 250)}.${addresses % 250}`;

const post = (url: string, payload: object, options: { ip?: string; session?: string } = {}) =>
  injectForm(t, {
    method: 'POST',
    url,
    payload,
    remoteAddress: options.ip ?? freshIp(),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, ...(options.session ? { [SESSION_COOKIE]: options.session } : {}) },
  });
const start = (payload: object, ip?: string) => post('/api/v1/business-registration', payload, { ip });
const completeAs = (login: string, payload: object) =>
  post('/api/v1/business-registration/complete', payload, { session: sessionOf[login] });
const completeNew = (payload: object) => post('/api/v1/business-registration/complete/new-login', payload);

const businessEmail = (party: { customerNumber: string }) =>
  `${party.customerNumber.toLowerCase()}@example.com`;
const mailTo = (to: string) => db().select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.id));

/** Step one with a business's facts: the ticket answered and the code mailed to the business. */
async function ticketFor(contractNumber: string, party: { customerNumber: string }) {
  const before = (await mailTo(businessEmail(party))).length;
  const res = await start(facts(contractNumber));
  expect(res.statusCode).toBe(202);
  const mails = await mailTo(businessEmail(party));
  expect(mails).toHaveLength(before + 1);
  expect(mails[0]!.template).toBe('business-registration-code');
  const code = /Your code is (\d{6})/.exec(mails[0]!.text)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  return { ticket: res.json().ticket as string, code: code! };
}

/** A code that is not the right one. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const INVALID_CODE = {
  error: {
    code: 'BUSINESS_REGISTRATION.INVALID_CODE',
    message: 'That code is not right or no longer works. Check it, or start again for a new code.',
    fields: { code: 'That code is not right or no longer works. Check it, or start again for a new code.' },
  },
};

/** The rows a registration writes; a refusal must leave every count as it was. */
async function counts() {
  const n = async (table: PgTable) => (await db().select({ n: count() }).from(table))[0]!.n;
  return {
    organizations: await n(organizations),
    members: await n(organizationMembers),
    fleetVehicles: await n(fleetVehicles),
    users: await n(users),
    sessions: await n(sessions),
    audit: await n(auditEvents),
    outbox: await n(outbox),
  };
}

const organizationOf = async (customerNumber: string) =>
  (
    await db()
      .select({ id: organizations.id })
      .from(organizations)
      .innerJoin(customers, eq(customers.id, organizations.customerId))
      .where(eq(customers.externalId, customerNumber))
  )[0]?.id;

describe('step 1: proving a business contract', () => {
  it('answers a match and every kind of non-match alike, and mails a code only for the match', async () => {
    const mailsBefore = (await db().select({ n: count() }).from(outbox))[0]!.n;
    const auditBefore = (await db().select({ n: count() }).from(auditEvents))[0]!.n;
    const answers = [
      await start(facts('KS-0001')),
      await start(facts('KS-0001', { einLast4: '9999' })),
      await start(facts('KS-0001', { zip: '94105' })),
      await start(facts('NO-SUCH-1')),
      // A person's contract, and a business's closed one, with the right last four and ZIP.
      await start(facts('RIC-PERSON-1')),
      await start(facts('CL-0001')),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(Object.keys(res.json()).sort()).toEqual(['message', 'ticket']);
      expect(res.json().message).toBe(BUSINESS_REGISTRATION_ACCEPTED);
      expect(res.json().ticket).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
    }
    expect(new Set(answers.map((a) => a.json().ticket)).size).toBe(answers.length);
    // The message says nothing of where a code went (no masked address).
    expect(BUSINESS_REGISTRATION_ACCEPTED).not.toMatch(/@|•/);
    const mails = await db().select().from(outbox).orderBy(desc(outbox.id)).limit(2);
    expect((await db().select({ n: count() }).from(outbox))[0]!.n).toBe(mailsBefore + 1);
    expect(mails[0]!.to).toBe(businessEmail(KEYSTONE));
    const audits = await db().select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(2);
    expect((await db().select({ n: count() }).from(auditEvents))[0]!.n).toBe(auditBefore + 1);
    expect(audits[0]).toMatchObject({
      action: 'registration.business_code_sent',
      resourceType: 'customer',
      details: { contractNumber: 'KS-0001', email: businessEmail(KEYSTONE) },
    });
    // Every answer left a ticket; only the match's names a customer.
    const tickets = await db()
      .select()
      .from(businessRegistrations)
      .orderBy(desc(businessRegistrations.id))
      .limit(6);
    expect(tickets.map((r) => r.customerId !== null).reverse()).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses malformed facts field by field, and stores nothing', async () => {
    const before = (await db().select({ n: count() }).from(businessRegistrations))[0]!.n;
    const res = await start({ contractNumber: '', einLast4: '12', zip: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['contractNumber', 'einLast4', 'zip']);
    expect((await db().select({ n: count() }).from(businessRegistrations))[0]!.n).toBe(before);
  });

  it('sends a business at most 5 codes in 10 minutes; more tickets are stored as non-matches', async () => {
    for (let i = 0; i < 5; i++) await ticketFor('FF-0001', FLOOD);
    const sixth = await start(facts('FF-0001'));
    expect(sixth.statusCode).toBe(202);
    expect(sixth.json().message).toBe(BUSINESS_REGISTRATION_ACCEPTED);
    expect(await mailTo(businessEmail(FLOOD))).toHaveLength(5);
    const [row] = await db()
      .select()
      .from(businessRegistrations)
      .orderBy(desc(businessRegistrations.id))
      .limit(1);
    expect(row?.customerId).toBeNull();
  });

  it('is throttled by address like the consumer registration: a proof of work after 3 tries', async () => {
    const ip = '192.0.2.77';
    const raw = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/business-registration',
        payload: facts('NO-SUCH-2'),
        remoteAddress: ip,
        headers: csrf.headers,
        cookies: csrf.cookies,
      });
    for (let i = 0; i < 3; i++) expect((await raw()).statusCode).toBe(202);
    const asked = await raw();
    expect(asked.statusCode).toBe(401);
    expect(asked.json().error.code).toBe('AUTH.CHALLENGE_REQUIRED');
  });
});

describe('step 2: the code', () => {
  it('opens the organization for someone new, who chooses a login and must set up a second factor', async () => {
    // A reading reported before the business registered: the new fleet record carries it.
    const [lease] = await db()
      .select({ vehicleId: vehicles.id })
      .from(vehicles)
      .innerJoin(contracts, eq(contracts.id, vehicles.contractId))
      .where(eq(contracts.contractNumber, 'KS-0002'));
    await db()
      .insert(odometerReadings)
      .values({ vehicleId: lease!.vehicleId, miles: 9_000, readOn: '2026-11-01', createdAt: now });

    const { ticket, code } = await ticketFor('ks-0001', KEYSTONE);
    const login = { ticket, code, displayName: 'Nora Keystone', userId: 'nora.keystone' };
    // A refused password costs no guess and leaves the ticket as it was.
    const weak = await completeNew({ ...login, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('AUTH.PASSWORD_NOT_ACCEPTED');

    const before = await counts();
    const res = await completeNew({ ...login, password: STRONG });
    expect(res.statusCode).toBe(200);
    const organizationId = await organizationOf('BIZ-KEYSTONE');
    expect(res.json()).toEqual({
      organizationId,
      organizationName: 'Keystone Logistics LLC',
      role: 'admin',
      created: true,
      next: 'enrol',
    });
    const [nora] = await db().select().from(users).where(eq(users.loginId, 'nora.keystone'));
    // The login's address is the one the code proved.
    expect(nora).toMatchObject({ email: businessEmail(KEYSTONE), customerId: null, kind: 'customer' });
    expect(
      await db().select().from(organizationMembers).where(eq(organizationMembers.userId, nora!.id)),
    ).toMatchObject([{ organizationId, role: 'admin' }]);
    // Every contract of the business is in the fleet, with the mileage reported so far.
    const fleet = await db()
      .select({ contractNumber: contracts.contractNumber, latestOdometer: fleetVehicles.latestOdometer })
      .from(fleetVehicles)
      .innerJoin(contracts, eq(contracts.id, fleetVehicles.contractId))
      .where(eq(fleetVehicles.organizationId, organizationId!))
      .orderBy(contracts.contractNumber);
    expect(fleet).toEqual([
      { contractNumber: 'KS-0001', latestOdometer: null },
      { contractNumber: 'KS-0002', latestOdometer: 9_000 },
    ]);
    expect(await counts()).toEqual({
      ...before,
      organizations: before.organizations + 1,
      members: before.members + 1,
      fleetVehicles: before.fleetVehicles + 2,
      users: before.users + 1,
      sessions: before.sessions + 1,
      audit: before.audit + 3,
    });
    const audit = await db()
      .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(3);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'registration.business_admin_joined',
      'registration.business_login_created',
      'registration.business_organization_created',
    ]);
    expect(audit.every((a) => a.actorId === nora!.id)).toBe(true);
    expect(audit.find((a) => a.action === 'registration.business_admin_joined')?.details).toMatchObject({
      contractNumber: 'KS-0001',
      newLogin: true,
      previousRole: null,
      adminsNotified: 0,
    });

    // The session may only set up a second factor.
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    const asNora = { ...csrf.cookies, [SESSION_COOKIE]: cookie! };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/organizations', cookies: asNora })).statusCode,
    ).toBe(401);
    const enrol = await t.app.inject({
      method: 'POST',
      url: '/api/v1/security/totp',
      headers: csrf.headers,
      cookies: asNora,
    });
    expect(enrol.statusCode).toBe(200);

    // The code works once: used again (on either route) it is refused like a wrong one.
    const again = await completeNew({ ...login, userId: 'nora.again', password: STRONG });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual(INVALID_CODE);
    expect((await completeAs('tm.person', { ticket, code })).json()).toEqual(INVALID_CODE);
  });

  it('adds the business to the signed-in login, whose next request acts for it', async () => {
    const { ticket, code } = await ticketFor('HB-0002', HARBOR);
    const res = await completeAs('hb.person', { ticket, code });
    expect(res.statusCode).toBe(200);
    const organizationId = await organizationOf('BIZ-HARBOR');
    expect(res.json()).toEqual({
      organizationId,
      organizationName: 'Harbor Courier Co.',
      role: 'admin',
      created: true,
    });
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organizations',
      cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessionOf['hb.person']! },
    });
    expect(mine.json().organizations).toMatchObject([
      { id: organizationId, name: 'Harbor Courier Co.', role: 'admin' },
    ]);
    const fleet = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${organizationId}/fleet`,
      cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessionOf['hb.person']! },
    });
    expect(fleet.statusCode).toBe(200);
    expect(
      await db().select().from(fleetVehicles).where(eq(fleetVehicles.organizationId, organizationId!)),
    ).toHaveLength(3);
    const [joined] = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'registration.business_admin_joined'),
          eq(auditEvents.resourceId, organizationId!),
        ),
      );
    expect(joined).toMatchObject({ actorType: 'user', actorId: userIds['hb.person'] });
    expect(joined?.details).toMatchObject({ newLogin: false, contractNumber: 'HB-0002' });
  });

  it('joins an existing organization as admin and tells each of its admins by email', async () => {
    const before = await counts();
    const { ticket, code } = await ticketFor('EX-0001', EXISTING);
    const res = await completeAs('ex.newcomer', { ticket, code });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      organizationId: existingOrg,
      organizationName: 'Existing Freight Inc.',
      role: 'admin',
      created: false,
    });
    const after = await counts();
    expect(after.organizations).toBe(before.organizations);
    // An organization that exists keeps its fleet records as they are.
    expect(after.fleetVehicles).toBe(before.fleetVehicles);
    for (const admin of ['ex.admin', 'ex.admin2']) {
      const [mail] = await mailTo(`${admin}@example.com`);
      expect(mail?.template).toBe('organization-admin-joined');
      expect(mail?.text).toContain(
        'User ex.newcomer (User ID ex.newcomer) registered as an admin of Existing Freight Inc.',
      );
    }
    // Only admins hear of it (their sign-in mails are in the outbox too).
    for (const other of ['ex.viewer', 'ex.newcomer']) {
      const mails = await mailTo(`${other}@example.com`);
      expect(mails.filter((m) => m.template === 'organization-admin-joined')).toHaveLength(0);
    }
    const members = await db()
      .select({ userId: organizationMembers.userId, role: organizationMembers.role })
      .from(organizationMembers)
      .where(eq(organizationMembers.organizationId, existingOrg));
    expect(members).toContainEqual({ userId: userIds['ex.newcomer'], role: 'admin' });
  });

  it('makes a member in another role an admin, and refuses one who is admin already without spending the ticket', async () => {
    const promoted = await ticketFor('EX-0001', EXISTING);
    const res = await completeAs('ex.viewer', promoted);
    expect(res.statusCode).toBe(200);
    const [viewer] = await db()
      .select({ role: organizationMembers.role })
      .from(organizationMembers)
      .where(
        and(
          eq(organizationMembers.organizationId, existingOrg),
          eq(organizationMembers.userId, userIds['ex.viewer']!),
        ),
      );
    expect(viewer?.role).toBe('admin');
    // Three admins were told this time: the two first ones and the newcomer.
    const [joined] = await db()
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'registration.business_admin_joined'))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(joined?.details).toMatchObject({ previousRole: 'viewer', adminsNotified: 3 });

    const already = await ticketFor('EX-0001', EXISTING);
    const before = await counts();
    const refused = await completeAs('ex.admin', already);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('BUSINESS_REGISTRATION.ALREADY_ADMIN');
    expect(await counts()).toEqual(before);
    const [row] = await db()
      .select()
      .from(businessRegistrations)
      .orderBy(desc(businessRegistrations.id))
      .limit(1);
    expect(row).toMatchObject({ usedAt: null, attempts: 0 });
  });

  it('refuses a staff login before looking at the ticket', async () => {
    const { ticket, code } = await ticketFor('TM-0001', TIMING);
    const before = await counts();
    const res = await completeAs('staff', { ticket, code });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('BUSINESS_REGISTRATION.STAFF_LOGIN');
    expect(await counts()).toEqual(before);
    const [row] = await db()
      .select()
      .from(businessRegistrations)
      .orderBy(desc(businessRegistrations.id))
      .limit(1);
    expect(row).toMatchObject({ usedAt: null, attempts: 0 });
  });

  it('refuses a non-match’s ticket exactly like a wrong code, and writes nothing', async () => {
    const matched = await ticketFor('GW-0001', GUESSES);
    const misses = [
      await start(facts('GW-0001', { einLast4: '9999' })),
      await start(facts('GW-0001', { zip: '94105' })),
      await start(facts('NO-SUCH-3')),
      await start(facts('RIC-PERSON-1')),
      await start(facts('CL-0001')),
    ];
    const before = await counts();
    const wrongCode = await completeAs('tm.person', { ticket: matched.ticket, code: wrong(matched.code) });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json()).toEqual(INVALID_CODE);
    for (const miss of misses) {
      // Any code at all: the mailed one of the matching ticket, too.
      for (const attempt of [matched.code, '000000']) {
        const signedIn = await completeAs('tm.person', { ticket: miss.json().ticket, code: attempt });
        expect([signedIn.statusCode, signedIn.json()]).toEqual([400, INVALID_CODE]);
        const fresh = await completeNew({
          ticket: miss.json().ticket,
          code: attempt,
          displayName: 'Miss Match',
          userId: 'miss.match',
          password: STRONG,
        });
        expect([fresh.statusCode, fresh.json()]).toEqual([400, INVALID_CODE]);
      }
    }
    expect((await completeAs('tm.person', { ticket: 'not-a-ticket-at-all', code: '123456' })).json()).toEqual(
      INVALID_CODE,
    );
    expect(await counts()).toEqual(before);
    expect((await db().select().from(users).where(eq(users.loginId, 'miss.match'))).length).toBe(0);
  });

  it('burns a ticket after 5 wrong codes: the right one no longer works', async () => {
    const { ticket, code } = await ticketFor('GW-0001', GUESSES);
    const before = await counts();
    for (let i = 0; i < 5; i++) {
      const res = await completeAs('tm.person', { ticket, code: wrong(code) });
      expect([res.statusCode, res.json()]).toEqual([400, INVALID_CODE]);
    }
    const right = await completeAs('tm.person', { ticket, code });
    expect([right.statusCode, right.json()]).toEqual([400, INVALID_CODE]);
    expect(await counts()).toEqual(before);
    const [row] = await db()
      .select()
      .from(businessRegistrations)
      .orderBy(desc(businessRegistrations.id))
      .limit(1);
    expect(row).toMatchObject({ attempts: 5, usedAt: null });
    expect(await organizationOf('BIZ-GUESSES')).toBeUndefined();
  });

  it('takes a code for 10 minutes: at 9:59 it works, at 10:00 it is refused like a wrong one', async () => {
    const late = await ticketFor('TM-0001', TIMING);
    advance(60_000);
    const inTime = await ticketFor('TM-0001', TIMING);
    advance(9 * 60_000);
    // The first ticket is 10 minutes old now, the second 9.
    const before = await counts();
    const refused = await completeAs('tm.person', late);
    expect([refused.statusCode, refused.json()]).toEqual([400, INVALID_CODE]);
    expect(await counts()).toEqual(before);
    advance(59_000);
    const res = await completeAs('tm.person', inTime);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ organizationName: 'Timing Movers LLC', created: true });
    // Both tickets spent or expired: neither works again.
    expect((await completeAs('tm.person', inTime)).json()).toEqual(INVALID_CODE);
  });
});

describe('the audit trail', () => {
  it('names the registrations of each business', async () => {
    const harbor = await organizationOf('BIZ-HARBOR');
    const rows = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(inArray(auditEvents.resourceId, [harbor!]));
    expect(rows.map((r) => r.action).sort()).toEqual([
      'registration.business_admin_joined',
      'registration.business_organization_created',
    ]);
  });
});

describe('the API document', () => {
  it('describes the three routes with their bodies', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths;
    for (const path of [
      '/api/v1/business-registration',
      '/api/v1/business-registration/complete',
      '/api/v1/business-registration/complete/new-login',
    ]) {
      expect(paths[path]?.post?.requestBody).toBeDefined();
    }
    expect(Object.keys(paths['/api/v1/business-registration'].post.responses)).toContain('202');
  });
});
