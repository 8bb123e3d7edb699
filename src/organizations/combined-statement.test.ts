import { mkdtempSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { type CycleDeps, nextSteps, runCyclesInProcess, runStep } from '../cycle/daily-cycle.ts';
import {
  contractPositions,
  contracts,
  cycleSteps,
  fleetVehicles,
  organizationStatements,
  organizations,
  outbox,
} from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { refreshPositions } from '../servicing/positions.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { addMember, boardFleet, businessParty, createOrganization } from '../test-support/organizations.ts';
import { countQueries } from '../test-support/query-count.ts';
import {
  boardContract,
  boardingKey,
  createTestApp,
  TEST_SECRET_KEY,
  type TestApp,
} from '../test-support/test-app.ts';
import { createUser } from '../test-support/users.ts';
import {
  buildCombinedStatement,
  cutOrganizationStatements,
  isOrganizationStatementDate,
  organizationPrintFileName,
  organizationStatementDate,
  writeOrganizationPrintFile,
} from './combined-statement.ts';
import { renderCombinedStatement } from './combined-statement-pdf.ts';
import { type CombinedStatementSnapshot, combinedStatementSnapshot } from './statements.schemas.ts';

// Keystone (paperless, two admins and a viewer): three loans signed in January and never paid (ten
// installments past due at the end of November), two loans signed in November (first due Dec 1), a
// lease signed Nov 20 and due on the 20th, and a loan paid in full (not billed). Harbor (paper) has
// one loan; a person's loan belongs to no organization. Boarded on 2026-11-20; the daily cycle of
// Monday 2026-11-30, the last business day of November, runs on Dec 1.
const CLOSING = calendarDate('2026-11-30');
const KS = businessParty('BIZ-KEYSTONE', 'Keystone Logistics LLC');
const HC = businessParty('BIZ-HARBOR', 'Harbor Courier Co.');
const PAST_DUE = ['FL-0001', 'FL-0002', 'FL-0003'];
const NEW = ['FL-0004', 'FL-0005'];
const LEASE = ['FL-0006'];
const KEYSTONE_BILLED = [...PAST_DUE, ...NEW, ...LEASE];
let t: TestApp;
let keystone = '';
let harbor = '';
let deps: CycleDeps;
const emails = {
  admin: 'ks.admin@example.com',
  admin2: 'ks.admin2@example.com',
  viewer: 'ks.viewer@example.com',
};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  await boardFleet(t, key, KS, PAST_DUE);
  await boardFleet(t, key, KS, NEW, loanContract, {
    contractDate: '2026-11-01',
    firstPaymentDate: '2026-12-01',
  });
  await boardFleet(t, key, KS, LEASE, leaseContract, {
    contractDate: '2026-11-20',
    firstPaymentDate: '2026-11-20',
  });
  await boardFleet(t, key, KS, ['FL-0007']);
  await boardFleet(t, key, HC, ['HC-0001']);
  await boardContract(t, key, loanContract({ contractNumber: 'RIC-000001' }));
  // A paid-off contract is no longer billed.
  await t.database.db
    .update(contracts)
    .set({ status: 'paid_off' })
    .where(eq(contracts.contractNumber, 'FL-0007'));
  keystone = await createOrganization(t, 'BIZ-KEYSTONE');
  harbor = await createOrganization(t, 'BIZ-HARBOR');
  await t.database.db.update(organizations).set({ paperless: true }).where(eq(organizations.id, keystone));
  for (const [login, org, role] of [
    ['ks.admin', keystone, 'admin'],
    ['ks.admin2', keystone, 'admin'],
    ['ks.viewer', keystone, 'viewer'],
    ['hc.admin', harbor, 'admin'],
  ] as const) {
    await addMember(t, org, await createUser(t, login), role);
  }
  const rows = await t.database.db
    .select({ id: contracts.id, n: contracts.contractNumber })
    .from(contracts)
    .where(inArray(contracts.contractNumber, [...PAST_DUE, ...NEW]));
  await t.database.db.insert(fleetVehicles).values(
    rows.map((r) => ({
      contractId: r.id,
      organizationId: keystone,
      unitNumber: `K-${r.n.slice(-3)}`,
      updatedAt: t.clock.now(),
    })),
  );
  deps = {
    clock: fixedClock(calendarDate('2026-12-01')),
    box: secretBox(TEST_SECRET_KEY),
    achOutgoingDir: mkdtempSync(path.join(tmpdir(), 'autofin-ach-')),
    printDir: mkdtempSync(path.join(tmpdir(), 'autofin-print-')),
  };
}, 180_000);
afterAll(() => t.close());

async function statementOf(organizationId: string, closingDate: CalendarDate = CLOSING) {
  const rows = await t.database.db
    .select()
    .from(organizationStatements)
    .where(
      and(
        eq(organizationStatements.organizationId, organizationId),
        eq(organizationStatements.closingDate, closingDate),
      ),
    );
  expect(rows).toHaveLength(1);
  return { ...rows[0]!, snapshot: combinedStatementSnapshot.parse(rows[0]!.snapshot) };
}

const statementMails = () =>
  t.database.db
    .select({ to: outbox.to, subject: outbox.subject, text: outbox.text })
    .from(outbox)
    .where(eq(outbox.template, 'organization-statement-ready'));

async function pdfText(pdf: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

describe('the statement date', () => {
  it.each([
    ['2026-11-30', '2026-11-30'], // a Monday
    ['2026-10-05', '2026-10-30'], // Oct 31 is a Saturday
    ['2026-05-31', '2026-05-29'], // May 31 is a Sunday
    ['2026-12-01', '2026-12-31'],
    ['2027-02-11', '2027-02-26'], // Feb 27 and 28, 2027 are a weekend
  ])('the month of %s closes on %s', (date, closes) => {
    expect(organizationStatementDate(calendarDate(date))).toBe(closes);
    expect(isOrganizationStatementDate(calendarDate(closes))).toBe(true);
  });

  it('cuts nothing on another day', async () => {
    expect(await cutOrganizationStatements(t.database.db, deps.clock, calendarDate('2026-11-27'))).toEqual({
      cut: 0,
      paper: 0,
    });
    expect(await t.database.db.select().from(organizationStatements)).toEqual([]);
  });
});

describe('the daily cycle of the last business day', () => {
  beforeAll(async () => {
    const [run] = await runCyclesInProcess(t.database.db, deps);
    expect(run?.date).toBe(CLOSING);
    const close = run!.stages.find((s) => s.stage === 'close')!;
    expect(close.counts).toMatchObject({ organizationStatements: 2, organizationStatementsPrinted: 1 });
  }, 120_000);

  it('cuts one statement per organization, of its own active contracts only', async () => {
    const ks = await statementOf(keystone);
    const hc = await statementOf(harbor);
    expect(ks.snapshot.lines.map((l) => l.contractNumber)).toEqual(KEYSTONE_BILLED);
    expect(hc.snapshot.lines.map((l) => l.contractNumber)).toEqual(['HC-0001']);
    expect(ks).toMatchObject({ delivery: 'electronic', contractCount: 6, printedOn: null });
    expect(hc).toMatchObject({ delivery: 'paper', contractCount: 1, printedOn: CLOSING });
    expect(ks.snapshot.business).toEqual({
      name: 'Keystone Logistics LLC',
      addressLines: ['1 Logan Square', 'Philadelphia, PA 19103'],
      accountReference: 'BIZ-KEYSTONE',
    });
    expect(ks.snapshot.lender.addressLines).toEqual([
      'Attn: Payoff Department',
      'PO Box 550155',
      'Columbus, OH 43255-0155',
    ]);
    const line = ks.snapshot.lines[0]!;
    expect(line).toMatchObject({
      unitNumber: 'K-001',
      vehicle: { year: 2026, make: 'Honda', model: 'Accord' },
    });
    expect(line.vinLast6).toHaveLength(6);
  });

  it('takes each contract’s figures from its position as of the closing date, and totals them', async () => {
    const { snapshot, totalDueCents } = await statementOf(keystone);
    const [november] = snapshot.lines.filter((l) => l.contractNumber === 'FL-0004');
    // Signed in November, first installment $377.42 due December 1.
    expect(november).toMatchObject({ pastDueCents: 0, amountDueCents: 37_742, dueDate: '2026-12-01' });
    // Never paid since January: ten installments past due, December's due on the 10th, late fees.
    const [old] = snapshot.lines.filter((l) => l.contractNumber === 'FL-0001');
    expect(old).toMatchObject({ pastDueCents: 10 * 37_742, dueDate: '2026-12-10' });
    expect(old!.amountDueCents).toBeGreaterThanOrEqual(11 * 37_742);
    // The stored positions, as the servicing code writes them for the closing date.
    await refreshPositions(t.database.db, CLOSING);
    const stored = await t.database.db
      .select({
        n: contracts.contractNumber,
        amountDue: contractPositions.amountDueCents,
        pastDue: contractPositions.pastDueCents,
      })
      .from(contractPositions)
      .innerJoin(contracts, eq(contracts.id, contractPositions.contractId))
      .where(and(inArray(contracts.contractNumber, KEYSTONE_BILLED), eq(contractPositions.asOf, CLOSING)))
      .orderBy(contracts.contractNumber);
    expect(snapshot.lines.map((l) => [l.contractNumber, l.amountDueCents, l.pastDueCents])).toEqual(
      stored.map((s) => [s.n, s.amountDue, s.pastDue]),
    );
    expect(snapshot.totals.amountDueCents).toBe(stored.reduce((sum, s) => sum + s.amountDue, 0));
    expect(snapshot.totals.pastDueCents).toBe(stored.reduce((sum, s) => sum + s.pastDue, 0));
    expect(totalDueCents).toBe(snapshot.totals.amountDueCents);
    expect(snapshot.firstDueDate).toBe('2026-12-01');
    // Read from the stored rows now, the statement comes out the same.
    expect((await buildCombinedStatement(t.database.db, keystone, CLOSING))?.snapshot).toEqual(snapshot);
  });

  it('tells each admin of a paperless organization by email, and no one of a paper one', async () => {
    const mails = await statementMails();
    expect(mails.map((m) => m.to).sort()).toEqual([emails.admin, emails.admin2].sort());
    const { snapshot } = await statementOf(keystone);
    expect(mails[0]!.subject).toBe('The combined statement for Keystone Logistics LLC is ready');
    expect(mails[0]!.text).toContain(
      `6 contracts, total due ${formatUsd(cents(snapshot.totals.amountDueCents))}`,
    );
    expect(mails.some((m) => m.to === emails.viewer)).toBe(false);
  });

  it('prints the paper statement in its own file beside the contracts’ print file', async () => {
    const file = path.join(deps.printDir, organizationPrintFileName(CLOSING));
    const text = await pdfText(await readFile(file));
    expect(text).toContain('Harbor Courier Co.');
    expect(text).toContain('HC-0001');
    expect(text).not.toContain('Keystone');
    // The contracts' own paper statements still have theirs (the lease is billed 20 days before Dec 20).
    expect(await stat(path.join(deps.printDir, `print-${CLOSING}.pdf`))).toBeTruthy();
  });

  it('never cuts, tells or prints twice when the close stage runs again', async () => {
    const file = path.join(deps.printDir, organizationPrintFileName(CLOSING));
    const before = await readFile(file);
    await t.database.db
      .update(cycleSteps)
      .set({ status: 'pending' })
      .where(and(eq(cycleSteps.businessDate, CLOSING), eq(cycleSteps.step, 'close')));
    const [close] = await nextSteps(t.database.db, CLOSING);
    expect(close?.stage).toBe('close');
    const again = await runStep(t.database.db, deps, close!);
    expect(again.counts).toMatchObject({ organizationStatements: 0, organizationStatementsPrinted: 1 });
    expect(await cutOrganizationStatements(t.database.db, deps.clock, CLOSING)).toEqual({ cut: 0, paper: 0 });
    expect(
      await t.database.db.select({ id: organizationStatements.id }).from(organizationStatements),
    ).toHaveLength(2);
    expect(await statementMails()).toHaveLength(2);
    expect(await readFile(file)).toEqual(before);
  });

  it('writes a lost print file again with the same statements, and holds them for no later file', async () => {
    const file = path.join(deps.printDir, organizationPrintFileName(CLOSING));
    const before = await readFile(file);
    await rm(file);
    expect(await writeOrganizationPrintFile(t.database.db, CLOSING, deps.printDir)).toMatchObject({
      count: 1,
      written: true,
    });
    expect(await readFile(file)).toEqual(before);
    expect(
      await writeOrganizationPrintFile(t.database.db, calendarDate('2026-12-01'), deps.printDir),
    ).toBeNull();
  });
});

describe('reading the fleet', () => {
  const counted = async (organizationId: string, date: CalendarDate) => {
    const counter = countQueries(t.database.db);
    try {
      await buildCombinedStatement(t.database.db, organizationId, date);
    } finally {
      counter.stop();
    }
    return counter.statements.length;
  };

  it('costs the same few queries for six contracts as for one, stored positions or not', async () => {
    // Stored as of the closing date (the test before refreshed them to it).
    expect(await counted(keystone, CLOSING)).toBe(await counted(harbor, CLOSING));
    expect(await counted(keystone, CLOSING)).toBeLessThanOrEqual(3);
    // Another date: recomputed, set-based (the ledger's balances, the money credited, interest posted).
    const past = calendarDate('2026-11-27');
    expect(await counted(keystone, past)).toBe(await counted(harbor, past));
    expect(await counted(keystone, past)).toBeLessThanOrEqual(7);
  });
});

describe('the PDF', () => {
  let snapshot: CombinedStatementSnapshot;
  beforeAll(async () => {
    snapshot = (await statementOf(keystone)).snapshot;
  });

  it('shows the business, the total, every contract and the coupon', async () => {
    const text = await pdfText(await renderCombinedStatement(snapshot));
    expect(text).toContain(`Total due: ${formatUsd(cents(snapshot.totals.amountDueCents))}`);
    for (const line of snapshot.lines) {
      expect(text).toContain(line.contractNumber);
      expect(text).toContain(line.vinLast6!);
    }
    expect(text).toContain('K-002');
    expect(text).toContain('Account reference: BIZ-KEYSTONE');
    expect(text).toContain('Amount enclosed');
    expect(text).toContain('PO Box 550155');
    expect(text).toMatch(/Total 6 contracts \$11,720\.17 \$14,004\.84/);
  });

  it('is the same bytes for the same snapshot', async () => {
    expect(await renderCombinedStatement(snapshot)).toEqual(await renderCombinedStatement(snapshot));
  });

  it('pages a fleet of 5,000 contracts', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => ({
      ...snapshot.lines[0]!,
      contractNumber: `BIG-${String(i + 1).padStart(5, '0')}`,
    }));
    const big = { ...snapshot, lines, totals: { ...snapshot.totals, contracts: lines.length } };
    const pdf = await renderCombinedStatement(big);
    const document = await getDocumentProxy(new Uint8Array(pdf));
    // Some 48 rows a page after page 1.
    expect(document.numPages).toBeGreaterThan(100);
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain('BIG-00001');
    expect(text).toContain('BIG-05000');
  }, 60_000);
});
