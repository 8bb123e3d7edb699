import { eq, inArray } from 'drizzle-orm';
import { type Actor, type ContractResource, can } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import { contractParties, contracts, vehicles } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import { contractStatus } from './servicing.ts';
import type { SessionUser } from './sessions.ts';

/**
 * The customer's accounts: the contracts a signed-in user may see, each checked with the policy.
 * Someone else's contract answers exactly as one that does not exist.
 */
export function actorOf(user: SessionUser): Actor {
  return user.kind === 'staff'
    ? { kind: 'staff', userId: user.id, role: user.staffRole ?? 'agent' }
    : { kind: 'customer', userId: user.id, customerId: user.customerId };
}

const notFound = (contractNumber: string) =>
  new DomainError(
    'not_found',
    'ACCOUNTS.NOT_FOUND',
    `There is no account ${contractNumber} that you can see.`,
  );

async function contractResource(db: Db, contractId: string): Promise<ContractResource> {
  const parties = await db
    .select({ customerId: contractParties.customerId, role: contractParties.role })
    .from(contractParties)
    .where(eq(contractParties.contractId, contractId));
  return { type: 'contract', parties };
}

/** One account in full, if the actor may view it. */
export async function viewAccount(db: Db, clock: Clock, actor: Actor, contractNumber: string) {
  const [row] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.contractNumber, contractNumber));
  if (!row || !can(actor, 'contract.view', await contractResource(db, row.id)))
    throw notFound(contractNumber);
  return contractStatus(db, clock, contractNumber);
}

/** The dashboard list: every contract the customer is a party to, with what is due next. */
export async function listAccounts(db: Db, clock: Clock, actor: Actor) {
  if (actor.kind !== 'customer' || !actor.customerId) return [];
  const mine = await db
    .select({ contractId: contractParties.contractId, role: contractParties.role })
    .from(contractParties)
    .where(eq(contractParties.customerId, actor.customerId));
  if (mine.length === 0) return [];
  const rows = await db
    .select({ id: contracts.id, contractNumber: contracts.contractNumber, vehicle: vehicles })
    .from(contracts)
    .leftJoin(vehicles, eq(vehicles.contractId, contracts.id))
    .where(
      inArray(
        contracts.id,
        mine.map((m) => m.contractId),
      ),
    )
    .orderBy(contracts.contractNumber);
  const roleOf = new Map(mine.map((m) => [m.contractId, m.role]));
  return Promise.all(
    rows.map(async (row) => {
      const status = await contractStatus(db, clock, row.contractNumber);
      return {
        contractNumber: row.contractNumber,
        kind: status.kind,
        status: status.status,
        role: roleOf.get(row.id)!,
        vehicle: row.vehicle
          ? {
              year: row.vehicle.year,
              make: row.vehicle.make,
              model: row.vehicle.model,
              vinLast6: row.vehicle.vin.slice(-6),
            }
          : null,
        balanceCents:
          status.kind === 'lease' ? status.balances.leaseReceivableCents : status.balances.principalCents,
        amountDueCents: status.amountDueCents,
        pastDueCents: status.pastDueCents,
        daysPastDue: status.daysPastDue,
        nextDueDate: status.nextDueDate,
        nextDueAmountCents: status.nextDueAmountCents,
      };
    }),
  );
}
