import { requireContractFor } from '../access/index.ts';
import { type CsvColumn, toCsv } from '../core/csv.ts';
import { type CalendarDate, isCalendarDate } from '../core/dates.ts';
import type { EntryCode } from '../core/ledger.ts';
import { parseCents } from '../core/money.ts';
import type { Actor } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { type PaidBy, paidByOfEntries } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import {
  type LedgerFilter,
  type LedgerTransaction,
  ledgerEntries,
  requireContract,
} from '../servicing/index.ts';
import {
  ACTIVITY_PAGE_SIZE,
  ACTIVITY_TYPE_OF_ENTRY,
  type ActivityQuery,
  type ActivityResponse,
  type ActivityTransaction,
} from './activity.schemas.ts';

/**
 * A customer's transaction history: the contract's ledger entries, newest first, each as the change
 * to what the customer owes and its split by balance; filtered, searched and paged in SQL.
 */

/** The customer's balances, by the ledger account that holds each (the other legs are the lender's side). */
const SPLIT_OF_ACCOUNT: Record<string, keyof ActivityTransaction['split']> = {
  interest: 'interestCents',
  principal: 'principalCents',
  fees: 'feesCents',
  unapplied: 'unappliedCents',
  lease_receivable: 'leaseReceivableCents',
  sales_tax_payable: 'salesTaxCents',
};

export function toActivity(entry: LedgerTransaction, paidBy: PaidBy = null): ActivityTransaction {
  const split = {
    interestCents: 0,
    principalCents: 0,
    feesCents: 0,
    unappliedCents: 0,
    leaseReceivableCents: 0,
    salesTaxCents: 0,
  };
  for (const leg of entry.postings) {
    const part = SPLIT_OF_ACCOUNT[leg.account];
    if (part) split[part] += leg.amountCents;
  }
  return {
    id: entry.entryId,
    date: entry.effectiveDate,
    type: ACTIVITY_TYPE_OF_ENTRY[entry.code as EntryCode],
    description: entry.memo,
    reference: entry.reference,
    amountCents: Object.values(split).reduce((sum, part) => sum + part, 0),
    split,
    paidBy,
  };
}

/** The entries as activity, each payment naming its authorized payer when it had one (one query for all). */
async function activityOf(db: Db, entries: readonly LedgerTransaction[]): Promise<ActivityTransaction[]> {
  const paidBy = await paidByOfEntries(
    db,
    entries.filter((e) => e.code === 'PAYMENT' || e.code === 'PAYOFF').map((e) => e.entryId),
  );
  return entries.map((entry) => toActivity(entry, paidBy.get(entry.entryId) ?? null));
}

/** The position after which the next page starts, opaque to clients. */
function encodeCursor(last: ActivityTransaction): string {
  return Buffer.from(JSON.stringify([last.date, last.id])).toString('base64url');
}

function decodeCursor(cursor: string): { effectiveDate: string; entryId: number } {
  try {
    const [date, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof date === 'string' && isCalendarDate(date) && Number.isSafeInteger(id) && (id as number) > 0)
      return { effectiveDate: date, entryId: id as number };
  } catch {
    // Not JSON: the same answer as any other cursor this API did not give.
  }
  throw new DomainError('invalid', 'ACTIVITY.CURSOR_INVALID', 'The cursor is not one this API gave.', {
    cursor: 'The cursor is not one this API gave; start again without it.',
  });
}

/** An amount typed as a search ("123.45", "$1,234.50"): it finds entries that moved that much. */
function searchedAmount(text: string): number | undefined {
  try {
    return Math.abs(parseCents(text));
  } catch {
    return undefined;
  }
}

function ledgerFilter(query: ActivityQuery): LedgerFilter {
  const text = query.q?.trim();
  return {
    from: query.from as CalendarDate | undefined,
    to: query.to as CalendarDate | undefined,
    codes: query.type
      ? Object.entries(ACTIVITY_TYPE_OF_ENTRY)
          .filter(([, type]) => type === query.type)
          .map(([code]) => code)
      : undefined,
    search: text ? { text, amountCents: searchedAmount(text) } : undefined,
    newestFirst: true,
  };
}

/** One page of the history, newest first, and the cursor of the next. */
export async function contractActivity(
  db: Db,
  actor: Actor,
  contractNumber: string,
  query: ActivityQuery,
): Promise<ActivityResponse> {
  const { id } = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const { kind } = await requireContract(db, contractNumber);
  const limit = query.limit ?? ACTIVITY_PAGE_SIZE;
  const entries = await ledgerEntries(db, id, {
    ...ledgerFilter(query),
    olderThan: query.cursor ? decodeCursor(query.cursor) : undefined,
    // One more than the page tells whether there is a next page.
    limit: limit + 1,
  });
  const transactions = await activityOf(db, entries.slice(0, limit));
  const last = transactions.at(-1);
  return {
    contractNumber,
    kind,
    transactions,
    nextCursor: entries.length > limit && last ? encodeCursor(last) : null,
  };
}

const CSV_COLUMNS: CsvColumn<ActivityTransaction>[] = [
  { header: 'Date', text: (t) => t.date },
  { header: 'Type', text: (t) => t.type },
  { header: 'Description', text: (t) => t.description },
  { header: 'Reference', text: (t) => t.reference },
  { header: 'Amount', amount: (t) => t.amountCents },
  { header: 'Interest', amount: (t) => t.split.interestCents },
  { header: 'Principal', amount: (t) => t.split.principalCents },
  { header: 'Fees', amount: (t) => t.split.feesCents },
  { header: 'Unapplied', amount: (t) => t.split.unappliedCents },
  { header: 'Lease payments', amount: (t) => t.split.leaseReceivableCents },
  { header: 'Sales tax', amount: (t) => t.split.salesTaxCents },
  { header: 'Paid by', text: (t) => (t.paidBy ? `${t.paidBy.name}, authorized payer` : null) },
];

/** Every transaction the filters match, newest first, as a CSV file safe to open in a spreadsheet. */
export async function contractActivityCsv(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  query: ActivityQuery,
): Promise<{ filename: string; csv: string }> {
  const { id } = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const paging = (['cursor', 'limit'] as const).filter((k) => query[k] !== undefined);
  if (paging.length > 0) {
    throw new DomainError(
      'invalid',
      'ACTIVITY.CSV_NOT_PAGED',
      'A CSV file holds every matching transaction, so it takes no cursor or limit.',
      Object.fromEntries(paging.map((k) => [k, 'Leave this out of a CSV download.'])),
    );
  }
  const transactions = await activityOf(db, await ledgerEntries(db, id, ledgerFilter(query)));
  return {
    filename: `${contractNumber}-activity-${clock.today()}.csv`,
    csv: toCsv(CSV_COLUMNS, transactions),
  };
}
