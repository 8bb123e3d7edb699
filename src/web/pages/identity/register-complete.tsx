import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { registrationCompleteRequest } from '../../../identity/registration.schemas.ts';
import { ApiError, isAboutFields } from '../../api/client.ts';
import { checkRegistrationLink, completeRegistration, type SetUpState } from '../../api/registration.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { PasswordStrength } from '../../components/password-strength.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { forgetMe } from '../../session/me.ts';
import { markSignedIn } from '../../session/signed-in.ts';

type Field = 'userId' | 'password';
const spec: FormSpec<Field> = {
  userId: { kind: 'text', requestKey: 'userId', i18nKey: 'register.complete.fields.userId' },
  password: { kind: 'secret', requestKey: 'password', i18nKey: 'register.complete.fields.password' },
};
/** The body without the token, which comes from the link, not from the person. */
const loginRequest = registrationCompleteRequest.omit({ token: true });
type LoginRequest = { userId: string; password: string };

/** The User ID and the new password, with the meter judging the password against that User ID and the name. */
function LoginFields({ form, name }: { form: RequestFormApi<LoginRequest>; name: string }) {
  const userIdProps = useBoundField(form, spec, 'userId');
  const passwordProps = useBoundField(form, spec, 'password');
  const [userId, password] = useWatch({ control: form.control, name: ['userId', 'password'] });
  return (
    <>
      <TextField {...userIdProps} autoComplete="username" autoCorrect="off" spellCheck="false" />
      <PasswordField {...passwordProps} autoComplete="new-password">
        <PasswordStrength password={password ?? ''} userId={userId?.trim()} names={[name]} />
      </PasswordField>
    </>
  );
}

/** The link is unknown, used or expired: only a new registration helps. */
function InvalidLink({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const isInvalidLink = error instanceof ApiError && error.code === 'REGISTRATION.INVALID_LINK';
  return (
    <>
      {isInvalidLink ? (
        <div role="alert" className="alert">
          <p>{t('register.complete.invalidLink')}</p>
        </div>
      ) : (
        <ApiErrorAlert error={error} />
      )}
      <p>
        <Link href="/register">{t('register.complete.startAgain')}</Link>
      </p>
    </>
  );
}

/**
 * Registering, last step: the mailed link proves the email address; the person chooses a User ID
 * and a password (the strength meter runs the server's own policy as they type), then sets up a
 * second factor.
 */
export function RegisterCompletePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = useSearchParams()[0].get('token') ?? '';
  const link = useQuery({
    queryKey: ['registration-link', token],
    queryFn: () => checkRegistrationLink(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const form = useRequestForm(spec, loginRequest);
  const mutation = useMutation({
    mutationFn: (request: LoginRequest) => completeRegistration({ ...request, token }),
    onSuccess: (step) => {
      const state: SetUpState = { optional: step.next === 'done' };
      if (step.next === 'done') {
        forgetMe(queryClient);
        markSignedIn();
      }
      void navigate('/sign-in/set-up', { replace: true, state });
    },
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
        <InvalidLink error={link.error ?? mutation.error} />
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
              <LoginFields form={form} name={link.data.displayName} />
            </RequestForm>
          </div>
        </>
      )}
    </div>
  );
}
