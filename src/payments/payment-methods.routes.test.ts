import { randomUUID } from 'node:crypto';
import { and, eq, like, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, autopayEnrollments, contracts, paymentMethods, paymentOrders } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { sandboxPaymentGateway } from './sandbox-gateway.ts';

// Ana owns loan RIC-000001; Bo and Cy are other customers. Today is 2026-11-20. Each user adds
// methods in the order the tests run, so a describe block reads on from the one before.
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
let contractId: string;

beforeAll(async () => {
  t = await createTestApp();
  await boardContract(t, await boardingKey(t.database), loanContract());
  const [contract] = await t.database.db.select({ id: contracts.id }).from(contracts);
  contractId = contract!.id;
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.bo = await createUser(t, 'bo');
  userIds.cy = await createUser(t, 'cy');
  for (const user of ['ana', 'bo', 'cy']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const send = (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
    headers: csrf.headers,
    ...(payload ? { payload } : {}),
  });
const list = async (user: string) =>
  (await send(user, 'GET', '/api/v1/payment-methods')).json().paymentMethods;
const add = (user: string, payload: object) => send(user, 'POST', '/api/v1/payment-methods', payload);
const idOf = async (user: string, last4: string) =>
  (await list(user)).find((m: { last4: string }) => m.last4 === last4).id as string;
const change = (user: string, id: string, payload: object) =>
  send(user, 'PATCH', `/api/v1/payment-methods/${id}`, payload);
const remove = (user: string, id: string) => send(user, 'DELETE', `/api/v1/payment-methods/${id}`);

const bankAccount = (over: object = {}) => ({
  kind: 'bank_account',
  routingNumber: '021000021',
  accountNumber: '123456780000',
  accountType: 'checking',
  holderName: 'Ana Lopez',
  ...over,
});

async function cardToken(cardNumber: string, expiry = '12/30'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/sandbox-gateway/tokens',
    payload: { cardNumber, expiry, cvv: '123', holderName: 'Ana Lopez' },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().token;
}

/** What a refused request must leave untouched. */
const written = async () => ({
  methods: (await t.database.db.select().from(paymentMethods)).length,
  audits: (await t.database.db.select().from(auditEvents).where(like(auditEvents.action, 'payment_method.%')))
    .length,
});

const auditsOf = async (id: string) =>
  t.database.db
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.resourceType, 'payment_method'), eq(auditEvents.resourceId, id)));

async function insertOrder(paymentMethodId: string, status: 'scheduled' | 'pending' | 'settled') {
  const now = t.clock.now();
  await t.database.db.insert(paymentOrders).values({
    confirmationNumber: `TEST-${randomUUID()}`,
    contractId,
    paymentMethodId,
    payerUserId: userIds.ana!,
    source: 'one_time',
    amountCents: 10_000,
    intent: 'regular',
    effectiveDate: '2026-11-25',
    status,
    createdAt: now,
    updatedAt: now,
  });
}

describe('POST /api/v1/payment-methods: bank accounts', () => {
  it('verifies and adds a first account as the default, masked, with the bank’s name, and audits it', async () => {
    const res = await add('ana', bankAccount({ accountNumber: '1234-5678-0000', nickname: 'Payroll' }));
    expect(res.statusCode).toBe(201);
    const method = res.json();
    expect(method).toEqual({
      id: expect.any(String),
      kind: 'bank_account',
      nickname: 'Payroll',
      holderName: 'Ana Lopez',
      last4: '0000',
      accountType: 'checking',
      bankName: 'JPMorgan Chase Bank',
      cardBrand: null,
      expiryMonth: null,
      expiryYear: null,
      isDefault: true,
      status: 'active',
      blockedReason: null,
      inUse: false,
    });
    expect(res.body).not.toContain('123456780000');
    const [row] = await t.database.db.select().from(paymentMethods).where(eq(paymentMethods.id, method.id));
    expect(row!.accountNumberSealed).not.toContain('123456780000');
    expect(secretBox(TEST_SECRET_KEY).open(row!.accountNumberSealed!)).toBe('123456780000');
    expect(row!.routingNumber).toBe('021000021');
    expect(row!.verifiedAt).not.toBeNull();
    expect(await auditsOf(method.id)).toEqual([
      {
        action: 'payment_method.add',
        actorId: userIds.ana,
        details: { kind: 'bank_account', last4: '0000', bankName: 'JPMorgan Chase Bank', isDefault: true },
      },
    ]);
  });

  it('names a bank it does not know “Your bank” and names it by its type when no nickname is chosen', async () => {
    const res = await add(
      'ana',
      bankAccount({ routingNumber: '123456780', accountNumber: '99887766', accountType: 'savings' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      bankName: 'Your bank',
      nickname: 'Savings account',
      isDefault: false,
    });
  });

  it('refuses the same account twice, however it is typed, and writes nothing', async () => {
    const before = await written();
    const res = await add('ana', bankAccount({ accountNumber: '1234 5678 0000' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'PAYMENT_METHODS.DUPLICATE',
      message: 'This account is already one of your payment methods (“Payroll”).',
    });
    expect(await written()).toEqual(before);
  });

  it('adds one method when the same account is sent twice at once, the other answer a duplicate', async () => {
    const answers = await Promise.all([
      add('cy', bankAccount({ accountNumber: '77770001' })),
      add('cy', bankAccount({ accountNumber: '77770001' })),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect((await list('cy')).filter((m: { last4: string }) => m.last4 === '0001')).toHaveLength(1);
  });

  it('lets another customer add the same account as theirs', async () => {
    const res = await add('cy', bankAccount());
    expect(res.statusCode).toBe(201);
  });

  it.each([
    [
      'a routing number with a wrong check digit',
      { routingNumber: '021000022' },
      { routingNumber: 'This is not a valid routing number. Check it on a check or with your bank.' },
    ],
    [
      'a routing number of the wrong length',
      { routingNumber: '12345' },
      { routingNumber: 'A routing number has 9 digits.' },
    ],
    [
      'an account number with letters',
      { accountNumber: '12AB5678' },
      { accountNumber: 'An account number has digits only.' },
    ],
    [
      'an account number too short and one too long',
      { accountNumber: '123' },
      { accountNumber: 'An account number has 4 to 17 digits.' },
    ],
    [
      'a routing and an account number both wrong',
      { routingNumber: '000000000', accountNumber: '123456789012345678' },
      {
        routingNumber: 'This is not a valid routing number. Check it on a check or with your bank.',
        accountNumber: 'An account number has 4 to 17 digits.',
      },
    ],
  ])('refuses %s, naming the field, and writes nothing', async (_name, over, fields) => {
    const before = await written();
    const res = await add('bo', bankAccount(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'PAYMENT_METHODS.INVALID_BANK_ACCOUNT',
      message: 'Check the bank account details.',
      fields,
    });
    expect(await written()).toEqual(before);
  });

  it('refuses a request of the wrong shape with the field named', async () => {
    const res = await add('bo', {
      kind: 'bank_account',
      routingNumber: '021000021',
      accountNumber: '12345678',
      accountType: 'money market',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REQUEST.INVALID');
    expect(res.json().error.fields).toMatchObject({
      accountType: 'Choose checking or savings.',
      holderName: 'Enter the name on the account.',
    });
  });

  it.each([
    ['4000000002', 'account_closed', 'R02'],
    ['4000000003', 'no_account', 'R03'],
    ['4000000004', 'invalid_account', 'R04'],
    ['4000000020', 'not_debitable', 'R20'],
  ])(
    'answers 422 with the bank’s reason when it refuses account %s (%s), and writes nothing',
    async (accountNumber, reason, code) => {
      const before = await written();
      const res = await add('bo', bankAccount({ accountNumber }));
      expect(res.statusCode).toBe(422);
      const { error } = res.json();
      expect(error).toMatchObject({ code: 'PAYMENT_METHODS.BANK_ACCOUNT_REFUSED', reason });
      expect(error.message).toContain(code);
      expect(error.fields.accountNumber).toBe(error.message);
      expect(await written()).toEqual(before);
    },
  );

  it('answers 503 when the bank cannot be reached, and writes nothing', async () => {
    const before = await written();
    const res = await add('bo', bankAccount({ accountNumber: '4000000099' }));
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('PAYMENT_METHODS.GATEWAY_UNAVAILABLE');
    expect(await written()).toEqual(before);
  });

  it('moves the default to a new account added with makeDefault, leaving exactly one', async () => {
    const res = await add('ana', bankAccount({ accountNumber: '55501234', makeDefault: true }));
    expect(res.statusCode).toBe(201);
    expect(res.json().isDefault).toBe(true);
    const methods = await list('ana');
    expect(
      methods.filter((m: { isDefault: boolean }) => m.isDefault).map((m: { last4: string }) => m.last4),
    ).toEqual(['1234']);
    expect(methods[0].last4).toBe('1234');
  });

  it('asks for a sign-in first', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payment-methods',
      cookies: csrf.cookies,
      headers: csrf.headers,
      payload: bankAccount(),
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /api/v1/payment-methods: debit cards', () => {
  it('adds a debit card from its hosted-field token, never seeing the number', async () => {
    const token = await cardToken('4111 1111 1111 1111');
    const res = await add('bo', { kind: 'debit_card', cardToken: token });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'debit_card',
      nickname: 'Visa debit card',
      holderName: 'Ana Lopez',
      last4: '1111',
      cardBrand: 'Visa',
      expiryMonth: 12,
      expiryYear: 2030,
      accountType: null,
      bankName: null,
      isDefault: true,
    });
    const [row] = await t.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.id, res.json().id));
    expect(row!.gatewayToken).toBe(token);
    expect(JSON.stringify(row)).not.toContain('4111111111111111');
  });

  it('refuses the same card again, even with a new token', async () => {
    const before = await written();
    const res = await add('bo', { kind: 'debit_card', cardToken: await cardToken('4111111111111111') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAYMENT_METHODS.DUPLICATE');
    expect(await written()).toEqual(before);
  });

  it.each([
    ['4242424242424242', 'credit'],
    ['5105105105105100', 'prepaid'],
  ])('refuses card %s: only debit cards pay (a %s card), and writes nothing', async (number, funding) => {
    const before = await written();
    const res = await add('bo', { kind: 'debit_card', cardToken: await cardToken(number) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'PAYMENT_METHODS.NOT_DEBIT_CARD', reason: funding });
    expect(res.json().error.message).toContain('Only debit cards');
    expect(await written()).toEqual(before);
  });

  it('refuses a tampered or made-up token as unknown, and writes nothing', async () => {
    const token = await cardToken('5555555555554444');
    const tampered = `${token.slice(0, 20)}${token[20] === 'x' ? 'y' : 'x'}${token.slice(21)}`;
    const before = await written();
    for (const cardToken of [tampered, 'tok_visa_debit']) {
      const res = await add('bo', { kind: 'debit_card', cardToken });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'PAYMENT_METHODS.CARD_TOKEN_INVALID',
        reason: 'unknown_token',
      });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a card that expired after its token was made', async () => {
    const earlier = sandboxPaymentGateway(TEST_SECRET_KEY, fixedClock(calendarDate('2026-01-15')));
    const answer = earlier.issueCardToken({
      cardNumber: '5555555555554444',
      expiry: '10/26',
      cvv: '123',
      holderName: 'Bo',
    });
    const res = await add('bo', { kind: 'debit_card', cardToken: answer.ok ? answer.token : '' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PAYMENT_METHODS.CARD_EXPIRED');
  });
});

describe('the sandbox gateway’s card field and token route', () => {
  it('serves the card field under its own policy: its own script, framed by the portal only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sandbox-gateway/card-field' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('src="/sandbox-gateway/card-field.js"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const script = await t.app.inject({ method: 'GET', url: '/sandbox-gateway/card-field.js' });
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).toContain('postMessage(message, window.location.origin)');
  });

  it('keeps the portal’s own pages unframeable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('answers each wrong card field with its message, and never echoes the number', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sandbox-gateway/tokens',
      payload: { cardNumber: '4111111111111112', expiry: '01/20', cvv: '1', holderName: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('SANDBOX_GATEWAY.CARD_INVALID');
    expect(Object.keys(res.json().error.fields).sort()).toEqual([
      'cardNumber',
      'cvv',
      'expiry',
      'holderName',
    ]);
    expect(res.body).not.toContain('4111111111111112');
  });

  it('answers a token, the brand and last four, and nothing else', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sandbox-gateway/tokens',
      payload: { cardNumber: '5555555555554444', expiry: '0831', cvv: '123', holderName: 'Bo' },
    });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['brand', 'last4', 'token']);
    expect(res.json()).toMatchObject({ brand: 'Mastercard', last4: '4444' });
    expect(res.body).not.toContain('5555555555554444');
  });
});

describe('GET /api/v1/payment-methods', () => {
  it('lists only the user’s own methods, the default first', async () => {
    const ana = await list('ana');
    expect(ana[0]).toMatchObject({ last4: '1234', isDefault: true });
    expect(ana.map((m: { last4: string }) => m.last4).sort()).toEqual(['0000', '1234', '7766']);
    expect(await list('bo')).toHaveLength(1);
  });

  it('shows a blocked method with its reason, and marks methods that payments or AutoPay use', async () => {
    const [blocked, scheduled, autopay] = await Promise.all(
      ['7766', '0000', '1234'].map((last4) => idOf('ana', last4)),
    );
    await t.database.db
      .update(paymentMethods)
      .set({ status: 'blocked', blockedReason: 'R02: account closed' })
      .where(eq(paymentMethods.id, blocked!));
    await insertOrder(scheduled!, 'scheduled');
    await t.database.db.insert(autopayEnrollments).values({
      contractId,
      userId: userIds.ana!,
      paymentMethodId: autopay!,
      status: 'paused',
      authorizationVersion: 'test',
      acceptedAt: t.clock.now(),
      acceptedIp: '127.0.0.1',
      updatedAt: t.clock.now(),
    });
    const methods = await list('ana');
    expect(methods.find((m: { id: string }) => m.id === autopay)).toMatchObject({
      inUse: true,
      status: 'active',
    });
    expect(methods.find((m: { id: string }) => m.id === scheduled)).toMatchObject({
      inUse: true,
      status: 'active',
    });
    expect(methods.find((m: { id: string }) => m.id === blocked)).toMatchObject({
      inUse: false,
      status: 'blocked',
      blockedReason: 'R02: account closed',
    });
  });
});

describe('PATCH /api/v1/payment-methods/{id}', () => {
  it('renames a method and audits it', async () => {
    const id = await idOf('ana', '0000');
    const res = await change('ana', id, { nickname: '  Joint checking ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ nickname: 'Joint checking', isDefault: false, inUse: true });
    expect((await auditsOf(id)).map((a) => a.action)).toContain('payment_method.rename');
  });

  it('moves the default in one step, leaving exactly one, and audits it', async () => {
    const id = await idOf('ana', '0000');
    const previous = await idOf('ana', '1234');
    const res = await change('ana', id, { makeDefault: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().isDefault).toBe(true);
    const defaults = await t.database.db
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(
        and(
          eq(paymentMethods.userId, userIds.ana!),
          eq(paymentMethods.isDefault, true),
          ne(paymentMethods.status, 'removed'),
        ),
      );
    expect(defaults).toEqual([{ id }]);
    expect(await auditsOf(id)).toContainEqual({
      action: 'payment_method.default',
      actorId: userIds.ana,
      details: { previousDefault: previous },
    });
  });

  it('will not make a blocked method the default', async () => {
    const res = await change('ana', await idOf('ana', '7766'), { makeDefault: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAYMENT_METHODS.BLOCKED');
  });

  it('answers another user’s method exactly as one that does not exist, and changes nothing', async () => {
    const id = await idOf('ana', '0000');
    const others = await change('bo', id, { nickname: 'Mine now' });
    const missing = await change('bo', randomUUID(), { nickname: 'Mine now' });
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json()).toEqual(missing.json());
    expect((await remove('bo', id)).statusCode).toBe(404);
    expect((await list('ana')).find((m: { id: string }) => m.id === id).nickname).toBe('Joint checking');
  });

  it('refuses an empty change and an id that is not one', async () => {
    expect((await change('ana', await idOf('ana', '0000'), {})).statusCode).toBe(400);
    const res = await change('ana', 'not-an-id', { nickname: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ id: 'There is no such payment method.' });
  });
});

describe('DELETE /api/v1/payment-methods/{id}', () => {
  it('refuses to remove a method a scheduled payment uses, or a paused AutoPay', async () => {
    const before = await written();
    for (const last4 of ['0000', '1234']) {
      const res = await remove('ana', await idOf('ana', last4));
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('PAYMENT_METHODS.IN_USE');
    }
    expect(await written()).toEqual(before);
  });

  it('removes a method once its payment is settled, passing the default on, and audits it', async () => {
    const id = await idOf('ana', '0000');
    await t.database.db
      .update(paymentOrders)
      .set({ status: 'settled' })
      .where(eq(paymentOrders.paymentMethodId, id));
    await insertOrder(id, 'settled');
    const res = await remove('ana', id);
    expect(res.statusCode).toBe(204);
    const methods = await list('ana');
    expect(methods.map((m: { last4: string; isDefault: boolean }) => [m.last4, m.isDefault])).toEqual([
      ['1234', true],
      ['7766', false],
    ]);
    // The only other active method (7766 is blocked) takes the default over.
    const [row] = await t.database.db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
    expect(row).toMatchObject({ status: 'removed', isDefault: false });
    expect(await auditsOf(id)).toContainEqual({
      action: 'payment_method.remove',
      actorId: userIds.ana,
      details: {
        kind: 'bank_account',
        last4: '0000',
        wasDefault: true,
        newDefault: await idOf('ana', '1234'),
      },
    });
    expect((await remove('ana', id)).statusCode).toBe(404);
  });

  it('lets a removed account be added again', async () => {
    const res = await add('ana', bankAccount());
    expect(res.statusCode).toBe(201);
    expect(res.json().isDefault).toBe(false);
  });

  it('removes a blocked method that nothing uses', async () => {
    expect((await remove('ana', await idOf('ana', '7766'))).statusCode).toBe(204);
  });
});
