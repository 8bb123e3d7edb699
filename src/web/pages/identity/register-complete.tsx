import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { registrationCompleteRequest } from '../../../identity/registration.schemas.ts';
import { ApiError, askOnce, isAboutFields } from '../../api/client.ts';
import { checkRegistrationLink, completeRegistration } from '../../api/registration.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SpentLink } from '../../components/spent-link.tsx';
import { RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { NewLoginFields } from './new-login-fields.tsx';
import { useGoToFactorSetUp } from './set-up-factor.tsx';

type Field = 'userId' | 'password';
const spec: FormSpec<Field> = {
  userId: { kind: 'text', requestKey: 'userId', i18nKey: 'register.complete.fields.userId' },
  password: { kind: 'secret', requestKey: 'password', i18nKey: 'register.complete.fields.password' },
};
/** The body without the token, which comes from the link, not from the person. */
const loginRequest = registrationCompleteRequest.omit({ token: true });
type LoginRequest = { userId: string; password: string };

/**
 * Registering, last step: the mailed link proves the email address; the person chooses a User ID
 * and a password (the strength meter runs the server's own policy as they type), then sets up a
 * second factor.
 */
export function RegisterCompletePage() {
  const { t } = useTranslation();
  const token = useSearchParams()[0].get('token') ?? '';
  const link = useQuery({
    queryKey: ['registration-link', token],
    queryFn: () => checkRegistrationLink(token),
    ...askOnce,
  });
  const form = useRequestForm(spec, loginRequest);
  const mutation = useMutation({
    mutationFn: (request: LoginRequest) => completeRegistration({ ...request, token }),
    onSuccess: useGoToFactorSetUp(),
  });
  const linkSpent = mutation.error instanceof ApiError && mutation.error.code === 'REGISTRATION.INVALID_LINK';

  return (
    <div className="narrow-page">
      <PageTitle>{t('register.complete.title')}</PageTitle>
      {link.isPending ? (
        <p role="status" className="status">
          {t('register.complete.checking')}
        </p>
      ) : link.isError || linkSpent ? (
        // Unknown, used or expired: only a new registration helps.
        <SpentLink
          error={link.error ?? mutation.error}
          code="REGISTRATION.INVALID_LINK"
          message={t('register.complete.invalidLink')}
          next={{ href: '/register', label: t('register.complete.startAgain') }}
        />
      ) : (
        <>
          <p className="lead">
            {t('register.complete.greeting', { name: link.data.displayName, email: link.data.email })}
          </p>
          {mutation.isError && !isAboutFields(mutation.error) ? (
            <ApiErrorAlert error={mutation.error} />
          ) : null}
          <div className="card">
            <RequestForm
              form={form}
              spec={spec}
              onSubmit={mutation.mutateAsync}
              onInvalid={mutation.reset}
              submitLabel={t('register.complete.submit')}
              pendingLabel={t('register.complete.submitting')}
            >
              <NewLoginFields form={form} spec={spec} names={[link.data.displayName]} />
            </RequestForm>
          </div>
        </>
      )}
    </div>
  );
}
