import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { letterhead, longDate, startTaggedPdf, usd } from '../platform/pdf.ts';
import type { PaymentOrder } from './payments.schemas.ts';

const STATUS_TEXT: Record<PaymentOrder['status'], string> = {
  scheduled: 'Scheduled: it will be taken on its payment date.',
  pending: 'Received: applied to the account; the bank has not yet confirmed the debit.',
  settled: 'Completed.',
  cancelled: 'Cancelled: no money was taken.',
  failed: 'Not made: the payment was declined or could not be taken.',
  returned: 'Returned by the bank: the payment was taken back off the account.',
};

const METHOD_KIND = { bank_account: 'Bank account', debit_card: 'Debit card' } as const;

/**
 * A payment's receipt as a tagged PDF: the confirmation number, amount, method (last four only),
 * payment date, status and, once posted, how it applied. The same order gives the same bytes (the
 * document is dated by the day the payment was made, in the lender's zone).
 */
export function renderPaymentReceipt(order: PaymentOrder, madeOn: CalendarDate): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `Payment receipt ${order.confirmationNumber}, account ${order.contractNumber}`,
    subject: 'Payment receipt',
    author: LENDER.name,
    date: madeOn,
  });
  letterhead(pdf);
  pdf.block('H1', () => pdf.doc.font('Helvetica-Bold').fontSize(20).text('Payment receipt').moveDown(0.5));
  pdf.paragraph(`Confirmation number: ${order.confirmationNumber}`);
  pdf.paragraph(`Account: ${order.contractNumber}`);
  pdf.paragraph(`Amount: ${usd(order.amountCents)}`);
  pdf.paragraph(
    `From: ${METHOD_KIND[order.method.kind]} ${order.method.nickname} ending ${order.method.last4}`,
  );
  pdf.paragraph(`Made on: ${longDate(madeOn)}`);
  if (order.paidBy) pdf.paragraph(`Paid by: ${order.paidBy.name}, authorized payer`);
  pdf.paragraph(`Payment date: ${longDate(order.effectiveDate)}`);
  pdf.paragraph(`Status: ${STATUS_TEXT[order.status]}${order.returnCode ? ` (${order.returnCode})` : ''}`);
  if (order.split) {
    pdf.heading('How it applied');
    const s = order.split;
    const rows = [
      ['Interest', s.interestCents],
      ['Principal', s.principalCents],
      ['Fees', s.feesCents],
      ['Lease payments due', s.leaseReceivableCents],
      ['Sales tax', s.salesTaxCents],
      ['Held for the next payment', s.unappliedCents],
    ].filter(([, amount]) => amount !== 0) as [string, number][];
    pdf.table(
      [
        { header: 'Applied to', width: 250 },
        { header: 'Amount', width: 120, align: 'right' },
      ],
      rows.map(([label, amount]) => [label, usd(amount)]),
    );
  }
  pdf.paragraph(
    `Questions about this payment? Call ${LENDER.phone}, ${LENDER.hours}, and give the confirmation number.`,
  );
  return pdf.finish();
}
