import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  auditEvents,
  contracts,
  customers,
  journalEntries,
  ledgerBalances,
  postings,
  type vehicles,
} from '../db/schema.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { checkLedger } from './ledger.ts';

/** Set to make the APR core throw, as a bug in it would: boarding must flag the contract, not fail. */
const aprFault = vi.hoisted(() => ({ error: undefined as Error | undefined }));
vi.mock('../core/apr.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../core/apr.ts')>();
  return {
    ...actual,
    computeApr: (...args: Parameters<typeof actual.computeApr>) => {
      if (aprFault.error) throw aprFault.error;
      return actual.computeApr(...args);
    },
  };
});

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

async function contractRow(contractNumber: string) {
  const [row] = await t.database.db
    .select()
    .from(contracts)
    .where(eq(contracts.contractNumber, contractNumber));
  return row;
}

async function auditDetails(contractNumber: string) {
  const rows = await t.database.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(eq(auditEvents.resourceId, contractNumber));
  return rows.map((r) => r.details);
}

/** The fixture loan's schedule (59 × $377.42 + $377.74) has an Appendix J APR of 5.000004%. */
const FIXTURE_APR_CHECK = { disclosedPercent: '5.0000', computedPercent: '5.0000', withinTolerance: true };

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
    expect(res.json()).toEqual({
      contractNumber: 'RIC-000001',
      status: 'boarded',
      aprCheck: FIXTURE_APR_CHECK,
    });

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
      computedAprPercent: '5.0000',
      aprWithinTolerance: true,
    });
    expect(await balances('RIC-000001')).toEqual({ principal: 2_000_000, dealer_payable: -2_000_000 });

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, 'RIC-000001'));
    expect(audit).toMatchObject({ actorType: 'api_key', action: 'contract.board', resourceType: 'contract' });
    expect(audit?.requestId).toBe(res.headers['x-request-id']);
    expect(audit?.details).toEqual({
      type: 'retail_installment',
      aprCheck: { disclosed: '5.0000', computed: '5.0000', withinTolerance: true },
    });
  });

  it('boards a lease with its base payments as the lease receivable, and no APR check', async () => {
    const res = await board(leaseContract());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ contractNumber: 'LSE-000001', status: 'boarded' });
    expect(await auditDetails('LSE-000001')).toEqual([{ type: 'lease' }]);
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
      computedAprPercent: null,
      aprWithinTolerance: null,
    });
  });

  it('answers the same contract again with 200 "unchanged" and writes nothing', async () => {
    const entriesBefore = await count(journalEntries);
    const res = await board(loanContract());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contractNumber: 'RIC-000001',
      status: 'unchanged',
      aprCheck: FIXTURE_APR_CHECK,
    });
    expect(await count(journalEntries)).toBe(entriesBefore);
    expect(await auditDetails('RIC-000001')).toHaveLength(1);
  });

  it('answers a lease boarded again as "unchanged" without an APR check', async () => {
    const res = await board(leaseContract());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ contractNumber: 'LSE-000001', status: 'unchanged' });
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

  it.each([
    ['RIC-000201', '5.2', false],
    ['RIC-000202', '5.125', true],
    ['RIC-000203', '5.13', false],
    ['RIC-000204', '4.88', true],
    ['RIC-000205', '4.87', false],
  ])(
    'boards %s disclosed at %s% (the schedule’s APR is 5.000004%) with withinTolerance %s',
    async (contractNumber, aprPercent, withinTolerance) => {
      const res = await board(loanContract({ contractNumber, aprPercent }));
      expect(res.statusCode).toBe(201);
      const check = {
        disclosedPercent: Number(aprPercent).toFixed(4),
        computedPercent: '5.0000',
        withinTolerance,
      };
      expect(res.json()).toEqual({ contractNumber, status: 'boarded', aprCheck: check });
      expect(await contractRow(contractNumber)).toMatchObject({
        computedAprPercent: '5.0000',
        aprWithinTolerance: withinTolerance,
      });
      expect(await auditDetails(contractNumber)).toEqual([
        {
          type: 'retail_installment',
          aprCheck: { disclosed: check.disclosedPercent, computed: '5.0000', withinTolerance },
        },
      ]);
    },
  );

  it('answers a flagged contract boarded again as "unchanged" with the stored check', async () => {
    const res = await board(loanContract({ contractNumber: 'RIC-000201', aprPercent: '5.2' }));
    expect(res.statusCode).toBe(200);
    expect(res.json().aprCheck).toEqual({
      disclosedPercent: '5.2000',
      computedPercent: '5.0000',
      withinTolerance: false,
    });
  });

  it('flags, and boards, a contract whose schedule implies an APR too large to store', async () => {
    // $1,000 financed, repaid by 12 × $1,000: internally consistent, but an APR of about 1,200%.
    const res = await board(
      loanContract({
        contractNumber: 'RIC-000210',
        downPaymentCents: 2_200_000,
        amountFinancedCents: 100_000,
        financeChargeCents: 1_100_000,
        totalOfPaymentsCents: 1_200_000,
        termMonths: 12,
        paymentCents: 100_000,
        finalPaymentCents: 100_000,
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().aprCheck).toEqual({
      disclosedPercent: '5.0000',
      computedPercent: null,
      withinTolerance: false,
    });
    expect(await contractRow('RIC-000210')).toMatchObject({
      computedAprPercent: null,
      aprWithinTolerance: false,
    });
    const [details] = await auditDetails('RIC-000210');
    expect(details).toMatchObject({
      aprCheck: { computed: null, withinTolerance: false, error: expect.stringContaining('1199.71%') },
    });
  });

  it('flags, and boards, a contract whose APR the core fails to compute, saying why in the audit event', async () => {
    aprFault.error = new Error('The APR iteration did not converge');
    try {
      const res = await board(loanContract({ contractNumber: 'RIC-000211' }));
      expect(res.statusCode).toBe(201);
      expect(res.json().aprCheck).toEqual({
        disclosedPercent: '5.0000',
        computedPercent: null,
        withinTolerance: false,
      });
    } finally {
      aprFault.error = undefined;
    }
    expect(await contractRow('RIC-000211')).toMatchObject({
      computedAprPercent: null,
      aprWithinTolerance: false,
    });
    expect(await auditDetails('RIC-000211')).toEqual([
      {
        type: 'retail_installment',
        aprCheck: {
          disclosed: '5.0000',
          computed: null,
          withinTolerance: false,
          error: 'The APR could not be computed: The APR iteration did not converge',
        },
      },
    ]);
  });

  it('checks the APR of a one-month contract, whose only payment is the final one', async () => {
    // $1,000 repaid by one payment of $1,004.17 a month later: 5.00% (one unit-period, 12 a year).
    const res = await board(
      loanContract({
        contractNumber: 'RIC-000212',
        downPaymentCents: 2_200_000,
        amountFinancedCents: 100_000,
        financeChargeCents: 417,
        totalOfPaymentsCents: 100_417,
        termMonths: 1,
        paymentCents: 100_417,
        finalPaymentCents: 100_417,
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().aprCheck).toEqual({
      disclosedPercent: '5.0000',
      computedPercent: '5.0040',
      withinTolerance: true,
    });
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
    expect(body.aprMismatches).toEqual([]);
  });

  it('boards a contract whose disclosed APR is out of tolerance, and names it in aprMismatches', async () => {
    const mismatch = { ...good(31), aprPercent: '5.2' };
    const res = await boardBatch({ contracts: [good(30), mismatch, good(32), leaseContract()] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      boarded: ['BAT-000030', 'BAT-000031', 'BAT-000032'],
      unchanged: ['LSE-000001'],
      skipped: [],
      aprMismatches: ['BAT-000031'],
    });
    expect(await contractRow('BAT-000031')).toMatchObject({
      computedAprPercent: '5.0000',
      aprWithinTolerance: false,
    });
    expect(await auditDetails('BAT-000031')).toEqual([
      {
        type: 'retail_installment',
        aprCheck: { disclosed: '5.2000', computed: '5.0000', withinTolerance: false },
      },
    ]);
  });

  it('names no mismatch for contracts already boarded', async () => {
    const res = await boardBatch({ contracts: [{ ...good(31), aprPercent: '5.2' }] });
    expect(res.json()).toEqual({ boarded: [], unchanged: ['BAT-000031'], skipped: [], aprMismatches: [] });
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
