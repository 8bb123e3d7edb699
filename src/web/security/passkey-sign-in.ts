// STUB (owner: helper h1). Signs in (or finishes a sign-in) with a passkey through the browser's WebAuthn API.
/** Resolves when the server has signed the person in; rejects with ApiError or a WebAuthn error. */
export async function signInWithPasskey(): Promise<void> {
  throw new Error('not built yet');
}
