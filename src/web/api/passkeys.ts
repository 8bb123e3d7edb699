import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { z } from 'zod';
import { getJson, postJson, requestJson } from './client.ts';

// The passkey API, as `src/identity/passkeys.routes.ts` on the server describes it.

/**
 * The options answer: WebAuthn's JSON for the browser, passed on whole (the browser and
 * @simplewebauthn/browser judge it), and the id of the challenge the answer must send back.
 */
function optionsAnswer<Options extends { challenge: string }>() {
  return z.object({
    challengeId: z.string(),
    options: z.custom<Options>((value) => z.looseObject({ challenge: z.string() }).safeParse(value).success),
  });
}

export const PASSKEYS_QUERY_KEY = ['security', 'passkeys'] as const;

const passkeyListing = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  backedUp: z.boolean(),
});
export type PasskeyListing = z.infer<typeof passkeyListing>;

export async function fetchPasskeys(): Promise<PasskeyListing[]> {
  return (await getJson('/api/v1/security/passkeys', z.object({ passkeys: z.array(passkeyListing) })))
    .passkeys;
}

export function registrationOptions() {
  return postJson(
    '/api/v1/security/passkeys/options',
    undefined,
    optionsAnswer<PublicKeyCredentialCreationOptionsJSON>(),
  );
}

export async function savePasskey(request: {
  challengeId: string;
  response: RegistrationResponseJSON;
  name: string;
}): Promise<PasskeyListing> {
  return (await postJson('/api/v1/security/passkeys', request, z.object({ passkey: passkeyListing })))
    .passkey;
}

export async function renamePasskey(id: string, name: string): Promise<PasskeyListing> {
  const path = `/api/v1/security/passkeys/${encodeURIComponent(id)}`;
  return (await requestJson('PATCH', path, { name }, z.object({ passkey: passkeyListing }))).data.passkey;
}

export async function removePasskey(id: string): Promise<void> {
  await requestJson('DELETE', `/api/v1/security/passkeys/${encodeURIComponent(id)}`, undefined, z.unknown());
}

/** Where a passkey proves who the person is: signing in with it alone, or a step-up. */
export const ASSERTIONS = {
  signIn: {
    options: '/api/v1/auth/passkey/options',
    verify: '/api/v1/auth/passkey/verify',
  },
  stepUp: {
    options: '/api/v1/auth/passkey/step-up/options',
    verify: '/api/v1/auth/passkey/step-up',
  },
} as const;

export function assertionOptions(purpose: keyof typeof ASSERTIONS) {
  return postJson(
    ASSERTIONS[purpose].options,
    undefined,
    optionsAnswer<PublicKeyCredentialRequestOptionsJSON>(),
  );
}

export async function sendAssertion(
  purpose: keyof typeof ASSERTIONS,
  request: { challengeId: string; response: AuthenticationResponseJSON },
): Promise<void> {
  await postJson(ASSERTIONS[purpose].verify, request, z.unknown());
}
