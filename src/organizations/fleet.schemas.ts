import { z } from 'zod';
import { isUsStateCode } from '../core/us-address.ts';
import { freeText, optionalFreeText } from '../platform/fields.schemas.ts';

export { odometerReadingRequest } from '../accounts/vehicle.schemas.ts';

/**
 * The fleet dashboard: every contract and vehicle of an organization, paged, sorted and filtered on
 * the server, with the fleet's totals. The same shapes serve the API and the fleet pages.
 */

export const FLEET_STATUSES = ['in_service', 'in_repair', 'out_of_service', 'awaiting_sale'] as const;
export const fleetStatus = z.enum(FLEET_STATUSES, {
  error: 'The status must be in_service, in_repair, out_of_service or awaiting_sale.',
});

export const FLEET_SORTS = [
  'attention',
  'unit',
  'contract',
  'vehicle',
  'nextDue',
  'amountDue',
  'pastDue',
  'payoff',
  'maturity',
  'driver',
  'excessMiles',
] as const;

const yes = z.enum(['true', 'false'], { error: 'Use true or false.' }).transform((v) => v === 'true');

/** A list in one query parameter, comma-separated (`status=in_repair,out_of_service`). */
const statusList = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const parts = text.split(',').filter(Boolean);
    const bad = parts.find((p) => !(FLEET_STATUSES as readonly string[]).includes(p));
    if (bad) {
      ctx.issues.push({ code: 'custom', message: `“${bad}” is not a vehicle status.`, input: text });
      return z.NEVER;
    }
    return parts as (typeof FLEET_STATUSES)[number][];
  });

export const fleetQuery = z.strictObject({
  page: z.coerce.number().int('The page is a whole number.').min(1, 'Pages start at 1.').default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(10, 'Show at least 10 rows a page.')
    .max(100, 'Show at most 100 rows a page.')
    .default(25),
  sort: z.enum(FLEET_SORTS, { error: `Sort by one of: ${FLEET_SORTS.join(', ')}.` }).default('attention'),
  order: z.enum(['asc', 'desc'], { error: 'The order is asc or desc.' }).optional(),
  /** VIN, unit number, plate or contract number; a part of one is enough. */
  q: optionalFreeText('The search', { max: 60 }),
  status: statusList.optional(),
  pastDue: yes.optional(),
  /** Something to pay this calendar month: past due, or an installment due by its end. */
  dueThisMonth: yes.optional(),
  kind: z.enum(['loan', 'lease'], { error: 'The kind is loan or lease.' }).optional(),
  maturesWithinDays: z.coerce
    .number()
    .int()
    .min(1, 'At least 1 day.')
    .max(3650, 'At most 3,650 days.')
    .optional(),
  make: optionalFreeText('The make', { max: 40 }),
  model: optionalFreeText('The model', { max: 60 }),
  year: z.coerce
    .number()
    .int()
    .min(1980, 'A model year from 1980.')
    .max(2100, 'A model year up to 2100.')
    .optional(),
  costCenter: optionalFreeText('The cost center', { max: 60 }),
  /** A driver's id, or `none` for vehicles without one. */
  driver: z.union([z.literal('none'), z.uuid('There is no such driver.')]).optional(),
  /** Leases projected to end over their mileage allowance. */
  overMiles: yes.optional(),
});
export type FleetQuery = z.infer<typeof fleetQuery>;

const money = z.number().int();

export const fleetRow = z.object({
  contractNumber: z.string(),
  kind: z.enum(['loan', 'lease']),
  unitNumber: z.string().nullable(),
  plate: z.string().nullable(),
  plateState: z.string().nullable(),
  vin: z.string(),
  year: z.number().int(),
  make: z.string(),
  model: z.string(),
  costCenter: z.string().nullable(),
  status: fleetStatus,
  driver: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  maturityDate: z.string(),
  latestOdometer: z.number().int().nullable(),
  /** Leases only: miles over the allowance at maturity at the pace so far, and what they would cost. */
  projectedExcessMiles: z.number().int().nullable(),
  projectedExcessChargeCents: money.nullable(),
  /** Money, for members who may see the business's finances (null for a driver). */
  finances: z
    .object({
      nextDueDate: z.string().nullable(),
      nextDueAmountCents: money,
      amountDueCents: money,
      pastDueCents: money,
      daysPastDue: z.number().int(),
      payoffCents: money,
    })
    .nullable(),
});
export type FleetRow = z.infer<typeof fleetRow>;

export const fleetTotals = z.object({
  vehicles: z.number().int(),
  byStatus: z.record(fleetStatus, z.number().int()),
  pastDueVehicles: z.number().int(),
  maturingIn90Days: z.number().int(),
  overMilesVehicles: z.number().int(),
  /** Null for a driver. */
  dueThisMonthCents: money.nullable(),
  pastDueCents: money.nullable(),
  payoffCents: money.nullable(),
});

export const fleetResponse = z.object({
  /** The business date the positions are as of. */
  asOf: z.string(),
  totals: fleetTotals,
  matching: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  rows: z.array(fleetRow),
  /** What the filters can choose from. */
  facets: z.object({
    costCenters: z.array(z.string()),
    makes: z.array(z.string()),
    years: z.array(z.number().int()),
    drivers: z.array(z.object({ id: z.uuid(), name: z.string() })),
  }),
});
export type FleetResponse = z.infer<typeof fleetResponse>;

/**
 * The editable facts of one vehicle (bulk edits apply the same fields to a selection). A fact left
 * out (or a text sent empty) stays as it is; `null` clears it.
 */
export const vehicleEdit = z.strictObject({
  unitNumber: optionalFreeText('The unit number', { max: 20 }).nullable(),
  plate: optionalFreeText('The plate', { max: 12 }).nullable(),
  plateState: z
    .string({ error: 'The plate’s state is a two-letter USPS code such as "PA", or null to clear it.' })
    .refine(isUsStateCode, 'The plate’s state is a US state’s two-letter USPS code such as "PA".')
    .nullable()
    .optional(),
  costCenter: optionalFreeText('The cost center', { max: 60 }).nullable(),
  status: fleetStatus.optional(),
});

export const driverRequest = z.strictObject({
  name: freeText('The driver’s name', { max: 80 }),
  email: z.email('Enter an email address such as name@example.com.').max(254).optional(),
  phone: optionalFreeText('The phone number', { max: 20 }),
});

/** A row of a vehicle CSV upload: the contract, then the facts to set (an empty cell leaves one as it is). */
export const vehicleCsvRow = vehicleEdit.extend({
  contractNumber: freeText('The contract number', { max: 40 }),
});

export const bulkVehicleEdit = z.strictObject({
  contractNumbers: z
    .array(freeText('The contract number', { max: 40 }))
    .min(1, 'Choose at least one vehicle.')
    .max(5_000, 'At most 5,000 vehicles at once.'),
  changes: vehicleEdit.omit({ unitNumber: true, plate: true }),
});

export const driverAssignment = z.strictObject({
  /** The driver to assign, or null to leave the vehicle without one. */
  driverId: z.uuid('There is no such driver.').nullable(),
});

const instant = z.iso.datetime({ offset: true });
const driverName = z.object({ id: z.uuid(), name: z.string() });

/** What a bulk edit or a vehicle CSV upload changed: how many vehicles. */
export const vehiclesUpdatedResponse = z.object({ updated: z.number().int() });

export const driversResponse = z.object({
  drivers: z.array(
    driverName.extend({
      email: z.string().nullable(),
      phone: z.string().nullable(),
      /** Whether the driver signs in (a member of the organization). */
      hasLogin: z.boolean(),
      /** How many vehicles are assigned to the driver now. */
      vehicles: z.number().int(),
    }),
  ),
});
export type Driver = z.infer<typeof driversResponse>['drivers'][number];

/** The driver just added. */
export const driverAdded = driverName;

/** Who drove a vehicle when, newest first; `endedAt` is null for the driver now. */
export const assignmentsResponse = z.object({
  assignments: z.array(
    z.object({ driverId: z.uuid(), name: z.string(), assignedAt: instant, endedAt: instant.nullable() }),
  ),
});
export type Assignment = z.infer<typeof assignmentsResponse>['assignments'][number];

/**
 * One vehicle as its page shows it: its dashboard row (money only for those who may see the
 * business's finances), the vehicle's own record, every odometer reading and, for a lease, the
 * allowance and the projection to maturity at the pace so far.
 */
export const fleetVehicleDetail = fleetRow.extend({
  trim: z.string().nullable(),
  condition: z.enum(['new', 'used']),
  contractDate: z.string(),
  odometerAtContract: z.number().int(),
  latestOdometerOn: z.string().nullable(),
  /** Newest first. */
  readings: z.array(z.object({ readOn: z.string(), miles: z.number().int() })),
  /** Leases only. */
  mileage: z
    .object({
      allowedMiles: z.number().int(),
      perYearMiles: z.number().int(),
      /** Null until a reading within the term gives a pace to project. */
      projectedMilesAtMaturity: z.number().int().nullable(),
    })
    .nullable(),
});
export type FleetVehicleDetail = z.infer<typeof fleetVehicleDetail>;

export const fleetVehicleResponse = z.object({
  /** The business date the position is as of. */
  asOf: z.string(),
  vehicle: fleetVehicleDetail,
});
export type FleetVehicleResponse = z.infer<typeof fleetVehicleResponse>;
