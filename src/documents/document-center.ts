import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { contractResource, requireContractFor, requireViewableContract } from '../access/index.ts';
import { type CalendarDate, calendarDate, dateParts } from '../core/dates.ts';
import { dateInZone } from '../core/payment-dates.ts';
import { type Actor, can } from '../core/policy.ts';
import type { ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  autopayEnrollments,
  contractParties,
  contracts,
  paymentMethods,
  paymentOrders,
  payments,
  users,
} from '../db/schema.ts';
import { formatMailInstant } from '../notifications/index.ts';
import { renderAutopayAuthorization } from '../payments/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import { DomainError } from '../platform/errors.ts';
import { longDate } from '../platform/pdf.ts';
import { partiesOf, vehicleOf } from '../servicing/index.ts';
import { renderContractDisclosure } from './contract-disclosure-pdf.ts';
import type {
  DocumentItem,
  DocumentKind,
  DocumentsQuery,
  DocumentsResponse,
} from './document-center.schemas.ts';
import { type PaidOffLetterInput, renderPaidInFullLetter, renderTitleReleaseLetter } from './letters-pdf.ts';
import { payoffLetterDocuments } from './payoff-letter.ts';
import { statementDocuments, taxStatementDocuments } from './statements.ts';

/**
 * The document center (issue 7, item 3): every document of the accounts a person may see, in one
 * list, and the PDFs of the kinds that have no page of their own (the contract disclosure, the
 * paid-in-full and title release letters, AutoPay authorizations). Each PDF is authorized like its
 * contract: another customer's answers 404, as one that does not exist.
 */

type ContractRef = {
  id: string;
  contractNumber: string;
  kind: 'retail_installment' | 'lease';
  status: 'active' | 'paid_off' | 'terminated';
  contractDate: string;
};

const accountPath = (contractNumber: string) => `/api/v1/accounts/${encodeURIComponent(contractNumber)}`;

/** Where each kind's PDF is: the statement and payment routes, or those in documents/document-center.routes.ts. */
const HREF: Record<DocumentKind, (d: Omit<DocumentItem, 'href'>) => string> = {
  statement: (d) => `${accountPath(d.contractNumber)}/statements/${d.id}.pdf`,
  tax_statement: (d) => `${accountPath(d.contractNumber)}/tax-statements/${d.year}.pdf`,
  payment_receipt: (d) => `/api/v1/payments/${d.id}/receipt.pdf`,
  autopay_authorization: (d) => `/api/v1/autopay-authorizations/${d.id}.pdf`,
  payoff_letter: (d) => `/api/v1/payoff-letters/${d.id}.pdf`,
  contract_disclosure: (d) => `${accountPath(d.contractNumber)}/documents/contract-disclosure.pdf`,
  paid_in_full_letter: (d) => `${accountPath(d.contractNumber)}/documents/paid-in-full-letter.pdf`,
  title_release_letter: (d) => `${accountPath(d.contractNumber)}/documents/title-release-letter.pdf`,
};

const yearOf = (date: string) => dateParts(calendarDate(date)).year;

const disclosureName = (kind: ContractRef['kind']) =>
  kind === 'lease' ? 'Consumer lease disclosure' : 'Truth in Lending disclosure';

/** The contracts a customer is a party to (any role); staff have none here, as they list no portfolio. */
async function partyContracts(db: Db, actor: Actor): Promise<ContractRef[]> {
  if (actor.kind !== 'customer' || !actor.customerId) return [];
  return db
    .select({
      id: contracts.id,
      contractNumber: contracts.contractNumber,
      kind: contracts.kind,
      status: contracts.status,
      contractDate: contracts.contractDate,
    })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .where(eq(contractParties.customerId, actor.customerId))
    .orderBy(asc(contracts.contractNumber));
}

/** The final payment of each paid-off contract: the newest payment still posted. */
async function finalPayments(db: Db, contractIds: string[]) {
  const final = new Map<string, { amountCents: number; receivedOn: CalendarDate }>();
  if (contractIds.length === 0) return final;
  const rows = await db
    .select({
      contractId: payments.contractId,
      amountCents: payments.amountCents,
      receivedOn: payments.receivedOn,
    })
    .from(payments)
    .where(and(inArray(payments.contractId, contractIds), eq(payments.status, 'posted')))
    .orderBy(desc(payments.receivedOn), desc(payments.createdAt));
  for (const r of rows) {
    if (!final.has(r.contractId))
      final.set(r.contractId, { amountCents: r.amountCents, receivedOn: calendarDate(r.receivedOn) });
  }
  return final;
}

const disclosureOf = (c: ContractRef): Omit<DocumentItem, 'href'> => ({
  id: c.id,
  kind: 'contract_disclosure',
  contractNumber: c.contractNumber,
  title: disclosureName(c.kind),
  date: c.contractDate,
  year: yearOf(c.contractDate),
});

/**
 * Every document of these contracts the actor may open, before any filter. Through a grant
 * (`accountOnly`) those are the account's papers and the grantee's own receipts: no AutoPay
 * authorization, payoff letter or someone else's receipt, which their routes refuse a grantee.
 */
async function documentsOf(
  db: Db,
  actor: Actor,
  scope: ContractRef[],
  timeZone: string,
  accountOnly = false,
): Promise<Omit<DocumentItem, 'href'>[]> {
  const ids = scope.map((c) => c.id);
  if (ids.length === 0) return [];
  const numberOf = new Map(scope.map((c) => [c.id, c.contractNumber]));
  const items: Omit<DocumentItem, 'href'>[] = [
    ...(await statementDocuments(db, ids)),
    ...(await taxStatementDocuments(db, ids)),
  ];

  // Receipts as the receipt route gives them: a party sees every payment on the contract, staff the ones they took.
  const orders = await db
    .select({
      id: paymentOrders.id,
      contractId: paymentOrders.contractId,
      confirmationNumber: paymentOrders.confirmationNumber,
      effectiveDate: paymentOrders.effectiveDate,
    })
    .from(paymentOrders)
    .where(
      and(
        inArray(paymentOrders.contractId, ids),
        inArray(paymentOrders.status, ['pending', 'settled', 'returned']),
        actor.kind === 'customer' && !accountOnly ? undefined : eq(paymentOrders.payerUserId, actor.userId),
      ),
    );
  for (const o of orders) {
    items.push({
      id: o.id,
      kind: 'payment_receipt',
      contractNumber: numberOf.get(o.contractId)!,
      title: `Payment receipt ${o.confirmationNumber}`,
      date: o.effectiveDate,
      year: yearOf(o.effectiveDate),
    });
  }

  if (accountOnly) return [...items, ...scope.map(disclosureOf)];
  const enrolments = await db
    .select({
      id: autopayEnrollments.id,
      contractId: autopayEnrollments.contractId,
      acceptedAt: autopayEnrollments.acceptedAt,
    })
    .from(autopayEnrollments)
    .where(inArray(autopayEnrollments.contractId, ids));
  for (const e of enrolments) {
    const acceptedOn = dateInZone(e.acceptedAt, timeZone);
    items.push({
      id: e.id,
      kind: 'autopay_authorization',
      contractNumber: numberOf.get(e.contractId)!,
      title: `AutoPay authorization accepted ${longDate(acceptedOn)}`,
      date: acceptedOn,
      year: yearOf(acceptedOn),
    });
  }

  for (const letter of await payoffLetterDocuments(db, ids)) {
    items.push({
      id: letter.id,
      kind: 'payoff_letter',
      contractNumber: letter.contractNumber,
      title: `Payoff letter good through ${longDate(letter.goodThrough)}`,
      date: letter.issuedOn,
      year: yearOf(letter.issuedOn),
    });
  }

  items.push(...scope.map(disclosureOf));
  const paidOff = scope.filter((c) => c.status === 'paid_off');
  const finals = await finalPayments(
    db,
    paidOff.map((c) => c.id),
  );
  for (const c of paidOff) {
    const final = finals.get(c.id);
    if (!final) continue;
    for (const [kind, title] of [
      ['paid_in_full_letter', 'Paid-in-full letter'],
      ['title_release_letter', 'Title and lien release letter'],
    ] as const) {
      items.push({
        id: c.id,
        kind,
        contractNumber: c.contractNumber,
        title,
        date: final.receivedOn,
        year: yearOf(final.receivedOn),
      });
    }
  }
  return items;
}

/** Newest first; on one day, by account, then kind as DOCUMENT_KINDS lists them, then id. */
function newestFirst(a: DocumentItem, b: DocumentItem): number {
  return (
    b.date.localeCompare(a.date) ||
    a.contractNumber.localeCompare(b.contractNumber) ||
    a.kind.localeCompare(b.kind) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The documents of every contract the actor may see (a customer's own and shared contracts), newest
 * first, filtered by kind, year and account. Naming an account the actor may not see answers 404;
 * staff, who have no portfolio of their own, list one account at a time.
 */
export async function listDocuments(
  db: Db,
  actor: Actor,
  filter: DocumentsQuery,
  timeZone: string,
): Promise<DocumentsResponse> {
  const own = await partyContracts(db, actor);
  let scope = own;
  let accountOnly = false;
  if (filter.contractNumber) {
    const contract = await requireContractFor(db, actor, 'contract.view_account', filter.contractNumber);
    if (!own.some((c) => c.id === contract.id)) {
      scope = [contractRef(contract)];
      accountOnly = !can(actor, 'contract.view', await contractResource(db, contract.id));
    }
  }
  const all = (await documentsOf(db, actor, scope, timeZone, accountOnly)).map((d) => ({
    ...d,
    href: HREF[d.kind](d),
  }));
  const documents = all
    .filter(
      (d) =>
        (!filter.kind || d.kind === filter.kind) &&
        (!filter.year || d.year === filter.year) &&
        (!filter.contractNumber || d.contractNumber === filter.contractNumber),
    )
    .sort(newestFirst);
  return {
    documents,
    years: [...new Set(all.map((d) => d.year))].sort((a, b) => b - a),
    contractNumbers: scope.map((c) => c.contractNumber),
  };
}

function contractRef(contract: ServicedContract): ContractRef {
  return {
    id: contract.id,
    contractNumber: contract.contractNumber,
    kind: contract.kind,
    status: contract.status,
    contractDate: contract.contractDate,
  };
}

/** The Truth in Lending (loan) or Reg M (lease) disclosure of a contract the actor may see. */
export async function contractDisclosurePdf(db: Db, actor: Actor, contractNumber: string) {
  const contract = await requireContractFor(db, actor, 'contract.view_account', contractNumber);
  const [boarded] = await db
    .select({
      cashPriceCents: contracts.cashPriceCents,
      downPaymentCents: contracts.downPaymentCents,
      amountDueAtSigningCents: contracts.amountDueAtSigningCents,
    })
    .from(contracts)
    .where(eq(contracts.id, contract.id));
  const pdf = await renderContractDisclosure({
    contract,
    ...boarded!,
    parties: (await partiesOf(db, contract.id)).names,
    vehicle: await vehicleOf(db, contract.id),
  });
  return { pdf, filename: `contract-disclosure-${contract.contractNumber}.pdf` };
}

const LETTERS = {
  paid_in_full_letter: {
    render: renderPaidInFullLetter,
    action: 'contract.paid_in_full_letter',
    file: 'paid-in-full-letter',
  },
  title_release_letter: {
    render: renderTitleReleaseLetter,
    action: 'contract.title_release_letter',
    file: 'title-release-letter',
  },
} as const;

/**
 * A paid-off contract's paid-in-full or title release letter; each download is audited, as payoff
 * letters are (a title release is what a buyer or a state asks to see). A contract not paid off has none.
 */
export async function paidOffLetterPdf(
  db: Db,
  actor: Actor,
  contractNumber: string,
  kind: keyof typeof LETTERS,
  meta: RequestMeta,
) {
  const contract = await requireViewableContract(db, actor, contractNumber);
  const final =
    contract.status === 'paid_off' ? (await finalPayments(db, [contract.id])).get(contract.id) : undefined;
  if (!final) {
    throw new DomainError(
      'not_found',
      'DOCUMENTS.NOT_PAID_OFF',
      `Account ${contractNumber} is not paid in full, so it has no ${kind === 'paid_in_full_letter' ? 'paid-in-full' : 'title release'} letter yet.`,
    );
  }
  const parties = await partiesOf(db, contract.id);
  const input: PaidOffLetterInput = {
    contractNumber: contract.contractNumber,
    kind: contract.kind,
    parties: parties.names,
    addressLines: parties.addressLines,
    vehicle: await vehicleOf(db, contract.id),
    paidOffOn: final.receivedOn,
    finalPayment: final,
  };
  const letter = LETTERS[kind];
  const pdf = await letter.render(input);
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: letter.action,
    resource: { type: 'contract', id: contract.contractNumber },
    requestId: meta.requestId,
    ip: meta.ip,
    details: { paidOffOn: final.receivedOn },
  });
  return { pdf, filename: `${letter.file}-${contract.contractNumber}.pdf` };
}

const authorizationNotFound = () =>
  new DomainError(
    'not_found',
    'DOCUMENTS.AUTOPAY_AUTHORIZATION_NOT_FOUND',
    'There is no AutoPay authorization that you can see with this id.',
  );

/** An AutoPay enrolment's authorization (live or ended), for anyone who may see its contract. */
export async function autopayAuthorizationPdf(db: Db, actor: Actor, id: string, timeZone: string) {
  const [row] = await db
    .select({
      enrolment: autopayEnrollments,
      contractNumber: contracts.contractNumber,
      method: { kind: paymentMethods.kind, nickname: paymentMethods.nickname, last4: paymentMethods.last4 },
      acceptedBy: users.displayName,
    })
    .from(autopayEnrollments)
    .innerJoin(contracts, eq(contracts.id, autopayEnrollments.contractId))
    .innerJoin(paymentMethods, eq(paymentMethods.id, autopayEnrollments.paymentMethodId))
    .innerJoin(users, eq(users.id, autopayEnrollments.userId))
    .where(eq(autopayEnrollments.id, id));
  if (!row) throw authorizationNotFound();
  await requireViewableContract(db, actor, row.contractNumber, authorizationNotFound);
  const { enrolment } = row;
  const acceptedOn = dateInZone(enrolment.acceptedAt, timeZone);
  const pdf = await renderAutopayAuthorization({
    contractNumber: row.contractNumber,
    version: enrolment.authorizationVersion,
    // The words as accepted; an enrolment accepted before they were kept (migration 0014) has none.
    text: enrolment.authorizationText,
    acceptedOn,
    acceptedAt: formatMailInstant(enrolment.acceptedAt),
    acceptedIp: enrolment.acceptedIp,
    acceptedBy: row.acceptedBy,
    method: row.method,
    extraPrincipalCents: enrolment.extraPrincipalCents,
    daysBeforeDue: enrolment.daysBeforeDue,
    status: enrolment.status,
  });
  return { pdf, filename: `autopay-authorization-${row.contractNumber}-${acceptedOn}.pdf` };
}
