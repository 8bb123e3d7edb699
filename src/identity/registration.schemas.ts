import { z } from 'zod';
import { isCalendarDate } from '../core/dates.ts';
import { freeText } from '../platform/fields.schemas.ts';

/**
 * Self-registration. A person proves they are a party to a contract with facts from it (contract
 * number, last four of the SSN or EIN, ZIP code, and the date of birth of a person), then controls
 * an email address (a link), then chooses a User ID and password. Sizes are bounded so a huge body
 * costs nothing; what a password must be is the password policy's, which answers with a reason.
 */
export const registrationRequest = z.strictObject({
  contractNumber: freeText('The contract number', {
    max: 40,
    messages: {
      required: 'Enter the contract number.',
      tooLong: 'A contract number has at most 40 characters.',
    },
  }),
  taxIdLast4: z
    .string({ error: 'Enter the last 4 digits of the SSN or EIN.' })
    .trim()
    .regex(/^\d{4}$/, 'Enter the last 4 digits of the SSN or EIN, such as 1234.'),
  zip: z
    .string({ error: 'Enter the ZIP code.' })
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code, or ZIP+4 such as 19103-1234.'),
  /** A person's; left out when the contract is in a business's name. */
  dateOfBirth: z
    .string({ error: 'Enter the date of birth as YYYY-MM-DD.' })
    .refine(isCalendarDate, 'Enter a real date of birth, such as 1980-04-02.')
    .optional(),
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'An email address has at most 254 characters.')
    .pipe(z.email('Enter an email address such as name@example.com.')),
});
export type RegistrationRequest = z.infer<typeof registrationRequest>;

/** The same answer whether or not the details matched a contract, so it reveals none. */
export const registrationAccepted = z.object({ message: z.string() });

// Any malformed token is answered as an unknown one (REGISTRATION.INVALID_LINK), not field by field.
const token = z.string({ error: 'The link is missing its token.' }).max(200, 'The link is not valid.');

export const registrationLinkRequest = z.strictObject({ token });
export const registrationLinkResponse = z.object({
  /** The first name (a business's name), to greet the person. */
  displayName: z.string(),
  email: z.string(),
});

export const USER_ID_MIN_LENGTH = 6;
export const USER_ID_MAX_LENGTH = 64;

/** A User ID people can type anywhere: letters, digits and `. _ - @`, 6 to 64 of them. */
export const newUserId = z
  .string({ error: 'Choose a User ID.' })
  .trim()
  .min(USER_ID_MIN_LENGTH, `A User ID has at least ${USER_ID_MIN_LENGTH} characters.`)
  .max(USER_ID_MAX_LENGTH, `A User ID has at most ${USER_ID_MAX_LENGTH} characters.`)
  .regex(/^[A-Za-z0-9._@-]+$/, 'Use only letters, digits and . _ - @ in a User ID.');

export const registrationCompleteRequest = z.strictObject({
  token,
  userId: newUserId,
  // Generous bound so the policy, not the schema, says a password is too long (128 code points
  // can be up to 512 UTF-16 units).
  password: z
    .string({ error: 'Choose a password.' })
    .min(1, 'Choose a password.')
    .max(1024, 'That password is far too long.'),
});

export const registrationCompleteResponse = z.object({
  /** `enrol`: set up a second factor now (the session may only do that); `done`: signed in. */
  next: z.enum(['enrol', 'done']),
});
