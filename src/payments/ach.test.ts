import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { parseAchFile } from '../core/nacha.ts';
import { findContract } from '../db/contracts.ts';
import {
  accountNotices,
  achFiles,
  feeAssessments,
  outbox,
  paymentMethods,
  paymentOrders,
} from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { postPayment } from '../servicing/payment-posting.ts';
import { loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import { deliverAchFiles, importAchReturns, settleMaturedPayments, writeAchFile } from './ach.ts';
import { sandboxBankReturns } from './sandbox-bank.ts';

// Ana pays loan RIC-000001 from two bank accounts: ••••6789 pays, ••••0001 bounces (R01, then R02).
// Business date 2026-11-20 (a Friday): the file's entries take effect Monday 2026-11-23.
const today = calendarDate('2026-11-20');
const box = secretBox(TEST_SECRET_KEY);
const system = { actor: { type: 'system' as const, id: 'test' } };
let t: TestApp;
let outgoing: string;
let userId: string;
let contractId: string;
const methods: Record<string, string> = {};
let orderCount = 0;

beforeAll(async () => {
  t = await createTestApp();
  outgoing = await mkdtemp(path.join(tmpdir(), 'autofin-ach-'));
  await boardContract(t, await boardingKey(t.database), loanContract());
  userId = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  contractId = (await findContract(t.database.db, 'RIC-000001'))!.id;
  for (const account of ['123456789', '99990001']) {
    const [row] = await t.database.db
      .insert(paymentMethods)
      .values({
        userId,
        kind: 'bank_account',
        nickname: `Checking ${account.slice(-4)}`,
        holderName: 'Ana Lopez',
        last4: account.slice(-4),
        fingerprint: `fp-${account}`,
        accountType: 'checking',
        routingNumber: '021000021',
        accountNumberSealed: box.seal(account),
        status: 'active',
        createdAt: new Date(),
      })
      .returning({ id: paymentMethods.id });
    methods[account] = row!.id;
  }
});
afterAll(async () => {
  await t.close();
  await rm(outgoing, { recursive: true, force: true });
});

/** A bank payment as the payments service leaves it once posted: the ledger side and its pending order. */
async function postedBankPayment(account: string, amountCents: number) {
  orderCount += 1;
  const posted = await postPayment(
    t.database.db,
    t.clock,
    'RIC-000001',
    { amountCents, receivedOn: today, channel: 'ach', intent: 'regular' },
    { scope: 'test', key: `payment-${orderCount}` },
    system,
  );
  const [order] = await t.database.db
    .insert(paymentOrders)
    .values({
      confirmationNumber: `PTEST${orderCount}`,
      contractId,
      paymentMethodId: methods[account]!,
      payerUserId: userId,
      source: 'one_time',
      amountCents,
      intent: 'regular',
      effectiveDate: today,
      status: 'pending',
      postedPaymentId: posted.body.paymentId,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .returning();
  return order!;
}

describe('ACH origination and returns', () => {
  it('writes nothing when no bank debit is waiting', async () => {
    expect(await writeAchFile(t.database.db, t.clock, box, outgoing, today)).toBeNull();
  });

  it('writes one WEB file of the day’s posted bank debits with correct totals, once', async () => {
    const good = await postedBankPayment('123456789', 37_742);
    const bad = await postedBankPayment('99990001', 10_000);
    const written = await writeAchFile(t.database.db, t.clock, box, outgoing, today);
    expect(written).toEqual({ fileName: 'ACH-20261120-A.ach', entryCount: 2, totalDebitCents: 47_742 });
    expect(await writeAchFile(t.database.db, t.clock, box, outgoing, today)).toBeNull();

    const text = await readFile(path.join(outgoing, 'ACH-20261120-A.ach'), 'utf8');
    const parsed = parseAchFile(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const [batch] = parsed.file.batches;
    expect(parsed.file.batches).toHaveLength(1);
    expect(batch!.secCode).toBe('WEB');
    expect(batch!.effectiveEntryDate).toBe('2026-11-23');
    expect(
      batch!.entries.map((e) => [e.accountNumber, e.amountCents, e.individualId, e.discretionaryData.trim()]),
    ).toEqual([
      ['123456789', 37_742, 'RIC-000001', 'S'],
      ['99990001', 10_000, 'RIC-000001', 'S'],
    ]);
    expect(parsed.file.control.totalDebitCents).toBe(47_742);
    const orders = await t.database.db.select().from(paymentOrders);
    expect(new Set(orders.map((o) => o.traceNumber))).toEqual(
      new Set(batch!.entries.map((e) => e.traceNumber)),
    );
    expect(orders.find((o) => o.id === good.id)!.secCode).toBe('WEB');
    expect(orders.find((o) => o.id === bad.id)!.achFileId).not.toBeNull();
  });

  it('writes a recorded file again if it went missing from the outgoing folder', async () => {
    await rm(path.join(outgoing, 'ACH-20261120-A.ach'));
    expect(await deliverAchFiles(t.database.db, outgoing)).toEqual(['ACH-20261120-A.ach']);
    expect(await readdir(outgoing)).toEqual(['ACH-20261120-A.ach']);
    const [file] = await t.database.db.select().from(achFiles);
    expect(await readFile(path.join(outgoing, 'ACH-20261120-A.ach'), 'utf8')).toBe(file!.content);
  });

  it('turns the sandbox bank’s R01 return into an exact reversal, one fee, a notice and a mail, once', async () => {
    const text = await readFile(path.join(outgoing, 'ACH-20261120-A.ach'), 'utf8');
    const returnFile = sandboxBankReturns(text, { '99990001': 'R01' }, calendarDate('2026-11-24'));
    expect(returnFile).not.toBeNull();
    const first = await importAchReturns(t.database.db, t.clock, returnFile!, system);
    expect(first).toEqual([
      expect.objectContaining({
        outcome: 'returned',
        confirmationNumber: 'PTEST2',
        reasonCode: 'R01',
        feeCents: 2_500,
      }),
    ]);
    expect(await importAchReturns(t.database.db, t.clock, returnFile!, system)).toEqual([
      expect.objectContaining({ outcome: 'already_returned', reasonCode: 'R01' }),
    ]);
    const [order] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.confirmationNumber, 'PTEST2'));
    expect(order).toMatchObject({ status: 'returned', returnCode: 'R01' });
    // R01 (insufficient funds) may be tried again: the account stays usable.
    const [method] = await t.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.id, methods['99990001']!));
    expect(method!.status).toBe('active');
    expect(await t.database.db.select().from(feeAssessments)).toHaveLength(1);
    expect(await t.database.db.select().from(accountNotices)).toHaveLength(1);
    const mail = await t.database.db.select().from(outbox).where(eq(outbox.template, 'payment-returned'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('$100.00');
    expect(mail[0]!.text).toContain('R01: Insufficient funds');
    expect(await checkLedger(t.database.db)).toMatchObject({ unbalancedEntries: [], balanceMismatches: [] });
  });

  it('blocks the method on a return that says the account cannot be used (R02)', async () => {
    await postedBankPayment('99990001', 5_000);
    const written = await writeAchFile(t.database.db, t.clock, box, outgoing, today);
    expect(written?.fileName).toBe('ACH-20261120-B.ach');
    const text = await readFile(path.join(outgoing, written!.fileName), 'utf8');
    const returns = sandboxBankReturns(text, { '99990001': 'R02' }, calendarDate('2026-11-24'))!;
    expect(await importAchReturns(t.database.db, t.clock, returns, system)).toEqual([
      expect.objectContaining({ outcome: 'returned', reasonCode: 'R02' }),
    ]);
    const [method] = await t.database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.id, methods['99990001']!));
    expect(method).toMatchObject({ status: 'blocked', blockedReason: 'R02: Account closed' });
  });

  it('reports a return it cannot match, and refuses a file that is not NACHA', async () => {
    const text = await readFile(path.join(outgoing, 'ACH-20261120-A.ach'), 'utf8');
    const returns = sandboxBankReturns(text, { '123456789': 'R03' }, calendarDate('2026-11-24'))!;
    const tampered = returns.replace(/(\n799R03)(\d{15})/, (_, head) => `${head}021000029999999`);
    expect(await importAchReturns(t.database.db, t.clock, tampered, system)).toEqual([
      expect.objectContaining({ outcome: 'unmatched', reasonCode: 'R03' }),
    ]);
    await expect(importAchReturns(t.database.db, t.clock, 'hello', system)).rejects.toThrow(
      /not a valid NACHA file/,
    );
  });

  it('settles bank debits once no ordinary return can come, and not before', async () => {
    expect(
      await settleMaturedPayments(
        t.database.db,
        fixedClock(calendarDate('2026-11-24')),
        calendarDate('2026-11-24'),
      ),
    ).toBe(0);
    expect(
      await settleMaturedPayments(
        t.database.db,
        fixedClock(calendarDate('2026-11-25')),
        calendarDate('2026-11-25'),
      ),
    ).toBe(1);
    const [good] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.confirmationNumber, 'PTEST1'));
    expect(good!.status).toBe('settled');
  });
});
