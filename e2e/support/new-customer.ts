import { randomBytes } from 'node:crypto';
import { type APIRequestContext, type APIResponse, expect, type Page } from '@playwright/test';
import { solveChallenge } from 'altcha-lib';
import { TOTP } from 'otpauth';

/**
 * A new customer for a browser test, made entirely through the HTTP API: registration with the
 * facts of one of the forty unregistered demo contracts (README, "Demo data"), the link from the
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

/** What registration asks of each unregistered demo customer (the README table): loans 1–24 and 31–40, leases 25–30. */
const DEMO_PARTIES: Record<
  number,
  { contractNumber: string; name: string; last4: string; zip: string; dateOfBirth: string }
> = {
  1: {
    contractNumber: 'RIC-3001-2025',
    name: 'James Rodriguez',
    last4: '1041',
    zip: '78701',
    dateOfBirth: '1961-06-14',
  },
  2: {
    contractNumber: 'RIC-3002-2025',
    name: 'Aisha Rodriguez',
    last4: '1042',
    zip: '43215',
    dateOfBirth: '1962-07-15',
  },
  3: {
    contractNumber: 'RIC-3003-2025',
    name: 'Wei Rodriguez',
    last4: '1043',
    zip: '95814',
    dateOfBirth: '1963-08-16',
  },
  4: {
    contractNumber: 'RIC-3004-2025',
    name: 'Carlos Rodriguez',
    last4: '1044',
    zip: '14202',
    dateOfBirth: '1964-09-17',
  },
  5: {
    contractNumber: 'RIC-3005-2025',
    name: 'Emily Rodriguez',
    last4: '1045',
    zip: '19103',
    dateOfBirth: '1965-10-18',
  },
  6: {
    contractNumber: 'RIC-3006-2025',
    name: 'Darnell Rodriguez',
    last4: '1046',
    zip: '78701',
    dateOfBirth: '1966-11-19',
  },
  7: {
    contractNumber: 'RIC-3007-2025',
    name: 'Sofia Rodriguez',
    last4: '1047',
    zip: '43215',
    dateOfBirth: '1967-12-20',
  },
  8: {
    contractNumber: 'RIC-3008-2025',
    name: 'Noah Rodriguez',
    last4: '1048',
    zip: '95814',
    dateOfBirth: '1968-01-21',
  },
  9: {
    contractNumber: 'RIC-3009-2025',
    name: 'Priya Rodriguez',
    last4: '1049',
    zip: '14202',
    dateOfBirth: '1969-02-22',
  },
  10: {
    contractNumber: 'RIC-3010-2025',
    name: 'Maria Nguyen',
    last4: '1050',
    zip: '19103',
    dateOfBirth: '1970-03-23',
  },
  11: {
    contractNumber: 'RIC-3011-2025',
    name: 'James Nguyen',
    last4: '1051',
    zip: '78701',
    dateOfBirth: '1971-04-24',
  },
  12: {
    contractNumber: 'RIC-3012-2025',
    name: 'Aisha Nguyen',
    last4: '1052',
    zip: '43215',
    dateOfBirth: '1972-05-25',
  },
  13: {
    contractNumber: 'RIC-3013-2025',
    name: 'Wei Nguyen',
    last4: '1053',
    zip: '95814',
    dateOfBirth: '1973-06-26',
  },
  14: {
    contractNumber: 'RIC-3014-2025',
    name: 'Carlos Nguyen',
    last4: '1054',
    zip: '14202',
    dateOfBirth: '1974-07-27',
  },
  15: {
    contractNumber: 'RIC-3015-2025',
    name: 'Emily Nguyen',
    last4: '1055',
    zip: '19103',
    dateOfBirth: '1975-08-28',
  },
  16: {
    contractNumber: 'RIC-3016-2025',
    name: 'Darnell Nguyen',
    last4: '1056',
    zip: '78701',
    dateOfBirth: '1976-09-01',
  },
  17: {
    contractNumber: 'RIC-3017-2025',
    name: 'Sofia Nguyen',
    last4: '1057',
    zip: '43215',
    dateOfBirth: '1977-10-02',
  },
  18: {
    contractNumber: 'RIC-3018-2025',
    name: 'Noah Nguyen',
    last4: '1058',
    zip: '95814',
    dateOfBirth: '1978-11-03',
  },
  19: {
    contractNumber: 'RIC-3019-2025',
    name: 'Priya Nguyen',
    last4: '1059',
    zip: '14202',
    dateOfBirth: '1979-12-04',
  },
  20: {
    contractNumber: 'RIC-3020-2025',
    name: 'Maria Williams',
    last4: '1060',
    zip: '19103',
    dateOfBirth: '1980-01-05',
  },
  21: {
    contractNumber: 'RIC-3021-2025',
    name: 'James Williams',
    last4: '1061',
    zip: '78701',
    dateOfBirth: '1981-02-06',
  },
  22: {
    contractNumber: 'RIC-3022-2025',
    name: 'Aisha Williams',
    last4: '1062',
    zip: '43215',
    dateOfBirth: '1982-03-07',
  },
  23: {
    contractNumber: 'RIC-3023-2025',
    name: 'Wei Williams',
    last4: '1063',
    zip: '95814',
    dateOfBirth: '1983-04-08',
  },
  24: {
    contractNumber: 'RIC-3024-2025',
    name: 'Carlos Williams',
    last4: '1064',
    zip: '14202',
    dateOfBirth: '1984-05-09',
  },
  25: {
    contractNumber: 'LSE-4025-2025',
    name: 'Emily Williams',
    last4: '1065',
    zip: '19103',
    dateOfBirth: '1985-06-10',
  },
  26: {
    contractNumber: 'LSE-4026-2025',
    name: 'Darnell Williams',
    last4: '1066',
    zip: '78701',
    dateOfBirth: '1986-07-11',
  },
  27: {
    contractNumber: 'LSE-4027-2025',
    name: 'Sofia Williams',
    last4: '1067',
    zip: '43215',
    dateOfBirth: '1987-08-12',
  },
  28: {
    contractNumber: 'LSE-4028-2025',
    name: 'Noah Williams',
    last4: '1068',
    zip: '95814',
    dateOfBirth: '1988-09-13',
  },
  29: {
    contractNumber: 'LSE-4029-2025',
    name: 'Priya Williams',
    last4: '1069',
    zip: '14202',
    dateOfBirth: '1989-10-14',
  },
  30: {
    contractNumber: 'LSE-4030-2025',
    name: 'Maria Patel',
    last4: '1070',
    zip: '19103',
    dateOfBirth: '1990-11-15',
  },
  31: {
    contractNumber: 'RIC-3031-2025',
    name: 'James Patel',
    last4: '1071',
    zip: '78701',
    dateOfBirth: '1991-12-16',
  },
  32: {
    contractNumber: 'RIC-3032-2025',
    name: 'Aisha Patel',
    last4: '1072',
    zip: '43215',
    dateOfBirth: '1992-01-17',
  },
  33: {
    contractNumber: 'RIC-3033-2025',
    name: 'Wei Patel',
    last4: '1073',
    zip: '95814',
    dateOfBirth: '1993-02-18',
  },
  34: {
    contractNumber: 'RIC-3034-2025',
    name: 'Carlos Patel',
    last4: '1074',
    zip: '14202',
    dateOfBirth: '1994-03-19',
  },
  35: {
    contractNumber: 'RIC-3035-2025',
    name: 'Emily Patel',
    last4: '1075',
    zip: '19103',
    dateOfBirth: '1995-04-20',
  },
  36: {
    contractNumber: 'RIC-3036-2025',
    name: 'Darnell Patel',
    last4: '1076',
    zip: '78701',
    dateOfBirth: '1996-05-21',
  },
  37: {
    contractNumber: 'RIC-3037-2025',
    name: 'Sofia Patel',
    last4: '1077',
    zip: '43215',
    dateOfBirth: '1997-06-22',
  },
  38: {
    contractNumber: 'RIC-3038-2025',
    name: 'Noah Patel',
    last4: '1078',
    zip: '95814',
    dateOfBirth: '1998-07-23',
  },
  39: {
    contractNumber: 'RIC-3039-2025',
    name: 'Priya Patel',
    last4: '1079',
    zip: '14202',
    dateOfBirth: '1999-08-24',
  },
  40: {
    contractNumber: 'RIC-3040-2025',
    name: 'Maria Brown',
    last4: '1080',
    zip: '19103',
    dateOfBirth: '1960-09-25',
  },
};

/** The registration facts of a slot, for a test that types them into the page itself. */
export function demoRegistration(slot: number) {
  const party = DEMO_PARTIES[slot];
  if (!party) throw new Error(`no unregistered demo customer in slot ${slot} (1–40)`);
  return {
    contractNumber: party.contractNumber,
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
  const mailbox = await expectOk(
    await request.get(`/dev/mailbox.json?to=${encodeURIComponent(email)}`),
    'demo mailbox',
  );
  const { messages } = (await mailbox.json()) as {
    messages: { to: string; template: string; text: string }[];
  };
  const mail = messages.find((m) => m.to === email && m.template === 'register-link');
  const token = mail && /\/register\/complete\?token=([\w-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no registration link mailed to ${email}`);
  return token;
}

/**
 * Registers the unregistered demo customer of `slot` (1–40) through the API and sets up an
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
  // Each slot registers from its own documentation address (192.0.2.x, behind the test server's
  // trusted proxy), so a full run stays under the per-address limit of the registration form.
  const post = (url: string, data: object, headers: Record<string, string> = {}) =>
    request.post(url, {
      data,
      headers: { 'x-csrf-token': csrf, 'x-forwarded-for': `192.0.2.${slot}`, ...headers },
    });

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

/**
 * Signs a registered customer in through the pages, as a person does: User ID and password, then the
 * authenticator code (the current one, unused right after registration). Ends on the account page.
 */
export async function signInThroughPage(page: Page, customer: NewCustomer): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('User ID').fill(customer.userId);
  await page.getByLabel('Password', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL('/sign-in/verify');
  await page.getByLabel('6-digit code').fill(totpCode(customer.totpSecret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL('/account');
}
