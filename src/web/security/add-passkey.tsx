// STUB (owner: helper h1). Creates a passkey on this device and registers it.
/** Used by the first-factor set-up at sign-in and by the passkeys section. */
export function AddPasskey(_props: { onAdded: () => void }) {
  return null;
}
