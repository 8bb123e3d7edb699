import { eq, inArray, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import type { CalendarDate } from '../src/core/dates.ts';
import { contracts, fleetVehicles } from '../src/db/schema.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { createSession } from '../src/identity/sessions.ts';
import { fixedClock } from '../src/platform/clock.ts';
import type { BoardingParty } from '../src/servicing/boarding.schemas.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { addMember, createOrganization } from '../src/test-support/organizations.ts';
import { createTestApp, type TestApp } from '../src/test-support/test-app.ts';
import { createUser, SESSION_COOKIE } from '../src/test-support/users.ts';
import {
  failuresOf,
  type HttpReport,
  httpReport,
  listen,
  SESSIONS,
  type SetupReport,
  setupLaps,
} from './accounts.ts';
import { runLoad } from './http-load.ts';

/**
 * The fleet dashboard at scale (issue 15): one organization holding `fleet` of the `contracts`
 * boarded (about every k-th contract, so its rows are spread over the whole table), with a fleet
 * record per vehicle (unit number, cost center, status), and 32 of its members signed in, each on
 * its own keep-alive connection, asking for the first page with the totals, a filtered page, or a
 * search, as fast as the answers come over real HTTP. A bare Fastify route is measured in the same
 * run.
 */
const BATCH = 1_000;
const COST_CENTERS = ['North', 'South', 'East', 'West', 'Airport'];
const STATUSES = ['in_service', 'in_service', 'in_service', 'in_repair', 'out_of_service'] as const;

const party: BoardingParty = {
  kind: 'business',
  customerNumber: 'BENCH-BIG-FLEET',
  role: 'primary',
  businessName: 'Bench Big Fleet LLC',
  taxIdLast4: '5555',
  email: 'fleet@big-fleet.example.com',
  phone: '+12155550188',
  address: { line1: '3 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103' },
};

/**
 * Boards the portfolio with the fleet among it, its fleet records and the signed-in members, then
 * ANALYZEs, as autovacuum does after a bulk load (it may not have come round yet when the measuring
 * starts): the plans measured are then those of a deployment, not of statistics taken mid-load.
 */
async function setUpBenchFleet(
  t: TestApp,
  options: { contracts: number; fleet: number; today: CalendarDate; engine: string },
) {
  const { contracts: count, fleet, engine } = options;
  const every = Math.floor(count / fleet);
  if (every < 1) throw new Error('BENCH_FLEET must not exceed BENCH_CONTRACTS');
  const { setup, lap } = setupLaps(engine);
  // The k-th of the fleet is contract k·every + 1 + (k mod 4): spread over the table, and loans and
  // leases in the portfolio's proportion (every fourth contract generated is a lease), so that a
  // filter on the kind keeps some.
  const chosen = new Set(Array.from({ length: fleet }, (_, k) => k * every + 1 + (k % Math.min(4, every))));
  const fleetNumbers: string[] = [];
  for (let from = 1; from <= count; from += BATCH) {
    const batch = generatedContracts(from, Math.min(BATCH, count - from + 1), options.today).map((c, k) => {
      if (!chosen.has(from + k)) return c;
      fleetNumbers.push(c.contractNumber);
      return { ...c, parties: [party] };
    });
    await boardContracts(t.database.db, t.clock, batch, { actor: { type: 'system', id: 'bench' } });
    if ((from - 1 + batch.length) % 20_000 === 0)
      console.log(`  boarded ${(from - 1 + batch.length).toLocaleString('en-US')} contracts`);
  }
  lap(
    `board ${count.toLocaleString('en-US')} contracts (positions written), ${fleetNumbers.length} the fleet's`,
    count,
  );

  const organizationId = await createOrganization(t, party.customerNumber);
  const ids = await t.database.db
    .select({ id: contracts.id, n: contracts.contractNumber })
    .from(contracts)
    .where(inArray(contracts.contractNumber, fleetNumbers));
  for (let k = 0; k < ids.length; k += BATCH) {
    await t.database.db.insert(fleetVehicles).values(
      ids.slice(k, k + BATCH).map((c, j) => ({
        contractId: c.id,
        organizationId,
        unitNumber: `U-${String(k + j + 1).padStart(5, '0')}`,
        plate: `BF-${String(k + j + 1).padStart(5, '0')}`,
        plateState: 'PA',
        costCenter: COST_CENTERS[(k + j) % COST_CENTERS.length]!,
        status: STATUSES[(k + j) % STATUSES.length]!,
        updatedAt: t.clock.now(),
      })),
    );
  }
  const members = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, k) => {
      const userId = await createUser(t, `bench.member.${k}`);
      await addMember(t, organizationId, userId, 'manager');
      return `${SESSION_COOKIE}=${await createSession(t.database.db, t.clock, userId, 'active', {})}`;
    }),
  );
  lap('fleet records and 32 signed-in members', ids.length);
  await t.database.db.execute(sql`analyze`);
  lap('analyze', 1);
  const [one] = await t.database.db
    .select()
    .from(fleetVehicles)
    .where(eq(fleetVehicles.organizationId, organizationId))
    .limit(1);
  if (!one) throw new Error('no fleet records');
  return { setup, organizationId, members, vehicles: ids.length };
}

export async function benchFleetDashboard(options: {
  contracts: number;
  fleet: number;
  today: CalendarDate;
  seconds: number;
  engine: string;
}): Promise<{ setup: SetupReport[]; http: HttpReport[] }> {
  const t = await createTestApp({ clock: fixedClock(options.today), poolSize: 10 });
  try {
    const { setup, organizationId, members, vehicles } = await setUpBenchFleet(t, options);
    const portal = await listen(t.app);
    const bare = Fastify();
    bare.get('/bare', async () => ({ ok: true }));
    const bareOrigin = await listen(bare);
    const base = `/api/v1/organizations/${organizationId}/fleet`;
    const http: HttpReport[] = [];
    const measure = async (task: string, origin: string, paths: (k: number) => string[]) => {
      const result = await runLoad({
        origin,
        connections: members.map((cookie, k) => ({ cookie, paths: paths(k) })),
        warmupMs: 2_000,
        durationMs: options.seconds * 1_000,
      });
      http.push(
        httpReport(
          `${task}, ${members.length} sessions`,
          result.latencies.flat(),
          result.wallMs,
          failuresOf(result),
        ),
      );
    };
    await measure('bare Fastify GET /bare', bareOrigin, () => ['/bare']);
    await measure(`fleet of ${vehicles}: first page (attention) with totals`, portal, () => [
      `${base}?pageSize=25`,
    ]);
    await measure('fleet: filtered page (past due, loans, one cost center, by amount due)', portal, (k) => [
      `${base}?pastDue=true&kind=loan&costCenter=${COST_CENTERS[k % COST_CENTERS.length]}&sort=amountDue&pageSize=25`,
    ]);
    await measure('fleet: search by unit number', portal, (k) =>
      Array.from(
        { length: 8 },
        (_, j) => `${base}?q=U-${String((((k * 8 + j) * 97) % vehicles) + 1).padStart(5, '0')}`,
      ),
    );
    await bare.close();
    return { setup, http };
  } finally {
    await t.close();
  }
}
