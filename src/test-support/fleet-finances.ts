import { calendarDate } from '../core/dates.ts';
import type { OrganizationRole } from '../core/policy.ts';
import { contracts } from '../db/schema.ts';
import { postPayment, reversePayment } from '../servicing/payment-posting.ts';
import { leaseContract, loanContract } from './contracts.ts';
import { addMember, boardFleet, businessParty, createOrganization } from './organizations.ts';
import { countQueries } from './query-count.ts';
import type { TestApp } from './test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from './users.ts';

/**
 * The fleet the analytics and the reports tests read (today's business date is 2026-11-20):
 * Keystone's contracts and payments, posted and reversed through the real payment service, and
 * Harbor and Summit, two other organizations, each test boarding and paying them at its own size.
 *   KS-0001 loan ($20,000 at 5%, $377.42 due the 10th from 2026-02-10): paid 02-10 (interest $84.93,
 *     principal $292.49) and 03-10 (interest $75.59, principal $301.83, reference "=SUM(A1)"); the
 *     03-10 payment comes back today, returned (a $25.00 returned-payment fee).
 *   KS-0002 lease ($397.57 a month = $375.07 base + $22.50 tax, due the 15th from 2026-10-15): paid 10-15.
 *   KS-0003 loan from 2024-10-01, due the 1st from 2024-11-01: paid 2024-11-01 (interest $84.93,
 *     principal $292.49) and 2024-12-01 (interest $80.99, principal $296.43).
 */

const SYSTEM = { actor: { type: 'system' as const, id: 'test' } };

const BUSINESSES = {
  keystone: { customerNumber: 'BIZ-KEYSTONE', name: 'Keystone Logistics LLC' },
  harbor: { customerNumber: 'BIZ-HARBOR', name: 'Harbor Courier Co.' },
  summit: { customerNumber: 'BIZ-SUMMIT', name: 'Summit Freight Inc.' },
} as const;
type Business = keyof typeof BUSINESSES;

/** The business as its contracts' primary party. */
export const party = (business: Business) =>
  businessParty(BUSINESSES[business].customerNumber, BUSINESSES[business].name);

/** The contract numbers `first` to `first + count - 1` of a fleet ("SM-0001"…). */
export const contractNumbers = (prefix: string, first: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(first + i).padStart(4, '0')}`);

/** Posts a check payment as the system, each with an idempotency key of its own; answers what the service answered. */
export function paymentPoster(t: TestApp) {
  let keys = 0;
  return async (contractNumber: string, amountCents: number, receivedOn: string, reference?: string) => {
    const posted = await postPayment(
      t.database.db,
      t.clock,
      contractNumber,
      { amountCents, receivedOn: calendarDate(receivedOn), channel: 'check', intent: 'regular', reference },
      { scope: 'test', key: `payment-${++keys}` },
      SYSTEM,
    );
    return posted.body;
  };
}
type Pay = ReturnType<typeof paymentPoster>;

/** Reverses a payment as the system, today. */
export const reverse = (t: TestApp, contractNumber: string, paymentId: string, reason: 'returned') =>
  reversePayment(t.database.db, t.clock, contractNumber, paymentId, reason, SYSTEM);

/** Boards Keystone's KS-0001 (loan from 2026-01-10), KS-0002 (lease from 2026-10-15) and KS-0003 (loan from 2024-10-01). */
export async function boardKeystone(t: TestApp, key: string) {
  const keystone = party('keystone');
  await boardFleet(t, key, keystone, ['KS-0001']);
  await boardFleet(t, key, keystone, ['KS-0002'], leaseContract, {
    contractDate: '2026-10-15',
    firstPaymentDate: '2026-10-15',
  });
  await boardFleet(t, key, keystone, ['KS-0003'], loanContract, {
    contractDate: '2024-10-01',
    firstPaymentDate: '2024-11-01',
  });
}

/** Keystone's payments as above, KS-0001's second returned today; answers the ids of the payments left standing that a test adds to. */
export async function payKeystone(t: TestApp, pay: Pay) {
  await pay('KS-0001', 37_742, '2026-02-10');
  const returned = await pay('KS-0001', 37_742, '2026-03-10', '=SUM(A1)');
  const lease = await pay('KS-0002', 39_757, '2026-10-15');
  await pay('KS-0003', 37_742, '2024-11-01');
  await pay('KS-0003', 37_742, '2024-12-01');
  await reverse(t, 'KS-0001', returned.paymentId, 'returned');
  return { leasePaymentId: lease.paymentId };
}

export type Organizations = Record<Business, string>;

/** The three businesses' organizations, once their contracts are boarded. */
export async function createOrganizations(t: TestApp): Promise<Organizations> {
  const org = {} as Organizations;
  for (const [business, { customerNumber }] of Object.entries(BUSINESSES) as [
    Business,
    { customerNumber: string },
  ][])
    org[business] = await createOrganization(t, customerNumber);
  return org;
}

/** Who the tests sign in as: Keystone's admin, viewer and driver, and the admins of the other two. */
const MEMBERS = [
  ['ks.admin', 'keystone', 'admin'],
  ['ks.viewer', 'keystone', 'viewer'],
  ['ks.driver', 'keystone', 'driver'],
  ['hc.admin', 'harbor', 'admin'],
  ['sm.admin', 'summit', 'admin'],
] as const satisfies readonly (readonly [string, Business, OrganizationRole])[];
export type Login = (typeof MEMBERS)[number][0];

/** Makes each of them a user and a member, signed in; answers their user ids and session tokens. */
export async function signInMembers(t: TestApp, org: Organizations) {
  const userIds = {} as Record<Login, string>;
  const sessions = {} as Record<Login, string>;
  for (const [login, organization, role] of MEMBERS) {
    userIds[login] = await createUser(t, login);
    await addMember(t, org[organization], userIds[login], role);
  }
  for (const [login] of MEMBERS) sessions[login] = await signIn(t, login);
  return { userIds, sessions };
}

/** The contracts' ids by contract number. */
export async function contractIds(t: TestApp): Promise<Map<string, string>> {
  const rows = await t.database.db.select({ id: contracts.id, n: contracts.contractNumber }).from(contracts);
  return new Map(rows.map((r) => [r.n, r.id]));
}

/** A fleet record of the contract for the organization, with `fields` (unit, cost center, driver…). */
export function fleetRecord(t: TestApp, ids: Map<string, string>) {
  return (contractNumber: string, organizationId: string, fields: object) => ({
    contractId: ids.get(contractNumber)!,
    organizationId,
    updatedAt: t.clock.now(),
    ...fields,
  });
}

/** A GET of `url` as the browser of the session sends it (its cookie and the CSRF token). */
export const getAs = (t: TestApp, session: string, url: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });

/** Those who may not see Keystone's finances, and Keystone's admin at another organization. */
export const OUTSIDERS = [
  ['ks.driver', 'keystone'],
  ['hc.admin', 'keystone'],
  ['ks.admin', 'harbor'],
] as const satisfies readonly (readonly [Login, Business])[];

/** What a request answered and how many statements it cost. */
export async function queriesOf<Answer>(t: TestApp, request: () => Promise<Answer>) {
  const counter = countQueries(t.database.db);
  try {
    return { answer: await request(), queries: counter.statements.length };
  } finally {
    counter.stop();
  }
}
