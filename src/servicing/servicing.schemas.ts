import { z } from 'zod';
import { DELINQUENCY_BUCKETS } from '../core/installments.ts';
import { calendarDateField, optionalFreeText, positiveAmountCents } from '../platform/fields.schemas.ts';

/** Request and response shapes of the servicing API (staff tools and integrations). */
export const contractNumberParams = z.strictObject({
  contractNumber: z
    .string()
    .regex(/^[A-Z0-9-]{6,20}$/, 'The contract number is 6–20 capital letters, digits or hyphens.'),
});

export const paymentParams = contractNumberParams.extend({
  paymentId: z.uuid('The payment id is a UUID.'),
});

export const asOfQuery = z.strictObject({ asOf: calendarDateField('The as-of date').optional() });
export const payoffQuery = z.strictObject({ date: calendarDateField('The good-through date').optional() });

export const paymentRequest = z.strictObject({
  amountCents: positiveAmountCents('The amount'),
  receivedOn: calendarDateField('The received date'),
  channel: z.enum(['check', 'lockbox', 'wire', 'phone'], {
    error: 'The channel must be check, lockbox, wire or phone.',
  }),
  reference: optionalFreeText('The reference', { max: 60 }),
  intent: z
    .enum(['regular', 'principal_only', 'payoff'], {
      error: 'The intent must be regular, principal_only or payoff.',
    })
    .default('regular'),
});

export const reversalRequest = z.strictObject({
  reason: z.enum(['returned', 'posted_in_error'], {
    error: 'The reason must be returned or posted_in_error.',
  }),
});

const money = z.number().int();

/** How money moved by balance (a payment's allocation, or a ledger entry's split). */
export const allocationShape = z.object({
  interestCents: money,
  principalCents: money,
  feesCents: money,
  unappliedCents: money,
  leaseReceivableCents: money,
  salesTaxCents: money,
});

export const contractStatusResponse = z.object({
  contractNumber: z.string(),
  kind: z.enum(['retail_installment', 'lease']),
  status: z.enum(['active', 'paid_off', 'terminated']),
  governingState: z.string(),
  asOf: z.string(),
  terms: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  balances: z.object({
    principalCents: money,
    accruedInterestCents: money,
    feesCents: money,
    unappliedCents: money,
    leaseReceivableCents: money,
  }),
  perDiemCents: money,
  amountDueCents: money,
  pastDueCents: money,
  nextDueDate: z.string().nullable(),
  nextDueAmountCents: money,
  daysPastDue: z.number().int(),
  bucket: z.enum(DELINQUENCY_BUCKETS),
});

export const payoffResponse = z.object({
  kind: z.enum(['retail_installment', 'lease']),
  quoteDate: z.string(),
  goodThrough: z.string().optional(),
  payoffCents: money,
  perDiemCents: money.optional(),
  items: z.array(z.object({ kind: z.string(), amountCents: money })),
});

export const postedPaymentResponse = z.object({
  paymentId: z.string(),
  contractNumber: z.string(),
  amountCents: money,
  receivedOn: z.string(),
  intent: z.string(),
  status: z.enum(['posted', 'reversed']),
  allocation: allocationShape,
  interestAccruedCents: money,
  contractStatus: z.enum(['active', 'paid_off', 'terminated']),
});

export const reversedPaymentResponse = z.object({
  paymentId: z.string(),
  reversedOn: z.string(),
  reason: z.enum(['returned', 'posted_in_error']),
  interestAdjustmentCents: money,
  returnedPaymentFeeCents: money,
});

export const transactionsResponse = z.object({
  contractNumber: z.string(),
  transactions: z.array(
    z.object({
      entryId: z.number().int(),
      effectiveDate: z.string(),
      recordedAt: z.string(),
      code: z.string(),
      memo: z.string().nullable(),
      reversesEntryId: z.number().int().nullable(),
      postings: z.array(z.object({ account: z.string(), amountCents: money })),
    }),
  ),
});

export const scheduleResponse = z.object({
  contractNumber: z.string(),
  kind: z.enum(['retail_installment', 'lease']),
  asOf: z.string(),
  installments: z.array(
    z.object({
      number: z.number().int(),
      dueDate: z.string(),
      amountCents: money,
      estimatedInterestCents: money.nullable(),
      estimatedPrincipalCents: money.nullable(),
      estimatedBalanceCents: money.nullable(),
      paidCents: money,
      status: z.enum(['paid', 'partly_paid', 'upcoming', 'past_due']),
    }),
  ),
  payments: z.array(
    z.object({
      paymentId: z.string(),
      receivedOn: z.string(),
      amountCents: money,
      channel: z.string(),
      intent: z.string(),
      status: z.enum(['posted', 'reversed']),
      reversedOn: z.string().nullable(),
      allocation: allocationShape,
    }),
  ),
});
