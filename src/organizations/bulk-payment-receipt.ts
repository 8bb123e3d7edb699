import { type CsvColumn, toCsv } from '../core/csv.ts';
import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { letterhead, longDate, startTaggedPdf, usd } from '../platform/pdf.ts';
import type { BulkPaymentDetail } from './bulk-payments.schemas.ts';

/**
 * A bulk payment's receipt, as a tagged PDF and as CSV: the confirmation number, the one debit
 * (account's last four only), its date and status, and every contract with its amount and how it
 * applied. The same bulk payment gives the same bytes (dated by the day it was made).
 */

const STATUS_TEXT: Record<BulkPaymentDetail['status'], string> = {
  scheduled: 'Scheduled: it will be taken on its payment date.',
  pending: 'Received: applied to every account; the bank has not yet confirmed the debit.',
  settled: 'Completed.',
  failed: 'Not made: no money was taken.',
  returned: 'Returned by the bank: the payment was taken back off every account.',
};

type Line = BulkPaymentDetail['lines'][number];
const applied = (line: Line, key: keyof NonNullable<Line['split']>) => line.split?.[key] ?? 0;

export function renderBulkPaymentReceipt(
  bulk: BulkPaymentDetail,
  organizationName: string,
  madeOn: CalendarDate,
): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `Bulk payment receipt ${bulk.confirmationNumber}, ${organizationName}`,
    subject: 'Bulk payment receipt',
    author: LENDER.name,
    date: madeOn,
  });
  letterhead(pdf);
  pdf.block('H1', () =>
    pdf.doc.font('Helvetica-Bold').fontSize(20).text('Bulk payment receipt').moveDown(0.5),
  );
  pdf.paragraph(`Business: ${organizationName}`);
  pdf.paragraph(`Confirmation number: ${bulk.confirmationNumber}`);
  pdf.paragraph(`Total: ${usd(bulk.totalCents)} for ${bulk.lineCount} accounts, in one debit`);
  pdf.paragraph(`From: bank account ${bulk.method.nickname} ending ${bulk.method.last4}`);
  pdf.paragraph(`Made on: ${longDate(madeOn)} by ${bulk.madeBy}`);
  pdf.paragraph(`Payment date: ${longDate(bulk.effectiveDate as CalendarDate)}`);
  pdf.paragraph(`Status: ${STATUS_TEXT[bulk.status]}${bulk.returnCode ? ` (${bulk.returnCode})` : ''}`);
  pdf.heading('Accounts paid');
  pdf.table(
    [
      { header: 'Account', width: 80 },
      { header: 'Vehicle', width: 130 },
      { header: 'Unit', width: 50 },
      { header: 'Amount', width: 60, align: 'right' },
      { header: 'Interest', width: 55, align: 'right' },
      { header: 'Principal or lease', width: 70, align: 'right' },
      { header: 'Fees and tax', width: 55, align: 'right' },
    ],
    bulk.lines.map((line) => [
      line.contractNumber,
      line.vehicle,
      line.unitNumber ?? '',
      usd(line.amountCents),
      usd(applied(line, 'interestCents')),
      usd(applied(line, 'principalCents') + applied(line, 'leaseReceivableCents')),
      usd(applied(line, 'feesCents') + applied(line, 'salesTaxCents')),
    ]),
  );
  pdf.paragraph(
    `Questions about this payment? Call ${LENDER.phone}, ${LENDER.hours}, and give the confirmation number.`,
  );
  return pdf.finish();
}

const CSV_COLUMNS: CsvColumn<Line & { confirmationNumber: string; effectiveDate: string }>[] = [
  { header: 'Confirmation number', text: (l) => l.confirmationNumber },
  { header: 'Payment date', text: (l) => l.effectiveDate },
  { header: 'Contract number', text: (l) => l.contractNumber },
  { header: 'Vehicle', text: (l) => l.vehicle },
  { header: 'Unit number', text: (l) => l.unitNumber },
  { header: 'Status', text: (l) => l.status },
  { header: 'Amount', amount: (l) => l.amountCents },
  { header: 'Interest', amount: (l) => applied(l, 'interestCents') },
  { header: 'Principal', amount: (l) => applied(l, 'principalCents') },
  { header: 'Lease payments', amount: (l) => applied(l, 'leaseReceivableCents') },
  { header: 'Fees', amount: (l) => applied(l, 'feesCents') },
  { header: 'Sales tax', amount: (l) => applied(l, 'salesTaxCents') },
  { header: 'Held for next payment', amount: (l) => applied(l, 'unappliedCents') },
];

export function bulkPaymentReceiptCsv(bulk: BulkPaymentDetail): string {
  return toCsv(
    CSV_COLUMNS,
    bulk.lines.map((line) => ({
      ...line,
      confirmationNumber: bulk.confirmationNumber,
      effectiveDate: bulk.effectiveDate,
    })),
  );
}
