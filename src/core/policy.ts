/**
 * Who may do what: the one place the portal answers `can(actor, action, resource)`. Routes ask it
 * for every resource they touch, and answer 404 (never the data, never "forbidden", which would
 * say the resource exists) when it says no.
 *
 * A user acts for customers through relationships: the customer the user is (a party to the
 * contract, in any role), membership of a business's organization in a role (the business is the
 * party), staff roles, and grants: an account holder's choice to let someone not on the contract
 * see the account, or see it and pay once (`GRANT_ACTIONS`), read afresh on every request.
 */
export type ContractRole = 'primary' | 'co_borrower' | 'co_lessee' | 'co_signer' | 'guarantor';

/** What a member does for an organization (see ORGANIZATION_ACTIONS). */
export type OrganizationRole = 'admin' | 'manager' | 'viewer' | 'driver';
export const ORGANIZATION_ROLES: readonly OrganizationRole[] = ['admin', 'manager', 'viewer', 'driver'];

/** A membership as the policy needs it: the organization, the business customer it is, the role. */
export type Membership = { organizationId: string; customerId: string; role: OrganizationRole };

/** What an account holder grants someone who is not on the contract (see GRANT_ACTIONS). */
export type GrantPermission = 'view' | 'view_and_pay';
export const GRANT_PERMISSIONS: readonly GrantPermission[] = ['view', 'view_and_pay'];

/** A grant the actor holds and that is live today (read with the session on every request). */
export type HeldGrant = { contractId: string; permission: GrantPermission };

export type Actor =
  | {
      kind: 'customer';
      userId: string;
      customerId: string | null;
      memberships: readonly Membership[];
      /** Absent for an actor made outside a session: no grants. */
      grants?: readonly HeldGrant[];
    }
  | { kind: 'staff'; userId: string; role: 'agent' | 'supervisor' | 'admin' };

export type ContractResource = {
  type: 'contract';
  contractId: string;
  parties: { customerId: string; role: ContractRole }[];
};

export type Action =
  /** See everything about it: the account below, and the vehicle, payoff, AutoPay and letters. */
  | 'contract.view'
  /** See the account: balances, schedule, activity, statements and documents (all a grant shows). */
  | 'contract.view_account'
  /** Pay in every way, AutoPay included. */
  | 'contract.pay'
  /** Make a one-time payment from one's own payment method. */
  | 'contract.pay_once'
  /** Ask for changes: due date, extension, payoff letter to a dealer. */
  | 'contract.request'
  /** Grant access to people not on the contract, change and revoke it. */
  | 'contract.manage_grants';

const VIEWS: readonly Action[] = ['contract.view', 'contract.view_account'];
const PAYS: readonly Action[] = ['contract.pay', 'contract.pay_once'];
const HOLDS: readonly Action[] = [...VIEWS, ...PAYS, 'contract.request', 'contract.manage_grants'];

/** What each party role may do on its own contract. A guarantor sees the account but acts only if called on. */
const PARTY_ACTIONS: Record<ContractRole, readonly Action[]> = {
  primary: HOLDS,
  co_borrower: HOLDS,
  co_lessee: HOLDS,
  co_signer: [...VIEWS, ...PAYS],
  guarantor: VIEWS,
};

/** Staff see every account and can take a payment on the phone; changes go through requests the customer makes. */
const STAFF_ACTIONS: readonly Action[] = [...VIEWS, ...PAYS];

/**
 * What a grant allows: never AutoPay, the holder's payment methods, profile, requests or grants,
 * which the actions above keep for the parties.
 */
export const GRANT_ACTIONS: Record<GrantPermission, readonly Action[]> = {
  view: ['contract.view_account'],
  view_and_pay: ['contract.view_account', 'contract.pay_once'],
};

/**
 * What each organization role may do on the business's contracts. A driver sees the vehicle they
 * drive through the fleet's own routes, never the contract's finances.
 */
const MEMBER_CONTRACT_ACTIONS: Record<OrganizationRole, readonly Action[]> = {
  admin: [...VIEWS, ...PAYS, 'contract.request'],
  manager: [...VIEWS, ...PAYS, 'contract.request'],
  viewer: VIEWS,
  driver: [],
};

export function can(actor: Actor, action: Action, resource: ContractResource): boolean {
  if (actor.kind === 'staff') return STAFF_ACTIONS.includes(action);
  const byGrant = (actor.grants ?? []).some(
    (g) => g.contractId === resource.contractId && GRANT_ACTIONS[g.permission].includes(action),
  );
  return (
    byGrant ||
    resource.parties.some(
      (p) =>
        (p.customerId === actor.customerId && PARTY_ACTIONS[p.role].includes(action)) ||
        actor.memberships.some(
          (m) => m.customerId === p.customerId && MEMBER_CONTRACT_ACTIONS[m.role].includes(action),
        ),
    )
  );
}

/** What may be done with an organization as a whole. */
export type OrganizationAction =
  /** See the organization, its fleet list and the vehicles (a driver: only their own). */
  | 'organization.view'
  /** See money: amounts due, balances, payments, statements, analytics, reports. */
  | 'organization.view_finances'
  /** Pay, one contract or many in one debit. */
  | 'organization.pay'
  /** Edit vehicles (unit numbers, plates, cost centers, statuses) and drivers and their assignments. */
  | 'organization.manage_fleet'
  /** Report a vehicle's odometer reading (a driver: only for the vehicles assigned to them). */
  | 'organization.report_odometer'
  /** Invite, change the role of and remove members. */
  | 'organization.manage_members'
  /** Add and remove the business's bank accounts, and its API keys. */
  | 'organization.manage_settings';

export const ORGANIZATION_ACTIONS: Record<OrganizationRole, readonly OrganizationAction[]> = {
  admin: [
    'organization.view',
    'organization.view_finances',
    'organization.pay',
    'organization.manage_fleet',
    'organization.report_odometer',
    'organization.manage_members',
    'organization.manage_settings',
  ],
  manager: [
    'organization.view',
    'organization.view_finances',
    'organization.pay',
    'organization.manage_fleet',
    'organization.report_odometer',
  ],
  viewer: ['organization.view', 'organization.view_finances'],
  driver: ['organization.view', 'organization.report_odometer'],
};

/** The actor's membership of an organization, if any (staff have none: the console is theirs). */
export function membershipOf(actor: Actor, organizationId: string): Membership | undefined {
  return actor.kind === 'customer'
    ? actor.memberships.find((m) => m.organizationId === organizationId)
    : undefined;
}

export function canInOrganization(actor: Actor, action: OrganizationAction, organizationId: string): boolean {
  const membership = membershipOf(actor, organizationId);
  return membership !== undefined && ORGANIZATION_ACTIONS[membership.role].includes(action);
}

/** One vehicle of a fleet as the policy judges it: whose fleet, and the login of its driver now. */
export type FleetVehicleResource = {
  type: 'fleet_vehicle';
  organizationId: string;
  /** The login of the driver assigned to the vehicle, when that driver has one. */
  driverUserId: string | null;
};

/** Roles whose rights hold only for the vehicles assigned to the member as their driver. */
const ASSIGNED_VEHICLES_ONLY: readonly OrganizationRole[] = ['driver'];

/**
 * What may be done with one vehicle of a fleet: the role's organization action, on every vehicle
 * of the fleet, or for a driver on the vehicles assigned to them and no other.
 */
export function canOnVehicle(
  actor: Actor,
  action: OrganizationAction,
  vehicle: FleetVehicleResource,
): boolean {
  const membership = membershipOf(actor, vehicle.organizationId);
  if (membership === undefined || !ORGANIZATION_ACTIONS[membership.role].includes(action)) return false;
  return !ASSIGNED_VEHICLES_ONLY.includes(membership.role) || vehicle.driverUserId === actor.userId;
}

/**
 * Staff console capabilities (by role below): every use is an audit event, whatever the role. Spelled
 * once, here: the console's pages read the same list.
 */
export const STAFF_CAPABILITY_NAMES = [
  'customers.search',
  'customers.verify',
  'users.unlock',
  'users.reset_access',
  'audit.read',
  'operations.read',
  'ledger.check',
  /** See a contract's grants to people not on it. */
  'grants.read',
  /** End a grant at once, with a reason (a fraud report). */
  'grants.end',
] as const;
export type StaffCapability = (typeof STAFF_CAPABILITY_NAMES)[number];

const AGENT_CAPABILITIES: readonly StaffCapability[] = [
  'customers.search',
  'customers.verify',
  'users.unlock',
  'users.reset_access',
  'grants.read',
  'grants.end',
];
/** A supervisor does what an agent does and reads the audit log and the operations; an admin, the same. */
const SUPERVISOR_CAPABILITIES: readonly StaffCapability[] = [
  ...AGENT_CAPABILITIES,
  'audit.read',
  'operations.read',
  'ledger.check',
];
const STAFF_CAPABILITIES: Record<'agent' | 'supervisor' | 'admin', readonly StaffCapability[]> = {
  agent: AGENT_CAPABILITIES,
  supervisor: SUPERVISOR_CAPABILITIES,
  admin: SUPERVISOR_CAPABILITIES,
};

export function canStaff(actor: Actor, capability: StaffCapability): boolean {
  return actor.kind === 'staff' && STAFF_CAPABILITIES[actor.role].includes(capability);
}
