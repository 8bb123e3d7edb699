import { useTranslation } from 'react-i18next';
import { forgotUserIdRequest } from '../../../identity/recovery.schemas.ts';
import { forgotUserId } from '../../api/security.ts';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { RecoveryRequestPage } from './recovery-request.tsx';

const spec: FormSpec<'email'> = {
  email: { kind: 'text', requestKey: 'email', i18nKey: 'forgotUserId.fields.email' },
};

/** Forgot your User ID: it is mailed to the address on the account (every account on that address). */
export function ForgotUserIdPage() {
  const { t } = useTranslation();
  return (
    <RecoveryRequestPage
      section="forgotUserId"
      spec={spec}
      field="email"
      autoComplete="email"
      schema={forgotUserIdRequest}
      send={forgotUserId}
      other={{ href: '/forgot-password', label: t('recoveryHelp.forgotPassword') }}
    />
  );
}
