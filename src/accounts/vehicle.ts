import { desc, eq, inArray } from 'drizzle-orm';
import { contractResource, requireViewableContract } from '../access/index.ts';
import { calendarDate } from '../core/dates.ts';
import { checkOdometerReading, leaseMileageTracker, type ReportedReading } from '../core/mileage.ts';
import { cents } from '../core/money.ts';
import { type Actor, can } from '../core/policy.ts';
import { checkVin } from '../core/vin.ts';
import { warrantyStatus } from '../core/warranty.ts';
import type { ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { fleetVehicles, odometerReadings, vehicles } from '../db/schema.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import type { OdometerReadingRequest, VehicleResponse } from './vehicle.schemas.ts';

/**
 * The vehicle of an account: its identity, the odometer readings its customers report, the maker's
 * warranty and, for a lease, the mileage tracker.
 */
async function vehicleRow(db: Db, contract: ServicedContract, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(vehicles).where(eq(vehicles.contractId, contract.id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  // Boarding always records the vehicle; an account without one is not a customer's to fix.
  if (!row) throw new Error(`contract ${contract.contractNumber} has no vehicle`);
  return row;
}

export async function readingsOf(db: Db, vehicleId: string): Promise<ReportedReading[]> {
  const rows = await db
    .select({ readOn: odometerReadings.readOn, miles: odometerReadings.miles })
    .from(odometerReadings)
    .where(eq(odometerReadings.vehicleId, vehicleId))
    .orderBy(desc(odometerReadings.readOn));
  return rows.map((r) => ({ readOn: calendarDate(r.readOn), miles: r.miles }));
}

/** A lease's mileage tracker from its terms and readings: the one computation pages and the fleet use. */
export function trackerOf(
  contract: ServicedContract,
  vehicle: Pick<typeof vehicles.$inferSelect, 'odometerAtContract'>,
  readings: readonly ReportedReading[],
) {
  return contract.kind === 'lease'
    ? leaseMileageTracker(
        {
          contractDate: contract.contractDate,
          maturityDate: contract.maturityDate,
          odometerAtContract: vehicle.odometerAtContract,
          perYearMiles: contract.mileageAllowancePerYear,
          termMonths: contract.termMonths,
          ratePerMileCents: cents(contract.excessMileageRateCents),
        },
        readings,
      )
    : null;
}

/**
 * Keeps a fleet vehicle's latest reading and projected excess miles and charge on its fleet row, so
 * the fleet dashboard filters and sorts on them in SQL. Set-based: one query for the readings of all
 * the contracts, one update per contract with a fleet row. Call it in the transaction that records
 * readings; contracts without a fleet row (consumers') are left alone.
 */
export async function refreshFleetMileage(
  tx: Db,
  rows: { contract: ServicedContract; odometerAtContract: number; vehicleId: string }[],
) {
  if (rows.length === 0) return;
  const readings = await tx
    .select({
      vehicleId: odometerReadings.vehicleId,
      readOn: odometerReadings.readOn,
      miles: odometerReadings.miles,
    })
    .from(odometerReadings)
    .where(
      inArray(
        odometerReadings.vehicleId,
        rows.map((r) => r.vehicleId),
      ),
    )
    .orderBy(desc(odometerReadings.readOn));
  const byVehicle = Map.groupBy(readings, (r) => r.vehicleId);
  for (const row of rows) {
    const own = (byVehicle.get(row.vehicleId) ?? []).map((r) => ({
      readOn: calendarDate(r.readOn),
      miles: r.miles,
    }));
    const projection = trackerOf(row.contract, row, own)?.projection ?? null;
    await tx
      .update(fleetVehicles)
      .set({
        latestOdometer: own[0]?.miles ?? null,
        latestOdometerOn: own[0]?.readOn ?? null,
        projectedExcessMiles: projection?.projectedExcessMiles ?? null,
        projectedExcessChargeCents: projection?.projectedCharge ?? null,
      })
      .where(eq(fleetVehicles.contractId, row.contract.id));
  }
}

async function vehicleView(
  db: Db,
  clock: Clock,
  contract: ServicedContract,
  vehicle: typeof vehicles.$inferSelect,
): Promise<VehicleResponse> {
  const readings = await readingsOf(db, vehicle.id);
  const latestMiles = readings[0]?.miles ?? vehicle.odometerAtContract;
  const tracker = trackerOf(contract, vehicle, readings);
  return {
    contractKind: contract.kind,
    vin: vehicle.vin,
    vinCheckDigitValid: checkVin(vehicle.vin).valid,
    year: vehicle.year,
    make: vehicle.make,
    model: vehicle.model,
    trim: vehicle.trim,
    condition: vehicle.condition,
    contractDate: contract.contractDate,
    odometerAtContract: vehicle.odometerAtContract,
    readings,
    latestMiles,
    warranty: warrantyStatus({
      make: vehicle.make,
      condition: vehicle.condition,
      contractDate: contract.contractDate,
      latestMiles,
      today: clock.today(),
    }),
    mileage: tracker && {
      allowedMiles: tracker.allowedMiles,
      perYearMiles: tracker.perYearMiles,
      excessMileageRateCents: tracker.ratePerMileCents,
      maturityDate: contract.maturityDate,
      projection: tracker.projection && {
        asOf: tracker.projection.asOf,
        milesUsedToDate: tracker.projection.milesUsedToDate,
        allowanceToDate: tracker.projection.allowanceToDate,
        projectedMilesAtMaturity: tracker.projection.projectedMilesAtMaturity,
        projectedExcessMiles: tracker.projection.projectedExcessMiles,
        projectedChargeCents: tracker.projection.projectedCharge,
      },
    },
  };
}

export async function viewVehicle(db: Db, clock: Clock, actor: Actor, contractNumber: string) {
  const contract = await requireViewableContract(db, actor, contractNumber);
  return vehicleView(db, clock, contract, await vehicleRow(db, contract));
}

/**
 * Records the odometer as a customer read it. Reporting writes to the account, so it takes
 * `contract.request` (the parties who hold and drive the vehicle), not just `contract.view`: a
 * co-signer or guarantor sees the readings but does not report them.
 */
export async function reportOdometerReading(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  request: OdometerReadingRequest,
  meta: { requestId?: string; ip?: string },
): Promise<{ replaced: boolean; vehicle: VehicleResponse }> {
  return db.transaction(async (tx) => {
    const contract = await requireViewableContract(tx, actor, contractNumber);
    if (!can(actor, 'contract.request', await contractResource(tx, contract.id))) {
      throw new DomainError(
        'forbidden',
        'VEHICLE.READING_NOT_ALLOWED',
        'Only the account holders who drive the vehicle can report its odometer.',
      );
    }
    const { replaced, vehicle } = await recordOdometerReading(tx, clock, actor, contract, request, meta);
    return { replaced, vehicle: await vehicleView(tx, clock, contract, vehicle) };
  });
}

/**
 * Records an odometer reading of a contract's vehicle for someone the caller found may report it
 * (the account's parties here, a fleet's drivers and managers in organizations), in the caller's
 * transaction. A second reading on the same day replaces the first (correcting a slip of the
 * finger), and is audited with the miles it replaced; the fleet record's projection follows.
 */
export async function recordOdometerReading(
  tx: Db,
  clock: Clock,
  actor: Actor,
  contract: ServicedContract,
  request: OdometerReadingRequest,
  meta: { requestId?: string | undefined; ip?: string | undefined },
) {
  // The vehicle's row lock makes the checks against earlier readings hold until this one is written.
  const vehicle = await vehicleRow(tx, contract, { forUpdate: true });
  const onFile = await readingsOf(tx, vehicle.id);
  const reading = {
    readOn: request.readOn ? calendarDate(request.readOn) : clock.today(),
    miles: request.miles,
  };
  const problems = checkOdometerReading({
    reading,
    today: clock.today(),
    contractDate: contract.contractDate,
    odometerAtContract: vehicle.odometerAtContract,
    onFile,
  });
  const [first] = problems;
  if (first) {
    throw new DomainError(
      'invalid',
      first.code,
      first.message,
      Object.fromEntries(problems.map((p) => [p.field, p.message])),
    );
  }
  const previous = onFile.find((r) => r.readOn === reading.readOn);
  await tx
    .insert(odometerReadings)
    .values({ vehicleId: vehicle.id, ...reading, reportedBy: actor.userId, createdAt: clock.now() })
    .onConflictDoUpdate({
      target: [odometerReadings.vehicleId, odometerReadings.readOn],
      set: { miles: reading.miles, reportedBy: actor.userId, createdAt: clock.now() },
    });
  await refreshFleetMileage(tx, [
    { contract, odometerAtContract: vehicle.odometerAtContract, vehicleId: vehicle.id },
  ]);
  await recordAudit(tx, {
    actor: { type: 'user', id: actor.userId },
    action: 'vehicle.odometer_reading',
    resource: { type: 'contract', id: contract.contractNumber },
    requestId: meta.requestId,
    ip: meta.ip,
    details: { ...reading, ...(previous ? { replacedMiles: previous.miles } : {}) },
  });
  return { replaced: previous !== undefined, vehicle };
}
