import { z } from 'zod';
import { payoffResponse } from './servicing.schemas.ts';

/** The customer's payoff quote (`GET /api/v1/accounts/{contractNumber}/payoff`), for the API and the web page alike. */
export const customerPayoffResponse = payoffResponse.extend({
  contractNumber: z.string(),
  goodThrough: z.string(),
  /** A day's interest after the good-through date; null for a lease, whose figure does not accrue. */
  perDiemCents: z.number().int().nullable(),
  howToPay: z.object({
    payee: z.string(),
    mailTo: z.array(z.string()),
    reference: z.string(),
    phone: z.string(),
    hours: z.string(),
    electronic: z.object({
      /** True while the wire/ACH details are the demo's placeholders: show them labelled, never as real. */
      placeholder: z.boolean(),
      bankName: z.string(),
      routingNumber: z.string(),
      accountNumber: z.string(),
    }),
  }),
});

export type CustomerPayoffResponse = z.infer<typeof customerPayoffResponse>;

/** How many days ahead a payoff quote may be good through. */
export const PAYOFF_WINDOW_DAYS = 30;

/** What a payoff letter says, kept as issued (`payoff_letters.letter`) and rendered from alone. */
export const payoffLetterInput = z.object({
  issued: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  quote: customerPayoffResponse,
  parties: z.array(z.string()),
  vehicle: z
    .object({
      year: z.number().int(),
      make: z.string(),
      model: z.string(),
      trim: z.string().nullable(),
      vin: z.string(),
    })
    .nullable(),
});
export type PayoffLetterInput = z.infer<typeof payoffLetterInput>;
