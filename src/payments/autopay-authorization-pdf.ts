import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import { letterhead, longDate, startTaggedPdf, usd } from '../platform/pdf.ts';

/**
 * The customer's copy of an AutoPay authorization (Reg E, 12 CFR 1005.10(b): the consumer gets a
 * copy of a preauthorized-debit authorization): the words accepted, with the version, when, from
 * which address (its last part masked), for which account and from which method (last four only).
 */
export type AutopayAuthorizationInput = {
  contractNumber: string;
  version: string;
  /** The words of that version, or null when this portal no longer has them. */
  text: string | null;
  acceptedOn: CalendarDate;
  /** The moment of acceptance as the confirmation mail showed it ("2026-11-20 15:04 UTC"). */
  acceptedAt: string;
  acceptedIp: string;
  acceptedBy: string;
  method: { kind: 'bank_account' | 'debit_card'; nickname: string; last4: string };
  extraPrincipalCents: number;
  daysBeforeDue: number;
  status: 'active' | 'paused' | 'suspended' | 'cancelled';
};

/** An address with its last part hidden: "203.0.113.x", "2001:db8:0:1::x". */
export function maskIp(ip: string): string {
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(ip.replace(/^::ffff:/, ''));
  if (v4) return `${v4[1]}.x`;
  const cut = ip.lastIndexOf(':');
  return cut >= 0 ? `${ip.slice(0, cut + 1)}x` : 'unknown';
}

const METHOD_KIND = { bank_account: 'Bank account', debit_card: 'Debit card' } as const;
const STATUS_TEXT: Record<AutopayAuthorizationInput['status'], string> = {
  active: 'In effect.',
  paused: 'In effect, paused: no debits are made until it is resumed.',
  suspended: 'Suspended: no debits are made until AutoPay is set up again.',
  cancelled: 'Ended: AutoPay was cancelled, and no more debits are made under it.',
};

export function renderAutopayAuthorization(input: AutopayAuthorizationInput): Promise<Buffer> {
  const pdf = startTaggedPdf({
    title: `AutoPay authorization, account ${input.contractNumber}, accepted ${longDate(input.acceptedOn)}`,
    subject: 'AutoPay authorization',
    author: LENDER.name,
    date: input.acceptedOn,
  });
  letterhead(pdf);
  pdf.block('H1', () =>
    pdf.doc.font('Helvetica-Bold').fontSize(20).text('AutoPay authorization').moveDown(0.5),
  );
  pdf.paragraph(`Account: ${input.contractNumber}`);
  pdf.paragraph(
    `From: ${METHOD_KIND[input.method.kind]} ${input.method.nickname} ending ${input.method.last4}`,
  );
  pdf.paragraph(
    `Amount: each installment still due${input.extraPrincipalCents > 0 ? ` plus ${usd(input.extraPrincipalCents)} extra principal` : ''}; the last debit is exactly the payoff.`,
  );
  pdf.paragraph(
    input.daysBeforeDue === 0
      ? 'When: on each due date (the business day before, when it is not a business day).'
      : `When: ${input.daysBeforeDue} days before each due date (the business day before, when that is not a business day).`,
  );
  pdf.paragraph(`Status: ${STATUS_TEXT[input.status]}`);
  pdf.heading('What you authorized');
  if (input.text === null) {
    pdf.paragraph(
      `This was version ${input.version} of our authorization. We keep its words with your records: call ${LENDER.phone} for a copy.`,
    );
  } else {
    for (const paragraph of input.text.split('\n\n')) pdf.paragraph(paragraph);
  }
  pdf.heading('Your acceptance');
  pdf.paragraph(`Authorization version: ${input.version}`);
  pdf.paragraph(`Accepted by: ${input.acceptedBy}`);
  pdf.paragraph(`Accepted at: ${input.acceptedAt}`);
  pdf.paragraph(`From internet address: ${maskIp(input.acceptedIp)}`);
  pdf.paragraph(
    `To pause or cancel AutoPay, use the AutoPay page of your account, or call ${LENDER.phone} (${LENDER.hours}) at least 3 business days before a debit.`,
  );
  return pdf.finish();
}
