import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { Database } from '../db/database.ts';
import {
  contractGrants,
  contracts,
  customers,
  drivers,
  fleetVehicles,
  organizationMembers,
  organizations,
  paymentMethods,
  users,
} from '../db/schema.ts';
import { verifyPassword } from '../identity/passwords.ts';
import { addBankAccount, listPaymentMethods, sandboxPaymentGateway } from '../payments/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { countContracts, validateBoardingRows } from '../servicing/boarding.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { contractStatus } from '../servicing/servicing.ts';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../test-support/test-app.ts';
import { csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';
import {
  ANA_DEMO_BANK_ACCOUNT,
  DEMO_PASSWORD,
  demoContracts,
  demoTotpSecret,
  generatedContracts,
  KEYSTONE_DEMO_BANK_ACCOUNT,
  seedDemoData,
} from './demo-data.ts';

const today = calendarDate('2026-11-20');
const clock = fixedClock(today);
const deps = { secretKey: TEST_SECRET_KEY, gateway: sandboxPaymentGateway(TEST_SECRET_KEY, clock) };
let t: TestApp;
let database: Database;
beforeAll(async () => {
  // The whole app, so the personas can be signed in as a browser would with their README secrets.
  t = await createTestApp({ clock });
  database = t.database;
});
afterAll(() => t.close());

/** Signs a demo persona in with the demo password and a code from their README secret. */
const signInAs = (loginId: string) =>
  signIn(t, loginId, { password: DEMO_PASSWORD, totpSecret: demoTotpSecret(loginId) });

describe('demo data', () => {
  // Boards some seventy contracts with their payment history: slow on a busy two-core machine.
  it('boards a loan with a co-signer, a lease and a 30-vehicle fleet, with logins, once', async () => {
    const logins = await seedDemoData(database.db, clock, deps);
    expect(logins?.map((l) => l.userId)).toEqual([
      'maria.garcia',
      'james.smith',
      'aisha.johnson',
      'ana.lopez',
      'david.chen',
      'keystone.fleet',
      'keystone.manager',
      'keystone.viewer',
      'keystone.driver',
      'harbor.admin',
      'agent.rivera',
      'supervisor.chen',
    ]);
    expect(await countContracts(database.db)).toBe(76);
    const [maria] = await database.db.select().from(users).where(sql`login_id = 'maria.garcia'`);
    expect(maria?.customerId).toBeTruthy();
    expect(await verifyPassword(maria!.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect(await seedDemoData(database.db, clock, deps)).toBeUndefined();
    expect(await countContracts(database.db)).toBe(76);
    // Each demo customer paid every installment on time except the lease customer's latest one.
    expect(await contractStatus(database.db, clock, 'RIC-1001-2025')).toMatchObject({
      pastDueCents: 0,
      bucket: 'current',
    });
    const lease = await contractStatus(database.db, clock, 'LSE-2001-2025');
    expect(lease.pastDueCents).toBeGreaterThan(0);
    // One of Keystone's vans is past due too, and two of its leases end within three months.
    expect((await contractStatus(database.db, clock, 'FL-0002-2025')).pastDueCents).toBeGreaterThan(0);
    expect((await contractStatus(database.db, clock, 'FL-0003-2025')).pastDueCents).toBe(0);
    const ledger = await checkLedger(database.db);
    expect(ledger.unbalancedEntries).toEqual([]);
    expect(ledger.balanceMismatches).toEqual([]);
  }, 120_000);

  it('gives Keystone a member in every role, acting through the organization, and Harbor its own fleet', async () => {
    const members = await database.db
      .select({ loginId: users.loginId, role: organizationMembers.role, customerId: users.customerId })
      .from(organizationMembers)
      .innerJoin(users, eq(users.id, organizationMembers.userId))
      .orderBy(users.loginId);
    expect(members).toEqual([
      { loginId: 'harbor.admin', role: 'admin', customerId: null },
      { loginId: 'keystone.driver', role: 'driver', customerId: null },
      { loginId: 'keystone.fleet', role: 'admin', customerId: null },
      { loginId: 'keystone.manager', role: 'manager', customerId: null },
      { loginId: 'keystone.viewer', role: 'viewer', customerId: null },
    ]);
    const fleets = await database.db
      .select({
        organizationId: fleetVehicles.organizationId,
        n: count(),
        drivers: count(fleetVehicles.driverId),
      })
      .from(fleetVehicles)
      .groupBy(fleetVehicles.organizationId);
    expect(fleets.map((f) => [f.n, f.drivers]).sort()).toEqual([
      [30, 24],
      [4, 3],
    ]);
    const [dana] = await database.db
      .select({ name: drivers.name })
      .from(drivers)
      .innerJoin(users, eq(users.id, drivers.userId))
      .where(eq(users.loginId, 'keystone.driver'));
    expect(dana?.name).toBe('Dana Whitfield');
  });

  it('gives Keystone a verified bank account to pay from, fingerprinted as the service fingerprints it', async () => {
    const [keystone] = await database.db
      .select({ id: organizations.id })
      .from(organizations)
      .innerJoin(customers, eq(customers.id, organizations.customerId))
      .where(eq(customers.externalId, 'DEMO-C-KEYSTONE'));
    const methods = await listPaymentMethods(database.db, { organizationId: keystone!.id });
    expect(methods).toEqual([
      expect.objectContaining({
        kind: 'bank_account',
        nickname: 'Operating account',
        last4: '0000',
        bankName: 'JPMorgan Chase Bank',
      }),
    ]);
    const [row] = await database.db
      .select()
      .from(paymentMethods)
      .where(eq(paymentMethods.id, methods[0]!.id));
    expect(row).toMatchObject({ status: 'active', userId: null });
    expect(row?.verifiedAt).not.toBeNull();
    expect(row?.accountNumberSealed).not.toContain(KEYSTONE_DEMO_BANK_ACCOUNT.accountNumber);
    // The admin typing the same account is told it is already on file: the fingerprint is the app's.
    await expect(
      addBankAccount(
        { db: database.db, clock, ...deps },
        { organizationId: keystone!.id },
        KEYSTONE_DEMO_BANK_ACCOUNT,
        {},
      ),
    ).rejects.toMatchObject({ code: 'PAYMENT_METHODS.DUPLICATE' });
    // Harbor, the other business, has none: its admin tries adding one.
    const [harbor] = await database.db
      .select({ id: organizations.id })
      .from(organizations)
      .innerJoin(customers, eq(customers.id, organizations.customerId))
      .where(eq(customers.externalId, 'DEMO-C-HARBOR'));
    expect(await listPaymentMethods(database.db, { organizationId: harbor!.id })).toEqual([]);
  });

  it("gives Maria's loan an authorized payer and a view-only bookkeeper, accepted and live", async () => {
    const grants = await database.db
      .select({
        loginId: users.loginId,
        permission: contractGrants.permission,
        status: contractGrants.status,
      })
      .from(contractGrants)
      .innerJoin(contracts, eq(contracts.id, contractGrants.contractId))
      .innerJoin(users, eq(users.id, contractGrants.granteeId))
      .where(eq(contracts.contractNumber, 'RIC-1001-2025'))
      .orderBy(users.loginId);
    expect(grants).toEqual([
      { loginId: 'ana.lopez', permission: 'view_and_pay', status: 'active' },
      { loginId: 'david.chen', permission: 'view', status: 'active' },
    ]);
    const [ana] = await database.db.select().from(users).where(eq(users.loginId, 'ana.lopez'));
    // Not on the contract: she sees it through the grant only, and pays from her own account.
    expect(ana?.customerId).toBeNull();
    expect(await listPaymentMethods(database.db, { userId: ana!.id })).toEqual([
      expect.objectContaining({
        kind: 'bank_account',
        nickname: ANA_DEMO_BANK_ACCOUNT.nickname,
        last4: '0000',
      }),
    ]);
    for (const login of ['ana.lopez', 'david.chen']) {
      const session = await signInAs(login);
      const get = (url: string) =>
        t.app.inject({ method: 'GET', url, cookies: { ...csrf.cookies, [SESSION_COOKIE]: session } });
      const loan = await get('/api/v1/accounts/RIC-1001-2025');
      expect(loan.statusCode, `${login}: ${loan.body}`).toBe(200);
      expect(loan.json()).toMatchObject({ contractNumber: 'RIC-1001-2025' });
      // Someone else's account stays out of reach.
      expect((await get('/api/v1/accounts/LSE-2001-2025')).statusCode).toBe(404);
    }
  }, 60_000);

  it('is deterministic for a business date', () => {
    expect(demoContracts(today)).toEqual(demoContracts(today));
  });

  it('generates scale-test contracts that pass boarding validation', () => {
    const { errors, valid } = validateBoardingRows(generatedContracts(1, 500, today), today);
    expect(errors).toEqual([]);
    expect(valid).toHaveLength(500);
  });
});
