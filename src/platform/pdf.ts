import PDFDocument from 'pdfkit';
import { type CalendarDate, calendarDate, dateParts } from '../core/dates.ts';
import { addressLines, LENDER } from '../core/lender.ts';
import { cents, formatUsd } from '../core/money.ts';

/**
 * What every document the portal renders shares: a tagged PDF (structure tree, document language,
 * title shown by viewers, so screen readers can read it) that is the same bytes for the same input.
 * The creation date is the document's own date, never the moment of rendering, and pdfkit derives
 * the file ID from it.
 */
export type TaggedPdf = {
  doc: PDFKit.PDFDocument;
  root: PDFKit.PDFStructureElement;
  /** Adds a structure element of `type` (P, H1, H2…) whose content `draw` writes. */
  block(type: string, draw: () => void): void;
  heading(text: string): void;
  paragraph(text: string): void;
  /** A tagged table (Table, TR, TH, TD) with a header row; it breaks across pages by itself. */
  table(columns: { header: string; width: number; align?: 'left' | 'right' }[], rows: string[][]): void;
  /** Closes the structure and the document; resolves to its bytes. */
  finish(): Promise<Buffer>;
};

export function startTaggedPdf(options: {
  title: string;
  subject: string;
  author: string;
  date: CalendarDate;
}): TaggedPdf {
  const at = new Date(`${options.date}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: options.title,
      Author: options.author,
      Subject: options.subject,
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (type: string, draw: () => void) => {
    root.add(doc.struct(type, {}, draw));
  };
  return {
    doc,
    root,
    block,
    heading: (text) =>
      block('H2', () => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3)),
    paragraph: (text) => block('P', () => doc.font('Helvetica').fontSize(11).text(text)),
    table: (columns, rows) => {
      doc.font('Helvetica').fontSize(9);
      const style = (i: number) => ({ width: columns[i]!.width, align: { x: columns[i]!.align ?? 'left' } });
      doc.table({
        // pdfkit's table tags itself under this parent; its type definitions do not list the option yet.
        ...({ structParent: root } as object),
        position: { x: doc.page.margins.left },
        columnStyles: (i: number) => style(i),
        defaultStyle: { border: { bottom: 0.5 }, borderColor: '#999999', padding: 3 },
        data: [
          columns.map((c, i) => ({
            text: c.header,
            type: 'TH' as const,
            font: { src: 'Helvetica-Bold' },
            ...style(i),
          })),
          ...rows,
        ],
      });
      doc.moveDown(0.5);
    },
    finish: () => {
      root.end();
      doc.end();
      return done;
    },
  };
}

/** A date as letters write it ("December 1, 2026"). */
export function longDate(date: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}

/** An amount in cents as US dollars ("$1,234.56", "-$5.00"). */
export const usd = (amount: number) => formatUsd(cents(amount));

/** The lender's name, address and phone at the top of the first page. */
export function letterhead(pdf: TaggedPdf): void {
  const { doc } = pdf;
  pdf.block('P', () => {
    doc.font('Helvetica-Bold').fontSize(16).text(LENDER.name);
    doc.font('Helvetica').fontSize(10).text(addressLines(LENDER.payoffAddress).join('  |  '));
    doc.text(`Phone ${LENDER.phone}, ${LENDER.hours}`).moveDown(1.5);
  });
}

/** A line of a coupon's column: `bold` for the amount, `gapBefore` (in lines) to set it apart from the one above. */
export type CouponLine = { text: string; bold?: boolean; gapBefore?: number };

/** What a coupon says; `height` is the room it takes at the foot of the page. */
export type RemittanceCoupon = {
  height: number;
  title: string;
  instructions: string;
  left: CouponLine[];
  right: CouponLine[];
};

/**
 * The remittance coupon at the foot of the current page, for those who pay by mail: a dashed line to
 * detach it along, its title and what to do, then two columns (what names the payment, where it goes).
 */
export function remittanceCoupon(pdf: TaggedPdf, coupon: RemittanceCoupon): void {
  const { doc, block } = pdf;
  const left = doc.page.margins.left;
  const top = doc.page.height - doc.page.margins.bottom - coupon.height;
  // The page is sized to leave the coupon its place; should an unusual document fill it, the coupon
  // takes the foot of a page of its own rather than print over the text.
  if (doc.y > top - 10) doc.addPage();
  const width = doc.page.width - left - doc.page.margins.right;
  block('H2', () => {
    doc
      .save()
      .moveTo(left, top)
      .lineTo(left + width, top)
      .dash(4, { space: 3 })
      .strokeColor('#666666')
      .stroke()
      .restore();
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(coupon.title, left, top + 8);
  });
  block('P', () =>
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(coupon.instructions, left, top + 24, { width }),
  );
  const column = width / 2;
  const drawColumn = (lines: CouponLine[], x: number) =>
    block('P', () => {
      lines.forEach((line, i) => {
        doc.font(line.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
        if (line.gapBefore) doc.moveDown(line.gapBefore);
        if (i === 0) doc.text(line.text, x, top + 52, { width: column });
        else doc.text(line.text, { width: column });
      });
    });
  drawColumn(coupon.left, left);
  drawColumn(coupon.right, left + column);
}
