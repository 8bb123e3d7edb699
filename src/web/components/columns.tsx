import { DateDisplay } from './date-display.tsx';
import { Money } from './money.tsx';
import type { Column } from './table.tsx';

/** A column of amounts in cents, right-aligned. */
export function moneyColumn<Row>(key: string, header: string, cents: (row: Row) => number): Column<Row> {
  return { key, header, isNumeric: true, cell: (row) => <Money cents={cents(row)} /> };
}

/** A column of calendar dates (`YYYY-MM-DD`). */
export function dateColumn<Row>(key: string, header: string, date: (row: Row) => string): Column<Row> {
  return { key, header, cell: (row) => <DateDisplay date={date(row)} /> };
}
