import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { readingsOf, recordOdometerReading, trackerOf } from '../accounts/index.ts';
import { type Actor, canInOrganization, canOnVehicle } from '../core/policy.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contractPositions,
  contracts,
  driverAssignments,
  drivers,
  fleetVehicles,
  organizations,
  vehicles,
} from '../db/schema.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { type CsvRowError, readCsvUpload, refuseCsvRows } from './csv-upload.ts';
import {
  type driverRequest,
  type FleetVehicleResponse,
  type odometerReadingRequest,
  vehicleCsvRow,
  type vehicleEdit,
} from './fleet.schemas.ts';
import { requireOrganization } from './organizations.ts';

/**
 * A fleet's own facts about its vehicles (unit number, plate, cost center, status), its drivers,
 * and who drives what, with every assignment kept. Edits need `organization.manage_fleet`
 * (admins and managers); each is audited. A contract of another business is the same 404 as one
 * that does not exist, and so is a vehicle a driver does not drive.
 */

type VehicleEdit = z.infer<typeof vehicleEdit>;
type DriverInput = z.infer<typeof driverRequest>;
type OdometerReading = z.infer<typeof odometerReadingRequest>;

const NO_VEHICLE = (contractNumber: string) =>
  new DomainError('not_found', 'FLEET.NO_VEHICLE', `There is no vehicle ${contractNumber} in this fleet.`);
const NO_DRIVER = () =>
  new DomainError('not_found', 'FLEET.NO_DRIVER', 'There is no such driver in this fleet.', {
    driverId: 'There is no such driver in this fleet.',
  });
const UNIT_TAKEN = (unit: string, field = 'unitNumber') =>
  new DomainError('conflict', 'FLEET.UNIT_TAKEN', `Unit number ${unit} is another vehicle’s.`, {
    [field]: `Unit number ${unit} is another vehicle’s in this fleet.`,
  });

/** The business's contracts among `contractNumbers`: id by number (others are simply absent). */
async function fleetContracts(tx: Db, organizationId: string, contractNumbers: string[]) {
  const rows = await tx
    .select({ id: contracts.id, contractNumber: contracts.contractNumber })
    .from(organizations)
    .innerJoin(contractParties, eq(contractParties.customerId, organizations.customerId))
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .where(and(eq(organizations.id, organizationId), inArray(contracts.contractNumber, contractNumbers)));
  return new Map(rows.map((r) => [r.contractNumber, r.id]));
}

/** Writes the fleet facts of the given contracts (set-based); a unit number must stay unique. */
async function writeVehicleFacts(
  tx: Db,
  clock: Clock,
  organizationId: string,
  changes: { contractId: string; edit: VehicleEdit }[],
) {
  const now = clock.now();
  for (const { contractId, edit } of changes) {
    // A fact left out stays as it is; null clears it.
    const set = {
      ...(edit.unitNumber !== undefined ? { unitNumber: edit.unitNumber } : {}),
      ...(edit.plate !== undefined ? { plate: edit.plate } : {}),
      ...(edit.plateState !== undefined ? { plateState: edit.plateState } : {}),
      ...(edit.costCenter !== undefined ? { costCenter: edit.costCenter } : {}),
      ...(edit.status !== undefined ? { status: edit.status } : {}),
      updatedAt: now,
    };
    await tx
      .insert(fleetVehicles)
      .values({ contractId, organizationId, ...set })
      .onConflictDoUpdate({ target: fleetVehicles.contractId, set });
  }
}

/** A unique-index violation on the unit number, raised by PostgreSQL, as the field error it is. */
async function guardUnits<T>(work: () => Promise<T>, unit: () => string, field?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const text = String(
      (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message,
    );
    if (text.includes('fleet_vehicles_unit_key')) throw UNIT_TAKEN(unit(), field);
    throw error;
  }
}

/** Edits one vehicle's fleet facts. */
export async function editVehicle(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  contractNumber: string,
  edit: VehicleEdit,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  await guardUnits(
    () =>
      db.transaction(async (tx) => {
        const contractId = (await fleetContracts(tx, organizationId, [contractNumber])).get(contractNumber);
        if (!contractId) throw NO_VEHICLE(contractNumber);
        await writeVehicleFacts(tx, clock, organizationId, [{ contractId, edit }]);
        await recordAudit(tx, {
          actor: auditActorOf(actor),
          action: 'fleet.vehicle_edit',
          resource: { type: 'contract', id: contractNumber },
          details: { organizationId, ...edit },
          ...meta,
        });
      }),
    () => edit.unitNumber ?? '',
  );
}

/** One edit (a status, a cost center) applied to a selection of vehicles at once, all or nothing. */
export async function bulkEditVehicles(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  contractNumbers: string[],
  edit: Omit<VehicleEdit, 'unitNumber' | 'plate'>,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  return db.transaction(async (tx) => {
    const ids = await fleetContracts(tx, organizationId, contractNumbers);
    const unknown = contractNumbers.filter((n) => !ids.has(n));
    if (unknown.length) {
      throw new DomainError(
        'invalid',
        'FLEET.UNKNOWN_VEHICLES',
        `These are not vehicles of this fleet: ${unknown.slice(0, 10).join(', ')}.`,
        Object.fromEntries(
          unknown.map((n) => [
            `contractNumbers.${contractNumbers.indexOf(n)}`,
            `${n} is not a vehicle of this fleet.`,
          ]),
        ),
      );
    }
    await writeVehicleFacts(
      tx,
      clock,
      organizationId,
      [...ids.values()].map((contractId) => ({ contractId, edit })),
    );
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'fleet.vehicle_bulk_edit',
      resource: { type: 'organization', id: organizationId },
      details: { contracts: contractNumbers.length, ...edit },
      ...meta,
    });
    return { updated: ids.size };
  });
}

/**
 * Vehicle facts from a CSV upload (`contractNumber,unitNumber,plate,plateState,costCenter,status`):
 * every row is checked first (its contract in this fleet, its values by the edit's schema, no
 * contract or unit number twice, no formula), and nothing changes unless every row is valid.
 */
export async function importVehicleCsv(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  file: Buffer,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  const records = readCsvUpload(file);
  const errors: CsvRowError[] = [];
  const parsed: { row: number; contractNumber: string; edit: VehicleEdit }[] = [];
  const seenContracts = new Map<string, number>();
  const seenUnits = new Map<string, number>();
  for (const { row, record, formulaErrors } of records) {
    errors.push(...formulaErrors);
    const result = vehicleCsvRow.safeParse(
      Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
    );
    if (!result.success) {
      for (const issue of result.error.issues)
        errors.push({ row, field: issue.path.join('.') || 'row', message: issue.message });
      continue;
    }
    const { contractNumber, ...edit } = result.data;
    const twice = seenContracts.get(contractNumber);
    if (twice)
      errors.push({ row, field: 'contractNumber', message: `${contractNumber} is also on row ${twice}.` });
    seenContracts.set(contractNumber, row);
    if (edit.unitNumber) {
      const unit = edit.unitNumber.toLowerCase();
      const other = seenUnits.get(unit);
      if (other)
        errors.push({
          row,
          field: 'unitNumber',
          message: `Unit ${edit.unitNumber} is also on row ${other}.`,
        });
      seenUnits.set(unit, row);
    }
    parsed.push({ row, contractNumber, edit });
  }
  return guardUnits(
    () =>
      db.transaction(async (tx) => {
        const ids = await fleetContracts(
          tx,
          organizationId,
          parsed.map((p) => p.contractNumber),
        );
        for (const p of parsed) {
          if (!ids.has(p.contractNumber)) {
            errors.push({
              row: p.row,
              field: 'contractNumber',
              message: `${p.contractNumber} is not a vehicle of this fleet.`,
            });
          }
        }
        refuseCsvRows(errors);
        await writeVehicleFacts(
          tx,
          clock,
          organizationId,
          parsed.map((p) => ({ contractId: ids.get(p.contractNumber)!, edit: p.edit })),
        );
        await recordAudit(tx, {
          actor: auditActorOf(actor),
          action: 'fleet.vehicle_import',
          resource: { type: 'organization', id: organizationId },
          details: { rows: parsed.length },
          ...meta,
        });
        return { updated: parsed.length };
      }),
    () => 'in the file',
    'file',
  );
}

/** The fleet's drivers (managers and admins; viewers see names on the dashboard). */
export async function listDrivers(db: Db, actor: Actor, organizationId: string) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  const rows = await db
    .select({
      id: drivers.id,
      name: drivers.name,
      email: drivers.email,
      phone: drivers.phone,
      hasLogin: sql<boolean>`${drivers.userId} is not null`,
      vehicles: sql<number>`(select count(*)::int from ${fleetVehicles} where ${fleetVehicles.driverId} = ${drivers.id})`,
    })
    .from(drivers)
    .where(and(eq(drivers.organizationId, organizationId), isNull(drivers.removedAt)))
    .orderBy(asc(drivers.name));
  return rows;
}

export async function addDriver(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  input: DriverInput,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  return db.transaction(async (tx) => {
    const [driver] = await tx
      .insert(drivers)
      .values({
        organizationId,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        createdAt: clock.now(),
      })
      .returning({ id: drivers.id, name: drivers.name });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: 'fleet.driver_add',
      resource: { type: 'organization', id: organizationId },
      details: { driverId: driver!.id, name: input.name },
      ...meta,
    });
    return driver!;
  });
}

/** The driver of this organization, or 404 (another organization's driver is no driver here). */
async function driverOf(tx: Db, organizationId: string, driverId: string) {
  const [driver] = await tx
    .select({ id: drivers.id, name: drivers.name })
    .from(drivers)
    .where(
      and(eq(drivers.id, driverId), eq(drivers.organizationId, organizationId), isNull(drivers.removedAt)),
    );
  if (!driver) throw NO_DRIVER();
  return driver;
}

/**
 * Assigns a driver to a vehicle (or unassigns with `null`): the open assignment ends, a new one
 * starts, and the vehicle's fleet record names the driver; the history is kept.
 */
export async function assignDriver(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  contractNumber: string,
  driverId: string | null,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  await db.transaction(async (tx) => {
    const contractId = (await fleetContracts(tx, organizationId, [contractNumber])).get(contractNumber);
    if (!contractId) throw NO_VEHICLE(contractNumber);
    const driver = driverId ? await driverOf(tx, organizationId, driverId) : null;
    const now = clock.now();
    // The vehicle's row lock: two assignments of one vehicle happen one after the other.
    await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId)).for('update');
    const [open] = await tx
      .select({ id: driverAssignments.id, driverId: driverAssignments.driverId })
      .from(driverAssignments)
      .where(and(eq(driverAssignments.contractId, contractId), isNull(driverAssignments.endedAt)));
    if ((open?.driverId ?? null) === (driver?.id ?? null)) return;
    if (open) {
      await tx
        .update(driverAssignments)
        .set({ endedAt: now, endedBy: actor.userId })
        .where(eq(driverAssignments.id, open.id));
    }
    if (driver) {
      await tx
        .insert(driverAssignments)
        .values({ contractId, driverId: driver.id, assignedAt: now, assignedBy: actor.userId });
    }
    await tx
      .insert(fleetVehicles)
      .values({ contractId, organizationId, driverId: driver?.id ?? null, updatedAt: now })
      .onConflictDoUpdate({
        target: fleetVehicles.contractId,
        set: { driverId: driver?.id ?? null, updatedAt: now },
      });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: driver ? 'fleet.driver_assign' : 'fleet.driver_unassign',
      resource: { type: 'contract', id: contractNumber },
      details: { organizationId, driverId: driver?.id ?? null, previousDriverId: open?.driverId ?? null },
      ...meta,
    });
  });
}

/** Who drove a vehicle when, newest first. */
export async function assignmentHistory(
  db: Db,
  actor: Actor,
  organizationId: string,
  contractNumber: string,
) {
  requireOrganization(actor, organizationId, 'organization.manage_fleet');
  const contractId = (await fleetContracts(db, organizationId, [contractNumber])).get(contractNumber);
  if (!contractId) throw NO_VEHICLE(contractNumber);
  return db
    .select({
      driverId: driverAssignments.driverId,
      name: drivers.name,
      assignedAt: driverAssignments.assignedAt,
      endedAt: driverAssignments.endedAt,
    })
    .from(driverAssignments)
    .innerJoin(drivers, eq(drivers.id, driverAssignments.driverId))
    .where(eq(driverAssignments.contractId, contractId))
    .orderBy(desc(driverAssignments.assignedAt), desc(driverAssignments.id));
}

/**
 * One vehicle of the fleet with its contract, vehicle record, stored position, fleet record and
 * driver, in one statement; undefined for a contract that is not the business's.
 */
async function fleetVehicleRow(tx: Db, organizationId: string, contractNumber: string) {
  const [row] = await tx
    .select({
      contract: contracts,
      vehicle: vehicles,
      position: {
        nextDueDate: contractPositions.nextDueDate,
        nextDueAmountCents: contractPositions.nextDueAmountCents,
        amountDueCents: contractPositions.amountDueCents,
        pastDueCents: contractPositions.pastDueCents,
        daysPastDue: contractPositions.daysPastDue,
        payoffCents: contractPositions.payoffCents,
      },
      fleet: {
        unitNumber: fleetVehicles.unitNumber,
        plate: fleetVehicles.plate,
        plateState: fleetVehicles.plateState,
        costCenter: fleetVehicles.costCenter,
        status: fleetVehicles.status,
      },
      driver: { id: drivers.id, name: drivers.name, userId: drivers.userId },
    })
    .from(organizations)
    .innerJoin(contractParties, eq(contractParties.customerId, organizations.customerId))
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .innerJoin(contractPositions, eq(contractPositions.contractId, contracts.id))
    .leftJoin(fleetVehicles, eq(fleetVehicles.contractId, contracts.id))
    .leftJoin(drivers, eq(drivers.id, fleetVehicles.driverId))
    .where(and(eq(organizations.id, organizationId), eq(contracts.contractNumber, contractNumber)))
    .limit(1);
  return row && { ...row, contract: toServicedContract(row.contract) };
}
type FleetVehicleRow = NonNullable<Awaited<ReturnType<typeof fleetVehicleRow>>>;

/** The vehicle, if the actor may do `action` with it (a driver: only the one they drive), or 404. */
async function requireFleetVehicle(
  tx: Db,
  actor: Actor,
  action: 'organization.view' | 'organization.report_odometer',
  organizationId: string,
  contractNumber: string,
): Promise<FleetVehicleRow> {
  requireOrganization(actor, organizationId, action);
  const row = await fleetVehicleRow(tx, organizationId, contractNumber);
  const resource = {
    type: 'fleet_vehicle' as const,
    organizationId,
    driverUserId: row?.driver?.userId ?? null,
  };
  if (!row || !canOnVehicle(actor, action, resource)) throw NO_VEHICLE(contractNumber);
  return row;
}

/** The vehicle's page: its facts, readings and lease projection; money only for those who may see it. */
async function fleetVehicleView(
  tx: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  { contract, vehicle, position, fleet, driver }: FleetVehicleRow,
): Promise<FleetVehicleResponse> {
  const finances = canInOrganization(actor, 'organization.view_finances', organizationId);
  const readings = await readingsOf(tx, vehicle.id);
  const tracker = trackerOf(contract, vehicle, readings);
  const projection = tracker?.projection ?? null;
  return {
    asOf: clock.today(),
    vehicle: {
      contractNumber: contract.contractNumber,
      kind: contract.kind === 'lease' ? 'lease' : 'loan',
      unitNumber: fleet?.unitNumber ?? null,
      plate: fleet?.plate ?? null,
      plateState: fleet?.plateState ?? null,
      costCenter: fleet?.costCenter ?? null,
      // A contract boarded since the fleet record was made has none yet: it is in service.
      status: fleet?.status ?? 'in_service',
      driver: driver && { id: driver.id, name: driver.name },
      vin: vehicle.vin,
      year: vehicle.year,
      make: vehicle.make,
      model: vehicle.model,
      trim: vehicle.trim,
      condition: vehicle.condition,
      contractDate: contract.contractDate,
      maturityDate: contract.maturityDate,
      odometerAtContract: vehicle.odometerAtContract,
      latestOdometer: readings[0]?.miles ?? null,
      latestOdometerOn: readings[0]?.readOn ?? null,
      readings,
      projectedExcessMiles: projection?.projectedExcessMiles ?? null,
      projectedExcessChargeCents: finances ? (projection?.projectedCharge ?? null) : null,
      mileage: tracker && {
        allowedMiles: tracker.allowedMiles,
        perYearMiles: tracker.perYearMiles,
        projectedMilesAtMaturity: projection?.projectedMilesAtMaturity ?? null,
      },
      finances: finances ? position : null,
    },
  };
}

/** One vehicle of the fleet, as the member may see it: a fixed number of queries. */
export async function viewFleetVehicle(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  contractNumber: string,
) {
  const row = await requireFleetVehicle(db, actor, 'organization.view', organizationId, contractNumber);
  return fleetVehicleView(db, clock, actor, organizationId, row);
}

/**
 * An odometer reading reported through the fleet: by its managers for any vehicle, by a driver for
 * the vehicle they drive (`organization.report_odometer`). The account's own rules judge it and
 * keep the fleet record's lease projection; it is audited. Answers the vehicle as it now stands.
 */
export async function reportFleetOdometer(
  db: Db,
  clock: Clock,
  actor: Actor,
  organizationId: string,
  contractNumber: string,
  reading: OdometerReading,
  meta: RequestMeta,
) {
  return db.transaction(async (tx) => {
    const row = await requireFleetVehicle(
      tx,
      actor,
      'organization.report_odometer',
      organizationId,
      contractNumber,
    );
    const { replaced } = await recordOdometerReading(tx, clock, actor, row.contract, reading, meta);
    return { replaced, answer: await fleetVehicleView(tx, clock, actor, organizationId, row) };
  });
}
