import { z } from 'zod';
import { userIdField } from './sign-in.schemas.ts';

/**
 * Account-recovery requests. The schemas bound sizes and require presence; what a new password must
 * be is the password policy's (core/password-policy.ts), which answers with a reason per field.
 */
const userId = userIdField;

// Generous bounds so the policy, not the schema, tells a person their password is too long
// (128 characters counted as code points can be up to 512 UTF-16 units).
const newPassword = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .min(1, `Enter ${what}.`)
    .max(1024, 'That password is far too long.');

export const forgotUserIdRequest = z.strictObject({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'An email address has at most 254 characters.')
    .pipe(z.email('Enter an email address such as name@example.com.')),
});

export const forgotPasswordRequest = z.strictObject({ userId });

export const resetPasswordRequest = z.strictObject({
  // Any malformed token is answered as an unknown one (AUTH.RESET_TOKEN_INVALID), not field by field.
  token: z.string({ error: 'The link is missing its token.' }).max(200, 'The link is not valid.'),
  password: newPassword('a new password'),
});

export const changePasswordRequest = z.strictObject({
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(256, 'A password has at most 256 characters.'),
  newPassword: newPassword('a new password'),
});

/** The answer to both forgot requests, whether or not an account matched. */
export const acceptedResponse = z.strictObject({});
