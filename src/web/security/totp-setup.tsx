// STUB (owner: helper h2). Setting up an authenticator app: QR code, confirm with a code, recovery codes.
/** Used by the first-factor set-up at sign-in and by the security settings page. */
export function TotpSetup(_props: { onDone: () => void }) {
  return null;
}
