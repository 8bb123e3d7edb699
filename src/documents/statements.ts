import { and, asc, desc, eq, exists, gte, inArray, isNull, lte, max, notExists, or, sql } from 'drizzle-orm';
import { requireContractFor } from '../access/index.ts';
import { addDays, type CalendarDate, calendarDate, compareDates, dateParts } from '../core/dates.ts';
import { mileageAllowance } from '../core/lease-end.ts';
import type { LedgerAccount } from '../core/ledger.ts';
import { addressLines, LENDER } from '../core/lender.ts';
import { cents, formatUsd } from '../core/money.ts';
import type { Actor } from '../core/policy.ts';
import {
  DEFAULT_STATEMENT_DAYS_BEFORE_DUE,
  type FinalStatementPeriod,
  finalStatementPeriod,
  type StatementPeriod,
  statementPeriodDueOn,
} from '../core/statement-period.ts';
import { type ContractRange, inContractRange } from '../db/contract-range.ts';
import { type Balances, balancesAsOf, type ServicedContract, toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contracts,
  customers,
  journalEntries,
  payments,
  postings,
  statements,
  taxStatements,
  userPreferences,
  users,
} from '../db/schema.ts';
import { notify, postNotice } from '../notifications/index.ts';
import { autopayStatuses, paidByOfEntries } from '../payments/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { longDate } from '../platform/pdf.ts';
import {
  contractInstallments,
  contractsDueOn,
  ledgerEntries,
  loanPayoff,
  partiesOf,
  positionOf,
  unappliedOf,
  vehicleOf,
} from '../servicing/index.ts';
import { renderStatement } from './statement-pdf.ts';
import {
  type Applied,
  type StatementDocument,
  type StatementSnapshot,
  statementSnapshot,
  type TaxStatementSnapshot,
  taxStatementSnapshot,
} from './statements.schemas.ts';
import { renderTaxStatement } from './tax-statement-pdf.ts';

/**
 * Monthly statements and year-end interest statements. The daily cycle cuts each statement on its
 * statement date (core/statement-period.ts) as a snapshot built from the ledger as of the closing
 * date; the PDF is rendered from the snapshot alone when first asked for, then served from the
 * stored bytes (rendering is deterministic, so both are the same). In January the cycle makes each
 * loan's interest statement for the year before.
 */
export type StatementSettings = {
  daysBeforeDue: number;
  /** Cut without the dashboard notice and the mail (a backfill of past statements). */
  quiet?: boolean;
};
const DEFAULT_SETTINGS: StatementSettings = { daysBeforeDue: DEFAULT_STATEMENT_DAYS_BEFORE_DUE };

/** The ledger accounts that make up what the customer owes (money held for them counts against it). */
const OWED_ACCOUNTS: readonly LedgerAccount[] = [
  'principal',
  'interest',
  'fees',
  'lease_receivable',
  'unapplied',
];
const owedTotal = (balances: Balances) => OWED_ACCOUNTS.reduce((sum, a) => sum + balances[a], 0);

/**
 * The daily cycle's statement step for one chunk: a statement for each active contract whose
 * statement date is `businessDate` (an installment due `daysBeforeDue` days later), and a final
 * statement for each contract paid in full, once each. Reruns and doubled workers cut nothing twice
 * (one statement per contract and closing date). Answers how many were cut and how many of those go
 * by mail.
 */
export async function cutStatements(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  range?: ContractRange,
  settings: StatementSettings = DEFAULT_SETTINGS,
): Promise<{ cut: number; paper: number }> {
  const dueDate = addDays(businessDate, settings.daysBeforeDue);
  const due = await contractsDueOn(db, dueDate, { range, signedBy: businessDate });
  const done =
    due.length === 0
      ? []
      : await db
          .select({ contractId: statements.contractId })
          .from(statements)
          .where(
            and(
              inArray(
                statements.contractId,
                due.map((c) => c.id),
              ),
              eq(statements.closingDate, businessDate),
            ),
          );
  const already = new Set(done.map((r) => r.contractId));
  const toCut: [string, PeriodOf][] = due
    .filter(({ id }) => !already.has(id))
    .map(({ id }) => [
      id,
      (contract) =>
        statementPeriodDueOn(
          contract.contractDate,
          contractInstallments(contract),
          settings.daysBeforeDue,
          dueDate,
        ),
    ]);
  for (const paid of await paidOffWithoutFinalStatement(db, businessDate, range)) {
    toCut.push([
      paid.id,
      (contract) => {
        const period = finalStatementPeriod(contract.contractDate, paid.lastClosingDate, paid.paidOffOn);
        // A payoff dated on a day already closed waits for the next business date to close on.
        return compareDates(period.closingDate, businessDate) <= 0 ? period : undefined;
      },
    ]);
  }
  let cut = 0;
  let paper = 0;
  for (const [id, periodOf] of toCut) {
    const delivery = await cutStatement(db, clock, id, periodOf, settings);
    if (delivery) cut += 1;
    if (delivery === 'paper') paper += 1;
  }
  return { cut, paper };
}

/** A contract's statement period, given the contract; undefined when it has none to cut. */
type PeriodOf = (contract: ServicedContract) => StatementPeriod | FinalStatementPeriod | undefined;

/**
 * How far back the final-statement step looks for a payoff. The cycle closes dates in order, so a
 * payoff is seen the day it is posted; the margin is for a payment posted weeks late with its date.
 */
const FINAL_STATEMENT_LOOKBACK_DAYS = 60;

/** Contracts of the chunk paid in full by `businessDate` with no final statement since that payoff. */
async function paidOffWithoutFinalStatement(db: Db, businessDate: CalendarDate, range?: ContractRange) {
  const rows = await db
    .select({
      id: contracts.id,
      paidOffOn: contracts.paidOffOn,
      // A subquery of its own: drizzle leaves the columns of a select list unqualified.
      lastClosingDate: sql<string | null>`(${db
        .select({ last: max(statements.closingDate) })
        .from(statements)
        .where(eq(statements.contractId, contracts.id))})`,
    })
    .from(contracts)
    .where(
      and(
        eq(contracts.status, 'paid_off'),
        inContractRange(contracts.id, range),
        lte(contracts.paidOffOn, businessDate),
        gte(contracts.paidOffOn, addDays(businessDate, -FINAL_STATEMENT_LOOKBACK_DAYS)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(statements)
            .where(
              and(
                eq(statements.contractId, contracts.id),
                isNull(statements.dueDate),
                gte(statements.closingDate, contracts.paidOffOn),
              ),
            ),
        ),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    paidOffOn: calendarDate(r.paidOffOn!),
    lastClosingDate: r.lastClosingDate === null ? null : calendarDate(r.lastClosingDate),
  }));
}

async function cutStatement(
  db: Db,
  clock: Clock,
  contractId: string,
  periodOf: PeriodOf,
  settings: StatementSettings,
): Promise<'electronic' | 'paper' | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
    const contract = toServicedContract(row!);
    const period = periodOf(contract);
    if (!period) return undefined;
    const snapshot = await buildStatementSnapshot(tx, contract, period);
    const delivery = (await isPaperless(tx, contract.id)) ? 'electronic' : 'paper';
    const [inserted] = await tx
      .insert(statements)
      .values({
        contractId: contract.id,
        periodStart: period.periodStart,
        closingDate: period.closingDate,
        dueDate: snapshot.dueDate,
        snapshot,
        delivery,
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: statements.id });
    if (!inserted) return undefined;
    if (settings.quiet) return delivery;
    await postNotice(tx, clock, {
      contractId: contract.id,
      kind: 'statement_ready',
      cause: period.closingDate,
      occurredOn: period.closingDate,
      details: { statementDate: period.closingDate, amountDueCents: snapshot.amountDue.totalCents },
    });
    // Everyone who may open the statement hears it is ready, by the channels they chose.
    for (const userId of await partyUsers(tx, contract.id)) {
      const values = { contractNumber: contract.contractNumber };
      await (snapshot.dueDate === null
        ? notify(tx, clock, {
            userId,
            event: 'statement_ready',
            template: 'final-statement-ready',
            values: { ...values, periodStart: period.periodStart, paidOn: period.closingDate },
          })
        : notify(tx, clock, {
            userId,
            event: 'statement_ready',
            template: 'statement-ready',
            values: {
              ...values,
              closingDate: period.closingDate,
              dueDate: snapshot.dueDate,
              amountDue: formatUsd(cents(snapshot.amountDue.totalCents)),
            },
          }));
    }
    return delivery;
  });
}

/** Whether the primary party's login chose paperless (E-SIGN consent, documents/esign.ts) when the statement is cut. */
async function isPaperless(db: Db, contractId: string): Promise<boolean> {
  const rows = await db
    .select({ paperless: userPreferences.paperless })
    .from(contractParties)
    .innerJoin(users, eq(users.customerId, contractParties.customerId))
    .innerJoin(userPreferences, eq(userPreferences.userId, users.id))
    .where(and(eq(contractParties.contractId, contractId), eq(contractParties.role, 'primary')));
  return rows.some((r) => r.paperless);
}

async function partyUsers(db: Db, contractId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(contractParties)
    .innerJoin(users, eq(users.customerId, contractParties.customerId))
    .where(eq(contractParties.contractId, contractId))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

const lenderContact = () => ({
  name: LENDER.name,
  addressLines: addressLines(LENDER.payoffAddress),
  phone: LENDER.phone,
  hours: LENDER.hours,
});

/**
 * Interest received on a loan between two dates (inclusive): the interest part of each payment, less
 * the interest part of each payment reversed in those dates, read from the ledger's interest account.
 * Cash basis: a payment reversed in a later year counts against that later year.
 */
async function interestPaidBetween(db: Db, contractId: string, from: CalendarDate, to: CalendarDate) {
  const [row] = await db
    .select({ paid: sql<number>`coalesce(-sum(${postings.amountCents}), 0)::bigint` })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(
      and(
        // The postings' contract too, so their index finds them (see balancesAsOf).
        eq(postings.contractId, contractId),
        eq(journalEntries.contractId, contractId),
        inArray(journalEntries.code, ['PAYMENT', 'PAYOFF', 'PAYMENT_RETURN']),
        eq(postings.account, 'interest'),
        gte(journalEntries.effectiveDate, from),
        lte(journalEntries.effectiveDate, to),
      ),
    );
  return cents(Number(row?.paid ?? 0));
}

/** What is owed at the end of `date`, with a loan's interest accrued and not yet posted, from the ledger. */
async function owedAt(db: Db, contract: ServicedContract, date: CalendarDate) {
  if (compareDates(date, contract.contractDate) < 0) {
    return { balances: await balancesAsOf(db, contract.id, date), unpostedInterest: 0 };
  }
  const position = await positionOf(db, contract, date);
  const unpostedInterest =
    position.kind === 'retail_installment' ? position.accruedInterest - position.balances.interest : 0;
  return { balances: position.balances, unpostedInterest, position };
}

const appliedOf = (p: typeof payments.$inferSelect): Applied => ({
  interestCents: p.interestCents,
  principalCents: p.principalCents,
  feesCents: p.feesCents,
  leaseReceivableCents: p.leaseReceivableCents,
  salesTaxCents: p.salesTaxCents,
  unappliedCents: p.unappliedCents,
});

/**
 * The statement of `period` as of its closing date, from the ledger: balances at the start and the
 * end, every entry of the period by kind (payments, reversals, interest, fees, credits), what is due.
 * The summary adds up by construction: ending = beginning + each movement of the period.
 */
export async function buildStatementSnapshot(
  db: Db,
  contract: ServicedContract,
  period: StatementPeriod | FinalStatementPeriod,
): Promise<StatementSnapshot> {
  const billed = 'dueDate' in period ? period : null;
  const closing = period.closingDate;
  const start = await owedAt(db, contract, addDays(period.periodStart, -1));
  const end = await owedAt(db, contract, closing);
  const position = end.position!;
  const entries = await ledgerEntries(db, contract.id, { from: period.periodStart, to: closing });
  const moved: Record<string, number> = {};
  for (const entry of entries) {
    const owed = entry.postings
      .filter((p) => OWED_ACCOUNTS.includes(p.account as LedgerAccount))
      .reduce((sum, p) => sum + p.amountCents, 0);
    moved[entry.code] = (moved[entry.code] ?? 0) + owed;
  }
  const by = (...codes: string[]) => codes.reduce((sum, c) => sum + (moved[c] ?? 0), 0);
  const interestCharged = by('INTEREST') + end.unpostedInterest - start.unpostedInterest;

  const entryIds = entries.map((e) => e.entryId);
  const touched =
    entryIds.length === 0
      ? []
      : await db
          .select()
          .from(payments)
          .where(
            and(
              eq(payments.contractId, contract.id),
              or(inArray(payments.entryId, entryIds), inArray(payments.reversalEntryId, entryIds)),
            ),
          )
          .orderBy(asc(payments.receivedOn), asc(payments.createdAt));
  const inPeriod = new Set(entryIds);
  const received = touched.filter((p) => inPeriod.has(p.entryId));
  const paidBy = await paidByOfEntries(
    db,
    received.map((p) => p.entryId),
  );
  const reversed = touched.filter((p) => p.reversalEntryId !== null && inPeriod.has(p.reversalEntryId));

  const installment = billed && position.due.installments.find((i) => i.dueDate === billed.dueDate);
  const currentInstallment = installment?.unpaid ?? 0;
  const amountDue = {
    currentInstallmentCents: currentInstallment,
    pastDueCents: position.due.pastDue,
    feesDueCents: position.balances.fees,
    totalCents: currentInstallment + position.due.pastDue + position.balances.fees,
    daysPastDue: position.due.daysPastDue,
  };
  const autopay = (await autopayStatuses(db, [contract.id])).get(contract.id);
  const vehicle = await vehicleOf(db, contract.id);
  let loan: StatementSnapshot['loan'] = null;
  if (contract.kind === 'retail_installment' && position.kind === 'retail_installment') {
    const payoff = loanPayoff(contract, position, closing, closing);
    const january = calendarDate(`${dateParts(closing).year}-01-01`);
    loan = {
      aprPercent: contract.aprPercent,
      payoffCents: payoff.payoff,
      perDiemCents: payoff.perDiem,
      yearToDateInterestPaidCents: await interestPaidBetween(db, contract.id, january, closing),
      maturityDate: contract.maturityDate,
    };
  }

  const snapshot: StatementSnapshot = {
    version: 1,
    kind: contract.kind,
    contractNumber: contract.contractNumber,
    installmentNumber: billed?.installmentNumber ?? null,
    periodStart: period.periodStart,
    closingDate: closing,
    dueDate: billed?.dueDate ?? null,
    lender: lenderContact(),
    customer: await partiesOf(db, contract.id),
    vehicle: vehicle && { year: vehicle.year, make: vehicle.make, model: vehicle.model, vin: vehicle.vin },
    summary: {
      beginningBalanceCents: owedTotal(start.balances) + start.unpostedInterest,
      openedCents: by('BOARDING'),
      paymentsCents: -by('PAYMENT', 'PAYOFF'),
      returnedPaymentsCents: by('PAYMENT_RETURN'),
      interestChargedCents: interestCharged,
      feesChargedCents: by('LATE_FEE', 'RETURN_FEE'),
      creditsCents: -by('WAIVER'),
      endingBalanceCents: owedTotal(end.balances) + end.unpostedInterest,
    },
    balances: {
      principalCents: end.balances.principal,
      interestCents: end.balances.interest + end.unpostedInterest,
      feesCents: end.balances.fees,
      leaseReceivableCents: end.balances.lease_receivable,
      unappliedCents: unappliedOf(end.balances),
    },
    payments: received.map((p) => ({
      receivedOn: p.receivedOn,
      amountCents: p.amountCents,
      channel: p.channel,
      reference: p.reference,
      applied: appliedOf(p),
      paidBy: paidBy.get(p.entryId) ?? null,
    })),
    reversals: reversed.map((p) => ({
      reversedOn: p.reversedOn!,
      paymentReceivedOn: p.receivedOn,
      amountCents: p.amountCents,
      reason: p.reversalReason === 'posted_in_error' ? ('posted_in_error' as const) : ('returned' as const),
      restored: appliedOf(p),
    })),
    fees: entries
      .filter((e) => e.code === 'LATE_FEE' || e.code === 'RETURN_FEE')
      .map((e) => ({
        date: e.effectiveDate,
        kind: e.code === 'LATE_FEE' ? ('late' as const) : ('returned_payment' as const),
        description: e.memo ?? '',
        amountCents: e.postings.find((p) => p.account === 'fees')?.amountCents ?? 0,
      })),
    interestChargedCents: interestCharged,
    amountDue,
    loan,
    lease:
      contract.kind === 'lease'
        ? {
            maturityDate: contract.maturityDate,
            milesAllowedPerYear: contract.mileageAllowancePerYear,
            milesAllowedTotal: mileageAllowance(contract.mileageAllowancePerYear, contract.termMonths),
            excessMileageRateCents: contract.excessMileageRateCents,
          }
        : null,
    messages: billed
      ? statementMessages(amountDue, billed.dueDate, autopay)
      : [
          {
            code: 'PAID_IN_FULL',
            text: `This account was paid in full on ${longDate(closing)}. Thank you: nothing more is due, and this is its final statement.`,
          },
        ],
  };
  return statementSnapshot.parse(snapshot);
}

type AmountDue = StatementSnapshot['amountDue'];
type AutopayStatus = 'active' | 'paused' | 'suspended' | undefined;

/** The statement's messages: a past-due notice, a paid-ahead note, and where AutoPay stands. */
function statementMessages(due: AmountDue, dueDate: CalendarDate, autopay: AutopayStatus) {
  const messages: StatementSnapshot['messages'] = [];
  if (due.pastDueCents > 0) {
    messages.push({
      code: 'PAST_DUE',
      text: `Your account is past due: ${formatUsd(cents(due.pastDueCents))} was not paid by its due date (${due.daysPastDue} days past due). Please pay it now with this month's installment to avoid further late fees. Late payments may be reported to the credit bureaus.`,
    });
  } else if (due.currentInstallmentCents === 0) {
    messages.push({
      code: 'PAID_AHEAD',
      text: `The installment due ${dueDate} is already paid. Nothing more is due then unless fees are shown.`,
    });
  }
  const autopayText = {
    active: {
      code: 'AUTOPAY_ACTIVE',
      text: 'AutoPay is on: your payment will be debited as you set it up. Do not also mail this amount.',
    },
    paused: {
      code: 'AUTOPAY_PAUSED',
      text: 'AutoPay is paused: nothing will be debited until you resume it, so please pay by the due date.',
    },
    suspended: {
      code: 'AUTOPAY_SUSPENDED',
      text: 'AutoPay is suspended because a debit could not be collected: please pay by the due date and check your payment method.',
    },
    off: {
      code: 'AUTOPAY_OFF',
      text: 'Never miss a payment: sign in and turn on AutoPay.',
    },
  } as const;
  messages.push(autopayText[autopay ?? 'off']);
  return messages;
}

/**
 * Cuts the statements of every business date from `from` through `to` (each as the cycle would have
 * on that day, from the ledger as of its closing date), without notices or mail: for a portfolio
 * boarded with history, or demo data. A statement already cut is left as it is.
 */
export async function cutStatementsBetween(
  db: Db,
  clock: Clock,
  from: CalendarDate,
  to: CalendarDate,
  settings: StatementSettings = DEFAULT_SETTINGS,
): Promise<{ cut: number; paper: number }> {
  const total = { cut: 0, paper: 0 };
  for (let date = from; compareDates(date, to) <= 0; date = addDays(date, 1)) {
    const { cut, paper } = await cutStatements(db, clock, date, undefined, { ...settings, quiet: true });
    total.cut += cut;
    total.paper += paper;
  }
  return total;
}

/** The stored bytes as a Buffer, without copying them. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const statementNotFound = (id: string) =>
  new DomainError('not_found', 'STATEMENTS.NOT_FOUND', `There is no statement ${id} that you can see.`);

/** The statements of a contract the actor may see, newest first. */
export async function listStatements(db: Db, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const rows = await db
    .select({
      id: statements.id,
      periodStart: statements.periodStart,
      closingDate: statements.closingDate,
      dueDate: statements.dueDate,
      delivery: statements.delivery,
      amountDueCents: sql<string>`${statements.snapshot}->'amountDue'->>'totalCents'`,
      pastDueCents: sql<string>`${statements.snapshot}->'amountDue'->>'pastDueCents'`,
    })
    .from(statements)
    .where(eq(statements.contractId, contract.id))
    .orderBy(desc(statements.closingDate));
  return {
    contractNumber: contract.contractNumber,
    statements: rows.map((r) => ({
      ...r,
      amountDueCents: Number(r.amountDueCents),
      pastDueCents: Number(r.pastDueCents),
    })),
  };
}

/**
 * A statement's PDF: rendered from its snapshot the first time, stored, then served from the stored
 * bytes (the same bytes a new render would give). For the print queue and the routes below, which
 * authorize first.
 */
export async function storedStatementPdf(db: Db, id: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ pdf: statements.pdf, snapshot: statements.snapshot })
    .from(statements)
    .where(eq(statements.id, id));
  if (!row) return undefined;
  if (row.pdf) return asBuffer(row.pdf);
  const pdf = await renderStatement(statementSnapshot.parse(row.snapshot));
  await db
    .update(statements)
    .set({ pdf })
    .where(and(eq(statements.id, id), sql`${statements.pdf} is null`));
  return pdf;
}

/**
 * A statement of a contract the actor may see (another contract's statement is not found), its
 * opening audited: a statement carries the customer's name, address and account details.
 */
async function openStatement(
  db: Db,
  actor: Actor,
  contractNumber: string,
  id: string,
  format: 'html' | 'pdf',
  meta: RequestMeta,
) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const [row] = await db
    .select({
      closingDate: statements.closingDate,
      delivery: statements.delivery,
      snapshot: statements.snapshot,
    })
    .from(statements)
    .where(and(eq(statements.id, id), eq(statements.contractId, contract.id)));
  if (!row) throw statementNotFound(id);
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: 'statement.open',
    resource: { type: 'contract', id: contract.contractNumber },
    ...meta,
    details: { statementId: id, closingDate: row.closingDate, format },
  });
  return { contract, row };
}

/** A statement as its snapshot, for the page's preview. */
export async function statementDetail(
  db: Db,
  actor: Actor,
  contractNumber: string,
  id: string,
  meta: RequestMeta,
) {
  const { row } = await openStatement(db, actor, contractNumber, id, 'html', meta);
  return { id, delivery: row.delivery, statement: statementSnapshot.parse(row.snapshot) };
}

/** A statement's PDF. */
export async function statementPdf(
  db: Db,
  actor: Actor,
  contractNumber: string,
  id: string,
  meta: RequestMeta,
) {
  const { contract, row } = await openStatement(db, actor, contractNumber, id, 'pdf', meta);
  const pdf = (await storedStatementPdf(db, id))!;
  return { pdf, filename: `statement-${contract.contractNumber}-${row.closingDate}.pdf` };
}

/** For the document center: each statement of these contracts. */
export async function statementDocuments(db: Db, contractIds: string[]): Promise<StatementDocument[]> {
  if (contractIds.length === 0) return [];
  const rows = await db
    .select({
      id: statements.id,
      contractNumber: contracts.contractNumber,
      closingDate: statements.closingDate,
      dueDate: statements.dueDate,
    })
    .from(statements)
    .innerJoin(contracts, eq(contracts.id, statements.contractId))
    .where(inArray(statements.contractId, contractIds))
    .orderBy(desc(statements.closingDate), asc(contracts.contractNumber));
  return rows.map((r) => ({
    id: r.id,
    kind: 'statement',
    contractNumber: r.contractNumber,
    title: `${r.dueDate === null ? 'Final statement' : 'Statement'} closing ${longDate(r.closingDate)}`,
    date: r.closingDate,
    year: dateParts(calendarDate(r.closingDate)).year,
  }));
}

/**
 * The lender's taxpayer identification number for the interest statement (§6050AA(c) asks for the
 * lender's contact; the IRS form adds its TIN). A placeholder, labelled as such on the statement,
 * until a deployment sets its own beside the rest of its details in core/lender.ts.
 */
const LENDER_TIN = { tin: 'XX-XXXXXXX', tinIsPlaceholder: true };

/** §6050AA(a): interest of $600 or more received from an individual in a year is reported to the IRS. */
export const IRS_REPORTING_THRESHOLD_CENTS = 60_000;

/**
 * The daily cycle's year-end step: on any business date in January, the interest statement of the
 * year before for each loan in the chunk that received interest that year, once (one per contract
 * and year), so it is there by January 31 (§6050AA(c); IRS Notice 2025-57 for 2025). The fields are
 * those of 26 U.S.C. §6050AA(b)(2) and (c): the borrower's name and address, the interest received,
 * the principal outstanding at the start of the year, the origination date, the vehicle's year,
 * make, model and VIN, and the lender's name, address and phone. Leases pay no interest and get none;
 * nor does a loan to a business (the section covers interest received from individuals).
 */
export async function makeTaxStatements(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
  range?: ContractRange,
): Promise<{ made: number }> {
  const { year, month } = dateParts(businessDate);
  if (month !== 1) return { made: 0 };
  const taxYear = year - 1;
  const from = calendarDate(`${taxYear}-01-01`);
  const to = calendarDate(`${taxYear}-12-31`);
  const paid = sql<number>`-sum(${postings.amountCents})`;
  const due = await db
    .select({ contractId: journalEntries.contractId })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .innerJoin(
      contracts,
      and(eq(contracts.id, journalEntries.contractId), eq(contracts.id, postings.contractId)),
    )
    .where(
      and(
        eq(contracts.kind, 'retail_installment'),
        inContractRange(contracts.id, range),
        // §6050AA covers interest received from an individual: a business's loan has no statement.
        exists(
          db
            .select({ one: sql`1` })
            .from(contractParties)
            .innerJoin(customers, eq(customers.id, contractParties.customerId))
            .where(
              and(
                eq(contractParties.contractId, contracts.id),
                eq(contractParties.role, 'primary'),
                eq(customers.kind, 'person'),
              ),
            ),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(taxStatements)
            .where(and(eq(taxStatements.contractId, contracts.id), eq(taxStatements.taxYear, taxYear))),
        ),
        inArray(journalEntries.code, ['PAYMENT', 'PAYOFF', 'PAYMENT_RETURN']),
        eq(postings.account, 'interest'),
        gte(journalEntries.effectiveDate, from),
        lte(journalEntries.effectiveDate, to),
      ),
    )
    .groupBy(journalEntries.contractId)
    .having(sql`${paid} > 0`);
  let made = 0;
  for (const { contractId } of due) {
    const inserted = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
      const snapshot = await buildTaxStatementSnapshot(tx, toServicedContract(row!), taxYear, businessDate);
      return tx
        .insert(taxStatements)
        .values({ contractId, taxYear, snapshot, createdAt: clock.now() })
        .onConflictDoNothing()
        .returning({ id: taxStatements.id });
    });
    if (inserted.length > 0) made += 1;
  }
  return { made };
}

export async function buildTaxStatementSnapshot(
  db: Db,
  contract: ServicedContract,
  taxYear: number,
  issuedOn: CalendarDate,
): Promise<TaxStatementSnapshot> {
  if (contract.kind !== 'retail_installment') throw new Error('A lease has no interest statement.');
  const from = calendarDate(`${taxYear}-01-01`);
  const to = calendarDate(`${taxYear}-12-31`);
  // A loan made during the year starts it at its origination, with the amount financed outstanding.
  const originatedInYear = compareDates(contract.contractDate, from) >= 0;
  const principalAtStart = originatedInYear
    ? contract.amountFinanced
    : (await balancesAsOf(db, contract.id, addDays(from, -1))).principal;
  const interestPaid = await interestPaidBetween(db, contract.id, from, to);
  const parties = await partiesOf(db, contract.id);
  return taxStatementSnapshot.parse({
    version: 1,
    taxYear,
    contractNumber: contract.contractNumber,
    lender: { ...lenderContact(), ...LENDER_TIN },
    borrower: parties,
    vehicle: await vehicleOf(db, contract.id),
    originationDate: contract.contractDate,
    principalAtStartCents: principalAtStart,
    principalAsOf: originatedInYear ? contract.contractDate : from,
    interestPaidCents: interestPaid,
    reportableToIrs: interestPaid >= IRS_REPORTING_THRESHOLD_CENTS,
    issuedOn,
  } satisfies TaxStatementSnapshot);
}

/** The interest statements of a loan the actor may see, newest year first. */
export async function listTaxStatements(db: Db, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const rows = await db
    .select({ snapshot: taxStatements.snapshot })
    .from(taxStatements)
    .where(eq(taxStatements.contractId, contract.id))
    .orderBy(desc(taxStatements.taxYear));
  return {
    contractNumber: contract.contractNumber,
    taxStatements: rows.map((r) => {
      const s = taxStatementSnapshot.parse(r.snapshot);
      return {
        taxYear: s.taxYear,
        interestPaidCents: s.interestPaidCents,
        reportableToIrs: s.reportableToIrs,
      };
    }),
  };
}

/**
 * The PDF of a loan's interest statement for a year; rendered once, then served from the stored
 * bytes. Each opening is audited (it carries the borrower's name, address and the figures the IRS gets).
 */
export async function taxStatementPdf(
  db: Db,
  actor: Actor,
  contractNumber: string,
  taxYear: number,
  meta: RequestMeta,
) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const [row] = await db
    .select({ id: taxStatements.id, pdf: taxStatements.pdf, snapshot: taxStatements.snapshot })
    .from(taxStatements)
    .where(and(eq(taxStatements.contractId, contract.id), eq(taxStatements.taxYear, taxYear)));
  if (!row) {
    throw new DomainError(
      'not_found',
      'STATEMENTS.TAX_STATEMENT_NOT_FOUND',
      `There is no ${taxYear} interest statement for account ${contractNumber}.`,
    );
  }
  let pdf = row.pdf;
  if (!pdf) {
    pdf = await renderTaxStatement(taxStatementSnapshot.parse(row.snapshot));
    await db
      .update(taxStatements)
      .set({ pdf })
      .where(and(eq(taxStatements.id, row.id), sql`${taxStatements.pdf} is null`));
  }
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: 'tax_statement.open',
    resource: { type: 'contract', id: contract.contractNumber },
    ...meta,
    details: { taxYear },
  });
  return { pdf: asBuffer(pdf), filename: `interest-statement-${contract.contractNumber}-${taxYear}.pdf` };
}

/** For the document center: each interest statement of these contracts. */
export async function taxStatementDocuments(db: Db, contractIds: string[]): Promise<StatementDocument[]> {
  if (contractIds.length === 0) return [];
  const rows = await db
    .select({
      id: taxStatements.id,
      contractNumber: contracts.contractNumber,
      taxYear: taxStatements.taxYear,
      issuedOn: sql<string>`${taxStatements.snapshot}->>'issuedOn'`,
    })
    .from(taxStatements)
    .innerJoin(contracts, eq(contracts.id, taxStatements.contractId))
    .where(inArray(taxStatements.contractId, contractIds))
    .orderBy(desc(taxStatements.taxYear), asc(contracts.contractNumber));
  return rows.map((r) => ({
    id: r.id,
    kind: 'tax_statement',
    contractNumber: r.contractNumber,
    title: `Interest statement for ${r.taxYear}`,
    date: r.issuedOn,
    year: r.taxYear,
  }));
}
