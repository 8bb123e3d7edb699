import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq, inArray, like, sql } from 'drizzle-orm';
import type { CalendarDate } from '../src/core/dates.ts';
import {
  idempotencyKeys,
  journalEntries,
  paymentMethods,
  paymentOrders,
  payments,
} from '../src/db/schema.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { createSession } from '../src/identity/sessions.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { secretBox } from '../src/platform/secret-box.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { checkLedger } from '../src/servicing/ledger.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../src/test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE } from '../src/test-support/users.ts';
import { type PostPlan, runPosts } from './http-post.ts';
import { percentile } from './latency.ts';

/**
 * Issue 6's "1,000 payments submitted concurrently: p99 and zero duplicates". `contracts` generated
 * contracts, each held by its own signed-in customer with a bank account; `payments` one-time
 * payments for today (so each posts to the ledger at once) sent over real HTTP, `concurrency` at a
 * time, contract after contract so the requests in flight mostly lock different contracts and each
 * contract takes payments/contracts of them. Every `retryEvery`-th payment is sent a second time
 * right after the first, with the same Idempotency-Key and body, as a browser retrying a timeout
 * would: both are in flight together. Then the database is checked: one order and one posting per
 * key, no posting twice, every journal entry balanced, and each retry answered the first's
 * confirmation number.
 */
const audit = { actor: { type: 'system' as const, id: 'bench' } };

export type PaymentsBenchOptions = {
  payments: number;
  contracts: number;
  concurrency: number;
  retryEvery: number;
  today: CalendarDate;
  engine: string;
};

type Payer = { contractNumber: string; cookie: string; methodId: string };

/** The customers: one contract each, signed in (an active session, as after the second factor), one bank account. */
async function payers(t: TestApp, count: number, today: CalendarDate): Promise<Payer[]> {
  const batch = generatedContracts(1, count, today);
  await boardContracts(t.database.db, t.clock, batch, audit);
  const box = secretBox(TEST_SECRET_KEY);
  return Promise.all(
    batch.map(async (c, k) => {
      const userId = await createUser(t, `bench.payer.${k}`, {
        customerNumber: c.parties[0]!.customerNumber,
      });
      const token = await createSession(t.database.db, t.clock, userId, 'active', {});
      const [method] = await t.database.db
        .insert(paymentMethods)
        .values({
          userId,
          kind: 'bank_account',
          nickname: 'Checking',
          holderName: `Payer ${k}`,
          last4: '0000',
          fingerprint: `bench-${k}`,
          accountType: 'checking',
          routingNumber: '021000021',
          accountNumberSealed: box.seal('123456780000'),
          status: 'active',
          createdAt: t.clock.now(),
        })
        .returning({ id: paymentMethods.id });
      return {
        contractNumber: c.contractNumber,
        cookie: `${SESSION_COOKIE}=${token}; autofin_csrf=${csrf.cookies.autofin_csrf}`,
        methodId: method!.id,
      };
    }),
  );
}

/** Payment i goes to contract i mod contracts; a retry repeats the request just before it. */
function plan(origin: string, customers: Payer[], options: PaymentsBenchOptions) {
  const requests: PostPlan['requests'] = [];
  /** For each request, the index of the payment it is (a retry shares its original's). */
  const paymentOf: number[] = [];
  for (let i = 0; i < options.payments; i++) {
    const payer = customers[i % customers.length]!;
    const request = {
      path: `/api/v1/accounts/${payer.contractNumber}/payments`,
      headers: { cookie: payer.cookie, ...csrf.headers, 'idempotency-key': randomUUID() },
      // Different amounts, so a replay answering another payment's body would show.
      body: { amountCents: 2_500 + (i % 97), paymentMethodId: payer.methodId },
    };
    requests.push(request);
    paymentOf.push(i);
    if ((i + 1) % options.retryEvery === 0) {
      requests.push(request);
      paymentOf.push(i);
    }
  }
  return { plan: { origin, concurrency: options.concurrency, warmupPath: '/healthz', requests }, paymentOf };
}

type Order = { confirmationNumber: string; amountCents: number; status: string };

export type PaymentsBenchReport = {
  setup: { task: string; seconds: number; count: number }[];
  latency: Record<string, string | number>[];
  checks: { check: string; expected: number | string; found: number | string; ok: boolean }[];
};

export async function benchConcurrentPayments(options: PaymentsBenchOptions): Promise<PaymentsBenchReport> {
  // Production's pool (db/database.ts), so waiting for a connection is measured as deployed.
  const t = await createTestApp({ clock: fixedClock(options.today), poolSize: 10 });
  try {
    const t0 = performance.now();
    const customers = await payers(t, options.contracts, options.today);
    const setup = [
      {
        task: `db (${options.engine}): board ${options.contracts} contracts, a user, session and bank account each`,
        seconds: Number(((performance.now() - t0) / 1000).toFixed(1)),
        count: options.contracts,
      },
    ];
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const { plan: posts, paymentOf } = plan(origin, customers, options);
    const result = await runPosts(posts);
    const load = Number(loadavg()[0]!.toFixed(1));

    const sorted = result.answers.map((a) => a.ms).sort((a, b) => a - b);
    const retries = result.answers.length - options.payments;
    const latency = [
      {
        task: `POST /api/v1/accounts/{n}/payments, ${options.payments.toLocaleString('en-US')} payments + ${retries} retries over ${options.contracts} contracts, ${options.concurrency} at a time (${options.engine})`,
        requests: result.answers.length,
        'req/s': Math.round((result.answers.length / result.wallMs) * 1000),
        'p50 ms': Number(percentile(sorted, 50).toFixed(1)),
        'p99 ms': Number(percentile(sorted, 99).toFixed(1)),
        'max ms': Number(sorted.at(-1)!.toFixed(1)),
        'wall s': Number((result.wallMs / 1000).toFixed(1)),
        'load avg': load,
      },
    ];

    // What each request got: every answer a 201, and a payment's answers all one confirmation number.
    const byPayment = new Map<number, Order[]>();
    const statuses = new Map<number, number>();
    result.answers.forEach((answer, r) => {
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status !== 201) return;
      byPayment.set(paymentOf[r]!, [...(byPayment.get(paymentOf[r]!) ?? []), answer.body as Order]);
    });
    const retried = [...byPayment.values()].filter((answers) => answers.length === 2);
    const retriesAnsweredAlike = retried.filter(
      ([first, second]) =>
        first!.confirmationNumber === second!.confirmationNumber &&
        first!.amountCents === second!.amountCents,
    ).length;
    const replayed = result.answers.filter((a) => a.replayed).length;
    const confirmations = [...byPayment.values()].map((answers) => answers[0]!.confirmationNumber);

    // What the database holds.
    const { db } = t.database;
    const count = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
    const orders = await count(db.select({ n: sql<number>`count(*)::int` }).from(paymentOrders));
    const keys = await count(
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(idempotencyKeys)
        .where(like(idempotencyKeys.scope, 'payments:%')),
    );
    const postedOrders = await count(
      db
        .select({ n: sql<number>`count(distinct ${paymentOrders.postedPaymentId})::int` })
        .from(paymentOrders)
        .where(eq(paymentOrders.status, 'pending')),
    );
    const postingsOfOrders = await count(
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(payments)
        .where(inArray(payments.reference, confirmations)),
    );
    const postedTwice = await count(
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(
          db
            .select({ reference: payments.reference })
            .from(payments)
            .groupBy(payments.reference)
            .having(sql`count(*) > 1`)
            .as('twice'),
        ),
    );
    const paymentEntries = await count(
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(journalEntries)
        .where(inArray(journalEntries.code, ['PAYMENT', 'PAYOFF'])),
    );
    const ledger = await checkLedger(db);
    const n = options.payments;
    const check = (name: string, expected: number | string, found: number | string) => ({
      check: name,
      expected,
      found,
      ok: expected === found,
    });
    const answers = [...statuses].map(([status, k]) => `${status}×${k}`).join(', ');
    const checks = [
      check('answers (HTTP status × count)', `201×${result.answers.length}`, answers),
      check('payments with a confirmation number', n, byPayment.size),
      check('retries answered the first’s confirmation number', retries, retriesAnsweredAlike),
      check('answers marked Idempotent-Replayed', retries, replayed),
      check('payment_orders rows', n, orders),
      check('idempotency keys of payments', n, keys),
      check('orders posted (pending, distinct postings)', n, postedOrders),
      check('payments posted for the confirmation numbers', n, postingsOfOrders),
      check('payments posted twice', 0, postedTwice),
      check('payment journal entries', n, paymentEntries),
      check(`journal entries unbalanced (of ${ledger.entries})`, 0, ledger.unbalancedEntries.length),
      check('cached balances that differ from postings', 0, ledger.balanceMismatches.length),
    ];
    return { setup, latency, checks };
  } finally {
    // A PostgreSQL run drops its database here, also after a failure.
    await t.close();
  }
}
