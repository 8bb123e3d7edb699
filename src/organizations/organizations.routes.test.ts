import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationRole } from '../core/policy.ts';
import { auditEvents, organizationMembers, users } from '../db/schema.ts';
import { latestMail } from '../notifications/mail.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addMember, businessParty, createOrganization } from '../test-support/organizations.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Keystone (two contracts) and Harbor (one), each an organization; Keystone has a member in every
// role. Nobody outside an organization learns it exists: every refusal is the same 404.
let t: TestApp;
let keystone = '';
let harbor = '';
const userIds: Record<string, string> = {};
const sessions: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const ks = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
  await boardContract(t, key, loanContract({ contractNumber: 'FL-0001', parties: [ks] }));
  await boardContract(t, key, loanContract({ contractNumber: 'FL-0002', parties: [ks] }));
  await boardContract(
    t,
    key,
    loanContract({ contractNumber: 'HC-0001', parties: [businessParty('BIZ-HARBOR', 'Harbor Courier Co.')] }),
  );
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  const people: [string, string, OrganizationRole][] = [
    ['ks.admin', keystone, 'admin'],
    ['ks.manager', keystone, 'manager'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ];
  for (const [login, org, role] of people) {
    userIds[login] = await createUser(t, login);
    await addMember(t, org, userIds[login]!, role);
  }
  userIds.outsider = await createUser(t, 'outsider');
  for (const login of Object.keys(userIds)) sessions[login] = await signIn(t, login);
}, 120_000);
afterAll(() => t.close());

const as = (login: string) => ({
  headers: csrf.headers,
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const get = (login: string, url: string) => t.app.inject({ method: 'GET', url, ...as(login) });
const send = (login: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(login) });
const publicPost = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: csrf.headers, cookies: csrf.cookies });

const tokenFromMail = async (to: string) => {
  const [mail] = await latestMail(t.database.db, 1, to);
  const match = /invitation\?token=([\w-]+)/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no invitation mailed to ${to}`);
  return match[1]!;
};

describe('GET /api/v1/organizations', () => {
  it('lists the organizations a person acts for, with the role and its rights', async () => {
    const res = await get('ks.manager', '/api/v1/organizations');
    expect(res.statusCode).toBe(200);
    expect(res.json().organizations).toEqual([
      {
        id: keystone,
        name: 'Keystone Logistics LLC',
        role: 'manager',
        actions: [
          'organization.view',
          'organization.view_finances',
          'organization.pay',
          'organization.manage_fleet',
          'organization.report_odometer',
        ],
      },
    ]);
    expect((await get('outsider', '/api/v1/organizations')).json().organizations).toEqual([]);
  });

  it('answers one organization to its members and 404 to everyone else, whatever the id', async () => {
    const mine = await get('ks.driver', `/api/v1/organizations/${keystone}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ name: 'Keystone Logistics LLC', role: 'driver', contractCount: 2 });
    for (const [login, id] of [
      ['ks.admin', harbor],
      ['hc.admin', keystone],
      ['outsider', keystone],
      ['ks.admin', randomUUID()],
    ] as const) {
      const res = await get(login, `/api/v1/organizations/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('ORGANIZATIONS.NOT_FOUND');
    }
  });
});

describe('the business’s contracts through the membership', () => {
  it.each([
    ['ks.admin', 'FL-0001', 200],
    ['ks.manager', 'FL-0002', 200],
    ['ks.viewer', 'FL-0001', 200],
    // A driver sees their vehicle through the fleet pages, never the contract's finances.
    ['ks.driver', 'FL-0001', 404],
    ['ks.admin', 'HC-0001', 404],
    ['hc.admin', 'FL-0001', 404],
    ['outsider', 'FL-0001', 404],
  ])('%s opening %s gets %i', async (login, contractNumber, status) => {
    expect((await get(login, `/api/v1/accounts/${contractNumber}`)).statusCode).toBe(status);
  });
});

describe('members', () => {
  it('are listed for admins only; others get 404', async () => {
    const res = await get('ks.admin', `/api/v1/organizations/${keystone}/members`);
    expect(res.statusCode).toBe(200);
    expect(res.json().members.map((m: { loginId: string; role: string }) => [m.loginId, m.role])).toEqual([
      ['ks.admin', 'admin'],
      ['ks.driver', 'driver'],
      ['ks.manager', 'manager'],
      ['ks.viewer', 'viewer'],
    ]);
    for (const login of ['ks.manager', 'ks.viewer', 'ks.driver', 'hc.admin', 'outsider']) {
      expect((await get(login, `/api/v1/organizations/${keystone}/members`)).statusCode).toBe(404);
    }
  });

  it('refuses a role that does not exist and an invitation to a member’s address, writing nothing', async () => {
    const url = `/api/v1/organizations/${keystone}/invitations`;
    const badRole = await send('ks.admin', 'POST', url, { email: 'new@example.com', role: 'owner' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.fields).toHaveProperty('role');
    const member = await send('ks.admin', 'POST', url, { email: 'KS.MANAGER@example.com', role: 'viewer' });
    expect(member.statusCode).toBe(409);
    expect(member.json().error).toMatchObject({
      code: 'ORGANIZATIONS.ALREADY_MEMBER',
      fields: { email: expect.any(String) },
    });
    expect((await latestMail(t.database.db, 5, 'new@example.com')).length).toBe(0);
    // A manager may not invite; to them the route does not exist.
    expect(
      (await send('ks.manager', 'POST', url, { email: 'x@example.com', role: 'viewer' })).statusCode,
    ).toBe(404);
  });

  it('invites by email; the new person chooses a login and joins in the role, once', async () => {
    const url = `/api/v1/organizations/${keystone}/invitations`;
    const first = await send('ks.admin', 'POST', url, { email: 'lena@example.com', role: 'viewer' });
    expect(first.statusCode).toBe(201);
    const stale = await tokenFromMail('lena@example.com');
    // Inviting again replaces the open invitation: the first link stops working.
    expect(
      (await send('ks.admin', 'POST', url, { email: 'lena@example.com', role: 'manager' })).statusCode,
    ).toBe(201);
    const token = await tokenFromMail('lena@example.com');
    expect(token).not.toBe(stale);
    const open = (await get('ks.admin', `/api/v1/organizations/${keystone}/members`)).json().invitations;
    expect(open).toMatchObject([{ email: 'lena@example.com', role: 'manager' }]);

    expect((await publicPost('/api/v1/organization-invitations/describe', { token: stale })).statusCode).toBe(
      400,
    );
    const described = await publicPost('/api/v1/organization-invitations/describe', { token });
    expect(described.json()).toMatchObject({ organizationName: 'Keystone Logistics LLC', role: 'manager' });
    expect(described.json().email).not.toBe('lena@example.com');

    const join = {
      token,
      displayName: 'Lena Park',
      userId: 'lena.park',
      password: 'copper kettle under the bridge 42',
    };
    const joined = await publicPost('/api/v1/organization-invitations/join', join);
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toEqual({ next: 'enrol' });
    const [lena] = await t.database.db.select().from(users).where(eq(users.loginId, 'lena.park'));
    expect(lena).toMatchObject({ email: 'lena@example.com', customerId: null, kind: 'customer' });
    const [membership] = await t.database.db
      .select()
      .from(organizationMembers)
      .where(eq(organizationMembers.userId, lena!.id));
    expect(membership).toMatchObject({
      organizationId: keystone,
      role: 'manager',
      addedBy: userIds['ks.admin'],
    });
    // The link is spent.
    const again = await publicPost('/api/v1/organization-invitations/join', { ...join, userId: 'lena.two' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('ORGANIZATIONS.INVALID_INVITATION');
  });

  it('lets a signed-in person accept an invitation to their own address only', async () => {
    const url = `/api/v1/organizations/${harbor}/invitations`;
    await send('hc.admin', 'POST', url, { email: 'outsider@example.com', role: 'viewer' });
    const token = await tokenFromMail('outsider@example.com');
    const wrong = await send('ks.viewer', 'POST', '/api/v1/organization-invitations/accept', { token });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('ORGANIZATIONS.OTHER_ADDRESS');
    const accepted = await send('outsider', 'POST', '/api/v1/organization-invitations/accept', { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ organizationId: harbor, role: 'viewer' });
    // Their very next request sees the organization.
    expect((await get('outsider', `/api/v1/organizations/${harbor}`)).statusCode).toBe(200);
  });

  it('keeps one admin at least; a role change holds from the next request', async () => {
    const admin = userIds['ks.admin']!;
    const demote = await send('ks.admin', 'PATCH', `/api/v1/organizations/${keystone}/members/${admin}`, {
      role: 'viewer',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('ORGANIZATIONS.LAST_ADMIN');
    expect(
      (await send('ks.admin', 'DELETE', `/api/v1/organizations/${keystone}/members/${admin}`)).statusCode,
    ).toBe(409);

    const viewer = userIds['ks.viewer']!;
    expect((await get('ks.viewer', `/api/v1/organizations/${keystone}/members`)).statusCode).toBe(404);
    const promote = await send('ks.admin', 'PATCH', `/api/v1/organizations/${keystone}/members/${viewer}`, {
      role: 'admin',
    });
    expect(promote.statusCode).toBe(204);
    // Same session, next request: the new role's rights.
    expect((await get('ks.viewer', `/api/v1/organizations/${keystone}/members`)).statusCode).toBe(200);
    // With two admins, one may step down.
    expect(
      (
        await send('ks.viewer', 'PATCH', `/api/v1/organizations/${keystone}/members/${viewer}`, {
          role: 'viewer',
        })
      ).statusCode,
    ).toBe(204);
  });

  it('removes a member, who loses the organization and its contracts on the next request', async () => {
    expect((await get('ks.manager', '/api/v1/accounts/FL-0001')).statusCode).toBe(200);
    const manager = userIds['ks.manager']!;
    expect(
      (await send('ks.admin', 'DELETE', `/api/v1/organizations/${keystone}/members/${manager}`)).statusCode,
    ).toBe(204);
    expect((await get('ks.manager', `/api/v1/organizations/${keystone}`)).statusCode).toBe(404);
    expect((await get('ks.manager', '/api/v1/accounts/FL-0001')).statusCode).toBe(404);
    // Another organization's admin cannot remove Keystone's members: the organization is not theirs.
    const driver = userIds['ks.driver']!;
    expect(
      (await send('hc.admin', 'DELETE', `/api/v1/organizations/${keystone}/members/${driver}`)).statusCode,
    ).toBe(404);
    expect(
      (await send('ks.admin', 'DELETE', `/api/v1/organizations/${harbor}/members/${userIds['hc.admin']}`))
        .statusCode,
    ).toBe(404);
  });

  it('audits every change with who made it', async () => {
    const events = await t.database.db
      .select({ action: auditEvents.action, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'organization'), eq(auditEvents.resourceId, keystone)));
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'organization.invite',
        'organization.join',
        'organization.member_role',
        'organization.member_remove',
      ]),
    );
    expect(events.find((e) => e.action === 'organization.member_remove')?.actorId).toBe(userIds['ks.admin']);
  });
});
