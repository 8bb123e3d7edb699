import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASTY_CHARACTERS, nastyText } from '../core/fixtures/nasty-text.ts';
import { checkText, storedTextProblems } from '../core/text.ts';
import {
  contractParties,
  contracts,
  customers,
  passkeys,
  paymentMethods,
  payments,
  users,
  vehicles,
} from '../db/schema.ts';
import { loanContract } from '../test-support/contracts.ts';
import { softwareAuthenticator } from '../test-support/passkey-authenticator.ts';
import { boardContract, boardingKey, createTestApp, type TestApp } from '../test-support/test-app.ts';
import { createUser, csrf, SESSION_COOKIE, signIn } from '../test-support/users.ts';

/**
 * Every free-text field of the API, fed random Unicode (controls, NUL, line endings, bidi
 * controls, lone surrogates, combining marks, long runs) through real HTTP against the test
 * database. For each value: never a 5xx; what the rule of core/text.ts refuses is a 400 naming the
 * field; what is accepted is stored exactly as the rule normalizes it, so it passes the rule.
 * A field that skipped the schema primitive would store a control character and fail here.
 */
const RUNS = 25;
const CONTRACT = 'RIC-000001';

type Answer = { statusCode: number; json(): { error?: { fields?: Record<string, string> } } };

type FieldCase = {
  /** The route and the field's name as a 400 names it. */
  route: string;
  field: string;
  max: number;
  /** Sent empty, the field is left out (stored as null) instead of refused. */
  emptyIsAbsent?: boolean;
  /** How the route reads the value before the rule (the card field counts runs of spaces as one). */
  prepare?: (value: string) => string;
  send(value: string): Promise<Answer>;
  /** What was stored, when the request was accepted; left out for routes that store nothing. */
  stored?(answer: Answer): Promise<string | null>;
};

let t: TestApp;
let session: string;
let staffSession: string;
let boardingApiKey: string;
let servicingApiKey: string;
let passkeyId: string;
let serial = 0;
const next = () => ++serial;

beforeAll(async () => {
  t = await createTestApp();
  boardingApiKey = await boardingKey(t.database);
  servicingApiKey = await boardingKey(t.database, 'servicing');
  await boardContract(t, boardingApiKey, loanContract());
  await createUser(t, 'ana', { customerNumber: 'CUST-0001' });
  session = await signIn(t, 'ana');
  await createUser(t, 'boss', { staff: true });
  await t.database.db.update(users).set({ staffRole: 'supervisor' }).where(eq(users.loginId, 'boss'));
  staffSession = await signIn(t, 'boss');
  // A passkey to rename.
  const device = softwareAuthenticator();
  const options = await call('POST', '/api/v1/security/passkeys/options', {});
  const { challengeId, options: creation } = options.json();
  const added = await call('POST', '/api/v1/security/passkeys', {
    challengeId,
    response: device.register(creation),
  });
  if (added.statusCode !== 201) throw new Error(`no passkey to rename: ${added.body}`);
  passkeyId = added.json().passkey.id;
}, 60_000);
afterAll(() => t.close());

function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: session },
  });
}

const viaApiKey = (key: string, url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${key}`, ...headers } });

/** A copy of `target` with the value at the dotted `path` replaced. */
function withValue<T extends object>(target: T, path: string, value: unknown): T {
  const copy = structuredClone(target) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
  return copy as T;
}

/** A query string value, percent-encoded; a lone surrogate goes as the bytes a careless client sends. */
const queryValue = (value: string) =>
  [...value]
    .map((ch) =>
      ch.isWellFormed()
        ? encodeURIComponent(ch)
        : [0xed, 0xa0 | ((ch.charCodeAt(0) >> 6) & 0x1f), 0x80 | (ch.charCodeAt(0) & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join(''),
    )
    .join('');

// --- Boarding: one new contract per value, its party and vehicle read back from the tables.
function boardingCase(
  field: string,
  max: number,
  options: { emptyIsAbsent?: boolean; business?: boolean } = {},
) {
  const base = loanContract();
  const person = base.parties[0]!;
  return {
    route: 'POST /api/v1/admin/contracts',
    field,
    max,
    ...(options.emptyIsAbsent ? { emptyIsAbsent: true } : {}),
    async send(value: string) {
      const n = next();
      const party = options.business
        ? {
            kind: 'business',
            customerNumber: `BIZ-${n}`,
            role: 'primary',
            businessName: 'Acme Fleet LLC',
            taxIdLast4: '9876',
            address: person.address,
          }
        : { ...person, customerNumber: `CUST-FT-${n}` };
      const contract = { ...base, contractNumber: `FT-${String(n).padStart(6, '0')}`, parties: [party] };
      return viaApiKey(boardingApiKey, '/api/v1/admin/contracts', withValue(contract, field, value));
    },
    async stored(answer: Answer) {
      const { contractNumber } = answer.json() as { contractNumber: string };
      if (field.startsWith('vehicle.')) {
        const [row] = await t.database.db
          .select({ make: vehicles.make, model: vehicles.model, trim: vehicles.trim })
          .from(vehicles)
          .innerJoin(contracts, eq(contracts.id, vehicles.contractId))
          .where(eq(contracts.contractNumber, contractNumber));
        return row![field.slice('vehicle.'.length) as 'make' | 'model' | 'trim'];
      }
      const [row] = await t.database.db
        .select({
          firstName: customers.firstName,
          lastName: customers.lastName,
          businessName: customers.businessName,
          line1: customers.addressLine1,
          line2: customers.addressLine2,
          city: customers.city,
        })
        .from(customers)
        .innerJoin(contractParties, eq(contractParties.customerId, customers.id))
        .innerJoin(contracts, eq(contracts.id, contractParties.contractId))
        .where(eq(contracts.contractNumber, contractNumber));
      return row![field.split('.').at(-1) as keyof typeof row];
    },
  } satisfies FieldCase;
}

const address = { line1: '1 Main Street', city: 'Philadelphia', state: 'PA', zip: '19103' };
const profileCase = (key: 'line1' | 'line2' | 'city', max: number, emptyIsAbsent = false): FieldCase => ({
  route: 'PATCH /api/v1/profile',
  field: `address.${key}`,
  max,
  emptyIsAbsent,
  send: (value) => call('PATCH', '/api/v1/profile', { address: { ...address, [key]: value } }),
  stored: async () => (await call('GET', '/api/v1/profile')).json().address[key],
});

const bankAccount = () => ({
  kind: 'bank_account',
  routingNumber: '021000021',
  // A new account each time: the same one twice is refused as a duplicate.
  accountNumber: `7${String(next()).padStart(9, '0')}`,
  accountType: 'checking',
  holderName: 'Ana Diaz',
});
const storedMethod = (column: 'nickname' | 'holderName') => async (answer: Answer) => {
  const { id } = answer.json() as { id: string };
  const [row] = await t.database.db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
  return row![column];
};
const defaultMethodId = async () =>
  (await call('GET', '/api/v1/payment-methods')).json().paymentMethods[0].id as string;

const guestPreview = (holderName: string) => {
  const n = next();
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/guest-payments/preview',
    // A new address each time, so the public form's throttle never steps in.
    remoteAddress: `10.9.${(n >> 8) & 255}.${n & 255}`,
    headers: csrf.headers,
    cookies: csrf.cookies,
    payload: {
      contractNumber: CONTRACT,
      zip: '19103',
      taxIdLast4: '0123',
      email: 'guest@example.com',
      amountCents: 10_000,
      holderName,
      routingNumber: '021000021',
      accountNumber: '123456780000',
      accountType: 'checking',
    },
  });
};

// A holder name counts runs of spaces as one (core/bank-account.ts).
const spacesAsOne = (value: string) => value.replace(/\p{Zs}+/gu, ' ');

const FIELDS: FieldCase[] = [
  boardingCase('parties.0.firstName', 60),
  boardingCase('parties.0.lastName', 60),
  boardingCase('parties.0.businessName', 120, { business: true }),
  boardingCase('parties.0.address.line1', 100),
  boardingCase('parties.0.address.line2', 100, { emptyIsAbsent: true }),
  boardingCase('parties.0.address.city', 60),
  boardingCase('vehicle.make', 40),
  boardingCase('vehicle.model', 60),
  boardingCase('vehicle.trim', 60, { emptyIsAbsent: true }),
  profileCase('line1', 100),
  profileCase('line2', 100, true),
  profileCase('city', 60),
  {
    route: 'POST /api/v1/payment-methods',
    field: 'holderName',
    max: 80,
    prepare: spacesAsOne,
    send: (value) => call('POST', '/api/v1/payment-methods', { ...bankAccount(), holderName: value }),
    stored: storedMethod('holderName'),
  },
  {
    route: 'POST /api/v1/payment-methods',
    field: 'nickname',
    max: 40,
    send: (value) => call('POST', '/api/v1/payment-methods', { ...bankAccount(), nickname: value }),
    stored: storedMethod('nickname'),
  },
  {
    route: 'PATCH /api/v1/payment-methods/{id}',
    field: 'nickname',
    max: 40,
    send: async (value) =>
      call('PATCH', `/api/v1/payment-methods/${await defaultMethodId()}`, { nickname: value }),
    stored: storedMethod('nickname'),
  },
  {
    route: 'POST /sandbox-gateway/tokens, then POST /api/v1/payment-methods',
    field: 'holderName',
    max: 26,
    prepare: spacesAsOne,
    send: async (value) => {
      const token = await t.app.inject({
        method: 'POST',
        url: '/sandbox-gateway/tokens',
        payload: { cardNumber: '4111111111111111', expiry: '12/30', cvv: '123', holderName: value },
      });
      if (token.statusCode !== 201) return token;
      return call('POST', '/api/v1/payment-methods', { kind: 'debit_card', cardToken: token.json().token });
    },
    async stored(answer) {
      const holderName = await storedMethod('holderName')(answer);
      // The same card can be added again once removed.
      await call('DELETE', `/api/v1/payment-methods/${(answer.json() as { id: string }).id}`);
      return holderName;
    },
  },
  { route: 'POST /api/v1/guest-payments/preview', field: 'holderName', max: 80, send: guestPreview },
  {
    route: 'PATCH /api/v1/security/passkeys/{id}',
    field: 'name',
    max: 60,
    send: (value) => call('PATCH', `/api/v1/security/passkeys/${passkeyId}`, { name: value }),
    stored: async () =>
      (await t.database.db.select().from(passkeys).where(eq(passkeys.id, passkeyId)))[0]!.name,
  },
  {
    // Without a real registration nothing is added: this checks the refusals only.
    route: 'POST /api/v1/security/passkeys',
    field: 'name',
    max: 60,
    send: (value) =>
      call('POST', '/api/v1/security/passkeys', {
        challengeId: randomUUID(),
        response: {
          id: 'AAAA',
          rawId: 'AAAA',
          type: 'public-key',
          response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' },
          clientExtensionResults: {},
        },
        name: value,
      }),
  },
  {
    route: 'GET /api/v1/accounts/{contractNumber}/transactions',
    field: 'q',
    max: 100,
    emptyIsAbsent: true,
    send: (value) => call('GET', `/api/v1/accounts/${CONTRACT}/transactions?q=${queryValue(value)}`),
  },
  {
    route: 'POST /api/v1/admin/contracts/{contractNumber}/payments',
    field: 'reference',
    max: 60,
    emptyIsAbsent: true,
    send: (value) =>
      viaApiKey(
        servicingApiKey,
        `/api/v1/admin/contracts/${CONTRACT}/payments`,
        { amountCents: 100, receivedOn: '2026-11-20', channel: 'check', reference: value },
        { 'idempotency-key': randomUUID() },
      ),
    async stored(answer) {
      const { paymentId } = answer.json() as { paymentId: string };
      return (await t.database.db.select().from(payments).where(eq(payments.id, paymentId)))[0]!.reference;
    },
  },
  // Identifiers people type: nothing is stored, but a NUL once reached the database as a 500.
  {
    route: 'POST /api/v1/auth/login',
    field: 'userId',
    max: 64,
    send: (value) => publicPost('/api/v1/auth/login', { userId: value, password: 'not the password' }),
  },
  {
    route: 'POST /api/v1/auth/password/forgot',
    field: 'userId',
    max: 64,
    send: (value) => publicPost('/api/v1/auth/password/forgot', { userId: value }),
  },
  {
    route: 'POST /api/v1/registration',
    field: 'contractNumber',
    max: 40,
    send: (value) =>
      publicPost('/api/v1/registration', {
        contractNumber: value,
        taxIdLast4: '0123',
        zip: '19103',
        dateOfBirth: '1985-03-02',
        email: 'someone@example.com',
      }),
  },
  {
    route: 'GET /api/v1/staff/customers',
    field: 'q',
    max: 100,
    send: (value) => staffGet(`/api/v1/staff/customers?q=${queryValue(value)}`),
  },
  {
    route: 'GET /api/v1/staff/audit',
    field: 'actor',
    max: 80,
    emptyIsAbsent: true,
    send: (value) => staffGet(`/api/v1/staff/audit?actor=${queryValue(value)}`),
  },
  {
    route: 'GET /api/v1/payments',
    field: 'contractNumber',
    max: 40,
    emptyIsAbsent: true,
    send: (value) => call('GET', `/api/v1/payments?contractNumber=${queryValue(value)}`),
  },
];

const staffGet = (url: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: staffSession },
  });

/** A public form's request, from an address of its own (the forms are throttled by address). */
const publicPost = (url: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: csrf.headers,
    cookies: csrf.cookies,
    remoteAddress: `10.9.${next() % 250}.${(next() % 250) + 1}`,
  });

describe('every free-text field, fed random Unicode over HTTP', () => {
  it.each(FIELDS.map((c) => [`${c.route} ${c.field}`, c] as const))(
    '%s: no 5xx; refused with a 400 naming the field, or stored as the rule normalizes it',
    async (_name, c) => {
      await fc.assert(
        fc.asyncProperty(nastyText(c.max), async (value) => {
          const answer = await c.send(value);
          expect(answer.statusCode).toBeLessThan(500);
          // A lone surrogate in a URL arrives as whatever the server decodes: only "no 5xx" holds.
          if (c.route.startsWith('GET') && !value.isWellFormed()) return;
          const verdict = checkText(c.prepare ? c.prepare(value) : value, { max: c.max });
          const absent = !verdict.ok && verdict.problem === 'empty' && c.emptyIsAbsent === true;
          const fields = answer.statusCode === 400 ? (answer.json().error?.fields ?? {}) : {};
          if (!verdict.ok && !absent) {
            expect(answer.statusCode).toBe(400);
            expect(Object.keys(fields)).toContain(c.field);
            return;
          }
          // Another rule of the field may still refuse it (the bank's holder name has its own).
          if (answer.statusCode === 400 && c.field in fields) return;
          if (!c.stored || answer.statusCode >= 300) return;
          const stored = await c.stored(answer);
          expect(stored).toBe(verdict.ok ? verdict.value : null);
          if (stored !== null) expect(storedTextProblems(stored)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
  );
});

describe('email addresses', () => {
  const controls = NASTY_CHARACTERS.filter((ch) =>
    /\p{Cc}|[\u202a-\u202e\u2066-\u2069\u200e\u200f]/u.test(ch),
  );

  it.each(controls.map((ch) => [JSON.stringify(ch), ch]))(
    'refuse %s inside, naming the field, in boarding and in a change of address',
    async (_name, ch) => {
      const email = `ana${ch}diaz@example.com`;
      const contract = loanContract({ contractNumber: `EM-${String(next()).padStart(6, '0')}` });
      const boarding = await viaApiKey(
        boardingApiKey,
        '/api/v1/admin/contracts',
        withValue(
          { ...contract, parties: [{ ...contract.parties[0]!, customerNumber: `CUST-EM-${next()}` }] },
          'parties.0.email',
          email,
        ),
      );
      expect(boarding.statusCode).toBe(400);
      expect(Object.keys(boarding.json().error.fields)).toContain('parties.0.email');
      const change = await call('POST', '/api/v1/security/email', { email });
      expect(change.statusCode).toBe(400);
      expect(Object.keys(change.json().error.fields)).toContain('email');
    },
  );
});
