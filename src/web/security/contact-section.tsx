// STUB (owner: helper h3): a section of the security settings page.
export function ContactSection() {
  return null;
}
