import { and, eq, isNull } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarDate, calendarDate as d } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { roundAccruedInterest } from '../core/rounding.ts';
import { accrueInterest } from '../core/simple-interest.ts';
import { balancesAsOf, findContract } from '../db/contracts.ts';
import { accountNotices, outbox, statements, taxStatements, userPreferences } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { assessLateFees } from '../servicing/late-fees.ts';
import { postPayment, reversePayment } from '../servicing/payment-posting.ts';
import { loanPayoff, positionOf, unappliedOf } from '../servicing/servicing.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import { renderStatement } from './statement-pdf.ts';
import { type StatementSnapshot, statementSnapshot, taxStatementSnapshot } from './statements.schemas.ts';
import {
  cutStatements,
  cutStatementsBetween,
  makeTaxStatements,
  statementDocuments,
  storedStatementPdf,
  taxStatementDocuments,
} from './statements.ts';
import { renderTaxStatement } from './tax-statement-pdf.ts';

/**
 * The golden statement. Loan RIC-000001 ($20,000.00 at 5%, signed 2026-01-10, $377.42 due on the
 * 10th from 2026-02-10, Pennsylvania) has a known history: installment 1 paid by check on its due
 * date; $377.42 by ACH on 2026-03-05, returned on 2026-03-09 with the $25.00 returned-payment fee;
 * installment 2 (due 2026-03-10) then unpaid, so the 2% late fee on 2026-03-21. Statements close 20
 * days before each due date: 2026-01-21, 2026-02-18 and 2026-03-21 (period 2026-02-19 to 03-21).
 */
let t: TestApp;
let anaId = '';
const audit = { actor: { type: 'system' as const, id: 'test' } };
const LOAN = 'RIC-000001';
const OTHER = 'RIC-000002';

const pay = (
  contractNumber: string,
  on: string,
  amountCents: number,
  channel: 'check' | 'ach',
  key: string,
) =>
  postPayment(
    t.database.db,
    fixedClock(d(on)),
    contractNumber,
    { amountCents, receivedOn: d(on), channel, intent: 'regular', reference: key },
    { scope: 'statements-test', key: `key-${key}` },
    audit,
  );
const cut = (on: string) => cutStatements(t.database.db, fixedClock(d(on)), d(on));

async function statementOn(closingDate: string) {
  const contract = await findContract(t.database.db, LOAN);
  const [row] = await t.database.db
    .select()
    .from(statements)
    .where(and(eq(statements.contractId, contract!.id), eq(statements.closingDate, closingDate)));
  return { row: row!, snapshot: statementSnapshot.parse(row!.snapshot) };
}

async function pdfText(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

const usd = (amount: number) => formatUsd(cents(amount));
const summaryAddsUp = (s: StatementSnapshot['summary']) =>
  s.beginningBalanceCents +
  s.openedCents -
  s.paymentsCents +
  s.returnedPaymentsCents +
  s.interestChargedCents +
  s.feesChargedCents -
  s.creditsCents;

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardContract(t, key, loanContract());
  await boardContract(
    t,
    key,
    loanContract({
      contractNumber: OTHER,
      parties: [
        { ...loanContract().parties[0], customerNumber: 'CUST-0009', firstName: 'Bo', lastName: 'Lee' },
      ],
      vehicle: { ...loanContract().vehicle, vin: '11111111111111111' },
    }),
  );
  anaId = await createUser(t, 'ana', { customerNumber: 'CUST-0001' });

  // Both loans have a statement on each date; only Ana's goes electronic once she is paperless.
  expect(await cut('2026-01-21')).toEqual({ cut: 2, paper: 2 });
  await pay(LOAN, '2026-02-10', 37_742, 'check', 'chk-1');
  expect(await cut('2026-02-18')).toEqual({ cut: 2, paper: 2 });
  const returned = await pay(LOAN, '2026-03-05', 37_742, 'ach', 'ach-1');
  await reversePayment(
    t.database.db,
    fixedClock(d('2026-03-09')),
    LOAN,
    returned.body.paymentId,
    'returned',
    audit,
  );
  // Installment 2 of both loans is unpaid 11 days after its due date.
  expect(await assessLateFees(t.database.db, d('2026-03-21'))).toBe(2);
  // Ana went paperless before the third statement.
  await t.database.db
    .insert(userPreferences)
    .values({ userId: anaId, paperless: true, updatedAt: new Date('2026-03-01T00:00:00Z') });
  expect(await cut('2026-03-21')).toEqual({ cut: 2, paper: 1 });
});
afterAll(() => t.close());

describe('cutStatements', () => {
  it('cuts nothing on a day that is no statement date, and nothing twice', async () => {
    expect(await cut('2026-03-20')).toEqual({ cut: 0, paper: 0 });
    expect(await cut('2026-03-21')).toEqual({ cut: 0, paper: 0 });
    const contract = await findContract(t.database.db, LOAN);
    const all = await t.database.db.select().from(statements).where(eq(statements.contractId, contract!.id));
    expect(all.map((s) => s.closingDate).sort()).toEqual(['2026-01-21', '2026-02-18', '2026-03-21']);
  });

  it('keeps the periods back to back and each beginning balance equal to the ending before it', async () => {
    const [first, second, third] = await Promise.all(
      ['2026-01-21', '2026-02-18', '2026-03-21'].map((date) => statementOn(date)),
    );
    expect(first!.row).toMatchObject({ periodStart: '2026-01-10', dueDate: '2026-02-10' });
    expect(second!.row).toMatchObject({ periodStart: '2026-01-22', dueDate: '2026-03-10' });
    expect(third!.row).toMatchObject({ periodStart: '2026-02-19', dueDate: '2026-04-10' });
    expect(first!.snapshot.summary.beginningBalanceCents).toBe(0);
    expect(first!.snapshot.summary.openedCents).toBe(2_000_000);
    expect(second!.snapshot.summary.beginningBalanceCents).toBe(first!.snapshot.summary.endingBalanceCents);
    expect(third!.snapshot.summary.beginningBalanceCents).toBe(second!.snapshot.summary.endingBalanceCents);
    for (const s of [first!, second!, third!]) {
      expect(summaryAddsUp(s.snapshot.summary)).toBe(s.snapshot.summary.endingBalanceCents);
    }
  });

  it('shows the payment of the period and how it applied: 31 days of interest first, the rest to principal', async () => {
    const { snapshot } = await statementOn('2026-02-18');
    // $20,000.00 × 5% / 365 × 31 days (2026-01-10 to 02-10) = $84.93.
    expect(snapshot.payments).toEqual([
      {
        receivedOn: '2026-02-10',
        amountCents: 37_742,
        channel: 'check',
        reference: 'chk-1',
        applied: {
          interestCents: 8_493,
          principalCents: 29_249,
          feesCents: 0,
          leaseReceivableCents: 0,
          salesTaxCents: 0,
          unappliedCents: 0,
        },
        // Posted by the lender: no authorized payer.
        paidBy: null,
      },
    ]);
    expect(snapshot.summary.paymentsCents).toBe(37_742);
    expect(snapshot.amountDue).toMatchObject({
      currentInstallmentCents: 37_742,
      pastDueCents: 0,
      totalCents: 37_742,
    });
    expect(snapshot.loan?.yearToDateInterestPaidCents).toBe(8_493);
  });

  it('matches the ledger at the closing date, with the returned payment, its fee and the late fee', async () => {
    const { row, snapshot } = await statementOn('2026-03-21');
    const contract = await findContract(t.database.db, LOAN);
    const ledger = await balancesAsOf(t.database.db, contract!.id, d('2026-03-21'));
    expect(snapshot.balances.principalCents).toBe(ledger.principal);
    expect(snapshot.balances.principalCents).toBe(2_000_000 - 29_249);
    expect(snapshot.balances.feesCents).toBe(ledger.fees);
    expect(snapshot.balances.unappliedCents).toBe(unappliedOf(ledger));
    // Interest: what the ledger holds plus what accrued since the last posting (2026-03-05), 16 days.
    const unposted = roundAccruedInterest(
      accrueInterest(cents(1_970_751), '5', d('2026-03-05'), d('2026-03-21')),
    );
    expect(snapshot.balances.interestCents).toBe(ledger.interest + unposted);
    expect(snapshot.summary.endingBalanceCents).toBe(
      ledger.principal + ledger.interest + unposted + ledger.fees + ledger.unapplied,
    );

    expect(snapshot.payments.map((p) => [p.receivedOn, p.amountCents, p.channel])).toEqual([
      ['2026-03-05', 37_742, 'ach'],
    ]);
    expect(snapshot.reversals).toEqual([
      {
        reversedOn: '2026-03-09',
        paymentReceivedOn: '2026-03-05',
        amountCents: 37_742,
        reason: 'returned',
        restored: expect.objectContaining({ interestCents: snapshot.payments[0]!.applied.interestCents }),
      },
    ]);
    expect(snapshot.summary.paymentsCents).toBe(37_742);
    expect(snapshot.summary.returnedPaymentsCents).toBe(37_742);
    // $25.00 returned-payment fee (lender default) and 2% of $377.42 late (12 Pa.C.S. §6245).
    expect(snapshot.fees.map((f) => [f.date, f.kind, f.amountCents])).toEqual([
      ['2026-03-09', 'returned_payment', 2_500],
      ['2026-03-21', 'late', 755],
    ]);
    expect(snapshot.summary.feesChargedCents).toBe(3_255);
    expect(snapshot.amountDue).toEqual({
      currentInstallmentCents: 37_742,
      pastDueCents: 37_742,
      feesDueCents: 3_255,
      totalCents: 37_742 * 2 + 3_255,
      daysPastDue: 11,
    });
    // The returned payment's interest nets out of the interest paid this year.
    expect(snapshot.loan?.yearToDateInterestPaidCents).toBe(8_493);
    expect(snapshot.messages.map((m) => m.code)).toEqual(['PAST_DUE', 'AUTOPAY_OFF']);
    expect(row.delivery).toBe('electronic');
  });

  it('prints every figure of the snapshot in the PDF, the reversal as a returned payment', async () => {
    const { row, snapshot } = await statementOn('2026-03-21');
    const text = await pdfText((await storedStatementPdf(t.database.db, row.id))!);
    const s = snapshot.summary;
    for (const expected of [
      'Monthly statement',
      'Account RIC-000001 (retail installment contract)',
      'Statement period: February 19, 2026 to March 21, 2026',
      'Ana Diaz, 1 Main Street, Philadelphia, PA 19103',
      'Vehicle: 2026 Honda Accord, VIN 1HGCM82633A004352',
      `Amount due: ${usd(78_739)} by April 10, 2026`,
      'Current installment $377.42, past due $377.42, fees due $32.55.',
      `Beginning balance on February 18, 2026 ${usd(s.beginningBalanceCents)}`,
      'Payments -$377.42',
      'Returned payments $377.42',
      `Interest charged ${usd(s.interestChargedCents)}`,
      'Fees charged $32.55',
      `Ending balance on March 21, 2026 ${usd(s.endingBalanceCents)}`,
      'Your account is past due: $377.42 was not paid by its due date (11 days past due).',
      'Payment coupon',
      'Account number: RIC-000001',
      'Payment due date: April 10, 2026',
      'Amount due: $787.39',
      'Mail to: Autofin Demo Lending, LLC',
      `March 5, 2026 $377.42 ${usd(snapshot.payments[0]!.applied.interestCents)} ${usd(snapshot.payments[0]!.applied.principalCents)} $0.00 $0.00`,
      'March 9, 2026 March 5, 2026 $377.42 Returned by the bank',
      `Interest charged in this period: ${usd(snapshot.interestChargedCents)} (simple interest at 5% APR`,
      'March 9, 2026 Returned payment fee $25.00',
      'March 21, 2026 Late fee: installment 2 due 2026-03-10 unpaid after 10 days $7.55',
      'Statement closing date: March 21, 2026',
      'Maturity date: January 10, 2031',
      `Payoff amount as of March 21, 2026: ${usd(snapshot.loan!.payoffCents)}`,
      'Interest paid this year through March 21, 2026: $84.93',
      `Principal ${usd(snapshot.balances.principalCents)}`,
      'Call 1-800-555-0199',
    ]) {
      expect(text).toContain(expected);
    }
    // The payoff on the closing date: everything owed, interest to that day included.
    expect(snapshot.loan!.payoffCents).toBe(s.endingBalanceCents);
  });

  it('renders the same bytes every time, and serves the stored bytes after the first', async () => {
    const { row, snapshot } = await statementOn('2026-02-18');
    const [a, b] = await Promise.all([renderStatement(snapshot), renderStatement(snapshot)]);
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('D:20260218000000Z');
    expect(row.pdf).toBeNull();
    const served = await storedStatementPdf(t.database.db, row.id);
    expect(Buffer.from(served!).equals(a)).toBe(true);
    const [stored] = await t.database.db
      .select({ pdf: statements.pdf })
      .from(statements)
      .where(eq(statements.id, row.id));
    expect(Buffer.from(stored!.pdf!).equals(a)).toBe(true);
    expect(Buffer.from((await storedStatementPdf(t.database.db, row.id))!).equals(a)).toBe(true);
  });

  it('tells the account: a dashboard notice and a mail to each party who wants one', async () => {
    const contract = await findContract(t.database.db, LOAN);
    const notices = await t.database.db
      .select()
      .from(accountNotices)
      .where(and(eq(accountNotices.contractId, contract!.id), eq(accountNotices.kind, 'statement_ready')));
    expect(notices.map((n) => [n.cause, n.details])).toContainEqual([
      '2026-03-21',
      { statementDate: '2026-03-21', amountDueCents: 78_739 },
    ]);
    const mails = await t.database.db.select().from(outbox).where(eq(outbox.to, 'ana@example.com'));
    const ready = mails.filter((m) => m.template === 'statement-ready');
    expect(ready).toHaveLength(3);
    expect(ready.at(-1)?.text).toContain('Amount due: $787.39 by 2026-04-10');
  });

  it('lists the statements for the document center, newest first', async () => {
    const contract = await findContract(t.database.db, LOAN);
    const docs = await statementDocuments(t.database.db, [contract!.id]);
    expect(docs.map((doc) => [doc.kind, doc.date, doc.year])).toEqual([
      ['statement', '2026-03-21', 2026],
      ['statement', '2026-02-18', 2026],
      ['statement', '2026-01-21', 2026],
    ]);
    expect(docs[0]?.title).toBe('Statement closing March 21, 2026');
  });
});

describe('a lease statement', () => {
  it('splits each payment into base payment and sales tax, and gives the maturity date and miles allowed', async () => {
    // Signed and first due 2026-03-15 (no statement: its bill is the contract), then due the 15th.
    await boardContract(t, await boardingKey(t.database), leaseContract());
    await pay('LSE-000001', '2026-03-15', 39_757, 'check', 'lease-1');
    expect(await cut('2026-03-26')).toEqual({ cut: 1, paper: 1 });
    const contract = await findContract(t.database.db, 'LSE-000001');
    const [row] = await t.database.db
      .select()
      .from(statements)
      .where(eq(statements.contractId, contract!.id));
    const snapshot = statementSnapshot.parse(row!.snapshot);
    expect(row).toMatchObject({
      periodStart: '2026-03-15',
      closingDate: '2026-03-26',
      dueDate: '2026-04-15',
    });
    expect(snapshot.payments[0]?.applied).toMatchObject({
      leaseReceivableCents: 37_507,
      salesTaxCents: 2_250,
    });
    expect(snapshot.summary).toMatchObject({
      beginningBalanceCents: 0,
      openedCents: 37_507 * 36,
      paymentsCents: 37_507,
      endingBalanceCents: 37_507 * 35,
    });
    expect(summaryAddsUp(snapshot.summary)).toBe(snapshot.summary.endingBalanceCents);
    expect(snapshot.balances.leaseReceivableCents).toBe(
      (await balancesAsOf(t.database.db, contract!.id, d('2026-03-26'))).lease_receivable,
    );
    expect(snapshot.amountDue).toMatchObject({ currentInstallmentCents: 39_757, pastDueCents: 0 });
    expect(snapshot.loan).toBeNull();

    const text = await pdfText(await renderStatement(snapshot));
    for (const expected of [
      'Monthly lease statement',
      'Account LSE-000001 (lease)',
      'Base payments of the lease $13,502.52',
      'Payments, less sales tax -$375.07',
      'March 15, 2026 $397.57 $375.07 $22.50 $0.00 $0.00',
      'Lease maturity date: February 15, 2029',
      'Miles allowed: 12,000 a year, 36,000 over the lease.',
      'Each mile over the allowance costs $0.25 at lease end.',
      'Base payments remaining $13,127.45',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('makeTaxStatements', () => {
  const make = (on: CalendarDate) => makeTaxStatements(t.database.db, fixedClock(on), on);

  beforeAll(async () => {
    // The other loan: interest from signing to 2026-12-10 ($915.07) paid then; a payment on
    // 2026-12-15 returned on 2026-12-20 takes its interest back out.
    await pay(OTHER, '2026-12-10', 100_000, 'check', 'other-1');
    const returned = await pay(OTHER, '2026-12-15', 37_742, 'ach', 'other-2');
    await reversePayment(
      t.database.db,
      fixedClock(d('2026-12-20')),
      OTHER,
      returned.body.paymentId,
      'returned',
      audit,
    );
    // A business's loan with as much interest paid: §6050AA covers individuals only.
    await boardContract(
      t,
      await boardingKey(t.database),
      loanContract({
        contractNumber: 'RIC-000003',
        parties: [
          {
            kind: 'business',
            customerNumber: 'CUST-BIZ',
            role: 'primary',
            businessName: 'Acme Fleet LLC',
            taxIdLast4: '4321',
            email: 'fleet@acme.example.com',
            phone: '+12155550188',
            address: { line1: '2 Market Street', city: 'Philadelphia', state: 'PA', zip: '19103' },
          },
        ],
      }),
    );
    await pay('RIC-000003', '2026-12-10', 100_000, 'check', 'business-1');
  });

  it('makes none outside January', async () => {
    expect(await make(d('2026-12-31'))).toEqual({ made: 0 });
    expect(await make(d('2027-02-01'))).toEqual({ made: 0 });
  });

  it("makes one per individual's loan with interest paid in the year before, once, reversals netted, flagging $600 or more", async () => {
    expect(await make(d('2027-01-04'))).toEqual({ made: 2 });
    expect(await make(d('2027-01-05'))).toEqual({ made: 0 });
    const rows = await t.database.db.select().from(taxStatements);
    const byNumber = new Map(rows.map((r) => [taxStatementSnapshot.parse(r.snapshot).contractNumber, r]));
    const golden = taxStatementSnapshot.parse(byNumber.get(LOAN)!.snapshot);
    expect(golden).toMatchObject({
      taxYear: 2026,
      interestPaidCents: 8_493,
      reportableToIrs: false,
      originationDate: '2026-01-10',
      principalAtStartCents: 2_000_000,
      principalAsOf: '2026-01-10',
      vehicle: { vin: '1HGCM82633A004352', year: 2026, make: 'Honda', model: 'Accord', condition: 'new' },
      borrower: { names: ['Ana Diaz'], addressLines: ['1 Main Street', 'Philadelphia, PA 19103'] },
      issuedOn: '2027-01-04',
    });
    const other = taxStatementSnapshot.parse(byNumber.get(OTHER)!.snapshot);
    // $20,000.00 × 5% / 365 × 334 days = $915.07; the returned payment's interest is netted out.
    expect(other).toMatchObject({ interestPaidCents: 91_507, reportableToIrs: true });

    const text = await pdfText(await renderTaxStatement(other));
    for (const expected of [
      'Vehicle loan interest statement for 2026',
      'Interest received in 2026: $915.07',
      'we also report this amount to the Internal Revenue Service',
      'Account number RIC-000002',
      'Borrower Bo Lee',
      'Loan origination date January 10, 2026',
      'Outstanding principal on January 10, 2026 $20,000.00',
      'Vehicle identification number (VIN) 11111111111111111',
      'PLACEHOLDER, NOT A REAL NUMBER',
    ]) {
      expect(text).toContain(expected);
    }
    const contract = await findContract(t.database.db, OTHER);
    const docs = await taxStatementDocuments(t.database.db, [contract!.id]);
    expect(docs).toEqual([
      {
        id: byNumber.get(OTHER)!.id,
        kind: 'tax_statement',
        contractNumber: OTHER,
        title: 'Interest statement for 2026',
        date: '2027-01-04',
        year: 2026,
      },
    ]);
  });
});

describe('cutStatementsBetween', () => {
  it('cuts the statements of past dates as the cycle would have, without notices or mail, once', async () => {
    const { db } = t.database;
    const counts = async () => ({
      statements: (await db.select({ id: statements.id }).from(statements)).length,
      notices: (await db.select({ id: accountNotices.id }).from(accountNotices)).length,
      mails: (await db.select({ id: outbox.id }).from(outbox)).length,
    });
    const before = await counts();
    const clock = fixedClock(d('2026-06-01'));
    // The two individuals' loans, the business's loan and the lease, each in April and in May.
    const backfill = await cutStatementsBetween(db, clock, d('2026-04-01'), d('2026-05-31'));
    expect(backfill.cut).toBe(8);
    expect(await counts()).toEqual({ ...before, statements: before.statements + 8 });
    expect(await cutStatementsBetween(db, clock, d('2026-04-01'), d('2026-05-31'))).toEqual({
      cut: 0,
      paper: 0,
    });
    const { snapshot } = await statementOn('2026-04-20');
    expect(snapshot.summary.beginningBalanceCents).toBe(
      (await statementOn('2026-03-21')).snapshot.summary.endingBalanceCents,
    );
  });
});

describe('the final statement of a loan paid in full', () => {
  // Its own portal: Ana's loan alone, paid off between two statement dates.
  let own: TestApp;
  beforeAll(async () => {
    own = await createTestApp();
    await boardContract(own, await boardingKey(own.database), loanContract());
    await createUser(own, 'ana', { customerNumber: 'CUST-0001' });
  });
  afterAll(() => own.close());

  const cutOn = (on: string) => cutStatements(own.database.db, fixedClock(d(on)), d(on));
  const payOff = async (on: string, key: string) => {
    const contract = (await findContract(own.database.db, LOAN))!;
    if (contract.kind !== 'retail_installment') throw new Error('a loan');
    const position = await positionOf(own.database.db, contract, d(on));
    const { payoff } = loanPayoff(contract, position, d(on), d(on));
    const posted = await postPayment(
      own.database.db,
      fixedClock(d(on)),
      LOAN,
      { amountCents: payoff, receivedOn: d(on), channel: 'ach', intent: 'payoff' },
      { scope: 'final-statement-test', key },
      audit,
    );
    return { payoff, paymentId: posted.body.paymentId };
  };
  const finals = async () =>
    (
      await own.database.db
        .select()
        .from(statements)
        .where(isNull(statements.dueDate))
        .orderBy(statements.closingDate)
    ).map((row) => ({ row, snapshot: statementSnapshot.parse(row.snapshot) }));

  it('closes on the payoff date with nothing due, once, and tells the account', async () => {
    expect(await cutOn('2026-01-21')).toEqual({ cut: 1, paper: 1 });
    const { payoff } = await payOff('2026-02-03', 'payoff-1');
    // The payments stage posted the payoff; the same day's servicing stage cuts the final statement.
    expect(await cutOn('2026-02-03')).toEqual({ cut: 1, paper: 1 });
    expect(await cutOn('2026-02-04')).toEqual({ cut: 0, paper: 0 });
    // The statement date of installment 2 comes and goes: a paid-off loan has no monthly statement.
    expect(await cutOn('2026-02-18')).toEqual({ cut: 0, paper: 0 });

    const [final] = await finals();
    expect(final!.row).toMatchObject({ periodStart: '2026-01-22', closingDate: '2026-02-03', dueDate: null });
    const s = final!.snapshot;
    expect(s).toMatchObject({ installmentNumber: null, dueDate: null });
    expect(s.amountDue).toEqual({
      currentInstallmentCents: 0,
      pastDueCents: 0,
      feesDueCents: 0,
      totalCents: 0,
      daysPastDue: 0,
    });
    expect(s.payments).toMatchObject([{ receivedOn: '2026-02-03', amountCents: payoff }]);
    expect(s.summary.endingBalanceCents).toBe(0);
    expect(summaryAddsUp(s.summary)).toBe(s.summary.endingBalanceCents);
    const contract = await findContract(own.database.db, LOAN);
    const ledger = await balancesAsOf(own.database.db, contract!.id, d('2026-02-03'));
    expect([ledger.principal, ledger.interest, ledger.fees]).toEqual([0, 0, 0]);
    expect(s.messages.map((m) => m.code)).toEqual(['PAID_IN_FULL']);

    const text = await pdfText((await storedStatementPdf(own.database.db, final!.row.id))!);
    expect(text).toContain('Final statement: paid in full');
    expect(text).toContain('Statement period: January 22, 2026 to February 3, 2026');
    expect(text).toContain('Amount due: $0.00. Nothing more is due.');
    expect(text).toContain(`Ending balance on February 3, 2026 ${usd(0)}`);
    expect(text).toContain('This account was paid in full on February 3, 2026.');
    expect(text).toContain('Paid in full: February 3, 2026');
    expect(text).not.toContain('Payment coupon');
    expect(text).not.toContain('Payment due date');

    const mails = await own.database.db.select().from(outbox).where(eq(outbox.to, 'ana@example.com'));
    const ready = mails.filter((m) => m.template === 'final-statement-ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]?.text.replace(/\s+/g, ' ')).toContain('covering 2026-01-22 through 2026-02-03');
    const docs = await statementDocuments(own.database.db, [contract!.id]);
    expect(docs[0]?.title).toBe('Final statement closing February 3, 2026');
  });

  it('bills again after the payoff is returned, and cuts a new final statement at the next payoff', async () => {
    const first = (await finals())[0]!.row;
    const returned = await own.database.db.select().from(statements).where(eq(statements.id, first.id));
    const contract = (await findContract(own.database.db, LOAN))!;
    // The payoff comes back from the bank: the loan is active again and owes installment 2.
    const payment = (await own.database.db.query.payments.findFirst({
      where: (p, { eq: is }) => is(p.contractId, contract.id),
      orderBy: (p, { desc }) => desc(p.createdAt),
    }))!;
    await reversePayment(own.database.db, fixedClock(d('2026-02-06')), LOAN, payment.id, 'returned', audit);
    expect((await findContract(own.database.db, LOAN))?.status).toBe('active');
    // Installment 2's statement date: a monthly statement with the returned payoff, and the first
    // final statement stays as it was.
    expect(await cutOn('2026-02-18')).toEqual({ cut: 1, paper: 1 });
    const monthly = await own.database.db
      .select()
      .from(statements)
      .where(and(eq(statements.contractId, contract.id), eq(statements.closingDate, '2026-02-18')));
    const snapshot = statementSnapshot.parse(monthly[0]!.snapshot);
    expect(snapshot.dueDate).toBe('2026-03-10');
    expect(snapshot.reversals).toMatchObject([{ reversedOn: '2026-02-06', reason: 'returned' }]);
    expect(snapshot.amountDue.totalCents).toBeGreaterThan(0);
    expect(returned).toEqual(
      await own.database.db.select().from(statements).where(eq(statements.id, first.id)),
    );

    await payOff('2026-03-02', 'payoff-2');
    expect(await cutOn('2026-03-02')).toEqual({ cut: 1, paper: 1 });
    expect((await finals()).map(({ row }) => [row.periodStart, row.closingDate])).toEqual([
      ['2026-01-22', '2026-02-03'],
      ['2026-02-19', '2026-03-02'],
    ]);
  });
});
