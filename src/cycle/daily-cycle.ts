import { and, asc, eq, gte, ne, sql } from 'drizzle-orm';
import { addDays, type CalendarDate, calendarDate, compareDates } from '../core/dates.ts';
import { DEFAULT_STATEMENT_DAYS_BEFORE_DUE } from '../core/statement-period.ts';
import type { ContractRange } from '../db/contract-range.ts';
import type { Db } from '../db/database.ts';
import { contracts, cycleRuns, cycleSteps } from '../db/schema.ts';
import { cutStatements, makeTaxStatements, storedStatementPdf, writePrintFile } from '../documents/index.ts';
import {
  cutOrganizationStatements,
  postDueBulkPayments,
  writeOrganizationPrintFile,
} from '../organizations/index.ts';
import {
  type PaymentGateway,
  postDuePayments,
  runAutopayStep,
  settleMaturedPayments,
  writeAchFile,
} from '../payments/index.ts';
import { lastCycleDate, markCycleRun } from '../platform/business-date.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/secret-box.ts';
import { assessLateFees, recordDelinquency, refreshPositions } from '../servicing/index.ts';
import { pruneExpiredRows } from './housekeeping.ts';
import { sendDueReminders } from './reminders.ts';

/**
 * The daily close-of-business cycle. The cycle of business date D runs once D is over, in stages:
 *   1. payments (per chunk of contracts): AutoPay payments due are scheduled, then every payment
 *      effective by D posts;
 *   2. ach (once): the day's posted bank debits go out in D's NACHA file; payments past their return
 *      window settle;
 *   3. servicing (per chunk): late fees past grace, the stored positions of the contracts nothing
 *      posted to brought to today (what is due and the payoff move with the date), delinquency
 *      buckets, payment-due reminders, monthly statements on their statement date, and in January
 *      the year-end interest statements;
 *   4. close (once): on the last business day of a month each organization's combined statement is
 *      cut (it spans chunks, so it waits for every chunk's servicing); the paper statements go into
 *      the day's print file, paper combined statements into their own file beside it; expired
 *      short-lived rows are pruned, D is marked done, the next date may start.
 * A stage starts when the one before it is done in every chunk, so D's file holds every debit that
 * posted on D. Planning writes one `cycle_steps` row per stage and chunk; any number of workers run
 * them (cycle/daily-cycle.jobs.ts hands them out through pg-boss; `runCyclesInProcess` runs them here).
 * Every step is idempotent per contract and date (payments post under their contract's lock and once
 * per order, the file takes only debits in no file yet, fees and reminders have unique keys), so a
 * crashed, repeated or doubled step never doubles anything: it only finishes what was left.
 */
export type CycleDeps = {
  clock: Clock;
  box: SecretBox;
  achOutgoingDir: string;
  /** Where each business date's print file of paper statements goes for the mail house. */
  printDir: string;
  gateway?: PaymentGateway | undefined;
  /** Contracts per chunk: the unit of work one job does (1,000 unless a test wants more chunks). */
  chunkSize?: number;
  /** How many days before each due date its statement is cut (config; 20 by default). */
  statementDaysBeforeDue?: number;
};

export const CYCLE_STAGES = ['payments', 'ach', 'servicing', 'close'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];
const CHUNKED: ReadonlySet<CycleStage> = new Set(['payments', 'servicing']);
const DEFAULT_CHUNK_SIZE = 1_000;

export type CycleStep = {
  businessDate: CalendarDate;
  stage: CycleStage;
  chunk: number;
  range: ContractRange;
};

type StepRow = typeof cycleSteps.$inferSelect;
const stepOf = (row: StepRow): CycleStep => ({
  businessDate: calendarDate(row.businessDate),
  stage: row.step as CycleStage,
  chunk: row.chunk,
  range: { fromId: row.firstContractId, beforeId: row.lastContractId },
});

/**
 * Plans the cycle of `date` once: the chunks (every `chunkSize`-th contract id starts one; the
 * first is open below and the last above, so together they cover every id) and a step row per stage
 * and chunk. Answers false when the date was planned already.
 */
export async function planCycle(db: Db, deps: CycleDeps, date: CalendarDate): Promise<boolean> {
  const chunkSize = deps.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return db.transaction(async (tx) => {
    const numbered = tx
      .select({ id: contracts.id, n: sql<number>`row_number() over (order by ${contracts.id}) - 1`.as('n') })
      .from(contracts)
      .as('numbered');
    const starts = await tx
      .select({ id: numbered.id })
      .from(numbered)
      .where(sql`${numbered.n} % ${chunkSize} = 0 and ${numbered.n} > 0`)
      .orderBy(numbered.id);
    const bounds = [null, ...starts.map((r) => r.id), null];
    const ranges = bounds.slice(0, -1).map((fromId, i) => ({ fromId, beforeId: bounds[i + 1] ?? null }));
    const [{ count } = { count: 0 }] = await tx.select({ count: sql<number>`count(*)::int` }).from(contracts);
    const [created] = await tx
      .insert(cycleRuns)
      .values({
        businessDate: date,
        status: 'running',
        chunkCount: ranges.length,
        contractCount: count,
        startedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ date: cycleRuns.businessDate });
    if (!created) return false;
    await tx.insert(cycleSteps).values(
      CYCLE_STAGES.flatMap((stage) =>
        (CHUNKED.has(stage) ? ranges : [{ fromId: null, beforeId: null }]).map((range, chunk) => ({
          businessDate: date,
          step: stage,
          chunk,
          firstContractId: range.fromId,
          lastContractId: range.beforeId,
          status: 'pending' as const,
        })),
      ),
    );
    return true;
  });
}

/** The steps to run now for `date`: the pending ones of its first stage not done ([] once closed). */
export async function nextSteps(db: Db, date: CalendarDate): Promise<CycleStep[]> {
  const pending = await db
    .select()
    .from(cycleSteps)
    .where(and(eq(cycleSteps.businessDate, date), ne(cycleSteps.status, 'done')))
    .orderBy(asc(cycleSteps.chunk));
  for (const stage of CYCLE_STAGES) {
    const ofStage = pending.filter((row) => row.step === stage);
    if (ofStage.length > 0) return ofStage.map(stepOf);
  }
  return [];
}

async function doStep(db: Db, deps: CycleDeps, step: CycleStep): Promise<Record<string, number>> {
  const { businessDate: date, range } = step;
  switch (step.stage) {
    case 'payments': {
      const autopay = await runAutopayStep(db, deps.clock, date, range);
      const due = await postDuePayments(db, deps.clock, date, deps.gateway, range);
      // A bulk payment spans chunks (its contracts lie anywhere): the first chunk's step posts them all.
      const bulk =
        step.chunk === 0 ? await postDueBulkPayments(db, deps.clock, date) : { posted: 0, failed: 0 };
      return {
        autopayScheduled: autopay.scheduled,
        paymentsPosted: due.posted,
        paymentsFailed: due.failed,
        paymentsCancelled: due.cancelled,
        bulkPaymentsPosted: bulk.posted,
        bulkPaymentsFailed: bulk.failed,
      };
    }
    case 'ach': {
      const file = await writeAchFile(db, deps.clock, deps.box, deps.achOutgoingDir, date);
      const settled = await settleMaturedPayments(db, deps.clock, date);
      return { achEntries: file?.entryCount ?? 0, achDebitCents: file?.totalDebitCents ?? 0, settled };
    }
    case 'servicing': {
      const today = deps.clock.today();
      const lateFees = await assessLateFees(db, date, range, today);
      // As of the day the cycle runs, when the pages read them (a catch-up's later days skip them).
      const positions = await refreshPositions(db, today, range);
      const delinquency = await recordDelinquency(db, date, range);
      const reminders = await sendDueReminders(db, deps.clock, date, range);
      const statements = await cutStatements(db, deps.clock, date, range, {
        daysBeforeDue: deps.statementDaysBeforeDue ?? DEFAULT_STATEMENT_DAYS_BEFORE_DUE,
      });
      const tax = await makeTaxStatements(db, deps.clock, date, range);
      return {
        lateFees,
        positions,
        delinquent: delinquency.delinquent,
        cured: delinquency.cured,
        reminders,
        statements: statements.cut,
        paperStatements: statements.paper,
        taxStatements: tax.made,
      };
    }
    case 'close': {
      const organizations = await cutOrganizationStatements(db, deps.clock, date);
      const print = await writePrintFile(db, deps.clock, date, deps.printDir, async (id) => {
        const pdf = await storedStatementPdf(db, id);
        if (!pdf) throw new Error(`statement ${id} not found`);
        return pdf;
      });
      const organizationPrint = await writeOrganizationPrintFile(db, date, deps.printDir);
      const pruned = await pruneExpiredRows(db, deps.clock);
      await markCycleRun(db, date);
      await db
        .update(cycleRuns)
        .set({ status: 'done', finishedAt: deps.clock.now() })
        .where(eq(cycleRuns.businessDate, date));
      return {
        printed: print?.batch.statementCount ?? 0,
        organizationStatements: organizations.cut,
        organizationStatementsPrinted: organizationPrint?.count ?? 0,
        pruned: Object.values(pruned).reduce((sum, n) => sum + n, 0),
      };
    }
  }
}

export type StepOutcome = { ran: boolean; stageDone: boolean; counts: Record<string, number> };

/**
 * Runs one step unless it is done, then marks it done. The run's row is locked while marking, so of
 * two workers finishing the last chunks of a stage at once, exactly one sees the stage done (and
 * hands out the next). A failure is recorded on the step (attempts, error) and thrown for a retry.
 */
export async function runStep(db: Db, deps: CycleDeps, step: CycleStep): Promise<StepOutcome> {
  const where = and(
    eq(cycleSteps.businessDate, step.businessDate),
    eq(cycleSteps.step, step.stage),
    eq(cycleSteps.chunk, step.chunk),
  );
  const [row] = await db.select({ status: cycleSteps.status }).from(cycleSteps).where(where);
  if (!row || row.status === 'done') return { ran: false, stageDone: false, counts: {} };
  await db.update(cycleSteps).set({ startedAt: deps.clock.now() }).where(where);
  let counts: Record<string, number>;
  try {
    counts = await doStep(db, deps, step);
  } catch (error) {
    await db
      .update(cycleSteps)
      .set({
        attempts: sql`${cycleSteps.attempts} + 1`,
        error: error instanceof Error ? error.message : String(error),
      })
      .where(where);
    throw error;
  }
  return db.transaction(async (tx) => {
    await tx
      .select({ date: cycleRuns.businessDate })
      .from(cycleRuns)
      .where(eq(cycleRuns.businessDate, step.businessDate))
      .for('update');
    const [marked] = await tx
      .update(cycleSteps)
      .set({
        status: 'done',
        counts,
        attempts: sql`${cycleSteps.attempts} + 1`,
        error: null,
        finishedAt: deps.clock.now(),
      })
      .where(and(where, ne(cycleSteps.status, 'done')))
      .returning({ chunk: cycleSteps.chunk });
    const [left] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(cycleSteps)
      .where(
        and(
          eq(cycleSteps.businessDate, step.businessDate),
          eq(cycleSteps.step, step.stage),
          ne(cycleSteps.status, 'done'),
        ),
      );
    return { ran: true, stageDone: Boolean(marked) && left?.count === 0, counts };
  });
}

/**
 * The business dates whose cycle should run now, oldest first: one that was started and not closed
 * (resume), or else the day after the last one closed (the first ever is yesterday: what happened
 * before the portal served a contract is the previous servicer's history), up to yesterday.
 */
export async function dueCycleDate(db: Db, clock: Clock): Promise<CalendarDate | undefined> {
  const [open] = await db
    .select({ date: cycleRuns.businessDate })
    .from(cycleRuns)
    .where(ne(cycleRuns.status, 'done'))
    .orderBy(asc(cycleRuns.businessDate))
    .limit(1);
  if (open) return calendarDate(open.date);
  const through = addDays(clock.today(), -1);
  const last = await lastCycleDate(db);
  const next = last ? addDays(last, 1) : through;
  return compareDates(next, through) <= 0 ? next : undefined;
}

export type CycleSummary = {
  date: CalendarDate;
  status: 'running' | 'done' | 'failed';
  chunkCount: number;
  contractCount: number;
  startedAt: Date;
  finishedAt: Date | null;
  stages: {
    stage: CycleStage;
    done: number;
    total: number;
    failing: number;
    counts: Record<string, number>;
  }[];
  errors: { stage: CycleStage; chunk: number; attempts: number; error: string }[];
};

/** What the staff page and `cli cycle status` show: the latest cycles, newest first, with their stages' progress and totals. */
export async function cycleProgress(db: Db, options: { limit?: number; since?: CalendarDate } = {}) {
  const runs = await db
    .select()
    .from(cycleRuns)
    .where(options.since ? gte(cycleRuns.businessDate, options.since) : undefined)
    .orderBy(sql`${cycleRuns.businessDate} desc`)
    .limit(options.limit ?? 14);
  const summaries: CycleSummary[] = [];
  for (const run of runs) {
    const steps = await db.select().from(cycleSteps).where(eq(cycleSteps.businessDate, run.businessDate));
    summaries.push({
      date: calendarDate(run.businessDate),
      status: run.status,
      chunkCount: run.chunkCount,
      contractCount: run.contractCount,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      stages: CYCLE_STAGES.map((stage) => {
        const of = steps.filter((s) => s.step === stage);
        const counts: Record<string, number> = {};
        for (const s of of) {
          for (const [key, value] of Object.entries(s.counts ?? {})) counts[key] = (counts[key] ?? 0) + value;
        }
        return {
          stage,
          done: of.filter((s) => s.status === 'done').length,
          total: of.length,
          failing: of.filter((s) => s.status !== 'done' && s.error).length,
          counts,
        };
      }),
      errors: steps
        .filter((s) => s.status !== 'done' && s.error)
        .map((s) => ({ stage: s.step as CycleStage, chunk: s.chunk, attempts: s.attempts, error: s.error! })),
    });
  }
  return summaries;
}

/**
 * Runs every cycle due, through yesterday, in this process: plan, then each stage's steps in turn.
 * For tests and time travel (which must answer when the days are done); the portal's workers do the
 * same through pg-boss, and both may run at once without doubling anything.
 */
export async function runCyclesInProcess(db: Db, deps: CycleDeps): Promise<CycleSummary[]> {
  const ran: CalendarDate[] = [];
  for (let date = await dueCycleDate(db, deps.clock); date; date = await dueCycleDate(db, deps.clock)) {
    await planCycle(db, deps, date);
    for (let steps = await nextSteps(db, date); steps.length > 0; steps = await nextSteps(db, date)) {
      for (const step of steps) await runStep(db, deps, step);
    }
    ran.push(date);
  }
  if (ran.length === 0) return [];
  return (await cycleProgress(db, { since: ran[0]!, limit: ran.length })).reverse();
}
