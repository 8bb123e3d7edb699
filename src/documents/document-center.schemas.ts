import { z } from 'zod';
import { contractNumberParams } from '../servicing/servicing.schemas.ts';

/**
 * The document center (issue 7): one list of every document of the accounts a person may see, each
 * a PDF at `href` authorized like its contract. Dates are YYYY-MM-DD.
 */
export const DOCUMENT_KINDS = [
  'statement',
  'tax_statement',
  'payment_receipt',
  'autopay_authorization',
  'payoff_letter',
  'contract_disclosure',
  'paid_in_full_letter',
  'title_release_letter',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const documentItem = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  contractNumber: z.string(),
  title: z.string(),
  date,
  year: z.number().int(),
  /** The API path of its PDF. */
  href: z.string(),
});
export type DocumentItem = z.infer<typeof documentItem>;

export const documentsResponse = z.object({
  /** Newest first, as filtered. */
  documents: z.array(documentItem),
  /** Every year with a document (whatever the filter), newest first: the year filter's choices. */
  years: z.array(z.number().int()),
  /** The accounts whose documents are listed: the account filter's choices. */
  contractNumbers: z.array(z.string()),
});
export type DocumentsResponse = z.infer<typeof documentsResponse>;

const yearMessage = 'The year is a year such as 2026.';
export const documentsQuery = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS, { error: `The kind is one of ${DOCUMENT_KINDS.join(', ')}.` }).optional(),
  year: z.coerce
    .number({ error: yearMessage })
    .int(yearMessage)
    .min(2000, yearMessage)
    .max(2100, yearMessage)
    .optional(),
  contractNumber: contractNumberParams.shape.contractNumber.optional(),
});
export type DocumentsQuery = z.infer<typeof documentsQuery>;

export const autopayAuthorizationParams = z.strictObject({
  id: z.uuid('There is no such AutoPay authorization.'),
});

export const payoffLetterParams = z.strictObject({
  id: z.uuid('There is no such payoff letter.'),
});
