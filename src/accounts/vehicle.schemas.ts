import { z } from 'zod';
import { calendarDateField } from '../platform/fields.schemas.ts';

/** The vehicle of one account: what the customer API answers and what a reported reading must be. */
export const odometerReadingRequest = z.strictObject({
  miles: z
    .number({ error: 'Enter the miles on the odometer as a whole number.' })
    .int('Enter the miles on the odometer as a whole number.')
    .min(0, 'The miles cannot be negative.')
    .max(1_500_000, 'The miles cannot exceed 1,500,000.'),
  /** The day the odometer was read; today when left out. */
  readOn: calendarDateField('The date read').optional(),
});
export type OdometerReadingRequest = z.infer<typeof odometerReadingRequest>;

const coverage = z.discriminatedUnion('status', [
  z.object({ status: z.literal('covered'), years: z.number(), miles: z.number(), endsOn: z.string() }),
  z.object({
    status: z.literal('expired'),
    years: z.number(),
    miles: z.number(),
    endsOn: z.string().nullable(),
    by: z.enum(['date', 'miles']),
  }),
  z.object({
    status: z.literal('unknown'),
    years: z.number().nullable(),
    miles: z.number().nullable(),
    reason: z.enum(['make', 'in_service_date']),
  }),
]);
export type CoverageStatusResponse = z.infer<typeof coverage>;

export const vehicleResponse = z.object({
  contractKind: z.enum(['retail_installment', 'lease']),
  vin: z.string(),
  vinCheckDigitValid: z.boolean(),
  year: z.number().int(),
  make: z.string(),
  model: z.string(),
  trim: z.string().nullable(),
  condition: z.enum(['new', 'used']),
  contractDate: z.string(),
  odometerAtContract: z.number().int(),
  /** Newest first. */
  readings: z.array(z.object({ readOn: z.string(), miles: z.number().int() })),
  /** The latest reading's miles, or the odometer at contract before any. */
  latestMiles: z.number().int(),
  warranty: z.object({ basic: coverage, powertrain: coverage }),
  /** Leases only. */
  mileage: z
    .object({
      allowedMiles: z.number().int(),
      perYearMiles: z.number().int(),
      excessMileageRateCents: z.number().int(),
      maturityDate: z.string(),
      projection: z
        .object({
          asOf: z.string(),
          milesUsedToDate: z.number().int(),
          allowanceToDate: z.number().int(),
          projectedMilesAtMaturity: z.number().int(),
          projectedExcessMiles: z.number().int(),
          projectedChargeCents: z.number().int(),
        })
        .nullable(),
    })
    .nullable(),
});
export type VehicleResponse = z.infer<typeof vehicleResponse>;
