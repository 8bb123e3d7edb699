import { type CalendarDate, calendarDate, dateParts } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import {
  letterhead,
  longDate,
  type RemittanceCoupon,
  remittanceCoupon,
  startTaggedPdf,
  type TaggedPdf,
  usd,
} from '../platform/pdf.ts';
import type { CombinedStatementLine, CombinedStatementSnapshot } from './statements.schemas.ts';

/**
 * The organization's combined statement as a PDF, from its snapshot alone (no clock, no database),
 * so every render is the same bytes. Page 1: the business, the total due, the remittance coupon at
 * its foot; then every contract in one tagged table drawn a page at a time, 48 rows a page (a fleet
 * of 5,000 is some 105 pages; pdfkit's own table, tried first, made a file three times the size and
 * was slower), the header row repeated on each page as a pagination artifact so a screen reader
 * reads it once. The print file draws several statements into one document the same way.
 */
const COUPON_HEIGHT = 160;
const ROW_HEIGHT = 13;
const FONT_SIZE = 8;

type Money = (amount: number) => string;
type Column = {
  header: string;
  width: number;
  align?: 'left' | 'right';
  cell: (l: CombinedStatementLine, money: Money) => string;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Dec 10, 2026": a long date does not fit a table column at this size. */
function shortDate(date: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

const COLUMNS: Column[] = [
  { header: 'Contract', width: 64, cell: (l) => l.contractNumber },
  {
    header: 'Vehicle',
    width: 126,
    cell: (l) => (l.vehicle ? `${l.vehicle.year} ${l.vehicle.make} ${l.vehicle.model}` : ''),
  },
  { header: 'Unit', width: 48, cell: (l) => l.unitNumber ?? '' },
  { header: 'VIN (last 6)', width: 48, cell: (l) => l.vinLast6 ?? '' },
  { header: 'Past due', width: 58, align: 'right', cell: (l, money) => money(l.pastDueCents) },
  { header: 'Amount due', width: 62, align: 'right', cell: (l, money) => money(l.amountDueCents) },
  { header: 'Due date', width: 62, cell: (l) => (l.dueDate ? shortDate(l.dueDate) : 'Now') },
];

const statementTitle = (s: CombinedStatementSnapshot) =>
  `Combined statement, ${s.business.name}, closing ${longDate(s.closingDate)}`;

export function renderCombinedStatement(s: CombinedStatementSnapshot): Promise<Buffer> {
  return renderCombinedStatements([s], { title: statementTitle(s), date: calendarDate(s.closingDate) });
}

/** Several statements in one document, each from a new page (the print file of a business date). */
export function renderCombinedStatements(
  statements: readonly CombinedStatementSnapshot[],
  options: { title: string; date: CalendarDate },
): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: options.title,
    subject: 'Combined billing statement',
    author: LENDER.name,
    date: options.date,
  });
  statements.forEach((s, i) => {
    if (i > 0) pdf.doc.addPage();
    drawStatement(pdf, s);
  });
  return pdf.finish();
}

function drawStatement(pdf: TaggedPdf, s: CombinedStatementSnapshot): void {
  const { doc, block, heading } = pdf;
  const small = (text: string) => block('P', () => doc.font('Helvetica').fontSize(10).text(text));

  letterhead(pdf);
  block('H1', () => doc.font('Helvetica-Bold').fontSize(20).text('Combined billing statement').moveDown(0.3));
  small(s.business.name);
  small(s.business.addressLines.join(', '));
  small(`Account reference: ${s.business.accountReference}`);
  small(`Statement date: ${longDate(s.closingDate)}`);

  heading('Amount due');
  block('P', () =>
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(`Total due: ${usd(s.totals.amountDueCents)}`),
  );
  small(
    `${s.totals.contracts} ${s.totals.contracts === 1 ? 'contract' : 'contracts'}; past due, payable now: ${usd(s.totals.pastDueCents)}.` +
      (s.firstDueDate ? ` The earliest installment is due ${longDate(s.firstDueDate)}.` : ''),
  );
  small(
    `Each contract's amount due as of ${longDate(s.closingDate)}: what is past due, the installment due on the date shown and any fees. Each contract's own statement is still sent; one payment of the total covers every contract listed, so do not pay those statements as well.`,
  );
  remittanceCoupon(pdf, businessCoupon(s));

  doc.addPage();
  heading('Contracts');
  contractsTable(pdf, s);

  heading('Questions?');
  pdf.paragraph(`${s.lender.name}, ${s.lender.addressLines.join(', ')}`);
  pdf.paragraph(`Call ${s.lender.phone}, ${s.lender.hours}.`);
}

/** Draws one row of cells at `y`: each a tagged `type` cell of `row`, or untagged with no row. */
function drawCells(
  pdf: TaggedPdf,
  row: PDFKit.PDFStructureElement | null,
  cells: string[],
  y: number,
  type: 'TH' | 'TD',
  bold = type === 'TH',
) {
  const { doc } = pdf;
  let x = doc.page.margins.left;
  cells.forEach((text, i) => {
    const column = COLUMNS[i]!;
    const at = x;
    const draw = () =>
      doc
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(FONT_SIZE)
        .text(text, at + 2, y + 3, {
          width: column.width - 6,
          height: ROW_HEIGHT,
          ellipsis: true,
          align: column.align ?? 'left',
        });
    if (row) row.add(doc.struct(type, {}, draw));
    else draw();
    x += column.width;
  });
  const width = COLUMNS.reduce((sum, c) => sum + c.width, 0);
  const line = () =>
    doc
      .save()
      .moveTo(doc.page.margins.left, y + ROW_HEIGHT)
      .lineTo(doc.page.margins.left + width, y + ROW_HEIGHT)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
      .restore();
  // The rule under a row is layout, not content; an untagged row is inside an artifact already.
  if (!row) {
    line();
    return;
  }
  doc.markContent('Artifact', { type: 'Layout' });
  line();
  doc.endMarkedContent();
}

/**
 * Every line, a page at a time: the header row starts each page (tagged once, then as pagination
 * artifacts), rows follow until the page is full, the totals close the table.
 */
function contractsTable(pdf: TaggedPdf, s: CombinedStatementSnapshot): void {
  const { doc, root } = pdf;
  const table = doc.struct('Table');
  root.add(table);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const headers = COLUMNS.map((c) => c.header);
  const continued = `${s.business.name}, combined statement of ${longDate(s.closingDate)} (continued)`;
  const money: Money = usd;
  const header = (first: boolean) => {
    const y = doc.y;
    if (first) {
      const tr = doc.struct('TR');
      table.add(tr);
      drawCells(pdf, tr, headers, y, 'TH');
      tr.end();
    } else {
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .font('Helvetica')
        .fontSize(FONT_SIZE)
        .text(continued, doc.page.margins.left, doc.page.margins.top - 18);
      drawCells(pdf, null, headers, y, 'TH');
      doc.endMarkedContent();
    }
    doc.y = y + ROW_HEIGHT;
  };
  const row = (cells: string[], bold: boolean) => {
    if (doc.y + ROW_HEIGHT > bottom()) {
      doc.addPage();
      header(false);
    }
    const y = doc.y;
    const tr = doc.struct('TR');
    table.add(tr);
    drawCells(pdf, tr, cells, y, 'TD', bold);
    tr.end();
    doc.y = y + ROW_HEIGHT;
  };
  header(true);
  for (const line of s.lines)
    row(
      COLUMNS.map((c) => c.cell(line, money)),
      false,
    );
  row(
    [
      'Total',
      `${s.totals.contracts} ${s.totals.contracts === 1 ? 'contract' : 'contracts'}`,
      '',
      '',
      usd(s.totals.pastDueCents),
      usd(s.totals.amountDueCents),
      '',
    ],
    true,
  );
  table.end();
  doc.x = doc.page.margins.left;
  doc.moveDown(1);
}

/** The one remittance coupon at the foot of page 1, for a business that pays by check. */
function businessCoupon(s: CombinedStatementSnapshot): RemittanceCoupon {
  return {
    height: COUPON_HEIGHT,
    title: 'Remittance coupon',
    instructions: `Detach this part and send it with one check for every contract listed, payable to ${s.lender.name}. Write the account reference on the check.`,
    left: [
      { text: s.business.name },
      ...s.business.addressLines.map((text) => ({ text })),
      { text: `Account reference: ${s.business.accountReference}` },
      { text: `Statement date: ${longDate(s.closingDate)}` },
    ],
    right: [
      { text: `Total due: ${usd(s.totals.amountDueCents)}`, bold: true },
      { text: 'Amount enclosed: $______________' },
      { text: 'Mail to:', gapBefore: 0.5 },
      { text: s.lender.name },
      ...s.lender.addressLines.map((text) => ({ text })),
    ],
  };
}
