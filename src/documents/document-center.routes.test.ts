import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { auditEvents, autopayEnrollments, paymentMethods } from '../db/schema.ts';
import { AUTOPAY_AUTHORIZATION } from '../payments/autopay.ts';
import { maskIp } from '../payments/autopay-authorization-pdf.ts';
import { secretBox } from '../platform/secret-box.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import type { DocumentItem } from './document-center.schemas.ts';
import { cutStatementsBetween, makeTaxStatements } from './statements.ts';

// Ana holds loan RIC-000001 with James as co-borrower, and loan RIC-000003 (signed in 2025) alone,
// which she pays off; Cy holds RIC-000002; Bo holds lease LSE-000001. Today is Friday 2026-11-20.
let t: TestApp;
const sessions: Record<string, string> = {};
const userIds: Record<string, string> = {};
const methods: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const ana = loanContract().parties[0]!;
  await boardContract(
    t,
    key,
    loanContract({
      parties: [ana, { ...ana, customerNumber: 'CUST-JAMES', role: 'co_borrower', firstName: 'James' }],
    }),
  );
  await boardContract(
    t,
    key,
    loanContract({
      contractNumber: 'RIC-000002',
      parties: [{ ...ana, customerNumber: 'CUST-CY', firstName: 'Cy' }],
    }),
  );
  await boardContract(
    t,
    key,
    loanContract({
      contractNumber: 'RIC-000003',
      contractDate: '2025-06-10',
      firstPaymentDate: '2025-07-10',
      vehicle: { ...loanContract().vehicle, vin: '1M8GDM9AXKP042788' },
    }),
  );
  await boardContract(t, key, leaseContract());
  for (const [user, customerNumber] of [
    ['ana', 'CUST-0001'],
    ['james', 'CUST-JAMES'],
    ['cy', 'CUST-CY'],
    ['bo', 'CUST-0002'],
  ] as const) {
    userIds[user] = await createUser(t, user, { customerNumber });
    sessions[user] = await signIn(t, user);
    const [row] = await t.database.db
      .insert(paymentMethods)
      .values({
        userId: userIds[user]!,
        kind: 'bank_account',
        nickname: 'Checking',
        holderName: `User ${user}`,
        last4: '6789',
        fingerprint: randomUUID(),
        accountType: 'checking',
        routingNumber: '021000021',
        accountNumberSealed: secretBox(TEST_SECRET_KEY).seal('123456789'),
        status: 'active',
        createdAt: t.clock.now(),
      })
      .returning({ id: paymentMethods.id });
    methods[user] = row!.id;
  }
}, 180_000); // boards four contracts and signs four people in (Argon2), slow on a busy machine
afterAll(() => t.close());

const as = (user: string) => ({
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[user]! },
  headers: csrf.headers,
});
const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, cookies: as(user).cookies });
const list = async (user: string, query = '') => {
  const res = await get(user, `/api/v1/documents${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { documents: DocumentItem[]; years: number[]; contractNumbers: string[] };
};
const pay = (user: string, contractNumber: string, amountCents: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/accounts/${contractNumber}/payments`,
    cookies: as(user).cookies,
    headers: { ...csrf.headers, 'idempotency-key': randomUUID() },
    payload: { amountCents, paymentMethodId: methods[user] },
  });

/** The PDF at `url` for `user`: its text, runs of white space made one space, and its bytes. */
async function pdfAt(user: string, url: string) {
  const res = await get(user, url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
    mergePages: true,
  });
  return { text: text.replace(/\s+/g, ' '), bytes: res.rawPayload };
}

/** Renders the PDF twice: the same document gives the same bytes. */
async function expectSameBytesTwice(user: string, url: string) {
  const first = await pdfAt(user, url);
  expect((await pdfAt(user, url)).bytes.equals(first.bytes)).toBe(true);
  return first.text;
}

const disclosureUrl = (n: string) => `/api/v1/accounts/${n}/documents/contract-disclosure.pdf`;
const paidInFullUrl = (n: string) => `/api/v1/accounts/${n}/documents/paid-in-full-letter.pdf`;
const titleReleaseUrl = (n: string) => `/api/v1/accounts/${n}/documents/title-release-letter.pdf`;
const kinds = (docs: DocumentItem[]) => docs.map((d) => `${d.kind} ${d.contractNumber}`);

describe('GET /api/v1/documents', () => {
  it('lists each account’s contract disclosure, newest first, with the years and accounts to filter by', async () => {
    const body = await list('ana');
    expect(body.documents).toEqual([
      {
        id: expect.any(String),
        kind: 'contract_disclosure',
        contractNumber: 'RIC-000001',
        title: 'Truth in Lending disclosure',
        date: '2026-01-10',
        year: 2026,
        href: disclosureUrl('RIC-000001'),
      },
      expect.objectContaining({
        kind: 'contract_disclosure',
        contractNumber: 'RIC-000003',
        date: '2025-06-10',
      }),
    ]);
    expect(body.years).toEqual([2026, 2025]);
    expect(body.contractNumbers).toEqual(['RIC-000001', 'RIC-000003']);
  });

  it('adds a payment’s receipt once it is made', async () => {
    const order = (await pay('ana', 'RIC-000001', 12_345)).json();
    const receipts = (await list('ana', '?kind=payment_receipt')).documents;
    expect(receipts).toEqual([
      {
        id: order.id,
        kind: 'payment_receipt',
        contractNumber: 'RIC-000001',
        title: `Payment receipt ${order.confirmationNumber}`,
        date: '2026-11-20',
        year: 2026,
        href: `/api/v1/payments/${order.id}/receipt.pdf`,
      },
    ]);
    const { text } = await pdfAt('ana', receipts[0]!.href);
    expect(text).toContain('Amount: $123.45');
  });

  it('adds the AutoPay authorization once she enrols, its PDF with the words, version, time, masked address and method', async () => {
    const enrolled = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/accounts/RIC-000001/autopay',
      ...as('ana'),
      payload: {
        paymentMethodId: methods.ana,
        daysBeforeDue: 0,
        extraPrincipalCents: 0,
        authorizationVersion: AUTOPAY_AUTHORIZATION.version,
      },
    });
    expect(enrolled.statusCode).toBe(200);
    const [doc] = (await list('ana', '?kind=autopay_authorization')).documents;
    expect(doc).toMatchObject({
      kind: 'autopay_authorization',
      contractNumber: 'RIC-000001',
      title: 'AutoPay authorization accepted November 20, 2026',
      date: '2026-11-20',
    });
    expect(doc!.href).toBe(`/api/v1/autopay-authorizations/${doc!.id}.pdf`);
    const text = await expectSameBytesTwice('ana', doc!.href);
    expect(text).toContain('AutoPay authorization');
    expect(text).toContain('Account: RIC-000001');
    expect(text).toContain('From: Bank account Checking ending 6789');
    expect(text).toContain(`Authorization version: ${AUTOPAY_AUTHORIZATION.version}`);
    expect(text).toContain('Accepted by: User ana');
    expect(text).toContain('Accepted at: 2026-11-20 15:00 UTC');
    expect(text).toContain('From internet address: 127.0.0.x');
    expect(text).not.toContain('127.0.0.1');
    expect(text).toContain('I authorize Autofin Demo Lending, LLC to debit the bank account');
    expect(text).toContain('Status: In effect.');
  });

  it('prints the words as they were accepted, not the words the portal shows today', async () => {
    const { db } = t.database;
    const [enrolment] = await db.select().from(autopayEnrollments);
    expect(enrolment!.authorizationText).toBe(AUTOPAY_AUTHORIZATION.text({ contractNumber: 'RIC-000001' }));
    // As if the portal had since published new words: the acceptance keeps its own.
    await db
      .update(autopayEnrollments)
      .set({ authorizationVersion: '2025-06-01', authorizationText: 'I authorize the words of June 2025.' })
      .where(eq(autopayEnrollments.id, enrolment!.id));
    const { text } = await pdfAt('ana', `/api/v1/autopay-authorizations/${enrolment!.id}.pdf`);
    expect(text).toContain('I authorize the words of June 2025.');
    expect(text).toContain('Authorization version: 2025-06-01');
    expect(text).not.toContain('to debit the bank account or debit card I chose');
    await db
      .update(autopayEnrollments)
      .set({
        authorizationVersion: enrolment!.authorizationVersion,
        authorizationText: enrolment!.authorizationText,
      })
      .where(eq(autopayEnrollments.id, enrolment!.id));
  });

  it('adds the paid-in-full and title release letters once a loan is paid off', async () => {
    const payoff = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts/RIC-000003/payments/preview',
        ...as('ana'),
        payload: { amountCents: 100, paymentMethodId: methods.ana },
      })
    ).json().payoffCents as number;
    const paid = await pay('ana', 'RIC-000003', payoff);
    expect(paid.statusCode).toBe(201);
    const letters = (await list('ana', '?contractNumber=RIC-000003')).documents;
    expect(kinds(letters)).toEqual([
      'paid_in_full_letter RIC-000003',
      'payment_receipt RIC-000003',
      'title_release_letter RIC-000003',
      'contract_disclosure RIC-000003',
    ]);
    expect(letters.find((d) => d.kind === 'paid_in_full_letter')).toMatchObject({
      title: 'Paid-in-full letter',
      date: '2026-11-20',
      href: paidInFullUrl('RIC-000003'),
    });

    const usd = formatUsd(cents(payoff));
    const paidInFull = await expectSameBytesTwice('ana', paidInFullUrl('RIC-000003'));
    expect(paidInFull).toContain('Paid in full');
    expect(paidInFull).toContain('Your account RIC-000003 was paid in full on November 20, 2026.');
    expect(paidInFull).toContain(`Final payment: ${usd}, received November 20, 2026.`);
    expect(paidInFull).toContain('Ana Diaz 1 Main Street Philadelphia, PA 19103');
    const release = await expectSameBytesTwice('ana', titleReleaseUrl('RIC-000003'));
    expect(release).toContain('Title and lien release');
    expect(release).toContain('Vehicle: 2026 Honda Accord EX, VIN 1M8GDM9AXKP042788');
    expect(release).toContain('Lien released on: November 20, 2026');
    expect(release).toContain('Title goes to: Ana Diaz, 1 Main Street, Philadelphia, PA 19103');

    // Each letter downloaded is an audit event, as a payoff letter is.
    const audited = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, 'RIC-000003'), eq(auditEvents.actorId, userIds.ana!)));
    const actions = audited.map((a) => a.action);
    expect(actions.filter((a) => a === 'contract.paid_in_full_letter')).toHaveLength(2);
    expect(actions.filter((a) => a === 'contract.title_release_letter')).toHaveLength(2);
  });

  it('answers 404 for the letters of a contract not paid off', async () => {
    expect((await get('ana', paidInFullUrl('RIC-000001'))).statusCode).toBe(404);
    expect((await get('ana', titleReleaseUrl('RIC-000001'))).statusCode).toBe(404);
  });

  it('filters by kind, by year and by account', async () => {
    const all = (await list('ana')).documents;
    expect(all.length).toBe(7);
    expect(all.map((d) => d.date)).toEqual([...all.map((d) => d.date)].sort().reverse());
    const only2025 = await list('ana', '?year=2025');
    expect(kinds(only2025.documents)).toEqual(['contract_disclosure RIC-000003']);
    expect(only2025.years).toEqual([2026, 2025]);
    expect(kinds((await list('ana', '?kind=contract_disclosure&year=2026')).documents)).toEqual([
      'contract_disclosure RIC-000001',
    ]);
    expect(kinds((await list('ana', '?kind=title_release_letter')).documents)).toEqual([
      'title_release_letter RIC-000003',
    ]);
    expect(kinds((await list('ana', '?contractNumber=RIC-000001')).documents).sort()).toEqual([
      'autopay_authorization RIC-000001',
      'contract_disclosure RIC-000001',
      'payment_receipt RIC-000001',
    ]);
  });

  it('shows a co-borrower the shared contract’s documents, not the borrower’s other account', async () => {
    const body = await list('james');
    expect(body.contractNumbers).toEqual(['RIC-000001']);
    expect(kinds(body.documents).sort()).toEqual([
      'autopay_authorization RIC-000001',
      'contract_disclosure RIC-000001',
      'payment_receipt RIC-000001',
    ]);
    for (const doc of body.documents) expect((await get('james', doc.href)).statusCode).toBe(200);
    expect((await get('james', paidInFullUrl('RIC-000003'))).statusCode).toBe(404);
  });

  it('gives another customer none of them, and 404 on each PDF', async () => {
    const body = await list('cy');
    expect(kinds(body.documents)).toEqual(['contract_disclosure RIC-000002']);
    for (const doc of (await list('ana')).documents) {
      const res = await get('cy', doc.href);
      expect(res.body).not.toContain('%PDF');
      expect(res.statusCode, doc.href).toBe(404);
    }
    expect((await get('cy', titleReleaseUrl('RIC-000003'))).statusCode).toBe(404);
    expect((await get('cy', '/api/v1/documents?contractNumber=RIC-000001')).statusCode).toBe(404);
    expect((await get('cy', `/api/v1/autopay-authorizations/${randomUUID()}.pdf`)).statusCode).toBe(404);
  });

  it('refuses a filter of the wrong shape, and asks for a session', async () => {
    const bad = await get('ana', '/api/v1/documents?kind=letter&year=1999');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['kind', 'year']);
    expect((await get('ana', '/api/v1/autopay-authorizations/not-a-uuid.pdf')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/documents' })).statusCode).toBe(401);
  });

  it('keeps each payoff letter issued and gives it again as it was issued, to the parties only', async () => {
    const url = '/api/v1/accounts/RIC-000001/payoff-letter.pdf?date=2026-11-30';
    const issued = await get('ana', url);
    expect(issued.statusCode).toBe(200);
    // The same figure asked for again the same day is the same letter, not a second one.
    expect((await get('james', url)).rawPayload.equals(issued.rawPayload)).toBe(true);
    const letters = (await list('ana', '?kind=payoff_letter')).documents;
    expect(letters).toEqual([
      {
        id: expect.any(String),
        kind: 'payoff_letter',
        contractNumber: 'RIC-000001',
        title: 'Payoff letter good through November 30, 2026',
        date: '2026-11-20',
        year: 2026,
        href: `/api/v1/payoff-letters/${letters[0]!.id}.pdf`,
      },
    ]);
    const again = await pdfAt('james', letters[0]!.href);
    expect(again.bytes.equals(issued.rawPayload)).toBe(true);
    expect(again.text).toContain('Payoff letter');
    const opened = await t.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'contract.payoff_letter'));
    expect(opened.at(-1)?.details).toMatchObject({ letterId: letters[0]!.id, goodThrough: '2026-11-30' });
    // Cy has no part in the loan: the letter is not found, and not listed.
    const refused = await get('cy', letters[0]!.href);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('PAYOFF.LETTER_NOT_FOUND');
    expect((await list('cy', '?kind=payoff_letter')).documents).toEqual([]);
    expect((await get('ana', '/api/v1/payoff-letters/not-a-uuid.pdf')).statusCode).toBe(400);
  });
});

describe('contract disclosures', () => {
  it('renders a loan’s Truth in Lending box and payment schedule from the boarded terms', async () => {
    const text = await expectSameBytesTwice('ana', disclosureUrl('RIC-000001'));
    expect(text).toContain('Truth in Lending disclosure');
    expect(text).toContain('Rendered from the terms as boarded; the signed contract governs.');
    expect(text).toContain('Account: RIC-000001 (retail installment contract), dated January 10, 2026');
    expect(text).toContain('Buyer: Ana Diaz, James Diaz');
    expect(text).toContain('Annual percentage rate The cost of your credit as a yearly rate. 5%');
    expect(text).toContain('Finance charge The dollar amount the credit will cost you. $2,645.52');
    expect(text).toContain('$20,000.00');
    expect(text).toContain('$22,645.52');
    // Total sale price: the total of payments plus the $3,000.00 down payment.
    expect(text).toContain('including your down payment of $3,000.00. $25,645.52');
    expect(text).toContain('59 $377.42 Monthly, beginning February 10, 2026');
    expect(text).toContain('1 $377.74 Final payment, January 10, 2031');
    // Pennsylvania's late charge (12 Pa.C.S. §6245): 2% after 10 days, no cap.
    expect(text).toContain(
      'Late charge: if a payment is more than 10 days late, you will be charged 2% of the payment.',
    );
    expect(text).toContain('Prepayment: if you pay off early, you will not have to pay a penalty.');
  });

  it('renders a lease’s Regulation M disclosures', async () => {
    expect(kinds((await list('bo')).documents)).toEqual(['contract_disclosure LSE-000001']);
    const text = await expectSameBytesTwice('bo', disclosureUrl('LSE-000001'));
    expect(text).toContain('Consumer lease disclosure');
    expect(text).toContain('Rendered from the terms as boarded; the signed contract governs.');
    expect(text).toContain('Amount due at lease signing or delivery $2,397.57');
    expect(text).toContain('36 payments of $397.57, the first due March 15, 2026');
    expect(text).toContain('$14,312.52');
    expect(text).toContain('disposition fee, if you do not purchase the vehicle $395.00');
    expect(text).toContain('the amount you will have paid by the end of the lease $16,312.52');
    expect(text).toContain('Gross capitalized cost $30,000.00');
    expect(text).toContain('Capitalized cost reduction $2,000.00');
    expect(text).toContain('Adjusted capitalized cost $28,000.00');
    expect(text).toContain('Residual value $16,500.00');
    expect(text).toContain('Rent charge $2,002.52');
    expect(text).toContain('Base monthly payment $375.07');
    expect(text).toContain('Money factor: 0.00125.');
    expect(text).toContain('mileage in excess of 36,000 miles (12,000 a year) at the rate of $0.25 per mile');
    expect(text).toContain('purchase the vehicle at the end of the lease term for $16,850.00');
    expect(text).toContain(
      'Early termination: you may have to pay a substantial charge if you end this lease early.',
    );
    // Texas (Tex. Fin. Code §348.107): 5% after the 15th day.
    expect(text).toContain('more than 15 days late, you will be charged 5% of the payment.');
  });
});

describe('maskIp', () => {
  it.each([
    ['203.0.113.57', '203.0.113.x'],
    ['::ffff:198.51.100.7', '198.51.100.x'],
    ['2001:db8:0:1::42', '2001:db8:0:1::x'],
    ['unknown', 'unknown'],
  ])('masks the last part of %s', (ip, masked) => {
    expect(maskIp(ip)).toBe(masked);
  });
});

describe('statements and interest statements', () => {
  it('lists them with links to their own routes, for the parties of their contract only', async () => {
    await cutStatementsBetween(
      t.database.db,
      t.clock,
      calendarDate('2026-10-01'),
      calendarDate('2026-10-31'),
    );
    await makeTaxStatements(t.database.db, t.clock, calendarDate('2027-01-04'));

    const cys = (await list('cy', '?kind=statement')).documents;
    expect(cys).toEqual([
      expect.objectContaining({ kind: 'statement', contractNumber: 'RIC-000002', year: 2026 }),
    ]);
    expect(cys[0]!.href).toBe(`/api/v1/accounts/RIC-000002/statements/${cys[0]!.id}.pdf`);
    expect((await pdfAt('cy', cys[0]!.href)).text).toContain('RIC-000002');
    expect((await get('ana', cys[0]!.href)).statusCode).toBe(404);

    // Ana paid interest on RIC-000001 in 2026 (her $123.45 payment), so January brings its statement.
    const taxes = (await list('ana', '?kind=tax_statement&contractNumber=RIC-000001')).documents;
    expect(taxes).toEqual([
      expect.objectContaining({
        kind: 'tax_statement',
        title: 'Interest statement for 2026',
        date: '2027-01-04',
        year: 2026,
        href: '/api/v1/accounts/RIC-000001/tax-statements/2026.pdf',
      }),
    ]);
    expect((await pdfAt('james', taxes[0]!.href)).text).toContain('2026');
    expect((await get('cy', taxes[0]!.href)).statusCode).toBe(404);
  });
});
