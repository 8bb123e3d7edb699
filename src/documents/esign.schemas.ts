import { z } from 'zod';

/**
 * Paperless (issue 7): the E-SIGN consent to electronic documents (15 U.S.C. §7001(c)). Shared by the
 * HTTP routes and the web page. Consenting takes the disclosure version the person read and the code
 * printed in the test PDF, which shows they can open the documents we would send them.
 */

/** The test document's code: 6 letters and digits, without 0/O and 1/I/L, which are easy to mistake. */
export const TEST_CODE_LENGTH = 6;
export const TEST_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const paperlessConsentRequest = z.strictObject({
  version: z
    .string({ error: 'Read the disclosure and accept it.' })
    .min(1, 'Read the disclosure and accept it.')
    .max(40, 'This is not a version of the disclosure.'),
  code: z
    .string({ error: 'Enter the code shown in the test document.' })
    .trim()
    .min(1, 'Enter the code shown in the test document.')
    .max(20, `The code has ${TEST_CODE_LENGTH} characters.`),
});
export type PaperlessConsentRequest = z.infer<typeof paperlessConsentRequest>;

export const paperlessResponse = z.object({
  /** Whether statements and notices come electronically (a live consent) or on paper. */
  paperless: z.boolean(),
  /** The disclosure to show, in full, before consenting; its version goes back with the consent. */
  disclosure: z.object({ version: z.string(), text: z.string() }),
  consent: z
    .object({
      version: z.string(),
      consentedAt: z.string().describe('An instant (ISO 8601)'),
      demonstratedAt: z.string().describe('When the test document’s code was typed back'),
      /** False when the disclosure changed since: the person is asked to consent again. */
      current: z.boolean(),
    })
    .nullable(),
  /** Where the test document is. */
  testDocumentUrl: z.string(),
});
export type PaperlessAnswer = z.infer<typeof paperlessResponse>;
