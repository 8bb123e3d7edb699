import type { Writable } from 'node:stream';
import { getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { describeStoredTextProblem, type StoredTextProblem, storedTextProblems } from '../core/text.ts';
import type { Db } from '../db/database.ts';
import {
  apiKeys,
  customers,
  passkeys,
  paymentMethods,
  paymentOrders,
  payments,
  users,
  vehicles,
} from '../db/schema.ts';

/**
 * `text check`: the stored free text that breaks the rule of `core/text.ts` (control or
 * text-direction characters, line breaks, not NFC, untrimmed, empty), from before the API judged
 * every field by it, or written around the API. It lists them and changes nothing: what a value
 * should have been is a person's call. Lengths are not judged here (each field has its own limit,
 * and a stored value longer than today's limit is not broken text).
 */

type FreeTextTable = { table: PgTable; id: PgColumn; columns: PgColumn[] };

/** Every column people's free text lands in; all single-line today. */
export const FREE_TEXT_COLUMNS: FreeTextTable[] = [
  {
    table: customers,
    id: customers.id,
    columns: [
      customers.firstName,
      customers.lastName,
      customers.businessName,
      customers.addressLine1,
      customers.addressLine2,
      customers.city,
    ],
  },
  // The greeting name, copied from the customer's first name or business name at registration.
  { table: users, id: users.id, columns: [users.displayName] },
  { table: vehicles, id: vehicles.id, columns: [vehicles.make, vehicles.model, vehicles.trim] },
  {
    table: paymentMethods,
    id: paymentMethods.id,
    columns: [paymentMethods.nickname, paymentMethods.holderName],
  },
  { table: paymentOrders, id: paymentOrders.id, columns: [paymentOrders.guestName] },
  { table: passkeys, id: passkeys.id, columns: [passkeys.name] },
  { table: payments, id: payments.id, columns: [payments.reference] },
  { table: apiKeys, id: apiKeys.id, columns: [apiKeys.label] },
];

export type StoredTextFinding = {
  table: string;
  id: string;
  column: string;
  problems: StoredTextProblem[];
};

/** One query per table (every row, its id and free-text columns), judged by the core rule. */
export async function findBrokenStoredText(
  db: Db,
): Promise<{ findings: StoredTextFinding[]; rowsChecked: number }> {
  const findings: StoredTextFinding[] = [];
  let rowsChecked = 0;
  for (const { table, id, columns } of FREE_TEXT_COLUMNS) {
    const selection = Object.fromEntries([['id', id], ...columns.map((c) => [c.name, c])]) as Record<
      string,
      PgColumn
    >;
    const rows = (await db.select(selection).from(table).orderBy(id)) as Record<string, unknown>[];
    rowsChecked += rows.length;
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column.name];
        if (typeof value !== 'string') continue;
        const problems = storedTextProblems(value);
        if (problems.length > 0) {
          findings.push({ table: getTableName(table), id: String(row.id), column: column.name, problems });
        }
      }
    }
  }
  return { findings, rowsChecked };
}

/** Prints each broken value (table, row id, column, what is wrong) and answers the exit code: 1 when any. */
export async function textCheckCommand(db: Db, out: Writable): Promise<number> {
  const { findings, rowsChecked } = await findBrokenStoredText(db);
  const tables = FREE_TEXT_COLUMNS.length;
  if (findings.length === 0) {
    out.write(`Checked ${rowsChecked} rows of ${tables} tables: no stored free text breaks the text rule.\n`);
    return 0;
  }
  for (const f of findings) {
    out.write(`${f.table} ${f.id} ${f.column}: ${f.problems.map(describeStoredTextProblem).join('; ')}\n`);
  }
  const values = findings.length === 1 ? '1 stored value breaks' : `${findings.length} stored values break`;
  out.write(
    `Checked ${rowsChecked} rows of ${tables} tables: ${values} the text rule (nothing was changed).\n`,
  );
  return 1;
}
