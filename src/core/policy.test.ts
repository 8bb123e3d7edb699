import { describe, expect, it } from 'vitest';
import { type Action, type Actor, type ContractRole, can, canStaff } from './policy.ts';

const contract = (role: ContractRole) => ({
  type: 'contract' as const,
  parties: [
    { customerId: 'owner', role: 'primary' as const },
    { customerId: 'party', role },
  ],
});
const customer = (customerId: string | null): Actor => ({ kind: 'customer', userId: 'u1', customerId });

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
});
