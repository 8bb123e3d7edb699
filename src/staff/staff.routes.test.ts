import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCyclesInProcess } from '../cycle/daily-cycle.ts';
import { auditEvents, customers, passkeys, users } from '../db/schema.ts';
import { latestMail } from '../notifications/mail.ts';
import { secretBox } from '../platform/secret-box.ts';
import { loanContract } from '../test-support/contracts.ts';
import { boardingKey, createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';

let t: TestApp;
const session: Record<string, string> = {};
let anaCustomerId = '';
let anaUserId = '';

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/contracts',
    headers: { authorization: `Bearer ${key}` },
    payload: loanContract() as object,
  });
  anaUserId = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'agent', { staff: true });
  await createUser(t, 'other.agent', { staff: true });
  await createUser(t, 'boss', { staff: true });
  await t.database.db.update(users).set({ staffRole: 'supervisor' }).where(eq(users.loginId, 'boss'));
  for (const u of ['ana', 'agent', 'other.agent', 'boss']) session[u] = await signIn(t, u);
  const [ana] = await t.database.db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.externalId, 'CUST-0001'));
  anaCustomerId = ana!.id;
});
afterAll(() => t.close());

const as = (user: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: session[user]! },
  headers: csrf.headers,
});
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, ...as(user) });
const post = (user: string, url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, ...(payload ? { payload } : {}), ...as(user) });
const ANA_IDENTITY = { dateOfBirth: '1985-03-02', taxIdLast4: '0123', zip: '19103' };
const verify = (user: string, body: object) =>
  post(user, `/api/v1/staff/customers/${anaCustomerId}/verify`, body);
const lockAna = async () => {
  for (let i = 0; i < 10; i++) await postLogin(t, { userId: 'ana', password: `nope ${i}` });
  expect((await postLogin(t, { userId: 'ana', password: TEST_PASSWORD })).statusCode).toBe(423);
};
const auditLog = async (user: string, query = '') => {
  const res = await get(user, `/api/v1/staff/audit${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    events: {
      id: number;
      action: string;
      actorName: string | null;
      actorLoginId: string | null;
      resourceLoginId: string | null;
      ip: string | null;
    }[];
    nextBefore: number | null;
  };
};

describe('support console', () => {
  it('tells staff their role and what it allows, and customers nothing', async () => {
    expect((await get('agent', '/api/v1/staff/profile')).json()).toEqual({
      role: 'agent',
      capabilities: [
        'customers.search',
        'customers.verify',
        'users.unlock',
        'users.reset_access',
        'grants.read',
        'grants.end',
      ],
    });
    expect((await get('boss', '/api/v1/staff/profile')).json().capabilities).toContain('audit.read');
    expect((await get('ana', '/api/v1/staff/profile')).statusCode).toBe(404);
  });

  it('finds a customer by contract number, name, email or phone, with contact details masked', async () => {
    for (const q of ['RIC-000001', 'ana diaz', 'ana.diaz@', '555-0123']) {
      const res = await get('agent', `/api/v1/staff/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().customers).toEqual([
        expect.objectContaining({
          name: 'Ana Diaz',
          email: 'a•••••••@example.com',
          phone: '•••-•••-0123',
          state: 'PA',
          contractNumbers: ['RIC-000001'],
        }),
      ]);
    }
    expect((await get('agent', '/api/v1/staff/customers?q=nobody-at-all')).json()).toEqual({ customers: [] });
  });

  it('shows a customer’s logins and contracts, never their identity data', async () => {
    const res = await get('agent', `/api/v1/staff/customers/${anaCustomerId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Ana Diaz',
      email: 'a•••••••@example.com',
      phone: '•••-•••-0123',
      verifiable: ['dateOfBirth', 'taxIdLast4', 'zip'],
      contracts: [{ contractNumber: 'RIC-000001', role: 'primary' }],
      logins: [{ loginId: 'ana', email: 'a••@example.com', lockedUntil: null, factors: ['totp'] }],
      callerVerifiedUntil: null,
    });
    // (The fixture's phone happens to end in the SSN's last four, so that one is checked by key.)
    for (const secret of ['1985-03-02', '19103', 'Main Street']) expect(res.body).not.toContain(secret);
    expect(Object.keys(res.json())).not.toContain('taxIdLast4');
    const unknown = await get('agent', '/api/v1/staff/customers/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('verifies a caller without showing the identity data', async () => {
    const right = await verify('agent', ANA_IDENTITY);
    expect(right.json()).toEqual({
      verified: true,
      checks: { taxIdLast4: true, zip: true, dateOfBirth: true },
      verifiedUntil: expect.any(String),
    });
    const wrong = await verify('agent', { ...ANA_IDENTITY, dateOfBirth: '1985-03-03' });
    expect(wrong.json()).toEqual({
      verified: false,
      checks: { taxIdLast4: true, zip: true, dateOfBirth: false },
    });
    expect(wrong.body).not.toContain('1985-03-02');
    const bad = await verify('agent', { taxIdLast4: '12', zip: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['taxIdLast4', 'zip']));
  });

  it('unlocks a locked customer only for a caller this staff member verified, and logs who did it', async () => {
    await lockAna();
    const detail = await get('agent', `/api/v1/staff/customers/${anaCustomerId}`);
    expect(detail.json().logins[0].lockedUntil).toEqual(expect.any(String));
    const unlock = (user: string) => post(user, '/api/v1/staff/users/ana/unlock');

    // Another agent's match is not this staff member's, and a failed check (previous test) ends one.
    expect((await verify('other.agent', ANA_IDENTITY)).json().verified).toBe(true);
    expect((await unlock('boss')).statusCode).toBe(403);
    const refused = await unlock('agent');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('STAFF.VERIFY_CALLER_FIRST');
    expect((await postLogin(t, { userId: 'ana', password: TEST_PASSWORD })).statusCode).toBe(423);

    expect((await verify('agent', ANA_IDENTITY)).json().verified).toBe(true);
    expect(
      (await get('agent', `/api/v1/staff/customers/${anaCustomerId}`)).json().callerVerifiedUntil,
    ).toEqual(expect.any(String));
    expect((await unlock('agent')).statusCode).toBe(204);
    expect((await postLogin(t, { userId: 'ana', password: TEST_PASSWORD })).statusCode).toBe(200);

    const log = await auditLog('boss');
    expect(log.events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'staff.unlock_user',
        'staff.verify_caller',
        'staff.customer_search',
        'staff.customer_view',
        'user.lock',
      ]),
    );
    expect(log.events.find((e) => e.action === 'staff.unlock_user')).toMatchObject({
      actorName: 'User agent',
      actorLoginId: 'agent',
      resourceLoginId: 'ana',
      ip: '127.0.0.1',
    });
  });

  it('ends a verification after 15 minutes', async () => {
    expect((await verify('agent', ANA_IDENTITY)).json().verified).toBe(true);
    await t.database.db
      .update(auditEvents)
      .set({ occurredAt: new Date(Date.now() - 16 * 60_000) })
      .where(and(eq(auditEvents.action, 'staff.verify_caller'), eq(auditEvents.resourceId, anaCustomerId)));
    expect(
      (await get('agent', `/api/v1/staff/customers/${anaCustomerId}`)).json().callerVerifiedUntil,
    ).toBeNull();
    expect((await post('agent', '/api/v1/staff/users/ana/password-reset')).statusCode).toBe(403);
  });

  it('filters the audit log and pages through it, newest first', async () => {
    const byAgent = await auditLog('boss', '?actor=AGENT&action=staff.&limit=200');
    expect(byAgent.events.length).toBeGreaterThan(3);
    expect(byAgent.events.every((e) => e.actorLoginId === 'agent' && e.action.startsWith('staff.'))).toBe(
      true,
    );
    const aboutAna = await auditLog('boss', '?resource=ana&action=staff.unlock_user');
    expect(aboutAna.events.map((e) => [e.action, e.resourceLoginId])).toEqual([['staff.unlock_user', 'ana']]);
    expect(aboutAna.nextBefore).toBeNull();

    const all = await auditLog('boss', '?action=staff.verify_caller&limit=200');
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const page = await auditLog(
        'boss',
        `?action=staff.verify_caller&limit=2${before === null ? '' : `&before=${before}`}`,
      );
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(all.events.map((e) => e.id));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    // Reading the log is itself on the record.
    expect((await auditLog('boss', '?action=staff.audit_read')).events.length).toBeGreaterThan(0);
    expect((await get('boss', '/api/v1/staff/audit?limit=0')).statusCode).toBe(400);
  });

  it('is invisible to customers on every route, and the audit log to agents', async () => {
    const staffRoutes = t.app.routeAccess.filter(
      (r) => r.url.startsWith('/api/v1/staff/') && r.method !== 'HEAD',
    );
    expect(staffRoutes.length).toBeGreaterThanOrEqual(8);
    for (const route of staffRoutes) {
      const url = route.url
        .replace(':customerId', anaCustomerId)
        .replace(':loginId', 'ana')
        .replace(':id', '1')
        .replace(':contractNumber', 'RIC-000001')
        .replace(':grantId', '00000000-0000-4000-8000-000000000000')
        .concat(route.url.endsWith('/customers') ? '?q=ana' : '');
      const payload = route.url.endsWith('/verify')
        ? ANA_IDENTITY
        : route.url.endsWith('/end')
          ? { reason: 'A fraud report' }
          : undefined;
      const res = await t.app.inject({
        method: route.method as 'GET' | 'POST',
        url,
        ...(payload ? { payload } : {}),
        ...as('ana'),
      });
      expect([route.url, res.statusCode]).toEqual([route.url, 404]);
    }
    expect((await get('agent', '/api/v1/staff/audit')).statusCode).toBe(404);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'staff.customer_search'))
      .limit(1);
    expect(event?.actorType).toBe('staff');
  });

  // Last: it signs Ana out everywhere.
  it('sends a reset link the agent never sees, and resets a verified caller’s factors', async () => {
    expect((await verify('agent', ANA_IDENTITY)).json().verified).toBe(true);
    const sent = await post('agent', '/api/v1/staff/users/ana/password-reset');
    expect(sent.statusCode).toBe(204);
    expect(sent.body).toBe('');
    const mail = await latestMail(t.database.db);
    expect(mail.find((m) => m.to === 'ana@example.com' && m.template === 'password-reset')).toBeTruthy();

    await t.database.db.update(users).set({ emailCodesEnabled: true }).where(eq(users.id, anaUserId));
    await t.database.db.insert(passkeys).values({
      id: 'ana-passkey',
      userId: anaUserId,
      publicKey: 'key',
      deviceType: 'multiDevice',
      backedUp: true,
      name: 'Phone',
      createdAt: new Date(),
    });
    const anaSession = await signIn(t, 'ana');
    const reset = await post('agent', '/api/v1/staff/users/ana/reset-factors');
    expect(reset.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: anaSession } }))
        .statusCode,
    ).toBe(401);
    const [ana] = await t.database.db.select().from(users).where(eq(users.loginId, 'ana'));
    expect(ana?.totpSecretSealed).toBeNull();
    expect(await t.database.db.select().from(passkeys).where(eq(passkeys.userId, anaUserId))).toEqual([]);
    const told = (await latestMail(t.database.db)).find((m) => m.template === 'factors-reset');
    expect(told?.to).toBe('ana@example.com');
    // With no factor left, the right password leads only to setting one up.
    const step = await postLogin(t, { userId: 'ana', password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'enrol' });
    // Staff logins are out of the console's reach.
    expect((await post('agent', '/api/v1/staff/users/boss/reset-factors')).statusCode).toBe(404);
  });
});

describe('GET /api/v1/staff/daily-cycle', () => {
  it('shows supervisors each business date’s cycle by stage, and is not there for agents', async () => {
    await runCyclesInProcess(t.database.db, {
      clock: t.clock,
      box: secretBox(TEST_SECRET_KEY),
      achOutgoingDir: t.config.payments.achOutgoingDir,
      printDir: t.config.statements.printDir,
    });
    const answer = await get('boss', '/api/v1/staff/daily-cycle');
    expect(answer.statusCode).toBe(200);
    const [cycle] = answer.json().cycles;
    expect(cycle).toMatchObject({ date: '2026-11-19', status: 'done', chunkCount: 1, errors: [] });
    expect(
      cycle.stages.map((s: { stage: string; done: number; total: number }) => [s.stage, s.done, s.total]),
    ).toEqual([
      ['payments', 1, 1],
      ['ach', 1, 1],
      ['servicing', 1, 1],
      ['close', 1, 1],
    ]);
    expect((await get('agent', '/api/v1/staff/daily-cycle')).statusCode).toBe(404);
  });
});
