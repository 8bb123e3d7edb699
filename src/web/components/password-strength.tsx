// STUB (owner: helper h2). The strength meter and the reasons a new password is refused, under the field.
export function PasswordStrength(_props: {
  password: string;
  userId?: string | undefined;
  names?: string[];
}) {
  return null;
}
