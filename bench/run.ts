import { Bench } from 'tinybench';
import { calendarDate } from '../src/core/dates.ts';
import { discloseLease } from '../src/core/lease.ts';
import { discloseLoan } from '../src/core/loan.ts';
import { cents } from '../src/core/money.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { createTestApp } from '../src/test-support/test-app.ts';
import { benchAccountPages, type HttpReport } from './accounts.ts';
import { benchBulkPayment } from './bulk-payment.ts';
import { benchCombinedStatement } from './combined-statement.ts';
import { benchDailyCycle } from './daily-cycle.ts';
import { benchFleetDashboard } from './fleet.ts';
import { benchSignIns } from './identity.ts';
import { benchConcurrentPayments } from './payments.ts';
import { benchPaymentPostings, benchPayoffQuotes } from './servicing.ts';
import { benchStatements } from './statements.ts';

/**
 * `npm run bench`: throughput and latency of the core calculators, the calculator API over HTTP
 * (Fastify inject, no network), boarding batches of 1,000 contracts, payoff quotes on a loan with 72
 * months of history, payment postings, and password sign-ins with the latency of an API call meanwhile. Runs on PGlite (5,000 postings, one at a time), or on
 * PostgreSQL when TEST_DATABASE_URL is set (`npm run bench:postgres`: 100,000 postings, 8 at a time).
 * BENCH_POSTINGS overrides the count. Then the customer's account pages over real HTTP with 32
 * sessions beside a bare Fastify route (bench/accounts.ts): 100,000 contracts boarded on PostgreSQL,
 * 5,000 on PGlite (BENCH_CONTRACTS overrides; BENCH_SECONDS sets each measurement, 10 by default).
 * BENCH_ONLY=accounts runs only that part. Before those, 1,000 payments made concurrently over HTTP,
 * with retries, and the database checked for duplicates (bench/payments.ts; BENCH_ONLY=payments runs
 * only that). On PostgreSQL, last, the daily cycle of one day for 100,000 contracts with 1 and with 2
 * worker processes (bench/daily-cycle.ts; BENCH_ONLY=cycle runs only that, BENCH_CYCLE_CONTRACTS
 * changes the size). Figures are for this machine; compare runs, not machines.
 */
const today = calendarDate('2026-11-20');
const engine = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const only = process.env.BENCH_ONLY;
const SECTIONS = [
  'accounts',
  'payments',
  'cycle',
  'statements',
  'fleet',
  'combined-statement',
  'bulk-payment',
];
if (only !== undefined && !SECTIONS.includes(only))
  throw new Error(`BENCH_ONLY=${only}: only ${SECTIONS.map((s) => `"${s}"`).join(', ')} are known`);

async function benchCoreAndServicing(): Promise<void> {
  const t = await createTestApp({ clock: fixedClock(today) });
  let nextContract = 1;

  const bench = new Bench({ time: 2_000, warmupTime: 200 });
  bench
    .add('core: disclose a 72-month loan with its schedule', () => {
      discloseLoan({ amountFinanced: cents(3_500_000), aprPercent: '6.49', termMonths: 72 });
    })
    .add('core: disclose a 36-month lease', () => {
      discloseLease({
        grossCapCost: cents(3_000_000),
        capCostReduction: cents(200_000),
        residualValue: cents(1_650_000),
        moneyFactor: '0.00125',
        termMonths: 36,
        taxRatePercent: '6',
      });
    })
    .add('http: POST /api/v1/calculators/loan (72 months)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/calculators/loan',
        payload: { amountFinancedCents: 3_500_000, aprPercent: '6.49', termMonths: 72 },
      });
      if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`);
    });
  await bench.run();

  const boarding = new Bench({ time: 0, iterations: 5, warmupIterations: 1 });
  boarding.add(`db (${engine}): board a batch of 1,000 contracts`, async () => {
    const batch = generatedContracts(nextContract, 1_000, today);
    nextContract += 1_000;
    await boardContracts(t.database.db, t.clock, batch, { actor: { type: 'system', id: 'bench' } });
  });
  await boarding.run();

  const rows = [...bench.tasks, ...boarding.tasks].map((task) => {
    const r = task.result;
    if (r.state !== 'completed') return { task: task.name, state: r.state };
    return {
      task: task.name,
      'ops/s': Math.round(r.throughput.mean).toLocaleString('en-US'),
      'mean ms': r.latency.mean.toFixed(3),
      'p99 ms': r.latency.p99.toFixed(3),
      samples: r.latency.samplesCount,
    };
  });
  console.table(rows);

  // Servicing: payoff quotes on a long history, and payment postings (100,000 on PostgreSQL by default).
  const postings = Number(process.env.BENCH_POSTINGS ?? (process.env.TEST_DATABASE_URL ? 100_000 : 5_000));
  const servicing = [
    ...(await benchSignIns(t, 200)),
    await benchPayoffQuotes(t.database.db, t.clock, 2_000),
    await benchPaymentPostings(t.database.db, t.clock, {
      count: postings,
      contracts: 2_000,
      concurrency: process.env.TEST_DATABASE_URL ? 8 : 1,
      today,
    }),
  ];
  console.table(
    servicing.map((r) => ({
      task: `db (${engine}): ${r.task}`,
      'ops/s': r.perSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      count: r.count,
    })),
  );
  await t.close();
}

/** An HTTP load's rows as a table; any answer but 200 fails the run. */
function printHttp(rows: HttpReport[]): void {
  console.table(
    rows.map((r) => ({
      task: r.task,
      'req/s': r.perSecond,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      requests: r.requests,
      'non-200': r.failures || 'none',
      'load avg': r.load,
    })),
  );
  if (rows.some((r) => r.failures)) {
    console.error('Some answers were not 200 (see non-200 above).');
    process.exitCode = 1;
  }
}

if (!only) await benchCoreAndServicing();

if (!only || only === 'payments') {
  const payments = await benchConcurrentPayments({
    payments: 1_000,
    contracts: 250,
    concurrency: 64,
    retryEvery: 10,
    today,
    engine,
  });
  console.table(payments.setup);
  console.table(payments.latency);
  console.table(payments.checks);
  if (payments.checks.some((c) => !c.ok)) {
    console.error('A payments check failed (see ok above).');
    process.exitCode = 1;
  }
}

if (only === undefined || only === 'accounts') {
  const accounts = await benchAccountPages({
    contracts: Number(process.env.BENCH_CONTRACTS ?? (process.env.TEST_DATABASE_URL ? 100_000 : 5_000)),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    today,
    engine,
  });
  console.table(accounts.setup);
  printHttp(accounts.http);
}

// Issue 15: the fleet dashboard of 5,000 vehicles among the portfolio (bench/fleet.ts); BENCH_FLEET changes the fleet's size.
if (only === undefined || only === 'fleet') {
  const fleet = await benchFleetDashboard({
    contracts: Number(process.env.BENCH_CONTRACTS ?? (process.env.TEST_DATABASE_URL ? 100_000 : 20_000)),
    fleet: Number(process.env.BENCH_FLEET ?? 5_000),
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    today,
    engine,
  });
  console.table(fleet.setup);
  printHttp(fleet.http);
}

// Issue 7: the statement step of one day and the PDF render (bench/statements.ts); BENCH_STATEMENT_CONTRACTS changes the size.
if (only === undefined || only === 'statements') {
  const statements = await benchStatements({
    contracts: Number(
      process.env.BENCH_STATEMENT_CONTRACTS ?? (process.env.TEST_DATABASE_URL ? 100_000 : 5_000),
    ),
    renders: 500,
    today,
    engine,
  });
  console.table([statements.setup]);
  console.table(statements.step);
  console.table(statements.render);
}

// Issue 15: the organization's combined statement of 5,000 contracts, its cut and its PDF
// (bench/combined-statement.ts); BENCH_COMBINED_CONTRACTS changes the fleet's size.
if (only === undefined || only === 'combined-statement') {
  const combined = await benchCombinedStatement({
    contracts: Number(process.env.BENCH_COMBINED_CONTRACTS ?? 5_000),
    renders: 3,
    today,
    engine,
  });
  console.table([combined.setup]);
  console.table(combined.cut);
  console.table(combined.render);
}

// Issue 15: a bulk payment of 500 contracts end to end (bench/bulk-payment.ts); BENCH_BULK_LINES.
if (only === undefined || only === 'bulk-payment') {
  const bulk = await benchBulkPayment({
    fleet: Number(process.env.BENCH_BULK_FLEET ?? 2_000),
    lines: Number(process.env.BENCH_BULK_LINES ?? 500),
    payments: 3,
    today,
  });
  console.table([bulk.setup]);
  console.table([bulk.report]);
}

if ((only === undefined || only === 'cycle') && process.env.TEST_DATABASE_URL) {
  const cycle = await benchDailyCycle({
    contracts: Number(process.env.BENCH_CYCLE_CONTRACTS ?? 100_000),
    serverUrl: process.env.TEST_DATABASE_URL,
    today,
  });
  console.table([cycle.setup]);
  console.table(cycle.runs);
} else if (only === 'cycle') {
  console.log('The daily-cycle benchmark needs PostgreSQL: npm run bench:postgres (BENCH_ONLY=cycle).');
}
