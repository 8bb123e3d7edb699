import { z } from 'zod';
import { paidBy } from '../payments/payments.schemas.ts';
import { contractNumberParams } from '../servicing/servicing.schemas.ts';

/**
 * Monthly statements and year-end interest statements: the snapshot each one keeps (an immutable
 * record of what it shows, rendered to PDF on request) and the API's answers. Amounts are integer
 * cents, dates YYYY-MM-DD. A snapshot names its `version`; a later shape is a new version, and the
 * renderer keeps reading the old ones, so a statement never changes once cut.
 */
const money = z.number().int();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const lender = z.object({
  name: z.string(),
  /** Where to write and where to mail payments (the remittance coupon's address). */
  addressLines: z.array(z.string()),
  phone: z.string(),
  hours: z.string(),
});

const vehicle = z.object({
  year: z.number().int(),
  make: z.string(),
  model: z.string(),
  vin: z.string(),
});

/** How money applied, by balance (a payment's split, or the part a reversal put back). */
export const appliedShape = z.object({
  interestCents: money,
  principalCents: money,
  feesCents: money,
  leaseReceivableCents: money,
  salesTaxCents: money,
  unappliedCents: money,
});

export const STATEMENT_MESSAGE_CODES = [
  'PAST_DUE',
  'PAID_AHEAD',
  'AUTOPAY_ACTIVE',
  'AUTOPAY_PAUSED',
  'AUTOPAY_SUSPENDED',
  'AUTOPAY_OFF',
  'PAID_IN_FULL',
] as const;

export const statementSnapshot = z.object({
  version: z.literal(1),
  kind: z.enum(['retail_installment', 'lease']),
  contractNumber: z.string(),
  /** The installment this statement bills; null on a final statement. */
  installmentNumber: z.number().int().nullable(),
  periodStart: date,
  closingDate: date,
  /** Null on the final statement, cut when the contract was paid in full (closing on the payoff date): nothing is due. */
  dueDate: date.nullable(),
  lender,
  customer: z.object({ names: z.array(z.string()), addressLines: z.array(z.string()) }),
  vehicle: vehicle.nullable(),
  /**
   * The balance is what the customer owes on the contract (principal, interest accrued to the
   * closing date and fees for a loan; base payments remaining and fees for a lease) less money held
   * for them. Ending = beginning + opened − payments + returned payments + interest + fees − credits.
   */
  summary: z.object({
    beginningBalanceCents: money,
    /** The amount financed (or the lease's base payments) when the contract began in the period. */
    openedCents: money,
    paymentsCents: money,
    returnedPaymentsCents: money,
    interestChargedCents: money,
    feesChargedCents: money,
    creditsCents: money,
    endingBalanceCents: money,
  }),
  /** The balances at the closing date, from the ledger. */
  balances: z.object({
    principalCents: money,
    interestCents: money,
    feesCents: money,
    leaseReceivableCents: money,
    unappliedCents: money,
  }),
  payments: z.array(
    z.object({
      receivedOn: date,
      amountCents: money,
      channel: z.string(),
      reference: z.string().nullable(),
      applied: appliedShape,
      /** Paid by someone the holders let pay (a grant): the name the holder gave. Absent in statements cut before grants. */
      paidBy: paidBy.optional(),
    }),
  ),
  /** Payments reversed in the period (returned by the bank, or posted in error), shown as such. */
  reversals: z.array(
    z.object({
      reversedOn: date,
      paymentReceivedOn: date,
      amountCents: money,
      reason: z.enum(['returned', 'posted_in_error']),
      restored: appliedShape,
    }),
  ),
  fees: z.array(
    z.object({
      date,
      kind: z.enum(['late', 'returned_payment']),
      description: z.string(),
      amountCents: money,
    }),
  ),
  interestChargedCents: money,
  amountDue: z.object({
    currentInstallmentCents: money,
    pastDueCents: money,
    feesDueCents: money,
    totalCents: money,
    daysPastDue: z.number().int(),
  }),
  loan: z
    .object({
      aprPercent: z.string(),
      /** The payoff good through the closing date. */
      payoffCents: money,
      perDiemCents: money,
      /** Interest paid from January 1 through the closing date, less interest of payments reversed. */
      yearToDateInterestPaidCents: money,
      maturityDate: date,
    })
    .nullable(),
  lease: z
    .object({
      maturityDate: date,
      milesAllowedPerYear: z.number().int(),
      milesAllowedTotal: z.number().int(),
      excessMileageRateCents: money,
    })
    .nullable(),
  messages: z.array(z.object({ code: z.enum(STATEMENT_MESSAGE_CODES), text: z.string() })),
});
export type StatementSnapshot = z.infer<typeof statementSnapshot>;
export type Applied = z.infer<typeof appliedShape>;

/**
 * The year-end interest statement of a loan (26 U.S.C. §6050AA(b)–(c)): the borrower's name and
 * address, the interest received in the year, the principal outstanding at its start, the
 * origination date, the vehicle's year, make, model and VIN, and the lender's contact.
 */
export const taxStatementSnapshot = z.object({
  version: z.literal(1),
  taxYear: z.number().int(),
  contractNumber: z.string(),
  lender: lender.extend({ tin: z.string(), tinIsPlaceholder: z.boolean() }),
  borrower: z.object({ names: z.array(z.string()), addressLines: z.array(z.string()) }),
  vehicle: vehicle.extend({ condition: z.enum(['new', 'used']) }).nullable(),
  originationDate: date,
  /** Outstanding principal at the start of the year, or at origination for a loan made in the year. */
  principalAtStartCents: money,
  principalAsOf: date,
  /** Interest received in the year: payments' interest less the interest of payments reversed in the year. */
  interestPaidCents: money,
  /** §6050AA(a): a lender reports interest of $600 or more in a year to the IRS. */
  reportableToIrs: z.boolean(),
  issuedOn: date,
});
export type TaxStatementSnapshot = z.infer<typeof taxStatementSnapshot>;

export const statementListItem = z.object({
  id: z.uuid(),
  periodStart: date,
  closingDate: date,
  /** Null on the final statement: nothing is due. */
  dueDate: date.nullable(),
  amountDueCents: money,
  pastDueCents: money,
  delivery: z.enum(['electronic', 'paper']),
});
/** One statement for the page's preview: what its PDF shows, as data. */
export const statementResponse = z.object({
  id: z.uuid(),
  delivery: z.enum(['electronic', 'paper']),
  statement: statementSnapshot,
});
export type StatementResponse = z.infer<typeof statementResponse>;

export const statementsResponse = z.object({
  contractNumber: z.string(),
  statements: z.array(statementListItem),
});
export type StatementsResponse = z.infer<typeof statementsResponse>;

export const taxStatementListItem = z.object({
  taxYear: z.number().int(),
  interestPaidCents: money,
  reportableToIrs: z.boolean(),
});
export const taxStatementsResponse = z.object({
  contractNumber: z.string(),
  taxStatements: z.array(taxStatementListItem),
});
export type TaxStatementsResponse = z.infer<typeof taxStatementsResponse>;

export const statementParams = contractNumberParams.extend({
  id: z.uuid('The statement id is a UUID.'),
});

export const taxStatementParams = contractNumberParams.extend({
  year: z.coerce
    .number({ error: 'The tax year is a year such as 2026.' })
    .int('The tax year is a year such as 2026.')
    .min(2000, 'The tax year is a year such as 2026.')
    .max(2100, 'The tax year is a year such as 2026.'),
});

/** `?download=1` saves the PDF instead of opening it in the browser. */
export const downloadQuery = z.strictObject({
  download: z.enum(['1'], { error: 'Leave download out, or set it to 1.' }).optional(),
});

/** What the document center lists for each statement (its PDF is at the statement routes). */
export type StatementDocument = {
  id: string;
  kind: 'statement' | 'tax_statement';
  contractNumber: string;
  title: string;
  date: string;
  year: number;
};
