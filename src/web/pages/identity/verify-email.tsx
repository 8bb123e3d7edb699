import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { confirmEmailChange } from '../../api/contact.ts';
import { Alert } from '../../components/alert.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Confirmation } from '../../components/confirmation.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useSignedIn } from '../../session/signed-in.ts';

/**
 * The page a change-of-email mail links to (`/verify-email?token=…`). The person presses a button
 * rather than the page confirming on load: mail scanners open links (some run their scripts), and
 * must not change anyone's address. The link is the proof, so no sign-in is needed, in any browser.
 */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const isSignedIn = useSignedIn();
  const mutation = useMutation({ mutationFn: () => confirmEmailChange(token) });
  const isLinkInvalid =
    token === '' ||
    (mutation.error instanceof ApiError && mutation.error.code === 'CONTACT.EMAIL_LINK_INVALID');

  return (
    <div className="narrow-page">
      <PageTitle>{t('verifyEmail.title')}</PageTitle>
      {mutation.isSuccess ? (
        <Confirmation>
          <p className="notice">{t('verifyEmail.done', { email: mutation.data.email })}</p>
          <p>{t('verifyEmail.oldTold')}</p>
          <p>
            <Link href={isSignedIn ? '/account/security' : '/sign-in'}>
              {t(isSignedIn ? 'verifyEmail.toSecurity' : 'verifyEmail.signIn')}
            </Link>
          </p>
        </Confirmation>
      ) : isLinkInvalid ? (
        <Alert>
          <p>{t(token === '' ? 'verifyEmail.noToken' : 'verifyEmail.linkInvalid')}</p>
        </Alert>
      ) : (
        <>
          <p className="lead">{t('verifyEmail.lead')}</p>
          {mutation.isError ? <ApiErrorAlert error={mutation.error} /> : null}
          <Button isPending={mutation.isPending} onPress={() => mutation.mutate()}>
            {mutation.isPending ? t('verifyEmail.confirming') : t('verifyEmail.confirm')}
          </Button>
        </>
      )}
    </div>
  );
}
