import { z } from 'zod';
import { organizationRole } from '../../organizations/organizations.schemas.ts';
import { withChallenge } from './challenge.ts';
import { ApiError, postJson, requestJson } from './client.ts';

// The answers of the sign-in API, as `src/identity/sign-in.schemas.ts` on the server describes them.

export const secondFactors = z.enum(['totp', 'passkey', 'email', 'sms', 'recovery']);
export type SecondFactor = z.infer<typeof secondFactors>;

export const loginResponse = z.discriminatedUnion('next', [
  z.object({ next: z.literal('factor'), factors: z.array(secondFactors) }),
  z.object({ next: z.literal('enrol') }),
  z.object({ next: z.literal('done') }),
]);

export const factorResponse = z.object({ next: z.literal('done') });

export const meResponse = z.object({
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  kind: z.enum(['customer', 'staff']),
  /** Whether the person is a party to contracts of their own (a consumer's dashboard has something to show). */
  hasOwnContracts: z.boolean(),
  /** The organizations the person acts for, and the role in each. */
  memberships: z.array(z.object({ organizationId: z.string(), role: organizationRole })),
  session: z.object({
    idleExpiresAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    /** Until when sensitive changes need no step-up; null: confirm it is you first. */
    stepUpUntil: z.iso.datetime({ offset: true }).nullable(),
  }),
});
export type Me = z.infer<typeof meResponse>;

/** When the session ends, in this browser's clock (milliseconds since the epoch). */
export type SessionTimes = { idleExpiresAt: number; expiresAt: number };

/** The signed-in person with their session's end times translated to this browser's clock. */
export type MeAnswer = { me: Me; session: SessionTimes };

/**
 * Below this the browser's clock is taken as right: the `Date` header has whole seconds and the
 * answer took time to arrive, so a smaller difference is noise, not a wrong clock.
 */
const CLOCK_TOLERANCE_MS = 5_000;

/**
 * How far the server's clock is ahead of this browser's, from the answer's `Date` header. The
 * session's end times are the server's, and a phone whose clock is minutes off would otherwise
 * warn too late, or sign the person out before the server would.
 */
function serverClockAhead(headers: Headers, receivedAt: number): number {
  const date = headers.get('date');
  const serverNow = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(serverNow)) return 0;
  const ahead = serverNow - receivedAt;
  return Math.abs(ahead) < CLOCK_TOLERANCE_MS ? 0 : ahead;
}

/** `GET /api/v1/me`: who is signed in. The server counts the call as activity and restarts the idle timer. */
export async function fetchMe(): Promise<MeAnswer> {
  const { data, headers } = await requestJson('GET', '/api/v1/me', undefined, meResponse);
  const ahead = serverClockAhead(headers, Date.now());
  return {
    me: data,
    session: {
      idleExpiresAt: Date.parse(data.session.idleExpiresAt) - ahead,
      expiresAt: Date.parse(data.session.expiresAt) - ahead,
    },
  };
}

/**
 * Whether an error means nobody is signed in: 401 from a signed-in endpoint, or 404 from a
 * server that has no sign-in yet (it has no `/api/v1/me` either).
 */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.code === 'NOT_FOUND');
}

/** `POST /api/v1/auth/logout` (this browser) or `/logout-all` (every device); 204 with no body. */
export async function signOut(everywhere: boolean): Promise<void> {
  await postJson(everywhere ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout', undefined, z.unknown());
}

/**
 * Signs in with User ID and password. After repeated failures the server asks for a proof of work
 * (ALTCHA), which goes back in the body's `challenge`.
 */
export function postLogin(request: { userId: string; password: string }) {
  return withChallenge((challenge) =>
    postJson('/api/v1/auth/login', challenge ? { ...request, challenge } : request, loginResponse),
  );
}

/** Where a one-time code went, masked ("m•••@example.com", "•••-•••-4567"). */
export const codeSentResponse = z.object({ sentTo: z.string() });

/** `POST /api/v1/auth/factor/code`: emails or texts a code to finish this sign-in; a new one replaces the last. */
export function sendSignInCode(channel: 'email' | 'sms') {
  return postJson('/api/v1/auth/factor/code', { channel }, codeSentResponse);
}
