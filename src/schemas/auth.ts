import { z } from 'zod';

/** Sign-in requests. Lengths are bounded so a huge body costs nothing; passwords are any Unicode. */
export const loginRequest = z.strictObject({
  userId: z
    .string({ error: 'Enter your User ID.' })
    .trim()
    .min(1, 'Enter your User ID.')
    .max(64, 'A User ID has at most 64 characters.'),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(256, 'A password has at most 256 characters.'),
  /** A solved proof-of-work challenge (base64), required after repeated failures. */
  challenge: z.string().max(4_000).optional(),
});

export const loginResponse = z.union([
  z.object({ next: z.literal('factor'), factors: z.array(z.enum(['totp', 'recovery'])) }),
  z.object({ next: z.literal('done') }),
]);

export const factorRequest = z.strictObject({
  method: z.enum(['totp', 'recovery'], { error: 'The method must be totp or recovery.' }),
  code: z
    .string({ error: 'Enter the code.' })
    .trim()
    .min(6, 'Enter the code.')
    .max(20, 'That code is too long.'),
});

export const meResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  kind: z.enum(['customer', 'staff']),
  session: z.object({ idleExpiresAt: z.string(), expiresAt: z.string() }),
});
