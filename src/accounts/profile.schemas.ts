import parsePhone from 'libphonenumber-js';
import { z } from 'zod';
import { parseMobileNumber } from '../identity/contact-details.schemas.ts';
import { address } from '../servicing/boarding.schemas.ts';

/**
 * The customer's profile as `GET/PATCH /api/v1/profile` carry it. The mailing address is the
 * boarding schema's (US state codes, ZIP or ZIP+4), so a contract's origination system and the
 * customer are held to one rule. Phones are stored in E.164: the mobile number with the rules of
 * `identity/contact-details.schemas.ts` (a number that can receive a text); the main and work numbers may be any valid
 * number, landlines and toll-free included.
 */

/** A main or work number: any valid phone number, read as a US one without a country code. */
export function parsePhoneNumber(input: string): { ok: true; e164: string } | { ok: false; reason: string } {
  const phone = parsePhone(input, { defaultCountry: 'US' });
  if (phone?.isValid()) return { ok: true, e164: phone.number };
  const digits = input.replace(/\D/g, '').length;
  if (!input.trim().startsWith('+') && digits > 0 && digits < 10) {
    return { ok: false, reason: 'This number is too short. Enter all 10 digits, area code first.' };
  }
  return {
    ok: false,
    reason:
      'Enter a phone number such as (201) 555-0123. For a number outside the US, start with + and the country code.',
  };
}

type Parse = typeof parsePhoneNumber;

/** A phone in a PATCH: a number to set, or null or "" to remove it; left out, it stays as it is. */
const phoneChange = (parse: Parse) =>
  z
    .string({ error: 'Enter a phone number, or leave it empty to remove it.' })
    .trim()
    .max(40, 'That is too long for a phone number.')
    .nullable()
    .optional()
    .transform((input, ctx) => {
      if (input === undefined) return undefined;
      if (input === null || input === '') return null;
      const parsed = parse(input);
      if (parsed.ok) return parsed.e164;
      ctx.issues.push({ code: 'custom', message: parsed.reason, input });
      return z.NEVER;
    });

export const PHONE_KINDS = ['main', 'mobile', 'work'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

export const phonesChange = z.strictObject({
  main: phoneChange(parsePhoneNumber),
  mobile: phoneChange(parseMobileNumber),
  work: phoneChange(parsePhoneNumber),
});

export const mailingAddress = address;
export type MailingAddress = z.infer<typeof mailingAddress>;

export const profileChangeRequest = z
  .strictObject({ address: mailingAddress.optional(), phones: phonesChange.optional() })
  .refine((r) => r.address !== undefined || r.phones !== undefined, {
    message: 'Say what to change: address, phones or both.',
  });
export type ProfileChange = z.infer<typeof profileChangeRequest>;

export const profileResponse = z.object({
  /** The User ID the person signs in with. */
  userId: z.string(),
  /** The name on the contracts; it changes by request only (with documents), never here. */
  name: z.string(),
  address: z.object({
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    zip: z.string(),
  }),
  /** E.164 numbers, or null. */
  phones: z.object({
    main: z.string().nullable(),
    mobile: z.string().nullable(),
    work: z.string().nullable(),
  }),
  email: z.object({
    address: z.string(),
    /** Every login address was proved by a link (registration or a change); kept for clients that show it. */
    verified: z.boolean(),
    /** A new address waiting for its owner to open the link mailed to it. */
    pending: z.string().nullable(),
    /** Where a change goes: the verified email change of the security settings. */
    changeAt: z.literal('/api/v1/security/email'),
  }),
});
export type Profile = z.infer<typeof profileResponse>;
