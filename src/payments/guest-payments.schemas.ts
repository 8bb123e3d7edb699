import { z } from 'zod';
import { registrationRequest } from '../identity/registration.schemas.ts';
import { calendarDateField, positiveAmountCents } from '../platform/fields.schemas.ts';
import { addBankAccountRequest, paymentPreview } from './payments.schemas.ts';

/**
 * Guest payment (issue 6): paying without signing in. The payer proves the contract with the same
 * facts registration asks (contract number, ZIP code, last four of the SSN or EIN) and pays from a
 * bank account only, verified as a signed-in customer's would be; the receipt goes to the email
 * address given. Shared by the HTTP routes and the web page, so both judge a value alike.
 */

/** The facts that prove the contract; registration's own fields and messages. */
export const guestIdentityRequest = registrationRequest.pick({
  contractNumber: true,
  zip: true,
  taxIdLast4: true,
});
export type GuestIdentityRequest = z.infer<typeof guestIdentityRequest>;

/** The identity, the amount and date, the bank account, and where the receipt goes: flat, one form's fields. */
export const guestPaymentRequest = z.strictObject({
  ...guestIdentityRequest.shape,
  email: registrationRequest.shape.email,
  amountCents: positiveAmountCents('The amount'),
  date: calendarDateField('The payment date').optional(),
  holderName: addBankAccountRequest.shape.holderName,
  routingNumber: addBankAccountRequest.shape.routingNumber,
  accountNumber: addBankAccountRequest.shape.accountNumber,
  accountType: addBankAccountRequest.shape.accountType,
});
export type GuestPaymentRequest = z.infer<typeof guestPaymentRequest>;

/**
 * What someone who proved the contract may see to choose an amount: what is due and the most it
 * takes. No names, no balances beyond these, nothing about who the customer is.
 */
export const guestAccount = z.object({
  contractNumber: z.string(),
  /** The lender's business date today, from which the 30 days of payment dates run. */
  today: z.string(),
  amountDueCents: z.number().int(),
  pastDueCents: z.number().int(),
  nextDueDate: z.string().nullable(),
  nextDueAmountCents: z.number().int(),
  /** The most a payment today may be (a loan's payoff; what a lease has outstanding). */
  payoffCents: z.number().int(),
  cutoff: z.object({ time: z.string(), timeZone: z.string() }),
});
export type GuestAccount = z.infer<typeof guestAccount>;

/** The bank account as the pages show it: the last four digits only. */
const maskedBankAccount = z.object({
  accountType: z.enum(['checking', 'savings']),
  bankName: z.string().nullable(),
  last4: z.string(),
});

/** The review step: the signed-in preview's facts, with the bank account typed instead of a saved method. */
export const guestPaymentPreview = paymentPreview
  .omit({ method: true, intent: true })
  .extend({ bankAccount: maskedBankAccount });
export type GuestPaymentPreview = z.infer<typeof guestPaymentPreview>;

/** The receipt: what was paid, when it applies and from which account (masked); nothing else about the contract. */
export const guestPaymentReceipt = z.object({
  confirmationNumber: z.string(),
  contractNumber: z.string(),
  amountCents: z.number().int(),
  effectiveDate: z.string(),
  /** `pending` once posted today (the debit is on its way), `scheduled` for a later date. */
  status: z.enum(['scheduled', 'pending']),
  bankAccount: maskedBankAccount,
  /** Where the receipt was mailed, as typed. */
  email: z.string(),
});
export type GuestPaymentReceipt = z.infer<typeof guestPaymentReceipt>;
