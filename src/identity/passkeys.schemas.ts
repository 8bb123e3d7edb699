import { z } from 'zod';
import { freeText } from '../platform/fields.schemas.ts';

/**
 * Passkeys (WebAuthn): the JSON a browser sends back from `navigator.credentials.create/get` (as
 * @simplewebauthn/browser encodes it), and the names people give their passkeys. Sizes are bounded
 * so a huge body costs nothing; the WebAuthn library checks everything inside.
 */
const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'Must be base64url.');

export const passkeyName = freeText('The passkey name', {
  max: 60,
  messages: {
    required: 'Enter a name for the passkey.',
    tooLong: 'A passkey name has at most 60 characters.',
  },
});

const credentialFields = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  // The portal asks for no extensions, so whatever comes back is dropped.
  clientExtensionResults: z
    .record(z.string(), z.unknown())
    .optional()
    .transform((): Record<string, never> => ({})),
};

export const registrationResponse = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const authenticationResponse = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

const challengeId = z.uuid({ error: 'Ask for new passkey options and try again.' });

export const addPasskeyRequest = z.strictObject({
  challengeId,
  response: registrationResponse,
  name: passkeyName.optional(),
});

export const passkeyAssertionRequest = z.strictObject({ challengeId, response: authenticationResponse });

export const renamePasskeyRequest = z.strictObject({ name: passkeyName });

/**
 * The options to pass to the browser (`startRegistration`/`startAuthentication`), and the id of the
 * challenge inside them, which the answer sends back. The options are WebAuthn's JSON, kept whole.
 */
export const passkeyOptionsResponse = z.object({
  challengeId: z.uuid(),
  options: z.looseObject({ challenge: z.string() }),
});

export const passkeyListing = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Synced to the person's other devices by their password manager (WebAuthn's backup state). */
  backedUp: z.boolean(),
});
