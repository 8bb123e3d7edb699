import { and, asc, count, desc, eq, gt, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, addMonthsOnDueDay, type CalendarDate, compareDates, daysBetween } from '../core/dates.ts';
import { dueStatus } from '../core/installments.ts';
import type { EntryCode, LedgerAccount } from '../core/ledger.ts';
import { cents } from '../core/money.ts';
import type { Actor } from '../core/policy.ts';
import { creditedToInstallmentsMany, toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contractPositions,
  contracts,
  drivers,
  fleetVehicles,
  journalEntries,
  organizations,
  postings,
  vehicles,
} from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { contractInstallments } from '../servicing/index.ts';
import { requireOrganization } from './organizations.ts';
import { lastOfMonth, monthKey, monthKeysBetween, monthsThrough } from './periods.ts';
import {
  type costOfOwnershipQuery,
  type costOfOwnershipResponse,
  type maturingLeasesResponse,
  type maturingQuery,
  type mileageResponse,
  OBLIGATION_DAYS,
  type obligationsQuery,
  type obligationsResponse,
  type SpendBreakdownQuery,
  type SpendSplit,
  type spendByCostCenterResponse,
  type spendByMonthResponse,
  type spendByVehicleResponse,
  type spendQuery,
} from './reports.schemas.ts';

/**
 * Fleet analytics: what the organization's payments paid and when, what is due next, which leases
 * end soon and which run over their miles. Spend is read from the journal (the postings of payment,
 * payoff and payment-return entries), so it is the ledger's own figure and a returned payment takes
 * back what it paid in the month it came back (cash basis, as the interest statement counts it).
 * Each call is a fixed number of queries whatever the fleet's size; money is integer cents.
 */

/** The organization's contracts (those its business is a party to, as the fleet counts them), as a subquery. */
export function organizationContractIds(db: Db, organizationId: string) {
  return db
    .select({ id: contractParties.contractId })
    .from(contractParties)
    .innerJoin(organizations, eq(organizations.customerId, contractParties.customerId))
    .where(eq(organizations.id, organizationId));
}

/** The customer-side account each part of a payment credits (a credit is negative, so paid = −sum). */
const SPEND_ACCOUNTS = {
  principalCents: 'principal',
  interestCents: 'interest',
  feesCents: 'fees',
  leasePaymentsCents: 'lease_receivable',
  taxesCents: 'sales_tax_payable',
  unappliedCents: 'unapplied',
} as const satisfies Record<Exclude<keyof SpendSplit, 'totalCents'>, LedgerAccount>;
const SPEND_KEYS = [
  ...(Object.keys(SPEND_ACCOUNTS) as (keyof typeof SPEND_ACCOUNTS)[]),
  'totalCents',
] as const;
type SpendKey = (typeof SPEND_KEYS)[number];

/** Money received and money given back: a payment, a payoff, and the exact reversal of either. */
const PAYMENT_CODES = ['PAYMENT', 'PAYOFF', 'PAYMENT_RETURN'] as const satisfies readonly EntryCode[];

/** One value per part of the split, in the split's order: the split itself, or the SQL of each part. */
function perPart<T>(value: (key: SpendKey) => T): Record<SpendKey, T> {
  return Object.fromEntries(SPEND_KEYS.map((key) => [key, value(key)])) as Record<SpendKey, T>;
}

/** A split with each part given by `part` (checked to be whole cents). */
const splitBy = (part: (key: SpendKey) => number | string | null): SpendSplit =>
  perPart((key) => cents(Number(part(key) ?? 0)));

/** A query row's parts (PostgreSQL answers a bigint as text). */
type PartsRow = Record<SpendKey, number | string | null>;
const splitOf = (row: PartsRow) => splitBy((k) => row[k]);

/** A query row with its parts as a split, its other columns as they are and where they are. */
const withSplit = <Row extends PartsRow>(row: Row) => ({ ...row, ...splitOf(row) });

const ZERO_SPLIT = splitBy(() => 0);

const sumSplits = (parts: readonly SpendSplit[]) => splitBy((k) => parts.reduce((sum, p) => sum + p[k], 0));

/** What the groups beyond the listed ones paid: the totals less the listed groups. */
function othersOf(totals: SpendSplit, listed: readonly SpendSplit[]): SpendSplit {
  const shown = sumSplits(listed);
  return splitBy((k) => totals[k] - shown[k]);
}

/** Per part, what the postings of the payment entries paid (the WHERE keeps only the spend accounts). */
function paidColumns(): Record<SpendKey, SQL<number>> {
  return perPart((key) =>
    key === 'totalCents'
      ? sql<number>`coalesce(-sum(${postings.amountCents}), 0)::bigint`
      : sql<number>`coalesce(-sum(${postings.amountCents}) filter (where ${postings.account} = ${SPEND_ACCOUNTS[key]}), 0)::bigint`,
  );
}

/** The payment entries' postings to the organization's contracts effective in `[from, to]` (`from` null: since boarding). */
function paymentPostings(db: Db, organizationId: string, from: CalendarDate | null, to: CalendarDate) {
  const ours = organizationContractIds(db, organizationId);
  return and(
    // Both sides named by contract, so the postings' own index finds them (see db/contracts.ts balancesAsOfMany).
    inArray(postings.contractId, ours),
    inArray(journalEntries.contractId, ours),
    inArray(journalEntries.code, [...PAYMENT_CODES]),
    inArray(postings.account, Object.values(SPEND_ACCOUNTS)),
    from === null ? undefined : gte(journalEntries.effectiveDate, from),
    lte(journalEntries.effectiveDate, to),
  );
}

/**
 * What was paid on each of the organization's contracts in `[from, to]`, one row per contract with
 * money, as a CTE (`paid`) the breakdowns and the reports group or join.
 */
export function paidByContract(db: Db, organizationId: string, from: CalendarDate | null, to: CalendarDate) {
  const columns = paidColumns();
  return db.$with('paid').as(
    db
      .select({
        contractId: postings.contractId,
        ...perPart((k) => columns[k].as(k)),
      })
      .from(postings)
      .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
      .where(paymentPostings(db, organizationId, from, to))
      .groupBy(postings.contractId),
  );
}
type Paid = ReturnType<typeof paidByContract>;

/** The `paid` CTE's parts summed over the rows of a grouping (zero when there are none). */
const sumsOf = (paid: Paid) => perPart((k) => sql<number>`coalesce(sum(${paid[k]}), 0)::bigint`);

/** The `paid` CTE's parts of a left-joined contract (zero when nothing was paid on it). */
const orZero = (paid: Paid) => perPart((k) => sql<number>`coalesce(${paid[k]}, 0)::bigint`);

/** The vehicle as the tables beside the charts name it. */
const vehicleIdentity = {
  contractNumber: contracts.contractNumber,
  unitNumber: fleetVehicles.unitNumber,
  vin: vehicles.vin,
  year: vehicles.year,
  make: vehicles.make,
  model: vehicles.model,
  costCenter: fleetVehicles.costCenter,
};

/** The analytics' window: `months` whole calendar months ending with the business date's (through that date). */
function spendWindow(clock: Clock, months: number) {
  const asOf = clock.today();
  return { asOf, ...monthsThrough(asOf, months) };
}
type SpendWindow = ReturnType<typeof spendWindow>;

/** The analytics' window and what each of the organization's contracts paid in it. */
function paidInWindow(db: Db, clock: Clock, organizationId: string, months: number) {
  const window = spendWindow(clock, months);
  return { window, paid: paidByContract(db, organizationId, window.from, window.to) };
}

/** A breakdown's answer: the groups listed (largest first), the rest of `all` as `others`, the totals. */
function listedAndOthers<Row extends PartsRow>(
  window: SpendWindow,
  rows: readonly Row[],
  all: PartsRow & { groups: number },
) {
  const listed = rows.map(withSplit);
  const totals = splitOf(all);
  return {
    ...window,
    rows: listed,
    others: { groups: all.groups - listed.length, ...othersOf(totals, listed) },
    totals,
  };
}

/** (a) Spend per month, split by what it paid: every month of the window, oldest first. */
export async function spendByMonth(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: z.infer<typeof spendQuery>,
): Promise<z.infer<typeof spendByMonthResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const { asOf, from, to } = spendWindow(clock, query.months);
  const month = sql<string>`to_char(${journalEntries.effectiveDate}, 'YYYY-MM')`;
  const rows = await db
    .select({ month, ...paidColumns() })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(paymentPostings(db, organizationId, from, to))
    .groupBy(month);
  const byMonth = new Map(rows.map((r) => [r.month, splitOf(r)]));
  const months = monthKeysBetween(from, to).map((key) => ({
    month: key,
    ...(byMonth.get(key) ?? ZERO_SPLIT),
  }));
  return { asOf, from, to, months, totals: sumSplits(months) };
}

/** (b) Spend in the window by cost center: the largest `top`, the rest summed as `others`. */
export async function spendByCostCenter(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: SpendBreakdownQuery,
): Promise<z.infer<typeof spendByCostCenterResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const { window, paid } = paidInWindow(db, clock, organizationId, query.months);
  const sums = sumsOf(paid);
  const costCenter = fleetVehicles.costCenter;
  const rows = await db
    .with(paid)
    .select({ costCenter, ...sums })
    .from(paid)
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, paid.contractId))
    .groupBy(costCenter)
    .orderBy(desc(sums.totalCents), sql`${costCenter} asc nulls last`)
    .limit(query.top);
  const [all] = await db
    .with(paid)
    .select({
      // Vehicles without a cost center are a group of their own.
      groups: sql<number>`(count(distinct ${costCenter}) + coalesce(bool_or(${costCenter} is null)::int, 0))::int`,
      ...sums,
    })
    .from(paid)
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, paid.contractId));
  return listedAndOthers(window, rows, all!);
}

/** (b) Spend in the window by vehicle: the `top` vehicles that cost the most, the rest as `others`. */
export async function spendByVehicle(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: SpendBreakdownQuery,
): Promise<z.infer<typeof spendByVehicleResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const { window, paid } = paidInWindow(db, clock, organizationId, query.months);
  const rows = await db
    .with(paid)
    .select({ ...vehicleIdentity, ...orZero(paid) })
    .from(paid)
    .innerJoin(contracts, eq(contracts.id, paid.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .orderBy(desc(paid.totalCents), asc(contracts.contractNumber))
    .limit(query.top);
  const [all] = await db
    .with(paid)
    .select({ groups: count(), ...sumsOf(paid) })
    .from(paid);
  return listedAndOthers(window, rows, all!);
}

/** The Monday of the week a date falls in (weeks run Monday to Sunday). */
function mondayOf(date: CalendarDate): CalendarDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 is Sunday
  return addDays(date, -((weekday + 6) % 7));
}

function obligationBuckets(from: CalendarDate, through: CalendarDate, by: 'week' | 'month') {
  const buckets: { start: CalendarDate; end: CalendarDate }[] = [];
  for (let start = from; compareDates(start, through) <= 0; ) {
    const natural = by === 'week' ? addDays(mondayOf(start), 6) : lastOfMonth(start);
    const end = compareDates(natural, through) < 0 ? natural : through;
    buckets.push({ start, end });
    start = addDays(end, 1);
  }
  return buckets;
}

/**
 * (c) The installments falling due in the next 90 days (the business date and the 89 after it), by
 * week or month, from each active contract's schedule less what was credited to it (oldest first,
 * so a contract paid ahead owes nothing until its credit runs out). Past-due installments are apart.
 */
export async function upcomingObligations(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: z.infer<typeof obligationsQuery>,
): Promise<z.infer<typeof obligationsResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const asOf = clock.today();
  const through = addDays(asOf, OBLIGATION_DAYS - 1);
  const rows = await db
    .select()
    .from(contracts)
    .where(
      and(inArray(contracts.id, organizationContractIds(db, organizationId)), eq(contracts.status, 'active')),
    );
  const active = rows.map(toServicedContract);
  const credited = await creditedToInstallmentsMany(db, active, asOf);
  const buckets = obligationBuckets(asOf, through, query.by).map((b) => ({
    ...b,
    installments: 0,
    loanCents: 0,
    leaseCents: 0,
  }));
  const pastDue = { installments: 0, amountCents: 0 };
  for (const contract of active) {
    const { installments } = dueStatus(contractInstallments(contract), credited.get(contract.id)!, asOf);
    for (const installment of installments) {
      if (installment.unpaid === 0) continue;
      if (compareDates(installment.dueDate, asOf) < 0) {
        pastDue.installments += 1;
        pastDue.amountCents += installment.unpaid;
        continue;
      }
      const bucket = buckets.find((b) => compareDates(installment.dueDate, b.end) <= 0);
      if (!bucket) break; // the schedule is in date order: the rest falls after the window
      bucket.installments += 1;
      if (contract.kind === 'lease') bucket.leaseCents += installment.unpaid;
      else bucket.loanCents += installment.unpaid;
    }
  }
  const answered = buckets.map((b) => ({
    ...b,
    loanCents: cents(b.loanCents),
    leaseCents: cents(b.leaseCents),
    amountCents: cents(b.loanCents + b.leaseCents),
  }));
  return {
    asOf,
    from: asOf,
    through,
    by: query.by,
    pastDue: { installments: pastDue.installments, amountCents: cents(pastDue.amountCents) },
    buckets: answered,
    totals: {
      installments: answered.reduce((n, b) => n + b.installments, 0),
      amountCents: cents(answered.reduce((sum, b) => sum + b.amountCents, 0)),
    },
  };
}

/** The organization's active leases: those the maturity and mileage tables list. */
const activeLeasesOf = (db: Db, organizationId: string) =>
  and(
    inArray(contracts.id, organizationContractIds(db, organizationId)),
    eq(contracts.kind, 'lease'),
    eq(contracts.status, 'active'),
  );

/** (d) Active leases maturing from the business date through `months` later, soonest first, and how many a month. */
export async function maturingLeases(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: z.infer<typeof maturingQuery>,
): Promise<z.infer<typeof maturingLeasesResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const asOf = clock.today();
  const through = addMonthsOnDueDay(asOf, query.months);
  const rows = await db
    .select({
      ...vehicleIdentity,
      driver: drivers.name,
      maturityDate: contracts.maturityDate,
      residualValueCents: contracts.residualValueCents,
      purchaseOptionPriceCents: contracts.purchaseOptionPriceCents,
      dispositionFeeCents: contracts.dispositionFeeCents,
      payoffCents: contractPositions.payoffCents,
      projectedExcessMiles: fleetVehicles.projectedExcessMiles,
      projectedExcessChargeCents: fleetVehicles.projectedExcessChargeCents,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
    .leftJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
    .where(
      and(
        activeLeasesOf(db, organizationId),
        gte(contracts.maturityDate, asOf),
        lte(contracts.maturityDate, through),
      ),
    )
    .orderBy(asc(contracts.maturityDate), asc(contracts.contractNumber));
  return {
    asOf,
    through,
    byMonth: monthKeysBetween(asOf, through).map((month) => ({
      month,
      leases: rows.filter((r) => monthKey(r.maturityDate as CalendarDate) === month).length,
    })),
    rows: rows.map((r) => ({
      ...r,
      daysToMaturity: daysBetween(asOf, r.maturityDate as CalendarDate),
      // A lease's terms always hold these (the contracts_terms_by_kind check and boarding).
      residualValueCents: r.residualValueCents ?? 0,
      purchaseOptionPriceCents: r.purchaseOptionPriceCents ?? 0,
      dispositionFeeCents: r.dispositionFeeCents ?? 0,
    })),
  };
}

/** (e) Leases projected to end over their mileage allowance (the projection kept with each odometer reading). */
export async function mileageOverages(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
): Promise<z.infer<typeof mileageResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const rows = await db
    .select({
      ...vehicleIdentity,
      driver: drivers.name,
      maturityDate: contracts.maturityDate,
      mileageAllowancePerYear: sql<number>`coalesce(${contracts.mileageAllowancePerYear}, 0)`,
      latestOdometer: fleetVehicles.latestOdometer,
      latestOdometerOn: fleetVehicles.latestOdometerOn,
      projectedExcessMiles: sql<number>`coalesce(${fleetVehicles.projectedExcessMiles}, 0)`,
      projectedExcessChargeCents: sql<number>`coalesce(${fleetVehicles.projectedExcessChargeCents}, 0)::bigint`,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .innerJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
    .where(and(activeLeasesOf(db, organizationId), gt(fleetVehicles.projectedExcessMiles, 0)))
    .orderBy(
      desc(fleetVehicles.projectedExcessChargeCents),
      desc(fleetVehicles.projectedExcessMiles),
      asc(contracts.contractNumber),
    );
  return {
    asOf: clock.today(),
    totals: {
      vehicles: rows.length,
      excessMiles: rows.reduce((n, r) => n + r.projectedExcessMiles, 0),
      chargeCents: cents(rows.reduce((sum, r) => sum + r.projectedExcessChargeCents, 0)),
    },
    rows,
  };
}

/** (f) Cost of ownership to date: everything paid on each vehicle's contract since boarding, split; most first, paged. */
export async function costOfOwnership(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: z.infer<typeof costOfOwnershipQuery>,
): Promise<z.infer<typeof costOfOwnershipResponse>> {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const asOf = clock.today();
  const paid = paidByContract(db, organizationId, null, asOf);
  const ours = inArray(contracts.id, organizationContractIds(db, organizationId));
  const parts = orZero(paid);
  const rows = await db
    .with(paid)
    .select({ ...vehicleIdentity, kind: contracts.kind, contractDate: contracts.contractDate, ...parts })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(paid, eq(paid.contractId, contracts.id))
    .where(ours)
    .orderBy(desc(parts.totalCents), asc(contracts.contractNumber))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [all] = await db
    .with(paid)
    .select({ vehicles: count(), ...sumsOf(paid) })
    .from(contracts)
    .leftJoin(paid, eq(paid.contractId, contracts.id))
    .where(ours);
  return {
    asOf,
    page: query.page,
    pageSize: query.pageSize,
    vehicles: all!.vehicles,
    totals: splitOf(all!),
    rows: rows.map((r) => ({
      ...withSplit(r),
      kind: r.kind === 'lease' ? ('lease' as const) : ('loan' as const),
    })),
  };
}
