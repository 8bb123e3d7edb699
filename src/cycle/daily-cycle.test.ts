import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { inContractRange } from '../db/contract-range.ts';
import {
  contracts,
  cycleRuns,
  cycleSteps,
  delinquencyHistory,
  outbox,
  paymentMethods,
  paymentOrders,
  payments,
  userPreferences,
} from '../db/schema.ts';
import { DEFAULT_PREFERENCES } from '../notifications/preferences.schemas.ts';
import type { PaymentGateway } from '../payments/payment-gateway.ts';
import { newConfirmationNumber } from '../payments/payments.ts';
import { lastCycleDate } from '../platform/business-date.ts';
import { fixedClock } from '../platform/clock.ts';
import { startJobQueue, stopJobQueue } from '../platform/queue.ts';
import { secretBox } from '../platform/secret-box.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import { startCycleWorkers } from './daily-cycle.jobs.ts';
import { type CycleDeps, nextSteps, planCycle, runCyclesInProcess, runStep } from './daily-cycle.ts';

// Five $20,000 loans due on the 10th, boarded with nothing paid (so delinquent from the start): Ana
// holds RIC-000101..103, Ben RIC-000104..105 and wants no payment-due reminders. Ana has a card
// payment scheduled on each of her loans and Ben a bank payment on each of his, all effective on
// Friday Dec 4 2026. The cycle of Dec 5 (run on Dec 6) posts them; Dec 10 is five days later, when
// reminders go out under the default preference.
let t: TestApp;
let anaUser = '';
let benUser = '';
const NUMBERS = ['RIC-000101', 'RIC-000102', 'RIC-000103', 'RIC-000104', 'RIC-000105'];

/** A card gateway that can be told to fail (a network outage mid-cycle), counting charges per key. */
let gatewayDown = false;
const charges = new Map<string, number>();
const gateway: PaymentGateway = {
  verifyBankAccount: async () => ({ ok: true, bankName: 'Test Bank' }),
  describeCard: async () => ({ ok: false, reason: 'unknown_token', message: 'unused' }),
  chargeCard: async ({ idempotencyKey }) => {
    if (gatewayDown) throw new Error('gateway unreachable');
    charges.set(idempotencyKey, (charges.get(idempotencyKey) ?? 0) + 1);
    return { ok: true, reference: `ch_${idempotencyKey}` };
  },
};

const depsOn = (today: string, chunkSize = 2): CycleDeps => ({
  clock: fixedClock(calendarDate(today)),
  box: secretBox(TEST_SECRET_KEY),
  achOutgoingDir: mkdtempSync(path.join(tmpdir(), 'autofin-cycle-')),
  printDir: mkdtempSync(path.join(tmpdir(), 'autofin-print-')),
  gateway,
  chunkSize,
});

async function addMethod(userId: string, kind: 'bank_account' | 'debit_card') {
  const [row] = await t.database.db
    .insert(paymentMethods)
    .values({
      userId,
      kind,
      nickname: kind,
      holderName: 'Test Person',
      last4: '6789',
      fingerprint: `${userId}-${kind}`,
      ...(kind === 'bank_account'
        ? {
            routingNumber: '021000021',
            accountNumberSealed: secretBox(TEST_SECRET_KEY).seal('123456789'),
            accountType: 'checking' as const,
          }
        : { gatewayToken: 'tok_test' }),
      status: 'active',
      createdAt: t.clock.now(),
    })
    .returning({ id: paymentMethods.id });
  return row!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const party = loanContract().parties[0]!;
  for (const [i, contractNumber] of NUMBERS.entries()) {
    const customerNumber = i < 3 ? 'CUST-ANA' : 'CUST-BEN';
    await boardContract(t, key, loanContract({ contractNumber, parties: [{ ...party, customerNumber }] }));
  }
  anaUser = await createUser(t, 'ana', { customerNumber: 'CUST-ANA' });
  benUser = await createUser(t, 'ben', { customerNumber: 'CUST-BEN' });
  await t.database.db.insert(userPreferences).values({
    userId: benUser,
    channels: { ...DEFAULT_PREFERENCES.channels, payment_due: { email: false, sms: false } },
    dueReminderDays: 5,
    updatedAt: t.clock.now(),
  });
  const card = await addMethod(anaUser, 'debit_card');
  const bank = await addMethod(benUser, 'bank_account');
  const rows = await t.database.db
    .select({ id: contracts.id, number: contracts.contractNumber })
    .from(contracts)
    .where(inArray(contracts.contractNumber, NUMBERS));
  for (const row of rows) {
    const ana = NUMBERS.indexOf(row.number) < 3;
    await t.database.db.insert(paymentOrders).values({
      confirmationNumber: newConfirmationNumber(),
      contractId: row.id,
      paymentMethodId: ana ? card : bank,
      payerUserId: ana ? anaUser : benUser,
      source: 'one_time',
      amountCents: 37_742,
      intent: 'regular',
      effectiveDate: '2026-12-04',
      status: 'scheduled',
      secCode: ana ? null : 'WEB',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  }
}, 180_000);
afterAll(() => t.close());

const DEC_5 = calendarDate('2026-12-05');
const stepsOf = (date: CalendarDate) =>
  t.database.db
    .select()
    .from(cycleSteps)
    .where(eq(cycleSteps.businessDate, date))
    .orderBy(asc(cycleSteps.chunk));

describe('planning a business date', () => {
  it('splits the contracts into chunks that cover each contract once, with a step per stage and chunk, once', async () => {
    const deps = depsOn('2026-12-06');
    expect(await planCycle(t.database.db, deps, DEC_5)).toBe(true);
    expect(await planCycle(t.database.db, deps, DEC_5)).toBe(false);
    const [run] = await t.database.db.select().from(cycleRuns).where(eq(cycleRuns.businessDate, DEC_5));
    expect(run).toMatchObject({ status: 'running', chunkCount: 3, contractCount: 5 });
    const steps = await stepsOf(DEC_5);
    expect(steps.map((s) => `${s.step}:${s.chunk}`).sort()).toEqual(
      [
        'ach:0',
        'close:0',
        'payments:0',
        'payments:1',
        'payments:2',
        'servicing:0',
        'servicing:1',
        'servicing:2',
      ].sort(),
    );
    const covered: string[] = [];
    for (const step of steps.filter((s) => s.step === 'payments')) {
      const range = { fromId: step.firstContractId, beforeId: step.lastContractId };
      const inChunk = await t.database.db
        .select({ id: contracts.id })
        .from(contracts)
        .where(inContractRange(contracts.id, range));
      expect(inChunk.length).toBeGreaterThan(0);
      covered.push(...inChunk.map((c) => c.id));
    }
    expect(covered.sort()).toEqual(
      (await t.database.db.select({ id: contracts.id }).from(contracts)).map((c) => c.id).sort(),
    );
    // Only the first stage is handed out: the ACH file waits for every chunk's payments.
    expect((await nextSteps(t.database.db, DEC_5)).map((s) => s.stage)).toEqual([
      'payments',
      'payments',
      'payments',
    ]);
  });
});

describe('a cycle that fails midway', () => {
  it('records the failure on the step, then finishes on the retry with each payment posted and charged once', async () => {
    const deps = depsOn('2026-12-06');
    const paymentsBefore = (await t.database.db.select().from(payments)).length;
    const steps = await nextSteps(t.database.db, DEC_5);
    // The first chunk posts; the card gateway goes down for the rest.
    await runStep(t.database.db, deps, steps[0]!);
    gatewayDown = true;
    const failures = await Promise.allSettled(
      steps.slice(1).map((step) => runStep(t.database.db, deps, step)),
    );
    gatewayDown = false;
    expect(failures.some((f) => f.status === 'rejected')).toBe(true);
    const failing = (await stepsOf(DEC_5)).filter((s) => s.error);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0]).toMatchObject({ status: 'pending', attempts: 1, error: 'gateway unreachable' });

    // Two workers resume it at once (a restarted process and another machine).
    const [first, second] = await Promise.all([
      runCyclesInProcess(t.database.db, deps),
      runCyclesInProcess(t.database.db, deps),
    ]);
    const summary = [...first, ...second].find((c) => c.date === DEC_5)!;
    expect(summary.status).toBe('done');
    expect(summary.errors).toEqual([]);
    expect((await t.database.db.select().from(payments)).length).toBe(paymentsBefore + 5);
    expect([...charges.values()]).toEqual([1, 1, 1]);
    const orders = await t.database.db
      .select({ status: paymentOrders.status, ach: paymentOrders.achFileId })
      .from(paymentOrders);
    expect(orders.filter((o) => o.status === 'settled')).toHaveLength(3);
    expect(orders.filter((o) => o.status === 'pending' && o.ach !== null)).toHaveLength(2);
    const check = await checkLedger(t.database.db);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
    expect(await lastCycleDate(t.database.db)).toBe(DEC_5);
  });

  it('reminded each owing party who wants it, once, five days before the due date', async () => {
    const reminders = await t.database.db
      .select({ to: outbox.to, subject: outbox.subject })
      .from(outbox)
      .where(eq(outbox.template, 'payment-due-reminder'));
    // Ana's loans each had a payment of $377.42 posted, but the loans were boarded far behind.
    expect(reminders).toHaveLength(3);
    expect(new Set(reminders.map((r) => r.to))).toEqual(new Set(['ana@example.com']));
    expect(reminders[0]!.subject).toMatch(/is due 2026-12-10$/);
  });

  it('recorded the delinquent contracts with days and amount past due', async () => {
    const rows = await t.database.db
      .select()
      .from(delinquencyHistory)
      .where(eq(delinquencyHistory.businessDate, DEC_5));
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.daysPastDue).toBeGreaterThan(90);
      expect(row.bucket).toBe('90+');
      expect(row.pastDueCents).toBeGreaterThan(0);
    }
  });
});

describe('catching up', () => {
  it('runs each missed business date once, in order, and nothing when up to date', async () => {
    const deps = depsOn('2026-12-09');
    const ran = await runCyclesInProcess(t.database.db, deps);
    expect(ran.map((c) => c.date)).toEqual(['2026-12-06', '2026-12-07', '2026-12-08']);
    expect(ran.every((c) => c.status === 'done')).toBe(true);
    expect(await runCyclesInProcess(t.database.db, deps)).toEqual([]);
    // Reminders went out once, whatever reruns happened.
    const [{ count } = { count: 0 }] = await t.database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.template, 'payment-due-reminder'));
    expect(count).toBe(3);
  });

  it('runs on the job queue: the worker plans the due date and works its stages to the close', async () => {
    const deps = depsOn('2026-12-10');
    const log = { info: () => {}, error: () => {} };
    const jobs = await startJobQueue(t.database, log);
    await startCycleWorkers(jobs, t.database.db, deps, log);
    try {
      const done = async () => {
        const [run] = await t.database.db
          .select({ status: cycleRuns.status })
          .from(cycleRuns)
          .where(and(eq(cycleRuns.businessDate, '2026-12-09')));
        return run?.status;
      };
      await expect.poll(done, { timeout: 60_000, interval: 250 }).toBe('done');
      expect(await lastCycleDate(t.database.db)).toBe('2026-12-09');
    } finally {
      await stopJobQueue(jobs);
    }
  }, 90_000);
});
