import { z } from 'zod';
import type { EntryCode } from '../core/ledger.ts';
import { paidBy } from '../payments/payments.schemas.ts';
import { calendarDateField, optionalFreeText } from '../platform/fields.schemas.ts';
import { allocationShape } from '../servicing/servicing.schemas.ts';

/** The customer's transaction history (`GET /api/v1/accounts/{contractNumber}/transactions`). */

/** The kind of transaction a customer sees for each kind of ledger entry (every entry code has one). */
export const ACTIVITY_TYPE_OF_ENTRY = {
  PAYMENT: 'payment',
  PAYOFF: 'payoff',
  PAYMENT_RETURN: 'reversal',
  INTEREST: 'interest',
  LATE_FEE: 'late_fee',
  RETURN_FEE: 'returned_payment_fee',
  WAIVER: 'fee_waiver',
  BOARDING: 'opening',
} as const satisfies Record<EntryCode, string>;
export type ActivityType = (typeof ACTIVITY_TYPE_OF_ENTRY)[EntryCode];
export const ACTIVITY_TYPES = Object.values(ACTIVITY_TYPE_OF_ENTRY) as [ActivityType, ...ActivityType[]];

export const ACTIVITY_PAGE_SIZE = 25;
export const ACTIVITY_MAX_PAGE_SIZE = 100;

export const activityQuery = z
  .strictObject({
    from: calendarDateField('The start date').optional(),
    to: calendarDateField('The end date').optional(),
    type: z
      .enum(ACTIVITY_TYPES, { error: `The type must be one of: ${ACTIVITY_TYPES.join(', ')}.` })
      .optional(),
    /** Words of the description or the payment's reference, or an amount such as 123.45. */
    q: optionalFreeText('The search', {
      max: 100,
      messages: { tooLong: 'Search for at most 100 characters.' },
    }),
    /** The `nextCursor` of the page before. */
    cursor: z
      .string()
      .regex(/^[\w-]{1,200}$/, 'The cursor is not one this API gave; start again without it.')
      .optional(),
    limit: z.coerce
      .number({ error: 'The limit must be a whole number.' })
      .int('The limit must be a whole number.')
      .min(1, 'The limit must be at least 1.')
      .max(ACTIVITY_MAX_PAGE_SIZE, `The limit must be at most ${ACTIVITY_MAX_PAGE_SIZE}.`)
      .optional(),
    /** `csv`: every matching transaction as a spreadsheet file instead of a page of JSON. */
    format: z.enum(['json', 'csv'], { error: 'The format must be json or csv.' }).optional(),
  })
  .refine((q) => !(q.from && q.to && q.from > q.to), {
    path: ['from'],
    message: 'The start date must be on or before the end date.',
  });
export type ActivityQuery = z.infer<typeof activityQuery>;

const money = z.number().int();

export const activityResponse = z.object({
  contractNumber: z.string(),
  kind: z.enum(['retail_installment', 'lease']),
  transactions: z.array(
    z.object({
      id: z.number().int(),
      date: z.string(),
      type: z.enum(ACTIVITY_TYPES),
      description: z.string().nullable(),
      reference: z.string().nullable(),
      /** The change to what the customer owes: a charge is positive, a payment or credit negative. */
      amountCents: money,
      /** The same change by balance (they sum to `amountCents`). */
      split: allocationShape,
      /** A payment someone the holders let pay made (a grant): their name as the holder gave it; else null. */
      paidBy,
    }),
  ),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ActivityResponse = z.infer<typeof activityResponse>;
export type ActivityTransaction = ActivityResponse['transactions'][number];
