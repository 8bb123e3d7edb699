import { z } from 'zod';
import { codeFactorsResponse, contactResponse } from '../../identity/contact-details.schemas.ts';
import { codeSentResponse } from './auth.ts';
import { getJson, postJson, requestJson } from './client.ts';
import { SECURITY_QUERY_KEY } from './security.ts';

// Email address, mobile number and sign-in codes, as `src/identity/contact-details.routes.ts` on the server describes them.

/** Under the security key, so a step-up (which renews the session) asks again too. */
export const CONTACT_QUERY_KEY = [...SECURITY_QUERY_KEY, 'contact'] as const;

export function fetchContact() {
  return getJson('/api/v1/security/contact', contactResponse);
}

/** Mails a link to the new address; it becomes the address when the link is opened. */
export function requestEmailChange(request: { email: string }) {
  return postJson('/api/v1/security/email', request, z.object({ pendingEmail: z.string() }));
}

/** The page a change-of-email link opens: no session needed, the link's token is the proof. */
export function confirmEmailChange(token: string) {
  return postJson('/api/v1/security/email/confirm', { token }, z.object({ email: z.string() }));
}

/** Texts a code to a new mobile number (E.164). */
export async function sendPhoneCode(request: { phone: string }) {
  return (await requestJson('PUT', '/api/v1/security/phone', request, codeSentResponse)).data;
}

export function confirmPhone(request: { code: string }) {
  return postJson('/api/v1/security/phone/confirm', request, z.object({ phone: z.string() }));
}

export async function removePhone(): Promise<void> {
  await requestJson('DELETE', '/api/v1/security/phone', undefined, z.unknown());
}

/** Mails a code to the address on file, which turns email codes on. */
export function sendEmailFactorCode() {
  return postJson('/api/v1/security/code-factors/email/code', undefined, codeSentResponse);
}

export async function setCodeFactors(request: { email?: boolean; sms?: boolean; code?: string }) {
  return (await requestJson('PUT', '/api/v1/security/code-factors', request, codeFactorsResponse)).data;
}
