// STUB (owner: helper h1): a section of the security settings page.
export function PasskeysSection() {
  return null;
}
