import { and, asc, desc, eq, exists, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm';
import { type CalendarDate, compareDates } from '../core/dates.ts';
import { type DueStatus, dueStatus, type Installment, installmentSchedule } from '../core/installments.ts';
import { earlyPurchaseQuote, type PurchaseQuote, unearnedRentCharge } from '../core/lease-end.ts';
import { amortize } from '../core/loan.ts';
import { type Cents, cents, negateCents } from '../core/money.ts';
import { type PayoffQuote, quotePayoff } from '../core/payoff.ts';
import { roundAccruedInterest, roundPerDiemForStatement } from '../core/rounding.ts';
import { accrueInterest, perDiem } from '../core/simple-interest.ts';
import {
  type Balances,
  balancesAsOfMany,
  creditedToInstallmentsMany,
  findContract,
  interestPostedThroughMany,
  type ServicedContract,
  type ServicedLease,
  type ServicedLoan,
} from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { journalEntries, payments, postings } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type PositionSummary, storedPositions, upsertPositions } from './position-store.ts';

/**
 * What a contract owes and when, as of a business date: balances from the ledger, interest accrued
 * since the last posting, installments credited oldest first, delinquency, and payoff quotes.
 */
export function contractNotFound(contractNumber: string): DomainError {
  return new DomainError('not_found', 'CONTRACTS.NOT_FOUND', `There is no contract ${contractNumber}.`);
}

export async function requireContract(db: Db, contractNumber: string, options: { forUpdate?: boolean } = {}) {
  const contract = await findContract(db, contractNumber, options);
  if (!contract) throw contractNotFound(contractNumber);
  return contract;
}

/** The business dates a servicing request may name: from the contract date through today. */
export function checkServicingDate(
  contract: ServicedContract,
  date: CalendarDate,
  today: CalendarDate,
  field: string,
): void {
  if (compareDates(date, contract.contractDate) < 0) {
    throw new DomainError(
      'invalid',
      'SERVICING.DATE_BEFORE_CONTRACT',
      `The date is before the contract date (${contract.contractDate}).`,
      {
        [field]: `Must be on or after the contract date, ${contract.contractDate}.`,
      },
    );
  }
  if (compareDates(date, today) > 0) {
    throw new DomainError(
      'invalid',
      'SERVICING.DATE_IN_FUTURE',
      `The date is after today's business date (${today}).`,
      {
        [field]: `Must be on or before today's business date, ${today}.`,
      },
    );
  }
}

export function contractInstallments(contract: ServicedContract): Installment[] {
  const finalPayment = contract.kind === 'retail_installment' ? contract.finalPayment : contract.payment;
  return installmentSchedule(
    contract.firstPaymentDate,
    contract.dueDay,
    contract.termMonths,
    contract.payment,
    finalPayment,
  );
}

export type LoanPosition = {
  kind: 'retail_installment';
  balances: Balances;
  interestPostedThrough: CalendarDate;
  /** Interest posted and unpaid plus interest accrued since, rounded to the cent. */
  accruedInterest: Cents;
  perDiem: Cents;
  due: DueStatus;
};

export type LeasePosition = { kind: 'lease'; balances: Balances; due: DueStatus };

export type Position = LoanPosition | LeasePosition;

/** What a position is computed from, read from the ledger and the payments (see `positionsOf`). */
export type PositionInputs = {
  balances: Balances;
  /** Money credited to installments (`creditedToInstallments`). */
  credited: Cents;
  /** A loan's last interest posting as of the date (`interestPostedThroughAsOf`); unused for a lease. */
  interestPostedThrough: CalendarDate;
};

/** The position as of `asOf` from what was read for it: the one computation, whatever read the inputs. */
export function positionFrom(
  contract: ServicedContract,
  inputs: PositionInputs,
  asOf: CalendarDate,
): Position {
  const { balances } = inputs;
  const due = dueStatus(contractInstallments(contract), inputs.credited, asOf);
  if (contract.kind === 'lease') return { kind: 'lease', balances, due };
  const postedThrough = inputs.interestPostedThrough;
  const sinceLastPosting = accrueInterest(
    balances.principal,
    contract.aprPercent,
    postedThrough,
    asOf,
    contract.dayCount,
  );
  return {
    kind: 'retail_installment',
    balances,
    interestPostedThrough: postedThrough,
    accruedInterest: cents(balances.interest + roundAccruedInterest(sinceLastPosting)),
    perDiem: roundPerDiemForStatement(
      perDiem(balances.principal, contract.aprPercent, asOf, contract.dayCount),
    ),
    due,
  };
}

/**
 * The positions of many contracts as of one date, by contract id: a fixed number of queries (the
 * cached balances, later postings, credits to installments, the loans' last interest postings)
 * however many contracts, so the cycle and the lists read a chunk of them set-based.
 */
export async function positionsOf(
  db: Db,
  contracts: readonly ServicedContract[],
  asOf: CalendarDate,
): Promise<Map<string, Position>> {
  const ids = contracts.map((c) => c.id);
  const loans = contracts.filter((c): c is ServicedLoan => c.kind === 'retail_installment');
  const balances = await balancesAsOfMany(db, ids, asOf);
  const credited = await creditedToInstallmentsMany(db, contracts, asOf);
  const postedThrough = await interestPostedThroughMany(db, loans, asOf);
  return new Map(
    contracts.map((c) => [
      c.id,
      positionFrom(
        c,
        {
          balances: balances.get(c.id)!,
          credited: credited.get(c.id)!,
          interestPostedThrough: postedThrough.get(c.id) ?? c.contractDate,
        },
        asOf,
      ),
    ]),
  );
}

export async function positionOf(db: Db, contract: ServicedLoan, asOf: CalendarDate): Promise<LoanPosition>;
export async function positionOf(db: Db, contract: ServicedLease, asOf: CalendarDate): Promise<LeasePosition>;
export async function positionOf(db: Db, contract: ServicedContract, asOf: CalendarDate): Promise<Position>;
export async function positionOf(db: Db, contract: ServicedContract, asOf: CalendarDate): Promise<Position> {
  return (await positionsOf(db, [contract], asOf)).get(contract.id)!;
}

/** Money held for the customer and not yet applied, as a positive amount. */
export function unappliedOf(balances: Balances): Cents {
  return negateCents(balances.unapplied);
}

export function loanPayoff(
  contract: ServicedLoan,
  position: LoanPosition,
  quoteDate: CalendarDate,
  goodThrough?: CalendarDate,
) {
  return quotePayoff({
    balances: {
      principal: position.balances.principal,
      interest: position.balances.interest,
      fees: position.balances.fees,
      unapplied: unappliedOf(position.balances),
    },
    aprPercent: contract.aprPercent,
    dayCount: contract.dayCount,
    accruedThrough: position.interestPostedThrough,
    quoteDate,
    ...(goodThrough ? { goodThrough } : {}),
  });
}

/** Everything still owed on a lease if every remaining installment were paid: base payments, tax and fees. */
export function leaseOutstanding(position: LeasePosition): Cents {
  const unpaidInstallments = position.due.installments.reduce((sum, i) => sum + i.unpaid, 0);
  return cents(unpaidInstallments + position.balances.fees - unappliedOf(position.balances));
}

export type ContractPayoff =
  | ({ kind: 'retail_installment' } & PayoffQuote)
  | { kind: 'lease'; quoteDate: CalendarDate; payoff: Cents; items: { kind: string; amount: Cents }[] };

/** A payoff quote: for a loan, good through a date; for a lease, the early purchase price today. */
export async function contractPayoff(
  db: Db,
  clock: Clock,
  contractNumber: string,
  goodThrough?: CalendarDate,
): Promise<ContractPayoff> {
  const contract = await requireContract(db, contractNumber);
  const today = clock.today();
  if (goodThrough && compareDates(goodThrough, today) < 0) {
    throw new DomainError('invalid', 'PAYOFF.DATE_IN_PAST', 'The good-through date is before today.', {
      date: `Must be today (${today}) or later.`,
    });
  }
  if (contract.kind === 'retail_installment') {
    const position = await positionOf(db, contract, today);
    return { kind: 'retail_installment', ...loanPayoff(contract, position, today, goodThrough) };
  }
  const position = await positionOf(db, contract, today);
  const quote = leasePurchaseQuote(contract, position, today);
  return { kind: 'lease', quoteDate: today, payoff: quote.total, items: quote.items };
}

/** A lease's early purchase price on `date`, from its position then (the lease's payoff quote). */
export function leasePurchaseQuote(
  contract: ServicedLease,
  position: LeasePosition,
  date: CalendarDate,
): PurchaseQuote {
  const remaining = position.due.installments.filter(
    (i) => i.unpaid > 0 && compareDates(i.dueDate, date) >= 0,
  ).length;
  const terms = {
    adjustedCapCost: contract.adjustedCapCost,
    residualValue: contract.residualValue,
    basePayment: contract.basePayment,
    termMonths: contract.termMonths,
  };
  return earlyPurchaseQuote({
    remainingBasePayments: remaining,
    basePaymentCents: contract.basePayment,
    residualValueCents: contract.residualValue,
    rentChargeRemainingCents: unearnedRentCharge(terms, remaining),
    purchaseOptionFeeCents: cents(contract.purchaseOptionPrice - contract.residualValue),
    pastDueCents: position.due.pastDue,
    feesDueCents: position.balances.fees,
  });
}

/**
 * A position as the pages show it on its date (`PositionSummary`): the one mapping, whether the
 * summary is then stored (`writePositions`) or answered at once.
 */
export function summarizePosition(
  contract: ServicedContract,
  position: Position,
  asOf: CalendarDate,
): PositionSummary {
  const { balances, due } = position;
  return {
    asOf,
    principal: balances.principal,
    accruedInterest: position.kind === 'retail_installment' ? position.accruedInterest : cents(0),
    fees: balances.fees,
    unapplied: unappliedOf(balances),
    leaseReceivable: balances.lease_receivable,
    perDiem: position.kind === 'retail_installment' ? position.perDiem : cents(0),
    amountDue: cents(due.billDue + balances.fees),
    pastDue: due.pastDue,
    daysPastDue: due.daysPastDue,
    bucket: due.bucket,
    nextDueDate: due.nextDue?.dueDate ?? null,
    nextDueAmount: due.nextDue?.unpaid ?? cents(0),
    payoff: payoffOn(contract, position, asOf),
  };
}

/** The payoff a customer is quoted on the position's date: a loan's good through that date, a lease's purchase price. */
function payoffOn(contract: ServicedContract, position: Position, asOf: CalendarDate): Cents {
  if (contract.kind === 'retail_installment' && position.kind === 'retail_installment')
    return loanPayoff(contract, position, asOf, asOf).payoff;
  if (contract.kind === 'lease' && position.kind === 'lease')
    return leasePurchaseQuote(contract, position, asOf).total;
  throw new Error(`a ${position.kind} position for a ${contract.kind} contract`);
}

/**
 * The summaries of many contracts' positions as of `asOf`: the stored ones where they are as of that
 * date, the others recomputed set-based (a day-old row before the cycle refreshes it, a past date).
 * A fixed number of queries however many contracts.
 */
export async function positionSummaries(
  db: Db,
  contracts: readonly ServicedContract[],
  asOf: CalendarDate,
): Promise<Map<string, PositionSummary>> {
  const summaries = await storedPositions(
    db,
    contracts.map((c) => c.id),
    asOf,
  );
  const missing = contracts.filter((c) => !summaries.has(c.id));
  if (missing.length === 0) return summaries;
  const recomputed = await positionsOf(db, missing, asOf);
  for (const c of missing) summaries.set(c.id, summarizePosition(c, recomputed.get(c.id)!, asOf));
  return summaries;
}

/**
 * Stores the contracts' positions as of `asOf` (normally today's business date), in the caller's
 * transaction: every transaction that posts to a contract's ledger or changes its payments ends with
 * this, so a stored position is never behind the postings it summarizes.
 */
export async function writePositions(
  tx: Db,
  contracts: readonly ServicedContract[],
  asOf: CalendarDate,
): Promise<void> {
  const positions = await positionsOf(tx, contracts, asOf);
  await upsertPositions(
    tx,
    contracts.map((c) => ({ contractId: c.id, ...summarizePosition(c, positions.get(c.id)!, asOf) })),
  );
}

/** A payoff quote as the APIs answer it: the total and its parts, each a signed amount in cents. */
export function payoffAnswer(quote: ContractPayoff) {
  if (quote.kind === 'lease') {
    return {
      kind: quote.kind,
      quoteDate: quote.quoteDate,
      payoffCents: quote.payoff,
      items: quote.items.map((i) => ({ kind: i.kind, amountCents: i.amount })),
    };
  }
  return {
    kind: quote.kind,
    quoteDate: quote.quoteDate,
    goodThrough: quote.goodThrough,
    payoffCents: quote.payoff,
    perDiemCents: quote.perDiem,
    items: [
      { kind: 'PRINCIPAL', amountCents: quote.principal },
      { kind: 'INTEREST', amountCents: quote.interest },
      { kind: 'FEES', amountCents: quote.fees },
      { kind: 'UNAPPLIED_CREDIT', amountCents: -quote.unapplied },
    ],
  };
}

export type LedgerTransaction = {
  entryId: number;
  effectiveDate: string;
  recordedAt: Date;
  code: string;
  memo: string | null;
  reversesEntryId: number | null;
  /** The reference of the payment the entry posted or reversed, if any. */
  reference: string | null;
  postings: { account: string; amountCents: number }[];
};

/** Which of a contract's journal entries to read, in what order and how many (default: all, oldest first). */
export type LedgerFilter = {
  from?: CalendarDate | undefined;
  to?: CalendarDate | undefined;
  codes?: readonly string[] | undefined;
  /** Text in the memo or the payment's reference, or (when the text is an amount) a leg of that size. */
  search?: { text: string; amountCents?: number | undefined } | undefined;
  newestFirst?: boolean;
  /** Only entries older than this one (newest-first paging: the last entry of the page before). */
  olderThan?: { effectiveDate: string; entryId: number } | undefined;
  limit?: number | undefined;
};

/** `%` and `_` are wildcards in LIKE; a customer's search text means them literally. */
const likeContaining = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * A contract's journal entries with their postings, filtered in SQL and ordered by effective date,
 * then entry id (a total order, so pages of it neither repeat nor skip an entry).
 */
export async function ledgerEntries(
  db: Db,
  contractId: string,
  filter: LedgerFilter = {},
): Promise<LedgerTransaction[]> {
  const { from, to, codes, search, olderThan, limit, newestFirst = false } = filter;
  const position = sql`(${journalEntries.effectiveDate}, ${journalEntries.id})`;
  const conditions = [
    eq(journalEntries.contractId, contractId),
    from ? gte(journalEntries.effectiveDate, from) : undefined,
    to ? lte(journalEntries.effectiveDate, to) : undefined,
    codes ? inArray(journalEntries.code, [...codes]) : undefined,
    olderThan
      ? sql`${position} < (${olderThan.effectiveDate}::date, ${olderThan.entryId}::bigint)`
      : undefined,
    search
      ? or(
          ilike(journalEntries.memo, likeContaining(search.text)),
          ilike(payments.reference, likeContaining(search.text)),
          search.amountCents === undefined
            ? undefined
            : exists(
                db
                  .select({ one: sql`1` })
                  .from(postings)
                  .where(
                    and(
                      eq(postings.entryId, journalEntries.id),
                      sql`abs(${postings.amountCents}) = ${Math.abs(search.amountCents)}`,
                    ),
                  ),
              ),
        )
      : undefined,
  ];
  const direction = newestFirst ? desc : asc;
  const query = db
    .select({
      entryId: journalEntries.id,
      effectiveDate: journalEntries.effectiveDate,
      recordedAt: journalEntries.recordedAt,
      code: journalEntries.code,
      memo: journalEntries.memo,
      reversesEntryId: journalEntries.reversesEntryId,
      reference: payments.reference,
    })
    .from(journalEntries)
    // An entry posts at most one payment or reverses at most one.
    .leftJoin(
      payments,
      or(eq(payments.entryId, journalEntries.id), eq(payments.reversalEntryId, journalEntries.id)),
    )
    .where(and(...conditions))
    .orderBy(direction(journalEntries.effectiveDate), direction(journalEntries.id));
  const entries = await (limit === undefined ? query : query.limit(limit));
  if (entries.length === 0) return [];
  const legs = await db
    .select({ entryId: postings.entryId, account: postings.account, amountCents: postings.amountCents })
    .from(postings)
    .where(
      inArray(
        postings.entryId,
        entries.map((e) => e.entryId),
      ),
    )
    .orderBy(asc(postings.id));
  const byEntry = new Map<number, LedgerTransaction>(entries.map((e) => [e.entryId, { ...e, postings: [] }]));
  for (const leg of legs)
    byEntry.get(leg.entryId)!.postings.push({ account: leg.account, amountCents: leg.amountCents });
  return [...byEntry.values()];
}

/** The contract's ledger history, oldest first: every journal entry with its postings. */
export async function contractTransactions(db: Db, contractNumber: string): Promise<LedgerTransaction[]> {
  const contract = await requireContract(db, contractNumber);
  return ledgerEntries(db, contract.id);
}

function contractTerms(contract: ServicedContract): Record<string, string | number | boolean | null> {
  const common = {
    contractDate: contract.contractDate,
    firstPaymentDate: contract.firstPaymentDate,
    maturityDate: contract.maturityDate,
    dueDay: contract.dueDay,
    termMonths: contract.termMonths,
    paymentCents: contract.payment,
    totalOfPaymentsCents: contract.totalOfPayments,
  };
  if (contract.kind === 'retail_installment') {
    return {
      ...common,
      amountFinancedCents: contract.amountFinanced,
      aprPercent: contract.aprPercent,
      financeChargeCents: contract.financeCharge,
      finalPaymentCents: contract.finalPayment,
      dayCount: contract.dayCount,
      computedAprPercent: contract.computedAprPercent,
      aprWithinTolerance: contract.aprWithinTolerance,
    };
  }
  return {
    ...common,
    grossCapCostCents: contract.grossCapCost,
    capCostReductionCents: contract.capCostReduction,
    adjustedCapCostCents: contract.adjustedCapCost,
    residualValueCents: contract.residualValue,
    depreciationCents: contract.depreciation,
    rentChargeCents: contract.rentCharge,
    moneyFactor: contract.moneyFactor,
    basePaymentCents: contract.basePayment,
    monthlyTaxCents: contract.monthlyTax,
    mileageAllowancePerYear: contract.mileageAllowancePerYear,
    excessMileageRateCents: contract.excessMileageRateCents,
    dispositionFeeCents: contract.dispositionFee,
    purchaseOptionPriceCents: contract.purchaseOptionPrice,
  };
}

/**
 * The servicing view of a contract as of a business date (default today): its stored position when
 * that is as of the date, else the recomputation (the figures are the same either way).
 */
export async function contractStatus(db: Db, clock: Clock, contractNumber: string, asOf?: CalendarDate) {
  const contract = await requireContract(db, contractNumber);
  const date = asOf ?? clock.today();
  checkServicingDate(contract, date, clock.today(), 'asOf');
  const position = (await positionSummaries(db, [contract], date)).get(contract.id)!;
  return statusOf(contract, position);
}

/** A contract's status from its position summary: what `contractStatus` answers, for one or for a list. */
export function statusOf(contract: ServicedContract, position: PositionSummary) {
  return {
    contractNumber: contract.contractNumber,
    kind: contract.kind,
    status: contract.status,
    governingState: contract.governingState,
    asOf: position.asOf,
    terms: contractTerms(contract),
    balances: {
      principalCents: position.principal,
      accruedInterestCents: position.accruedInterest,
      feesCents: position.fees,
      unappliedCents: position.unapplied,
      leaseReceivableCents: position.leaseReceivable,
    },
    perDiemCents: position.perDiem,
    amountDueCents: position.amountDue,
    pastDueCents: position.pastDue,
    nextDueDate: position.nextDueDate,
    nextDueAmountCents: position.nextDueAmount,
    daysPastDue: position.daysPastDue,
    bucket: position.bucket,
  };
}

/**
 * The schedule as disclosed beside what actually happened: each installment with its due date and
 * amount (for a loan, its estimated interest and principal split), how much of it is paid, and the
 * payments received with how each was applied.
 */
export async function contractSchedule(db: Db, clock: Clock, contractNumber: string) {
  const contract = await requireContract(db, contractNumber);
  const today = clock.today();
  const position = await positionOf(db, contract, today);
  const estimates =
    contract.kind === 'retail_installment'
      ? amortize(
          {
            amountFinanced: contract.amountFinanced,
            aprPercent: contract.aprPercent,
            termMonths: contract.termMonths,
          },
          contract.payment,
        )
      : undefined;
  const installments = position.due.installments.map((inst, i) => {
    const estimate = estimates?.[i];
    return {
      number: inst.number,
      dueDate: inst.dueDate,
      amountCents: inst.amount,
      estimatedInterestCents: estimate?.interest ?? null,
      estimatedPrincipalCents: estimate?.principal ?? null,
      estimatedBalanceCents: estimate?.balanceAfter ?? null,
      paidCents: inst.paid,
      status: installmentState(inst.paid, inst.unpaid, inst.dueDate, today),
    };
  });
  const received = await db
    .select()
    .from(payments)
    .where(eq(payments.contractId, contract.id))
    .orderBy(asc(payments.receivedOn), asc(payments.createdAt));
  return {
    contractNumber,
    kind: contract.kind,
    asOf: today,
    installments,
    payments: received.map((p) => ({
      paymentId: p.id,
      receivedOn: p.receivedOn,
      amountCents: p.amountCents,
      channel: p.channel,
      intent: p.intent,
      status: p.status,
      reversedOn: p.reversedOn,
      allocation: {
        interestCents: p.interestCents,
        principalCents: p.principalCents,
        feesCents: p.feesCents,
        unappliedCents: p.unappliedCents,
        leaseReceivableCents: p.leaseReceivableCents,
        salesTaxCents: p.salesTaxCents,
      },
    })),
  };
}

function installmentState(paid: number, unpaid: number, dueDate: CalendarDate, today: CalendarDate) {
  if (unpaid === 0) return 'paid' as const;
  if (compareDates(dueDate, today) >= 0) return paid > 0 ? ('partly_paid' as const) : ('upcoming' as const);
  return 'past_due' as const;
}
