import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountCell, type CsvColumn, textCell, toCsv } from './csv.ts';
import { cents } from './money.ts';

/** What a spreadsheet could take for the start of a formula (OWASP's list, and after leading spaces). */
const looksLikeFormula = (cell: string) => /^(?:[\t\r]|\s*[=+\-@])/.test(cell);

type Row = { text: string; amount: number };
const columns: CsvColumn<Row>[] = [
  { header: 'Text', text: (r) => r.text },
  { header: 'Amount', amount: (r) => r.amount },
];
// Text full of the characters that matter: formula starts, quotes, separators and line breaks.
const risky = fc.string({
  unit: fc.oneof(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ' ', '"', ',', "'"),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
});
const amount = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

describe('textCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['  =1', "'  =1"],
    ['CHK-1001', 'CHK-1001'],
    ['', ''],
  ])('writes %j as %j', (value, cell) => {
    expect(textCell(value)).toBe(cell);
  });

  it('never leaves a formula start, and changes nothing else', () => {
    fc.assert(
      fc.property(risky, (value) => {
        const cell = textCell(value);
        expect(looksLikeFormula(cell)).toBe(false);
        expect(cell === value || cell === `'${value}`).toBe(true);
      }),
    );
  });
});

describe('amountCell', () => {
  it('is a plain decimal a spreadsheet reads as the same number', () => {
    fc.assert(
      fc.property(amount, (value) => {
        const cell = amountCell(cents(value));
        expect(cell).toMatch(/^-?\d+\.\d{2}$/);
        expect(Math.round(Number(cell) * 100)).toBe(value);
      }),
    );
  });
});

describe('toCsv', () => {
  it('reads back as the same rows, every text cell safe and every amount unquoted', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ text: risky, amount })), (rows) => {
        const csv = toCsv(columns, rows);
        const records: string[][] = parse(csv, { bom: true });
        expect(records[0]).toEqual(['Text', 'Amount']);
        expect(records.slice(1)).toEqual(rows.map((r) => [textCell(r.text), amountCell(cents(r.amount))]));
        for (const [text] of records) expect(looksLikeFormula(text!)).toBe(false);
        for (const r of rows) expect(csv).toContain(`,${amountCell(cents(r.amount))}\r\n`);
      }),
    );
  });

  it('starts with a byte-order mark so spreadsheets read UTF-8', () => {
    expect(toCsv(columns, [{ text: 'Café', amount: -12_345 }])).toBe('\uFEFFText,Amount\r\nCafé,-123.45\r\n');
  });
});
