import { z } from 'zod';
import { amountCents } from '../platform/fields.schemas.ts';

/**
 * The AutoPay API (issue 6): one enrolment per contract. Shared by the HTTP routes and the web page,
 * so both judge a value the same way. Amounts in integer cents, dates as `YYYY-MM-DD`.
 */

export const AUTOPAY_MAX_DAYS_BEFORE_DUE = 10;

export const autopayStatus = z.enum(['active', 'paused', 'suspended']);
export type AutopayStatus = z.infer<typeof autopayStatus>;

/**
 * Enrol, or change the enrolment: the method, the extra principal and the days before the due date,
 * with the version of the authorization text the person accepted (any change of terms is a new
 * authorization). `status` alone pauses or resumes. Which fields a request needs is the service's
 * rule (a first enrolment needs the method and the accepted version).
 */
export const autopayRequest = z
  .strictObject({
    paymentMethodId: z.uuid('Choose one of your payment methods.').optional(),
    extraPrincipalCents: amountCents('The extra principal').optional(),
    daysBeforeDue: z
      .number({ error: 'Choose how many days before the due date, from 0 to 10.' })
      .int('Choose how many days before the due date, from 0 to 10.')
      .min(0, 'Choose how many days before the due date, from 0 to 10.')
      .max(AUTOPAY_MAX_DAYS_BEFORE_DUE, 'Choose how many days before the due date, from 0 to 10.')
      .optional(),
    authorizationVersion: z
      .string({ error: 'Read the authorization and accept it.' })
      .min(1, 'Read the authorization and accept it.')
      .max(40, 'This is not a version of the authorization.')
      .optional(),
    status: z.enum(['active', 'paused'], { error: 'Choose active or paused.' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Say what to enrol or change.');
export type AutopayRequest = z.infer<typeof autopayRequest>;

const method = z.object({
  id: z.uuid(),
  kind: z.enum(['bank_account', 'debit_card']),
  nickname: z.string(),
  last4: z.string(),
  status: z.enum(['active', 'blocked', 'removed']),
});

export const autopayEnrollment = z.object({
  status: autopayStatus,
  method,
  extraPrincipalCents: z.number().int(),
  daysBeforeDue: z.number().int(),
  authorizationVersion: z.string(),
  acceptedAt: z.string(),
  returnsCount: z.number().int(),
  /** Only the person who enrolled may change, pause or cancel it; the others on the account see it. */
  enrolledByMe: z.boolean(),
});
export type AutopayEnrollment = z.infer<typeof autopayEnrollment>;

export const autopayResponse = z.object({
  contractNumber: z.string(),
  enrollment: autopayEnrollment.nullable(),
  /** The Regulation E authorization to show, in full, before enrolling; its version goes back with the PUT. */
  authorization: z.object({ version: z.string(), text: z.string() }),
  /** The payment AutoPay takes next: a scheduled order (`paymentId`), or the one it will schedule. */
  nextDebit: z
    .object({
      date: z.string().describe('YYYY-MM-DD: the debit (effective) date'),
      forDueDate: z.string().describe('YYYY-MM-DD: the installment it pays'),
      amountCents: z.number().int(),
      /** The last payment: exactly the payoff on its date. */
      isFinal: z.boolean(),
      paymentId: z.uuid().nullable(),
    })
    .nullable(),
  /** The scheduled payment amount, which the enrolment form starts from (the next installment's). */
  scheduledPaymentCents: z.number().int(),
  /** The person may enrol or change it (policy `contract.pay`, and the enrolment is theirs or there is none). */
  canManage: z.boolean(),
});
export type AutopayResponse = z.infer<typeof autopayResponse>;
