import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { parseAchFile } from '../core/nacha.ts';
import { paymentCutoff } from '../core/payment-dates.ts';
import {
  auditEvents,
  formAttempts,
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
import { csrf, solve } from '../test-support/users.ts';
import { importAchReturns, writeAchFile } from './ach.ts';
import { guestPaymentRequest } from './guest-payments.schemas.ts';
import { GUEST_NO_MATCH_MESSAGE, payAsGuest } from './guest-payments.ts';
import { sandboxBankReturns } from './sandbox-bank.ts';
import { sandboxPaymentGateway } from './sandbox-gateway.ts';

// Ana Diaz (SSN …0123, ZIP 19103) holds loan RIC-000001 and has never signed up; Bo holds lease
// LSE-000001 (ZIP 78701). Today is Friday 2026-11-20, 10:00 ET (before the 8:00 pm ET cut-off).
let t: TestApp;
let outgoing: string;

beforeAll(async () => {
  t = await createTestApp();
  outgoing = await mkdtemp(path.join(tmpdir(), 'autofin-guest-ach-'));
  const key = await boardingKey(t.database);
  await boardContract(t, key, loanContract());
  await boardContract(t, key, leaseContract());
  // One contract per route for the no-enumeration test: failed proofs on a contract soon ask for a challenge.
  const ana = loanContract().parties[0]!;
  for (const n of [3, 4, 5]) {
    await boardContract(
      t,
      key,
      loanContract({
        contractNumber: `RIC-00000${n}`,
        parties: [{ ...ana, customerNumber: `CUST-000${n}` }],
      }),
    );
  }
}, 180_000);
afterAll(async () => {
  await t.close();
  await rm(outgoing, { recursive: true, force: true });
});

const facts = { contractNumber: 'RIC-000001', zip: '19103', taxIdLast4: '0123' };
const bank = {
  holderName: 'Ana Diaz',
  routingNumber: '021000021',
  accountNumber: '123456780000',
  accountType: 'checking' as const,
};
const payment = (over: Record<string, unknown> = {}) => ({
  ...facts,
  email: 'ana.guest@example.com',
  amountCents: 37_742,
  ...bank,
  ...over,
});

// Each test sends from its own address, so the address throttle of one does not reach another.
let lastIp = 0;
const nextIp = () => `198.51.100.${++lastIp}`;

const post = (
  url: string,
  payload: object,
  options: { ip?: string; headers?: Record<string, string> } = {},
) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress: options.ip ?? nextIp(),
    headers: { ...csrf.headers, ...options.headers },
    cookies: csrf.cookies,
  });
const identify = (payload: object, ip?: string) => post('/api/v1/guest-payments/identify', payload, { ip });
const preview = (payload: object, ip?: string) => post('/api/v1/guest-payments/preview', payload, { ip });
const pay = (payload: object, key: string | null = randomUUID(), ip?: string) =>
  post('/api/v1/guest-payments', payload, {
    ...(ip ? { ip } : {}),
    headers: key === null ? {} : { 'idempotency-key': key },
  });

/** Rows in every table a payment writes to, to show a refused request wrote nothing. */
async function rowCounts() {
  const tables = {
    paymentOrders,
    paymentMethods,
    payments,
    journalEntries,
    postings,
    idempotencyKeys,
    outbox,
    auditEvents,
  };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

describe('identifying the contract', () => {
  it('answers what is due and the most a payment may be, and nothing about the customer', async () => {
    const res = await identify({ ...facts, contractNumber: 'ric-000001' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'contractNumber',
        'today',
        'amountDueCents',
        'pastDueCents',
        'nextDueDate',
        'nextDueAmountCents',
        'payoffCents',
        'cutoff',
      ].sort(),
    );
    expect(body).toMatchObject({ contractNumber: 'RIC-000001', today: '2026-11-20' });
    // Nothing paid since February: ten installments are past due.
    expect(body.pastDueCents).toBe(10 * 37_742);
    expect(body.payoffCents).toBeGreaterThan(2_000_000);
    expect(res.body).not.toMatch(/Ana|Diaz|Main Street/);
  });

  it('takes a ZIP+4 and the lease’s own facts', async () => {
    const res = await identify({ contractNumber: 'LSE-000001', zip: '78701-1234', taxIdLast4: '0123' });
    expect(res.statusCode).toBe(200);
    expect(res.json().contractNumber).toBe('LSE-000001');
  });

  it('answers the same whichever fact is wrong, and the same as for no contract at all', async () => {
    const routes = [
      ['RIC-000003', (w: Record<string, unknown>) => identify(w)],
      ['RIC-000004', (w: Record<string, unknown>) => preview(payment(w))],
      ['RIC-000005', (w: Record<string, unknown>) => pay(payment(w))],
    ] as const;
    for (const [contractNumber, send] of routes) {
      const answers = [];
      for (const wrong of [
        { ...facts, contractNumber: contractNumber.replace('RIC-0', 'RIC-9') },
        { ...facts, contractNumber, zip: '19104' },
        { ...facts, contractNumber, taxIdLast4: '0124' },
      ]) {
        const res = await send(wrong);
        answers.push({ status: res.statusCode, body: res.json() });
      }
      expect(answers[0]).toEqual({
        status: 404,
        body: { error: { code: 'GUEST_PAYMENTS.NO_MATCH', message: GUEST_NO_MATCH_MESSAGE } },
      });
      for (const a of answers) expect(a).toEqual(answers[0]);
    }
  });

  it('refuses malformed facts field by field, counting no try', async () => {
    const ip = nextIp();
    const res = await identify({ contractNumber: '', zip: '1910', taxIdLast4: '12a4' }, ip);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['contractNumber', 'taxIdLast4', 'zip']);
    const tries = await t.database.db.select().from(formAttempts).where(eq(formAttempts.ip, ip));
    expect(tries).toHaveLength(0);
  });

  it('needs the portal’s own page (CSRF)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/guest-payments/identify',
      payload: facts,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.CSRF');
  });
});

describe('refusals write nothing', () => {
  const cases: [string, Record<string, unknown>, number, string, string?][] = [
    ['an amount of 0', { amountCents: 0 }, 400, 'REQUEST.INVALID', 'amountCents'],
    ['a negative amount', { amountCents: -100 }, 400, 'REQUEST.INVALID', 'amountCents'],
    ['fractional cents', { amountCents: 100.5 }, 400, 'REQUEST.INVALID', 'amountCents'],
    ['an amount as text', { amountCents: '100' }, 400, 'REQUEST.INVALID', 'amountCents'],
    ['a bad email', { email: 'not-an-email' }, 400, 'REQUEST.INVALID', 'email'],
    ['no account type', { accountType: undefined }, 400, 'REQUEST.INVALID', 'accountType'],
    ['a date that is not one', { date: '2026-02-30' }, 400, 'REQUEST.INVALID', 'date'],
    ['an unknown field', { paymentMethodId: randomUUID() }, 400, 'REQUEST.INVALID', 'paymentMethodId'],
    [
      'a routing number failing its checksum',
      { routingNumber: '021000022' },
      400,
      'PAYMENT_METHODS.INVALID_BANK_ACCOUNT',
      'routingNumber',
    ],
    [
      'an account number of 3 digits',
      { accountNumber: '123' },
      400,
      'PAYMENT_METHODS.INVALID_BANK_ACCOUNT',
      'accountNumber',
    ],
    [
      'an account the bank says is closed',
      { accountNumber: '4000000002' },
      422,
      'PAYMENT_METHODS.BANK_ACCOUNT_REFUSED',
      'accountNumber',
    ],
    ['more than the payoff', { amountCents: 5_000_000 }, 422, 'PAYMENTS.ABOVE_PAYOFF', 'amountCents'],
    ['a date in the past', { date: '2026-11-19' }, 422, 'PAYMENTS.DATE_OUT_OF_RANGE', 'date'],
    ['a date beyond 30 days', { date: '2026-12-21' }, 422, 'PAYMENTS.DATE_OUT_OF_RANGE', 'date'],
  ];
  for (const [what, change, status, code, field] of cases) {
    it(`refuses ${what} (${status} ${code}), in the preview and the payment`, async () => {
      const before = await rowCounts();
      for (const send of [preview, pay] as const) {
        const res = await send(payment(change));
        expect(res.statusCode).toBe(status);
        expect(res.json().error.code).toBe(code);
        if (field) expect(res.json().error.fields).toHaveProperty(field);
      }
      expect(await rowCounts()).toEqual(before);
    });
  }

  it('refuses a payment without an Idempotency-Key, counting no try', async () => {
    const before = await rowCounts();
    const ip = nextIp();
    const res = await pay(payment(), null, ip);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('IDEMPOTENCY.KEY_REQUIRED');
    expect(await rowCounts()).toEqual(before);
    expect(await t.database.db.select().from(formAttempts).where(eq(formAttempts.ip, ip))).toHaveLength(0);
  });
});

describe('the review', () => {
  it('shows the effective date, the split and the masked account, and writes nothing', async () => {
    const before = await rowCounts();
    const res = await preview(payment());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      contractNumber: 'RIC-000001',
      amountCents: 37_742,
      requestedDate: '2026-11-20',
      effectiveDate: '2026-11-20',
      movedToNextBusinessDay: false,
      bankAccount: { accountType: 'checking', bankName: 'JPMorgan Chase Bank', last4: '0000' },
    });
    const s = body.split;
    expect(s.interestCents + s.principalCents + s.feesCents + s.unappliedCents).toBe(37_742);
    expect(res.body).not.toContain('123456780000');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('paying as a guest', () => {
  it('posts the payment, balances the ledger, mails the receipt and sends the debit as WEB single-entry', async () => {
    const ip = nextIp();
    const res = await pay(payment(), randomUUID(), ip);
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(receipt).toEqual({
      confirmationNumber: expect.stringMatching(/^P[0-9A-Z]{10}$/),
      contractNumber: 'RIC-000001',
      amountCents: 37_742,
      effectiveDate: '2026-11-20',
      status: 'pending',
      bankAccount: { accountType: 'checking', bankName: 'JPMorgan Chase Bank', last4: '0000' },
      email: 'ana.guest@example.com',
    });

    const [order] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.confirmationNumber, receipt.confirmationNumber));
    expect(order).toMatchObject({ source: 'guest', payerUserId: null, status: 'pending', secCode: 'WEB' });
    const [method] = await t.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.id, order!.paymentMethodId));
    expect(method).toMatchObject({
      userId: null,
      kind: 'bank_account',
      last4: '0000',
      holderName: 'Ana Diaz',
    });
    expect(secretBox(TEST_SECRET_KEY).open(method!.accountNumberSealed!)).toBe('123456780000');
    const [posted] = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, order!.postedPaymentId!));
    expect(posted).toMatchObject({ amountCents: 37_742, receivedOn: '2026-11-20' });
    const ledger = await checkLedger(t.database.db);
    expect(ledger.unbalancedEntries).toEqual([]);
    expect(ledger.balanceMismatches).toEqual([]);

    const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, 'ana.guest@example.com'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.template).toBe('payment-confirmation');
    expect(mail[0]!.text).toContain(receipt.confirmationNumber);
    expect(mail[0]!.text).toContain('Hello Ana Diaz');

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'payment_order.create'), eq(auditEvents.resourceId, 'RIC-000001')));
    expect(audit).toMatchObject({ actorType: 'system', actorId: 'guest-payment', ip });
    expect(JSON.stringify(audit!.details)).not.toContain('123456780000');

    const written = await writeAchFile(
      t.database.db,
      t.clock,
      secretBox(TEST_SECRET_KEY),
      outgoing,
      calendarDate('2026-11-20'),
    );
    expect(written?.entryCount).toBe(1);
    const parsed = parseAchFile(await readFile(path.join(outgoing, written!.fileName), 'utf8'));
    if (!parsed.ok) throw new Error('the ACH file does not parse');
    const [batch] = parsed.file.batches;
    expect(batch!.secCode).toBe('WEB');
    expect(
      batch!.entries.map((e) => [
        e.accountNumber.trim(),
        e.amountCents,
        e.individualId.trim(),
        e.discretionaryData.trim(),
      ]),
    ).toEqual([['123456780000', 37_742, 'RIC-000001', 'S']]);
  });

  it('tells the guest at the address they gave when the bank returns the debit', async () => {
    const res = await pay(
      payment({ accountNumber: '5000000001', email: 'returned@example.com', amountCents: 10_000 }),
    );
    expect(res.statusCode).toBe(201);
    const written = await writeAchFile(
      t.database.db,
      t.clock,
      secretBox(TEST_SECRET_KEY),
      outgoing,
      calendarDate('2026-11-20'),
    );
    const text = await readFile(path.join(outgoing, written!.fileName), 'utf8');
    const returns = sandboxBankReturns(text, { '5000000001': 'R01' }, calendarDate('2026-11-24'))!;
    const outcomes = await importAchReturns(t.database.db, t.clock, returns, {
      actor: { type: 'system', id: 'test' },
    });
    expect(outcomes).toEqual([
      expect.objectContaining({ outcome: 'returned', confirmationNumber: res.json().confirmationNumber }),
    ]);
    const mail = await t.database.db.select().from(outbox).where(eq(outbox.to, 'returned@example.com'));
    expect(mail.map((m) => m.template)).toEqual(['payment-confirmation', 'payment-returned']);
    expect(mail[1]!.text).toContain('R01');
    expect((await checkLedger(t.database.db)).unbalancedEntries).toEqual([]);
  });

  it('schedules a later date without posting it', async () => {
    const res = await pay(payment({ date: '2026-12-01', amountCents: 5_000, email: 'later@example.com' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'scheduled', effectiveDate: '2026-12-01' });
    const [order] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.confirmationNumber, res.json().confirmationNumber));
    expect(order).toMatchObject({ status: 'scheduled', postedPaymentId: null });
    const [mail] = await t.database.db.select().from(outbox).where(eq(outbox.to, 'later@example.com'));
    expect(mail!.text).toContain('It is scheduled for 2026-12-01. To change or cancel it, call us');
  });

  it('answers a retry with the same key and body the same, once; the key with another body is a conflict', async () => {
    const key = randomUUID();
    const body = payment({ amountCents: 1_234, email: 'retry@example.com' });
    const first = await pay(body, key);
    expect(first.statusCode).toBe(201);
    const again = await pay(body, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await pay({ ...body, amountCents: 1_235 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const orders = await t.database.db
      .select()
      .from(paymentOrders)
      .where(and(eq(paymentOrders.source, 'guest'), eq(paymentOrders.amountCents, 1_234)));
    expect(orders).toHaveLength(1);
    expect(await t.database.db.select().from(outbox).where(eq(outbox.to, 'retry@example.com'))).toHaveLength(
      1,
    );
  });

  it('makes one payment of many identical requests sent at once with one key', async () => {
    const key = randomUUID();
    const body = payment({ amountCents: 2_222, email: 'burst@example.com' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => pay(body, key)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().confirmationNumber)).size).toBe(1);
    const orders = await t.database.db
      .select()
      .from(paymentOrders)
      .where(and(eq(paymentOrders.source, 'guest'), eq(paymentOrders.amountCents, 2_222)));
    expect(orders).toHaveLength(1);
  });

  it('keeps guests on one contract under the daily maximum', async () => {
    const deps = {
      db: t.database.db,
      clock: t.clock,
      settings: {
        cutoff: paymentCutoff('20:00', t.config.timeZone),
        cutoffTime: '20:00',
        dailyMaxCents: 30_000,
      },
      gateway: sandboxPaymentGateway(TEST_SECRET_KEY, t.clock),
      secretKey: TEST_SECRET_KEY,
      challengeKey: 'test',
    };
    const lease = guestPaymentRequest.parse(
      payment({ contractNumber: 'LSE-000001', zip: '78701', amountCents: 20_000 }),
    );
    const first = await payAsGuest(deps, lease, randomUUID(), { ip: nextIp() });
    expect(first.statusCode).toBe(201);
    const before = await rowCounts();
    await expect(payAsGuest(deps, lease, randomUUID(), { ip: nextIp() })).rejects.toMatchObject({
      code: 'PAYMENTS.DAILY_LIMIT',
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe('throttling', () => {
  it('asks for a proof of work after 3 tries in an hour from one address, and takes a solved one', async () => {
    const ip = nextIp();
    for (let i = 0; i < 3; i++) expect((await identify(facts, ip)).statusCode).toBe(200);
    const asked = await identify(facts, ip);
    expect(asked.statusCode).toBe(401);
    expect(asked.json().error.code).toBe('AUTH.CHALLENGE_REQUIRED');
    const solution = await solve(asked.json().error.challenge);
    const res = await post('/api/v1/guest-payments/identify', facts, {
      ip,
      headers: { 'x-challenge': solution },
    });
    expect(res.statusCode).toBe(200);
  });

  it('asks every address for a proof of work once a contract has 3 failed proofs from anywhere', async () => {
    const lease = { contractNumber: 'LSE-000001', zip: '78701', taxIdLast4: '0123' };
    for (const zip of ['78702', '78703', '78704']) {
      expect((await identify({ ...lease, zip })).statusCode).toBe(404);
    }
    // A new address with the right facts: the contract, not the address, asks for the work.
    const asked = await identify(lease);
    expect(asked.statusCode).toBe(401);
    expect(asked.json().error.code).toBe('AUTH.CHALLENGE_REQUIRED');
    // Another contract is not affected.
    expect((await identify(facts)).statusCode).toBe(200);
  });

  it('refuses after 20 tries in an hour from one address', async () => {
    const ip = nextIp();
    const now = t.clock.now();
    await t.database.db
      .insert(formAttempts)
      .values(Array.from({ length: 20 }, () => ({ form: 'guest_payment' as const, ip, occurredAt: now })));
    const res = await identify(facts, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('FORM.TOO_MANY_TRIES');
  });
});
