import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  contracts,
  customers,
  journalEntries,
  ledgerBalances,
  postings,
  type vehicles,
} from '../db/schema.ts';
import { checkLedger } from '../services/ledger.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await boardingKey(t.database);
});
afterAll(() => t.close());

const board = (body: unknown, apiKey = key) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/contracts',
    headers: { authorization: `Bearer ${apiKey}` },
    payload: body as object,
  });
const boardBatch = (body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/contract-batches',
    headers: { authorization: `Bearer ${key}` },
    payload: body as object,
  });

async function count(table: typeof contracts | typeof journalEntries | typeof customers | typeof vehicles) {
  const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

async function balances(contractNumber: string) {
  const rows = await t.database.db
    .select({ account: ledgerBalances.account, balance: ledgerBalances.balanceCents })
    .from(ledgerBalances)
    .innerJoin(contracts, eq(contracts.id, ledgerBalances.contractId))
    .where(eq(contracts.contractNumber, contractNumber));
  return Object.fromEntries(rows.map((r) => [r.account, r.balance]));
}

describe('API key authentication', () => {
  it('refuses a request without a key, before even reading the body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/contracts',
      payload: { nonsense: true },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.INVALID_API_KEY');
  });

  it('refuses a well-formed key whose secret is wrong, with the same answer as an unknown key', async () => {
    const tampered = `${key.slice(0, -4)}AAAA`;
    const unknown = 'afk_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const a = await board(loanContract(), tampered);
    const b = await board(loanContract(), unknown);
    expect(a.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('refuses a key of another role with 403', async () => {
    const servicingKey = await boardingKey(t.database, 'servicing');
    const res = await board(loanContract(), servicingKey);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.WRONG_ROLE');
  });
});

describe('POST /api/v1/admin/contracts', () => {
  it('boards a retail installment contract with its opening journal entry and an audit event', async () => {
    const res = await board(loanContract());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ contractNumber: 'RIC-000001', status: 'boarded' });

    const [row] = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.contractNumber, 'RIC-000001'));
    expect(row).toMatchObject({
      kind: 'retail_installment',
      aprPercent: '5.0000',
      amountFinancedCents: 2_000_000,
      dueDay: 10,
      maturityDate: '2031-01-10',
    });
    expect(await balances('RIC-000001')).toEqual({ principal: 2_000_000, dealer_payable: -2_000_000 });

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, 'RIC-000001'));
    expect(audit).toMatchObject({ actorType: 'api_key', action: 'contract.board', resourceType: 'contract' });
    expect(audit?.requestId).toBe(res.headers['x-request-id']);
  });

  it('boards a lease with its base payments as the lease receivable', async () => {
    const res = await board(leaseContract());
    expect(res.statusCode).toBe(201);
    expect(await balances('LSE-000001')).toEqual({
      lease_receivable: 37_507 * 36,
      lease_unearned: -37_507 * 36,
    });
    const [row] = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.contractNumber, 'LSE-000001'));
    expect(row).toMatchObject({
      adjustedCapCostCents: 2_800_000,
      depreciationCents: 1_150_000,
      moneyFactor: '0.0012500',
    });
  });

  it('answers the same contract again with 200 "unchanged" and writes nothing', async () => {
    const entriesBefore = await count(journalEntries);
    const res = await board(loanContract());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ contractNumber: 'RIC-000001', status: 'unchanged' });
    expect(await count(journalEntries)).toBe(entriesBefore);
  });

  it('refuses a different contract under a number already boarded with 409', async () => {
    const res = await board(
      loanContract({ aprPercent: '5.00', financeChargeCents: 264_552, governingState: 'NJ' }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BOARDING.CONTRACT_NUMBER_TAKEN');
  });

  it.each([
    [{ vehicle: { ...loanContract().vehicle, vin: '1HGCM82634A004352' } }, 'vehicle.vin', 'check digit'],
    [{ totalOfPaymentsCents: 2_264_553 }, 'totalOfPaymentsCents', 'amount financed plus the finance charge'],
    [{ finalPaymentCents: 37_775 }, 'finalPaymentCents', 'add up to the total of payments'],
    [{ firstPaymentDate: '2026-04-10' }, 'firstPaymentDate', '1 to 60 days'],
    [{ contractDate: '2026-02-30' }, 'contractDate', 'real date'],
    [{ governingState: 'XX' }, 'governingState', 'two-letter'],
    [{ aprPercent: '5.5.5' }, 'aprPercent', 'decimal string'],
    [{ paymentCents: 377.42 }, 'paymentCents', 'whole number of cents'],
    [{ parties: [] }, 'parties', 'at least one party'],
    [
      { parties: [{ ...loanContract().parties[0], dateOfBirth: '2010-01-01' }] },
      'parties.0.dateOfBirth',
      'at least 18',
    ],
    [{ parties: [{ ...loanContract().parties[0], role: 'co_signer' }] }, 'parties', 'exactly one primary'],
    [
      {
        parties: [
          { ...loanContract().parties[0], address: { line1: 'x', city: 'y', state: 'PA', zip: '1910' } },
        ],
      },
      'parties.0.address.zip',
      'ZIP',
    ],
    [{ surprise: 'field' }, 'surprise', 'not allowed'],
  ])('rejects %j with a reason on its field and boards nothing', async (change, field, reason) => {
    const before = await count(contracts);
    const res = await board(loanContract({ contractNumber: 'RIC-000099', ...change }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[field]).toContain(reason);
    expect(await count(contracts)).toBe(before);
  });

  it('rejects a contract dated after the business date', async () => {
    const res = await board(
      loanContract({
        contractNumber: 'RIC-000098',
        contractDate: '2026-11-21',
        firstPaymentDate: '2026-12-21',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.contractDate).toContain("after today's business date (2026-11-20)");
  });
});

describe('POST /api/v1/admin/contract-batches', () => {
  const good = (n: number) =>
    loanContract({
      contractNumber: `BAT-${String(n).padStart(6, '0')}`,
      parties: [{ ...loanContract().parties[0], customerNumber: `BAT-C-${n}` }],
    });

  it('boards nothing from a batch with one bad row, and names the row, field and reason', async () => {
    const before = {
      contracts: await count(contracts),
      customers: await count(customers),
      entries: await count(journalEntries),
    };
    const bad = { ...good(3), vehicle: { ...good(3).vehicle, vin: 'SHORT' } };
    const res = await boardBatch({ contracts: [good(1), good(2), bad] });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('BOARDING.INVALID_ROWS');
    expect(error.message).toBe('1 of 3 rows could not be boarded; nothing was boarded.');
    expect(error.errors).toEqual([
      {
        row: 3,
        contractNumber: 'BAT-000003',
        field: 'vehicle.vin',
        reason: 'A VIN has exactly 17 characters.',
        problem: 'invalid',
      },
    ]);
    expect({
      contracts: await count(contracts),
      customers: await count(customers),
      entries: await count(journalEntries),
    }).toEqual(before);
  });

  it('with skipInvalid boards the good rows and reports each skipped one', async () => {
    const bad = { ...good(3), aprPercent: 'six' };
    const res = await boardBatch({ contracts: [good(1), good(2), bad], skipInvalid: true });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.boarded).toEqual(['BAT-000001', 'BAT-000002']);
    expect(body.skipped).toEqual([expect.objectContaining({ row: 3, field: 'aprPercent' })]);
  });

  it('reports a contract number repeated within a batch', async () => {
    const res = await boardBatch({ contracts: [good(10), good(10)] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.errors[0]).toMatchObject({
      row: 2,
      field: 'contractNumber',
      reason: expect.stringContaining('row 1'),
    });
  });

  it('boards one customer once when two contracts name the same customer number', async () => {
    const shared = (n: number) => ({
      ...good(n),
      parties: [{ ...good(n).parties[0], customerNumber: 'BAT-SHARED' }],
    });
    const res = await boardBatch({ contracts: [shared(20), shared(21)] });
    expect(res.statusCode).toBe(200);
    const rows = await t.database.db.select().from(customers).where(eq(customers.externalId, 'BAT-SHARED'));
    expect(rows).toHaveLength(1);
  });
});

describe('the ledger held by the database', () => {
  it('refuses at commit an entry whose postings do not sum to zero', async () => {
    const [contract] = await t.database.db.select({ id: contracts.id }).from(contracts).limit(1);
    await expect(
      t.database.db.transaction(async (tx) => {
        const [entry] = await tx
          .insert(journalEntries)
          .values({ contractId: contract!.id, code: 'PAYMENT', effectiveDate: '2026-11-20' })
          .returning({ id: journalEntries.id });
        await tx.insert(postings).values([
          { entryId: entry!.id, contractId: contract!.id, account: 'cash_clearing', amountCents: 100 },
          { entryId: entry!.id, contractId: contract!.id, account: 'principal', amountCents: -99 },
        ]);
      }),
    ).rejects.toThrow();
    const [row] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(journalEntries)
      .where(eq(journalEntries.code, 'PAYMENT'));
    expect(row?.n).toBe(0);
  });

  it('refuses to update or delete a posting', async () => {
    await expect(t.database.db.update(postings).set({ amountCents: 1 })).rejects.toThrow();
    await expect(t.database.db.delete(postings)).rejects.toThrow();
  });

  it('keeps every cached balance equal to the sum of its postings', async () => {
    const check = await checkLedger(t.database.db);
    expect(check.entries).toBeGreaterThan(0);
    expect(check.unbalancedEntries).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });

  it('notices a cached balance that drifted from its postings', async () => {
    await t.database.db.update(ledgerBalances).set({ balanceCents: sql`${ledgerBalances.balanceCents} + 1` });
    const check = await checkLedger(t.database.db);
    expect(check.balanceMismatches.length).toBeGreaterThan(0);
    expect(check.balanceMismatches[0]!.cachedCents - check.balanceMismatches[0]!.postedCents).toBe(1);
    await t.database.db.update(ledgerBalances).set({ balanceCents: sql`${ledgerBalances.balanceCents} - 1` });
  });
});
