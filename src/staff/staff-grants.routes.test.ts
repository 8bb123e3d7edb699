import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { accountNotices, auditEvents, contractGrants, users } from '../db/schema.ts';
import { latestMail } from '../notifications/mail.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana holds loan RIC-000001 and gives Vera (view and pay) and Pat (view) access; Bo holds lease
// LSE-000001. Staff see the loan's grants and end Vera's on a fraud report.
let t: TestApp;
const clock = movableClock(calendarDate('2026-11-20'));
const LOAN = 'RIC-000001';
const LEASE = 'LSE-000001';
const ids: Record<string, string> = {};
const sessions: Record<string, string> = {};
const grants: Record<string, string> = {};

const as = (login: string) => ({
  headers: csrf.headers,
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const send = (login: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(login) });
const get = (login: string, url: string) => send(login, 'GET', url);

async function grantTo(login: string, permission: 'view' | 'view_and_pay') {
  const invited = await send('ana', 'POST', `/api/v1/accounts/${LOAN}/grants`, {
    name: `Person ${login}`,
    email: `${login}@example.com`,
    permission,
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const [mail] = await latestMail(t.database.db, 1, `${login}@example.com`);
  const token = /grant-invitation\?token=([\w-]+)/.exec(mail?.text ?? '')![1]!;
  const accepted = await send(login, 'POST', '/api/v1/grants/accept', { token });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
  return invited.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  const key = await boardingKey(t.database);
  await boardContract(t, key, loanContract());
  await boardContract(t, key, leaseContract());
  ids.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  ids.bo = await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const login of ['vera', 'pat']) ids[login] = await createUser(t, login);
  ids.agent = await createUser(t, 'agent', { staff: true });
  ids.boss = await createUser(t, 'boss', { staff: true });
  await t.database.db.update(users).set({ staffRole: 'supervisor' }).where(eq(users.id, ids.boss!));
  for (const login of Object.keys(ids)) sessions[login] = await signIn(t, login);
  grants.vera = await grantTo('vera', 'view_and_pay');
  grants.pat = await grantTo('pat', 'view');
  const invited = await send('ana', 'POST', `/api/v1/accounts/${LOAN}/grants`, {
    name: 'Olga Open',
    email: 'olga@example.com',
    permission: 'view',
  });
  grants.olga = invited.json().id;
}, 120_000);
afterAll(() => t.close());

const listUrl = (contractNumber = LOAN) => `/api/v1/staff/contracts/${contractNumber}/grants`;
const endUrl = (grantId: string, contractNumber = LOAN) =>
  `/api/v1/staff/contracts/${contractNumber}/grants/${grantId}/end`;

describe('GET /api/v1/staff/contracts/{contractNumber}/grants', () => {
  it('shows staff every grant with its state, addresses masked; the look is audited', async () => {
    const res = await get('agent', listUrl());
    expect(res.statusCode).toBe(200);
    const list = res.json().grants;
    expect(list).toHaveLength(3);
    expect(list.find((g: { id: string }) => g.id === grants.vera)).toEqual({
      id: grants.vera,
      name: 'Person vera',
      email: 'v•••@example.com',
      permission: 'view_and_pay',
      endsOn: null,
      state: 'active',
      createdAt: expect.any(String),
      acceptedAt: expect.any(String),
      invitationExpiresAt: null,
      grantedBy: 'User ana',
      endedAt: null,
      endedByStaff: false,
      endReason: null,
    });
    expect(list.find((g: { id: string }) => g.id === grants.olga)).toMatchObject({
      state: 'invited',
      acceptedAt: null,
      invitationExpiresAt: expect.any(String),
    });
    const [look] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff.contract_grants_view'), eq(auditEvents.actorId, ids.agent!)));
    expect(look).toMatchObject({ actorType: 'staff', details: { contractNumber: LOAN, grants: 3 } });
    // A contract with none, and one that does not exist.
    expect((await get('boss', listUrl(LEASE))).json()).toEqual({ grants: [] });
    const missing = await get('agent', listUrl('RIC-999999'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ACCOUNTS.NOT_FOUND');
  });

  it('does not exist for customers, the holder and the grantee included', async () => {
    for (const login of ['ana', 'vera', 'bo']) {
      const res = await get(login, listUrl());
      expect([login, res.statusCode, res.json().error.code]).toEqual([login, 404, 'NOT_FOUND']);
      const end = await send(login, 'POST', endUrl(grants.pat!), { reason: 'I say so' });
      expect([login, end.statusCode]).toEqual([login, 404]);
    }
    const [pat] = await t.database.db.select().from(contractGrants).where(eq(contractGrants.id, grants.pat!));
    expect(pat?.status).toBe('active');
  });

  it('reads 1 and 3 grants with the same statements', async () => {
    const counted = async (url: string) => {
      const counter = countQueries(t.database.db);
      try {
        const res = await get('agent', url);
        return { n: res.json().grants.length, queries: counter.statements.length };
      } finally {
        counter.stop();
      }
    };
    const lease = await send('bo', 'POST', `/api/v1/accounts/${LEASE}/grants`, {
      name: 'Lee',
      email: 'lee@example.com',
      permission: 'view',
    });
    expect(lease.statusCode).toBe(201);
    const one = await counted(listUrl(LEASE));
    const three = await counted(listUrl());
    expect([one.n, three.n]).toEqual([1, 3]);
    expect(three.queries).toBe(one.queries);
  });
});

describe('POST /api/v1/staff/contracts/{contractNumber}/grants/{grantId}/end', () => {
  it('requires a reason of 3 to 500 characters, with the field named', async () => {
    for (const body of [{}, { reason: 'no' }, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
      const res = await send('agent', 'POST', endUrl(grants.vera!), body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toHaveProperty('reason');
    }
    const [vera] = await t.database.db
      .select()
      .from(contractGrants)
      .where(eq(contractGrants.id, grants.vera!));
    expect(vera?.status).toBe('active');
  });

  it('ends a grant at once: audited with the reason and the staff member, the holders told; the grantee’s next request is refused', async () => {
    // Vera's session is open and reaches the account.
    expect((await get('vera', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    const reason = 'Fraud report from the holder by phone, ticket 4411';
    const ended = await send('agent', 'POST', endUrl(grants.vera!), { reason });
    expect(ended.statusCode).toBe(204);

    const account = await get('vera', `/api/v1/accounts/${LOAN}`);
    expect(account.statusCode).toBe(404);
    expect(account.json().error.code).toBe('ACCOUNTS.NOT_FOUND');
    expect((await get('vera', '/api/v1/accounts')).json().accounts).toEqual([]);
    expect((await get('vera', '/api/v1/grants')).json().grants).toEqual([
      expect.objectContaining({ id: grants.vera, state: 'revoked' }),
    ]);
    // Pat's grant is untouched.
    expect((await get('pat', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);

    const [row] = await t.database.db
      .select()
      .from(contractGrants)
      .where(eq(contractGrants.id, grants.vera!));
    expect(row).toMatchObject({ status: 'revoked', endedBy: ids.agent });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'grant.ended_by_staff'), eq(auditEvents.resourceId, grants.vera!)));
    expect(audit).toMatchObject({
      actorType: 'staff',
      actorId: ids.agent,
      resourceType: 'contract_grant',
      details: { reason, from: 'active', granteeId: ids.vera },
    });
    const notices = await t.database.db
      .select({ details: accountNotices.details })
      .from(accountNotices)
      .where(eq(accountNotices.kind, 'grant_changed'));
    expect(notices.map((n) => n.details)).toContainEqual({ change: 'revoked', name: 'Person vera' });
    const holders = (await get('ana', '/api/v1/notices')).json().notices;
    expect(holders).toContainEqual(
      expect.objectContaining({ kind: 'grant_changed', details: { change: 'revoked', name: 'Person vera' } }),
    );

    // The console shows who ended it and why; ending it again is a conflict.
    const list = (await get('boss', listUrl())).json().grants;
    expect(list.find((g: { id: string }) => g.id === grants.vera)).toMatchObject({
      state: 'revoked',
      endedAt: expect.any(String),
      endedByStaff: true,
      endReason: reason,
    });
    const again = await send('boss', 'POST', endUrl(grants.vera!), { reason });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('GRANTS.ENDED');
  });

  it('withdraws an open invitation too, and answers 404 for a grant of another contract', async () => {
    const other = await send('agent', 'POST', endUrl(grants.olga!, LEASE), { reason: 'Wrong contract' });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('GRANTS.NOT_FOUND');
    const res = await send('boss', 'POST', endUrl(grants.olga!), { reason: 'The holder did not send it' });
    expect(res.statusCode).toBe(204);
    const [olga] = await t.database.db
      .select()
      .from(contractGrants)
      .where(eq(contractGrants.id, grants.olga!));
    expect(olga).toMatchObject({ status: 'revoked', granteeId: null, endedBy: ids.boss });
  });
});
