import { z } from 'zod';
import { accountGrantParams } from '../grants/grants.schemas.ts';
import { calendarDateField, freeText, optionalFreeText, zipCode } from '../platform/fields.schemas.ts';

/** The support console's requests, judged alike by the API and the console's forms. */

/** One field finds a customer by name, email, phone or contract number. */
export const customerSearchQuery = z.strictObject({
  q: z
    .string({ error: 'Enter a name, email, phone number or contract number.' })
    .trim()
    .min(2, 'Search for at least 2 characters.')
    .max(100, 'Search for at most 100 characters.')
    .pipe(freeText('The search', { max: 100 })),
});

/** What a caller says to prove who they are; a business has no date of birth to give. */
export const verifyCallerBody = z.strictObject({
  dateOfBirth: calendarDateField('The date of birth').optional(),
  taxIdLast4: z.string().regex(/^\d{4}$/, 'The last four digits are 4 digits.'),
  zip: zipCode,
});

/** The audit log's filters and page. */
export const auditLogQuery = z.strictObject({
  /** The User ID of who acted, or a system actor's id (`sign-in`). */
  actor: optionalFreeText('The actor', { max: 80 }),
  /** An action or its start: `staff.` finds every staff action. */
  action: optionalFreeText('The action', { max: 60 }),
  resourceType: optionalFreeText('The resource type', { max: 40 }),
  /** A resource's id, or the User ID of the login an event is about. */
  resource: optionalFreeText('The resource', { max: 80 }),
  /** Events older than this id: the previous page's `nextBefore`. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The latest proof of the ledger, as the console shows it; `check` is null before the first. */
export const ledgerCheckResponse = z.object({
  check: z
    .object({
      checkedAt: z.iso.datetime({ offset: true }),
      /** `staff:<user id>` for the console, `cli` for `npm run cli -- ledger check`. */
      checkedBy: z.string(),
      entryCount: z.number().int(),
      unbalancedEntryCount: z.number().int(),
      balanceMismatchCount: z.number().int(),
      /** Stored positions that differ from their recomputation; null for a check from before positions were stored. */
      positionMismatchCount: z.number().int().nullable(),
      /** The first few of each kind of finding; the counts are complete. */
      findings: z.object({
        unbalancedEntries: z.array(z.object({ entryId: z.number(), sumCents: z.number() })),
        balanceMismatches: z.array(
          z.object({
            contractId: z.string(),
            contractNumber: z.string(),
            account: z.string(),
            cachedCents: z.number(),
            postedCents: z.number(),
          }),
        ),
        /** `asOf` null: the contract has no stored position; else each field that differs. */
        positionMismatches: z.array(
          z.object({
            contractId: z.string(),
            contractNumber: z.string(),
            asOf: z.string().nullable(),
            fields: z.array(
              z.object({
                field: z.string(),
                stored: z.union([z.string(), z.number(), z.null()]),
                recomputed: z.union([z.string(), z.number(), z.null()]),
              }),
            ),
          }),
        ),
      }),
      durationMs: z.number().int(),
    })
    .nullable(),
});
export type LedgerCheckResponse = z.infer<typeof ledgerCheckResponse>;

/** A contract's grants as the console shows them, and ending one: the grants capability's shapes. */
export { staffGrantEndRequest, staffGrantsResponse } from '../grants/grants.schemas.ts';
/** A grant of a contract, as the console's routes name it. */
export const staffGrantParams = accountGrantParams;
