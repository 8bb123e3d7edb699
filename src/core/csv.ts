import { stringify } from 'csv-stringify/sync';
import { type Cents, cents, centsToDecimalString } from './money.ts';

/**
 * CSV files a customer opens in a spreadsheet, safe from formula injection (OWASP "CSV Injection"):
 * a text cell that a spreadsheet would read as a formula gets a leading `'`, so it shows as text.
 * Amounts are written by us as plain decimals ("-123.45"), which spreadsheets read as numbers and
 * never as formulas, so they stay numbers: they are typed apart from text and never escaped.
 * Quoting (commas, quotes, line breaks) is csv-stringify's.
 */

/** A formula starts with one of `= + - @`, or a tab or carriage return; some readers trim spaces first. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

export function textCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function amountCell(amount: Cents): string {
  return centsToDecimalString(amount);
}

export type CsvColumn<Row> = { header: string } & (
  | { text: (row: Row) => string | null }
  | { amount: (row: Row) => number }
);

/**
 * A CSV file with a header row: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line
 * ends (RFC 4180). An empty text is an empty cell.
 */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const cell = (column: CsvColumn<Row>, row: Row) =>
    'amount' in column ? amountCell(cents(column.amount(row))) : textCell(column.text(row) ?? '');
  return stringify(
    [columns.map((c) => textCell(c.header)), ...rows.map((row) => columns.map((c) => cell(c, row)))],
    { bom: true, record_delimiter: 'windows' },
  );
}
