/**
 * Who may do what: the one place the portal answers `can(actor, action, resource)`. Routes ask it
 * for every resource they touch, and answer 404 (never the data, never "forbidden", which would
 * say the resource exists) when it says no.
 *
 * A user acts for customers through relationships. Today: the customer the user is (a party to the
 * contract, in any role) and staff roles. Third-party grants and fleet memberships add relationships
 * here, not new checks in routes.
 */
export type ContractRole = 'primary' | 'co_borrower' | 'co_lessee' | 'co_signer' | 'guarantor';

export type Actor =
  | { kind: 'customer'; userId: string; customerId: string | null }
  | { kind: 'staff'; userId: string; role: 'agent' | 'supervisor' | 'admin' };

export type ContractResource = { type: 'contract'; parties: { customerId: string; role: ContractRole }[] };

export type Action =
  /** See terms, balances, schedule, history, documents. */
  | 'contract.view'
  /** Make or schedule a payment on it. */
  | 'contract.pay'
  /** Ask for changes: due date, extension, payoff letter to a dealer. */
  | 'contract.request';

/** What each party role may do on its own contract. A guarantor sees the account but acts only if called on. */
const PARTY_ACTIONS: Record<ContractRole, readonly Action[]> = {
  primary: ['contract.view', 'contract.pay', 'contract.request'],
  co_borrower: ['contract.view', 'contract.pay', 'contract.request'],
  co_lessee: ['contract.view', 'contract.pay', 'contract.request'],
  co_signer: ['contract.view', 'contract.pay'],
  guarantor: ['contract.view'],
};

/** Staff see every account and can take a payment on the phone; changes go through requests the customer makes. */
const STAFF_ACTIONS: readonly Action[] = ['contract.view', 'contract.pay'];

export function can(actor: Actor, action: Action, resource: ContractResource): boolean {
  if (actor.kind === 'staff') return STAFF_ACTIONS.includes(action);
  if (!actor.customerId) return false;
  return resource.parties.some(
    (p) => p.customerId === actor.customerId && PARTY_ACTIONS[p.role].includes(action),
  );
}

/** Staff console capabilities by role: every use is an audit event, whatever the role. */
export type StaffCapability =
  | 'customers.search'
  | 'customers.verify'
  | 'users.unlock'
  | 'users.reset_access'
  | 'audit.read'
  | 'operations.read'
  | 'ledger.check';

const STAFF_CAPABILITIES: Record<'agent' | 'supervisor' | 'admin', readonly StaffCapability[]> = {
  agent: ['customers.search', 'customers.verify', 'users.unlock', 'users.reset_access'],
  supervisor: [
    'customers.search',
    'customers.verify',
    'users.unlock',
    'users.reset_access',
    'audit.read',
    'operations.read',
    'ledger.check',
  ],
  admin: [
    'customers.search',
    'customers.verify',
    'users.unlock',
    'users.reset_access',
    'audit.read',
    'operations.read',
    'ledger.check',
  ],
};

export function canStaff(actor: Actor, capability: StaffCapability): boolean {
  return actor.kind === 'staff' && STAFF_CAPABILITIES[actor.role].includes(capability);
}
