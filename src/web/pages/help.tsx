// STUB (owner: helper k5): FAQ, contact and where to go when locked out.
export function HelpPage() {
  return null;
}
