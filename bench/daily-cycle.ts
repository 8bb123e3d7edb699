import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { addDays, addMonthsOnDueDay, type CalendarDate } from '../src/core/dates.ts';
import { lateFeeRuleFor } from '../src/core/late-fees.ts';
import { type CycleDeps, cycleProgress, runCyclesInProcess } from '../src/cycle/daily-cycle.ts';
import { type Database, openPostgres } from '../src/db/database.ts';
import { achFiles, cycleRuns, cycleSteps, systemState } from '../src/db/schema.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { markCycleRun } from '../src/platform/business-date.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { secretBox } from '../src/platform/secret-box.ts';
import type { BoardingContract } from '../src/servicing/boarding.schemas.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { TEST_SECRET_KEY } from '../src/test-support/test-app.ts';

/**
 * Issue 6's "daily cycle for 100,000 contracts (with their AutoPays, settlements and late fees for
 * one day), with 1 and with 2 worker processes". A portfolio of loans in a steady state is built once:
 *   - 94% of contracts current, their first payment due in the next 30 days; 3% with a first
 *     payment past due (delinquent), and 3% due exactly when their state's grace period ends
 *     yesterday (a late fee today);
 *   - half the customers signed up with a bank account and AutoPay (0–10 days before the due date);
 *   - 2% with a one-time payment scheduled for the day, 2% with a bank debit three business days old
 *     waiting to settle.
 * The cycle of the day before is run first (unmeasured: it schedules the AutoPay payments of the
 * next ten days, as the days before would have). That database becomes a template; each measured
 * run gets a copy and its worker processes (`npm run cli -- cycle work --until-idle`) run the day.
 * PostgreSQL only: PGlite is one process's database.
 */
export type CycleBenchOptions = { contracts: number; serverUrl: string; today: CalendarDate };

const CHUNK = 1_000;
const audit = { actor: { type: 'system' as const, id: 'bench' } };

function dbUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Contract i's first due date, relative to the measured day `day`. */
function firstDueOf(i: number, day: CalendarDate, state: string): CalendarDate {
  const band = i % 100;
  if (band < 3) return addDays(day, -(lateFeeRuleFor(state).graceDays + 1));
  if (band < 6) return addDays(day, -1 - (i % 30));
  return addDays(day, 1 + (i % 30));
}

/**
 * Generated loans whose dates are moved so the first payment falls on `firstDueOf`. Only loans: a
 * lease's first payment is due when it is signed, so a lease boarded without its history would be
 * past due from its first day (the generator makes every fourth contract a lease; those are skipped).
 */
function portfolioBatch(from: number, count: number, day: CalendarDate): BoardingContract[] {
  return Array.from({ length: count }, (_, k) => {
    const n = from + k;
    const i = n + Math.floor((n - 1) / 3);
    const probe = generatedContracts(i, 1, day)[0]!;
    const firstDue = firstDueOf(i, day, probe.governingState);
    const contractDate = addMonthsOnDueDay(firstDue, -1);
    // The generator dates contract i (30 + i mod 1500) days before the day it is given.
    return generatedContracts(i, 1, addDays(contractDate, 30 + (i % 1500)))[0]!;
  });
}

async function buildPortfolio(database: Database, count: number, day: CalendarDate) {
  const { db } = database;
  const clock = fixedClock(day);
  const started = performance.now();
  for (let from = 1; from <= count; from += CHUNK) {
    await boardContracts(db, clock, portfolioBatch(from, Math.min(CHUNK, count - from + 1), day), audit);
    if ((from - 1 + CHUNK) % 20_000 === 0)
      console.log(`  boarded ${(from - 1 + CHUNK).toLocaleString('en-US')}`);
  }
  const boardSeconds = (performance.now() - started) / 1000;
  const box = secretBox(TEST_SECRET_KEY);
  const sealed = box.seal('123456789');
  // Half the customers sign up, each with a bank account and AutoPay on their contract.
  await db.execute(sql`
    insert into users (login_id, email, display_name, kind, customer_id)
    select 'bench.' || c.external_id, lower(c.external_id) || '@bench.example.com', 'Bench ' || c.external_id,
           'customer', c.id
    from customers c where c.external_id like 'SEED-C-%' and (substring(c.external_id from 8)::int) % 2 = 0`);
  await db.execute(sql`
    insert into payment_methods (user_id, kind, nickname, holder_name, last4, fingerprint, account_type,
                                 routing_number, bank_name, account_number_sealed, is_default, status, created_at)
    select u.id, 'bank_account', 'Checking', u.display_name, '6789', 'bench-' || u.id, 'checking',
           '021000021', 'Bench Bank', ${sealed}, true, 'active', now()
    from users u where u.login_id like 'bench.%'`);
  await db.execute(sql`
    insert into autopay_enrollments (contract_id, user_id, payment_method_id, days_before_due, status,
                                     authorization_version, accepted_at, accepted_ip, updated_at)
    select cp.contract_id, u.id, m.id, (abs(hashtext(u.id::text)) % 11), 'active', 'bench', now(), '127.0.0.1', now()
    from users u
    join payment_methods m on m.user_id = u.id
    join contract_parties cp on cp.customer_id = u.customer_id and cp.role = 'primary'
    where u.login_id like 'bench.%'`);
  return { boardSeconds };
}

/** The day's own payments, added after the warm-up so it does not take them. */
async function addDayPayments(database: Database, day: CalendarDate) {
  const { db } = database;
  // 2% pay once today; 2% paid three business days ago by bank, in an ACH file, waiting to settle.
  const [file] = await db
    .insert(achFiles)
    .values({
      fileName: 'ACH-BENCH-A.ach',
      businessDate: addDays(day, -5),
      fileIdModifier: 'A',
      entryCount: 0,
      totalDebitCents: 0,
      content: '',
      createdAt: new Date(),
    })
    .returning({ id: achFiles.id });
  for (const [source, status, effective, fileId] of [
    ['one_time', 'scheduled', day, null],
    ['one_time', 'pending', addDays(day, -5), file!.id],
  ] as const) {
    await db.execute(sql`
      insert into payment_orders (confirmation_number, contract_id, payment_method_id, payer_user_id, source,
                                  amount_cents, intent, effective_date, status, ach_file_id, sec_code,
                                  created_at, updated_at)
      select 'B' || ${status} || c.contract_number, c.id, m.id, u.id, ${source}, c.payment_cents, 'regular',
             ${effective}, ${status}, ${fileId}, 'WEB', now(), now()
      from contracts c
      join contract_parties cp on cp.contract_id = c.id and cp.role = 'primary'
      join users u on u.customer_id = cp.customer_id
      join payment_methods m on m.user_id = u.id
      where (abs(hashtext(c.contract_number || ${status})) % 25) = 0`);
  }
}

type Run = {
  workers: number;
  wallSeconds: number;
  cycleSeconds: number;
  /** Each stage's work, summed over its steps (with 2 workers, more than its share of the wall time). */
  stageSeconds: Record<string, string>;
  counts: Record<string, number>;
  load: string;
};

async function measure(
  serverUrl: string,
  template: string,
  workers: number,
  day: CalendarDate,
): Promise<Run> {
  const name = `${template}_w${workers}`;
  await admin(serverUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name} template ${template}`);
  });
  const url = dbUrl(serverUrl, name);
  const env = {
    ...process.env,
    DATABASE_URL: url,
    AUTOFIN_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
    // The worker's business date is the stored one: the day after the measured day.
    AUTOFIN_TIME_TRAVEL: '1',
    AUTOFIN_DATA_DIR: `.artifacts/bench-cycle-${workers}`,
    LOG_LEVEL: 'warn',
  };
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            'node_modules/.bin/node',
            ['src/cli/main.ts', 'cycle', 'work', '--until-idle'],
            {
              env,
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
        }),
    ),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const database = await openPostgres(url, { poolSize: 2 });
  try {
    const [cycle] = await cycleProgress(database.db, { since: day, limit: 1 });
    if (!cycle || cycle.date !== day || cycle.status !== 'done')
      throw new Error(`the cycle of ${day} did not finish`);
    const counts: Record<string, number> = {};
    for (const stage of cycle.stages) Object.assign(counts, stage.counts);
    const steps = await database.db
      .select({
        stage: cycleSteps.step,
        n: sql<number>`count(*)::int`,
        seconds: sql<number>`extract(epoch from sum(${cycleSteps.finishedAt} - ${cycleSteps.startedAt}))::float`,
      })
      .from(cycleSteps)
      .where(eq(cycleSteps.businessDate, day))
      .groupBy(cycleSteps.step);
    counts.steps = steps.reduce((n, s) => n + s.n, 0);
    return {
      workers,
      wallSeconds,
      cycleSeconds: (cycle.finishedAt!.getTime() - cycle.startedAt.getTime()) / 1000,
      stageSeconds: Object.fromEntries(steps.map((s) => [`${s.stage} s`, s.seconds.toFixed(1)])),
      counts,
      load: loadavg()[0]!.toFixed(1),
    };
  } finally {
    await database.close();
    await admin(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

export async function benchDailyCycle(options: CycleBenchOptions) {
  const { serverUrl, contracts } = options;
  // The measured day is the business day before `today`; its cycle runs "tonight".
  const day = addDays(options.today, -1);
  const template = 'autofin_bench_cycle';
  // BENCH_CYCLE_REUSE=1 measures again on the portfolio a BENCH_CYCLE_KEEP=1 run left.
  const reuse =
    process.env.BENCH_CYCLE_REUSE === '1' &&
    (await admin(serverUrl, (c) => c.query('select 1 from pg_database where datname = $1', [template])))
      .rowCount === 1;
  let setup: Record<string, string | number> = { contracts, portfolio: 'reused' };
  if (!reuse) setup = await buildTemplate(serverUrl, template, contracts, day, options.today);
  const runs: Run[] = [];
  for (const workers of [1, 2]) runs.push(await measure(serverUrl, template, workers, day));
  // BENCH_CYCLE_KEEP=1 keeps the portfolio (database autofin_bench_cycle) to look into or measure again.
  if (!process.env.BENCH_CYCLE_KEEP)
    await admin(serverUrl, (c) => c.query(`drop database if exists ${template} with (force)`));
  return {
    setup,
    runs: runs.map((r) => ({
      workers: r.workers,
      'cycle s (plan to close)': r.cycleSeconds.toFixed(1),
      'wall s (processes)': r.wallSeconds.toFixed(1),
      'contracts/s': Math.round(contracts / r.cycleSeconds).toLocaleString('en-US'),
      ...r.stageSeconds,
      ...r.counts,
      'load avg': r.load,
    })),
  };
}

async function buildTemplate(
  serverUrl: string,
  template: string,
  contracts: number,
  day: CalendarDate,
  today: CalendarDate,
): Promise<Record<string, string | number>> {
  await admin(serverUrl, async (c) => {
    await c.query(`drop database if exists ${template} with (force)`);
    await c.query(`create database ${template}`);
  });
  const database = await openPostgres(dbUrl(serverUrl, template), { poolSize: 10 });
  try {
    const { boardSeconds } = await buildPortfolio(database, contracts, day);
    // The day before, unmeasured, in this process: AutoPay payments of the next ten days get scheduled.
    const deps: CycleDeps = {
      clock: fixedClock(day),
      box: secretBox(TEST_SECRET_KEY),
      achOutgoingDir: '.artifacts/bench-cycle-warmup',
      printDir: '.artifacts/bench-cycle-print',
      chunkSize: CHUNK,
    };
    // As if the portal had run its cycles until two days before: the warm-up is then an ordinary
    // day, not a first cycle (which looks at every contract for delinquency).
    const before = addDays(day, -2);
    await database.db.insert(cycleRuns).values({
      businessDate: before,
      status: 'done',
      chunkCount: 0,
      contractCount: 0,
      startedAt: new Date(),
      finishedAt: new Date(),
    });
    await markCycleRun(database.db, before);
    const warmStarted = performance.now();
    await runCyclesInProcess(database.db, deps);
    const warmSeconds = (performance.now() - warmStarted) / 1000;
    await database.db
      .insert(systemState)
      .values({ id: 1, businessDate: today })
      .onConflictDoUpdate({ target: systemState.id, set: { businessDate: today } });
    await addDayPayments(database, day);
    // A portfolio in service has its planner statistics (autovacuum keeps them); the copies each run
    // measures on inherit these, so the figure does not depend on when auto-analyze got to them.
    await database.db.execute(sql`analyze`);
    return {
      contracts,
      'board s': boardSeconds.toFixed(1),
      'warm-up cycle (day before) s': warmSeconds.toFixed(1),
      'warm-up date': addDays(day, -1),
    };
  } finally {
    await database.close();
  }
}
