import {
  type AnyColumn,
  and,
  asc,
  count,
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
import { addDays, type CalendarDate, dateParts, daysInMonth } from '../core/dates.ts';
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
import type { FleetQuery, FleetResponse, FleetRow } from './fleet.schemas.ts';
import { requireOrganization } from './organizations.ts';

/**
 * The fleet dashboard, read set-based from the stored positions (`contract_positions`, written with
 * every posting and by the daily cycle) and the fleet's own vehicle records: a fixed number of
 * queries whatever the fleet's size (the organization, the totals, one page with its count, the
 * filters' choices). Filters, search, sort and paging all run in PostgreSQL on indexed columns.
 * A driver sees only the vehicles assigned to them, and no money.
 */

/** The last day of the business date's month: "due this month" means by then. */
function monthEnd(today: CalendarDate): CalendarDate {
  const { year, month } = dateParts(today);
  return `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}` as CalendarDate;
}

const MATURING_DAYS = 90;

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
  const end = monthEnd(today);

  const [org] = await db
    .select({ customerId: organizations.customerId })
    .from(organizations)
    .where(eq(organizations.id, organizationId));

  // The fleet as one relation, written once: the business's contracts with their vehicle, stored
  // position, fleet record and driver; a driver's view holds only the vehicles assigned to them.
  const fleet = db.$with('fleet').as(
    db
      .select({
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
        status: sql<FleetRow['status']>`coalesce(${fleetVehicles.status}, 'in_service')`.as('status'),
        driverId: fleetVehicles.driverId,
        driverName: drivers.name,
        latestOdometer: fleetVehicles.latestOdometer,
        projectedExcessMiles: fleetVehicles.projectedExcessMiles,
        projectedExcessChargeCents: fleetVehicles.projectedExcessChargeCents,
        nextDueDate: contractPositions.nextDueDate,
        nextDueAmountCents: contractPositions.nextDueAmountCents,
        amountDueCents: contractPositions.amountDueCents,
        pastDueCents: contractPositions.pastDueCents,
        feesCents: contractPositions.feesCents,
        daysPastDue: contractPositions.daysPastDue,
        payoffCents: contractPositions.payoffCents,
      })
      .from(contractParties)
      .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
      .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
      .innerJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
      .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
      .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
      .where(
        and(
          eq(contractParties.customerId, org!.customerId),
          finances ? undefined : sql`${drivers.userId} = ${actor.userId}`,
        ),
      ),
  );

  const pastDue = gt(fleet.pastDueCents, 0);
  const maturing = lte(fleet.maturityDate, addDays(today, MATURING_DAYS));
  const overMiles = gt(fleet.projectedExcessMiles, 0);
  const filters: (SQL | undefined)[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        ilike(fleet.vin, like),
        ilike(fleet.unitNumber, like),
        ilike(fleet.plate, like),
        ilike(fleet.contractNumber, like),
      ),
    );
  }
  if (query.status?.length) filters.push(inArray(fleet.status, query.status));
  if (query.pastDue) filters.push(pastDue);
  if (query.dueThisMonth) filters.push(or(pastDue, gt(fleet.feesCents, 0), lte(fleet.nextDueDate, end)));
  if (query.kind) filters.push(eq(fleet.kind, query.kind === 'loan' ? 'retail_installment' : 'lease'));
  if (query.maturesWithinDays) filters.push(lte(fleet.maturityDate, addDays(today, query.maturesWithinDays)));
  if (query.make) filters.push(ilike(fleet.make, query.make));
  if (query.model) filters.push(ilike(fleet.model, query.model));
  if (query.year) filters.push(eq(fleet.year, query.year));
  if (query.costCenter) filters.push(ilike(fleet.costCenter, query.costCenter));
  if (query.driver === 'none') filters.push(isNull(fleet.driverId));
  else if (query.driver) filters.push(eq(fleet.driverId, query.driver));
  if (query.overMiles) filters.push(overMiles);
  const where = and(...filters);

  const countWhen = (condition: SQL | undefined) => count(sql`case when ${condition} then 1 end`);
  const [totals] = await db
    .with(fleet)
    .select({
      vehicles: count(),
      inService: countWhen(eq(fleet.status, 'in_service')),
      inRepair: countWhen(eq(fleet.status, 'in_repair')),
      outOfService: countWhen(eq(fleet.status, 'out_of_service')),
      awaitingSale: countWhen(eq(fleet.status, 'awaiting_sale')),
      pastDueVehicles: countWhen(pastDue),
      maturing: countWhen(maturing),
      overMiles: countWhen(overMiles),
      dueThisMonthCents: sql<string>`coalesce(sum(${fleet.pastDueCents} + ${fleet.feesCents}
        + case when ${fleet.nextDueDate} <= ${end} then ${fleet.nextDueAmountCents} else 0 end), 0)`,
      pastDueCents: sql<string>`coalesce(sum(${fleet.pastDueCents}), 0)`,
      payoffCents: sql<string>`coalesce(sum(${fleet.payoffCents}), 0)`,
      matching: countWhen(where ?? sql`true`),
    })
    .from(fleet);

  const moneySorts: FleetQuery['sort'][] = ['attention', 'amountDue', 'pastDue', 'payoff'];
  // A driver cannot sort by money: the order would say what they may not see.
  const sort = !finances && moneySorts.includes(query.sort) ? 'unit' : query.sort;
  const descending =
    (query.order ?? (['amountDue', 'pastDue', 'payoff', 'excessMiles'].includes(sort) ? 'desc' : 'asc')) ===
    'desc';
  const by = (column: SQL.Aliased | AnyColumn) =>
    descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`;
  const orderings: Record<FleetQuery['sort'], SQL[]> = {
    attention: [
      sql`${fleet.daysPastDue} desc`,
      sql`${fleet.pastDueCents} desc`,
      sql`${fleet.nextDueDate} asc nulls last`,
    ],
    unit: [by(fleet.unitNumber)],
    contract: [by(fleet.contractNumber)],
    vehicle: [by(fleet.make), by(fleet.model), by(fleet.year)],
    nextDue: [by(fleet.nextDueDate)],
    amountDue: [by(fleet.amountDueCents)],
    pastDue: [by(fleet.pastDueCents)],
    payoff: [by(fleet.payoffCents)],
    maturity: [by(fleet.maturityDate)],
    driver: [by(fleet.driverName)],
    excessMiles: [by(fleet.projectedExcessMiles)],
  };
  const page = await db
    .with(fleet)
    .select()
    .from(fleet)
    .where(where)
    .orderBy(...orderings[sort], asc(fleet.contractNumber))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);

  const facets = await db
    .with(fleet)
    .select({ costCenter: fleet.costCenter, make: fleet.make, year: fleet.year })
    .from(fleet)
    .groupBy(fleet.costCenter, fleet.make, fleet.year);
  const driverChoices = finances
    ? await db
        .select({ id: drivers.id, name: drivers.name })
        .from(drivers)
        .where(and(eq(drivers.organizationId, organizationId), isNull(drivers.removedAt)))
        .orderBy(asc(drivers.name))
    : [];

  const t = totals!;
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
    rows: page.map((r) => ({
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
      costCenters: [
        ...new Set(facets.map((f) => f.costCenter).filter((c): c is string => c !== null)),
      ].sort(),
      makes: [...new Set(facets.map((f) => f.make))].sort(),
      years: [...new Set(facets.map((f) => f.year))].sort((a, b) => a - b),
      drivers: driverChoices,
    },
  };
  return answer;
}
