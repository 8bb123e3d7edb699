import { eq } from 'drizzle-orm';
import type { OrganizationRole } from '../core/policy.ts';
import { withVinCheckDigit } from '../core/vin.ts';
import { customers, organizationMembers, organizations } from '../db/schema.ts';
import type { BoardingContractInput } from '../servicing/boarding.schemas.ts';
import { loanContract } from './contracts.ts';
import { boardContract, type TestApp } from './test-app.ts';

/** A business as a contract's primary party, for fleet tests; `customerNumber` makes it one customer. */
export function businessParty(
  customerNumber: string,
  name: string,
): BoardingContractInput['parties'][number] {
  return {
    kind: 'business',
    customerNumber,
    role: 'primary',
    businessName: name,
    taxIdLast4: '4321',
    email: `${customerNumber.toLowerCase()}@example.com`,
    phone: '+12155550199',
    address: { line1: '1 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103' },
  } as BoardingContractInput['parties'][number];
}

/** The organization of a boarded business customer, as business registration will make it. */
export async function createOrganization(t: TestApp, customerNumber: string): Promise<string> {
  const [customer] = await t.database.db
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.externalId, customerNumber));
  const [org] = await t.database.db
    .insert(organizations)
    .values({
      customerId: customer!.id,
      bulkPaymentMaxCents: 100_000_000,
      dailyPaymentMaxCents: 250_000_000,
      createdAt: t.clock.now(),
    })
    .returning({ id: organizations.id });
  return org!.id;
}

export async function addMember(t: TestApp, organizationId: string, userId: string, role: OrganizationRole) {
  await t.database.db
    .insert(organizationMembers)
    .values({ organizationId, userId, role, addedAt: t.clock.now() });
}

let vinSerial = 0;
/** The test vehicle with a VIN of its own (serial from a counter, check digit recomputed). */
export function fleetVehicle() {
  return { ...loanContract().vehicle, vin: withVinCheckDigit(`1HGCM82633A${String(100_000 + ++vinSerial)}`) };
}

/** Boards one contract per number for the business, each with a vehicle of its own. */
export async function boardFleet(
  t: TestApp,
  key: string,
  party: ReturnType<typeof businessParty>,
  contractNumbers: string[],
  make: (overrides: Record<string, unknown>) => BoardingContractInput = loanContract,
  overrides: Record<string, unknown> = {},
) {
  for (const contractNumber of contractNumbers) {
    await boardContract(
      t,
      key,
      make({ contractNumber, parties: [party], vehicle: fleetVehicle(), ...overrides }),
    );
  }
}
