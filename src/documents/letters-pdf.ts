import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { letterhead, longDate, startTaggedPdf, type TaggedPdf, usd } from '../platform/pdf.ts';

/**
 * The letters of a contract paid in full: the paid-in-full letter (the account is closed, with its
 * final payment) and the title and lien release letter (the lien on the vehicle is released and the
 * title goes to the owner). Both are dated the day the final payment was received, so the same
 * contract gives the same bytes.
 */
export type PaidOffLetterInput = {
  contractNumber: string;
  kind: 'retail_installment' | 'lease';
  /** The parties' names, the primary party first, and the primary party's mailing address. */
  parties: string[];
  addressLines: string[];
  vehicle: { year: number; make: string; model: string; trim: string | null; vin: string } | null;
  paidOffOn: CalendarDate;
  finalPayment: { amountCents: number; receivedOn: CalendarDate };
};

const vehicleName = (v: NonNullable<PaidOffLetterInput['vehicle']>) =>
  [v.year, v.make, v.model, v.trim].filter(Boolean).join(' ');

function opening(pdf: TaggedPdf, input: PaidOffLetterInput, heading: string): void {
  letterhead(pdf);
  pdf.paragraph(longDate(input.paidOffOn));
  pdf.block('P', () => {
    pdf.doc.font('Helvetica').fontSize(11);
    for (const line of [...input.parties, ...input.addressLines]) pdf.doc.text(line);
    pdf.doc.moveDown(1);
  });
  pdf.block('H1', () => pdf.doc.font('Helvetica-Bold').fontSize(20).text(heading).moveDown(0.5));
  pdf.paragraph(
    `Account: ${input.contractNumber} (${input.kind === 'lease' ? 'lease' : 'retail installment contract'})`,
  );
  if (input.vehicle) pdf.paragraph(`Vehicle: ${vehicleName(input.vehicle)}, VIN ${input.vehicle.vin}`);
}

export function renderPaidInFullLetter(input: PaidOffLetterInput): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `Paid-in-full letter, account ${input.contractNumber}`,
    subject: 'Paid-in-full letter',
    author: LENDER.name,
    date: input.paidOffOn,
  });
  opening(pdf, input, 'Paid in full');
  pdf.paragraph(
    `Your account ${input.contractNumber} was paid in full on ${longDate(input.paidOffOn)}. Nothing more is owed on it, and it is closed.`,
  );
  pdf.paragraph(
    `Final payment: ${usd(input.finalPayment.amountCents)}, received ${longDate(input.finalPayment.receivedOn)}.`,
  );
  pdf.paragraph(
    'We report the account to the credit bureaus as paid in full. Thank you for choosing us for your vehicle.',
  );
  pdf.paragraph(`Questions? Call ${LENDER.phone}, ${LENDER.hours}.`);
  return pdf.finish();
}

export function renderTitleReleaseLetter(input: PaidOffLetterInput): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `Title and lien release letter, account ${input.contractNumber}`,
    subject: 'Title and lien release letter',
    author: LENDER.name,
    date: input.paidOffOn,
  });
  opening(pdf, input, 'Title and lien release');
  const vin = input.vehicle ? input.vehicle.vin : 'on file';
  pdf.paragraph(
    input.kind === 'lease'
      ? `${LENDER.name} releases its ownership interest in the vehicle with VIN ${vin}, purchased under lease ${input.contractNumber}, as of ${longDate(input.paidOffOn)}.`
      : `${LENDER.name} releases its lien on the vehicle with VIN ${vin} as of ${longDate(input.paidOffOn)}, the date the contract was paid in full.`,
  );
  pdf.paragraph(`Lien released on: ${longDate(input.paidOffOn)}`);
  pdf.paragraph(`Title goes to: ${input.parties.join(', ')}, ${input.addressLines.join(', ')}`);
  pdf.paragraph(
    'Where the title is paper, we mail it, signed off, to that address; where the titling state keeps titles electronically, we tell the state to release the lien, and the state sends the title as it does. If you have moved, call us before you rely on the mail.',
  );
  pdf.paragraph(`Questions? Call ${LENDER.phone}, ${LENDER.hours}.`);
  return pdf.finish();
}
