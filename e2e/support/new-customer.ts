import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { solveChallenge } from 'altcha-lib';
import { TOTP } from 'otpauth';

/**
 * A new customer for a browser test, made entirely through the HTTP API: registration with the
 * facts of one of the twelve unregistered demo contracts (README, "Demo data"), the link from the
 * demo mailbox, a User ID and password, and an authenticator app. Each slot is one customer and can
 * register once per server run, so each spec and project uses its own slot (see the helper briefs).
 */
export type NewCustomer = {
  userId: string;
  password: string;
  /** The authenticator secret (base32). Enrolment spent the code of the previous 30 s step, so the current code is unused. */
  totpSecret: string;
  /** The name the account page shows ("Signed in as …"). */
  displayName: string;
  email: string;
};

/** What registration asks of unregistered demo contract RIC-(3000+slot)-2025 (the README table). */
const DEMO_PARTIES: Record<number, { name: string; last4: string; zip: string; dateOfBirth: string }> = {
  1: { name: 'James Rodriguez', last4: '1041', zip: '78701', dateOfBirth: '1961-06-14' },
  2: { name: 'Aisha Rodriguez', last4: '1042', zip: '43215', dateOfBirth: '1962-07-15' },
  3: { name: 'Wei Rodriguez', last4: '1043', zip: '95814', dateOfBirth: '1963-08-16' },
  4: { name: 'Carlos Rodriguez', last4: '1044', zip: '14202', dateOfBirth: '1964-09-17' },
  5: { name: 'Emily Rodriguez', last4: '1045', zip: '19103', dateOfBirth: '1965-10-18' },
  6: { name: 'Darnell Rodriguez', last4: '1046', zip: '78701', dateOfBirth: '1966-11-19' },
  7: { name: 'Sofia Rodriguez', last4: '1047', zip: '43215', dateOfBirth: '1967-12-20' },
  8: { name: 'Noah Rodriguez', last4: '1048', zip: '95814', dateOfBirth: '1968-01-21' },
  9: { name: 'Priya Rodriguez', last4: '1049', zip: '14202', dateOfBirth: '1969-02-22' },
  10: { name: 'Maria Nguyen', last4: '1050', zip: '19103', dateOfBirth: '1970-03-23' },
  11: { name: 'James Nguyen', last4: '1051', zip: '78701', dateOfBirth: '1971-04-24' },
  12: { name: 'Aisha Nguyen', last4: '1052', zip: '43215', dateOfBirth: '1972-05-25' },
};

/** The registration facts of a slot, for a test that types them into the page itself. */
export function demoRegistration(slot: number) {
  const party = DEMO_PARTIES[slot];
  if (!party) throw new Error(`no unregistered demo customer in slot ${slot} (1–12)`);
  return {
    contractNumber: `RIC-${3000 + slot}-2025`,
    taxIdLast4: party.last4,
    zip: party.zip,
    dateOfBirth: party.dateOfBirth,
    displayName: party.name,
  };
}

/** TOTP as the portal checks it (SHA-1, 6 digits, 30 s). */
export function totpCode(secret: string, stepsFromNow = 0): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepsFromNow * 30_000,
  });
}

type Challenge = {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
};

/** Solves the proof-of-work challenge the server asks for after repeated tries from one address. */
async function solve(c: Challenge): Promise<string> {
  const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
  if (!solution) throw new Error('proof-of-work challenge not solved');
  const payload = {
    algorithm: c.algorithm,
    challenge: c.challenge,
    number: solution.number,
    salt: c.salt,
    signature: c.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

async function expectOk(response: APIResponse, what: string): Promise<APIResponse> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  return response;
}

/** The token of the newest registration link mailed to `email`, from the demo mailbox. */
export async function registrationToken(request: APIRequestContext, email: string): Promise<string> {
  const mailbox = await expectOk(await request.get('/dev/mailbox.json'), 'demo mailbox');
  const { messages } = (await mailbox.json()) as {
    messages: { to: string; template: string; text: string }[];
  };
  const mail = messages.find((m) => m.to === email && m.template === 'register-link');
  const token = mail && /\/register\/complete\?token=([\w-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no registration link mailed to ${email}`);
  return token;
}

/**
 * Registers the unregistered demo customer of `slot` (1–12) through the API and sets up an
 * authenticator app. The request context's cookies are its own (not a page's): it ends signed in
 * as the new customer, which a page is not.
 */
export async function registerCustomer(request: APIRequestContext, slot: number): Promise<NewCustomer> {
  const facts = demoRegistration(slot);
  const suffix = randomBytes(4).toString('hex');
  const email = `e2e-${slot}-${suffix}@example.com`;
  const userId = `e2e-${slot}-${suffix}`;
  const password = `lantern orchard ${randomBytes(6).toString('hex')} pebble`;

  // Any answer brings the CSRF cookie, which every form must echo in a header.
  await expectOk(await request.get('/healthz'), 'health check');
  const csrf = (await request.storageState()).cookies.find((c) => c.name === 'autofin_csrf')?.value;
  if (!csrf) throw new Error('the server set no autofin_csrf cookie');
  const post = (url: string, data: object, headers: Record<string, string> = {}) =>
    request.post(url, { data, headers: { 'x-csrf-token': csrf, ...headers } });

  const registration = {
    contractNumber: facts.contractNumber,
    taxIdLast4: facts.taxIdLast4,
    zip: facts.zip,
    dateOfBirth: facts.dateOfBirth,
    email,
  };
  let registered = await post('/api/v1/registration', registration);
  if (registered.status() === 401) {
    const { error } = (await registered.json()) as { error: { code: string; challenge: Challenge } };
    if (error.code !== 'AUTH.CHALLENGE_REQUIRED') throw new Error(`registration: ${JSON.stringify(error)}`);
    registered = await post('/api/v1/registration', registration, {
      'x-challenge': await solve(error.challenge),
    });
  }
  await expectOk(registered, 'registration');

  const token = await registrationToken(request, email);
  await expectOk(await post('/api/v1/registration/complete', { token, userId, password }), 'completion');

  const started = await expectOk(await post('/api/v1/security/totp', {}), 'authenticator set-up');
  const { secret } = (await started.json()) as { secret: string };
  // The previous step's code (the server takes one step either side), so the current one stays unused.
  await expectOk(
    await post('/api/v1/security/totp/confirm', { code: totpCode(secret, -1) }),
    'authenticator confirmation',
  );
  return { userId, password, totpSecret: secret, displayName: facts.displayName, email };
}
