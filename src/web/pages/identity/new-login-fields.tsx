import { useWatch } from 'react-hook-form';
import { PasswordField } from '../../components/password-field.tsx';
import { PasswordStrength } from '../../components/password-strength.tsx';
import { TextField } from '../../components/text-field.tsx';
import { type RequestFormApi, useBoundField } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

/**
 * A new login's User ID and password (registration, joining an organization), with the strength
 * meter judging the password against that User ID and the person's names, as the server will.
 */
export function NewLoginFields<Request>({
  form,
  spec,
  names,
}: {
  form: RequestFormApi<Request>;
  spec: FormSpec<'userId' | 'password'>;
  names: string[];
}) {
  const userIdProps = useBoundField(form, spec, 'userId');
  const passwordProps = useBoundField(form, spec, 'password');
  const [userId, password] = useWatch({ control: form.control, name: ['userId', 'password'] });
  return (
    <>
      <TextField {...userIdProps} autoComplete="username" autoCorrect="off" spellCheck="false" />
      <PasswordField {...passwordProps} autoComplete="new-password">
        <PasswordStrength password={password ?? ''} userId={userId?.trim()} names={names} />
      </PasswordField>
    </>
  );
}
