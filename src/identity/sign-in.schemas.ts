import { z } from 'zod';
import { freeText } from '../platform/fields.schemas.ts';

/** A User ID as typed at sign-in or recovery: the free-text rule (no control characters), bounded. */
export const userIdField = freeText('The User ID', {
  max: 64,
  messages: { required: 'Enter your User ID.', tooLong: 'A User ID has at most 64 characters.' },
});

/** Sign-in requests. Lengths are bounded so a huge body costs nothing; passwords are any Unicode. */
export const loginRequest = z.strictObject({
  userId: userIdField,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(256, 'A password has at most 256 characters.'),
  /** A solved proof-of-work challenge (base64), required after repeated failures. */
  challenge: z.string().max(4_000).optional(),
});

export const factorKinds = z.enum(['totp', 'passkey', 'email', 'sms', 'recovery']);
export const codeFactorKinds = z.enum(['totp', 'recovery', 'email', 'sms'], {
  error: 'The method must be totp, recovery, email or sms.',
});
export const codeChannel = z.strictObject({
  channel: z.enum(['email', 'sms'], { error: 'The channel must be email or sms.' }),
});
export const codeSentResponse = z.object({ sentTo: z.string() });

export const loginResponse = z.union([
  z.object({ next: z.literal('factor'), factors: z.array(factorKinds) }),
  z.object({ next: z.literal('enrol') }),
  z.object({ next: z.literal('done') }),
]);

const code = z
  .string({ error: 'Enter the code.' })
  .trim()
  .min(6, 'Enter the code.')
  .max(20, 'That code is too long.');

export const factorRequest = z.strictObject({ method: codeFactorKinds, code });

/** Step-up: the password and, when the user has one, a second factor typed as a code. */
export const stepUpRequest = z.strictObject({
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(256, 'A password has at most 256 characters.'),
  method: codeFactorKinds.optional(),
  code: code.optional(),
});

export const meResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  kind: z.enum(['customer', 'staff']),
  /** Whether the user is a party to contracts of their own (a consumer's dashboard has something). */
  hasOwnContracts: z.boolean(),
  /** The organizations the user acts for and the role in each: where a fleet member's home is. */
  memberships: z.array(
    z.object({ organizationId: z.string(), role: z.enum(['admin', 'manager', 'viewer', 'driver']) }),
  ),
  session: z.object({
    idleExpiresAt: z.string(),
    expiresAt: z.string(),
    /** Until when sensitive changes need no step-up (null: step up first). */
    stepUpUntil: z.string().nullable(),
  }),
});
