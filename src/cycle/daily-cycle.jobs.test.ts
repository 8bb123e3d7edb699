import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { contracts, cycleSteps, paymentOrders, payments, systemState } from '../db/schema.ts';
import { newConfirmationNumber } from '../payments/payments.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import { type CycleDeps, planCycle, runCyclesInProcess } from './daily-cycle.ts';

// A worker process (`npm run cli -- cycle work`) killed in the middle of a business date's cycle,
// then the cycle finished by another: every payment posts once and the ledger balances. Separate
// processes share a database only on PostgreSQL (TEST_DATABASE_URL), so this runs there.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const COUNT = 16;
const DAY = calendarDate('2026-11-19');
let t: TestApp;

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const party = loanContract().parties[0]!;
  const numbers = Array.from({ length: COUNT }, (_, i) => `RIC-0${String(700 + i)}`);
  for (const contractNumber of numbers) {
    await boardContract(
      t,
      key,
      loanContract({ contractNumber, parties: [{ ...party, customerNumber: 'CUST-ANA' }] }),
    );
  }
  const userId = await createUser(t, 'ana', { customerNumber: 'CUST-ANA' });
  const methodId = await addTestBankAccount(t.database.db, userId, t.clock.now());
  const rows = await t.database.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(inArray(contracts.contractNumber, numbers));
  for (const row of rows) {
    await t.database.db.insert(paymentOrders).values({
      confirmationNumber: newConfirmationNumber(),
      contractId: row.id,
      paymentMethodId: methodId,
      payerUserId: userId,
      source: 'one_time',
      amountCents: 37_742,
      intent: 'regular',
      effectiveDate: DAY,
      status: 'scheduled',
      secCode: 'WEB',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  }
  // The worker's business date is the stored one (time travel): the day after DAY.
  await t.database.db
    .insert(systemState)
    .values({ id: 1, businessDate: '2026-11-20' })
    .onConflictDoUpdate({
      target: systemState.id,
      set: { businessDate: '2026-11-20' },
    });
}, 180_000);
afterAll(() => t?.close());

describe.skipIf(!onPostgres)('a worker killed mid-cycle', () => {
  it('leaves work that the next run finishes, each payment posted once', async () => {
    const deps: CycleDeps = {
      clock: fixedClock(calendarDate('2026-11-20')),
      box: secretBox(TEST_SECRET_KEY),
      achOutgoingDir: mkdtempSync(path.join(tmpdir(), 'autofin-kill-')),
      printDir: mkdtempSync(path.join(tmpdir(), 'autofin-print-')),
      chunkSize: 1,
    };
    // One contract per chunk, so the worker has many steps to go when it dies.
    await planCycle(t.database.db, deps, DAY);
    const connection = t.database.queueConnection;
    if (connection.engine !== 'postgres') throw new Error('PostgreSQL only');
    const worker = spawn('node_modules/.bin/node', ['src/cli/main.ts', 'cycle', 'work'], {
      env: {
        ...process.env,
        DATABASE_URL: connection.connectionString,
        AUTOFIN_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
        AUTOFIN_TIME_TRAVEL: '1',
        AUTOFIN_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'autofin-kill-data-')),
        AUTOFIN_ACH_OUTGOING_DIR: deps.achOutgoingDir,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => worker.on('exit', resolve));
    const done = async () => {
      const [row] = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(cycleSteps)
        .where(eq(cycleSteps.status, 'done'));
      return row?.n ?? 0;
    };
    await expect.poll(done, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    worker.kill('SIGKILL');
    await exited;
    const total = 2 * COUNT + 2; // a payments and a servicing step per contract, the ACH file, the close
    const doneAtKill = await done();
    expect(doneAtKill).toBeLessThan(total);

    const finished = await runCyclesInProcess(t.database.db, deps);
    expect(finished.map((c) => [c.date, c.status])).toEqual([[DAY, 'done']]);
    expect(await done()).toBe(total);
    const posted = await t.database.db
      .select({ id: payments.id })
      .from(payments)
      .where(eq(payments.receivedOn, DAY));
    expect(posted).toHaveLength(COUNT);
    const orders = await t.database.db.select({ status: paymentOrders.status }).from(paymentOrders);
    expect(orders.every((o) => o.status === 'pending')).toBe(true);
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  }, 120_000);
});
