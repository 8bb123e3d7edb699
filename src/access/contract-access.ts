import { eq } from 'drizzle-orm';
import { type Action, type Actor, type ContractResource, can } from '../core/policy.ts';
import { findContract, type ServicedContract } from '../db/contracts.ts';
import type { Db } from '../db/database.ts';
import { contractParties } from '../db/schema.ts';
import type { SessionUser } from '../identity/index.ts';
import { DomainError } from '../platform/errors.ts';

/**
 * Who may act on what: the relationships `core/policy.ts` judges, loaded from the database. Someone
 * else's contract answers exactly as one that does not exist.
 */
export function actorOf(user: SessionUser): Actor {
  return user.kind === 'staff'
    ? { kind: 'staff', userId: user.id, role: user.staffRole ?? 'agent' }
    : {
        kind: 'customer',
        userId: user.id,
        customerId: user.customerId,
        memberships: user.memberships,
        grants: user.grants,
      };
}

/** The answer for a contract the actor may not see: the same as for one that does not exist. */
export const contractNotFound = (contractNumber: string) =>
  new DomainError(
    'not_found',
    'ACCOUNTS.NOT_FOUND',
    `There is no account ${contractNumber} that you can see.`,
  );

export async function contractResource(db: Db, contractId: string): Promise<ContractResource> {
  const parties = await db
    .select({ customerId: contractParties.customerId, role: contractParties.role })
    .from(contractParties)
    .where(eq(contractParties.contractId, contractId));
  return { type: 'contract', contractId, parties };
}

/**
 * The contract, if the actor may view it; otherwise 404 `ACCOUNTS.NOT_FOUND`, the same answer as for
 * a contract that does not exist. Every customer route about one contract starts here. A route that
 * found the contract through something else (a letter, an enrolment) answers with that thing's own
 * not-found instead (`notFoundAs`), so the refusal does not name the contract.
 */
export function requireViewableContract(
  db: Db,
  actor: Actor,
  contractNumber: string,
  notFoundAs: () => DomainError = () => contractNotFound(contractNumber),
): Promise<ServicedContract> {
  return requireContractFor(db, actor, 'contract.view', contractNumber, notFoundAs);
}

/**
 * The contract, if the actor may do `action` on it; otherwise the same 404 as
 * `requireViewableContract`. The account's own figures and papers ask for `contract.view_account`,
 * which grants allow; everything else stays the parties' (`contract.view`).
 */
export async function requireContractFor(
  db: Db,
  actor: Actor,
  action: Action,
  contractNumber: string,
  notFoundAs: () => DomainError = () => contractNotFound(contractNumber),
): Promise<ServicedContract> {
  const contract = await findContract(db, contractNumber);
  if (!contract || !can(actor, action, await contractResource(db, contract.id))) throw notFoundAs();
  return contract;
}
