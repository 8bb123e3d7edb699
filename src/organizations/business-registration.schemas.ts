import { z } from 'zod';
import { registrationRequest } from '../identity/registration.schemas.ts';
import { joinRequest } from './organizations.schemas.ts';

/**
 * Business registration: prove a business contract (number, last four of the EIN, ZIP), then enter
 * the code mailed to the business's address on file, signed in or choosing a new login. The facts
 * are judged like the consumer registration's, the new login's fields like an invitation's.
 */
export const businessRegistrationRequest = z.strictObject({
  contractNumber: registrationRequest.shape.contractNumber,
  einLast4: z
    .string({ error: 'Enter the last 4 digits of the business’s EIN.' })
    .trim()
    .regex(/^\d{4}$/, 'Enter the last 4 digits of the business’s EIN, such as 1234.'),
  zip: registrationRequest.shape.zip,
});
export type BusinessRegistrationRequest = z.infer<typeof businessRegistrationRequest>;

/** The same answer whether or not the details matched, so it reveals nothing, not even where a code went. */
export const businessRegistrationAccepted = z.object({
  /** Sent back with the code: the code works only with the ticket it was mailed for. */
  ticket: z.string(),
  message: z.string(),
});

// A malformed ticket is answered like an unknown one (BUSINESS_REGISTRATION.INVALID_CODE).
const ticket = z.string({ error: 'The registration is missing its ticket.' }).max(200, 'Start again.');
const code = z
  .string({ error: 'Enter the 6-digit code from the email.' })
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from the email, such as 123456.');

export const businessRegistrationComplete = z.strictObject({ ticket, code });
export const businessRegistrationNewLogin = z.strictObject({
  ticket,
  code,
  displayName: joinRequest.shape.displayName,
  userId: joinRequest.shape.userId,
  password: joinRequest.shape.password,
});
export type BusinessRegistrationNewLogin = z.infer<typeof businessRegistrationNewLogin>;

export const businessRegistrationJoined = z.object({
  organizationId: z.uuid(),
  organizationName: z.string(),
  role: z.literal('admin'),
  /** True when this registration opened the business's organization; false when it joined one. */
  created: z.boolean(),
});
export const businessRegistrationNewLoginResponse = businessRegistrationJoined.extend({
  /** `enrol`: set up a second factor now (the session may only do that); `done`: signed in. */
  next: z.enum(['enrol', 'done']),
});
