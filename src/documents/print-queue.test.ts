import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { Database } from '../db/database.ts';
import { printBatches, statements } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { boardContracts } from '../servicing/boarding.ts';
import { loanContract } from '../test-support/contracts.ts';
import { openTestDatabase } from '../test-support/test-app.ts';
import { printQueueStatus, writePrintFile } from './print-queue.ts';

// Paper statements of three loans, one electronic, one already printed and one cut after the date:
// the file of 2026-11-20 holds the three waiting paper ones (by closing date, then contract number),
// each statement's pages in order.
const DATE = calendarDate('2026-11-20');
const clock = fixedClock(DATE);
let database: Database;
let dir: string;
const ids: Record<string, string> = {};

/** A stand-in for the statements engineer's renderer: `pages` pages, each saying whose page it is. */
const rendered: string[] = [];
let failOn: string | undefined;
async function renderStatement(id: string): Promise<Uint8Array> {
  if (id === failOn) throw new Error('cannot render');
  rendered.push(id);
  const name = Object.entries(ids).find(([, v]) => v === id)![0];
  const doc = new PDFDocument({ size: 'LETTER', info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.text(`Statement ${name} page 1`);
  doc.addPage().text(`Statement ${name} page 2`);
  doc.end();
  return new Uint8Array(await done);
}

async function pageTexts(file: string): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)));
  const { text } = await extractText(pdf, { mergePages: false });
  return text.map((t) => t.trim());
}

beforeAll(async () => {
  database = await openTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'autofin-print-'));
  const system = { actor: { type: 'system' as const, id: 'print-queue-test' } };
  // Boarded out of order: the file goes by contract number.
  const numbers = ['RIC-000003', 'RIC-000001', 'RIC-000002'];
  await boardContracts(
    database.db,
    clock,
    numbers.map((contractNumber) => loanContract({ contractNumber })),
    system,
  );
  const contractIds = Object.fromEntries(
    (await database.db.query.contracts.findMany()).map((c) => [c.contractNumber, c.id]),
  );
  const statement = (
    name: string,
    contractNumber: string,
    closingDate: string,
    delivery: 'paper' | 'electronic',
    printedOn: string | null = null,
  ) => ({ name, contractNumber, closingDate, delivery, printedOn });
  for (const s of [
    statement('b', 'RIC-000002', '2026-11-20', 'paper'),
    statement('a', 'RIC-000003', '2026-11-20', 'paper'),
    statement('first', 'RIC-000003', '2026-11-10', 'paper'),
    statement('electronic', 'RIC-000001', '2026-11-20', 'electronic'),
    statement('printed', 'RIC-000001', '2026-10-20', 'paper', '2026-10-20'),
    statement('later', 'RIC-000001', '2026-11-25', 'paper'),
  ]) {
    const [row] = await database.db
      .insert(statements)
      .values({
        contractId: contractIds[s.contractNumber]!,
        periodStart: '2026-10-21',
        closingDate: s.closingDate,
        dueDate: '2026-12-10',
        snapshot: {},
        delivery: s.delivery,
        printedOn: s.printedOn,
        createdAt: clock.now(),
      })
      .returning({ id: statements.id });
    ids[s.name] = row!.id;
  }
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

const printedOn = async (name: string) =>
  (await database.db.select().from(statements).where(eq(statements.id, ids[name]!)))[0]!.printedOn;

describe('writePrintFile', () => {
  it('does nothing when nothing is waiting', async () => {
    expect(
      await writePrintFile(database.db, clock, calendarDate('2026-10-01'), dir, renderStatement),
    ).toBeNull();
    expect(await database.db.select().from(printBatches)).toEqual([]);
  });

  it('commits nothing when a statement cannot be rendered: it stays in the queue', async () => {
    failOn = ids.b;
    await expect(writePrintFile(database.db, clock, DATE, dir, renderStatement)).rejects.toThrow(
      'cannot render',
    );
    failOn = undefined;
    expect(await database.db.select().from(printBatches)).toEqual([]);
    expect(await printedOn('first')).toBeNull();
    expect(await stat(path.join(dir, 'print-2026-11-20.pdf')).catch(() => null)).toBeNull();
  });

  it('puts every waiting paper statement cut by the date in one PDF, marks them and records the batch', async () => {
    expect((await printQueueStatus(database.db)).waiting).toBe(4);
    rendered.length = 0;
    const result = await writePrintFile(database.db, clock, DATE, dir, renderStatement);
    expect(result).toMatchObject({
      written: true,
      batch: { businessDate: DATE, fileName: 'print-2026-11-20.pdf', statementCount: 3 },
    });
    expect(await pageTexts(path.join(dir, 'print-2026-11-20.pdf'))).toEqual([
      'Statement first page 1',
      'Statement first page 2',
      'Statement b page 1',
      'Statement b page 2',
      'Statement a page 1',
      'Statement a page 2',
    ]);
    for (const name of ['first', 'a', 'b']) expect(await printedOn(name)).toBe(DATE);
    expect(await printedOn('electronic')).toBeNull();
    expect(await printedOn('later')).toBeNull();
    expect(await printedOn('printed')).toBe('2026-10-20');
    // No temporary file left behind.
    expect(await readdir(dir)).toEqual(['print-2026-11-20.pdf']);
    expect(await printQueueStatus(database.db)).toMatchObject({
      waiting: 1,
      batches: [{ businessDate: DATE, fileName: 'print-2026-11-20.pdf', statementCount: 3 }],
    });
  });

  it('does nothing new on a rerun', async () => {
    const before = await readFile(path.join(dir, 'print-2026-11-20.pdf'));
    rendered.length = 0;
    const result = await writePrintFile(database.db, clock, DATE, dir, renderStatement);
    expect(result).toMatchObject({ written: false, batch: { statementCount: 3 } });
    expect(rendered).toEqual([]);
    expect(await readFile(path.join(dir, 'print-2026-11-20.pdf'))).toEqual(before);
    expect(await database.db.select().from(printBatches)).toHaveLength(1);
  });

  it('writes the same file again from the batch’s statements when it went missing', async () => {
    const file = path.join(dir, 'print-2026-11-20.pdf');
    const before = await readFile(file);
    await rm(file);
    rendered.length = 0;
    const result = await writePrintFile(database.db, clock, DATE, dir, renderStatement);
    expect(result).toMatchObject({ written: true, batch: { statementCount: 3 } });
    expect(rendered).toEqual([ids.first, ids.b, ids.a]);
    expect(await readFile(file)).toEqual(before);
  });
});
