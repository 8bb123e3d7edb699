import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, contractGrantInvitations, contractGrants, contracts } from '../db/schema.ts';
import { latestMail } from '../notifications/mail.ts';
import { movableClock } from '../platform/business-date.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana holds loan RIC-000001 with James as co-signer; Bo holds lease LSE-000001. Ana gives access
// to people not on the contract: Vera, Pat and others, each with their own login. The loan
// matures on 2031-01-10; the business date is 2026-11-20.
let t: TestApp;
const clock = movableClock(calendarDate('2026-11-20'));
const TODAY = '2026-11-20';
const userIds: Record<string, string> = {};
const sessions: Record<string, string> = {};
const methods: Record<string, string> = {};
const LOAN = 'RIC-000001';
let keyCounter = 0;

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  const key = await boardingKey(t.database);
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
    email: 'james.diaz@example.com',
  };
  await boardContract(t, key, loanContract({ parties: [loanContract().parties[0], cosigner] }));
  await boardContract(t, key, leaseContract());
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.james = await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  userIds.bo = await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const login of ['vera', 'pat', 'lena', 'eve', 'max', 'otto'])
    userIds[login] = await createUser(t, login);
  for (const login of Object.keys(userIds)) sessions[login] = await signIn(t, login);
  methods.ana = await addTestBankAccount(t.database.db, userIds.ana!, clock.now());
  methods.pat = await addTestBankAccount(t.database.db, userIds.pat!, clock.now(), { holderName: 'Pat' });
}, 120_000);
afterAll(() => t.close());

const as = (login: string) => ({
  headers: { ...csrf.headers, 'idempotency-key': `grants-${++keyCounter}` },
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const request = (
  login: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => t.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(login) });
const get = (login: string, url: string) => request(login, 'GET', url);

const invite = (login: string, payload: object, contractNumber = LOAN) =>
  request(login, 'POST', `/api/v1/accounts/${contractNumber}/grants`, payload);

const tokenFromMail = async (to: string) => {
  const [mail] = await latestMail(t.database.db, 1, to);
  const match = /grant-invitation\?token=([\w-]+)/.exec(mail?.text ?? '');
  if (!match) throw new Error(`no grant invitation mailed to ${to}`);
  return match[1]!;
};

/** Ana invites `login` (at their login's address) and they accept; answers the grant's id. */
async function grantTo(login: string, permission: 'view' | 'view_and_pay', endsOn?: string) {
  const invited = await invite('ana', {
    name: `Person ${login}`,
    email: `${login}@example.com`,
    permission,
    ...(endsOn ? { endsOn } : {}),
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const token = await tokenFromMail(`${login}@example.com`);
  const accepted = await request(login, 'POST', '/api/v1/grants/accept', { token });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
  return invited.json().id as string;
}

const grantCount = async () => (await t.database.db.select().from(contractGrants)).length;

const denied = (res: { statusCode: number; json(): { error: { code: string } } }) =>
  res.statusCode === 404 && res.json().error.code === 'ACCOUNTS.NOT_FOUND';

describe('inviting and accepting', () => {
  it('mails a single-use link; the invitee accepts signed in at that address; both sides see the grant', async () => {
    const invited = await invite('ana', {
      name: 'Vera Lopez',
      email: 'vera@example.com',
      permission: 'view',
      endsOn: '2027-06-30',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({
      name: 'Vera Lopez',
      email: 'vera@example.com',
      permission: 'view',
      endsOn: '2027-06-30',
      state: 'invited',
      acceptedAt: null,
    });
    const [mail] = await latestMail(t.database.db, 1, 'vera@example.com');
    expect(mail?.subject).toBe(`User ana gave you access to account ${LOAN} on Autofin`);
    const token = await tokenFromMail('vera@example.com');
    const [stored] = await t.database.db
      .select({ tokenHash: contractGrantInvitations.tokenHash })
      .from(contractGrantInvitations)
      .where(eq(contractGrantInvitations.grantId, invited.json().id));
    expect(stored?.tokenHash).not.toContain(token);

    const accepted = await request('vera', 'POST', '/api/v1/grants/accept', { token });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toEqual({
      id: invited.json().id,
      contractNumber: LOAN,
      permission: 'view',
      endsOn: '2027-06-30',
    });
    const holders = (await get('ana', `/api/v1/accounts/${LOAN}/grants`)).json().grants;
    expect(holders).toContainEqual(
      expect.objectContaining({ id: invited.json().id, state: 'active', invitationExpiresAt: null }),
    );
    const held = (await get('vera', '/api/v1/grants')).json().grants;
    expect(held).toEqual([
      expect.objectContaining({
        id: invited.json().id,
        contractNumber: LOAN,
        grantedBy: 'User ana',
        permission: 'view',
        state: 'active',
      }),
    ]);
    expect((await get('vera', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);

    const audited = await t.database.db
      .select({ action: auditEvents.action, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, invited.json().id));
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'grant.invited', actorId: userIds.ana },
        { action: 'grant.accepted', actorId: userIds.vera },
      ]),
    );
    const notices = (await get('ana', '/api/v1/notices')).json().notices;
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'grant_changed',
          details: { change: 'invited', name: 'Vera Lopez' },
        }),
        expect.objectContaining({
          kind: 'grant_changed',
          details: { change: 'accepted', name: 'Vera Lopez' },
        }),
      ]),
    );
  });
});

describe('bad input changes nothing', () => {
  it.each<[string, object, number, string, string]>([
    ['oneself', { email: 'ana@example.com' }, 400, 'GRANTS.SELF', 'email'],
    ['a party’s login', { email: 'james@example.com' }, 409, 'GRANTS.PARTY', 'email'],
    ['a party’s address on file', { email: 'James.Diaz@example.com' }, 409, 'GRANTS.PARTY', 'email'],
    [
      'an address holding a live grant',
      { email: 'VERA@example.com' },
      409,
      'GRANTS.ALREADY_GRANTED',
      'email',
    ],
    ['an end date in the past', { endsOn: '2026-11-19' }, 400, 'GRANTS.END_IN_PAST', 'endsOn'],
    ['an end date after the maturity', { endsOn: '2031-01-11' }, 400, 'GRANTS.END_AFTER_MATURITY', 'endsOn'],
  ])('refuses inviting %s', async (_case, change, status, code, field) => {
    const before = await grantCount();
    const res = await invite('ana', {
      name: 'Someone',
      email: 'someone@example.com',
      permission: 'view',
      ...change,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(Object.keys(res.json().error.fields)).toEqual([field]);
    expect(await grantCount()).toBe(before);
  });

  it('takes an end date of today or on the maturity', async () => {
    for (const [login, endsOn] of [
      ['today', TODAY],
      ['maturity', '2031-01-10'],
    ] as const) {
      const res = await invite('ana', {
        name: login,
        email: `${login}@example.com`,
        permission: 'view',
        endsOn,
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('refuses a link accepted by another signed-in login, then a used one and an expired one', async () => {
    await invite('ana', { name: 'Lena', email: 'lena@example.com', permission: 'view' });
    const token = await tokenFromMail('lena@example.com');
    const other = await request('eve', 'POST', '/api/v1/grants/accept', { token });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('GRANTS.OTHER_ADDRESS');
    expect(other.json().error.fields).toEqual({ token: 'This invitation is for another email address.' });
    expect((await get('eve', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(404);
    expect((await get('eve', '/api/v1/grants')).json().grants).toEqual([]);

    expect((await request('lena', 'POST', '/api/v1/grants/accept', { token })).statusCode).toBe(201);
    const used = await request('lena', 'POST', '/api/v1/grants/accept', { token });
    expect(used.statusCode).toBe(400);
    expect(used.json().error.code).toBe('GRANTS.INVALID_INVITATION');

    const invited = await invite('ana', { name: 'Max', email: 'max@example.com', permission: 'view' });
    const stale = await tokenFromMail('max@example.com');
    // The link's seven days have passed.
    await t.database.db
      .update(contractGrantInvitations)
      .set({ expiresAt: new Date(clock.now().getTime() - 1) })
      .where(eq(contractGrantInvitations.grantId, invited.json().id));
    const expired = await request('max', 'POST', '/api/v1/grants/accept', { token: stale });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('GRANTS.INVALID_INVITATION');
    const [grant] = await t.database.db
      .select({ status: contractGrants.status, granteeId: contractGrants.granteeId })
      .from(contractGrants)
      .where(eq(contractGrants.id, invited.json().id));
    expect(grant).toEqual({ status: 'invited', granteeId: null });
    // A lapsed invitation no longer holds the address: Ana may invite Max again.
    expect(
      (await invite('ana', { name: 'Max', email: 'max@example.com', permission: 'view' })).statusCode,
    ).toBe(201);
  });
});

// Every account route about one contract, and whether each permission set reaches it.
type Route = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: () => object };
const ROUTES: [Route, { view: boolean; view_and_pay: boolean }][] = [
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/schedule` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/transactions` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/transactions?format=csv` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/statements` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/tax-statements` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/documents?contractNumber=${LOAN}` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/documents/contract-disclosure.pdf` },
    { view: true, view_and_pay: true },
  ],
  [
    {
      method: 'POST',
      url: `/api/v1/accounts/${LOAN}/payments/preview`,
      body: () => ({ amountCents: 10_000, paymentMethodId: methods.grantee }),
    },
    { view: false, view_and_pay: true },
  ],
  [
    {
      method: 'POST',
      url: `/api/v1/accounts/${LOAN}/payments`,
      body: () => ({ amountCents: 10_000, paymentMethodId: methods.grantee }),
    },
    { view: false, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/payoff` },
    { view: true, view_and_pay: true },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/payoff-letter.pdf` },
    { view: false, view_and_pay: false },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/vehicle` },
    { view: false, view_and_pay: false },
  ],
  [
    {
      method: 'POST',
      url: `/api/v1/accounts/${LOAN}/vehicle/odometer-readings`,
      body: () => ({ miles: 5_000 }),
    },
    { view: false, view_and_pay: false },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/autopay` },
    { view: false, view_and_pay: false },
  ],
  [
    {
      method: 'PUT',
      url: `/api/v1/accounts/${LOAN}/autopay`,
      body: () => ({ paymentMethodId: methods.grantee, authorizationVersion: '1' }),
    },
    { view: false, view_and_pay: false },
  ],
  [
    { method: 'DELETE', url: `/api/v1/accounts/${LOAN}/autopay` },
    { view: false, view_and_pay: false },
  ],
  [
    { method: 'GET', url: `/api/v1/accounts/${LOAN}/grants` },
    { view: false, view_and_pay: false },
  ],
  [
    {
      method: 'POST',
      url: `/api/v1/accounts/${LOAN}/grants`,
      body: () => ({ name: 'Friend', email: 'friend@example.com', permission: 'view' }),
    },
    { view: false, view_and_pay: false },
  ],
];

describe.each(['view', 'view_and_pay'] as const)('a %s grant', (permission) => {
  const grantee = permission === 'view' ? 'otto' : 'pat';
  beforeAll(async () => {
    await grantTo(grantee, permission);
    methods.grantee =
      methods[grantee] ?? (await addTestBankAccount(t.database.db, userIds[grantee]!, clock.now()));
  });

  it.each(ROUTES.map(([route, allowed]) => [route.method, route.url, allowed[permission], route] as const))(
    '%s %s: allowed %s',
    async (_method, url, allowed, route) => {
      const res = await request(grantee, route.method, url, route.body?.());
      if (allowed) expect(res.statusCode, res.body).toBeLessThan(300);
      else expect(denied(res), `${res.statusCode} ${res.body}`).toBe(true);
    },
  );

  it('reaches nothing on another contract', async () => {
    expect(denied(await get(grantee, '/api/v1/accounts/LSE-000001'))).toBe(true);
  });

  it('never shows or uses the holder’s payment methods, profile or notices', async () => {
    const own = (await get(grantee, '/api/v1/payment-methods')).json();
    expect(JSON.stringify(own)).not.toContain(methods.ana);
    const withHers = await request(grantee, 'POST', `/api/v1/accounts/${LOAN}/payments/preview`, {
      amountCents: 10_000,
      paymentMethodId: methods.ana,
    });
    expect(withHers.statusCode).toBe(404);
    expect(JSON.stringify((await get(grantee, '/api/v1/profile')).json())).not.toContain('Diaz');
    const before = (await get('ana', '/api/v1/profile')).json();
    await request(grantee, 'PATCH', '/api/v1/profile', { phones: { mobile: '+12155550199' } });
    expect((await get('ana', '/api/v1/profile')).json()).toEqual(before);
    expect((await get(grantee, '/api/v1/notices')).json().notices).toEqual([]);
  });
});

// Pat (view and pay) made a payment of $100.00 in the table above.
describe('a grantee’s payments', () => {
  it('shows the grantee their own payment and receipt, and the holder theirs, never the holder’s to them', async () => {
    const hers = await request('ana', 'POST', `/api/v1/accounts/${LOAN}/payments`, {
      amountCents: 12_300,
      paymentMethodId: methods.ana,
    });
    expect(hers.statusCode).toBe(201);
    const mine = (await get('pat', `/api/v1/payments?contractNumber=${LOAN}`)).json().payments;
    expect(mine.map((p: { amountCents: number }) => p.amountCents)).toEqual([10_000]);
    const holders = (await get('ana', `/api/v1/payments?contractNumber=${LOAN}`)).json().payments;
    expect(holders).toContainEqual(expect.objectContaining({ id: mine[0].id, madeByMe: false }));
    const documents = (await get('pat', `/api/v1/documents?contractNumber=${LOAN}`)).json().documents;
    const receipts = documents.filter((d: { kind: string }) => d.kind === 'payment_receipt');
    expect(receipts.map((d: { id: string }) => d.id)).toEqual([mine[0].id]);
    expect(documents.map((d: { kind: string }) => d.kind)).toContain('contract_disclosure');
    expect((await get('pat', `/api/v1/payments/${hers.json().id}/receipt.pdf`)).statusCode).toBe(404);
    expect((await get('pat', `/api/v1/payments/${mine[0].id}/receipt.pdf`)).statusCode).toBe(200);
  });
});

describe('a co-signer', () => {
  it('keeps the rights of the role and gets none over grants', async () => {
    for (const url of ['', '/vehicle', '/payoff', '/autopay', '/schedule']) {
      expect((await get('james', `/api/v1/accounts/${LOAN}${url}`)).statusCode).toBe(200);
    }
    const preview = await request('james', 'POST', `/api/v1/accounts/${LOAN}/payments/preview`, {
      amountCents: 10_000,
      paymentMethodId: methods.ana,
    });
    expect(preview.json().error?.code).toBe('PAYMENTS.METHOD_NOT_FOUND');
    expect(denied(await get('james', `/api/v1/accounts/${LOAN}/grants`))).toBe(true);
    const before = await grantCount();
    expect(
      denied(await invite('james', { name: 'Friend', email: 'friend@example.com', permission: 'view' })),
    ).toBe(true);
    expect(await grantCount()).toBe(before);
  });
});

describe('changes hold from the next request, in a session already open', () => {
  it('a permission change, a revocation', async () => {
    const id = await grantTo('bo', 'view');
    const pay = () =>
      request('bo', 'POST', `/api/v1/accounts/${LOAN}/payments/preview`, {
        amountCents: 10_000,
        paymentMethodId: methods.pat,
      });
    expect(denied(await pay())).toBe(true);
    const changed = await request('ana', 'PATCH', `/api/v1/accounts/${LOAN}/grants/${id}`, {
      permission: 'view_and_pay',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ permission: 'view_and_pay', state: 'active' });
    // Bo's own method is needed now; Pat's is not his: the contract is reachable, the method is not.
    expect((await pay()).json().error.code).toBe('PAYMENTS.METHOD_NOT_FOUND');
    // Bo is also the holder of his own lease: the grant adds to that, and ending it leaves the lease.
    expect((await request('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${id}`)).statusCode).toBe(204);
    expect(denied(await get('bo', `/api/v1/accounts/${LOAN}`))).toBe(true);
    expect((await get('bo', '/api/v1/accounts/LSE-000001')).statusCode).toBe(200);
    expect((await get('bo', '/api/v1/grants')).json().grants).toEqual([
      expect.objectContaining({ id, state: 'revoked' }),
    ]);
    const again = await request('ana', 'DELETE', `/api/v1/accounts/${LOAN}/grants/${id}`);
    expect(again.json().error.code).toBe('GRANTS.ENDED');
    const [audit] = await t.database.db
      .select({ actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, id), eq(auditEvents.action, 'grant.revoked')));
    expect(audit?.actorId).toBe(userIds.ana);
  });

  it('leaving', async () => {
    const [held] = (await get('vera', '/api/v1/grants')).json().grants;
    expect((await request('otto', 'DELETE', `/api/v1/grants/${held.id}`)).statusCode).toBe(404);
    expect((await request('vera', 'DELETE', `/api/v1/grants/${held.id}`)).statusCode).toBe(204);
    expect(denied(await get('vera', `/api/v1/accounts/${LOAN}`))).toBe(true);
    const mine = (await get('ana', `/api/v1/accounts/${LOAN}/grants`)).json().grants;
    expect(mine).toContainEqual(expect.objectContaining({ id: held.id, state: 'left' }));
    const notices = (await get('ana', '/api/v1/notices')).json().notices;
    expect(notices).toContainEqual(
      expect.objectContaining({ kind: 'grant_changed', details: { change: 'left', name: 'Vera Lopez' } }),
    );
  });

  it('the contract ending', async () => {
    const status = (value: 'active' | 'paid_off') =>
      t.database.db.update(contracts).set({ status: value }).where(eq(contracts.contractNumber, LOAN));
    expect((await get('pat', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    await status('paid_off');
    try {
      expect(denied(await get('pat', `/api/v1/accounts/${LOAN}`))).toBe(true);
      expect((await get('pat', '/api/v1/grants')).json().grants).toEqual([
        expect.objectContaining({ contractNumber: LOAN, state: 'expired' }),
      ]);
      expect((await get('ana', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    } finally {
      await status('active');
    }
  });

  it('the end date passing', async () => {
    await grantTo('eve', 'view', '2026-11-21');
    expect((await get('eve', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    clock.moveTo(calendarDate('2026-11-21'));
    expect((await get('eve', `/api/v1/accounts/${LOAN}`)).statusCode).toBe(200);
    clock.moveTo(calendarDate('2026-11-22'));
    try {
      expect(denied(await get('eve', `/api/v1/accounts/${LOAN}`))).toBe(true);
      expect((await get('eve', '/api/v1/grants')).json().grants).toEqual([
        expect.objectContaining({ endsOn: '2026-11-21', state: 'expired' }),
      ]);
    } finally {
      clock.moveTo(calendarDate(TODAY));
    }
  });
});
