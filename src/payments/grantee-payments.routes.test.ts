import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import { auditEvents, paymentOrders } from '../db/schema.ts';
import { cutStatements } from '../documents/statements.ts';
import { latestMail } from '../notifications/mail.ts';
import { movableClock } from '../platform/business-date.ts';
import { fixedClock } from '../platform/clock.ts';
import { loanContract } from '../test-support/contracts.ts';
import { addTestBankAccount } from '../test-support/payment-methods.ts';
import { countQueries } from '../test-support/query-count.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import { postDuePayments } from './payments.ts';

// Ana holds loan RIC-000001 with James as co-borrower and Carl as co-signer. Ana lets Pat pay
// (view and pay), typing her name as "Pat Lopez"; Vera may only view. On 2026-02-10, the first due
// date, Pat and Ana each pay from their own bank accounts; the statement closes on 2026-02-18.
let t: TestApp;
const clock = movableClock(calendarDate('2026-02-10'));
const LOAN = 'RIC-000001';
const userIds: Record<string, string> = {};
const sessions: Record<string, string> = {};
const methods: Record<string, string> = {};
let keyCounter = 0;
let grantId = '';
let patsOrder: { id: string; confirmationNumber: string; paidBy: unknown };
let anasOrder: { id: string; confirmationNumber: string; paidBy: unknown };

const as = (login: string) => ({
  headers: { ...csrf.headers, 'idempotency-key': `grantee-payments-${++keyCounter}` },
  cookies: { ...csrf.cookies, [SESSION_COOKIE]: sessions[login]! },
});
const request = (login: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, ...(payload ? { payload } : {}), ...as(login) });
const get = (login: string, url: string) => request(login, 'GET', url);
const pay = (login: string, amountCents: number) =>
  request(login, 'POST', `/api/v1/accounts/${LOAN}/payments`, {
    amountCents,
    paymentMethodId: methods[login],
  });

async function grantTo(login: string, name: string, permission: 'view' | 'view_and_pay') {
  const invited = await request('ana', 'POST', `/api/v1/accounts/${LOAN}/grants`, {
    name,
    email: `${login}@example.com`,
    permission,
  });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.body}`);
  const [mail] = await latestMail(t.database.db, 1, `${login}@example.com`);
  const token = /grant-invitation\?token=([\w-]+)/.exec(mail?.text ?? '')?.[1];
  const accepted = await request(login, 'POST', '/api/v1/grants/accept', { token });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.body}`);
  return invited.json().id as string;
}

async function pdfText(body: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

type Transaction = { type: string; reference: string | null; paidBy: unknown };
const activity = async (login: string) => {
  const res = await get(login, `/api/v1/accounts/${LOAN}/transactions?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().transactions as Transaction[];
};
const byReference = (rows: Transaction[], reference: string) => rows.find((r) => r.reference === reference);

beforeAll(async () => {
  t = await createTestApp({ clock, movableClock: clock });
  const key = await boardingKey(t.database);
  const party = loanContract().parties[0];
  await boardContract(
    t,
    key,
    loanContract({
      parties: [
        party,
        { ...party, customerNumber: 'CUST-JAMES', role: 'co_borrower', firstName: 'James' },
        { ...party, customerNumber: 'CUST-CARL', role: 'co_signer', firstName: 'Carl' },
      ],
    }),
  );
  userIds.ana = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  userIds.james = await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  userIds.carl = await createUser(t, 'carl', { customerNumber: 'CUST-CARL' });
  userIds.pat = await createUser(t, 'pat');
  userIds.vera = await createUser(t, 'vera');
  for (const login of Object.keys(userIds)) sessions[login] = await signIn(t, login);
  methods.ana = await addTestBankAccount(t.database.db, userIds.ana!, clock.now());
  methods.pat = await addTestBankAccount(t.database.db, userIds.pat!, clock.now(), { holderName: 'Pat' });
  methods.vera = await addTestBankAccount(t.database.db, userIds.vera!, clock.now(), { holderName: 'V' });
  grantId = await grantTo('pat', 'Pat Lopez', 'view_and_pay');
  await grantTo('vera', 'Vera Lopez', 'view');

  const patPaid = await pay('pat', 10_000);
  expect(patPaid.statusCode, patPaid.body).toBe(201);
  patsOrder = patPaid.json();
  const anaPaid = await pay('ana', 12_300);
  expect(anaPaid.statusCode, anaPaid.body).toBe(201);
  anasOrder = anaPaid.json();
}, 120_000);
afterAll(() => t.close());

describe('a payment by an authorized payer', () => {
  it('records the grant it was made through; a party’s own payment records none', async () => {
    const rows = await t.database.db
      .select({ id: paymentOrders.id, grantId: paymentOrders.grantId, payer: paymentOrders.payerUserId })
      .from(paymentOrders);
    expect(rows).toContainEqual({ id: patsOrder.id, grantId, payer: userIds.pat });
    expect(rows).toContainEqual({ id: anasOrder.id, grantId: null, payer: userIds.ana });
  });

  it('names the payer on the answer, the receipt list and the receipt PDF, for the payer and the holder', async () => {
    const paidBy = { name: 'Pat Lopez', authorizedPayer: true };
    expect(patsOrder.paidBy).toEqual(paidBy);
    expect(anasOrder.paidBy).toBeNull();
    for (const login of ['pat', 'ana']) {
      const list = (await get(login, `/api/v1/payments?contractNumber=${LOAN}`)).json().payments;
      expect(list.find((p: { id: string }) => p.id === patsOrder.id)?.paidBy).toEqual(paidBy);
      const pdf = await get(login, `/api/v1/payments/${patsOrder.id}/receipt.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(await pdfText(pdf.rawPayload)).toContain('Paid by: Pat Lopez, authorized payer');
    }
    const own = await get('ana', `/api/v1/payments/${anasOrder.id}/receipt.pdf`);
    expect(await pdfText(own.rawPayload)).not.toContain('authorized payer');
  });

  it('shows in the holder’s activity as paid by the grant’s name, and a party’s payment as no one’s', async () => {
    for (const login of ['ana', 'james', 'pat']) {
      const rows = await activity(login);
      expect(byReference(rows, patsOrder.confirmationNumber)).toMatchObject({
        type: 'payment',
        paidBy: { name: 'Pat Lopez', authorizedPayer: true },
      });
      expect(byReference(rows, anasOrder.confirmationNumber)).toMatchObject({
        type: 'payment',
        paidBy: null,
      });
    }
    const csv = (await get('ana', `/api/v1/accounts/${LOAN}/transactions?format=csv&type=payment`)).body;
    expect(csv).toContain('Pat Lopez, authorized payer');
  });

  it('audits the payment with the grant and as an authorized payer’s', async () => {
    const events = await t.database.db
      .select({ details: auditEvents.details, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'payment_order.create'), eq(auditEvents.resourceId, LOAN)));
    const pats = events.find(
      (e) => (e.details as { paymentOrderId: string }).paymentOrderId === patsOrder.id,
    );
    expect(pats?.details).toMatchObject({ grantId, paidBy: 'Pat Lopez, authorized payer' });
    const anas = events.find(
      (e) => (e.details as { paymentOrderId: string }).paymentOrderId === anasOrder.id,
    );
    expect(anas?.details).not.toHaveProperty('grantId');
  });

  it('gives each holder a notice and a mail; the co-signer, the viewer and the payer get none', async () => {
    for (const login of ['ana', 'james']) {
      const notices = (await get(login, '/api/v1/notices')).json().notices;
      expect(notices.filter((n: { kind: string }) => n.kind === 'grantee_payment')).toEqual([
        expect.objectContaining({
          contractNumber: LOAN,
          details: { name: 'Pat Lopez', amountCents: 10_000, effectiveDate: '2026-02-10', status: 'posted' },
        }),
      ]);
      const mails = (await latestMail(t.database.db, 20, `${login}@example.com`)).filter(
        (m) => m.template === 'grantee-payment',
      );
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe(`Pat Lopez paid $100.00 on account ${LOAN}`);
      expect(mails[0]?.text).toContain(patsOrder.confirmationNumber);
    }
    for (const login of ['carl', 'vera', 'pat']) {
      const notices = (await get(login, '/api/v1/notices')).json().notices ?? [];
      expect(notices.some((n: { kind: string }) => n.kind === 'grantee_payment')).toBe(false);
      const mails = await latestMail(t.database.db, 20, `${login}@example.com`);
      expect(mails.some((m) => m.template === 'grantee-payment')).toBe(false);
    }
  });

  it('is refused to a grant that only views, and writes nothing', async () => {
    const before = (await t.database.db.select().from(paymentOrders)).length;
    expect((await pay('vera', 5_000)).statusCode).toBe(404);
    expect((await t.database.db.select().from(paymentOrders)).length).toBe(before);
  });

  it('reads the activity in the same number of queries however many such payments there are', async () => {
    const count = async () => {
      const counter = countQueries(t.database.db);
      try {
        await activity('ana');
      } finally {
        counter.stop();
      }
      return counter.statements.length;
    };
    const before = await count();
    for (const amount of [1_000, 1_100]) expect((await pay('pat', amount)).statusCode).toBe(201);
    const rows = await activity('ana');
    expect(rows.filter((r) => r.paidBy !== null)).toHaveLength(3);
    expect(await count()).toBe(before);
  });
});

describe('the statement', () => {
  it('names the authorized payer on the payment’s line, and no one on a party’s', async () => {
    await cutStatements(t.database.db, fixedClock(calendarDate('2026-02-18')), calendarDate('2026-02-18'));
    const list = (await get('ana', `/api/v1/accounts/${LOAN}/statements`)).json().statements;
    const february = list.find((s: { closingDate: string }) => s.closingDate === '2026-02-18');
    const pdf = await get('ana', `/api/v1/accounts/${LOAN}/statements/${february.id}.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('February 10, 2026, $100.00: Payment, paid by Pat Lopez, authorized payer.');
    expect(text).toContain('February 10, 2026, $10.00: Payment, paid by Pat Lopez, authorized payer.');
    expect(text).not.toContain('$123.00: Payment, paid by');
  });
});

describe('a scheduled payment by an authorized payer whose access ends before it posts', () => {
  it('is cancelled by the cycle, not posted: the grantee can no longer see it to cancel it', async () => {
    const scheduled = await request('pat', 'POST', `/api/v1/accounts/${LOAN}/payments`, {
      amountCents: 4_200,
      paymentMethodId: methods.pat,
      date: '2026-02-20',
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    expect(scheduled.json().status).toBe('scheduled');
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${LOAN}/grants/${grantId}`,
      ...as('ana'),
    });
    expect(revoked.statusCode, revoked.body).toBe(204);

    const run = await postDuePayments(t.database.db, clock, calendarDate('2026-02-20'));
    expect(run).toEqual({ posted: 0, failed: 0, cancelled: 1 });
    const [order] = await t.database.db
      .select()
      .from(paymentOrders)
      .where(eq(paymentOrders.id, scheduled.json().id));
    expect(order).toMatchObject({
      status: 'cancelled',
      postedPaymentId: null,
      failureReason: 'The access this payment was made through has ended.',
    });
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'payment_order.cancel'), eq(auditEvents.resourceId, LOAN)));
    expect(events.map((e) => e.details)).toContainEqual(
      expect.objectContaining({ paymentOrderId: order!.id, grantId }),
    );
  });
});
