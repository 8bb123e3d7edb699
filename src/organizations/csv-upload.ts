import { parse } from 'csv-parse/sync';
import { DomainError } from '../platform/errors.ts';

/**
 * The fleet's CSV uploads (vehicle facts, bulk payment lines): UTF-8 text with a header row, read by
 * csv-parse. Every problem is reported by row (the header is row 1) and field, and a caller changes
 * nothing unless every row is valid, like boarding.
 */
export type CsvRowError = { row: number; field: string; message: string };

/** A cell a spreadsheet would run as a formula; an upload refuses it rather than store it. */
const FORMULA = /^[=+\-@\t\r]/;

const refuse = (code: string, message: string) =>
  new DomainError('invalid', code, message, { file: message });

/** The rows of an upload with their row numbers and any cell that looks like a formula. */
export function readCsvUpload(
  file: Buffer,
): { row: number; record: Record<string, string>; formulaErrors: CsvRowError[] }[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    throw refuse('FLEET.CSV_ENCODING', 'The file is not UTF-8 text: save it as “CSV UTF-8”.');
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new DomainError(
      'invalid',
      'FLEET.CSV_UNREADABLE',
      `The file is not a readable CSV: ${(error as Error).message}`,
      { file: 'The file is not a readable CSV.' },
    );
  }
  if (records.length === 0) throw refuse('FLEET.CSV_EMPTY', 'The file has no rows.');
  return records.map((record, i) => {
    const row = i + 2;
    const formulaErrors = Object.entries(record)
      .filter(([, value]) => FORMULA.test(value))
      .map(([field]) => ({ row, field, message: 'A cell cannot start with = + - @ (a formula).' }));
    return { row, record, formulaErrors };
  });
}

/** Refuses the whole file when any row has a problem, naming each (the first 100) by row and field. */
export function refuseCsvRows(errors: CsvRowError[]): void {
  if (errors.length === 0) return;
  errors.sort((a, b) => a.row - b.row);
  throw new DomainError(
    'invalid',
    'FLEET.CSV_INVALID',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in the file; nothing was changed.`,
    Object.fromEntries(errors.slice(0, 100).map((e) => [`row ${e.row}: ${e.field}`, e.message])),
  );
}
