import { z } from 'zod';
import { addBankAccountRequest, paymentMethod, paymentSplit } from '../payments/payments.schemas.ts';
import { calendarDateField, freeText, positiveAmountCents } from '../platform/fields.schemas.ts';
import { organizationParams } from './organizations.schemas.ts';

/**
 * A fleet's bulk payment (issue 15 item 4): many contracts paid by one debit from the business's
 * bank account. The review step takes a selection in one of three forms and answers explicit lines;
 * the payment itself takes exactly the lines that were reviewed, so what is confirmed is what was shown.
 */

/** The most contracts one bulk payment may carry: the largest fleet the dashboard is built for. */
export const BULK_PAYMENT_MAX_LINES = 5_000;

export const bulkPaymentLine = z.strictObject({
  contractNumber: freeText('The contract number', { max: 40 }),
  amountCents: positiveAmountCents('The amount'),
});

const lines = z
  .array(bulkPaymentLine, { error: 'List the contracts to pay.' })
  .min(1, 'Choose at least one contract to pay.')
  .max(BULK_PAYMENT_MAX_LINES, `One bulk payment pays at most ${BULK_PAYMENT_MAX_LINES} contracts.`);

const paymentMethodId = z.uuid('Choose one of the business’s bank accounts.');
const date = calendarDateField('The payment date').optional();

/**
 * The review: the contracts as a list or as "everything due this month". (A CSV of
 * `contractNumber,amount` is reviewed by its own route, the file's bytes as the body.)
 */
export const bulkPaymentPreviewRequest = z.strictObject({
  paymentMethodId,
  date,
  selection: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('lines'), lines }),
      z.strictObject({ kind: z.literal('due_this_month') }),
    ],
    { error: 'Choose contracts, or everything due this month.' },
  ),
});
export type BulkPaymentPreviewRequest = z.infer<typeof bulkPaymentPreviewRequest>;
export const bulkPaymentCsvQuery = z.strictObject({ paymentMethodId, date });

export const bulkPaymentRequest = z.strictObject({ paymentMethodId, date, lines });
export type BulkPaymentRequest = z.infer<typeof bulkPaymentRequest>;

const methodSummary = z.object({ id: z.uuid(), nickname: z.string(), last4: z.string() });

const previewLine = z.object({
  contractNumber: z.string(),
  vehicle: z.string(),
  unitNumber: z.string().nullable(),
  amountCents: z.number().int(),
  intent: z.enum(['regular', 'principal_only', 'payoff']),
  split: paymentSplit,
  payoffCents: z.number().int(),
});

export const bulkPaymentPreview = z.object({
  requestedDate: z.string(),
  effectiveDate: z.string(),
  movedToNextBusinessDay: z.boolean(),
  cutoff: z.object({ time: z.string(), timeZone: z.string() }),
  method: methodSummary,
  totalCents: z.number().int(),
  lines: z.array(previewLine),
});
export type BulkPaymentPreview = z.infer<typeof bulkPaymentPreview>;

export const bulkPaymentStatus = z.enum(['scheduled', 'pending', 'settled', 'failed', 'returned']);

export const bulkPaymentSummary = z.object({
  id: z.uuid(),
  confirmationNumber: z.string(),
  effectiveDate: z.string(),
  status: bulkPaymentStatus,
  totalCents: z.number().int(),
  lineCount: z.number().int(),
  method: methodSummary,
  madeBy: z.string(),
  returnCode: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.string(),
});
export type BulkPaymentSummary = z.infer<typeof bulkPaymentSummary>;

export const bulkPaymentDetail = bulkPaymentSummary.extend({
  lines: z.array(
    z.object({
      contractNumber: z.string(),
      vehicle: z.string(),
      unitNumber: z.string().nullable(),
      amountCents: z.number().int(),
      intent: z.enum(['regular', 'principal_only', 'payoff']),
      status: z.enum(['scheduled', 'pending', 'settled', 'cancelled', 'failed', 'returned']),
      /** How it applied, once posted. */
      split: paymentSplit.nullable(),
    }),
  ),
});
export type BulkPaymentDetail = z.infer<typeof bulkPaymentDetail>;

export const bulkPaymentsResponse = z.object({ bulkPayments: z.array(bulkPaymentSummary) });
export const bulkPaymentParams = organizationParams.extend({
  bulkPaymentId: z.uuid('There is no such bulk payment.'),
});

/** The business's bank accounts: added by an admin, verified like anyone's, used by bulk payments. */
export const organizationBankAccountRequest = addBankAccountRequest.omit({ kind: true, makeDefault: true });
export const organizationMethodParams = organizationParams.extend({
  paymentMethodId: z.uuid('There is no such bank account.'),
});
export const organizationBankAccount = paymentMethod;
export const organizationMethodsResponse = z.object({ paymentMethods: z.array(paymentMethod) });
