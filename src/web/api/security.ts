import { z } from 'zod';
import { secondFactors } from './auth.ts';
import { postForm } from './challenge.ts';
import { getJson, postJson, requestJson } from './client.ts';

// The security settings and account-recovery API, as `src/identity/security.routes.ts`, `auth.ts` and
// `recovery.ts` on the server describe it.

/** 204 answers carry no body. */
const noContent = z.unknown();

/** Both forgot forms answer `{}` whether or not an account matched. */
const accepted = z.object({});

// The forgot forms are throttled per address: after a few tries the server asks for a proof of work.
export function forgotUserId(request: { email: string }): Promise<unknown> {
  return postForm('/api/v1/auth/user-id/forgot', request, accepted);
}

export function forgotPassword(request: { userId: string }): Promise<unknown> {
  return postForm('/api/v1/auth/password/forgot', request, accepted);
}

export function resetPassword(request: { token: string; password: string }): Promise<unknown> {
  return postJson('/api/v1/auth/password/reset', request, noContent);
}

export function changePassword(request: { currentPassword: string; newPassword: string }): Promise<unknown> {
  return postJson('/api/v1/auth/password/change', request, noContent);
}

/** What the security page shows; a step-up or a password change renews or ends sessions, so all is asked again. */
export const SECURITY_QUERY_KEY = ['security'] as const;
export const FACTORS_QUERY_KEY = [...SECURITY_QUERY_KEY, 'factors'] as const;

export async function fetchFactors() {
  return (await getJson('/api/v1/security/factors', z.object({ factors: z.array(secondFactors) }))).factors;
}

/** The factors a step-up takes as a typed code. */
export type CodeMethod = 'totp' | 'recovery' | 'email' | 'sms';

export function stepUp(request: { password: string; method?: CodeMethod; code?: string }) {
  return postJson('/api/v1/auth/step-up', request, z.object({ stepUpUntil: z.string() }));
}

/** Sends a step-up code by email or SMS; answers where it went, masked. */
export function sendStepUpCode(channel: 'email' | 'sms') {
  return postJson('/api/v1/auth/step-up/code', { channel }, z.object({ sentTo: z.string() }));
}

export const SESSIONS_QUERY_KEY = [...SECURITY_QUERY_KEY, 'sessions'] as const;

const sessionListing = z.object({
  id: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastSeenAt: z.iso.datetime({ offset: true }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionListing = z.infer<typeof sessionListing>;

export async function fetchSessions(): Promise<SessionListing[]> {
  return (await getJson('/api/v1/security/sessions', z.object({ sessions: z.array(sessionListing) })))
    .sessions;
}

export async function revokeSession(id: string): Promise<void> {
  await requestJson('DELETE', `/api/v1/security/sessions/${encodeURIComponent(id)}`, undefined, noContent);
}

export const SIGN_INS_QUERY_KEY = [...SECURITY_QUERY_KEY, 'sign-ins'] as const;

const signInEvent = z.object({
  occurredAt: z.iso.datetime({ offset: true }),
  result: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type SignInEvent = z.infer<typeof signInEvent>;

export async function fetchSignIns(): Promise<SignInEvent[]> {
  return (await getJson('/api/v1/security/sign-ins', z.object({ signIns: z.array(signInEvent) }))).signIns;
}

/** New recovery codes, shown once; the old ones stop working. */
export async function regenerateRecoveryCodes(): Promise<string[]> {
  return (
    await postJson(
      '/api/v1/security/recovery-codes',
      undefined,
      z.object({ recoveryCodes: z.array(z.string()) }),
    )
  ).recoveryCodes;
}
