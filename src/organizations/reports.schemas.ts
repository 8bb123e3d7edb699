import { z } from 'zod';
import { type CalendarDate, daysBetween } from '../core/dates.ts';
import { calendarDateField } from '../platform/fields.schemas.ts';

/**
 * Fleet analytics (JSON for the charts and the table beside each) and the reports a business
 * downloads (CSV or XLSX). Every figure is read from the ledger, the schedules and the stored
 * positions, never from a copy of them; money is integer cents.
 */

const money = z.number().int();
const whole = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${what} must be a whole number.` })
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max}.`);

/**
 * What the organization's payments paid, by the balance each part went to, less what returned or
 * mistaken payments took back. `leasePaymentsCents` is a lease's base rent, `taxesCents` the sales tax
 * billed with lease payments, `unappliedCents` money held for the contract (negative when held money
 * was applied later); the parts sum to `totalCents`, the money received.
 */
export const spendSplit = z.object({
  principalCents: money,
  interestCents: money,
  feesCents: money,
  leasePaymentsCents: money,
  taxesCents: money,
  unappliedCents: money,
  totalCents: money,
});
export type SpendSplit = z.infer<typeof spendSplit>;

/** The analytics' window: whole calendar months ending with the business date's month. */
export const SPEND_MONTHS = 24;
export const spendQuery = z.strictObject({
  months: whole('The number of months', 1, SPEND_MONTHS).default(SPEND_MONTHS),
});
export const spendBreakdownQuery = spendQuery.extend({
  /** The largest groups listed one by one; the rest are summed as `others`. */
  top: whole('The number of groups', 1, 50).default(10),
});
export type SpendBreakdownQuery = z.infer<typeof spendBreakdownQuery>;

const window = { asOf: z.string(), from: z.string(), to: z.string() };

export const spendByMonthResponse = z.object({
  ...window,
  /** Every month of the window, oldest first, with zeros where nothing was paid. */
  months: z.array(spendSplit.extend({ month: z.string() })),
  totals: spendSplit,
});

const others = spendSplit.extend({ groups: z.number().int() });

export const spendByCostCenterResponse = z.object({
  ...window,
  /** Largest first; `costCenter` null for vehicles with none. */
  rows: z.array(spendSplit.extend({ costCenter: z.string().nullable() })),
  others,
  totals: spendSplit,
});

const vehicleIdentity = {
  contractNumber: z.string(),
  unitNumber: z.string().nullable(),
  vin: z.string(),
  year: z.number().int(),
  make: z.string(),
  model: z.string(),
  costCenter: z.string().nullable(),
};

export const spendByVehicleResponse = z.object({
  ...window,
  rows: z.array(spendSplit.extend(vehicleIdentity)),
  others,
  totals: spendSplit,
});

export const OBLIGATION_DAYS = 90;
export const obligationsQuery = z.strictObject({
  by: z.enum(['week', 'month'], { error: 'Group by week or month.' }).default('week'),
});
export const obligationsResponse = z.object({
  asOf: z.string(),
  /** The window: the business date and the 89 days after it. */
  from: z.string(),
  through: z.string(),
  by: z.enum(['week', 'month']),
  /** Installments due before the business date and still unpaid, apart from the window. */
  pastDue: z.object({ installments: z.number().int(), amountCents: money }),
  /** Weeks start on Monday; the first and last bucket are cut to the window. */
  buckets: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      installments: z.number().int(),
      loanCents: money,
      leaseCents: money,
      amountCents: money,
    }),
  ),
  totals: z.object({ installments: z.number().int(), amountCents: money }),
});

export const maturingQuery = z.strictObject({
  months: whole('The number of months', 1, 12).default(6),
});
export const maturingLeasesResponse = z.object({
  asOf: z.string(),
  through: z.string(),
  byMonth: z.array(z.object({ month: z.string(), leases: z.number().int() })),
  rows: z.array(
    z.object({
      ...vehicleIdentity,
      driver: z.string().nullable(),
      maturityDate: z.string(),
      daysToMaturity: z.number().int(),
      residualValueCents: money,
      purchaseOptionPriceCents: money,
      dispositionFeeCents: money,
      /** The early purchase price as of the stored position's date. */
      payoffCents: money.nullable(),
      projectedExcessMiles: z.number().int().nullable(),
      projectedExcessChargeCents: money.nullable(),
    }),
  ),
});

export const mileageResponse = z.object({
  asOf: z.string(),
  totals: z.object({ vehicles: z.number().int(), excessMiles: z.number().int(), chargeCents: money }),
  /** Largest projected charge first. */
  rows: z.array(
    z.object({
      ...vehicleIdentity,
      driver: z.string().nullable(),
      maturityDate: z.string(),
      mileageAllowancePerYear: z.number().int(),
      latestOdometer: z.number().int().nullable(),
      latestOdometerOn: z.string().nullable(),
      projectedExcessMiles: z.number().int(),
      projectedExcessChargeCents: money,
    }),
  ),
});

export const costOfOwnershipQuery = z.strictObject({
  page: whole('The page', 1, 100_000).default(1),
  pageSize: whole('The page size', 10, 100).default(25),
});
export const costOfOwnershipResponse = z.object({
  asOf: z.string(),
  page: z.number().int(),
  pageSize: z.number().int(),
  vehicles: z.number().int(),
  /** Everything paid on all the fleet's contracts so far. */
  totals: spendSplit,
  /** Most paid first. */
  rows: z.array(
    spendSplit.extend({
      ...vehicleIdentity,
      kind: z.enum(['loan', 'lease']),
      contractDate: z.string(),
    }),
  ),
});

export const REPORTS = ['portfolio', 'payments', 'interest', 'drivers'] as const;
export type ReportName = (typeof REPORTS)[number];

const format = z.enum(['csv', 'xlsx'], { error: 'The format must be csv or xlsx.' }).default('csv');
export type ReportFormat = z.infer<typeof format>;

export const reportQuery = z.strictObject({ format });

/** The longest payments report: five years of payments in one file. */
export const PAYMENTS_REPORT_MAX_DAYS = 1_827;
export const paymentsReportQuery = z
  .strictObject({
    format,
    from: calendarDateField('The start date'),
    to: calendarDateField('The end date'),
  })
  .refine((q) => q.from <= q.to, {
    path: ['to'],
    message: 'The end date must be on or after the start date.',
  })
  .refine((q) => daysBetween(q.from as CalendarDate, q.to as CalendarDate) < PAYMENTS_REPORT_MAX_DAYS, {
    path: ['to'],
    message: 'A payments report covers at most five years.',
  });

export const interestReportQuery = z.strictObject({
  format,
  taxYear: whole('The tax year', 2000, 2100),
});
