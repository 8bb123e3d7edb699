import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  contracts,
  ledgerBalances,
  outbox,
  printBatches,
  statements,
  users,
} from '../db/schema.ts';
import { MAX_DELIVERY_ATTEMPTS, sendMail } from '../notifications/mail.ts';
import { loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// The staff operations views of issue 7: the print queue and the outbox's dead letters. Boss is a
// supervisor, agent an agent (neither view exists for them), ana a customer.
let t: TestApp;
const session: Record<string, string> = {};
let bossId = '';

beforeAll(async () => {
  t = await createTestApp();
  await boardContract(t, await boardingKey(t.database), loanContract());
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'agent', { staff: true });
  bossId = await createUser(t, 'boss', { staff: true });
  await t.database.db.update(users).set({ staffRole: 'supervisor' }).where(eq(users.id, bossId));
  for (const u of ['ana', 'agent', 'boss']) session[u] = await signIn(t, u);
});
afterAll(() => t.close());

const as = (user: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: session[user]! },
  headers: csrf.headers,
});
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, ...as(user) });
const post = (user: string, url: string) => t.app.inject({ method: 'POST', url, ...as(user) });

describe('GET /api/v1/staff/print-queue', () => {
  it('shows supervisors the paper statements waiting and the latest print files', async () => {
    const [contract] = await t.database.db.select().from(contracts);
    const statement = (closingDate: string, printedOn: string | null) => ({
      contractId: contract!.id,
      periodStart: '2026-09-01',
      closingDate,
      dueDate: '2026-12-10',
      snapshot: {},
      delivery: 'paper' as const,
      printedOn,
      createdAt: t.clock.now(),
    });
    await t.database.db
      .insert(statements)
      .values([statement('2026-10-20', '2026-10-20'), statement('2026-11-20', null)]);
    await t.database.db.insert(printBatches).values({
      businessDate: '2026-10-20',
      fileName: 'print-2026-10-20.pdf',
      statementCount: 1,
      createdAt: new Date('2026-10-20T23:00:00Z'),
    });
    const res = await get('boss', '/api/v1/staff/print-queue');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      waiting: 1,
      batches: [
        {
          businessDate: '2026-10-20',
          fileName: 'print-2026-10-20.pdf',
          statementCount: 1,
          createdAt: '2026-10-20T23:00:00.000Z',
        },
      ],
    });
  });

  it('is not there for agents and customers', async () => {
    expect((await get('agent', '/api/v1/staff/print-queue')).statusCode).toBe(404);
    expect((await get('ana', '/api/v1/staff/print-queue')).statusCode).toBe(404);
  });
});

describe('the outbox’s dead letters', () => {
  let deadId = 0;
  beforeAll(async () => {
    for (const to of ['bounced@example.com', 'live@example.com']) {
      await sendMail(t.database.db, t.clock, {
        to,
        subject: 'S',
        text: 'T',
        html: 'H',
        template: 'statement-ready',
      });
    }
    const [row] = await t.database.db
      .update(outbox)
      .set({ attempts: MAX_DELIVERY_ATTEMPTS, lastError: '550 no such user bounced@example.com' })
      .where(eq(outbox.to, 'bounced@example.com'))
      .returning();
    deadId = row!.id;
  });

  it('lists the dead messages, masked, without the ones still being tried', async () => {
    const res = await get('boss', '/api/v1/staff/outbox?state=dead');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      total: 1,
      messages: [
        {
          id: deadId,
          channel: 'email',
          to: 'b••••••@example.com',
          template: 'statement-ready',
          attempts: MAX_DELIVERY_ATTEMPTS,
          lastError: '550 no such user b••••••@example.com',
          createdAt: t.clock.now().toISOString(),
          nextAttemptAt: t.clock.now().toISOString(),
        },
      ],
    });
    const pending = (await get('boss', '/api/v1/staff/outbox?state=pending')).json();
    expect(pending.messages.map((m: { to: string }) => m.to)).toContain('l•••@example.com');
    expect(pending.messages.map((m: { id: number }) => m.id)).not.toContain(deadId);
    expect((await get('boss', '/api/v1/staff/outbox?state=lost')).statusCode).toBe(400);
  });

  it('retries a dead message for a supervisor, audited; not for an agent', async () => {
    expect((await post('agent', `/api/v1/staff/outbox/${deadId}/retry`)).statusCode).toBe(404);
    const res = await post('boss', `/api/v1/staff/outbox/${deadId}/retry`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: deadId, attempts: 0 });
    expect((await get('boss', '/api/v1/staff/outbox')).json().total).toBe(0);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, bossId), eq(auditEvents.action, 'staff.outbox_retry')));
    expect(audits).toMatchObject([{ resourceType: 'outbox', resourceId: String(deadId) }]);
    // Not dead any more: a second retry has nothing to do.
    expect((await post('boss', `/api/v1/staff/outbox/${deadId}/retry`)).statusCode).toBe(404);
  });
});

describe('the ledger check on the cycle page', () => {
  it('has no result before the first run, and none for agents and customers', async () => {
    expect((await get('boss', '/api/v1/staff/ledger-check')).json()).toEqual({ check: null });
    for (const user of ['agent', 'ana']) {
      expect((await get(user, '/api/v1/staff/ledger-check')).statusCode).toBe(404);
      expect((await post(user, '/api/v1/staff/ledger-check')).statusCode).toBe(404);
    }
    expect(
      await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.ledger_check')),
    ).toEqual([]);
  });

  it('proves a sound ledger for a supervisor, keeps the result and audits it', async () => {
    const res = await post('boss', '/api/v1/staff/ledger-check');
    expect(res.statusCode).toBe(200);
    const { check } = res.json();
    expect(check).toMatchObject({
      checkedAt: t.clock.now().toISOString(),
      checkedBy: `staff:${bossId}`,
      unbalancedEntryCount: 0,
      balanceMismatchCount: 0,
      findings: { unbalancedEntries: [], balanceMismatches: [] },
    });
    // The boarded contract's opening entry at least.
    expect(check.entryCount).toBeGreaterThan(0);
    expect((await get('boss', '/api/v1/staff/ledger-check')).json()).toEqual({ check });
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, bossId), eq(auditEvents.action, 'staff.ledger_check')));
    expect(audits).toMatchObject([
      {
        resourceType: 'ledger',
        details: { entries: check.entryCount, unbalancedEntries: 0, balanceMismatches: 0 },
      },
    ]);
  });

  it('finds a cached balance that differs from its postings, and names it', async () => {
    const [balance] = await t.database.db.select().from(ledgerBalances).limit(1);
    await t.database.db
      .update(ledgerBalances)
      .set({ balanceCents: balance!.balanceCents + 1 })
      .where(
        and(eq(ledgerBalances.contractId, balance!.contractId), eq(ledgerBalances.account, balance!.account)),
      );
    try {
      const { check } = (await post('boss', '/api/v1/staff/ledger-check')).json();
      expect(check).toMatchObject({
        balanceMismatchCount: 1,
        findings: {
          balanceMismatches: [
            {
              contractId: balance!.contractId,
              contractNumber: 'RIC-000001',
              account: balance!.account,
              cachedCents: balance!.balanceCents + 1,
              postedCents: balance!.balanceCents,
            },
          ],
        },
      });
    } finally {
      await t.database.db
        .update(ledgerBalances)
        .set({ balanceCents: balance!.balanceCents })
        .where(
          and(
            eq(ledgerBalances.contractId, balance!.contractId),
            eq(ledgerBalances.account, balance!.account),
          ),
        );
    }
  });
});
