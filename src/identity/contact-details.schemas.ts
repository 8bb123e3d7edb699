import parseMobile from 'libphonenumber-js/mobile';
import { z } from 'zod';

/**
 * Contact details and the code factors, as the API takes them and the web forms check them.
 *
 * Mobile numbers: libphonenumber-js with its `mobile` metadata, which holds only the number ranges
 * that can receive a text (MOBILE and FIXED_LINE_OR_MOBILE). In the North American plan a landline
 * and a mobile share ranges, so every valid US geographic number passes (the full metadata calls
 * them FIXED_LINE_OR_MOBILE); toll-free, premium-rate and 500 "personal" numbers, and the landline
 * ranges of countries that keep them apart, do not. A number without a country code is read as a
 * US one. Stored as E.164 (+12015550123).
 */
export const PHONE_HELP =
  'Enter a mobile number that can receive text messages, such as (201) 555-0123. For a number outside the US, start with + and the country code.';

/** Turns what a person typed into an E.164 mobile number, or the reason it is not one. */
export function parseMobileNumber(input: string): { ok: true; e164: string } | { ok: false; reason: string } {
  const phone = parseMobile(input, { defaultCountry: 'US', extract: false });
  if (phone?.ext) return { ok: false, reason: 'A mobile number has no extension: leave it out.' };
  if (phone?.isValid()) return { ok: true, e164: phone.number };
  const digits = input.replace(/\D/g, '').length;
  if (!input.trim().startsWith('+') && digits > 0 && digits < 10) {
    return { ok: false, reason: 'This number is too short. Enter all 10 digits, area code first.' };
  }
  return { ok: false, reason: PHONE_HELP };
}

export const phoneRequest = z.strictObject({
  phone: z
    .string({ error: 'Enter your mobile number.' })
    .trim()
    .min(1, 'Enter your mobile number.')
    .max(40, 'That is too long for a phone number.')
    .transform((input, ctx) => {
      const parsed = parseMobileNumber(input);
      if (parsed.ok) return parsed.e164;
      ctx.issues.push({ code: 'custom', message: parsed.reason, input });
      return z.NEVER;
    }),
});

/** An email address as a person types it: trimmed, at most 254 characters, the domain in lower case. */
export const emailAddress = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter an email address such as name@example.com.'))
  .transform((email) => {
    const at = email.lastIndexOf('@');
    return `${email.slice(0, at)}${email.slice(at).toLowerCase()}`;
  });

export const emailChangeRequest = z.strictObject({ email: emailAddress });

export const emailConfirmRequest = z.strictObject({
  // Any malformed token is answered as an unknown one, not field by field.
  token: z.string({ error: 'The link is missing its token.' }).max(200, 'The link is not valid.'),
});

const oneTimeCode = z
  .string({ error: 'Enter the code.' })
  .trim()
  .regex(/^\d{6}$/, 'The code is 6 digits, such as 123456.');

export const phoneConfirmRequest = z.strictObject({ code: oneTimeCode });

/**
 * Turns email or SMS codes on or off. Turning email codes on takes a code just sent to the address
 * (`POST /api/v1/security/code-factors/email/code`): a factor is only on once it has worked.
 */
export const codeFactorsRequest = z
  .strictObject({
    email: z.boolean().optional(),
    sms: z.boolean().optional(),
    code: oneTimeCode.optional(),
  })
  .refine((r) => r.email !== undefined || r.sms !== undefined, {
    message: 'Say which codes to turn on or off (email, sms).',
  });

export const contactResponse = z.object({
  email: z.string(),
  /** An address waiting for its owner to open the link we mailed it. */
  pendingEmail: z.string().nullable(),
  /** E.164, or null. */
  phone: z.string().nullable(),
  phoneVerified: z.boolean(),
  /** A number this session sent a code to and has not confirmed yet. */
  pendingPhone: z.string().nullable(),
  emailCodes: z.boolean(),
  smsCodes: z.boolean(),
});
export type ContactDetails = z.infer<typeof contactResponse>;

export const codeFactorsResponse = z.object({ emailCodes: z.boolean(), smsCodes: z.boolean() });
