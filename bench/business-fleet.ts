import { eq, sql } from 'drizzle-orm';
import type { CalendarDate } from '../src/core/dates.ts';
import type { Db } from '../src/db/database.ts';
import { customers, organizations } from '../src/db/schema.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import type { Clock } from '../src/platform/clock.ts';
import type { BoardingParty } from '../src/servicing/boarding.schemas.ts';
import { boardContracts } from '../src/servicing/boarding.ts';

const BATCH = 1_000;
const audit = { actor: { type: 'system' as const, id: 'bench' } };

/** A business for a benchmark: its own customer number, name and address. */
export function benchBusiness(customerNumber: string, businessName: string): BoardingParty {
  return {
    kind: 'business',
    customerNumber,
    role: 'primary',
    businessName,
    taxIdLast4: '5555',
    email: `ap@${customerNumber.toLowerCase()}.example.com`,
    phone: '+12155550177',
    address: { line1: '5 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103' },
  };
}

/**
 * Boards `contracts` generated contracts (loans and leases, due on every day of the month) for one
 * business, in batches as a lender's book comes in, makes its organization and refreshes the
 * planner's statistics (as autovacuum would after a load). Answers the organization's id.
 */
export async function boardBusinessFleet(
  db: Db,
  clock: Clock,
  today: CalendarDate,
  party: BoardingParty,
  contracts: number,
  firstNumber = 1,
): Promise<string> {
  for (let from = firstNumber; from < firstNumber + contracts; from += BATCH) {
    const count = Math.min(BATCH, firstNumber + contracts - from);
    await boardContracts(
      db,
      clock,
      generatedContracts(from, count, today).map((c) => ({ ...c, parties: [party] })),
      audit,
    );
  }
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.externalId, party.customerNumber));
  const [org] = await db
    .insert(organizations)
    .values({
      customerId: customer!.id,
      bulkPaymentMaxCents: 100_000_000,
      dailyPaymentMaxCents: 250_000_000,
      createdAt: clock.now(),
    })
    .returning({ id: organizations.id });
  await db.execute(sql`analyze`);
  return org!.id;
}
