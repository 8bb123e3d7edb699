// STUB (owner: helper h4): a section of the security settings page.
export function SessionsSection() {
  return null;
}
