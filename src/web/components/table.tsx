import { type ReactNode, useId } from 'react';
import { Link } from 'react-aria-components';

export type Column<Row> = {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Right-aligned with tabular figures, for amounts. */
  isNumeric?: boolean;
  /** The cell names its row (`<th scope="row">`), so screen readers read it with every other cell. */
  isRowHeader?: boolean;
  /**
   * The rows can be put in this column's order (on the server): the header links to the address of
   * that order, and the column the rows are in order of says which way (`aria-sort`).
   */
  sort?: { href: string; direction?: 'ascending' | 'descending' | undefined };
};

const SORT_MARKS = { ascending: '▲', descending: '▼', none: '↕' } as const;

function Header<Row>({ column }: { column: Column<Row> }) {
  const { sort } = column;
  return (
    <th
      scope="col"
      className={
        [column.isNumeric ? 'numeric' : '', sort ? 'table__sortable' : ''].join(' ').trim() || undefined
      }
      aria-sort={sort?.direction}
    >
      {sort ? (
        <Link href={sort.href} className="table__sort">
          {column.header}
          <span aria-hidden="true" className="table__sort-mark">
            {SORT_MARKS[sort.direction ?? 'none']}
          </span>
        </Link>
      ) : (
        column.header
      )}
    </th>
  );
}

type TableProps<Row> = {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string | number;
  /**
   * On a phone each row becomes a card, each value under its column's name, and the headers a line
   * of the orders to choose from: for tables too wide to read by scrolling sideways.
   */
  isStackedOnPhones?: boolean;
};

/**
 * A data table with a caption. It sits in a labelled region that scrolls sideways on narrow
 * screens (unless stacked on phones); the region takes keyboard focus so the columns off screen can
 * be reached without a mouse.
 */
export function Table<Row>({ caption, columns, rows, rowKey, isStackedOnPhones = false }: TableProps<Row>) {
  const captionId = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1).
    <section className="table-scroll" aria-labelledby={captionId} tabIndex={0}>
      <table className={isStackedOnPhones ? 'table table--stacked' : 'table'}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <Header key={column.key} column={column} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => {
                const className = column.isNumeric ? 'numeric' : undefined;
                // A stacked card shows each value under its column's name (CSS, not read out twice).
                return column.isRowHeader ? (
                  <th key={column.key} scope="row" className={className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} className={className} data-label={column.header}>
                    {isStackedOnPhones ? (
                      <span className="table__value">{column.cell(row)}</span>
                    ) : (
                      column.cell(row)
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
