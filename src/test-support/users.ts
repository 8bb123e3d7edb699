import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { customers, users } from '../db/schema.ts';
import { hashPassword } from '../identity/passwords.ts';
import { totpFor } from '../identity/sign-in.ts';
import { secretBox } from '../platform/secret-box.ts';
import { TEST_SECRET_KEY, type TestApp } from './test-app.ts';

/** Users for HTTP tests: a known password and authenticator secret, and a way to sign them in. */
export const TEST_PASSWORD = 'correct horse battery staple 42';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CSRF = 'test-csrf-token-value';
export const csrf = { cookies: { autofin_csrf: CSRF }, headers: { 'x-csrf-token': CSRF } };
export const SESSION_COOKIE = '__Host-autofin_session';

let passwordHash: Promise<string> | undefined;

export async function createUser(
  t: TestApp,
  loginId: string,
  options: { customerNumber?: string; staff?: boolean } = {},
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  let customerId: string | null = null;
  if (options.customerNumber) {
    const [row] = await t.database.db
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.externalId, options.customerNumber));
    customerId = row?.id ?? null;
  }
  const [row] = await t.database.db
    .insert(users)
    .values({
      loginId,
      email: `${loginId}@example.com`,
      displayName: `User ${loginId}`,
      kind: options.staff ? 'staff' : 'customer',
      staffRole: options.staff ? 'agent' : null,
      customerId,
      passwordHash: await passwordHash,
      totpSecretSealed: secretBox(TEST_SECRET_KEY).seal(TEST_TOTP_SECRET),
    })
    .returning({ id: users.id });
  return row!.id;
}

/**
 * POSTs a sign-in the way the web app does: when the server asks for the proof-of-work challenge
 * (after repeated failures, and all test requests share one address), solve it and send it along.
 */
export async function postLogin(
  t: TestApp,
  body: { userId: string; password: string },
  extra: { headers?: Record<string, string> } = {},
) {
  const send = (challenge?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: challenge ? { ...body, challenge } : body,
      headers: { ...csrf.headers, ...extra.headers },
      cookies: csrf.cookies,
    });
  const first = await send();
  if (first.statusCode !== 401 || first.json().error.code !== 'AUTH.CHALLENGE_REQUIRED') return first;
  return send(await solve(first.json().error.challenge));
}

/**
 * Solves an ALTCHA challenge as the browser does (the number whose SHA-256 with the salt is the
 * challenge), and encodes the solution as the login body carries it. The search runs on Node's
 * native hash, not the library's WebCrypto loop: the same answer some forty times faster, so tests
 * that trip the challenge many times stay quick on a busy machine. The server checks it with the library.
 */
export async function solve(challenge: {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
}) {
  if (challenge.algorithm !== 'SHA-256') throw new Error(`unexpected algorithm ${challenge.algorithm}`);
  let solution: { number: number } | undefined;
  for (let n = 0; n <= (challenge.maxnumber ?? 1_000_000); n++) {
    if (createHash('sha256').update(`${challenge.salt}${n}`).digest('hex') === challenge.challenge) {
      solution = { number: n };
      break;
    }
  }
  if (!solution) throw new Error('challenge not solved');
  const payload = {
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: solution.number,
    salt: challenge.salt,
    signature: challenge.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

/**
 * Signs a user in (password, then a TOTP code) and answers the session cookie's value. Each code
 * works once and the server accepts the steps just before and after now, so with a clock that does
 * not move a user can sign in three times: at the step before, at now, and at the step after.
 */
const signIns = new Map<string, number>();
export async function signIn(
  t: TestApp,
  loginId: string,
  credentials: { password: string; totpSecret: string } = {
    password: TEST_PASSWORD,
    totpSecret: TEST_TOTP_SECRET,
  },
): Promise<string> {
  const first = await postLogin(t, { userId: loginId, password: credentials.password });
  const pending = first.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
  const count = signIns.get(loginId) ?? 0;
  signIns.set(loginId, count + 1);
  const code = totpFor(credentials.totpSecret).generate({
    timestamp: t.clock.now().getTime() + (count - 1) * 30_000,
  });
  const done = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/factor',
    payload: { method: 'totp', code },
    headers: csrf.headers,
    cookies: { ...csrf.cookies, [SESSION_COOKIE]: pending },
  });
  if (done.statusCode !== 200) throw new Error(`sign-in of ${loginId} failed: ${done.body}`);
  return done.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '';
}
