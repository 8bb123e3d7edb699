import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAchFile } from '../core/nacha.ts';
import {
  auditEvents,
  feeAssessments,
  journalEntries,
  outbox,
  paymentMethods,
  paymentOrders,
  payments,
  postings,
} from '../db/schema.ts';
import { movableClock, moveBusinessDate } from '../platform/business-date.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { loanContract } from '../test-support/contracts.ts';
import { captureOutput } from '../test-support/output.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  TEST_TODAY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { importReturnsCommand, sandboxBankCommand, writeAchFileCommand } from './ach.ts';

// The ACH loop as an operator runs it (docs/ach.md), through the CLI's commands on the portal's
// database: Ana pays loan RIC-000001 on Friday 2026-11-20 (the stored business date, time travel on)
// from two bank accounts added through the API: ••••0000 pays, ••••0001 is the sandbox's R01 account.
let t: TestApp;
let dataDir: string;
let config: Config;
let achFile: string;
let returnsFile: string;
const confirmations: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  dataDir = await mkdtemp(path.join(tmpdir(), 'autofin-cli-ach-'));
  // The environment an operator's shell gives the CLI: the ACH folders default to the data folder's.
  config = loadConfig({
    LOG_LEVEL: 'silent',
    AUTOFIN_DATA_DIR: dataDir,
    AUTOFIN_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
    AUTOFIN_TIME_TRAVEL: '1',
  });
  await moveBusinessDate(t.database.db, movableClock(TEST_TODAY), TEST_TODAY);
  await boardContract(t, await boardingKey(t.database), loanContract());
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  const session = await signIn(t, 'ana');
  const as = { cookies: { ...csrf.cookies, [SESSION_COOKIE]: session }, headers: csrf.headers };
  for (const [accountNumber, amountCents] of [
    ['123456780000', 37_742],
    ['5000000001', 10_000],
  ] as const) {
    const method = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payment-methods',
      ...as,
      payload: {
        kind: 'bank_account',
        routingNumber: '021000021',
        accountNumber,
        accountType: 'checking',
        holderName: 'Ana Diaz',
      },
    });
    if (method.statusCode !== 201) throw new Error(method.body);
    const paid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts/RIC-000001/payments',
      cookies: as.cookies,
      headers: { ...as.headers, 'idempotency-key': randomUUID() },
      payload: { amountCents, paymentMethodId: method.json().id },
    });
    if (paid.statusCode !== 201) throw new Error(paid.body);
    expect(paid.json().status).toBe('pending');
    confirmations[accountNumber] = paid.json().confirmationNumber;
  }
}, 60_000); // signs Ana in (Argon2), slow on a busy machine
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const orderOf = async (accountNumber: string) =>
  (
    await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.confirmationNumber, confirmations[accountNumber]!))
  )[0]!;

/** Rows in every table a return writes to, to show a second import wrote nothing. */
async function rowCounts() {
  const tables: Record<string, PgTable> = {
    journalEntries,
    postings,
    feeAssessments,
    outbox,
    auditEvents,
    paymentMethods,
  };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}

describe('the ACH loop through the CLI', () => {
  it('ach write-file writes the business day’s NACHA file of both debits into ach/outgoing, once', async () => {
    const out = captureOutput();
    expect(await writeAchFileCommand(t.database.db, config, out.stream)).toBe(0);
    achFile = path.join(dataDir, 'ach', 'outgoing', 'ACH-20261120-A.ach');
    expect(out.text()).toBe(`Wrote ${achFile}: 2 debits, $477.42.\n`);
    const parsed = parseAchFile(await readFile(achFile, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    // Both were made at the same instant, so their order in the file is the ids'.
    const entries = parsed.file.batches.flatMap((b) =>
      b.entries.map((e) => [e.accountNumber, e.amountCents]),
    );
    expect(entries.sort()).toEqual([
      ['123456780000', 37_742],
      ['5000000001', 10_000],
    ]);

    const again = captureOutput();
    expect(await writeAchFileCommand(t.database.db, config, again.stream)).toBe(0);
    expect(again.text()).toBe('No bank debits waiting: no file written.\n');
    expect(await readdir(path.join(dataDir, 'ach', 'outgoing'))).toEqual(['ACH-20261120-A.ach']);
  });

  it('sandbox-bank answers with the R01 return of the 5000000001 debit, into ach/incoming', async () => {
    const out = captureOutput();
    // The calendar date is before the debit's effective date, as after time travel: the return is not dated before it.
    expect(await sandboxBankCommand(config, achFile, { today: TEST_TODAY }, out.stream)).toBe(0);
    returnsFile = path.join(dataDir, 'ach', 'incoming', 'ACH-20261120-A-RETURNS.ach');
    expect(out.text()).toBe(
      `Wrote ${returnsFile}. Import it with: npm run cli -- ach import-returns ${returnsFile}\n`,
    );
    const parsed = parseAchFile(await readFile(returnsFile, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [batch] = parsed.file.batches;
    expect(parsed.file.batches).toHaveLength(1);
    expect(batch!.effectiveEntryDate).toBe('2026-11-23');
    expect(
      batch!.entries.map((e) => [e.accountNumber, e.return?.reasonCode, e.return?.originalTraceNumber]),
    ).toEqual([['5000000001', 'R01', (await orderOf('5000000001')).traceNumber]]);
    // The bank's answer is not put where the bank picks up the portal's files.
    expect(await readdir(path.join(dataDir, 'ach', 'outgoing'))).toEqual(['ACH-20261120-A.ach']);
  });

  it('ach import-returns reverses the returned payment with its fee, once; a second import changes nothing', async () => {
    const out = captureOutput();
    expect(await importReturnsCommand(t.database.db, config, returnsFile, out.stream)).toBe(0);
    const returned = await orderOf('5000000001');
    expect(out.text()).toBe(
      `  ${returned.traceNumber} R01: payment ${confirmations['5000000001']} reversed; fee $25.00\n` +
        '1 returns read; 1 payments reversed.\n',
    );
    expect(returned).toMatchObject({ status: 'returned', returnCode: 'R01' });
    expect((await orderOf('123456780000')).status).toBe('pending');
    const [payment] = await t.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, returned.postedPaymentId!));
    expect(payment).toMatchObject({
      status: 'reversed',
      reversalReason: 'returned',
      reversedOn: '2026-11-20',
    });
    const [fee] = await t.database.db.select().from(feeAssessments);
    expect(fee).toMatchObject({ amountCents: 2_500 });
    expect(await checkLedger(t.database.db)).toMatchObject({ unbalancedEntries: [], balanceMismatches: [] });

    const before = await rowCounts();
    const again = captureOutput();
    expect(await importReturnsCommand(t.database.db, config, returnsFile, again.stream)).toBe(0);
    expect(again.text()).toBe(
      `  ${returned.traceNumber} R01: already returned\n1 returns read; 0 payments reversed.\n`,
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('ach import-returns exits 2 when a return matches no payment', async () => {
    const text = await readFile(returnsFile, 'utf8');
    const stranger = path.join(dataDir, 'ach', 'incoming', 'STRANGER-RETURNS.ach');
    // Another trace number in the return addenda (positions 7–21): a return of a debit this portal never sent.
    await writeFile(
      stranger,
      text.replace(/(\n799R01)(\d{15})/, (_, head) => `${head}021000029999999`),
    );
    const out = captureOutput();
    expect(await importReturnsCommand(t.database.db, config, stranger, out.stream)).toBe(2);
    expect(out.text()).toContain('R01: unmatched\n1 returns read; 0 payments reversed.\n');
  });
});
