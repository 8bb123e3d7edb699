import { addDays, calendarDate } from '../core/dates.ts';
import {
  letterhead,
  longDate,
  type RemittanceCoupon,
  remittanceCoupon,
  startTaggedPdf,
  usd,
} from '../platform/pdf.ts';
import type { Applied, StatementSnapshot } from './statements.schemas.ts';

/**
 * The monthly statement as a PDF, from its snapshot alone (no clock, no database), so every render of
 * a statement is the same bytes. Page 1: the account, the amount due, the account summary, the
 * messages and the remittance coupon at its foot; then the payments and how each applied, returned
 * payments, interest, fees, important dates, the payoff or lease details, balances, and the contact.
 */
const COUPON_HEIGHT = 150;

const REASONS = { returned: 'Returned by the bank', posted_in_error: 'Posted in error, reversed' } as const;

export function renderStatement(s: StatementSnapshot): Promise<Buffer> {
  const isLoan = s.kind === 'retail_installment';
  // No due date: the final statement, cut when the contract was paid in full.
  const { dueDate } = s;
  const final = dueDate === null;
  const pdf = startTaggedPdf({
    title: `${final ? 'Final statement' : 'Statement'}, account ${s.contractNumber}, closing ${longDate(s.closingDate)}`,
    subject: 'Monthly statement',
    author: s.lender.name,
    date: calendarDate(s.closingDate),
  });
  const { doc, block, heading, paragraph } = pdf;
  const small = (text: string) => block('P', () => doc.font('Helvetica').fontSize(10).text(text));

  letterhead(pdf);
  block('H1', () =>
    doc
      .font('Helvetica-Bold')
      .fontSize(20)
      .text(
        final ? 'Final statement: paid in full' : isLoan ? 'Monthly statement' : 'Monthly lease statement',
      )
      .moveDown(0.3),
  );
  small(`Account ${s.contractNumber} (${isLoan ? 'retail installment contract' : 'lease'})`);
  small(`Statement period: ${longDate(s.periodStart)} to ${longDate(s.closingDate)}`);
  small(`${s.customer.names.join(', ')}, ${s.customer.addressLines.join(', ')}`);
  if (s.vehicle)
    small(`Vehicle: ${s.vehicle.year} ${s.vehicle.make} ${s.vehicle.model}, VIN ${s.vehicle.vin}`);

  heading('Amount due');
  if (dueDate === null) {
    block('P', () => doc.font('Helvetica-Bold').fontSize(12).text('Amount due: $0.00. Nothing more is due.'));
  } else {
    block('P', () =>
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(`Amount due: ${usd(s.amountDue.totalCents)} by ${longDate(dueDate)}`),
    );
    small(
      `Current installment ${usd(s.amountDue.currentInstallmentCents)}, past due ${usd(s.amountDue.pastDueCents)}, fees due ${usd(s.amountDue.feesDueCents)}.`,
    );
  }

  heading('Account summary');
  const summary = s.summary;
  const lines: [string, number][] = [
    [
      `Beginning balance on ${longDate(addDays(calendarDate(s.periodStart), -1))}`,
      summary.beginningBalanceCents,
    ],
    ...(summary.openedCents !== 0
      ? [[isLoan ? 'Amount financed' : 'Base payments of the lease', summary.openedCents] as [string, number]]
      : []),
    // A lease payment's sales tax is owed to the state, not part of the balance.
    [isLoan ? 'Payments' : 'Payments, less sales tax', -summary.paymentsCents],
    ['Returned payments', summary.returnedPaymentsCents],
    [isLoan ? 'Interest charged' : 'Finance charges', summary.interestChargedCents],
    ['Fees charged', summary.feesChargedCents],
    ...(summary.creditsCents !== 0 ? [['Credits', -summary.creditsCents] as [string, number]] : []),
    [`Ending balance on ${longDate(s.closingDate)}`, summary.endingBalanceCents],
  ];
  pdf.table(
    [
      { header: 'Item', width: 330 },
      { header: 'Amount', width: 138, align: 'right' },
    ],
    lines.map(([label, amount]) => [label, usd(amount)]),
  );

  if (s.messages.length > 0) {
    heading('Messages');
    for (const m of s.messages) small(m.text);
  }
  // Nothing is mailed back on a final statement.
  if (dueDate !== null) remittanceCoupon(pdf, paymentCoupon(s, dueDate));

  doc.addPage();
  heading('Payments received');
  if (s.payments.length === 0) paragraph('No payments were received in this period.');
  else {
    const parts = appliedColumns(isLoan);
    pdf.table(
      [
        { header: 'Received', width: 80 },
        { header: 'Amount', width: 78, align: 'right' },
        ...parts.map((p) => ({ header: p.header, width: p.width, align: 'right' as const })),
      ],
      s.payments.map((p) => [
        longDate(p.receivedOn),
        usd(p.amountCents),
        ...parts.map((part) => usd(p.applied[part.key])),
      ]),
    );
    // The table has no room for a name: each payment an authorized payer made is named beneath it.
    for (const p of s.payments) {
      if (p.paidBy)
        small(
          `${longDate(p.receivedOn)}, ${usd(p.amountCents)}: Payment, paid by ${p.paidBy.name}, authorized payer.`,
        );
    }
  }

  heading('Returned and reversed payments');
  if (s.reversals.length === 0) paragraph('No payment was returned or reversed in this period.');
  else {
    pdf.table(
      [
        { header: 'Reversed', width: 80 },
        { header: 'Payment received', width: 95 },
        { header: 'Amount', width: 78, align: 'right' },
        { header: 'Why', width: 215 },
      ],
      s.reversals.map((r) => [
        longDate(r.reversedOn),
        longDate(r.paymentReceivedOn),
        usd(r.amountCents),
        REASONS[r.reason],
      ]),
    );
    paragraph('A returned payment is added back to what you owe, as it was applied.');
  }

  heading(isLoan ? 'Interest charged' : 'Finance charges');
  paragraph(
    isLoan
      ? `Interest charged in this period: ${usd(s.interestChargedCents)} (simple interest at ${s.loan?.aprPercent}% APR on the principal balance, accrued daily).`
      : `Finance charges in this period: ${usd(s.interestChargedCents)}. The lease's rent charge is part of each base payment.`,
  );

  heading('Fees');
  if (s.fees.length === 0) paragraph('No fees were charged in this period.');
  else
    pdf.table(
      [
        { header: 'Date', width: 80 },
        { header: 'Fee', width: 290 },
        { header: 'Amount', width: 98, align: 'right' },
      ],
      s.fees.map((f) => [
        longDate(f.date),
        f.description || (f.kind === 'late' ? 'Late fee' : 'Returned payment fee'),
        usd(f.amountCents),
      ]),
    );

  heading('Important dates');
  paragraph(`Statement closing date: ${longDate(s.closingDate)}`);
  paragraph(
    dueDate === null ? `Paid in full: ${longDate(s.closingDate)}` : `Payment due date: ${longDate(dueDate)}`,
  );
  if (s.loan) {
    paragraph(`Maturity date: ${longDate(s.loan.maturityDate)}`);
    heading(dueDate === null ? 'Interest paid' : 'Payoff and interest paid');
    if (dueDate !== null) {
      paragraph(`Payoff amount as of ${longDate(s.closingDate)}: ${usd(s.loan.payoffCents)}`);
      paragraph(`Each day after that adds ${usd(s.loan.perDiemCents)} of interest (the per diem).`);
    }
    paragraph(
      `Interest paid this year through ${longDate(s.closingDate)}: ${usd(s.loan.yearToDateInterestPaidCents)}`,
    );
  }
  if (s.lease) {
    paragraph(`Lease maturity date: ${longDate(s.lease.maturityDate)}`);
    heading('Lease details');
    paragraph(
      `Miles allowed: ${s.lease.milesAllowedPerYear.toLocaleString('en-US')} a year, ${s.lease.milesAllowedTotal.toLocaleString('en-US')} over the lease.`,
    );
    paragraph(`Each mile over the allowance costs ${usd(s.lease.excessMileageRateCents)} at lease end.`);
  }

  heading('Balances on the closing date');
  const b = s.balances;
  const balanceLines: [string, number][] = isLoan
    ? [
        ['Principal', b.principalCents],
        ['Interest billed and unpaid', b.interestCents],
        ['Fees', b.feesCents],
        ['Money held for you, not yet applied', b.unappliedCents],
      ]
    : [
        ['Base payments remaining', b.leaseReceivableCents],
        ['Fees', b.feesCents],
        ['Money held for you, not yet applied', b.unappliedCents],
      ];
  pdf.table(
    [
      { header: 'Balance', width: 330 },
      { header: 'Amount', width: 138, align: 'right' },
    ],
    balanceLines.map(([label, amount]) => [label, usd(amount)]),
  );

  heading('Questions?');
  paragraph(`${s.lender.name}, ${s.lender.addressLines.join(', ')}`);
  paragraph(`Call ${s.lender.phone}, ${s.lender.hours}.`);
  return pdf.finish();
}

type AppliedKey = keyof Applied;
function appliedColumns(isLoan: boolean): { key: AppliedKey; header: string; width: number }[] {
  return isLoan
    ? [
        { key: 'interestCents', header: 'Interest', width: 75 },
        { key: 'principalCents', header: 'Principal', width: 80 },
        { key: 'feesCents', header: 'Fees', width: 70 },
        { key: 'unappliedCents', header: 'Held', width: 85 },
      ]
    : [
        { key: 'leaseReceivableCents', header: 'Base payment', width: 80 },
        { key: 'salesTaxCents', header: 'Sales tax', width: 75 },
        { key: 'feesCents', header: 'Fees', width: 70 },
        { key: 'unappliedCents', header: 'Held', width: 85 },
      ];
}

/** The remittance coupon at the foot of page 1, for those who pay by mail. */
function paymentCoupon(s: StatementSnapshot, dueDate: string): RemittanceCoupon {
  return {
    height: COUPON_HEIGHT,
    title: 'Payment coupon',
    instructions: `Paying by mail? Detach this part and send it with your check, payable to ${s.lender.name}. Write the account number on the check.`,
    left: [
      { text: `Account number: ${s.contractNumber}` },
      { text: `Payment due date: ${longDate(dueDate)}` },
      { text: `Amount due: ${usd(s.amountDue.totalCents)}`, bold: true },
      { text: 'Amount enclosed: $______________' },
    ],
    right: [
      { text: 'Mail to:' },
      { text: s.lender.name },
      ...s.lender.addressLines.map((text) => ({ text })),
    ],
  };
}
