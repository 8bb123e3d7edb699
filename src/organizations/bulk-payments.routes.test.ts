import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { parseAchFile } from '../core/nacha.ts';
import { findContract } from '../db/contracts.ts';
import {
  auditEvents,
  bulkPayments,
  contractPositions,
  contracts,
  feeAssessments,
  organizations,
  outbox,
  paymentOrders,
  payments,
} from '../db/schema.ts';
import { importAchReturns, sandboxBankReturns, writeAchFile } from '../payments/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardingKey, createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { postDueBulkPayments } from './bulk-payments.ts';

// Keystone pays its fleet from its own checking account: FL-0001..3 are loans signed long ago and
// never paid (past due), FL-0004..6 loans not yet due, FL-0007 a lease due today; Harbor has
// HC-0001. The test clock's business date is 2026-11-20, a Friday.
let t: TestApp;
let keystone = '';
let harbor = '';
let account = '';
let harborAccount = '';
const sessions: Record<string, string> = {};
const KS = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
const PAST_DUE = ['FL-0001', 'FL-0002', 'FL-0003'];
const CURRENT = ['FL-0004', 'FL-0005', 'FL-0006'];
const system = { actor: { type: 'system' as const, id: 'test' } };

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, KS, PAST_DUE);
  await boardFleet(t, key, KS, CURRENT, loanContract, {
    contractDate: '2026-11-01',
    firstPaymentDate: '2026-12-01',
  });
  await boardFleet(t, key, KS, ['FL-0007'], leaseContract, {
    contractDate: '2026-11-20',
    firstPaymentDate: '2026-11-20',
  });
  await boardFleet(t, key, businessParty('BIZ-HARBOR', 'Harbor Courier Co.'), ['HC-0001']);
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  for (const [login, org, role] of [
    ['ks.admin', keystone, 'admin'],
    ['ks.manager', keystone, 'manager'],
    ['ks.viewer', keystone, 'viewer'],
    ['ks.driver', keystone, 'driver'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    await addMember(t, org, await createUser(t, login), role);
    sessions[login] = await signIn(t, login);
  }
  harborAccount = await addTestBankAccount(t.database.db, { organizationId: harbor }, t.clock.now());
}, 180_000);
afterAll(() => t.close());

const call = (
  login: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; payload?: string } = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...csrf.headers, ...options.headers },
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
    ...(options.payload !== undefined
      ? { payload: options.payload }
      : options.body !== undefined
        ? { payload: options.body as object }
        : {}),
  });
const orgUrl = (suffix: string, org = keystone) => `/api/v1/organizations/${org}${suffix}`;
const preview = (login: string, selection: unknown, org = keystone, method = account) =>
  call(login, 'POST', orgUrl('/bulk-payments/preview', org), {
    body: { paymentMethodId: method, selection },
  });
const pay = (login: string, lines: unknown, key = randomUUID(), extra: object = {}) =>
  call(login, 'POST', orgUrl('/bulk-payments'), {
    body: { paymentMethodId: account, lines, ...extra },
    headers: { 'idempotency-key': key },
  });
const count = async (table: typeof paymentOrders | typeof bulkPayments | typeof payments) =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const position = async (contractNumber: string) => {
  const contract = (await findContract(t.database.db, contractNumber))!;
  const [row] = await t.database.db
    .select()
    .from(contractPositions)
    .where(eq(contractPositions.contractId, contract.id));
  return row!;
};

describe('the business’s bank accounts', () => {
  it('an admin adds one (verified by the bank); a manager may use it but not add one', async () => {
    const added = await call('ks.admin', 'POST', orgUrl('/payment-methods'), {
      body: {
        routingNumber: '021000021',
        accountNumber: '123456789',
        accountType: 'checking',
        holderName: 'Keystone Logistics LLC',
        nickname: 'Operating account',
      },
    });
    expect(added.statusCode).toBe(201);
    account = added.json().id;
    expect(added.json()).toMatchObject({ bankName: 'JPMorgan Chase Bank', last4: '6789', isDefault: false });
    const manager = await call('ks.manager', 'POST', orgUrl('/payment-methods'), {
      body: {
        routingNumber: '021000021',
        accountNumber: '555566667',
        accountType: 'checking',
        holderName: 'Keystone Logistics LLC',
      },
    });
    expect(manager.statusCode).toBe(404);
    const listed = await call('ks.manager', 'GET', orgUrl('/payment-methods'));
    expect(listed.json().paymentMethods.map((m: { id: string }) => m.id)).toEqual([account]);
    // The account is the business's, never the member's own.
    const own = await call('ks.admin', 'GET', '/api/v1/payment-methods');
    expect(own.json().paymentMethods).toEqual([]);
  });

  it('is invisible to a viewer, a driver and another business', async () => {
    for (const login of ['ks.viewer', 'ks.driver', 'hc.admin']) {
      expect((await call(login, 'GET', orgUrl('/payment-methods'))).statusCode).toBe(404);
    }
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'payment_method.add'));
    expect(audit!.details).toMatchObject({ organizationId: keystone, last4: '6789' });
  });
});

describe('POST /api/v1/organizations/{id}/bulk-payments/preview', () => {
  it('shows each contract’s amount and split, the effective date and the total, writing nothing', async () => {
    const before = await count(paymentOrders);
    const res = await preview('ks.manager', {
      kind: 'lines',
      lines: [
        { contractNumber: 'FL-0001', amountCents: 20_000 },
        { contractNumber: 'FL-0004', amountCents: 15_000 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ effectiveDate: '2026-11-20', totalCents: 35_000 });
    for (const line of body.lines) {
      const s = line.split;
      expect(
        s.interestCents +
          s.principalCents +
          s.feesCents +
          s.unappliedCents +
          s.leaseReceivableCents +
          s.salesTaxCents,
      ).toBe(line.amountCents);
    }
    expect(await count(paymentOrders)).toBe(before);
  });

  it('“everything due this month” takes each contract’s amount due from its stored position', async () => {
    const res = await preview('ks.manager', { kind: 'due_this_month' });
    expect(res.statusCode).toBe(200);
    const lines = res.json().lines as { contractNumber: string; amountCents: number }[];
    // The past-due loans, the lease due today and the loans first due on 2026-12-01 are not due in November.
    expect(lines.map((l) => l.contractNumber)).toEqual([...PAST_DUE, 'FL-0007']);
    for (const line of lines) {
      const p = await position(line.contractNumber);
      expect(line.amountCents).toBe(
        p.pastDueCents + p.feesCents + (p.nextDueDate! <= '2026-11-30' ? p.nextDueAmountCents : 0),
      );
    }
  });

  it('names every bad line by its field: foreign, unknown, twice, above the payoff', async () => {
    const payoff = (await position('FL-0004')).payoffCents;
    const res = await preview('ks.manager', {
      kind: 'lines',
      lines: [
        { contractNumber: 'FL-0001', amountCents: 1_000 },
        { contractNumber: 'HC-0001', amountCents: 1_000 },
        { contractNumber: 'NOPE-1', amountCents: 1_000 },
        { contractNumber: 'FL-0001', amountCents: 2_000 },
        { contractNumber: 'FL-0004', amountCents: payoff + 1 },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'BULK_PAYMENTS.LINES_INVALID',
      fields: {
        'lines.1.contractNumber': 'HC-0001 is not a contract of this business.',
        'lines.2.contractNumber': 'NOPE-1 is not a contract of this business.',
        'lines.3.contractNumber': 'FL-0001 is already on lines.0.line.',
        'lines.4.amountCents': expect.stringContaining('more than the payoff amount'),
      },
    });
  });

  it('refuses an empty selection, a zero amount, another business’s account and a role that cannot pay', async () => {
    const empty = await preview('ks.manager', { kind: 'lines', lines: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toMatchObject({
      'selection.lines': 'Choose at least one contract to pay.',
    });
    const zero = await preview('ks.manager', {
      kind: 'lines',
      lines: [{ contractNumber: 'FL-0001', amountCents: 0 }],
    });
    expect(zero.statusCode).toBe(400);
    expect(Object.keys(zero.json().error.fields)).toEqual(['selection.lines.0.amountCents']);
    const foreignAccount = await preview('ks.manager', { kind: 'due_this_month' }, keystone, harborAccount);
    expect(foreignAccount.statusCode).toBe(404);
    for (const login of ['ks.viewer', 'ks.driver', 'hc.admin']) {
      expect((await preview(login, { kind: 'due_this_month' })).statusCode).toBe(404);
    }
  });

  it('reads a CSV of contract and amount, naming each bad row; a file not in UTF-8 is refused', async () => {
    const csv = (text: string) =>
      call('ks.manager', 'POST', orgUrl(`/bulk-payments/preview-csv?paymentMethodId=${account}`), {
        payload: text,
        headers: { 'content-type': 'text/csv' },
      });
    const good = await csv('contractNumber,amount\nFL-0001,150.25\nFL-0002,"1,000.00"\n');
    expect(good.statusCode).toBe(200);
    expect(good.json().lines.map((l: { amountCents: number }) => l.amountCents)).toEqual([15_025, 100_000]);
    const bad = await csv('contractNumber,amount\nFL-0001,12.5\n=1+2,10.00\nHC-0001,10.00\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({
      'row 2: amount': 'Write the amount in dollars and cents, as 1234.56.',
      'row 3: contractNumber': 'A cell cannot start with = + - @ (a formula).',
    });
    const foreign = await csv('contractNumber,amount\nFL-0001,10.00\nHC-0001,10.00\n');
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.fields).toEqual({
      'row 3: contractNumber': 'HC-0001 is not a contract of this business.',
    });
    const latin1 = await t.app.inject({
      method: 'POST',
      url: orgUrl(`/bulk-payments/preview-csv?paymentMethodId=${account}`),
      headers: { ...csrf.headers, 'content-type': 'text/csv' },
      cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions['ks.manager']! },
      payload: Buffer.from([0x46, 0x4c, 0xe9, 0x2c, 0x31, 0x0a, 0x46, 0x4c, 0xe9, 0x2c, 0x31, 0x0a]),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error.code).toBe('FLEET.CSV_ENCODING');
  });
});

describe('POST /api/v1/organizations/{id}/bulk-payments', () => {
  let paid: { id: string; confirmationNumber: string; totalCents: number } = {
    id: '',
    confirmationNumber: '',
    totalCents: 0,
  };
  const THREE = [
    { contractNumber: 'FL-0001', amountCents: 25_000 },
    { contractNumber: 'FL-0002', amountCents: 30_000 },
    { contractNumber: 'FL-0003', amountCents: 12_345 },
  ];

  it('pays three contracts in one transaction: one posting each, their sum the debit, the ledger balanced', async () => {
    const before = await Promise.all(THREE.map((l) => position(l.contractNumber)));
    const res = await pay('ks.manager', THREE);
    expect(res.statusCode).toBe(201);
    paid = res.json();
    expect(res.json()).toMatchObject({
      status: 'pending',
      totalCents: 67_345,
      lineCount: 3,
      madeBy: 'User ks.manager',
    });
    expect(res.json().confirmationNumber).toMatch(/^B[0-9A-Z]{10}$/);
    const orders = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.bulkPaymentId, paid.id));
    expect(orders.map((o) => o.status)).toEqual(['pending', 'pending', 'pending']);
    const posted = await t.database.db
      .select()
      .from(payments)
      .where(
        inArray(
          payments.id,
          orders.map((o) => o.postedPaymentId!),
        ),
      );
    expect(posted.reduce((sum, p) => sum + p.amountCents, 0)).toBe(67_345);
    const after = await Promise.all(THREE.map((l) => position(l.contractNumber)));
    // Each line is less than its contract's past-due amount, and all of it goes to what is past due.
    THREE.forEach((line, i) => {
      expect(before[i]!.pastDueCents - after[i]!.pastDueCents).toBe(line.amountCents);
    });
    for (const line of res.json().lines) expect(line.split).not.toBeNull();
    expect(await checkLedger(t.database.db)).toMatchObject({
      unbalancedEntries: [],
      balanceMismatches: [],
      positionMismatches: [],
    });
    const mail = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.template, 'bulk-payment-confirmation'));
    expect(mail.map((m) => m.to)).toEqual(['ks.manager@example.com']);
  });

  it('twenty concurrent submissions with one Idempotency-Key make one bulk payment', async () => {
    const key = randomUUID();
    const lines = [{ contractNumber: 'FL-0004', amountCents: 5_000 }];
    const bulkBefore = await count(bulkPayments);
    const postedBefore = await count(payments);
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay('ks.admin', lines, key)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await count(bulkPayments)).toBe(bulkBefore + 1);
    expect(await count(payments)).toBe(postedBefore + 1);
    const reused = await pay('ks.admin', [{ contractNumber: 'FL-0004', amountCents: 6_000 }], key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('keeps the organization’s limit, and a refused payment writes nothing', async () => {
    await t.database.db
      .update(organizations)
      .set({ bulkPaymentMaxCents: 10_000 })
      .where(eq(organizations.id, keystone));
    const before = await Promise.all([count(bulkPayments), count(paymentOrders), count(payments)]);
    const res = await pay('ks.manager', [
      { contractNumber: 'FL-0005', amountCents: 6_000 },
      { contractNumber: 'FL-0006', amountCents: 6_000 },
    ]);
    await t.database.db
      .update(organizations)
      .set({ bulkPaymentMaxCents: 100_000_000 })
      .where(eq(organizations.id, keystone));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'BULK_PAYMENTS.LIMIT' });
    expect(await Promise.all([count(bulkPayments), count(paymentOrders), count(payments)])).toEqual(before);
  });

  it('is the organization’s: listed and shown to a viewer, a 404 for a driver and another business', async () => {
    const list = await call('ks.viewer', 'GET', orgUrl('/bulk-payments'));
    expect(list.json().bulkPayments.map((b: { id: string }) => b.id)).toContain(paid.id);
    const one = await call('ks.viewer', 'GET', orgUrl(`/bulk-payments/${paid.id}`));
    expect(one.json().lines.map((l: { contractNumber: string }) => l.contractNumber)).toEqual(PAST_DUE);
    expect((await call('ks.driver', 'GET', orgUrl(`/bulk-payments/${paid.id}`))).statusCode).toBe(404);
    expect((await call('hc.admin', 'GET', orgUrl(`/bulk-payments/${paid.id}`, harbor))).statusCode).toBe(404);
    expect(
      (await call('hc.admin', 'GET', orgUrl(`/bulk-payments/${paid.id}/receipt.pdf`, harbor))).statusCode,
    ).toBe(404);
    expect((await call('hc.admin', 'GET', orgUrl('/bulk-payments', harbor))).json().bulkPayments).toEqual([]);
    // The maker's own payment list is theirs; the business's payments are on the fleet's pages.
    expect((await call('ks.manager', 'GET', '/api/v1/payments')).json().payments).toEqual([]);
  });

  it('reads a bulk payment of three lines with the same queries as one of one line', async () => {
    const [one] = await t.database.db.select().from(bulkPayments).where(eq(bulkPayments.lineCount, 1));
    const counted = async (id: string) => {
      const counter = countQueries(t.database.db);
      try {
        expect((await call('ks.viewer', 'GET', orgUrl(`/bulk-payments/${id}`))).statusCode).toBe(200);
      } finally {
        counter.stop();
      }
      return counter.statements.length;
    };
    expect(await counted(paid.id)).toBe(await counted(one!.id));
  });

  it('gives a receipt listing every contract, as PDF and as CSV', async () => {
    const pdf = await call('ks.manager', 'GET', orgUrl(`/bulk-payments/${paid.id}/receipt.pdf`));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await call('ks.manager', 'GET', orgUrl(`/bulk-payments/${paid.id}/receipt.csv`));
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="bulk-payment-${paid.confirmationNumber}.csv"`,
    );
    const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Contract number'], r.Amount])).toEqual([
      ['FL-0001', '250.00'],
      ['FL-0002', '300.00'],
      ['FL-0003', '123.45'],
    ]);
  });

  it('goes to the bank as one CCD entry for the total; its return reverses every contract exactly, once', async () => {
    const outgoing = await mkdtemp(path.join(tmpdir(), 'autofin-bulk-ach-'));
    const box = secretBox(TEST_SECRET_KEY);
    const before = await Promise.all(THREE.map((l) => position(l.contractNumber)));
    const feesBefore = (await t.database.db.select().from(feeAssessments)).length;
    const written = await writeAchFile(t.database.db, t.clock, box, outgoing, calendarDate('2026-11-20'));
    const parsed = parseAchFile(await readFile(path.join(outgoing, written!.fileName), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ccd = parsed.file.batches.find((b) => b.secCode === 'CCD')!;
    const entry = ccd.entries.find((e) => e.individualId.trim() === paid.confirmationNumber)!;
    expect(entry).toMatchObject({ amountCents: 67_345, accountNumber: '123456789' });
    const lines = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.bulkPaymentId, paid.id));
    expect(new Set(lines.map((l) => l.traceNumber))).toEqual(new Set([entry.traceNumber]));

    const returns = sandboxBankReturns(
      await readFile(path.join(outgoing, written!.fileName), 'utf8'),
      { '123456789': 'R01' },
      calendarDate('2026-11-24'),
    )!;
    const outcome = await importAchReturns(t.database.db, t.clock, returns, system);
    expect(outcome).toContainEqual(
      expect.objectContaining({
        outcome: 'returned',
        confirmationNumber: paid.confirmationNumber,
        reasonCode: 'R01',
      }),
    );
    const again = await importAchReturns(t.database.db, t.clock, returns, system);
    expect(again.filter((o) => o.outcome === 'returned')).toEqual([]);
    const [bulk] = await t.database.db.select().from(bulkPayments).where(eq(bulkPayments.id, paid.id));
    expect(bulk).toMatchObject({ status: 'returned', returnCode: 'R01' });
    const reversed = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.bulkPaymentId, paid.id));
    expect(reversed.map((o) => o.status)).toEqual(['returned', 'returned', 'returned']);
    const after = await Promise.all(THREE.map((l) => position(l.contractNumber)));
    const fees = (await t.database.db.select().from(feeAssessments)).slice(feesBefore);
    THREE.forEach((_, i) => {
      // Each contract owes again what its line paid off the past-due amount, plus its own returned-payment fee.
      expect(after[i]!.pastDueCents).toBeGreaterThan(before[i]!.pastDueCents);
    });
    expect(fees.length).toBeGreaterThan(0);
    // The file also carried the one-line payment of the concurrency test, from the same account.
    const mail = (
      await t.database.db.select().from(outbox).where(eq(outbox.template, 'bulk-payment-returned'))
    ).filter((m) => m.text.includes(paid.confirmationNumber));
    expect(mail.map((m) => m.to)).toEqual(['ks.admin@example.com']);
    expect(mail[0]!.text).toContain('$673.45');
    expect(await checkLedger(t.database.db)).toMatchObject({
      unbalancedEntries: [],
      balanceMismatches: [],
      positionMismatches: [],
    });
  });
});

describe('a bulk payment scheduled for a later day', () => {
  it('posts every line on its date, and none of its lines can be cancelled on its own', async () => {
    const res = await pay(
      'ks.manager',
      [
        { contractNumber: 'FL-0005', amountCents: 4_000 },
        { contractNumber: 'FL-0006', amountCents: 4_500 },
      ],
      randomUUID(),
      { date: '2026-11-24' },
    );
    expect(res.json()).toMatchObject({ status: 'scheduled', effectiveDate: '2026-11-24' });
    const [line] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.bulkPaymentId, res.json().id));
    const cancel = await call('ks.manager', 'DELETE', `/api/v1/payments/${line!.id}`);
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.code).toBe('PAYMENTS.PART_OF_BULK');
    const day = calendarDate('2026-11-24');
    const runs = await Promise.all([
      postDueBulkPayments(t.database.db, fixedClock(day), day),
      postDueBulkPayments(t.database.db, fixedClock(day), day),
    ]);
    expect(runs.reduce((n, r) => n + r.posted, 0)).toBe(1);
    const [bulk] = await t.database.db.select().from(bulkPayments).where(eq(bulkPayments.id, res.json().id));
    expect(bulk!.status).toBe('pending');
  });

  it('fails as a whole when one line can no longer post, and tells the admins', async () => {
    const res = await pay(
      'ks.manager',
      [
        { contractNumber: 'FL-0005', amountCents: 4_000 },
        { contractNumber: 'FL-0006', amountCents: 4_500 },
      ],
      randomUUID(),
      { date: '2026-11-25' },
    );
    const id = res.json().id;
    // FL-0006 is paid off by other means before the day comes.
    const day = calendarDate('2026-11-25');
    const fl6 = (await findContract(t.database.db, 'FL-0006'))!;
    await t.database.db.update(contracts).set({ status: 'paid_off' }).where(eq(contracts.id, fl6.id));
    const postedBefore = await count(payments);
    const run = await postDueBulkPayments(t.database.db, fixedClock(day), day);
    await t.database.db.update(contracts).set({ status: 'active' }).where(eq(contracts.id, fl6.id));
    expect(run).toEqual({ posted: 0, failed: 1 });
    expect(await count(payments)).toBe(postedBefore);
    const [bulk] = await t.database.db.select().from(bulkPayments).where(eq(bulkPayments.id, id));
    expect(bulk).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('FL-0006') });
    const mail = await t.database.db.select().from(outbox).where(eq(outbox.template, 'bulk-payment-failed'));
    expect(mail.map((m) => m.to)).toEqual(['ks.admin@example.com']);
  });
});

describe('the queries a bulk payment costs', () => {
  // Convoy pays 33 loans signed long ago and never paid: a bulk payment of 3 of them, then of 30.
  const CONVOY = Array.from({ length: 33 }, (_, i) => `CV-${String(i + 1).padStart(4, '0')}`);
  let convoy = '';
  let convoyAccount = '';

  beforeAll(async () => {
    await boardFleet(
      t,
      await boardingKey(t.database),
      businessParty('BIZ-CONVOY', 'Convoy Freight Inc.'),
      CONVOY,
    );
    convoy = await createOrganization(t, 'BIZ-CONVOY');
    await addMember(t, convoy, await createUser(t, 'cv.admin'), 'admin');
    sessions['cv.admin'] = await signIn(t, 'cv.admin');
    convoyAccount = await addTestBankAccount(t.database.db, { organizationId: convoy }, t.clock.now());
  }, 180_000);

  /** The statements one request sends, and its answer. */
  const counted = async (request: () => ReturnType<typeof call>) => {
    const counter = countQueries(t.database.db);
    try {
      const res = await request();
      return { res, queries: counter.statements.length };
    } finally {
      counter.stop();
    }
  };
  const payConvoy = (numbers: string[]) =>
    counted(() =>
      call('cv.admin', 'POST', orgUrl('/bulk-payments', convoy), {
        body: {
          paymentMethodId: convoyAccount,
          lines: numbers.map((contractNumber) => ({ contractNumber, amountCents: 5_000 })),
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
    );
  const listConvoy = () => counted(() => call('cv.admin', 'GET', orgUrl('/bulk-payments', convoy)));

  it('confirms and posts 30 lines with the queries of 3, and lists many bulk payments with the queries of one', async () => {
    const three = await payConvoy(CONVOY.slice(0, 3));
    expect(three.res.statusCode).toBe(201);
    expect(three.res.json()).toMatchObject({ status: 'pending', lineCount: 3 });
    const one = await listConvoy();
    expect(one.res.json().bulkPayments).toHaveLength(1);

    const thirty = await payConvoy(CONVOY.slice(3));
    expect(thirty.res.statusCode).toBe(201);
    expect(thirty.res.json()).toMatchObject({ status: 'pending', lineCount: 30, totalCents: 150_000 });
    expect(thirty.queries).toBe(three.queries);
    const posted = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(paymentOrders)
      .where(
        and(eq(paymentOrders.bulkPaymentId, thirty.res.json().id), isNotNull(paymentOrders.postedPaymentId)),
      );
    expect(posted[0]!.n).toBe(30);

    for (const numbers of [CONVOY.slice(0, 2), CONVOY.slice(10, 20)])
      expect((await payConvoy(numbers)).res.statusCode).toBe(201);
    const many = await listConvoy();
    expect(many.res.json().bulkPayments).toHaveLength(4);
    expect(many.queries).toBe(one.queries);
    expect(await checkLedger(t.database.db)).toMatchObject({
      unbalancedEntries: [],
      balanceMismatches: [],
      positionMismatches: [],
    });
  });
});
