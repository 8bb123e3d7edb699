import { stat } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, desc, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { previousBusinessDay } from '../core/business-days.ts';
import {
  addDays,
  type CalendarDate,
  calendarDate,
  compareDates,
  dateParts,
  daysInMonth,
} from '../core/dates.ts';
import { addressLines, LENDER } from '../core/lender.ts';
import { cents, formatUsd } from '../core/money.ts';
import type { Actor } from '../core/policy.ts';
import { type ServicedContract, toServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import {
  contractParties,
  contracts,
  customers,
  fleetVehicles,
  organizationMembers,
  organizationStatements,
  organizations,
  vehicles,
} from '../db/schema.ts';
import { notify } from '../notifications/index.ts';
import { auditActorOf, type RequestMeta, recordAudit } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError } from '../platform/errors.ts';
import { writeFileAtomically } from '../platform/files.ts';
import { longDate } from '../platform/pdf.ts';
import { contractInstallments, type PositionSummary, positionSummaries } from '../servicing/index.ts';
import { renderCombinedStatement, renderCombinedStatements } from './combined-statement-pdf.ts';
import { requireOrganization } from './organizations.ts';
import {
  type CombinedStatementLine,
  type CombinedStatementSnapshot,
  combinedStatementSnapshot,
} from './statements.schemas.ts';

/**
 * The organization's combined billing statement (issue 15): once a month, besides each contract's
 * own statement, one statement listing every active contract of the business with its amount due,
 * past due and due date, the total, and one remittance coupon. The daily cycle's close stage cuts
 * it (after the servicing stage has brought every chunk's positions up to date), once per
 * organization and closing date (a unique key and ON CONFLICT DO NOTHING, so a rerun or a doubled
 * worker never makes a second). Its figures are the positions of the closing date, read for the
 * whole fleet at once (`positionSummaries`: the stored rows when they are as of that date, the rest
 * recomputed set-based): a fixed number of queries whatever the fleet's size. The PDF is rendered
 * from the snapshot alone, deterministically; it goes to the admins by an email notice
 * (`organizations.paperless`) or on paper, in its own file beside the day's print file.
 */

/**
 * When it closes: on the last business day of each month. Each contract's own statement closes a
 * fixed number of days before its due date, so a fleet's contracts are billed on every day of the
 * month and no single day of that rule suits them all; a business's payables are run monthly, and
 * at month's end every contract's next installment falls in the month to come, so one statement
 * lists the month's installments with whatever is past due. A business day, because it goes to the
 * mail house in that day's print run and names the day the lender's books closed it.
 */
export function organizationStatementDate(date: CalendarDate): CalendarDate {
  const { year, month } = dateParts(date);
  const lastDay = calendarDate(
    `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`,
  );
  return previousBusinessDay(addDays(lastDay, 1));
}

export const isOrganizationStatementDate = (date: CalendarDate) => organizationStatementDate(date) === date;

const statementNotFound = () =>
  new DomainError(
    'not_found',
    'ORGANIZATIONS.STATEMENT_NOT_FOUND',
    'There is no statement with this id that you can see.',
  );

/**
 * When the current installment is due: the first installment due on or after the closing date and
 * not yet paid (installments are paid oldest first, so it is the first unpaid one, or the first due
 * from the closing date on when older ones are past due). Null when none is to come.
 */
function currentDueDate(contract: ServicedContract, position: PositionSummary, asOf: CalendarDate) {
  const { nextDueDate } = position;
  if (nextDueDate === null) return null;
  const from = compareDates(nextDueDate, asOf) > 0 ? nextDueDate : asOf;
  return contractInstallments(contract).find((i) => compareDates(i.dueDate, from) >= 0)?.dueDate ?? null;
}

/**
 * The statement of `organizationId` as of the end of `closingDate`, and whether the business chose
 * paperless; undefined for no such organization. Three queries (the business, its contracts with
 * their vehicles and unit numbers, their stored positions) and three more when some positions are
 * not stored as of that date (a past date, or a closing date the cycle closes on the day after).
 */
export async function buildCombinedStatement(
  db: Db,
  organizationId: string,
  closingDate: CalendarDate,
): Promise<{ snapshot: CombinedStatementSnapshot; paperless: boolean } | undefined> {
  const [business] = await db
    .select({
      customerId: organizations.customerId,
      paperless: organizations.paperless,
      customer: customers,
    })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(eq(organizations.id, organizationId));
  if (!business) return undefined;
  // One row per contract (DISTINCT ON), should a contract ever carry two vehicle records.
  const rows = await db
    .selectDistinctOn([contracts.contractNumber], {
      contract: contracts,
      vin: vehicles.vin,
      year: vehicles.year,
      make: vehicles.make,
      model: vehicles.model,
      unitNumber: fleetVehicles.unitNumber,
    })
    .from(contractParties)
    .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
    .leftJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .leftJoin(
      fleetVehicles,
      and(eq(fleetVehicles.contractId, contracts.id), eq(fleetVehicles.organizationId, organizationId)),
    )
    .where(
      and(
        eq(contractParties.customerId, business.customerId),
        eq(contracts.status, 'active'),
        lte(contracts.contractDate, closingDate),
      ),
    )
    .orderBy(asc(contracts.contractNumber), asc(vehicles.id));
  const serviced = rows.map((r) => toServicedContract(r.contract));
  const positions = await positionSummaries(db, serviced, closingDate);
  const lines: CombinedStatementLine[] = rows.map((r, i) => {
    const contract = serviced[i]!;
    const position = positions.get(contract.id)!;
    return {
      contractNumber: contract.contractNumber,
      kind: contract.kind,
      vehicle: r.year === null ? null : { year: r.year, make: r.make!, model: r.model! },
      unitNumber: r.unitNumber,
      vinLast6: r.vin === null ? null : r.vin.slice(-6),
      pastDueCents: position.pastDue,
      amountDueCents: position.amountDue,
      dueDate: currentDueDate(contract, position, closingDate),
    };
  });
  const dueDates = lines.flatMap((l) => (l.dueDate ? [l.dueDate] : [])).sort();
  const c = business.customer;
  const snapshot: CombinedStatementSnapshot = {
    version: 1,
    closingDate,
    business: {
      name: c.businessName ?? '',
      addressLines: addressLines({
        line1: c.addressLine1,
        ...(c.addressLine2 ? { line2: c.addressLine2 } : {}),
        city: c.city,
        state: c.state,
        zip: c.zip,
      }),
      accountReference: c.externalId,
    },
    lender: {
      name: LENDER.name,
      addressLines: addressLines(LENDER.payoffAddress),
      phone: LENDER.phone,
      hours: LENDER.hours,
    },
    lines,
    totals: {
      contracts: lines.length,
      pastDueCents: lines.reduce((sum, l) => sum + l.pastDueCents, 0),
      amountDueCents: lines.reduce((sum, l) => sum + l.amountDueCents, 0),
    },
    firstDueDate: dueDates[0] ?? null,
  };
  return { snapshot, paperless: business.paperless };
}

/**
 * The close stage's step: on the organizations' statement date, each organization with an active
 * contract and no statement of that date gets one, and when it chose paperless its admins an email
 * notice (by the channels each chose for statements, as a contract's parties do), in the
 * statement's transaction. Any other date cuts nothing. Answers how many were cut and how many of
 * those go on paper.
 */
export async function cutOrganizationStatements(
  db: Db,
  clock: Clock,
  businessDate: CalendarDate,
): Promise<{ cut: number; paper: number }> {
  if (!isOrganizationStatementDate(businessDate)) return { cut: 0, paper: 0 };
  const due = await db
    .select({ id: organizations.id })
    .from(organizations)
    .leftJoin(
      organizationStatements,
      and(
        eq(organizationStatements.organizationId, organizations.id),
        eq(organizationStatements.closingDate, businessDate),
      ),
    )
    .where(isNull(organizationStatements.id))
    .orderBy(asc(organizations.id));
  let cut = 0;
  let paper = 0;
  for (const { id } of due) {
    const delivery = await cutOrganizationStatement(db, clock, id, businessDate);
    if (delivery) cut += 1;
    if (delivery === 'paper') paper += 1;
  }
  return { cut, paper };
}

async function cutOrganizationStatement(
  db: Db,
  clock: Clock,
  organizationId: string,
  closingDate: CalendarDate,
): Promise<'electronic' | 'paper' | undefined> {
  return db.transaction(async (tx) => {
    const built = await buildCombinedStatement(tx, organizationId, closingDate);
    // Nothing to bill: a business whose contracts are all paid off (or not yet signed) gets none.
    if (!built || built.snapshot.lines.length === 0) return undefined;
    const { snapshot } = built;
    const delivery = built.paperless ? 'electronic' : 'paper';
    const [inserted] = await tx
      .insert(organizationStatements)
      .values({
        organizationId,
        closingDate,
        snapshot,
        totalDueCents: cents(snapshot.totals.amountDueCents),
        contractCount: snapshot.totals.contracts,
        delivery,
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: organizationStatements.id });
    if (!inserted) return undefined;
    if (delivery === 'electronic') {
      const admins = await tx
        .select({ userId: organizationMembers.userId })
        .from(organizationMembers)
        .where(
          and(eq(organizationMembers.organizationId, organizationId), eq(organizationMembers.role, 'admin')),
        )
        .orderBy(asc(organizationMembers.userId));
      for (const { userId } of admins) {
        await notify(tx, clock, {
          userId,
          event: 'statement_ready',
          template: 'organization-statement-ready',
          values: {
            organizationName: snapshot.business.name,
            closingDate: longDate(closingDate),
            contractCount: String(snapshot.totals.contracts),
            totalDue: formatUsd(cents(snapshot.totals.amountDueCents)),
          },
        });
      }
    }
    return delivery;
  });
}

/** The stored bytes as a Buffer, without copying them. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A statement's PDF: rendered from its snapshot the first time, stored, then served from the stored
 * bytes (the same a new render gives). The caller authorizes.
 */
async function storedPdf(db: Db, id: string): Promise<Buffer> {
  const [row] = await db
    .select({ pdf: organizationStatements.pdf })
    .from(organizationStatements)
    .where(eq(organizationStatements.id, id));
  if (row?.pdf) return asBuffer(row.pdf);
  const [source] = await db
    .select({ snapshot: organizationStatements.snapshot })
    .from(organizationStatements)
    .where(eq(organizationStatements.id, id));
  const pdf = await renderCombinedStatement(combinedStatementSnapshot.parse(source!.snapshot));
  await db
    .update(organizationStatements)
    .set({ pdf })
    .where(and(eq(organizationStatements.id, id), isNull(organizationStatements.pdf)));
  return pdf;
}

const hrefOf = (organizationId: string, id: string) =>
  `/api/v1/organizations/${organizationId}/statements/${id}/pdf`;

/** The organization's statements, newest first, and how the next one goes (two queries). */
export async function listOrganizationStatements(db: Db, actor: Actor, organizationId: string) {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const [org] = await db
    .select({ paperless: organizations.paperless })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const rows = await db
    .select({
      id: organizationStatements.id,
      closingDate: organizationStatements.closingDate,
      contractCount: organizationStatements.contractCount,
      totalDueCents: organizationStatements.totalDueCents,
      pastDueCents: sql<string>`${organizationStatements.snapshot}->'totals'->>'pastDueCents'`,
      // JSON null reads as SQL null: a statement with nothing to come has no first due date.
      firstDueDate: sql<string | null>`${organizationStatements.snapshot}->>'firstDueDate'`,
      delivery: organizationStatements.delivery,
      printedOn: organizationStatements.printedOn,
    })
    .from(organizationStatements)
    .where(eq(organizationStatements.organizationId, organizationId))
    .orderBy(desc(organizationStatements.closingDate));
  return {
    paperless: org?.paperless ?? false,
    statements: rows.map((r) => ({
      ...r,
      pastDueCents: Number(r.pastDueCents),
      href: hrefOf(organizationId, r.id),
    })),
  };
}

/**
 * A statement of the organization (another organization's is not found), its opening audited: it
 * carries every contract's figures.
 */
async function openStatement(
  db: Db,
  actor: Actor,
  organizationId: string,
  id: string,
  format: 'json' | 'pdf',
  meta: RequestMeta,
  withSnapshot: boolean,
) {
  requireOrganization(actor, organizationId, 'organization.view_finances');
  const [row] = await db
    .select({
      closingDate: organizationStatements.closingDate,
      delivery: organizationStatements.delivery,
      ...(withSnapshot ? { snapshot: organizationStatements.snapshot } : {}),
    })
    .from(organizationStatements)
    .where(and(eq(organizationStatements.id, id), eq(organizationStatements.organizationId, organizationId)));
  if (!row) throw statementNotFound();
  await recordAudit(db, {
    actor: auditActorOf(actor),
    action: 'organization_statement.open',
    resource: { type: 'organization', id: organizationId },
    ...meta,
    details: { statementId: id, closingDate: row.closingDate, format },
  });
  return row;
}

export async function organizationStatementDetail(
  db: Db,
  actor: Actor,
  organizationId: string,
  id: string,
  meta: RequestMeta,
) {
  const row = await openStatement(db, actor, organizationId, id, 'json', meta, true);
  return { id, delivery: row.delivery, statement: combinedStatementSnapshot.parse(row.snapshot) };
}

export async function organizationStatementPdf(
  db: Db,
  actor: Actor,
  organizationId: string,
  id: string,
  meta: RequestMeta,
) {
  const row = await openStatement(db, actor, organizationId, id, 'pdf', meta, false);
  return { pdf: await storedPdf(db, id), filename: `combined-statement-${row.closingDate}.pdf` };
}

/**
 * How the organization's statements go from the next one on: an email notice to its admins
 * (paperless) or paper to the address on file. Admins only; audited when it changes.
 */
export async function setOrganizationPaperless(
  db: Db,
  actor: Actor,
  organizationId: string,
  paperless: boolean,
  meta: RequestMeta,
) {
  requireOrganization(actor, organizationId, 'organization.manage_settings');
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ paperless: organizations.paperless })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for('update');
    // The membership that passed above is of an organization that exists.
    const was = before!.paperless;
    if (was !== paperless) {
      await tx.update(organizations).set({ paperless }).where(eq(organizations.id, organizationId));
      await recordAudit(tx, {
        actor: auditActorOf(actor),
        action: 'organization.paperless',
        resource: { type: 'organization', id: organizationId },
        ...meta,
        details: { from: was, to: paperless },
      });
    }
    return { paperless };
  });
}

export const organizationPrintFileName = (date: CalendarDate) => `print-${date}-organizations.pdf`;

/** The paper statements that `where` picks, in the file's order: by closing date, then business. */
async function paperStatements(db: Db, where: SQL | undefined) {
  const rows = await db
    .select({ id: organizationStatements.id, snapshot: organizationStatements.snapshot })
    .from(organizationStatements)
    .where(and(eq(organizationStatements.delivery, 'paper'), where))
    .orderBy(
      asc(organizationStatements.closingDate),
      sql`${organizationStatements.snapshot}->'business'->>'accountReference'`,
      asc(organizationStatements.id),
    );
  return rows.map((r) => ({ id: r.id, snapshot: combinedStatementSnapshot.parse(r.snapshot) }));
}

const printFile = (date: CalendarDate, statements: { snapshot: CombinedStatementSnapshot }[]) =>
  renderCombinedStatements(
    statements.map((s) => s.snapshot),
    { title: `Paper combined statements for ${date}`, date },
  );

/**
 * The close stage's print step for combined statements, beside the day's print file of contract
 * statements (documents/print-queue.ts) and by its rules: every paper statement cut on or before
 * `date` and not printed yet goes into `print-<date>-organizations.pdf`; `printed_on` is set in one
 * transaction (so a statement is in exactly one file) and the file is written after the commit,
 * under a temporary name and then renamed. A rerun whose file exists does nothing; one that finds
 * the date's statements marked but no file writes it again from them. Null when nothing waits.
 */
export async function writeOrganizationPrintFile(
  db: Db,
  date: CalendarDate,
  dir: string,
): Promise<{ fileName: string; count: number; written: boolean } | null> {
  const fileName = organizationPrintFileName(date);
  const file = path.join(dir, fileName);
  const printed = await paperStatements(db, eq(organizationStatements.printedOn, date));
  if (printed.length > 0) {
    if (await stat(file).catch(() => null)) return { fileName, count: printed.length, written: false };
    await writeFileAtomically(file, await printFile(date, printed));
    return { fileName, count: printed.length, written: true };
  }
  const waiting = await paperStatements(
    db,
    and(isNull(organizationStatements.printedOn), lte(organizationStatements.closingDate, date)),
  );
  if (waiting.length === 0) return null;
  // Rendered before the commit: a statement that fails to render stays in the queue.
  const content = await printFile(date, waiting);
  const ids = waiting.map((s) => s.id);
  await db.transaction(async (tx) => {
    const marked = await tx
      .update(organizationStatements)
      .set({ printedOn: date })
      .where(and(inArray(organizationStatements.id, ids), isNull(organizationStatements.printedOn)))
      .returning({ id: organizationStatements.id });
    // Another run printed some of them meanwhile: undo, and let the step's retry find its file.
    if (marked.length !== ids.length)
      throw new Error(`combined statements for ${date} changed while their print file was made`);
  });
  await writeFileAtomically(file, content);
  return { fileName, count: ids.length, written: true };
}
