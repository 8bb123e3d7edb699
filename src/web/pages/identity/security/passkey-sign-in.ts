import { startAuthentication } from '@simplewebauthn/browser';
import { type ASSERTIONS, assertionOptions, sendAssertion } from '../../../api/passkeys.ts';

/**
 * Proving who the person is with a passkey, through the browser's WebAuthn API: the server's
 * options, the browser's prompt (fingerprint, face or PIN), the signed answer back to the server.
 * Rejects with an ApiError, or with the browser's error (`NotAllowedError` when the person
 * cancelled or the prompt timed out; see `passkey-error.tsx`).
 */
async function provePasskey(purpose: keyof typeof ASSERTIONS): Promise<void> {
  const { challengeId, options } = await assertionOptions(purpose);
  const response = await startAuthentication({ optionsJSON: options });
  await sendAssertion(purpose, { challengeId, response });
}

/**
 * Signs in with a passkey alone; the server's session cookie follows. A sign-in the person started
 * with the password in this browser ends on the server as this one completes.
 */
export function signInWithPasskey(): Promise<void> {
  return provePasskey('signIn');
}

/** Steps up with one of the signed-in person's passkeys: changes are allowed for 5 minutes. */
export function stepUpWithPasskey(): Promise<void> {
  return provePasskey('stepUp');
}
