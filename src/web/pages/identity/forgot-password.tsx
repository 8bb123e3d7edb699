import { useTranslation } from 'react-i18next';
import { forgotPasswordRequest } from '../../../identity/recovery.schemas.ts';
import { forgotPassword } from '../../api/security.ts';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { RecoveryRequestPage } from './recovery-request.tsx';

const spec: FormSpec<'userId'> = {
  userId: { kind: 'text', requestKey: 'userId', i18nKey: 'forgotPassword.fields.userId' },
};

/** Forgot your password: a link to set a new one is mailed to the address on the account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <RecoveryRequestPage
      section="forgotPassword"
      spec={spec}
      field="userId"
      autoComplete="username"
      schema={forgotPasswordRequest}
      send={forgotPassword}
      other={{ href: '/forgot-user-id', label: t('recoveryHelp.forgotUserId') }}
    />
  );
}
