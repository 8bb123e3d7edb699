import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, customers, users } from '../db/schema.ts';
import { latestMail } from '../services/mail.ts';
import { loanContract } from '../test-support/contracts.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, postLogin, SESSION_COOKIE, signIn, TEST_PASSWORD } from '../test-support/users.ts';

let t: TestApp;
const session: Record<string, string> = {};
let anaCustomerId = '';

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/contracts',
    headers: { authorization: `Bearer ${key}` },
    payload: loanContract() as object,
  });
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'agent', { staff: true });
  await createUser(t, 'boss', { staff: true });
  await t.database.db.update(users).set({ staffRole: 'supervisor' }).where(eq(users.loginId, 'boss'));
  for (const u of ['ana', 'agent', 'boss']) session[u] = await signIn(t, u);
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

describe('support console', () => {
  it('finds a customer by contract number, name, email or phone, with contact details masked', async () => {
    for (const q of ['RIC-000001', 'ana diaz', 'ana.diaz@', '555-0123']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/staff/customers?q=${encodeURIComponent(q)}`,
        ...as('agent'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().customers).toEqual([
        expect.objectContaining({
          name: 'Ana Diaz',
          email: 'a•••••••@example.com',
          phone: '•••-•••-0123',
          state: 'PA',
        }),
      ]);
    }
  });

  it('verifies a caller without showing the identity data', async () => {
    const verify = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/customers/${anaCustomerId}/verify`,
        payload: body,
        ...as('agent'),
      });
    const right = await verify({ dateOfBirth: '1985-03-02', taxIdLast4: '0123', zip: '19103' });
    expect(right.json()).toEqual({
      verified: true,
      checks: { taxIdLast4: true, zip: true, dateOfBirth: true },
    });
    const wrong = await verify({ dateOfBirth: '1985-03-03', taxIdLast4: '0123', zip: '19103' });
    expect(wrong.json().verified).toBe(false);
    expect(wrong.body).not.toContain('1985-03-02');
  });

  it('unlocks a locked customer, and the audit log shows who did it', async () => {
    for (let i = 0; i < 10; i++) {
      await postLogin(t, { userId: 'ana', password: `nope ${i}` });
    }
    const locked = await postLogin(t, { userId: 'ana', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/staff/users/ana/unlock', ...as('agent') }))
        .statusCode,
    ).toBe(204);
    const after = await postLogin(t, { userId: 'ana', password: TEST_PASSWORD });
    expect(after.statusCode).toBe(200);
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit', ...as('boss') });
    expect(log.json().events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'staff.unlock_user',
        'staff.verify_caller',
        'staff.customer_search',
        'user.lock',
      ]),
    );
  });

  it('is invisible to customers, and the audit log to agents', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/staff/customers?q=ana', ...as('ana') })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit', ...as('agent') })).statusCode,
    ).toBe(404);
    const [event] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'staff.customer_search'))
      .limit(1);
    expect(event?.actorType).toBe('staff');
  });
  // Last: it signs Ana out everywhere.
  it('sends a reset link the agent never sees, and resets a verified caller’s factors', async () => {
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/users/ana/password-reset',
      ...as('agent'),
    });
    expect(sent.statusCode).toBe(204);
    expect(sent.body).toBe('');
    const mail = await latestMail(t.database.db);
    expect(mail.find((m) => m.to === 'ana@example.com' && m.template === 'password-reset')).toBeTruthy();

    const anaSession = await signIn(t, 'ana');
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/users/ana/reset-factors',
      ...as('agent'),
    });
    expect(reset.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: anaSession } }))
        .statusCode,
    ).toBe(401);
    const [ana] = await t.database.db.select().from(users).where(eq(users.loginId, 'ana'));
    expect(ana?.totpSecretSealed).toBeNull();
    // With no factor left, the right password leads only to setting one up.
    const step = await postLogin(t, { userId: 'ana', password: TEST_PASSWORD });
    expect(step.json()).toEqual({ next: 'enrol' });
  });
});
