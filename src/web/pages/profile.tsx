// STUB (owner: helper k5): profile and communication preferences.
export function ProfilePage() {
  return null;
}
