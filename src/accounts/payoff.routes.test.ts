import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../db/schema.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana owns the loan and James co-signed it; Bo holds the lease. Today is 2026-11-20 (TEST_TODAY).
let t: TestApp;
let servicingKey: string;
const sessions: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  servicingKey = await boardingKey(t.database, 'servicing');
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
    lastName: 'Smith',
  };
  await boardContract(t, key, loanContract({ parties: [loanContract().parties[0], cosigner] }));
  await boardContract(t, key, leaseContract());
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  for (const user of ['ana', 'james', 'bo']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: sessions[user]! } });
const adminPayoff = async (contractNumber: string, date: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/contracts/${contractNumber}/payoff?date=${date}`,
      headers: { authorization: `Bearer ${servicingKey}` },
    })
  ).json();

async function pdfText(body: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(body));
  const { text } = await extractText(pdf, { mergePages: true });
  // The letter wraps long lines; a check for a phrase should not depend on where.
  return { pdf, text: text.replace(/\s+/g, ' ') };
}

const letterAudits = () =>
  t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'contract.payoff_letter'));

describe('GET /api/v1/accounts/{contractNumber}/payoff', () => {
  it('quotes the loan good through the chosen date: principal, interest to that date, per diem', async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-11-30');
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    // $20,000.00 at 5%, actual/365: $2.739726… a day, rounded to $2.74; no payment yet, so interest
    // runs 324 days from the contract date (2026-01-10) to 2026-11-30: $887.67.
    expect(quote).toMatchObject({
      contractNumber: 'RIC-000001',
      kind: 'retail_installment',
      quoteDate: '2026-11-20',
      goodThrough: '2026-11-30',
      perDiemCents: 274,
      payoffCents: 2_088_767,
      items: [
        { kind: 'PRINCIPAL', amountCents: 2_000_000 },
        { kind: 'INTEREST', amountCents: 88_767 },
        { kind: 'FEES', amountCents: 0 },
        { kind: 'UNAPPLIED_CREDIT', amountCents: 0 },
      ],
      howToPay: {
        payee: 'Autofin Demo Lending, LLC',
        reference: 'RIC-000001',
        electronic: { placeholder: true },
      },
    });
    // The same figures as the servicing API's quote: one calculation, two doors.
    const admin = await adminPayoff('RIC-000001', '2026-11-30');
    expect(quote.payoffCents).toBe(admin.payoffCents);
    expect(quote.items).toEqual(admin.items);
  });

  it('moves with the date: a later date adds a day of interest per day', async () => {
    const earlier = (await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-11-30')).json();
    const later = (await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-12-10')).json();
    expect(later.payoffCents - earlier.payoffCents).toBeGreaterThanOrEqual(10 * 273);
    expect(later.payoffCents - earlier.payoffCents).toBeLessThanOrEqual(10 * 274);
  });

  it('is good through today when no date is given', async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/payoff');
    expect(res.json()).toMatchObject({ goodThrough: '2026-11-20', quoteDate: '2026-11-20' });
  });

  it('takes dates from today to 30 days ahead, and names the field and the reason otherwise', async () => {
    expect((await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-12-20')).statusCode).toBe(200);
    const tooFar = await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-12-21');
    expect(tooFar.statusCode).toBe(400);
    expect(tooFar.json().error).toMatchObject({
      code: 'PAYOFF.DATE_TOO_FAR',
      fields: { date: expect.stringContaining('2026-12-20') },
    });
    const past = await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-11-19');
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({
      code: 'PAYOFF.DATE_IN_PAST',
      fields: { date: expect.any(String) },
    });
    const garbled = await get('ana', '/api/v1/accounts/RIC-000001/payoff?date=2026-13-01');
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error.fields).toHaveProperty('date');
  });

  it('shows the co-signer the quote', async () => {
    const res = await get('james', '/api/v1/accounts/RIC-000001/payoff?date=2026-11-30');
    expect(res.statusCode).toBe(200);
    expect(res.json().payoffCents).toBe(2_088_767);
  });

  it('answers another customer’s contract exactly as one that does not exist', async () => {
    const others = await get('bo', '/api/v1/accounts/RIC-000001/payoff');
    const missing = await get('bo', '/api/v1/accounts/RIC-999999/payoff');
    expect(others.statusCode).toBe(404);
    expect(others.json()).toEqual({ error: { ...missing.json().error, message: expect.any(String) } });
    expect(others.body).not.toContain('2000000');
  });

  it('quotes a lease with the early purchase figures the servicing core gives, and no per diem', async () => {
    const res = await get('bo', '/api/v1/accounts/LSE-000001/payoff?date=2026-12-01');
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    expect(quote).toMatchObject({ kind: 'lease', goodThrough: '2026-12-01', perDiemCents: null });
    expect(quote.items.map((i: { kind: string }) => i.kind)).toEqual([
      'REMAINING_BASE_PAYMENTS',
      'RESIDUAL_VALUE',
      'UNEARNED_RENT_CHARGE',
      'PURCHASE_OPTION_FEE',
      'PAST_DUE',
      'FEES_DUE',
    ]);
    const admin = await adminPayoff('LSE-000001', '2026-12-01');
    expect(quote.payoffCents).toBe(admin.payoffCents);
    expect(quote.items).toEqual(admin.items);
  });
});

describe('GET /api/v1/accounts/{contractNumber}/payoff-letter.pdf', () => {
  it('is a letter with the lender, contract, customer, vehicle, amount, per diem and how to pay', async () => {
    const before = (await letterAudits()).length;
    const res = await get('ana', '/api/v1/accounts/RIC-000001/payoff-letter.pdf?date=2026-11-30');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="payoff-letter-RIC-000001-2026-11-30.pdf"',
    );
    const { pdf, text } = await pdfText(res.rawPayload);
    for (const phrase of [
      'Autofin Demo Lending, LLC',
      'Date issued: November 20, 2026',
      'Contract: RIC-000001',
      'Customer: Ana Diaz, James Smith',
      'Vehicle: 2026 Honda Accord EX, VIN 1HGCM82633A004352',
      'send $20,887.67 so that we receive it on or before November 30, 2026',
      'add $2.74 (the per diem) for each day',
      'PO Box 550155',
      'PLACEHOLDER DETAILS, NOT A REAL ACCOUNT',
      'we release our lien',
    ]) {
      expect(text).toContain(phrase);
    }
    const { info } = await pdf.getMetadata();
    expect(info).toMatchObject({
      Language: 'en-US',
      Title: 'Payoff letter, contract RIC-000001, good through November 30, 2026',
    });
    const tree = await (await pdf.getPage(1)).getStructTree();
    expect(JSON.stringify(tree)).toMatch(/"role":"H1".*"role":"H2".*"role":"LI"/);

    const audits = await letterAudits();
    expect(audits).toHaveLength(before + 1);
    expect(audits.at(-1)).toMatchObject({
      resourceId: 'RIC-000001',
      actorType: 'user',
      details: { goodThrough: '2026-11-30', payoffCents: 2_088_767 },
    });
  });

  it('gives the same bytes for the same contract, day and date', async () => {
    const url = '/api/v1/accounts/RIC-000001/payoff-letter.pdf?date=2026-12-05';
    const first = await get('ana', url);
    const second = await get('ana', url);
    expect(first.rawPayload.equals(second.rawPayload)).toBe(true);
  });

  it('lets the co-signer download it, and no one else', async () => {
    const before = (await letterAudits()).length;
    expect((await get('james', '/api/v1/accounts/RIC-000001/payoff-letter.pdf')).statusCode).toBe(200);
    const others = await get('bo', '/api/v1/accounts/RIC-000001/payoff-letter.pdf');
    expect(others.statusCode).toBe(404);
    expect(others.headers['content-type']).toContain('application/json');
    expect(await letterAudits()).toHaveLength(before + 1);
  });

  it('refuses a date past the window without writing a letter', async () => {
    const res = await get('ana', '/api/v1/accounts/RIC-000001/payoff-letter.pdf?date=2027-01-15');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('date');
  });

  it('writes a lease’s letter with its early purchase price instead of a per diem', async () => {
    const res = await get('bo', '/api/v1/accounts/LSE-000001/payoff-letter.pdf?date=2026-12-01');
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('Residual value: $16,500.00');
    expect(text).toContain('early purchase price of the lease');
    expect(text).not.toContain('per diem');
  });
});
