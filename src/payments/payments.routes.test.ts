import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cents, formatUsd } from '../core/money.ts';
import {
  auditEvents,
  idempotencyKeys,
  journalEntries,
  outbox,
  paymentMethods,
  paymentOrders,
  payments,
  postings,
} from '../db/schema.ts';
import { secretBox } from '../platform/secret-box.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { sandboxPaymentGateway } from './sandbox-gateway.ts';

// Ana holds loan RIC-000001 with James as co-borrower and Gus as guarantor; Cy holds RIC-000002;
// Bo holds lease LSE-000001. Today is Friday 2026-11-20, 10:00 ET (before the 8:00 pm ET cut-off).
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
const methods: Record<string, string> = {};

async function addMethod(
  user: string,
  options: { kind?: 'bank_account' | 'debit_card'; status?: 'active' | 'blocked'; token?: string } = {},
) {
  const kind = options.kind ?? 'bank_account';
  const [row] = await t.database.db
    .insert(paymentMethods)
    .values({
      userId: userIds[user]!,
      kind,
      nickname: kind === 'bank_account' ? 'Checking' : 'Debit card',
      holderName: `User ${user}`,
      last4: kind === 'bank_account' ? '6789' : '1111',
      fingerprint: randomUUID(),
      ...(kind === 'bank_account'
        ? {
            accountType: 'checking' as const,
            routingNumber: '021000021',
            accountNumberSealed: secretBox(TEST_SECRET_KEY).seal('123456789'),
          }
        : {
            gatewayToken: options.token ?? 'tok_unknown',
            cardBrand: 'Visa',
            expiryMonth: 12,
            expiryYear: 2030,
          }),
      status: options.status ?? 'active',
      blockedReason: options.status === 'blocked' ? 'R02: account closed' : null,
      createdAt: t.clock.now(),
    })
    .returning({ id: paymentMethods.id });
  return row!.id;
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
  await boardContract(t, key, leaseContract());
  for (const [user, customerNumber] of [
    ['ana', 'CUST-0001'],
    ['james', 'CUST-JAMES'],
    ['gus', 'CUST-GUS'],
    ['cy', 'CUST-CY'],
    ['bo', 'CUST-0002'],
  ] as const) {
    userIds[user] = await createUser(t, user, customerNumber ? { customerNumber } : {});
    sessions[user] = await signIn(t, user);
    methods[user] = await addMethod(user);
  }
}, 180_000); // boards three contracts and signs five people in (Argon2), slow on a busy machine
afterAll(() => t.close());

const usd = (amount: number) => formatUsd(cents(amount));

const as = (user: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
  headers: csrf.headers,
});

const preview = (user: string, contractNumber: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/accounts/${contractNumber}/payments/preview`,
    ...as(user),
    payload,
  });

const pay = (user: string, contractNumber: string, payload: object, key: string | null = randomUUID()) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/accounts/${contractNumber}/payments`,
    cookies: as(user).cookies,
    headers: { ...csrf.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload,
  });

const change = (user: string, id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/payments/${id}`, ...as(user), payload });
const cancel = (user: string, id: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/v1/payments/${id}`, ...as(user) });
const list = (user: string, query = '') =>
  t.app.inject({ method: 'GET', url: `/api/v1/payments${query}`, cookies: as(user).cookies });

/** Rows in every table a payment writes to, to show a refused request wrote nothing. */
async function rowCounts() {
  const tables = { paymentOrders, payments, journalEntries, postings, idempotencyKeys, outbox, auditEvents };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

let payoffToday = 0;

describe('POST /api/v1/accounts/{contractNumber}/payments/preview', () => {
  it('shows the effective date, the split and the payoff, and writes nothing', async () => {
    const before = await rowCounts();
    const res = await preview('ana', 'RIC-000001', { amountCents: 50_000, paymentMethodId: methods.ana });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      contractNumber: 'RIC-000001',
      amountCents: 50_000,
      requestedDate: '2026-11-20',
      effectiveDate: '2026-11-20',
      movedToNextBusinessDay: false,
      cutoff: { time: '20:00', timeZone: t.config.timeZone },
      intent: 'regular',
      method: { id: methods.ana, kind: 'bank_account', last4: '6789' },
    });
    const split = body.split;
    expect(split.interestCents).toBeGreaterThan(0);
    expect(split.interestCents + split.principalCents + split.feesCents + split.unappliedCents).toBe(50_000);
    expect(body.payoffCents).toBeGreaterThan(2_000_000);
    payoffToday = body.payoffCents;
    expect(await rowCounts()).toEqual(before);
  });

  it('moves a future Saturday to the next business day, where the payoff has grown', async () => {
    const res = await preview('ana', 'RIC-000001', {
      amountCents: payoffToday,
      paymentMethodId: methods.ana,
      date: '2026-11-21',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ effectiveDate: '2026-11-23', movedToNextBusinessDay: true });
    // The payoff grows with three more days of interest, so today's payoff is no payoff on Monday.
    expect(res.json().payoffCents).toBeGreaterThan(payoffToday);
    expect(res.json().intent).toBe('regular');
  });

  it('calls a payment of exactly the payoff a payoff', async () => {
    const res = await preview('ana', 'RIC-000001', {
      amountCents: payoffToday,
      paymentMethodId: methods.ana,
    });
    expect(res.json()).toMatchObject({ intent: 'payoff', payoffCents: payoffToday });
    expect(res.json().split.unappliedCents).toBe(0);
  });

  it('splits a lease payment into the receivable and sales tax, as it will post', async () => {
    const body = { amountCents: 39_757, paymentMethodId: methods.bo };
    const seen = await preview('bo', 'LSE-000001', body);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().split).toEqual({
      interestCents: 0,
      principalCents: 0,
      feesCents: 0,
      unappliedCents: 0,
      leaseReceivableCents: 37_507,
      salesTaxCents: 2_250,
    });
    const paid = await pay('bo', 'LSE-000001', body);
    expect(paid.statusCode).toBe(201);
    expect(paid.json().split).toEqual(seen.json().split);
    const principalOnly = await preview('bo', 'LSE-000001', { ...body, intent: 'principal_only' });
    expect(principalOnly.statusCode).toBe(422);
    expect(principalOnly.json().error.code).toBe('PAYMENTS.INTENT_NOT_FOR_LEASE');
  });

  it('refuses a guarantor, who may see the account but not pay on it', async () => {
    const res = await preview('gus', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.gus });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('PAYMENTS.NOT_ALLOWED');
  });
});

describe('POST /api/v1/accounts/{contractNumber}/payments: bad input writes nothing', () => {
  const cases: [
    string,
    () => Promise<{ statusCode: number; json(): { error: { code: string; fields?: object } } }>,
    number,
    string,
  ][] = [
    [
      'an amount of 0',
      () => pay('ana', 'RIC-000001', { amountCents: 0, paymentMethodId: methods.ana }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'a negative amount',
      () => pay('ana', 'RIC-000001', { amountCents: -500, paymentMethodId: methods.ana }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'fractional cents',
      () => pay('ana', 'RIC-000001', { amountCents: 100.5, paymentMethodId: methods.ana }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'an amount as text',
      () => pay('ana', 'RIC-000001', { amountCents: '100', paymentMethodId: methods.ana }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'a date in the past',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana, date: '2026-11-19' }),
      422,
      'PAYMENTS.DATE_OUT_OF_RANGE',
    ],
    [
      'a date more than 30 days ahead',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana, date: '2026-12-21' }),
      422,
      'PAYMENTS.DATE_OUT_OF_RANGE',
    ],
    [
      'not a date',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana, date: '2026-02-30' }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'another user’s method',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.bo }),
      404,
      'PAYMENTS.METHOD_NOT_FOUND',
    ],
    [
      'a method that does not exist',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: randomUUID() }),
      404,
      'PAYMENTS.METHOD_NOT_FOUND',
    ],
    [
      'a contract that does not exist',
      () => pay('ana', 'RIC-000009', { amountCents: 100, paymentMethodId: methods.ana }),
      404,
      'ACCOUNTS.NOT_FOUND',
    ],
    [
      'someone else’s contract',
      () => pay('ana', 'RIC-000002', { amountCents: 100, paymentMethodId: methods.ana }),
      404,
      'ACCOUNTS.NOT_FOUND',
    ],
    [
      'a malformed contract number',
      () => pay('ana', 'ric-000001;', { amountCents: 100, paymentMethodId: methods.ana }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'a field the API does not know',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana, payerUserId: 'x' }),
      400,
      'REQUEST.INVALID',
    ],
    [
      'no Idempotency-Key',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana }, null),
      400,
      'IDEMPOTENCY.KEY_REQUIRED',
    ],
    [
      'an invalid Idempotency-Key',
      () => pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.ana }, 'short'),
      400,
      'IDEMPOTENCY.KEY_INVALID',
    ],
    [
      'a guarantor paying',
      () => pay('gus', 'RIC-000001', { amountCents: 100, paymentMethodId: methods.gus }),
      403,
      'PAYMENTS.NOT_ALLOWED',
    ],
  ];
  it.each(cases)('refuses %s', async (_name, send, status, code) => {
    const before = await rowCounts();
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an amount above the payoff, naming the payoff', async () => {
    const before = await rowCounts();
    const res = await pay('ana', 'RIC-000001', {
      amountCents: payoffToday + 1,
      paymentMethodId: methods.ana,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PAYMENTS.ABOVE_PAYOFF');
    const dollars = (payoffToday / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(res.json().error.message).toContain(`$${dollars}`);
    expect(res.json().error.fields).toHaveProperty('amountCents');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a blocked method with 409', async () => {
    const blocked = await addMethod('ana', { status: 'blocked' });
    const before = await rowCounts();
    const res = await pay('ana', 'RIC-000001', { amountCents: 100, paymentMethodId: blocked });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAYMENTS.METHOD_BLOCKED');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('POST /api/v1/accounts/{contractNumber}/payments', () => {
  it('posts a bank payment made before the cut-off today, as previewed, confirms it by mail and audits it', async () => {
    const seen = await preview('ana', 'RIC-000001', { amountCents: 37_742, paymentMethodId: methods.ana });
    const res = await pay('ana', 'RIC-000001', { amountCents: 37_742, paymentMethodId: methods.ana });
    expect(res.statusCode).toBe(201);
    expect(res.json().split).toEqual(seen.json().split);
    const order = res.json();
    expect(order).toMatchObject({
      contractNumber: 'RIC-000001',
      amountCents: 37_742,
      effectiveDate: '2026-11-20',
      status: 'pending',
      source: 'one_time',
      intent: 'regular',
      madeByMe: true,
      changeableUntil: null,
      method: { id: methods.ana, last4: '6789' },
    });
    expect(order.confirmationNumber).toMatch(/^P[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(order.split.interestCents + order.split.principalCents + order.split.feesCents).toBe(37_742);
    const [posted] = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.reference, order.confirmationNumber));
    expect(posted).toMatchObject({ amountCents: 37_742, channel: 'ach', receivedOn: '2026-11-20' });
    const [mail] = await t.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.subject} like ${`%${order.confirmationNumber}%`}`);
    expect(mail).toMatchObject({ to: 'ana@example.com', template: 'payment-confirmation' });
    expect(mail!.text).toContain('$377.42');
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'payment_order.create'));
    expect(audits.at(-1)).toMatchObject({
      resourceId: 'RIC-000001',
      details: { paymentOrderId: order.id, amountCents: 37_742 },
    });
  });

  it('schedules a later payment without posting it, changeable until the cut-off of its date’s file', async () => {
    const before = await rowCounts();
    const res = await pay('ana', 'RIC-000001', {
      amountCents: 10_000,
      paymentMethodId: methods.ana,
      date: '2026-11-30',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'scheduled',
      effectiveDate: '2026-11-30',
      split: null,
      // Monday 11-30 at 8:00 pm EST: the cycle of 11-30 puts it in that day's file.
      changeableUntil: '2026-12-01T01:00:00.000Z',
    });
    const after = await rowCounts();
    expect(after.payments).toBe(before.payments);
    expect(after.paymentOrders).toBe(before.paymentOrders! + 1);
  });

  it('answers a retry with the same key and body with the same payment, and another body with 409', async () => {
    const key = randomUUID();
    const body = { amountCents: 1_000, paymentMethodId: methods.ana, date: '2026-12-01' };
    const first = await pay('ana', 'RIC-000001', body, key);
    const before = await rowCounts();
    const again = await pay('ana', 'RIC-000001', body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await pay('ana', 'RIC-000001', { ...body, amountCents: 1_001 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await rowCounts()).toEqual(before);
  });

  it('makes exactly one payment of 50 identical concurrent requests with one key', async () => {
    const before = await rowCounts();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        pay('ana', 'RIC-000001', { amountCents: 2_500, paymentMethodId: methods.ana }, key),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const after = await rowCounts();
    expect(after.paymentOrders).toBe(before.paymentOrders! + 1);
    expect(after.payments).toBe(before.payments! + 1);
  });

  it('posts two different concurrent payments on one contract, and the ledger balances', async () => {
    const before = await rowCounts();
    const [a, b] = await Promise.all([
      pay('ana', 'RIC-000001', { amountCents: 1_234, paymentMethodId: methods.ana }),
      pay('james', 'RIC-000001', { amountCents: 4_321, paymentMethodId: methods.james }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect((await rowCounts()).payments).toBe(before.payments! + 2);
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });

  it('keeps each person to the daily maximum of online payments', async () => {
    const first = await pay('cy', 'RIC-000002', {
      amountCents: 2_000_000,
      paymentMethodId: methods.cy,
      date: '2026-12-01',
    });
    expect(first.statusCode).toBe(201);
    const before = await rowCounts();
    const over = await pay('cy', 'RIC-000002', { amountCents: 500_001, paymentMethodId: methods.cy });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('PAYMENTS.DAILY_LIMIT');
    expect(await rowCounts()).toEqual(before);
    const exactly = await pay('cy', 'RIC-000002', { amountCents: 500_000, paymentMethodId: methods.cy });
    expect(exactly.statusCode).toBe(201);
  });

  it('charges a debit card and settles the payment at once', async () => {
    const card = sandboxPaymentGateway(TEST_SECRET_KEY, t.clock).issueCardToken({
      cardNumber: '4111111111111111',
      expiry: '12/30',
      cvv: '123',
      holderName: 'Ana Diaz',
    });
    if (!card.ok) throw new Error('sandbox card refused');
    const method = await addMethod('ana', { kind: 'debit_card', token: card.token });
    const res = await pay('ana', 'RIC-000001', { amountCents: 1_500, paymentMethodId: method });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'settled', method: { kind: 'debit_card' } });
    const [posted] = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.reference, res.json().confirmationNumber));
    expect(posted?.channel).toBe('card');
  });

  it('records a declined card as a failed payment, posts nothing and replays the decline', async () => {
    const method = await addMethod('ana', { kind: 'debit_card', token: 'tok_not_a_card' });
    const before = await rowCounts();
    const key = randomUUID();
    const res = await pay('ana', 'RIC-000001', { amountCents: 1_500, paymentMethodId: method }, key);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PAYMENTS.DECLINED');
    const after = await rowCounts();
    expect(after.payments).toBe(before.payments);
    expect(after.journalEntries).toBe(before.journalEntries);
    const [order] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.paymentMethodId, method));
    expect(order).toMatchObject({ status: 'failed', postedPaymentId: null });
    const again = await pay('ana', 'RIC-000001', { amountCents: 1_500, paymentMethodId: method }, key);
    expect(again.statusCode).toBe(422);
    expect((await rowCounts()).paymentOrders).toBe(after.paymentOrders);
  });
});

describe('GET /api/v1/payments', () => {
  it('shows the payer their payments, newest first', async () => {
    const res = await list('ana', '?contractNumber=RIC-000001');
    expect(res.statusCode).toBe(200);
    const found = res.json().payments as { createdAt: string; madeByMe: boolean }[];
    expect(found.length).toBeGreaterThan(3);
    expect(found.map((p) => p.createdAt)).toEqual([...found.map((p) => p.createdAt)].sort().reverse());
  });

  it('shows a co-borrower the contract’s payments, marking the ones others made', async () => {
    const found = (await list('james')).json().payments as { madeByMe: boolean; contractNumber: string }[];
    expect(found.some((p) => p.madeByMe)).toBe(true);
    expect(found.some((p) => !p.madeByMe)).toBe(true);
    expect(found.every((p) => p.contractNumber === 'RIC-000001')).toBe(true);
  });

  it('filters by status and shows nothing of others’ contracts', async () => {
    const scheduled = (await list('ana', '?status=scheduled')).json().payments as { status: string }[];
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.every((p) => p.status === 'scheduled')).toBe(true);
    const bos = (await list('bo')).json().payments as { contractNumber: string }[];
    expect(bos.every((p) => p.contractNumber === 'LSE-000001')).toBe(true);
  });
});

describe('GET /api/v1/payments/{id}/receipt.pdf', () => {
  const receipt = (user: string, id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/payments/${id}/receipt.pdf`, ...as(user) });

  it('gives the payer and a co-borrower the receipt with every figure, and anyone else 404', async () => {
    const order = (
      await pay('ana', 'RIC-000001', { amountCents: 12_345, paymentMethodId: methods.ana })
    ).json();
    const res = await receipt('ana', order.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="receipt-${order.confirmationNumber}.pdf"`,
    );
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
      mergePages: true,
    });
    expect(text).toContain(`Confirmation number: ${order.confirmationNumber}`);
    expect(text).toContain('Account: RIC-000001');
    expect(text).toContain('Amount: $123.45');
    expect(text).toContain('ending 6789');
    expect(text).toContain('Payment date: November 20, 2026');
    expect(text).toContain('How it applied');
    expect(text).toContain(`Interest ${usd(order.split.interestCents)}`);
    // The same payment gives the same document.
    expect((await receipt('ana', order.id)).rawPayload.equals(res.rawPayload)).toBe(true);
    expect((await receipt('james', order.id)).statusCode).toBe(200);
    expect((await receipt('bo', order.id)).statusCode).toBe(404);
    expect((await receipt('ana', randomUUID())).statusCode).toBe(404);
    expect((await receipt('ana', 'not-a-uuid')).statusCode).toBe(400);
  });
});

describe('PATCH and DELETE /api/v1/payments/{id}', () => {
  let scheduledId = '';
  beforeAll(async () => {
    const res = await pay('ana', 'RIC-000001', {
      amountCents: 20_000,
      paymentMethodId: methods.ana,
      date: '2026-12-02',
    });
    scheduledId = res.json().id;
  });

  it('lets only the payer change a scheduled payment: another party gets 403, a stranger 404', async () => {
    const before = await rowCounts();
    const byJames = await change('james', scheduledId, { amountCents: 100 });
    expect(byJames.statusCode).toBe(403);
    expect(byJames.json().error.code).toBe('PAYMENTS.PAYER_ONLY');
    const byBo = await change('bo', scheduledId, { amountCents: 100 });
    expect(byBo.statusCode).toBe(404);
    expect((await cancel('james', scheduledId)).statusCode).toBe(403);
    expect((await cancel('bo', scheduledId)).statusCode).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it('changes the amount and date by the same rules as a new payment, and audits it', async () => {
    const tooMuch = await change('ana', scheduledId, { amountCents: payoffToday * 2 });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().error.code).toBe('PAYMENTS.ABOVE_PAYOFF');
    const tooFar = await change('ana', scheduledId, { date: '2027-01-15' });
    expect(tooFar.statusCode).toBe(422);
    expect(tooFar.json().error.fields).toHaveProperty('date');
    const res = await change('ana', scheduledId, { amountCents: 25_000, date: '2026-12-05' });
    expect(res.statusCode).toBe(200);
    // Saturday 12-05 moves to Monday 12-07.
    expect(res.json()).toMatchObject({
      amountCents: 25_000,
      effectiveDate: '2026-12-07',
      status: 'scheduled',
    });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'payment_order.change'));
    expect(audit?.details).toMatchObject({
      before: { amountCents: 20_000, effectiveDate: '2026-12-02' },
      after: { amountCents: 25_000, effectiveDate: '2026-12-07' },
    });
  });

  it('cancels a scheduled payment for its payer, once', async () => {
    const res = await cancel('ana', scheduledId);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', changeableUntil: null });
    const again = await cancel('ana', scheduledId);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PAYMENTS.NOT_SCHEDULED');
  });

  it('refuses to change or cancel a payment past the cut-off of its date, its cycle not run yet', async () => {
    // Effective yesterday: its window closed at yesterday's cut-off; yesterday's cycle will carry it.
    const [order] = await t.database.db
      .insert(paymentOrders)
      .values({
        confirmationNumber: 'PTESTPASTCUT',
        contractId: sql`(select id from contracts where contract_number = 'RIC-000001')`,
        paymentMethodId: methods.ana!,
        payerUserId: userIds.ana!,
        source: 'one_time',
        amountCents: 5_000,
        intent: 'regular',
        effectiveDate: '2026-11-19',
        status: 'scheduled',
        createdAt: new Date('2026-11-18T15:00:00Z'),
        updatedAt: new Date('2026-11-18T15:00:00Z'),
      })
      .returning({ id: paymentOrders.id });
    const before = await rowCounts();
    const changed = await change('ana', order!.id, { amountCents: 6_000 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('PAYMENTS.PAST_CUTOFF');
    const cancelled = await cancel('ana', order!.id);
    expect(cancelled.statusCode).toBe(409);
    expect(cancelled.json().error.code).toBe('PAYMENTS.PAST_CUTOFF');
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 for an id that is not a UUID and 404 for one that does not exist', async () => {
    expect((await change('ana', 'nope', { amountCents: 1 })).statusCode).toBe(400);
    expect((await cancel('ana', randomUUID())).statusCode).toBe(404);
  });
});
