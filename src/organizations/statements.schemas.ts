import { z } from 'zod';
import { organizationParams } from './organizations.schemas.ts';

/** `?download=1` saves the PDF instead of showing it, as on a contract's statements. */
export { downloadQuery } from '../documents/statements.schemas.ts';

/**
 * The organization's combined billing statement (issue 15): the snapshot it keeps (what it shows,
 * as cut from the positions of its closing date; rendered to PDF from it alone) and the API's
 * answers. Amounts are integer cents, dates YYYY-MM-DD. A later shape of the snapshot is a new
 * `version`, and the renderer keeps reading the old ones, so a statement never changes once cut.
 */
const money = z.number().int();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const combinedStatementLine = z.object({
  contractNumber: z.string(),
  kind: z.enum(['retail_installment', 'lease']),
  vehicle: z.object({ year: z.number().int(), make: z.string(), model: z.string() }).nullable(),
  /** The fleet's own unit number, when it gave the vehicle one. */
  unitNumber: z.string().nullable(),
  /** The VIN's last six characters: enough to tell vehicles apart on paper. */
  vinLast6: z.string().nullable(),
  /** What the contract's own statement calls past due: installments unpaid after their due date. */
  pastDueCents: money,
  /** Past due, the current installment and fees: the contract's amount due as of the closing date. */
  amountDueCents: money,
  /** When the current installment is due; null when none is to come (past due is due now). */
  dueDate: date.nullable(),
});
export type CombinedStatementLine = z.infer<typeof combinedStatementLine>;

export const combinedStatementSnapshot = z.object({
  version: z.literal(1),
  closingDate: date,
  business: z.object({
    name: z.string(),
    addressLines: z.array(z.string()),
    /** The lender's customer number for the business: the account reference a remittance names. */
    accountReference: z.string(),
  }),
  lender: z.object({
    name: z.string(),
    /** Where payments are mailed (the remittance coupon's address, as on each contract's statement). */
    addressLines: z.array(z.string()),
    phone: z.string(),
    hours: z.string(),
  }),
  /** Every active contract of the organization, by contract number. */
  lines: z.array(combinedStatementLine),
  totals: z.object({ contracts: z.number().int(), pastDueCents: money, amountDueCents: money }),
  /** The earliest due date among the lines, null when none has one. */
  firstDueDate: date.nullable(),
});
export type CombinedStatementSnapshot = z.infer<typeof combinedStatementSnapshot>;

export const organizationStatementParams = organizationParams.extend({
  statementId: z.uuid('There is no such statement.'),
});

const delivery = z.enum(['electronic', 'paper']);

export const organizationStatementsResponse = z.object({
  /** How the next statement goes: an email notice to the admins (true) or on paper. */
  paperless: z.boolean(),
  /** Newest first. */
  statements: z.array(
    z.object({
      id: z.uuid(),
      closingDate: date,
      contractCount: z.number().int(),
      totalDueCents: money,
      pastDueCents: money,
      /** The earliest due date on it (the snapshot's), null when no installment is to come. */
      firstDueDate: date.nullable(),
      delivery,
      /** The business date of the print file it went out in (paper only). */
      printedOn: date.nullable(),
      /** The API path of its PDF. */
      href: z.string(),
    }),
  ),
});

export const organizationStatementResponse = z.object({
  id: z.uuid(),
  delivery,
  statement: combinedStatementSnapshot,
});

export const paperlessRequest = z.strictObject({
  paperless: z.boolean({ error: 'Paperless is true (an email notice) or false (paper).' }),
});
export const paperlessResponse = z.object({ paperless: z.boolean() });
