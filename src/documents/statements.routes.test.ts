import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate as d } from '../core/dates.ts';
import { auditEvents } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { postPayment } from '../servicing/payment-posting.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { cutStatements, makeTaxStatements } from './statements.ts';

// Ana owns the loan and James is its co-borrower; Bo holds the lease. The loan has statements
// closing 2026-01-21 and 2026-02-18, one payment (2026-02-10, $84.93 of interest) and its 2026
// interest statement.
let t: TestApp;
const sessions: Record<string, string> = {};
let newest = '';
let oldest = '';

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const coBorrower = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_borrower',
    firstName: 'James',
    lastName: 'Smith',
  };
  await boardContract(t, key, loanContract({ parties: [loanContract().parties[0], coBorrower] }));
  await boardContract(t, key, leaseContract());
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const user of ['ana', 'james', 'bo']) sessions[user] = await signIn(t, user);

  const db = t.database.db;
  await cutStatements(db, fixedClock(d('2026-01-21')), d('2026-01-21'));
  await postPayment(
    db,
    fixedClock(d('2026-02-10')),
    'RIC-000001',
    { amountCents: 37_742, receivedOn: d('2026-02-10'), channel: 'check', intent: 'regular' },
    { scope: 'http-statements-test', key: 'payment-0001' },
    { actor: { type: 'system', id: 'test' } },
  );
  await cutStatements(db, fixedClock(d('2026-02-18')), d('2026-02-18'));
  await makeTaxStatements(db, fixedClock(d('2027-01-04')), d('2027-01-04'));
  const list = (await get('ana', '/api/v1/accounts/RIC-000001/statements')).json();
  newest = list.statements[0].id;
  oldest = list.statements[1].id;
});
afterAll(() => t.close());

const get = (user: string | undefined, url: string) =>
  t.app.inject({ method: 'GET', url, cookies: user ? { [SESSION_COOKIE]: sessions[user]! } : {} });

/** Who opened which statement, as the audit trail recorded it. */
const openings = (action: string) =>
  t.database.db
    .select({ actorType: auditEvents.actorType, details: auditEvents.details, ip: auditEvents.ip })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.resourceId, 'RIC-000001')));

async function pdfText(body: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('GET /api/v1/accounts/{contractNumber}/statements', () => {
  it('lists the statements newest first, with the amount due of each', async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/statements');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contractNumber: 'RIC-000001',
      statements: [
        {
          id: newest,
          periodStart: '2026-01-22',
          closingDate: '2026-02-18',
          dueDate: '2026-03-10',
          amountDueCents: 37_742,
          pastDueCents: 0,
          delivery: 'paper',
        },
        {
          id: oldest,
          periodStart: '2026-01-10',
          closingDate: '2026-01-21',
          dueDate: '2026-02-10',
          amountDueCents: 37_742,
          pastDueCents: 0,
          delivery: 'paper',
        },
      ],
    });
  });

  it('shows a co-borrower the same list, and another customer nothing but 404', async () => {
    const james = await get('james', '/api/v1/accounts/RIC-000001/statements');
    expect(james.json().statements.map((s: { id: string }) => s.id)).toEqual([newest, oldest]);
    const bo = await get('bo', '/api/v1/accounts/RIC-000001/statements');
    expect(bo.statusCode).toBe(404);
    expect(bo.json().error.code).toBe('ACCOUNTS.NOT_FOUND');
    expect((await get('bo', '/api/v1/accounts/LSE-000001/statements')).json().statements).toEqual([]);
  });

  it('needs a session', async () => {
    expect((await get(undefined, '/api/v1/accounts/RIC-000001/statements')).statusCode).toBe(401);
  });
});

describe('GET /api/v1/accounts/{contractNumber}/statements/{id}', () => {
  it('gives the statement as data for the preview, audited as an opening', async () => {
    const before = (await openings('statement.open')).length;
    const res = await get('james', `/api/v1/accounts/RIC-000001/statements/${newest}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: newest,
      delivery: 'paper',
      statement: {
        contractNumber: 'RIC-000001',
        periodStart: '2026-01-22',
        closingDate: '2026-02-18',
        dueDate: '2026-03-10',
        amountDue: { totalCents: 37_742, pastDueCents: 0 },
        payments: [{ receivedOn: '2026-02-10', amountCents: 37_742 }],
      },
    });
    const audited = await openings('statement.open');
    expect(audited).toHaveLength(before + 1);
    expect(audited.at(-1)?.details).toEqual({
      statementId: newest,
      closingDate: '2026-02-18',
      format: 'html',
    });
  });

  it("answers 404 for another customer's statement and 400 for no statement id", async () => {
    const res = await get('bo', `/api/v1/accounts/RIC-000001/statements/${newest}`);
    expect(res.statusCode).toBe(404);
    expect((await get('bo', `/api/v1/accounts/LSE-000001/statements/${newest}`)).json().error.code).toBe(
      'STATEMENTS.NOT_FOUND',
    );
    expect((await get('ana', '/api/v1/accounts/RIC-000001/statements/latest')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/accounts/{contractNumber}/statements/{id}.pdf', () => {
  it('opens the statement inline, or saves it with ?download=1', async () => {
    const before = (await openings('statement.open')).length;
    const res = await get('james', `/api/v1/accounts/RIC-000001/statements/${newest}.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="statement-RIC-000001-2026-02-18.pdf"');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Statement period: January 22, 2026 to February 18, 2026');
    expect(text).toContain('Amount due: $377.42 by March 10, 2026');
    const saved = await get('ana', `/api/v1/accounts/RIC-000001/statements/${newest}.pdf?download=1`);
    expect(saved.headers['content-disposition']).toBe(
      'attachment; filename="statement-RIC-000001-2026-02-18.pdf"',
    );
    // The second answer is the stored PDF: the same bytes.
    expect(saved.rawPayload.equals(res.rawPayload)).toBe(true);
    // Each opening is in the audit trail, with the statement it was.
    const audited = await openings('statement.open');
    expect(audited).toHaveLength(before + 2);
    expect(audited.at(-1)).toMatchObject({
      actorType: 'user',
      details: { statementId: newest, closingDate: '2026-02-18', format: 'pdf' },
    });
    expect(audited.at(-1)!.ip).toBeTruthy();
  });

  it("answers 404 for another customer's statement, even through their own account", async () => {
    const before = (await openings('statement.open')).length;
    const res = await get('bo', `/api/v1/accounts/RIC-000001/statements/${newest}.pdf`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).not.toBe('application/pdf');
    const viaLease = await get('bo', `/api/v1/accounts/LSE-000001/statements/${newest}.pdf`);
    expect(viaLease.statusCode).toBe(404);
    expect(viaLease.json().error.code).toBe('STATEMENTS.NOT_FOUND');
    // A refused opening records no opening.
    expect(await openings('statement.open')).toHaveLength(before);
  });

  it('answers 400 for an id that is no statement id', async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/statements/not-a-uuid.pdf');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ id: 'The statement id is a UUID.' });
    const query = await get('ana', `/api/v1/accounts/RIC-000001/statements/${newest}.pdf?download=yes`);
    expect(query.statusCode).toBe(400);
  });
});

describe('GET /api/v1/accounts/{contractNumber}/tax-statements', () => {
  it("lists the loan's interest statements; a lease has none", async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/tax-statements');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contractNumber: 'RIC-000001',
      taxStatements: [{ taxYear: 2026, interestPaidCents: 8_493, reportableToIrs: false }],
    });
    expect((await get('bo', '/api/v1/accounts/LSE-000001/tax-statements')).json().taxStatements).toEqual([]);
    expect((await get('bo', '/api/v1/accounts/RIC-000001/tax-statements')).statusCode).toBe(404);
  });

  it('serves the year as a PDF, 404 for a year without one, 400 for no year', async () => {
    const res = await get('james', '/api/v1/accounts/RIC-000001/tax-statements/2026.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'inline; filename="interest-statement-RIC-000001-2026.pdf"',
    );
    expect(await pdfText(res.rawPayload)).toContain('Interest received in 2026: $84.93');
    expect(await openings('tax_statement.open')).toMatchObject([
      { actorType: 'user', details: { taxYear: 2026 } },
    ]);
    const none = await get('ana', '/api/v1/accounts/RIC-000001/tax-statements/2025.pdf');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('STATEMENTS.TAX_STATEMENT_NOT_FOUND');
    expect((await get('bo', '/api/v1/accounts/RIC-000001/tax-statements/2026.pdf')).statusCode).toBe(404);
    const bad = await get('ana', '/api/v1/accounts/RIC-000001/tax-statements/last.pdf');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.year).toBe('The tax year is a year such as 2026.');
  });
});
