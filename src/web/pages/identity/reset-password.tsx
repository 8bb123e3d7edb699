import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-aria-components';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { resetPasswordRequest } from '../../../identity/recovery.schemas.ts';
import { ApiError, isAboutFields } from '../../api/client.ts';
import { resetPassword } from '../../api/security.ts';
import { Alert } from '../../components/alert.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Confirmation } from '../../components/confirmation.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { PasswordStrength } from '../../components/password-strength.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { markSignedOut } from '../../session/signed-in.ts';

const resetForm: FormSpec<'password'> = {
  password: { kind: 'secret', requestKey: 'password', i18nKey: 'resetPassword.fields.password' },
};
/** The page sends the link's token with the password; the form judges the password only. */
const passwordOnly = resetPasswordRequest.pick({ password: true });
type ResetRequest = { password: string };

function NewPassword({ form }: { form: RequestFormApi<ResetRequest> }) {
  const props = useBoundField(form, resetForm, 'password');
  const password = useWatch({ control: form.control, name: 'password' }) ?? '';
  return (
    <PasswordField {...props} autoComplete="new-password">
      <PasswordStrength password={password} />
    </PasswordField>
  );
}

/** A link that no longer works (or never did): the way to a new one. */
function LinkNotValid({ takeFocus }: { takeFocus: boolean }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // After a submit the form is gone with the focus in it: the message takes it.
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <Alert ref={ref}>
      <p>{t('resetPassword.linkInvalid')}</p>
      <p>
        <Link href="/forgot-password">{t('resetPassword.requestNew')}</Link>
      </p>
    </Alert>
  );
}

/**
 * The page a password-reset mail links to (`/reset-password?token=…`): a new password, judged by
 * the same policy as everywhere. The reset proves the mailbox only, so the next sign-in still asks
 * for the second factor, and the page says so.
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const form = useRequestForm(resetForm, passwordOnly);
  const mutation = useMutation({
    mutationFn: ({ password }: ResetRequest) => resetPassword({ token, password }),
    // Every session of the account has ended, this browser's too if it was signed in.
    onSuccess: markSignedOut,
  });
  const isLinkInvalid =
    token === '' ||
    (mutation.error instanceof ApiError && mutation.error.code === 'AUTH.RESET_TOKEN_INVALID');

  return (
    <div className="narrow-page">
      <PageTitle>{t('resetPassword.title')}</PageTitle>
      {mutation.isSuccess ? (
        <Confirmation>
          <p className="notice">{t('resetPassword.done')}</p>
          <p>
            <Link href="/sign-in">{t('resetPassword.signIn')}</Link>
          </p>
        </Confirmation>
      ) : isLinkInvalid ? (
        <LinkNotValid takeFocus={token !== ''} />
      ) : (
        <>
          <p className="lead">{t('resetPassword.lead')}</p>
          {mutation.isError && !isAboutFields(mutation.error) ? (
            <ApiErrorAlert error={mutation.error} />
          ) : null}
          <div className="card">
            <RequestForm
              form={form}
              spec={resetForm}
              onSubmit={mutation.mutateAsync}
              onInvalid={mutation.reset}
              submitLabel={t('resetPassword.submit')}
              pendingLabel={t('resetPassword.submitting')}
            >
              <NewPassword form={form} />
            </RequestForm>
          </div>
        </>
      )}
    </div>
  );
}
