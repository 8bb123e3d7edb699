import { and, eq, inArray } from 'drizzle-orm';
import { requireContractFor, requireViewableContract } from '../access/index.ts';
import { addDays, type CalendarDate, calendarDate, compareDates } from '../core/dates.ts';
import { addressLines, LENDER } from '../core/lender.ts';
import type { Actor } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { contracts, payoffLetters } from '../db/schema.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { letterhead, longDate, startTaggedPdf, usd } from '../platform/pdf.ts';
import {
  contractPayoff,
  PAYOFF_WINDOW_DAYS,
  type PayoffLetterInput,
  partiesOf,
  payoffAnswer,
  payoffLetterInput,
  vehicleOf,
} from '../servicing/index.ts';

/**
 * The customer's payoff quote and the payoff letter a buyer or dealer pays from. A quote is good
 * through a date from today to 30 days ahead: a loan's interest runs to that date, with a per diem
 * for each day the money is late; a lease's figure is its early purchase price as of today.
 */

/** Where and how to send the funds (see core/lender.ts; the wire/ACH details are labelled placeholders). */
export function howToPay(contractNumber: string) {
  return {
    payee: LENDER.name,
    mailTo: addressLines(LENDER.payoffAddress),
    reference: contractNumber,
    phone: LENDER.phone,
    hours: LENDER.hours,
    electronic: { ...LENDER.funds },
  };
}

function checkGoodThrough(date: CalendarDate, today: CalendarDate): void {
  const last = addDays(today, PAYOFF_WINDOW_DAYS);
  if (compareDates(date, last) > 0) {
    throw new DomainError(
      'invalid',
      'PAYOFF.DATE_TOO_FAR',
      `A payoff quote is good through ${PAYOFF_WINDOW_DAYS} days at most.`,
      { date: `Must be on or before ${last}, ${PAYOFF_WINDOW_DAYS} days from today.` },
    );
  }
}

/** The payoff quote of a contract the actor may see, good through `date` (default today). */
export async function customerPayoffQuote(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  date?: CalendarDate,
) {
  // The amount that pays the account off is one of its balances, which a grant shows (and a
  // grantee who pays needs); the letter below stays with the parties.
  await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  return quoteGoodThrough(db, clock, contractNumber, date);
}

async function quoteGoodThrough(db: Db, clock: Clock, contractNumber: string, date?: CalendarDate) {
  const today = clock.today();
  const goodThrough = date ?? today;
  checkGoodThrough(goodThrough, today);
  const answer = payoffAnswer(await contractPayoff(db, clock, contractNumber, goodThrough));
  return {
    ...answer,
    contractNumber,
    goodThrough,
    perDiemCents: answer.kind === 'retail_installment' ? answer.perDiemCents : null,
    howToPay: howToPay(contractNumber),
  };
}

/** What each part of a payoff is called on the letter (the web app has the same names in en.ts). */
const ITEM_LABELS: Record<string, string> = {
  PRINCIPAL: 'Principal',
  INTEREST: 'Interest to the good-through date',
  FEES: 'Fees',
  UNAPPLIED_CREDIT: 'Less money we hold for you',
  REMAINING_BASE_PAYMENTS: 'Remaining base monthly payments',
  TAX_ON_REMAINING_PAYMENTS: 'Tax on the remaining payments',
  RESIDUAL_VALUE: 'Residual value',
  UNEARNED_RENT_CHARGE: 'Less rent charge not yet earned',
  PURCHASE_OPTION_FEE: 'Purchase option fee',
  PAST_DUE: 'Past-due payments',
  FEES_DUE: 'Fees due',
};

/**
 * The letter as a tagged PDF (structure tree, document language, title shown by viewers). The same
 * input gives the same bytes: the creation date is the issue date and the file ID derives from it.
 */
export function renderPayoffLetter(input: PayoffLetterInput): Promise<Buffer> {
  const { quote, issued } = input;
  const title = `Payoff letter, contract ${quote.contractNumber}, good through ${longDate(quote.goodThrough)}`;
  const pdf = startTaggedPdf({
    title,
    subject: 'Payoff letter',
    author: LENDER.name,
    date: calendarDate(issued),
  });
  const { doc, root, block, heading, paragraph } = pdf;

  letterhead(pdf);
  block('H1', () => doc.font('Helvetica-Bold').fontSize(20).text('Payoff letter').moveDown(0.5));
  paragraph(`Date issued: ${longDate(issued)}`);
  paragraph(
    `Contract: ${quote.contractNumber} (${quote.kind === 'lease' ? 'lease' : 'retail installment contract'})`,
  );
  paragraph(`Customer: ${input.parties.join(', ')}`);
  if (input.vehicle) {
    const v = input.vehicle;
    paragraph(`Vehicle: ${[v.year, v.make, v.model, v.trim].filter(Boolean).join(' ')}, VIN ${v.vin}`);
  }

  heading('Payoff amount');
  paragraph(
    `To pay this ${quote.kind === 'lease' ? 'lease' : 'contract'} in full, send ${usd(quote.payoffCents)} so that we receive it on or before ${longDate(quote.goodThrough)}.`,
  );
  const parts = doc.struct('L');
  root.add(parts);
  doc.moveDown(0.3);
  for (const item of quote.items) {
    const line = `${ITEM_LABELS[item.kind] ?? item.kind}: ${usd(item.amountCents)}`;
    parts.add(doc.struct('LI', {}, () => doc.font('Helvetica').fontSize(11).text(line)));
  }
  parts.add(
    doc.struct('LI', {}, () => doc.font('Helvetica-Bold').text(`Payoff amount: ${usd(quote.payoffCents)}`)),
  );
  parts.end();
  if (quote.perDiemCents !== null) {
    paragraph(
      `After ${longDate(quote.goodThrough)}, add ${usd(quote.perDiemCents)} (the per diem) for each day until the funds reach us.`,
    );
  } else {
    paragraph(
      `This is the early purchase price of the lease as of ${longDate(quote.quoteDate)}. A monthly payment that falls due before the funds reach us is still due; anything paid beyond what is owed is refunded.`,
    );
  }

  const pay = howToPay(quote.contractNumber);
  heading('How to send the funds');
  paragraph(`Make the check or transfer payable to ${pay.payee}, with the reference ${pay.reference}.`);
  paragraph(`By mail or overnight courier: ${pay.mailTo.join(', ')}.`);
  paragraph(
    pay.electronic.placeholder
      ? `By wire or ACH: PLACEHOLDER DETAILS, NOT A REAL ACCOUNT (bank ${pay.electronic.bankName}, routing ${pay.electronic.routingNumber}, account ${pay.electronic.accountNumber}). Call ${pay.phone} for the details before you send a wire.`
      : `By wire or ACH: bank ${pay.electronic.bankName}, routing ${pay.electronic.routingNumber}, account ${pay.electronic.accountNumber}.`,
  );

  heading('Title and lien release');
  paragraph(
    'Once the payoff has reached us and cleared, we release our lien and send the title or a lien release to the owner or the new lienholder, as the titling state requires.',
  );
  paragraph(`Questions? Call ${pay.phone}, ${pay.hours}.`);

  return pdf.finish();
}

/**
 * The payoff letter of a contract the actor may see, good through `date`: issued (kept in
 * `payoff_letters`, so the document center can give it again) and audited. The same figure asked for
 * again the same day is the letter already issued.
 */
export async function payoffLetter(
  db: Db,
  clock: Clock,
  actor: Actor,
  contractNumber: string,
  date: CalendarDate | undefined,
  meta: RequestMeta,
) {
  const { id } = await requireViewableContract(db, actor, contractNumber);
  const quote = await quoteGoodThrough(db, clock, contractNumber, date);
  const letter: PayoffLetterInput = {
    issued: clock.today(),
    quote,
    parties: (await partiesOf(db, id)).names,
    vehicle: await vehicleOf(db, id),
  };
  const issued = {
    contractId: id,
    issuedOn: letter.issued,
    goodThrough: quote.goodThrough,
    payoffCents: quote.payoffCents,
  };
  await db
    .insert(payoffLetters)
    .values({ ...issued, letter: payoffLetterInput.parse(letter), createdAt: clock.now() })
    .onConflictDoNothing();
  const [kept] = await db
    .select({ id: payoffLetters.id, letter: payoffLetters.letter })
    .from(payoffLetters)
    .where(
      and(
        eq(payoffLetters.contractId, id),
        eq(payoffLetters.issuedOn, issued.issuedOn),
        eq(payoffLetters.goodThrough, issued.goodThrough),
        eq(payoffLetters.payoffCents, issued.payoffCents),
      ),
    );
  return openedLetter(db, actor, kept!, meta);
}

const letterNotFound = () =>
  new DomainError('not_found', 'PAYOFF.LETTER_NOT_FOUND', 'There is no such payoff letter that you can see.');

/** A payoff letter issued before, as it was issued, to whoever may see its contract; audited. */
export async function issuedPayoffLetter(db: Db, actor: Actor, letterId: string, meta: RequestMeta) {
  const [row] = await db
    .select({ id: payoffLetters.id, letter: payoffLetters.letter, contractNumber: contracts.contractNumber })
    .from(payoffLetters)
    .innerJoin(contracts, eq(contracts.id, payoffLetters.contractId))
    .where(eq(payoffLetters.id, letterId));
  if (!row) throw letterNotFound();
  await requireViewableContract(db, actor, row.contractNumber, letterNotFound);
  return openedLetter(db, actor, row, meta);
}

async function openedLetter(
  db: Db,
  actor: Actor,
  kept: { id: string; letter: Record<string, unknown> },
  meta: RequestMeta,
) {
  const letter = payoffLetterInput.parse(kept.letter);
  const { quote } = letter;
  const pdf = await renderPayoffLetter(letter);
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: 'contract.payoff_letter',
    resource: { type: 'contract', id: quote.contractNumber },
    ...meta,
    details: {
      letterId: kept.id,
      issuedOn: letter.issued,
      goodThrough: quote.goodThrough,
      payoffCents: quote.payoffCents,
    },
  });
  return { pdf, filename: `payoff-letter-${quote.contractNumber}-${quote.goodThrough}.pdf` };
}

/** For the document center: the payoff letters issued on these contracts. */
export async function payoffLetterDocuments(db: Db, contractIds: string[]) {
  if (contractIds.length === 0) return [];
  return db
    .select({
      id: payoffLetters.id,
      contractNumber: contracts.contractNumber,
      issuedOn: payoffLetters.issuedOn,
      goodThrough: payoffLetters.goodThrough,
    })
    .from(payoffLetters)
    .innerJoin(contracts, eq(contracts.id, payoffLetters.contractId))
    .where(inArray(payoffLetters.contractId, contractIds));
}
