import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { Secret } from 'otpauth';
import {
  addDays,
  addMonthsOnDueDay,
  type CalendarDate,
  calendarDate,
  compareDates,
  dateParts,
} from '../core/dates.ts';
import { installmentDueDates } from '../core/installments.ts';
import { discloseLease } from '../core/lease.ts';
import { discloseLoan } from '../core/loan.ts';
import { cents } from '../core/money.ts';
import { withVinCheckDigit } from '../core/vin.ts';
import type { Db } from '../db/database.ts';
import { customers, organizations, users } from '../db/schema.ts';
import { cutStatementsBetween, makeTaxStatements } from '../documents/index.ts';
import { acceptGrant, inviteGrant } from '../grants/index.ts';
import { hashPassword } from '../identity/index.ts';
import { cutOrganizationStatements, organizationStatementDate } from '../organizations/index.ts';
import { addBankAccount, type PaymentMethodsDeps } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import {
  type BoardingContractInput as BoardingContract,
  type BoardingPartyInput as BoardingParty,
  boardContracts,
  countContracts,
  postPayment,
} from '../servicing/index.ts';
import {
  DEMO_FLEET_LOGINS,
  HARBOR_BUSINESS,
  keystoneContractNumber,
  NEAR_MATURITY_DAYS_AGO,
  seedDemoFleets,
} from './demo-fleet.ts';

/**
 * Deterministic demo and scale data. Every contract is built from its index and the business date
 * through the same core that discloses terms, so its figures add up exactly as a real one's do.
 */
export const DEMO_PASSWORD = 'autofin-demo-2026';

export type DemoLogin = { userId: string; who: string; totpSecret: string };

/**
 * Each demo persona's authenticator-app secret, derived from the User ID so it is the same on every
 * machine and can be printed in the README: anyone can add it to an authenticator app. Demo only.
 */
export function demoTotpSecret(loginId: string): string {
  const bytes = createHash('sha256').update(`autofin-demo-totp:${loginId}`).digest().subarray(0, 20);
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Wei',
  'Carlos',
  'Emily',
  'Darnell',
  'Sofia',
  'Noah',
  'Priya',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Johnson',
  'Chen',
  'Rodriguez',
  'Nguyen',
  'Williams',
  'Patel',
  'Brown',
  'Lopez',
];
const CITIES: [string, 'PA' | 'TX' | 'OH' | 'CA' | 'NY', string][] = [
  ['Philadelphia', 'PA', '19103'],
  ['Austin', 'TX', '78701'],
  ['Columbus', 'OH', '43215'],
  ['Sacramento', 'CA', '95814'],
  ['Buffalo', 'NY', '14202'],
];
/** World manufacturer identifiers and plausible models, so VINs look like the make they name. */
const VEHICLES = [
  { wmi: '1HG', make: 'Honda', model: 'Accord', trim: 'EX', price: 3_150_000 },
  { wmi: '4T1', make: 'Toyota', model: 'Camry', trim: 'SE', price: 3_080_000 },
  { wmi: '1FT', make: 'Ford', model: 'F-150', trim: 'XLT', price: 5_420_000 },
  { wmi: 'WBA', make: 'BMW', model: '330i', trim: 'xDrive', price: 4_890_000 },
  { wmi: '5YJ', make: 'Tesla', model: 'Model 3', trim: 'Long Range', price: 4_499_000 },
  { wmi: '1GC', make: 'Chevrolet', model: 'Silverado 1500', trim: 'LT', price: 5_190_000 },
];
/** Model-year codes of VIN position 10. */
const YEAR_CODES: Record<number, string> = {
  2022: 'N',
  2023: 'P',
  2024: 'R',
  2025: 'S',
  2026: 'T',
  2027: 'V',
};

function vinFor(index: number, wmi: string, year: number): string {
  const serial = String(index % 1_000_000).padStart(6, '0');
  return withVinCheckDigit(`${wmi}CV1F30${YEAR_CODES[year] ?? 'T'}A${serial}`);
}

function person(customerNumber: string, index: number, role: BoardingParty['role']): BoardingParty {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const [city, state, zip] = CITIES[index % CITIES.length]!;
  return {
    kind: 'person',
    customerNumber,
    role,
    firstName: first,
    lastName: last,
    dateOfBirth: `${1960 + (index % 40)}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`,
    taxIdLast4: String(1000 + (index % 9000)),
    email: `${first}.${last}.${index}@example.com`.toLowerCase(),
    phone: `+1215555${String(index % 10_000).padStart(4, '0')}`,
    address: { line1: `${100 + (index % 900)} Market Street`, city, state, zip },
  };
}

type ContractShape = {
  contractNumber: string;
  type: 'retail_installment' | 'lease';
  index: number;
  contractDate: CalendarDate;
  parties: BoardingParty[];
};

function buildContract(shape: ContractShape): BoardingContract {
  const v = VEHICLES[shape.index % VEHICLES.length]!;
  const year = Math.min(dateParts(shape.contractDate).year + 1, 2027);
  const [, governingState] = CITIES[shape.index % CITIES.length]!;
  const firstPaymentDate = addMonthsOnDueDay(shape.contractDate, 1);
  const vehicle = {
    vin: vinFor(shape.index, v.wmi, year),
    year,
    make: v.make,
    model: v.model,
    trim: v.trim,
    condition: 'new' as const,
    odometer: 12 + (shape.index % 40),
  };
  const common = {
    contractNumber: shape.contractNumber,
    governingState,
    contractDate: shape.contractDate,
    firstPaymentDate,
    parties: shape.parties,
    vehicle,
  };
  if (shape.type === 'retail_installment') {
    const termMonths = [36, 48, 60, 72][shape.index % 4]!;
    const aprPercent = ['4.99', '6.49', '7.25', '0.9'][shape.index % 4]!;
    const downPaymentCents = 300_000 + (shape.index % 5) * 50_000;
    const amountFinancedCents = v.price - downPaymentCents;
    const d = discloseLoan({ amountFinanced: cents(amountFinancedCents), aprPercent, termMonths });
    return {
      type: 'retail_installment',
      ...common,
      termMonths,
      cashPriceCents: v.price,
      downPaymentCents,
      amountFinancedCents,
      aprPercent,
      financeChargeCents: d.financeCharge,
      paymentCents: d.payment,
      finalPaymentCents: d.finalPayment,
      totalOfPaymentsCents: d.totalOfPayments,
    };
  }
  const termMonths = [24, 36, 39][shape.index % 3]!;
  const residualValueCents = Math.floor((v.price * 58) / 100);
  const capCostReductionCents = 200_000;
  const moneyFactor = ['0.00125', '0.00210', '0.00089'][shape.index % 3]!;
  const taxRatePercent = '6';
  const d = discloseLease({
    grossCapCost: cents(v.price),
    capCostReduction: cents(capCostReductionCents),
    residualValue: cents(residualValueCents),
    moneyFactor,
    termMonths,
    taxRatePercent,
  });
  return {
    type: 'lease',
    ...common,
    firstPaymentDate: shape.contractDate,
    termMonths,
    grossCapCostCents: v.price,
    capCostReductionCents,
    residualValueCents,
    rentChargeCents: d.rentCharge,
    moneyFactor,
    basePaymentCents: d.basePayment,
    monthlyTaxCents: d.tax,
    paymentCents: d.payment,
    totalOfPaymentsCents: d.payment * termMonths + capCostReductionCents,
    amountDueAtSigningCents: capCostReductionCents + d.payment,
    mileageAllowancePerYear: [10_000, 12_000, 15_000][shape.index % 3]!,
    excessMileageRateCents: 25,
    dispositionFeeCents: 39_500,
    purchaseOptionPriceCents: residualValueCents + 35_000,
  };
}

/**
 * Demo customers with a contract who have not signed up online yet: loans RIC-3001-2025 …
 * RIC-3024-2025, leases LSE-4025-2025 … LSE-4030-2025 and loans RIC-3031-2025 … RIC-3040-2025
 * (browser tests register them, one each).
 */
export const UNREGISTERED_DEMO_CONTRACTS = 40;

function isUnregisteredDemoLease(n: number): boolean {
  return n >= 25 && n <= 30;
}

export function unregisteredDemoContractNumber(n: number): string {
  return isUnregisteredDemoLease(n) ? `LSE-${4000 + n}-2025` : `RIC-${3000 + n}-2025`;
}

/** The party of unregistered demo contract `n` (1…40): what registration asks of them is in the README. */
export function unregisteredDemoParty(n: number): BoardingParty {
  return person(`DEMO-C-NEW-${n}`, 40 + n, 'primary');
}

/**
 * The demo portfolio: a loan with a co-signer, a lease, a fleet business with 30 vehicles, and a
 * dozen loans whose customers can try registering.
 */
export function demoContracts(today: CalendarDate): BoardingContract[] {
  const business: BoardingParty = {
    kind: 'business',
    customerNumber: 'DEMO-C-KEYSTONE',
    role: 'primary',
    businessName: 'Keystone Logistics LLC',
    taxIdLast4: '4321',
    email: 'fleet@keystone-logistics.example.com',
    phone: '+12155550199',
    address: { line1: '1 Logan Square', city: 'Philadelphia', state: 'PA', zip: '19103-6933' },
  };
  const fleet = Array.from({ length: 30 }, (_, i) =>
    buildContract({
      contractNumber: keystoneContractNumber(i),
      type: i % 3 === 0 ? 'lease' : 'retail_installment',
      index: 100 + i,
      // Two 36-month leases end within the next three months (the fleet's lease-end list has rows).
      contractDate: addDays(today, NEAR_MATURITY_DAYS_AGO[i] ?? -(200 + i * 11)),
      parties: [business],
    }),
  );
  const harbor = Array.from({ length: 4 }, (_, i) =>
    buildContract({
      contractNumber: `HC-${String(i + 1).padStart(4, '0')}-2025`,
      type: i === 3 ? 'lease' : 'retail_installment',
      index: 140 + i,
      contractDate: addDays(today, -(150 + i * 23)),
      parties: [HARBOR_BUSINESS],
    }),
  );
  return [
    buildContract({
      contractNumber: 'RIC-1001-2025',
      type: 'retail_installment',
      index: 1,
      contractDate: addDays(today, -410),
      parties: [person('DEMO-C-MARIA', 0, 'primary'), person('DEMO-C-JAMES', 11, 'co_signer')],
    }),
    buildContract({
      contractNumber: 'LSE-2001-2025',
      type: 'lease',
      index: 2,
      contractDate: addDays(today, -300),
      parties: [person('DEMO-C-AISHA', 22, 'primary')],
    }),
    ...fleet,
    ...harbor,
    ...Array.from({ length: UNREGISTERED_DEMO_CONTRACTS }, (_, i) =>
      buildContract({
        contractNumber: unregisteredDemoContractNumber(i + 1),
        type: isUnregisteredDemoLease(i + 1) ? 'lease' : 'retail_installment',
        index: 60 + i,
        contractDate: addDays(today, -(90 + i * 17)),
        parties: [unregisteredDemoParty(i + 1)],
      }),
    ),
  ];
}

/**
 * Every demo customer paid each installment on its due date, by ACH, up to yesterday, except the
 * lease customer and one of Keystone's vans, whose latest installment is unpaid: the portal then
 * has a past-due account, and the fleet a past-due vehicle, to show.
 */
const UNPAID_LATEST = new Set(['LSE-2001-2025', keystoneContractNumber(1)]);

async function postDemoPaymentHistory(db: Db, clock: Clock, contracts: BoardingContract[]): Promise<void> {
  const yesterday = addDays(clock.today(), -1);
  for (const c of contracts) {
    const dueDates = installmentDueDates(
      calendarDate(c.firstPaymentDate),
      dateParts(calendarDate(c.firstPaymentDate)).day,
      c.termMonths,
    ).filter((date) => compareDates(date, yesterday) <= 0);
    const paid = UNPAID_LATEST.has(c.contractNumber) ? dueDates.slice(0, -1) : dueDates;
    for (const [i, receivedOn] of paid.entries()) {
      await postPayment(
        db,
        clock,
        c.contractNumber,
        { amountCents: c.paymentCents, receivedOn, channel: 'ach', intent: 'regular' },
        { scope: 'system:demo-data', key: `demo-${c.contractNumber}-${i + 1}` },
        { actor: { type: 'system', id: 'demo-data' } },
      );
    }
  }
}

/**
 * Keystone's business bank account, so a bulk payment can be tried without adding one first: the
 * sandbox bank verifies it and pays its debits (docs/sandbox-gateway.md).
 */
export const KEYSTONE_DEMO_BANK_ACCOUNT = {
  holderName: 'Keystone Logistics LLC',
  routingNumber: '021000021',
  accountNumber: '123456780000',
  accountType: 'checking',
  nickname: 'Operating account',
} as const;

/**
 * Adds Keystone's bank account through the payments service, as its admin would: verified by the
 * gateway, its number sealed and its fingerprint keyed with the app's secret key, audited.
 */
async function addKeystoneBankAccount(deps: PaymentMethodsDeps): Promise<void> {
  const [keystone] = await deps.db
    .select({ id: organizations.id })
    .from(organizations)
    .innerJoin(customers, eq(customers.id, organizations.customerId))
    .where(eq(customers.externalId, 'DEMO-C-KEYSTONE'));
  const added = await addBankAccount(
    deps,
    { organizationId: keystone!.id },
    KEYSTONE_DEMO_BANK_ACCOUNT,
    {},
    { type: 'system', id: 'demo-data' },
  );
  if (!added.ok)
    throw new Error(`the gateway refused Keystone's demo bank account: ${added.refusal.message}`);
}

/**
 * People Maria lets into her loan without being on it (issue 16's grants): Ana pays from her own
 * bank account, David, her bookkeeper, only reads. Their logins are made with the other personas'.
 */
const DEMO_GRANTEES = [
  {
    loginId: 'ana.lopez',
    email: 'ana.lopez@example.com',
    displayName: 'Ana Lopez',
    who: "authorized payer on RIC-1001-2025 (Maria's grant: view and pay, from her own bank account)",
    permission: 'view_and_pay',
  },
  {
    loginId: 'david.chen',
    email: 'david.chen@example.com',
    displayName: 'David Chen',
    who: "bookkeeper with view-only access to RIC-1001-2025 (Maria's grant)",
    permission: 'view',
  },
] as const;

/** The account the demo's authorized payer pays from: the sandbox bank verifies it and pays its debits. */
export const ANA_DEMO_BANK_ACCOUNT = {
  holderName: 'Ana Lopez',
  routingNumber: '026009593',
  accountNumber: '987654320000',
  accountType: 'checking',
  nickname: 'Ana checking',
} as const;

/**
 * Maria invites each grantee and they accept, through the grants service as on the portal (audited,
 * noticed on her account). The invitation's link is taken from the service instead of the mail.
 */
async function grantDemoAccess(deps: PaymentMethodsDeps): Promise<void> {
  const { db, clock } = deps;
  const people = await db
    .select({ id: users.id, loginId: users.loginId, customerId: users.customerId })
    .from(users)
    .where(inArray(users.loginId, ['maria.garcia', ...DEMO_GRANTEES.map((g) => g.loginId)]));
  const actorOf = (loginId: string) => {
    const u = people.find((p) => p.loginId === loginId)!;
    return { kind: 'customer' as const, userId: u.id, customerId: u.customerId, memberships: [] };
  };
  const meta = {};
  for (const g of DEMO_GRANTEES) {
    let token = '';
    await inviteGrant(
      db,
      clock,
      actorOf('maria.garcia'),
      'RIC-1001-2025',
      { name: g.displayName, email: g.email, permission: g.permission },
      {
        accept: (t) => {
          token = t;
          return `/grant-invitation?token=${t}`;
        },
      },
      meta,
    );
    await acceptGrant(db, clock, actorOf(g.loginId), token, meta);
  }
  const added = await addBankAccount(
    deps,
    { userId: actorOf('ana.lopez').userId },
    ANA_DEMO_BANK_ACCOUNT,
    meta,
    { type: 'system', id: 'demo-data' },
  );
  if (!added.ok) throw new Error(`the gateway refused Ana's demo bank account: ${added.refusal.message}`);
}

/**
 * Boards the demo portfolio and its logins into an empty database. Returns the logins to print.
 * The app's secret key seals the logins' second factors and keys the bank account's fingerprint,
 * which the gateway verifies.
 */
export async function seedDemoData(
  db: Db,
  clock: Clock,
  deps: Pick<PaymentMethodsDeps, 'secretKey' | 'gateway'>,
): Promise<DemoLogin[] | undefined> {
  if ((await countContracts(db)) > 0) return undefined;
  const box = secretBox(deps.secretKey);
  const contracts = demoContracts(clock.today());
  await boardContracts(db, clock, contracts, { actor: { type: 'system', id: 'demo-data' } });
  await postDemoPaymentHistory(db, clock, contracts);
  // The last three months' statements and last year's interest statements, as the cycle would have
  // made them (quietly: no notices or mail about the past).
  const today = clock.today();
  await cutStatementsBetween(db, clock, addDays(today, -95), addDays(today, -1));
  await makeTaxStatements(db, clock, calendarDate(`${dateParts(today).year}-01-01`));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins = [
    {
      loginId: 'maria.garcia',
      email: 'maria.garcia.0@example.com',
      displayName: 'Maria Garcia',
      who: 'consumer with a retail installment loan (RIC-1001-2025)',
    },
    {
      loginId: 'james.smith',
      email: 'james.smith.11@example.com',
      displayName: 'James Smith',
      who: 'co-signer on RIC-1001-2025',
    },
    {
      loginId: 'aisha.johnson',
      email: 'aisha.johnson.22@example.com',
      displayName: 'Aisha Johnson',
      who: 'consumer with a lease (LSE-2001-2025)',
    },
    ...DEMO_GRANTEES,
    ...DEMO_FLEET_LOGINS,
  ];
  await db.transaction(async (tx) => {
    const byEmail = new Map<string, string>();
    for (const c of contracts) for (const p of c.parties) if (p.email) byEmail.set(p.email, p.customerNumber);
    const rows = await tx.select({ id: customers.id, externalId: customers.externalId }).from(customers);
    const customerId = new Map(rows.map((r) => [r.externalId, r.id]));
    await tx.insert(users).values([
      ...logins.map((l) => ({
        loginId: l.loginId,
        email: l.email,
        displayName: l.displayName,
        kind: 'customer' as const,
        // Fleet members act for their business through its organization, not as its customer.
        customerId: 'organization' in l ? null : (customerId.get(byEmail.get(l.email) ?? '') ?? null),
        passwordHash,
        totpSecretSealed: box.seal(demoTotpSecret(l.loginId)),
      })),
      {
        loginId: 'agent.rivera',
        email: 'agent.rivera@autofin.example.com',
        displayName: 'Sam Rivera (support)',
        kind: 'staff' as const,
        staffRole: 'agent' as const,
        passwordHash,
        totpSecretSealed: box.seal(demoTotpSecret('agent.rivera')),
      },
      {
        loginId: 'supervisor.chen',
        email: 'supervisor.chen@autofin.example.com',
        displayName: 'Lin Chen (support supervisor)',
        kind: 'staff' as const,
        staffRole: 'supervisor' as const,
        passwordHash,
        totpSecretSealed: box.seal(demoTotpSecret('supervisor.chen')),
      },
    ]);
    await seedDemoFleets(tx, clock, customerId);
  });
  await addKeystoneBankAccount({ db, clock, ...deps });
  await grantDemoAccess({ db, clock, ...deps });
  // Last month's combined statements, as the close stage would have cut them on its last business day.
  await cutOrganizationStatements(
    db,
    clock,
    organizationStatementDate(addDays(today, -dateParts(today).day)),
  );
  return [
    ...logins.map((l) => ({ userId: l.loginId, who: l.who, totpSecret: demoTotpSecret(l.loginId) })),
    { userId: 'agent.rivera', who: 'support agent', totpSecret: demoTotpSecret('agent.rivera') },
    {
      userId: 'supervisor.chen',
      who: 'support supervisor (also reads the audit log)',
      totpSecret: demoTotpSecret('supervisor.chen'),
    },
  ];
}

/** `count` generated contracts numbered SEED-000001…, for scale tests. */
export function generatedContracts(from: number, count: number, today: CalendarDate): BoardingContract[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return buildContract({
      contractNumber: `SEED-${String(i).padStart(7, '0')}`,
      type: i % 4 === 0 ? 'lease' : 'retail_installment',
      index: i,
      contractDate: addDays(today, -(30 + (i % 1500))),
      parties: [person(`SEED-C-${i}`, i, 'primary')],
    });
  });
}
