import { describe, expect, it } from 'vitest';
import {
  type Action,
  type Actor,
  type ContractRole,
  can,
  canInOrganization,
  canOnVehicle,
  canStaff,
  GRANT_PERMISSIONS,
  type GrantPermission,
  type OrganizationAction,
  type OrganizationRole,
} from './policy.ts';

const contract = (role: ContractRole, contractId = 'c1') => ({
  type: 'contract' as const,
  contractId,
  parties: [
    { customerId: 'owner', role: 'primary' as const },
    { customerId: 'party', role },
  ],
});
const customer = (customerId: string | null): Actor => ({
  kind: 'customer',
  userId: 'u1',
  customerId,
  memberships: [],
});

describe('can', () => {
  it.each<[ContractRole, Action, boolean]>([
    ['primary', 'contract.view', true],
    ['primary', 'contract.pay', true],
    ['primary', 'contract.request', true],
    ['co_borrower', 'contract.request', true],
    ['co_lessee', 'contract.pay', true],
    ['co_signer', 'contract.view', true],
    ['co_signer', 'contract.pay', true],
    ['co_signer', 'contract.request', false],
    ['guarantor', 'contract.view', true],
    ['guarantor', 'contract.pay', false],
  ])('lets a %s %s: %s', (role, action, allowed) => {
    expect(can(customer('party'), action, contract(role))).toBe(allowed);
  });

  it('lets nobody act on a contract they are not a party to', () => {
    for (const action of ['contract.view', 'contract.pay', 'contract.request'] as const) {
      expect(can(customer('stranger'), action, contract('co_signer'))).toBe(false);
      expect(can(customer(null), action, contract('co_signer'))).toBe(false);
    }
  });

  it('lets staff view and take payments, but not make the customer’s requests', () => {
    const agent: Actor = { kind: 'staff', userId: 's1', role: 'agent' };
    expect(can(agent, 'contract.view', contract('primary'))).toBe(true);
    expect(can(agent, 'contract.pay', contract('primary'))).toBe(true);
    expect(can(agent, 'contract.request', contract('primary'))).toBe(false);
  });
});

describe('grants', () => {
  const grantee = (permission: GrantPermission, contractId = 'c1'): Actor => ({
    kind: 'customer',
    userId: 'g1',
    customerId: null,
    memberships: [],
    grants: [{ contractId, permission }],
  });
  const ACTIONS: Action[] = [
    'contract.view',
    'contract.view_account',
    'contract.pay',
    'contract.pay_once',
    'contract.request',
    'contract.manage_grants',
  ];
  // Written out: what a reviewer compares with the two permission sets.
  const ALLOWED: Record<GrantPermission, Action[]> = {
    view: ['contract.view_account'],
    view_and_pay: ['contract.view_account', 'contract.pay_once'],
  };

  it.each(
    GRANT_PERMISSIONS.flatMap((permission) =>
      ACTIONS.map((action) => [permission, action, ALLOWED[permission].includes(action)] as const),
    ),
  )('a %s grant allows %s: %s', (permission, action, allowed) => {
    expect(can(grantee(permission), action, contract('co_signer'))).toBe(allowed);
  });

  it('allows nothing on another contract', () => {
    for (const action of ACTIONS)
      expect(can(grantee('view_and_pay', 'c2'), action, contract('primary'))).toBe(false);
  });

  it('leaves the parties their rights: holders manage grants, a co-signer does not', () => {
    for (const role of ['primary', 'co_borrower', 'co_lessee'] as const) {
      expect(can(customer('party'), 'contract.manage_grants', contract(role))).toBe(true);
    }
    for (const role of ['co_signer', 'guarantor'] as const) {
      expect(can(customer('party'), 'contract.manage_grants', contract(role))).toBe(false);
    }
    expect(can(customer('party'), 'contract.pay_once', contract('co_signer'))).toBe(true);
    expect(can(customer('party'), 'contract.view_account', contract('guarantor'))).toBe(true);
  });
});

describe('canStaff', () => {
  it('gives agents the console and supervisors the audit log too; customers neither', () => {
    const agent: Actor = { kind: 'staff', userId: 's1', role: 'agent' };
    const supervisor: Actor = { kind: 'staff', userId: 's2', role: 'supervisor' };
    expect(canStaff(agent, 'customers.search')).toBe(true);
    expect(canStaff(agent, 'users.unlock')).toBe(true);
    expect(canStaff(agent, 'audit.read')).toBe(false);
    expect(canStaff(supervisor, 'audit.read')).toBe(true);
    expect(canStaff(customer('owner'), 'customers.search')).toBe(false);
  });

  it('lets every staff role see a contract’s grants and end one; no customer, the holder included', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const staff: Actor = { kind: 'staff', userId: 's1', role };
      expect([role, canStaff(staff, 'grants.read'), canStaff(staff, 'grants.end')]).toEqual([
        role,
        true,
        true,
      ]);
    }
    expect(canStaff(customer('owner'), 'grants.read')).toBe(false);
    expect(canStaff(customer('owner'), 'grants.end')).toBe(false);
  });
});

describe('organization members', () => {
  const member = (role: OrganizationRole): Actor => ({
    kind: 'customer',
    userId: 'm1',
    customerId: null,
    memberships: [{ organizationId: 'org-1', customerId: 'owner', role }],
  });
  const ORGANIZATION: OrganizationAction[] = [
    'organization.view',
    'organization.view_finances',
    'organization.pay',
    'organization.manage_fleet',
    'organization.report_odometer',
    'organization.manage_members',
    'organization.manage_settings',
  ];
  const CONTRACT: Action[] = ['contract.view', 'contract.pay', 'contract.request'];
  // Each role's rights, written out: what a reviewer compares with the role table.
  const RIGHTS: Record<OrganizationRole, { organization: OrganizationAction[]; contract: Action[] }> = {
    admin: { organization: ORGANIZATION, contract: CONTRACT },
    manager: {
      organization: [
        'organization.view',
        'organization.view_finances',
        'organization.pay',
        'organization.manage_fleet',
        'organization.report_odometer',
      ],
      contract: CONTRACT,
    },
    viewer: {
      organization: ['organization.view', 'organization.view_finances'],
      contract: ['contract.view'],
    },
    // A driver's rights hold only for the vehicles assigned to them (canOnVehicle below).
    driver: { organization: ['organization.view', 'organization.report_odometer'], contract: [] },
  };

  const cases = (Object.keys(RIGHTS) as OrganizationRole[]).flatMap((role) => [
    ...ORGANIZATION.map((action) => [role, action, RIGHTS[role].organization.includes(action)] as const),
    ...CONTRACT.map((action) => [role, action, RIGHTS[role].contract.includes(action)] as const),
  ]);

  it.each(cases)('a %s may %s: %s', (role, action, allowed) => {
    if (action.startsWith('organization.')) {
      expect(canInOrganization(member(role), action as OrganizationAction, 'org-1')).toBe(allowed);
    } else {
      // The business is the contract's primary party; the member acts through the membership.
      expect(can(member(role), action as Action, contract('guarantor'))).toBe(allowed);
    }
  });

  it('gives a member nothing in another organization, nor on another business’s contracts', () => {
    const admin = member('admin');
    for (const action of ORGANIZATION) expect(canInOrganization(admin, action, 'org-2')).toBe(false);
    const elsewhere = {
      type: 'contract' as const,
      contractId: 'c2',
      parties: [{ customerId: 'other-business', role: 'primary' as const }],
    };
    for (const action of CONTRACT) expect(can(admin, action, elsewhere)).toBe(false);
  });

  describe('on one vehicle', () => {
    const vehicle = (driverUserId: string | null, organizationId = 'org-1') => ({
      type: 'fleet_vehicle' as const,
      organizationId,
      driverUserId,
    });

    it.each<[OrganizationRole, string | null, boolean]>([
      ['admin', null, true],
      ['admin', 'someone-else', true],
      ['manager', 'someone-else', true],
      ['viewer', 'm1', false],
      ['driver', 'm1', true],
      ['driver', 'someone-else', false],
      ['driver', null, false],
    ])('lets a %s whose vehicle’s driver is %s report its odometer: %s', (role, driverUserId, allowed) => {
      expect(canOnVehicle(member(role), 'organization.report_odometer', vehicle(driverUserId))).toBe(allowed);
    });

    it('lets a driver see only the vehicle they drive, and nobody act on another fleet’s', () => {
      expect(canOnVehicle(member('driver'), 'organization.view', vehicle('m1'))).toBe(true);
      expect(canOnVehicle(member('driver'), 'organization.view', vehicle('someone-else'))).toBe(false);
      expect(canOnVehicle(member('viewer'), 'organization.view', vehicle(null))).toBe(true);
      // Driving the vehicle gives no right the role does not have.
      expect(canOnVehicle(member('driver'), 'organization.manage_fleet', vehicle('m1'))).toBe(false);
      for (const action of ORGANIZATION) {
        expect(canOnVehicle(member('admin'), action, vehicle('m1', 'org-2'))).toBe(false);
        expect(canOnVehicle(customer('owner'), action, vehicle('u1'))).toBe(false);
      }
    });
  });

  it('gives staff and consumers no organization rights', () => {
    const agent: Actor = { kind: 'staff', userId: 's1', role: 'admin' };
    for (const action of ORGANIZATION) {
      expect(canInOrganization(agent, action, 'org-1')).toBe(false);
      expect(canInOrganization(customer('owner'), action, 'org-1')).toBe(false);
    }
  });
});
