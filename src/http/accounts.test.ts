import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, SESSION_COOKIE, signIn } from '../test-support/users.ts';

// Ana owns the loan and James co-signed it; Bo holds the lease. Each sees only their own.
let t: TestApp;
const sessions: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const key = await boardingKey(t.database);
  const cosigner = {
    ...loanContract().parties[0],
    customerNumber: 'CUST-JAMES',
    role: 'co_signer',
    firstName: 'James',
  };
  for (const contract of [
    loanContract({ parties: [loanContract().parties[0], cosigner] }),
    leaseContract(),
  ]) {
    await boardContract(t, key, contract);
  }
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  await createUser(t, 'james', { customerNumber: 'CUST-JAMES' });
  await createUser(t, 'bo', { customerNumber: 'CUST-0002' });
  await createUser(t, 'agent', { staff: true });
  for (const user of ['ana', 'james', 'bo', 'agent']) sessions[user] = await signIn(t, user);
});
afterAll(() => t.close());

const get = (user: string, url: string) =>
  t.app.inject({ method: 'GET', url, cookies: user ? { [SESSION_COOKIE]: sessions[user]! } : {} });

describe('GET /api/v1/accounts', () => {
  it('lists the borrower’s and the co-signer’s shared loan, each with their role', async () => {
    const ana = (await get('ana', '/api/v1/accounts')).json().accounts;
    expect(ana).toEqual([
      expect.objectContaining({
        contractNumber: 'RIC-000001',
        kind: 'retail_installment',
        role: 'primary',
        vehicle: { year: 2026, make: 'Honda', model: 'Accord', vinLast6: '004352' },
        balanceCents: 2_000_000,
      }),
    ]);
    const james = (await get('james', '/api/v1/accounts')).json().accounts;
    expect(james.map((a: { contractNumber: string; role: string }) => [a.contractNumber, a.role])).toEqual([
      ['RIC-000001', 'co_signer'],
    ]);
    const bo = (await get('bo', '/api/v1/accounts')).json().accounts;
    expect(bo.map((a: { contractNumber: string }) => a.contractNumber)).toEqual(['LSE-000001']);
  });

  it('needs a signed-in session', async () => {
    const res = await get('', '/api/v1/accounts');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.SIGNED_OUT');
  });
});

describe('GET /api/v1/accounts/{contractNumber}', () => {
  it('shows a party its account', async () => {
    const res = await get('james', '/api/v1/accounts/RIC-000001');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      contractNumber: 'RIC-000001',
      balances: { principalCents: 2_000_000 },
    });
  });

  it('answers someone else’s account exactly as one that does not exist', async () => {
    const others = await get('bo', '/api/v1/accounts/RIC-000001');
    const missing = await get('bo', '/api/v1/accounts/RIC-999999');
    expect(others.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(others.json().error.code).toBe(missing.json().error.code);
    expect(others.body).not.toContain('2000000');
  });

  it('lets support staff see any account', async () => {
    expect((await get('agent', '/api/v1/accounts/LSE-000001')).statusCode).toBe(200);
  });
});
