import {
  type AnyColumn,
  and,
  asc,
  eq,
  gt,
  ilike,
  inArray,
  isNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { addDays } from '../core/dates.ts';
import { type Actor, canInOrganization } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contractPositions,
  contracts,
  drivers,
  fleetVehicles,
  organizations,
  vehicles,
} from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { dueThisMonthCents, monthEnd } from './due-this-month.ts';
import type { FleetQuery, FleetResponse, FleetRow } from './fleet.schemas.ts';
import { requireOrganization } from './organizations.ts';

/**
 * The fleet dashboard, read set-based from the stored positions (`contract_positions`, written with
 * every posting and by the daily cycle) and the fleet's own vehicle records, in one statement
 * whatever the fleet's size: the fleet is joined once (PostgreSQL materializes a CTE read more than
 * once), then its totals, the filters' choices and the count matching the filters are aggregated in
 * one pass over it, and the page is sorted and cut from it. A driver sees only the vehicles
 * assigned to them, and no money.
 */

const MATURING_DAYS = 90;

/** A CTE's columns, to select them beside another's (Drizzle reads a whole CTE as a scalar subquery). */
function columnsOf<R extends object, K extends keyof R & string>(
  relation: R,
  fields: Record<K, unknown>,
): Pick<R, K> {
  return Object.fromEntries(Object.keys(fields).map((k) => [k, relation[k as K]])) as Pick<R, K>;
}

export async function fleetDashboard(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  query: FleetQuery,
) {
  requireOrganization(actor, organizationId, 'organization.view');
  const finances = canInOrganization(actor, 'organization.view_finances', organizationId);
  const today = clock.today();

  // What the totals count and the filters keep, over the joined tables: each is judged once per
  // vehicle, as a column of the fleet relation below.
  const status = sql<FleetRow['status']>`coalesce(${fleetVehicles.status}, 'in_service')`;
  const pastDue = gt(contractPositions.pastDueCents, 0);
  const maturing = lte(contracts.maturityDate, addDays(today, MATURING_DAYS));
  const overMiles = gt(fleetVehicles.projectedExcessMiles, 0);
  // The filter keeps what has something to pay by the month's end; the total sums it.
  const dueThisMonth = dueThisMonthCents(contractPositions, monthEnd(today));
  const filters: (SQL | undefined)[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        ilike(vehicles.vin, like),
        ilike(fleetVehicles.unitNumber, like),
        ilike(fleetVehicles.plate, like),
        ilike(contracts.contractNumber, like),
      ),
    );
  }
  if (query.status?.length) filters.push(inArray(status, query.status));
  if (query.pastDue) filters.push(pastDue);
  if (query.dueThisMonth) filters.push(gt(dueThisMonth, 0));
  if (query.kind) filters.push(eq(contracts.kind, query.kind === 'loan' ? 'retail_installment' : 'lease'));
  if (query.maturesWithinDays)
    filters.push(lte(contracts.maturityDate, addDays(today, query.maturesWithinDays)));
  if (query.make) filters.push(ilike(vehicles.make, query.make));
  if (query.model) filters.push(ilike(vehicles.model, query.model));
  if (query.year) filters.push(eq(vehicles.year, query.year));
  if (query.costCenter) filters.push(ilike(fleetVehicles.costCenter, query.costCenter));
  if (query.driver === 'none') filters.push(isNull(fleetVehicles.driverId));
  else if (query.driver) filters.push(eq(fleetVehicles.driverId, query.driver));
  if (query.overMiles) filters.push(overMiles);
  const flag = (condition: SQL | undefined, alias: string) =>
    sql<boolean>`${condition ?? sql`true`}`.as(alias);

  // The fleet as one relation, written once: the business's contracts with their vehicle, stored
  // position, fleet record and driver; a driver's view holds only the vehicles assigned to them.
  const fleetFields = {
    contractId: contracts.id,
    contractNumber: contracts.contractNumber,
    kind: contracts.kind,
    maturityDate: contracts.maturityDate,
    vin: vehicles.vin,
    year: vehicles.year,
    make: vehicles.make,
    model: vehicles.model,
    unitNumber: fleetVehicles.unitNumber,
    plate: fleetVehicles.plate,
    plateState: fleetVehicles.plateState,
    costCenter: fleetVehicles.costCenter,
    status: status.as('status'),
    driverId: fleetVehicles.driverId,
    driverName: drivers.name,
    latestOdometer: fleetVehicles.latestOdometer,
    projectedExcessMiles: fleetVehicles.projectedExcessMiles,
    projectedExcessChargeCents: fleetVehicles.projectedExcessChargeCents,
    nextDueDate: contractPositions.nextDueDate,
    nextDueAmountCents: contractPositions.nextDueAmountCents,
    amountDueCents: contractPositions.amountDueCents,
    pastDueCents: contractPositions.pastDueCents,
    daysPastDue: contractPositions.daysPastDue,
    payoffCents: contractPositions.payoffCents,
    dueThisMonthCents: dueThisMonth.as('due_this_month_cents'),
    isPastDue: flag(pastDue, 'is_past_due'),
    isMaturing: flag(maturing, 'is_maturing'),
    isOverMiles: flag(overMiles, 'is_over_miles'),
    /** Whether the query's filters keep the vehicle. */
    matches: flag(and(...filters), 'matches'),
  };
  const fleet = db.$with('fleet').as(
    db
      .select(fleetFields)
      .from(organizations)
      .innerJoin(contractParties, eq(contractParties.customerId, organizations.customerId))
      .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
      .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
      .innerJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
      .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
      .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
      .where(
        and(eq(organizations.id, organizationId), finances ? undefined : eq(drivers.userId, actor.userId)),
      ),
  );

  // The drivers to filter by, for those who may see them all.
  const driverChoices = finances
    ? sql<{ id: string; name: string }[]>`(select coalesce(json_agg(json_build_object('id', ${drivers.id},
        'name', ${drivers.name}) order by ${drivers.name}), '[]') from ${drivers}
        where ${drivers.organizationId} = ${organizationId} and ${drivers.removedAt} is null)`
    : sql<{ id: string; name: string }[]>`'[]'::json`;

  // The totals are the whole fleet's, whatever the filter; `matching` counts what the filter keeps.
  // Aliases are unique in the statement: the outer select reads them beside the page's columns.
  const countWhen = (condition: SQL | SQL.Aliased | undefined, alias: string) =>
    sql<number>`count(*) filter (where ${condition ?? sql`true`})`.mapWith(Number).as(alias);
  const sumOf = (value: SQL | SQL.Aliased | AnyColumn, alias: string) =>
    sql<string>`coalesce(sum(${value}), 0)`.as(alias);
  const totalsFields = {
    vehicles: countWhen(undefined, 'vehicles_count'),
    inService: countWhen(eq(fleet.status, 'in_service'), 'in_service_count'),
    inRepair: countWhen(eq(fleet.status, 'in_repair'), 'in_repair_count'),
    outOfService: countWhen(eq(fleet.status, 'out_of_service'), 'out_of_service_count'),
    awaitingSale: countWhen(eq(fleet.status, 'awaiting_sale'), 'awaiting_sale_count'),
    pastDueVehicles: countWhen(fleet.isPastDue, 'past_due_count'),
    maturing: countWhen(fleet.isMaturing, 'maturing_count'),
    overMiles: countWhen(fleet.isOverMiles, 'over_miles_count'),
    matching: countWhen(fleet.matches, 'matching_count'),
    dueThisMonthCents: sumOf(fleet.dueThisMonthCents, 'due_this_month_total'),
    pastDueCents: sumOf(fleet.pastDueCents, 'past_due_total'),
    payoffCents: sumOf(fleet.payoffCents, 'payoff_total'),
    // The filters' choices, in no order: sorted below, in JavaScript's.
    costCenters: sql<string[]>`coalesce(array_agg(distinct ${fleet.costCenter})
      filter (where ${fleet.costCenter} is not null), '{}')`.as('cost_centers'),
    makes: sql<string[]>`coalesce(array_agg(distinct ${fleet.make}), '{}')`.as('makes'),
    years: sql<number[]>`coalesce(array_agg(distinct ${fleet.year}), '{}')`.as('years'),
    driverChoices: driverChoices.as('driver_choices'),
  };
  const totals = db.$with('totals').as(db.select(totalsFields).from(fleet));

  const moneySorts: FleetQuery['sort'][] = ['attention', 'amountDue', 'pastDue', 'payoff'];
  // A driver cannot sort by money: the order would say what they may not see.
  const sort = !finances && moneySorts.includes(query.sort) ? 'unit' : query.sort;
  const descending =
    (query.order ?? (['amountDue', 'pastDue', 'payoff', 'excessMiles'].includes(sort) ? 'desc' : 'asc')) ===
    'desc';
  const by = (column: SQL.Aliased | AnyColumn) =>
    descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  // The order, over the fleet (to cut the page) or over the page (to answer it in that order).
  const orderOf = (r: typeof fleet): SQL[] => {
    const orderings: Record<FleetQuery['sort'], SQL[]> = {
      attention: [
        sql`${r.daysPastDue} desc`,
        sql`${r.pastDueCents} desc`,
        sql`${r.nextDueDate} asc nulls last`,
      ],
      unit: [by(r.unitNumber)],
      contract: [by(r.contractNumber)],
      vehicle: [by(r.make), by(r.model), by(r.year)],
      nextDue: [by(r.nextDueDate)],
      amountDue: [by(r.amountDueCents)],
      pastDue: [by(r.pastDueCents)],
      payoff: [by(r.payoffCents)],
      maturity: [by(r.maturityDate)],
      driver: [by(r.driverName)],
      excessMiles: [by(r.projectedExcessMiles)],
    };
    return [...orderings[sort], asc(r.contractNumber)];
  };
  const page = db.$with('page').as(
    db
      .select()
      .from(fleet)
      .where(sql`${fleet.matches}`)
      .orderBy(...orderOf(fleet))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
  );
  // One row per vehicle of the page, each with the totals; one row of totals alone past the last page.
  const answered = await db
    .with(fleet, totals, page)
    .select({ totals: columnsOf(totals, totalsFields), row: columnsOf(page, fleetFields) })
    .from(totals)
    .leftJoin(page, sql`true`)
    .orderBy(...orderOf(page as unknown as typeof fleet));
  const t = answered[0]!.totals;
  const rows = answered.flatMap((a) => (a.row?.contractNumber ? [a.row] : []));

  const answer: FleetResponse = {
    asOf: today,
    totals: {
      vehicles: t.vehicles,
      byStatus: {
        in_service: t.inService,
        in_repair: t.inRepair,
        out_of_service: t.outOfService,
        awaiting_sale: t.awaitingSale,
      },
      pastDueVehicles: t.pastDueVehicles,
      maturingIn90Days: t.maturing,
      overMilesVehicles: t.overMiles,
      dueThisMonthCents: finances ? Number(t.dueThisMonthCents) : null,
      pastDueCents: finances ? Number(t.pastDueCents) : null,
      payoffCents: finances ? Number(t.payoffCents) : null,
    },
    matching: t.matching,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map((r) => ({
      contractNumber: r.contractNumber,
      kind: r.kind === 'lease' ? 'lease' : 'loan',
      unitNumber: r.unitNumber,
      plate: r.plate,
      plateState: r.plateState,
      vin: r.vin,
      year: r.year,
      make: r.make,
      model: r.model,
      costCenter: r.costCenter,
      status: r.status,
      driver: r.driverId && r.driverName ? { id: r.driverId, name: r.driverName } : null,
      maturityDate: r.maturityDate,
      latestOdometer: r.latestOdometer,
      projectedExcessMiles: r.projectedExcessMiles,
      projectedExcessChargeCents: r.projectedExcessChargeCents,
      finances: finances
        ? {
            nextDueDate: r.nextDueDate,
            nextDueAmountCents: r.nextDueAmountCents,
            amountDueCents: r.amountDueCents,
            pastDueCents: r.pastDueCents,
            daysPastDue: r.daysPastDue,
            payoffCents: r.payoffCents,
          }
        : null,
    })),
    facets: {
      costCenters: [...t.costCenters].sort(),
      makes: [...t.makes].sort(),
      years: [...t.years].sort((a, b) => a - b),
      drivers: t.driverChoices,
    },
  };
  return answer;
}
