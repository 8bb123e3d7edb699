import { calendarDate } from '../core/dates.ts';
import { letterhead, longDate, startTaggedPdf, usd } from '../platform/pdf.ts';
import type { TaxStatementSnapshot } from './statements.schemas.ts';

/**
 * The year-end interest statement of a loan, from its snapshot alone: the borrower's copy of what
 * 26 U.S.C. §6050AA(c) requires (the lender's contact; the interest received in the year, the
 * principal outstanding at its start, the origination date, and the vehicle with its VIN).
 */
export function renderTaxStatement(s: TaxStatementSnapshot): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `Vehicle loan interest statement ${s.taxYear}, account ${s.contractNumber}`,
    subject: 'Year-end interest statement',
    author: s.lender.name,
    date: calendarDate(s.issuedOn),
  });
  const { doc, block, heading, paragraph } = pdf;

  letterhead(pdf);
  block('H1', () =>
    doc
      .font('Helvetica-Bold')
      .fontSize(20)
      .text(`Vehicle loan interest statement for ${s.taxYear}`)
      .moveDown(0.3),
  );
  paragraph(`Issued ${longDate(s.issuedOn)}. Keep it with your tax records.`);

  heading('Interest you paid');
  block('P', () =>
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(`Interest received in ${s.taxYear}: ${usd(s.interestPaidCents)}`),
  );
  paragraph(
    'This is the interest part of the payments we received from January 1 through December 31, less the interest of any payment that was returned or reversed in that year.',
  );
  paragraph(
    s.reportableToIrs
      ? `Because it is $600.00 or more, we also report this amount to the Internal Revenue Service (26 U.S.C. §6050AA).`
      : `Because it is less than $600.00, we do not report this amount to the Internal Revenue Service; you may still need it for your return.`,
  );

  heading('Your loan');
  const rows: [string, string][] = [
    ['Account number', s.contractNumber],
    ['Borrower', s.borrower.names.join(', ')],
    ['Borrower address', s.borrower.addressLines.join(', ')],
    ['Loan origination date', longDate(s.originationDate)],
    [`Outstanding principal on ${longDate(s.principalAsOf)}`, usd(s.principalAtStartCents)],
    ...(s.vehicle
      ? ([
          ['Vehicle', `${s.vehicle.year} ${s.vehicle.make} ${s.vehicle.model} (${s.vehicle.condition})`],
          ['Vehicle identification number (VIN)', s.vehicle.vin],
        ] as [string, string][])
      : []),
  ];
  pdf.table(
    [
      { header: 'Item', width: 220 },
      { header: 'Value', width: 248 },
    ],
    rows,
  );

  heading('About the deduction');
  paragraph(
    'For 2025 through 2028, interest on a loan made after December 31, 2024 to buy a new vehicle for personal use, assembled in the United States and secured by a first lien on it, may be deductible (26 U.S.C. §163(h)(4)), subject to limits that depend on your income. We cannot tell you whether you qualify: ask a tax adviser or see the IRS instructions.',
  );

  heading('Lender');
  paragraph(`${s.lender.name}, ${s.lender.addressLines.join(', ')}`);
  paragraph(
    `Lender's taxpayer identification number: ${s.lender.tin}${s.lender.tinIsPlaceholder ? ' (PLACEHOLDER, NOT A REAL NUMBER)' : ''}`,
  );
  paragraph(`Questions about this statement? Call ${s.lender.phone}, ${s.lender.hours}.`);
  return pdf.finish();
}
