import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { isAboutFields, postJson } from '../api/client.ts';
import { ApiErrorAlert } from '../components/api-error-alert.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { TextField } from '../components/text-field.tsx';
import {
  FormField,
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../forms/request-form.tsx';
import type { FormSpec } from '../forms/request-resolver.ts';

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
  const form = useRequestForm(signInForm, signInRequest);
  const mutation = useMutation({
    mutationFn: (request: SignInRequest) => postJson('/api/v1/auth/login', request, z.unknown()),
    // The session is the server's cookie; the account pages will be where this leads once they exist.
    onSuccess: () => navigate('/'),
  });

  return (
    <div className="narrow-page">
      <PageTitle>{t('signIn.title')}</PageTitle>
      <p className="lead">{t('signIn.lead')}</p>
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
    </div>
  );
}
