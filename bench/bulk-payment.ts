import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { asc, eq, sql } from 'drizzle-orm';
import type { CalendarDate } from '../src/core/dates.ts';
import { paymentCutoff } from '../src/core/payment-dates.ts';
import { contractParties, contracts, organizations, users } from '../src/db/schema.ts';
import { makeBulkPayment } from '../src/organizations/bulk-payments.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { addTestBankAccount } from '../src/test-support/payment-methods.ts';
import { openTestDatabase } from '../src/test-support/test-app.ts';
import { benchBusiness, boardBusinessFleet } from './business-fleet.ts';
import { latencyReport } from './latency.ts';

/**
 * A fleet's bulk payment end to end (issue 15, goal ≤ 2 s for 500 contracts): the service call the
 * route makes, judging every line (its contract, its payoff on the date), writing the bulk payment
 * and its orders and posting every line to the ledger with its stored position, in one transaction.
 * `payments` bulk payments of `lines` contracts each, one after another, from a fleet of `fleet`.
 */
export async function benchBulkPayment(options: {
  fleet: number;
  lines: number;
  payments: number;
  today: CalendarDate;
}) {
  const database = await openTestDatabase({ poolSize: 4 });
  const { db } = database;
  const clock = fixedClock(options.today);
  try {
    const t0 = performance.now();
    const organizationId = await boardBusinessFleet(
      db,
      clock,
      options.today,
      benchBusiness('BENCH-BULK', 'Bench Bulk Fleet LLC'),
      options.fleet,
    );
    const setupSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    const [org] = await db
      .select({ customerId: organizations.customerId })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    const numbers = await db
      .select({ n: contracts.contractNumber })
      .from(contractParties)
      .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
      .where(sql`${contractParties.customerId} = ${org!.customerId} and ${contracts.status} = 'active'`)
      .orderBy(asc(contracts.contractNumber));
    const methodId = await addTestBankAccount(db, { organizationId }, clock.now());
    const settings = {
      cutoff: paymentCutoff('20:00', 'America/New_York'),
      cutoffTime: '20:00',
      dailyMaxCents: 1_000_000,
    };
    const [user] = await db
      .insert(users)
      .values({
        loginId: 'bench.manager',
        email: 'bench@example.com',
        displayName: 'Bench',
        kind: 'customer',
      })
      .returning({ id: users.id });
    const membership = { organizationId, customerId: org!.customerId, role: 'manager' as const };
    const payer = {
      actor: { kind: 'customer' as const, userId: user!.id, customerId: null, memberships: [membership] },
      userId: user!.id,
      email: 'bench@example.com',
      displayName: 'Bench',
    };
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i < options.payments; i++) {
      const lines = numbers
        .slice((i * options.lines) % numbers.length)
        .concat(numbers)
        .slice(0, options.lines)
        .map(({ n }) => ({ contractNumber: n, amountCents: 5_000 }));
      const t = performance.now();
      await makeBulkPayment(
        { db, clock, settings },
        payer,
        organizationId,
        { paymentMethodId: methodId, lines },
        randomUUID(),
        {},
      );
      latencies.push(performance.now() - t);
    }
    return {
      setup: { fleet: options.fleet, activeContracts: numbers.length, setupSeconds },
      report: latencyReport(`bulk payment of ${options.lines}`, latencies, performance.now() - started),
    };
  } finally {
    await database.close();
  }
}
