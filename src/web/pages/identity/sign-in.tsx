import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { postLogin } from '../../api/auth.ts';
import { isAboutFields } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button as PortalButton } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  FormField,
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { useGoHomeSignedIn } from '../../session/home.ts';
import { useSignInNotice } from '../../session/notices.ts';
import { PasskeyErrorAlert } from './security/passkey-error.tsx';
import { signInWithPasskey } from './security/passkey-sign-in.ts';
import type { VerifyState } from './sign-in-verify.tsx';

type SignInField = 'userId' | 'password';

const signInForm: FormSpec<SignInField> = {
  userId: { kind: 'text', requestKey: 'userId', i18nKey: 'signIn.fields.userId' },
  password: { kind: 'secret', requestKey: 'password', i18nKey: 'signIn.fields.password' },
};

/** The body of `POST /api/v1/auth/login`. The server judges the credentials; the page only needs both. */
const signInRequest = z.strictObject({ userId: z.string().min(1), password: z.string().min(1) });
type SignInRequest = z.infer<typeof signInRequest>;

function PasswordField({ form }: { form: RequestFormApi<SignInRequest> }) {
  const { t } = useTranslation();
  const [visibility, setVisibility] = useState<'initial' | 'shown' | 'hidden'>('initial');
  const isShown = visibility === 'shown';
  const props = useBoundField(form, signInForm, 'password');
  return (
    <>
      <TextField
        {...props}
        type={isShown ? 'text' : 'password'}
        autoComplete="current-password"
        action={
          <Button
            className="field__action"
            aria-label={t(isShown ? 'signIn.hidePasswordLabel' : 'signIn.showPasswordLabel')}
            onPress={() => setVisibility(isShown ? 'hidden' : 'shown')}
          >
            {t(isShown ? 'signIn.hidePassword' : 'signIn.showPassword')}
          </Button>
        }
      />
      {/* Some screen readers do not re-read a button whose name changed, so say the new state. */}
      <p className="visually-hidden" aria-live="polite">
        {visibility === 'initial' ? '' : t(isShown ? 'signIn.passwordShown' : 'signIn.passwordHidden')}
      </p>
    </>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notice = useSignInNotice();
  const form = useRequestForm(signInForm, signInRequest);
  const passkeyTitleId = useId();
  const signedIn = useGoHomeSignedIn();
  const mutation = useMutation({
    mutationFn: (request: SignInRequest) => postLogin(request),
    // The session is the server's HttpOnly cookie: the page only follows the step it is told.
    onSuccess: (answer) => {
      if (answer.next === 'factor') {
        const state: VerifyState = { factors: answer.factors };
        void navigate('/sign-in/verify', { state });
        return;
      }
      if (answer.next === 'enrol') {
        // The right password, but no second factor yet: setting one up is the only way on.
        void navigate('/sign-in/set-up');
        return;
      }
      return signedIn();
    },
  });
  // A passkey alone signs in: no User ID, no password, no code.
  const passkey = useMutation({ mutationFn: signInWithPasskey, onSuccess: signedIn });

  return (
    <div className="narrow-page">
      <PageTitle>{t('signIn.title')}</PageTitle>
      <p className="lead">{t('signIn.lead')}</p>
      {/* Why the person is here (signed out, timed out…), until they try again. */}
      {notice && mutation.isIdle && passkey.isIdle ? <Notice>{t(`signIn.notices.${notice}`)}</Notice> : null}
      {mutation.isError && !isAboutFields(mutation.error) ? (
        <ApiErrorAlert error={mutation.error} messages={{ NOT_FOUND: t('signIn.unavailable') }} />
      ) : null}
      <div className="card">
        <RequestForm
          form={form}
          spec={signInForm}
          onSubmit={mutation.mutateAsync}
          onInvalid={mutation.reset}
          submitLabel={t('signIn.submit')}
          pendingLabel={t('signIn.submitting')}
        >
          <FormField form={form} spec={signInForm} name="userId" autoComplete="username" />
          <PasswordField form={form} />
        </RequestForm>
      </div>
      {browserSupportsWebAuthn() ? (
        <section aria-labelledby={passkeyTitleId} className="sign-in__passkey">
          <h2 id={passkeyTitleId}>{t('signIn.passkey.title')}</h2>
          <p>{t('signIn.passkey.lead')}</p>
          {passkey.isError ? (
            <PasskeyErrorAlert error={passkey.error} cancelled={t('signIn.passkey.cancelled')} />
          ) : null}
          <PortalButton variant="secondary" isPending={passkey.isPending} onPress={() => passkey.mutate()}>
            {passkey.isPending ? t('signIn.passkey.pending') : t('signIn.passkey.button')}
          </PortalButton>
        </section>
      ) : null}
      <nav aria-label={t('signIn.help.label')} className="sign-in__help">
        <ul>
          <li>
            <Link href="/forgot-user-id">{t('signIn.help.forgotUserId')}</Link>
          </li>
          <li>
            <Link href="/forgot-password">{t('signIn.help.forgotPassword')}</Link>
          </li>
          <li>
            <Link href="/register">{t('signIn.help.register')}</Link>
          </li>
          <li>
            <Link href="/business/register">{t('fleetDocuments.businessRegistration.link')}</Link>
          </li>
          <li>
            <Link href="/pay">{t('guestPayment.signInLink')}</Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
