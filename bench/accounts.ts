import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { addDays, type CalendarDate, calendarDate, compareDates, dateParts } from '../src/core/dates.ts';
import { installmentDueDates } from '../src/core/installments.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { createSession } from '../src/identity/sessions.ts';
import { fixedClock } from '../src/platform/clock.ts';
import type { BoardingContract, BoardingParty } from '../src/servicing/boarding.schemas.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { postPayment } from '../src/servicing/payment-posting.ts';
import { createTestApp, type TestApp } from '../src/test-support/test-app.ts';
import { createUser, SESSION_COOKIE } from '../src/test-support/users.ts';
import { type LoadResult, runLoad } from './http-load.ts';
import { percentile } from './latency.ts';

/**
 * The customer's account pages at scale: `contracts` generated contracts boarded, then 32 signed-in
 * customers (31 with one account, one fleet business with 30) each on its own keep-alive connection,
 * asking for the dashboard (`GET /api/v1/accounts`) or one of their accounts
 * (`GET /api/v1/accounts/{n}`) as fast as the answers come, over real HTTP on 127.0.0.1. A bare
 * Fastify route is measured the same way in the same run, as the floor of what the machine does.
 */
export const SESSIONS = 32;
const FLEET_CONTRACTS = 30;
const BATCH = 1_000;
const audit = { actor: { type: 'system' as const, id: 'bench' } };

export type HttpReport = {
  task: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Non-200 answers by status ("0" is a socket error); empty when every answer was 200. */
  failures: string;
  /** The machine's 1-minute load average when the measurement ended: other work skews the figures. */
  load: number;
};

export function httpReport(task: string, latencies: number[], wallMs: number, failures: string): HttpReport {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    task,
    requests: latencies.length,
    perSecond: Math.round((latencies.length / wallMs) * 1000),
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p99: Number(percentile(sorted, 99).toFixed(2)),
    failures,
    load: Number(loadavg()[0]!.toFixed(1)),
  };
}

const fleetParty: BoardingParty = {
  kind: 'business',
  customerNumber: 'BENCH-FLEET',
  role: 'primary',
  businessName: 'Bench Fleet Leasing LLC',
  taxIdLast4: '9876',
  email: 'fleet@bench-fleet.example.com',
  phone: '+12155550177',
  address: { line1: '2 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103' },
};

/**
 * Boards `count` contracts in batches (each batch one transaction, as the boarding API takes them).
 * The bench customers' contracts are spread over the whole portfolio: customer k (0…30) holds
 * contract 1 + k·step, and the fleet holds 2 + k·step (k = 0…29).
 */
async function boardPortfolio(t: TestApp, count: number, today: CalendarDate) {
  const step = Math.floor(count / (SESSIONS - 1));
  const isSingle = (i: number) => i % step === 1 && i < 1 + (SESSIONS - 1) * step;
  const isFleet = (i: number) => i % step === 2 && i < 2 + FLEET_CONTRACTS * step;
  const singles: BoardingContract[] = [];
  const fleet: BoardingContract[] = [];
  for (let from = 1; from <= count; from += BATCH) {
    const batch = generatedContracts(from, Math.min(BATCH, count - from + 1), today).map((c, k) =>
      isFleet(from + k) ? { ...c, parties: [fleetParty] } : c,
    );
    for (const [k, c] of batch.entries()) {
      if (isSingle(from + k)) singles.push(c);
      if (isFleet(from + k)) fleet.push(c);
    }
    await boardContracts(t.database.db, t.clock, batch, audit);
    const done = from - 1 + batch.length;
    if (done % 20_000 === 0) console.log(`  boarded ${done.toLocaleString('en-US')} contracts`);
  }
  return { singles, fleet };
}

/**
 * The bench customers' contracts get a history: each installment due up to yesterday paid on its
 * due date, except the final one (generated contracts go back up to 1,530 days, past some terms).
 */
async function payHistory(t: TestApp, held: BoardingContract[]): Promise<number> {
  const yesterday = addDays(t.clock.today(), -1);
  let posted = 0;
  const payAll = async (c: BoardingContract) => {
    const first = calendarDate(c.firstPaymentDate);
    const dueDates = installmentDueDates(first, dateParts(first).day, c.termMonths - 1).filter(
      (d) => compareDates(d, yesterday) <= 0,
    );
    for (const [i, receivedOn] of dueDates.entries()) {
      await postPayment(
        t.database.db,
        t.clock,
        c.contractNumber,
        { amountCents: c.paymentCents, receivedOn, channel: 'ach', intent: 'regular' },
        { scope: 'bench', key: `history-${c.contractNumber}-${i}` },
        audit,
      );
      posted += 1;
    }
  };
  const queue = [...held];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) await payAll(c);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return posted;
}

/** A customer user for each holder, with an active session (as after a full sign-in) and its cookie. */
async function signedIn(t: TestApp, holders: { customerNumber: string; contracts: string[] }[]) {
  return Promise.all(
    holders.map(async (h, k) => {
      const userId = await createUser(t, `bench.customer.${k}`, { customerNumber: h.customerNumber });
      const token = await createSession(t.database.db, t.clock, userId, 'active', {});
      return { cookie: `${SESSION_COOKIE}=${token}`, contracts: h.contracts };
    }),
  );
}

export function failuresOf(result: LoadResult): string {
  return Object.entries(result.failures)
    .map(([status, n]) => `${status}×${n}`)
    .join(', ');
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export type SetupReport = { task: string; seconds: number; count: number };

/** The setup's steps, each timed from the end of the one before: `lap(task, count)` closes one. */
export function setupLaps(engine: string) {
  const setup: SetupReport[] = [];
  let t0 = performance.now();
  const lap = (task: string, done: number) => {
    setup.push({
      task: `db (${engine}): ${task}`,
      seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
      count: done,
    });
    t0 = performance.now();
  };
  return { setup, lap };
}

export async function benchAccountPages(options: {
  contracts: number;
  today: CalendarDate;
  seconds: number;
  engine: string;
}): Promise<{ setup: SetupReport[]; http: HttpReport[] }> {
  const { contracts: count, engine } = options;
  // Three contracts a step at least, so the single customers' and the fleet's never coincide.
  if (count < 3 * SESSIONS) throw new Error(`BENCH_CONTRACTS must be at least ${3 * SESSIONS}`);
  // The pool of a production process (db/database.ts), so waiting for a connection is measured as deployed.
  const t = await createTestApp({ clock: fixedClock(options.today), poolSize: 10 });
  try {
    const { setup, lap } = setupLaps(engine);
    const { singles, fleet } = await boardPortfolio(t, count, options.today);
    lap(`board contracts, ${BATCH.toLocaleString('en-US')} a batch`, count);
    const posted = await payHistory(t, [...singles, ...fleet]);
    lap(`history of the ${singles.length + fleet.length} bench customers' contracts (payments)`, posted);

    const customers = await signedIn(t, [
      ...singles.map((c) => ({
        customerNumber: c.parties[0]!.customerNumber,
        contracts: [c.contractNumber],
      })),
      { customerNumber: fleetParty.customerNumber, contracts: fleet.map((c) => c.contractNumber) },
    ]);
    const portal = await listen(t.app);
    const bare = Fastify();
    bare.get('/bare', async () => ({ ok: true }));
    const bareOrigin = await listen(bare);

    const timing = { warmupMs: 2_000, durationMs: options.seconds * 1_000 };
    const http: HttpReport[] = [];
    const measure = async (
      task: string,
      origin: string,
      paths: (c: (typeof customers)[number]) => string[],
      sessions = customers,
    ) => {
      const result = await runLoad({
        origin,
        connections: sessions.map((c) => ({ cookie: c.cookie, paths: paths(c) })),
        ...timing,
      });
      http.push(
        httpReport(
          `${task}, ${sessions.length === 1 ? 'one session' : `${sessions.length} sessions`}`,
          result.latencies.flat(),
          result.wallMs,
          failuresOf(result),
        ),
      );
      return result;
    };
    await measure('bare Fastify GET /bare', bareOrigin, () => ['/bare']);
    const dashboard = await measure('GET /api/v1/accounts', portal, () => ['/api/v1/accounts']);
    const fleetLatencies = dashboard.latencies.at(-1)!;
    http.push(
      httpReport(
        `  of which the fleet admin's (${fleet.length} accounts)`,
        fleetLatencies,
        dashboard.wallMs,
        '',
      ),
    );
    const contractPaths = (c: (typeof customers)[number]) => c.contracts.map((n) => `/api/v1/accounts/${n}`);
    await measure('GET /api/v1/accounts/{n}', portal, contractPaths);
    // One customer alone: the time a request takes when it waits for no other.
    const alone = customers.slice(0, 1);
    await measure('GET /api/v1/accounts (one account)', portal, () => ['/api/v1/accounts'], alone);
    await measure('GET /api/v1/accounts/{n}', portal, contractPaths, alone);
    await bare.close();
    return { setup, http };
  } finally {
    // A PostgreSQL run drops its database here, also after a failure.
    await t.close();
  }
}
