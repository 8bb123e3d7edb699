import { z } from 'zod';
import {
  calendarDateField,
  freeText,
  optionalFreeText,
  positiveAmountCents,
} from '../platform/fields.schemas.ts';

/**
 * The payments API (issue 6): payment methods, one-time and scheduled payments. Shared by the HTTP
 * routes and the web pages, so both judge a value the same way. Amounts in integer cents, dates as
 * `YYYY-MM-DD`. Field-level rules (ABA checksum, card expiry) live in src/core/bank-account.ts and
 * src/core/payment-card.ts; the messages here are for a value of the wrong shape.
 */

// May be left out (the method is then named by its kind), but not sent empty.
const nickname = freeText('The nickname', {
  max: 40,
  messages: {
    required: 'Enter a nickname, or leave it out.',
    tooLong: 'A nickname has at most 40 characters.',
  },
});

export const addBankAccountRequest = z.strictObject({
  kind: z.literal('bank_account'),
  routingNumber: z.string({ error: 'Enter the 9-digit routing number.' }).trim(),
  accountNumber: z.string({ error: 'Enter the account number.' }).trim(),
  accountType: z.enum(['checking', 'savings'], { error: 'Choose checking or savings.' }),
  holderName: freeText('The name on the account', {
    max: 80,
    messages: {
      required: 'Enter the name on the account.',
      tooLong: 'The name on the account has at most 80 characters.',
    },
  }),
  nickname: nickname.optional(),
  makeDefault: z.boolean().optional(),
});

/** A card is added by the token the gateway's hosted field gave the browser: the number never comes here. */
export const addDebitCardRequest = z.strictObject({
  kind: z.literal('debit_card'),
  cardToken: z.string({ error: 'Enter the card in the card field first.' }).min(1).max(400),
  nickname: nickname.optional(),
  makeDefault: z.boolean().optional(),
});

export const addPaymentMethodRequest = z.discriminatedUnion(
  'kind',
  [addBankAccountRequest, addDebitCardRequest],
  {
    error: 'Choose a bank account or a debit card.',
  },
);
export type AddPaymentMethodRequest = z.infer<typeof addPaymentMethodRequest>;

export const updatePaymentMethodRequest = z
  .strictObject({ nickname: nickname.optional(), makeDefault: z.literal(true).optional() })
  .refine(
    (v) => v.nickname !== undefined || v.makeDefault !== undefined,
    'Change the nickname or make it the default.',
  );
export type UpdatePaymentMethodRequest = z.infer<typeof updatePaymentMethodRequest>;

export const paymentMethod = z.object({
  id: z.uuid(),
  kind: z.enum(['bank_account', 'debit_card']),
  nickname: z.string(),
  holderName: z.string(),
  last4: z.string(),
  accountType: z.enum(['checking', 'savings']).nullable(),
  bankName: z.string().nullable(),
  cardBrand: z.string().nullable(),
  expiryMonth: z.number().int().nullable(),
  expiryYear: z.number().int().nullable(),
  isDefault: z.boolean(),
  status: z.enum(['active', 'blocked']),
  /** Why it is blocked ("R02: account closed"). */
  blockedReason: z.string().nullable(),
  /** A scheduled payment or an AutoPay uses it, so it cannot be removed. */
  inUse: z.boolean(),
});
export type PaymentMethod = z.infer<typeof paymentMethod>;
export const paymentMethodsResponse = z.object({ paymentMethods: z.array(paymentMethod) });

export const paymentMethodParams = z.strictObject({ id: z.uuid('There is no such payment method.') });

/** A one-time payment: how much, from which method, on which date (today when left out). */
export const paymentRequest = z.strictObject({
  amountCents: positiveAmountCents('The amount'),
  paymentMethodId: z.uuid('Choose one of your payment methods.'),
  date: calendarDateField('The payment date').optional(),
  /** What the customer chose: applies a payoff as a payoff, an extra amount as principal only. */
  intent: z.enum(['regular', 'principal_only', 'payoff']).optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequest>;

export const paymentSplit = z.object({
  interestCents: z.number().int(),
  principalCents: z.number().int(),
  feesCents: z.number().int(),
  unappliedCents: z.number().int(),
  leaseReceivableCents: z.number().int(),
  salesTaxCents: z.number().int(),
});
export type PaymentSplit = z.infer<typeof paymentSplit>;

/** What the review step shows: the effective date (after the cut-off: the next business day) and how the amount applies. */
export const paymentPreview = z.object({
  contractNumber: z.string(),
  amountCents: z.number().int(),
  requestedDate: z.string(),
  effectiveDate: z.string(),
  /** The request came after the day's cut-off (or on a weekend or holiday), so it moved. */
  movedToNextBusinessDay: z.boolean(),
  /** "8:00 PM ET" as configured, for the page to explain. */
  cutoff: z.object({ time: z.string(), timeZone: z.string() }),
  intent: z.enum(['regular', 'principal_only', 'payoff']),
  /** The split as it would apply on the effective date, from today's balances. */
  split: paymentSplit,
  payoffCents: z.number().int(),
  method: z.object({
    id: z.uuid(),
    kind: z.enum(['bank_account', 'debit_card']),
    nickname: z.string(),
    last4: z.string(),
  }),
});
export type PaymentPreview = z.infer<typeof paymentPreview>;

/**
 * Who paid, when it was someone the holders let pay (a grant of view and pay), not a party: the
 * name as the holder typed it on the grant. Null for a party's own payment.
 */
export const paidBy = z.object({ name: z.string(), authorizedPayer: z.literal(true) }).nullable();
export type PaidBy = z.infer<typeof paidBy>;

export const paymentOrder = z.object({
  id: z.uuid(),
  confirmationNumber: z.string(),
  contractNumber: z.string(),
  amountCents: z.number().int(),
  effectiveDate: z.string(),
  status: z.enum(['scheduled', 'pending', 'settled', 'cancelled', 'failed', 'returned']),
  source: z.enum(['one_time', 'autopay', 'guest', 'bulk']),
  intent: z.enum(['regular', 'principal_only', 'payoff']),
  method: z.object({
    id: z.uuid(),
    kind: z.enum(['bank_account', 'debit_card']),
    nickname: z.string(),
    last4: z.string(),
  }),
  /** How it applied, once posted. */
  split: paymentSplit.nullable(),
  /** Until when it can be changed or cancelled: the cut-off of the file that carries it (its effective date's), or null. */
  changeableUntil: z.string().nullable(),
  /** Only the person who made it may change or cancel it. */
  madeByMe: z.boolean(),
  paidBy,
  returnCode: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentOrder = z.infer<typeof paymentOrder>;
export const paymentOrdersResponse = z.object({ payments: z.array(paymentOrder) });

export const paymentsQuery = z.strictObject({
  status: z.enum(['scheduled', 'pending', 'settled', 'cancelled', 'failed', 'returned']).optional(),
  contractNumber: optionalFreeText('The contract number', { max: 40 }),
});

export const paymentParams = z.strictObject({ id: z.uuid('There is no such payment.') });

export const changePaymentRequest = z
  .strictObject({
    amountCents: positiveAmountCents('The amount').optional(),
    paymentMethodId: z.uuid('Choose one of your payment methods.').optional(),
    date: calendarDateField('The payment date').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Change the amount, the method or the date.');
export type ChangePaymentRequest = z.infer<typeof changePaymentRequest>;
