import { and, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { LEDGER_ACCOUNTS, type LedgerAccount } from '../core/ledger.ts';
import { type Cents, cents } from '../core/money.ts';
import type { DayCount } from '../core/simple-interest.ts';
import type { Db } from './database.ts';
import { contracts, journalEntries, ledgerBalances, payments, postings } from './schema.ts';

/**
 * Contracts as the servicing code sees them: rows mapped to domain types (branded cents, calendar
 * dates), apart from the column names.
 */
export type ContractRow = typeof contracts.$inferSelect;

type ServicedContractCommon = {
  id: string;
  contractNumber: string;
  status: 'active' | 'paid_off' | 'terminated';
  governingState: string;
  contractDate: CalendarDate;
  firstPaymentDate: CalendarDate;
  maturityDate: CalendarDate;
  dueDay: number;
  termMonths: number;
  payment: Cents;
  totalOfPayments: Cents;
};

export type ServicedLoan = ServicedContractCommon & {
  kind: 'retail_installment';
  amountFinanced: Cents;
  aprPercent: string;
  financeCharge: Cents;
  finalPayment: Cents;
  dayCount: DayCount;
  allocationOrder: string;
  interestPostedThrough: CalendarDate;
  computedAprPercent: string | null;
  aprWithinTolerance: boolean | null;
};

export type ServicedLease = ServicedContractCommon & {
  kind: 'lease';
  grossCapCost: Cents;
  capCostReduction: Cents;
  adjustedCapCost: Cents;
  residualValue: Cents;
  depreciation: Cents;
  rentCharge: Cents;
  moneyFactor: string;
  basePayment: Cents;
  monthlyTax: Cents;
  mileageAllowancePerYear: number;
  excessMileageRateCents: number;
  dispositionFee: Cents;
  purchaseOptionPrice: Cents;
};

export type ServicedContract = ServicedLoan | ServicedLease;

/** Drops the trailing zeros numeric columns carry ("5.0000" → "5", "0.0012500" → "0.00125"). */
function plainDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function required<T>(value: T | null, column: string): T {
  if (value === null) throw new Error(`contracts.${column} is null for a contract of this kind`);
  return value;
}

export function toServicedContract(row: ContractRow): ServicedContract {
  const common: ServicedContractCommon = {
    id: row.id,
    contractNumber: row.contractNumber,
    status: row.status,
    governingState: row.governingState,
    contractDate: calendarDate(row.contractDate),
    firstPaymentDate: calendarDate(row.firstPaymentDate),
    maturityDate: calendarDate(row.maturityDate),
    dueDay: row.dueDay,
    termMonths: row.termMonths,
    payment: cents(row.paymentCents),
    totalOfPayments: cents(row.totalOfPaymentsCents),
  };
  if (row.kind === 'retail_installment') {
    return {
      ...common,
      kind: 'retail_installment',
      amountFinanced: cents(required(row.amountFinancedCents, 'amount_financed_cents')),
      aprPercent: plainDecimal(required(row.aprPercent, 'apr_percent')),
      financeCharge: cents(required(row.financeChargeCents, 'finance_charge_cents')),
      finalPayment: cents(required(row.finalPaymentCents, 'final_payment_cents')),
      dayCount: row.dayCount,
      allocationOrder: row.allocationOrder,
      interestPostedThrough: calendarDate(required(row.interestPostedThrough, 'interest_posted_through')),
      computedAprPercent: row.computedAprPercent,
      aprWithinTolerance: row.aprWithinTolerance,
    };
  }
  return {
    ...common,
    kind: 'lease',
    grossCapCost: cents(required(row.grossCapCostCents, 'gross_cap_cost_cents')),
    capCostReduction: cents(required(row.capCostReductionCents, 'cap_cost_reduction_cents')),
    adjustedCapCost: cents(required(row.adjustedCapCostCents, 'adjusted_cap_cost_cents')),
    residualValue: cents(required(row.residualValueCents, 'residual_value_cents')),
    depreciation: cents(required(row.depreciationCents, 'depreciation_cents')),
    rentCharge: cents(required(row.rentChargeCents, 'rent_charge_cents')),
    moneyFactor: plainDecimal(required(row.moneyFactor, 'money_factor')),
    basePayment: cents(required(row.basePaymentCents, 'base_payment_cents')),
    monthlyTax: cents(required(row.monthlyTaxCents, 'monthly_tax_cents')),
    mileageAllowancePerYear: required(row.mileageAllowancePerYear, 'mileage_allowance_per_year'),
    excessMileageRateCents: required(row.excessMileageRateCents, 'excess_mileage_rate_cents'),
    dispositionFee: cents(required(row.dispositionFeeCents, 'disposition_fee_cents')),
    purchaseOptionPrice: cents(required(row.purchaseOptionPriceCents, 'purchase_option_price_cents')),
  };
}

/** Finds a contract by number; `forUpdate` takes its row lock so postings on one contract run one at a time. */
export async function findContract(
  db: Db,
  contractNumber: string,
  options: { forUpdate?: boolean } = {},
): Promise<ServicedContract | undefined> {
  const query = db.select().from(contracts).where(eq(contracts.contractNumber, contractNumber));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ? toServicedContract(row) : undefined;
}

/**
 * A contract by id, its row locked for the rest of the transaction: what every daily-cycle step that
 * posts or schedules money on a contract takes first, so two workers on one contract take turns.
 */
export async function lockContract(db: Db, contractId: string): Promise<ServicedContract> {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
  if (!row) throw new Error(`lockContract: no contract ${contractId}`);
  return toServicedContract(row);
}

export type Balances = Record<LedgerAccount, Cents>;

function emptyBalances(): Balances {
  return Object.fromEntries(LEDGER_ACCOUNTS.map((a) => [a, cents(0)])) as Balances;
}

/** The cached balances of a contract (kept equal to its postings by `postEntries`). */
export async function currentBalances(db: Db, contractId: string): Promise<Balances> {
  const rows = await db
    .select({ account: ledgerBalances.account, balance: ledgerBalances.balanceCents })
    .from(ledgerBalances)
    .where(eq(ledgerBalances.contractId, contractId));
  const balances = emptyBalances();
  for (const r of rows) balances[r.account as LedgerAccount] = cents(r.balance);
  return balances;
}

/**
 * Balances as of a business date: the sum of postings of entries effective on or before it, read as
 * the cached balances less the postings of entries effective after it (usually none, so a read for
 * today touches only the cache).
 */
export async function balancesAsOf(db: Db, contractId: string, asOf: CalendarDate): Promise<Balances> {
  return (await balancesAsOfMany(db, [contractId], asOf)).get(contractId)!;
}

/** `balancesAsOf` for many contracts at once: two queries whatever their number. */
export async function balancesAsOfMany(
  db: Db,
  contractIds: readonly string[],
  asOf: CalendarDate,
): Promise<Map<string, Balances>> {
  const byContract = new Map(contractIds.map((id) => [id, emptyBalances()]));
  if (contractIds.length === 0) return byContract;
  const ids = [...contractIds];
  const cached = await db
    .select({
      contractId: ledgerBalances.contractId,
      account: ledgerBalances.account,
      balance: ledgerBalances.balanceCents,
    })
    .from(ledgerBalances)
    .where(inArray(ledgerBalances.contractId, ids));
  for (const r of cached) byContract.get(r.contractId)![r.account as LedgerAccount] = cents(r.balance);
  const later = await db
    .select({
      contractId: postings.contractId,
      account: postings.account,
      amount: sql<number>`sum(${postings.amountCents})::bigint`,
    })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(
      and(
        // Both sides named by contract: the postings' own index then finds them, where a join from
        // the entries alone let the planner scan every posting.
        inArray(postings.contractId, ids),
        inArray(journalEntries.contractId, ids),
        gt(journalEntries.effectiveDate, asOf),
      ),
    )
    .groupBy(postings.contractId, postings.account);
  for (const r of later) {
    const balances = byContract.get(r.contractId)!;
    const account = r.account as LedgerAccount;
    balances[account] = cents(balances[account] - r.amount);
  }
  return byContract;
}

/**
 * The last date through which interest was posted as of `asOf`: every payment (and payoff) posts the
 * interest accrued through its date first, so accrual continues from the latest of them. A reversal
 * does not move it: its interest adjustment covers the restored principal up to that same date.
 */
export async function interestPostedThroughAsOf(
  db: Db,
  loan: ServicedLoan,
  asOf: CalendarDate,
): Promise<CalendarDate> {
  return (await interestPostedThroughMany(db, [loan], asOf)).get(loan.id)!;
}

/** `interestPostedThroughAsOf` for many loans at once, in one query. */
export async function interestPostedThroughMany(
  db: Db,
  loans: readonly ServicedLoan[],
  asOf: CalendarDate,
): Promise<Map<string, CalendarDate>> {
  const byContract = new Map(loans.map((loan) => [loan.id, loan.contractDate]));
  if (loans.length === 0) return byContract;
  const rows = await db
    .select({
      contractId: journalEntries.contractId,
      last: sql<string | null>`max(${journalEntries.effectiveDate})`,
    })
    .from(journalEntries)
    .where(
      and(
        inArray(
          journalEntries.contractId,
          loans.map((loan) => loan.id),
        ),
        inArray(journalEntries.code, ['PAYMENT', 'PAYOFF']),
        lte(journalEntries.effectiveDate, asOf),
      ),
    )
    .groupBy(journalEntries.contractId);
  for (const r of rows) if (r.last) byContract.set(r.contractId, calendarDate(r.last));
  return byContract;
}

/**
 * Money credited to installments by payments received on or before `asOf` and not reversed by then:
 * for a loan, the interest and principal of regular and payoff payments (a principal-only payment
 * pays down principal but is not an installment); for a lease, its base rent and sales tax.
 */
export async function creditedToInstallments(
  db: Db,
  contract: ServicedContract,
  asOf: CalendarDate,
): Promise<Cents> {
  return (await creditedToInstallmentsMany(db, [contract], asOf)).get(contract.id)!;
}

/** `creditedToInstallments` for many contracts at once, in one query (both sums, each kind takes its own). */
export async function creditedToInstallmentsMany(
  db: Db,
  contracts: readonly ServicedContract[],
  asOf: CalendarDate,
): Promise<Map<string, Cents>> {
  const byContract = new Map(contracts.map((c) => [c.id, cents(0)]));
  if (contracts.length === 0) return byContract;
  const rows = await db
    .select({
      contractId: payments.contractId,
      lease: sql<number>`coalesce(sum(${payments.leaseReceivableCents} + ${payments.salesTaxCents}), 0)::bigint`,
      loan: sql<number>`coalesce(sum(${payments.interestCents} + ${payments.principalCents}) filter (where ${payments.intent} <> 'principal_only'), 0)::bigint`,
    })
    .from(payments)
    .where(
      and(
        inArray(
          payments.contractId,
          contracts.map((c) => c.id),
        ),
        lte(payments.receivedOn, asOf),
        or(eq(payments.status, 'posted'), gt(payments.reversedOn, asOf)),
      ),
    )
    .groupBy(payments.contractId);
  const kindOf = new Map(contracts.map((c) => [c.id, c.kind]));
  for (const r of rows) {
    byContract.set(r.contractId, cents(Number(kindOf.get(r.contractId) === 'lease' ? r.lease : r.loan)));
  }
  return byContract;
}
