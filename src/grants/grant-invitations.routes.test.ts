import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, contractGrantInvitations, contractGrants, users } from '../db/schema.ts';
import { totpFor } from '../identity/sign-in.ts';
import { latestMail } from '../notifications/mail.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana holds loan RIC-000001 (a 2026 Honda Accord, maturing 2031-01-10) and Bo lease LSE-000001.
// Ana invites people who are not on the contract; some have no login yet and join from the link.
let t: TestApp;
const clock = movableClock(calendarDate('2026-11-20'));
const LOAN = 'RIC-000001';
const LEASE = 'LSE-000001';
const userIds: Record<string, string> = {};
const sessions: Record<string, string> = {};
const STRONG = 'copper kettle under the bridge 42';
/** Nora's invitation (view and pay until 2027-06-30): described first, then joined. */
let nora = { id: '', token: '' };

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  const key = await boardingKey(t.database);
  await boardContract(t, key, loanContract());
  await boardContract(t, key, leaseContract());
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.bo = await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const login of ['vera', 'pat', 'quentin']) userIds[login] = await createUser(t, login);
  for (const login of Object.keys(userIds)) sessions[login] = await signIn(t, login);
}, 120_000);
afterAll(() => t.close());

const as = (login: string) => ({
  headers: csrf.headers,
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const send = (login: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(login) });
const get = (login: string, url: string) => send(login, 'GET', url);
const publicPost = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: csrf.headers, cookies: csrf.cookies });

const tokenFromMail = async (to: string) => {
  const [mail] = await latestMail(t.database.db, 1, to);
  const match = /grant-invitation\?token=([\w-]+)/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no grant invitation mailed to ${to}`);
  return match[1]!;
};

/** `holder` invites the address; answers the grant's id and the mailed token. */
async function invite(
  email: string,
  permission: 'view' | 'view_and_pay',
  options: { endsOn?: string; holder?: string; contractNumber?: string } = {},
) {
  const res = await send(
    options.holder ?? 'ana',
    'POST',
    `/api/v1/accounts/${options.contractNumber ?? LOAN}/grants`,
    { name: `Person ${email}`, email, permission, ...(options.endsOn ? { endsOn: options.endsOn } : {}) },
  );
  if (res.statusCode !== 201) throw new Error(`invite failed: ${res.body}`);
  return { id: res.json().id as string, token: await tokenFromMail(email) };
}

const describeIt = (token: string) => publicPost('/api/v1/grant-invitations/describe', { token });
// Each join from its own address: the form's throttle (a challenge after 3 tries an hour) is not what is tested here.
let addresses = 0;
const join = (token: string, userId: string, extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/grant-invitations/join',
    payload: { token, displayName: 'Nora Quinn', userId, password: STRONG, ...extra },
    headers: csrf.headers,
    cookies: csrf.cookies,
    remoteAddress: `10.0.0.${++addresses}`,
  });

/** The enrolling session of a join, through to an active one (a TOTP factor set up). */
async function enrol(enrolling: string) {
  const post = (url: string, payload: object, session: string) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: csrf.headers,
      cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
    });
  const started = await post('/api/v1/security/totp', {}, enrolling);
  expect(started.statusCode).toBe(200);
  const code = totpFor(started.json().secret).generate({ timestamp: clock.now().getTime() });
  const confirmed = await post('/api/v1/security/totp/confirm', { code }, enrolling);
  expect(confirmed.statusCode).toBe(200);
  return confirmed.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
}

const INVALID = 'GRANTS.INVALID_INVITATION';

describe('POST /api/v1/grant-invitations/describe', () => {
  it('says who invited, what and until when, the vehicle, and the address masked', async () => {
    nora = await invite('nora@example.com', 'view_and_pay', { endsOn: '2027-06-30' });
    const { token } = nora;
    const described = await describeIt(token);
    expect(described.statusCode).toBe(200);
    expect(described.json()).toEqual({
      grantedBy: 'User ana',
      permission: 'view_and_pay',
      endsOn: '2027-06-30',
      email: 'n•••@example.com',
      expiresAt: expect.any(String),
      vehicle: '2026 Honda Accord',
    });
    const expiresIn = Date.parse(described.json().expiresAt) - clock.now().getTime();
    expect(Math.abs(expiresIn - 7 * 24 * 60 * 60_000)).toBeLessThan(60_000);
    // Describing spends nothing.
    expect((await describeIt(token)).statusCode).toBe(200);
  });

  it('answers 400 GRANTS.INVALID_INVITATION for an unknown, withdrawn or expired link, and a missing token', async () => {
    const unknown = await describeIt('not-a-token');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: INVALID, fields: { token: expect.any(String) } });

    const withdrawn = await invite('wanda@example.com', 'view');
    expect((await send('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${withdrawn.id}`)).statusCode).toBe(
      204,
    );
    expect((await describeIt(withdrawn.token)).json().error.code).toBe(INVALID);

    const stale = await invite('stale@example.com', 'view');
    await t.database.db
      .update(contractGrantInvitations)
      .set({ expiresAt: new Date(clock.now().getTime() - 1) })
      .where(eq(contractGrantInvitations.grantId, stale.id));
    expect((await describeIt(stale.token)).statusCode).toBe(400);
    expect((await join(stale.token, 'stale.person')).json().error.code).toBe(INVALID);
    expect(await t.database.db.select().from(users).where(eq(users.loginId, 'stale.person'))).toEqual([]);

    const missing = await publicPost('/api/v1/grant-invitations/describe', {});
    expect(missing.statusCode).toBe(400);
  });
});

describe('POST /api/v1/grant-invitations/join', () => {
  it('creates the login at the invited address, starts the grant, audited; a second factor comes first', async () => {
    const { id, token } = nora;
    const joined = await join(token, 'nora.quinn');
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toEqual({ next: 'enrol' });
    const enrolling = joined.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(enrolling).toMatchObject({ httpOnly: true, secure: true });

    const [login] = await t.database.db.select().from(users).where(eq(users.loginId, 'nora.quinn'));
    expect(login).toMatchObject({
      email: 'nora@example.com',
      displayName: 'Nora Quinn',
      customerId: null,
      kind: 'customer',
    });
    const [grant] = await t.database.db.select().from(contractGrants).where(eq(contractGrants.id, id));
    expect(grant).toMatchObject({ status: 'active', granteeId: login!.id });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'grant.accepted'), eq(auditEvents.resourceId, id)));
    expect(audit).toMatchObject({ actorType: 'user', actorId: login!.id });
    expect(audit?.details).toMatchObject({ newLogin: true, permission: grant!.permission });

    // Before a second factor the session reaches nothing but its set-up: not the account.
    const early = (url: string) =>
      t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: enrolling.value } });
    expect((await early('/api/v1/me')).statusCode).toBe(401);
    expect((await early(`/api/v1/accounts/${LOAN}`)).statusCode).toBe(401);
    expect((await early('/api/v1/accounts')).statusCode).toBe(401);

    sessions.nora = await enrol(enrolling.value);
    expect((await get('nora', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    expect((await get('nora', '/api/v1/grants')).json().grants).toEqual([
      expect.objectContaining({ id, contractNumber: LOAN, state: 'active', grantedBy: 'User ana' }),
    ]);

    // The link is spent: a second join and a describe are refused, and no second login exists.
    const again = await join(token, 'nora.two');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe(INVALID);
    expect((await describeIt(token)).statusCode).toBe(400);
    expect(await t.database.db.select().from(users).where(eq(users.loginId, 'nora.two'))).toEqual([]);
  });

  it('refuses wrong fields with their field errors, and spends nothing', async () => {
    const { id, token } = await invite('omar@example.com', 'view');
    const weak = await join(token, 'omar.one', { password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ fields: { password: expect.any(String) } });
    const taken = await join(token, 'Quentin');
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({
      code: 'REGISTRATION.USER_ID_TAKEN',
      fields: { userId: expect.any(String) },
    });
    const noName = await join(token, 'omar.one', { displayName: '   ' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.fields).toHaveProperty('displayName');
    const extra = await join(token, 'omar.one', { email: 'other@example.com' });
    expect(extra.statusCode).toBe(400);
    const [grant] = await t.database.db.select().from(contractGrants).where(eq(contractGrants.id, id));
    expect(grant).toMatchObject({ status: 'invited', granteeId: null });
    expect(await t.database.db.select().from(users).where(eq(users.loginId, 'omar.one'))).toEqual([]);
    // The right fields then work.
    expect((await join(token, 'omar.one')).statusCode).toBe(200);
  });

  it('keeps POST /api/v1/grants/accept for a signed-in login at the address', async () => {
    const { token } = await invite('vera@example.com', 'view', { endsOn: '2027-01-31' });
    const accepted = await send('vera', 'POST', '/api/v1/grants/accept', { token });
    expect(accepted.statusCode).toBe(201);
    expect((await join(token, 'vera.two')).json().error.code).toBe(INVALID);
  });
});

describe('GET /api/v1/accounts for a grantee', () => {
  it('lists the contracts held by grant beside the own ones, with the grant; view and view_and_pay alike', async () => {
    const vera = (await get('vera', '/api/v1/accounts')).json().accounts;
    expect(vera).toEqual([
      expect.objectContaining({
        contractNumber: LOAN,
        role: 'grantee',
        grant: {
          id: expect.any(String),
          permission: 'view',
          grantedBy: 'User ana',
          endsOn: '2027-01-31',
        },
        vehicle: expect.objectContaining({ make: 'Honda', model: 'Accord' }),
        autopay: null,
      }),
    ]);
    // Nora has no customer record and sees the account she was given to view and pay.
    const noras = (await get('nora', '/api/v1/accounts')).json().accounts;
    expect(noras).toEqual([
      expect.objectContaining({
        contractNumber: LOAN,
        role: 'grantee',
        grant: { id: nora.id, permission: 'view_and_pay', grantedBy: 'User ana', endsOn: '2027-06-30' },
      }),
    ]);
    // Bo, a party of his own lease, is given Ana's loan too: his own with `grant: null`.
    const { token } = await invite('bo@example.com', 'view');
    expect((await send('bo', 'POST', '/api/v1/grants/accept', { token })).statusCode).toBe(201);
    const bo = (await get('bo', '/api/v1/accounts')).json().accounts;
    expect(
      bo.map((a: { contractNumber: string; role: string; grant: unknown }) => [a.contractNumber, a.role]),
    ).toEqual([
      [LEASE, 'primary'],
      [LOAN, 'grantee'],
    ]);
    expect(bo[0].grant).toBeNull();
    // Ana's own list is unchanged: her loan, as its primary.
    expect((await get('ana', '/api/v1/accounts')).json().accounts).toEqual([
      expect.objectContaining({ contractNumber: LOAN, role: 'primary', grant: null }),
    ]);
  });

  it('drops an ended grant on the very next request, in the session already open', async () => {
    const [grant] = (await get('vera', '/api/v1/grants')).json().grants;
    expect((await send('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${grant.id}`)).statusCode).toBe(204);
    expect((await get('vera', '/api/v1/accounts')).json().accounts).toEqual([]);
    expect((await get('vera', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(404);
  });

  it('drops a grant whose end date has passed', async () => {
    const { token } = await invite('pat@example.com', 'view', { endsOn: '2026-11-20' });
    expect((await send('pat', 'POST', '/api/v1/grants/accept', { token })).statusCode).toBe(201);
    expect((await get('pat', '/api/v1/accounts')).json().accounts).toHaveLength(1);
    clock.moveTo(calendarDate('2026-11-21'));
    try {
      expect((await get('pat', '/api/v1/accounts')).json().accounts).toEqual([]);
    } finally {
      clock.moveTo(calendarDate('2026-11-20'));
    }
  });
});

describe('the statements grant reads cost', () => {
  /** The statements one request sends, and its answer. */
  const counted = async (login: string, url: string) => {
    const counter = countQueries(t.database.db);
    try {
      const res = await get(login, url);
      return { res, queries: counter.statements.length };
    } finally {
      counter.stop();
    }
  };

  it('reads the session, its memberships and grants in one statement', async () => {
    // GET /api/v1/me reads nothing but the session; a first call moves the idle deadline if due.
    for (const login of ['nora', 'ana']) await get(login, '/api/v1/me');
    const me = await counted('nora', '/api/v1/me');
    expect(me.res.statusCode).toBe(200);
    expect(me.queries).toBe(1);
    expect((await counted('ana', '/api/v1/me')).queries).toBe(1);
  });

  it('lists 1 and 5 grants of an account, and of a grantee, with the same statements', async () => {
    // Bo's lease: one grant first, then five.
    await invite('g1@example.com', 'view', { holder: 'bo', contractNumber: LEASE });
    const one = await counted('bo', `/api/v1/accounts/${LEASE}/grants`);
    expect(one.res.json().grants).toHaveLength(1);
    for (const n of [2, 3, 4, 5])
      await invite(`g${n}@example.com`, 'view', { holder: 'bo', contractNumber: LEASE });
    const five = await counted('bo', `/api/v1/accounts/${LEASE}/grants`);
    expect(five.res.json().grants).toHaveLength(5);
    expect(five.queries).toBe(one.queries);

    // Pat holds one grant (live again now the date is back), then four more Ana gave and took back.
    const single = await counted('pat', '/api/v1/grants');
    expect(single.res.json().grants).toHaveLength(1);
    const [first] = single.res.json().grants;
    expect((await send('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${first.id}`)).statusCode).toBe(204);
    for (let i = 0; i < 4; i++) {
      const again = await invite('pat@example.com', 'view');
      expect((await send('pat', 'POST', '/api/v1/grants/accept', { token: again.token })).statusCode).toBe(
        201,
      );
      expect((await send('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${again.id}`)).statusCode).toBe(
        204,
      );
    }
    const several = await counted('pat', '/api/v1/grants');
    expect(several.res.json().grants).toHaveLength(5);
    expect(several.queries).toBe(single.queries);

    // The dashboard list with one live grant, then two: the same statements.
    const loan = await invite('pat@example.com', 'view_and_pay');
    await send('pat', 'POST', '/api/v1/grants/accept', { token: loan.token });
    const oneAccount = await counted('pat', '/api/v1/accounts');
    expect(oneAccount.res.json().accounts).toHaveLength(1);
    const lease = await invite('pat@example.com', 'view', { holder: 'bo', contractNumber: LEASE });
    await send('pat', 'POST', '/api/v1/grants/accept', { token: lease.token });
    const twoAccounts = await counted('pat', '/api/v1/accounts');
    expect(twoAccounts.res.json().accounts.map((a: { role: string }) => a.role)).toEqual([
      'grantee',
      'grantee',
    ]);
    expect(twoAccounts.queries).toBe(oneAccount.queries);
  });
});
