import { stat } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, count, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { CalendarDate } from '../core/dates.ts';
import { LENDER } from '../core/lender.ts';
import type { Db } from '../db/database.ts';
import { contracts, printBatches, statements } from '../db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { writeFileAtomically } from '../platform/files.ts';

/**
 * The print queue (issue 7): statements that go on paper (no E-SIGN consent when they were cut)
 * leave once a business date, all in one PDF for the mail house, `print-<date>.pdf`. The batch row
 * and each statement's `printed_on` commit together, so a statement is in exactly one file; the file
 * is written after the commit (under a temporary name, then renamed, so the mail house never picks
 * up half a file), and a run that finds its batch without a file writes it again from the batch's
 * statements. A rerun for a date whose file exists does nothing.
 *
 * Statements come as PDFs from `renderStatement` (documents/statements.ts), merged page by page with
 * pdf-lib: pdfkit, which draws them, cannot take in pages of another PDF.
 */

export type RenderStatement = (statementId: string) => Promise<Uint8Array>;

export type PrintBatch = {
  businessDate: CalendarDate;
  fileName: string;
  statementCount: number;
  createdAt: Date;
};

export const printFileName = (date: CalendarDate) => `print-${date}.pdf`;

/** The statements of a batch (or the queue), in the file's order: by closing date, then contract number. */
function queued(db: Db, where: ReturnType<typeof and>) {
  return db
    .select({ id: statements.id })
    .from(statements)
    .innerJoin(contracts, eq(contracts.id, statements.contractId))
    .where(where)
    .orderBy(asc(statements.closingDate), asc(contracts.contractNumber));
}

/** One PDF of every statement's pages, in order; the same statements give the same bytes. */
async function mergeStatements(
  date: CalendarDate,
  ids: string[],
  renderStatement: RenderStatement,
): Promise<Uint8Array> {
  const merged = await PDFDocument.create({ updateMetadata: false });
  const at = new Date(`${date}T00:00:00Z`);
  merged.setTitle(`Paper statements for ${date}`);
  merged.setAuthor(LENDER.name);
  merged.setCreationDate(at);
  merged.setModificationDate(at);
  for (const id of ids) {
    const statement = await PDFDocument.load(await renderStatement(id));
    const pages = await merged.copyPages(statement, statement.getPageIndices());
    for (const page of pages) merged.addPage(page);
  }
  return merged.save();
}

async function batchOf(db: Db, date: CalendarDate): Promise<PrintBatch | undefined> {
  const [row] = await db.select().from(printBatches).where(eq(printBatches.businessDate, date));
  return row && { ...row, businessDate: row.businessDate as CalendarDate };
}

/**
 * Writes the print file of `date`: every paper statement cut on or before it and not printed yet.
 * Answers the batch (and whether this call wrote its file), or null when nothing is waiting.
 */
export async function writePrintFile(
  db: Db,
  clock: Clock,
  date: CalendarDate,
  dir: string,
  renderStatement: RenderStatement,
): Promise<{ batch: PrintBatch; written: boolean } | null> {
  const existing = await batchOf(db, date);
  if (existing) {
    if (await stat(path.join(dir, existing.fileName)).catch(() => null))
      return { batch: existing, written: false };
    // Committed, but the file never made it (a crash, a lost disk): the same statements again.
    const ids = (await queued(db, and(eq(statements.delivery, 'paper'), eq(statements.printedOn, date)))).map(
      (s) => s.id,
    );
    await writeFileAtomically(
      path.join(dir, existing.fileName),
      await mergeStatements(date, ids, renderStatement),
    );
    return { batch: existing, written: true };
  }

  const waiting = and(
    eq(statements.delivery, 'paper'),
    isNull(statements.printedOn),
    lte(statements.closingDate, date),
  );
  const ids = (await queued(db, waiting)).map((s) => s.id);
  if (ids.length === 0) return null;
  // Rendered before the commit: a statement that fails to render stays in the queue.
  const file = await mergeStatements(date, ids, renderStatement);
  const batch = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(printBatches)
      .values({
        businessDate: date,
        fileName: printFileName(date),
        statementCount: ids.length,
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return undefined;
    const printed = await tx
      .update(statements)
      .set({ printedOn: date })
      .where(and(inArray(statements.id, ids), isNull(statements.printedOn)))
      .returning({ id: statements.id });
    // Another run printed some of them meanwhile: undo, and let the caller run again.
    if (printed.length !== ids.length)
      throw new Error(`print queue for ${date} changed while its file was made`);
    return { ...row, businessDate: date };
  });
  // Another worker made this date's batch first: its file is the one.
  if (!batch) return writePrintFile(db, clock, date, dir, renderStatement);
  await writeFileAtomically(path.join(dir, batch.fileName), file);
  return { batch, written: true };
}

/** What the staff page shows: paper statements waiting for a file, and the latest files. */
export async function printQueueStatus(
  db: Db,
  limit = 14,
): Promise<{ waiting: number; batches: PrintBatch[] }> {
  const [waiting] = await db
    .select({ n: count() })
    .from(statements)
    .where(and(eq(statements.delivery, 'paper'), isNull(statements.printedOn)));
  const batches = await db.select().from(printBatches).orderBy(desc(printBatches.businessDate)).limit(limit);
  return {
    waiting: waiting?.n ?? 0,
    batches: batches.map((b) => ({ ...b, businessDate: b.businessDate as CalendarDate })),
  };
}
