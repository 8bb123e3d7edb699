// STUB (owner: helper h3). Turns on one-time codes by email (or SMS after verifying a phone) as a second factor.
/** Used by the first-factor set-up at sign-in. */
export function CodeFactorEnrol(_props: { onDone: () => void }) {
  return null;
}
