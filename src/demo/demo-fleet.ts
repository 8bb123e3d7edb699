import { eq, inArray } from 'drizzle-orm';
import { refreshFleetMileage } from '../accounts/index.ts';
import { addDays, type CalendarDate, daysBetween } from '../core/dates.ts';
import type { OrganizationRole } from '../core/policy.ts';
import { toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contracts,
  driverAssignments,
  drivers,
  fleetVehicles,
  odometerReadings,
  organizationMembers,
  organizations,
  users,
  vehicles,
} from '../db/schema.ts';
import { DEFAULT_BULK_PAYMENT_MAX_CENTS, DEFAULT_DAILY_PAYMENT_MAX_CENTS } from '../organizations/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { BoardingPartyInput as BoardingParty } from '../servicing/index.ts';

/**
 * The demo fleets: Keystone Logistics LLC (30 vehicles, members in every role, cost centers,
 * drivers, odometer history, two leases near their end and over their miles, one van past due) and
 * Harbor Courier Co. (4 vehicles), a second business to try isolation by hand.
 */

export const keystoneContractNumber = (i: number) => `FL-${String(i + 1).padStart(4, '0')}-2025`;

/** Keystone leases 4 and 7 (36 months) were signed this many days ago: they end within three months. */
export const NEAR_MATURITY_DAYS_AGO: Record<number, number> = { 3: -1050, 6: -1010 };

export const HARBOR_BUSINESS: BoardingParty = {
  kind: 'business',
  customerNumber: 'DEMO-C-HARBOR',
  role: 'primary',
  businessName: 'Harbor Courier Co.',
  taxIdLast4: '8642',
  email: 'fleet@harbor-courier.example.com',
  phone: '+14155550142',
  address: { line1: '200 Embarcadero', city: 'San Francisco', state: 'CA', zip: '94105' },
};

type FleetLogin = {
  loginId: string;
  email: string;
  displayName: string;
  who: string;
  organization: 'DEMO-C-KEYSTONE' | 'DEMO-C-HARBOR';
  role: OrganizationRole;
};

/** The fleet personas (README): one per role at Keystone, and Harbor's admin. */
export const DEMO_FLEET_LOGINS: FleetLogin[] = [
  {
    loginId: 'keystone.fleet',
    email: 'fleet@keystone-logistics.example.com',
    displayName: 'Keystone Logistics fleet admin',
    who: 'fleet admin of Keystone Logistics LLC (30 vehicles)',
    organization: 'DEMO-C-KEYSTONE',
    role: 'admin',
  },
  {
    loginId: 'keystone.manager',
    email: 'priya.shah@keystone-logistics.example.com',
    displayName: 'Priya Shah',
    who: 'fleet manager at Keystone (pays, vehicles, drivers, reports)',
    organization: 'DEMO-C-KEYSTONE',
    role: 'manager',
  },
  {
    loginId: 'keystone.viewer',
    email: 'tom.becker@keystone-logistics.example.com',
    displayName: 'Tom Becker',
    who: 'viewer at Keystone (accounts payable: reads, never pays)',
    organization: 'DEMO-C-KEYSTONE',
    role: 'viewer',
  },
  {
    loginId: 'keystone.driver',
    email: 'dana.whitfield@keystone-logistics.example.com',
    displayName: 'Dana Whitfield',
    who: 'driver at Keystone (her van only, no finances)',
    organization: 'DEMO-C-KEYSTONE',
    role: 'driver',
  },
  {
    loginId: 'harbor.admin',
    email: 'fleet@harbor-courier.example.com',
    displayName: 'Harbor Courier fleet admin',
    who: 'fleet admin of Harbor Courier Co. (4 vehicles), another business',
    organization: 'DEMO-C-HARBOR',
    role: 'admin',
  },
];

const COST_CENTERS = ['Philadelphia North', 'Philadelphia South', 'Airport Logistics'];
const DRIVER_NAMES = [
  'Dana Whitfield',
  'Marcus Lee',
  'Elena Petrova',
  'Jamal Carter',
  'Rosa Delgado',
  'Kevin O’Brien',
  'Mei Lin',
  'Andre Dubois',
  'Fatima Noor',
  'Luis Ortega',
  'Hannah Kim',
  'Victor Osei',
];
/** Keystone's vehicles not in service, by position in the fleet. */
const STATUSES: Record<number, 'in_repair' | 'out_of_service' | 'awaiting_sale'> = {
  4: 'in_repair',
  9: 'in_repair',
  14: 'out_of_service',
  20: 'awaiting_sale',
};

/** Miles driven a day by each vehicle: about 13,000 a year, more for the two leases near their end. */
const milesPerDay = (i: number) => (i in NEAR_MATURITY_DAYS_AGO ? 40 : 30 + (i % 7) * 2);

/** Creates the organizations, members, drivers, vehicle records, assignments and odometer history. */
export async function seedDemoFleets(tx: Db, clock: Clock, customerIds: Map<string, string>): Promise<void> {
  const now = clock.now();
  const today = clock.today();
  const orgIds = new Map<string, string>();
  for (const customerNumber of ['DEMO-C-KEYSTONE', 'DEMO-C-HARBOR'] as const) {
    const [org] = await tx
      .insert(organizations)
      .values({
        customerId: customerIds.get(customerNumber)!,
        bulkPaymentMaxCents: DEFAULT_BULK_PAYMENT_MAX_CENTS,
        dailyPaymentMaxCents: DEFAULT_DAILY_PAYMENT_MAX_CENTS,
        createdAt: now,
      })
      .returning({ id: organizations.id });
    orgIds.set(customerNumber, org!.id);
  }
  const logins = await tx
    .select({ id: users.id, loginId: users.loginId })
    .from(users)
    .where(
      inArray(
        users.loginId,
        DEMO_FLEET_LOGINS.map((l) => l.loginId),
      ),
    );
  const userId = new Map(logins.map((u) => [u.loginId, u.id]));
  await tx.insert(organizationMembers).values(
    DEMO_FLEET_LOGINS.map((l) => ({
      organizationId: orgIds.get(l.organization)!,
      userId: userId.get(l.loginId)!,
      role: l.role,
      addedAt: now,
    })),
  );

  await seedFleet(tx, {
    organizationId: orgIds.get('DEMO-C-KEYSTONE')!,
    contractNumbers: Array.from({ length: 30 }, (_, i) => keystoneContractNumber(i)),
    unitPrefix: 'K',
    plateState: 'PA',
    driverNames: DRIVER_NAMES,
    driverUserId: userId.get('keystone.driver')!,
    assigned: 24,
    now,
    today,
  });
  await seedFleet(tx, {
    organizationId: orgIds.get('DEMO-C-HARBOR')!,
    contractNumbers: Array.from({ length: 4 }, (_, i) => `HC-${String(i + 1).padStart(4, '0')}-2025`),
    unitPrefix: 'H',
    plateState: 'CA',
    driverNames: ['Sam Okafor', 'Ivy Chen', 'Ben Adler'],
    driverUserId: undefined,
    assigned: 3,
    now,
    today,
  });
}

async function seedFleet(
  tx: Db,
  f: {
    organizationId: string;
    contractNumbers: string[];
    unitPrefix: string;
    plateState: string;
    driverNames: string[];
    /** The login of the first driver, when they have one. */
    driverUserId: string | undefined;
    /** How many vehicles (the first ones) have a driver. */
    assigned: number;
    now: Date;
    today: CalendarDate;
  },
): Promise<void> {
  const driverRows = await tx
    .insert(drivers)
    .values(
      f.driverNames.map((name, k) => ({
        organizationId: f.organizationId,
        name,
        email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@fleet.example.com`,
        userId: k === 0 ? (f.driverUserId ?? null) : null,
        createdAt: f.now,
      })),
    )
    .returning({ id: drivers.id });
  const rows = await tx
    .select({
      contract: contracts,
      contractId: contracts.id,
      contractNumber: contracts.contractNumber,
      contractDate: contracts.contractDate,
      vehicleId: vehicles.id,
      odometer: vehicles.odometerAtContract,
    })
    .from(contracts)
    .innerJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .where(inArray(contracts.contractNumber, f.contractNumbers));
  const byNumber = new Map(rows.map((r) => [r.contractNumber, r]));
  const fleet = f.contractNumbers.map((n) => byNumber.get(n)!);
  await tx.insert(fleetVehicles).values(
    fleet.map((v, i) => ({
      contractId: v.contractId,
      organizationId: f.organizationId,
      unitNumber: `${f.unitPrefix}-${101 + i}`,
      plate: `${f.unitPrefix}${f.plateState}-${String(4100 + i * 37).padStart(4, '0')}`,
      plateState: f.plateState,
      costCenter: COST_CENTERS[i % COST_CENTERS.length]!,
      status: STATUSES[i] ?? ('in_service' as const),
      driverId: i < f.assigned ? driverRows[i % driverRows.length]!.id : null,
      updatedAt: f.now,
    })),
  );
  const assignments = fleet.slice(0, f.assigned).map((v, i) => ({
    contractId: v.contractId,
    driverId: driverRows[i % driverRows.length]!.id,
    assignedAt: new Date(f.now.getTime() - (60 + i) * 86_400_000),
  }));
  if (assignments.length) await tx.insert(driverAssignments).values(assignments);
  // Monthly readings for the last three months, at each vehicle's own pace since its contract date.
  const readings = fleet.flatMap((v, i) =>
    [90, 60, 30].map((back) => {
      const readOn = addDays(f.today, -back);
      const days = Math.max(0, daysBetween(v.contractDate as CalendarDate, readOn));
      return { vehicleId: v.vehicleId, miles: v.odometer + days * milesPerDay(i), readOn, createdAt: f.now };
    }),
  );
  await tx.insert(odometerReadings).values(readings);
  await refreshFleetMileage(
    tx,
    fleet.map((v) => ({
      contract: toServicedContract(v.contract),
      odometerAtContract: v.odometer,
      vehicleId: v.vehicleId,
    })),
  );
}
