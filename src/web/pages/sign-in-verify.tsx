import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { factorResponse, type SecondFactor, secondFactors } from '../api/auth.ts';
import { ApiError, isAboutFields, postJson } from '../api/client.ts';
import { ApiErrorAlert } from '../components/api-error-alert.tsx';
import { Button } from '../components/button.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { TextField } from '../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../forms/request-form.tsx';
import type { FormSpec } from '../forms/request-resolver.ts';
import { forgetMe } from '../session/me.ts';
import { goToSignIn } from '../session/notices.ts';
import { markSignedIn } from '../session/signed-in.ts';

/** What the sign-in page passes on: the second factors the server offers this person. */
export type VerifyState = { factors: SecondFactor[] };

/** The factors this page takes as a typed code. */
type CodeMethod = Extract<SecondFactor, 'totp' | 'recovery'>;
const isCodeMethod = (factor: SecondFactor): factor is CodeMethod =>
  factor === 'totp' || factor === 'recovery';

type CodeField = 'code';

const codeForms: Record<CodeMethod, FormSpec<CodeField>> = {
  totp: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.totp' } },
  recovery: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.recovery' } },
};

/**
 * The code as `POST /api/v1/auth/factor` takes it. An authenticator app shows "123 456", so spaces
 * are dropped; a recovery code is sent as typed, and the server ignores its case and hyphen.
 */
const codeRequests: Record<CodeMethod, z.ZodType<{ code: string }>> = {
  totp: z.strictObject({
    code: z
      .string()
      .transform((code) => code.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{6}$/)),
  }),
  recovery: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/) }),
};

/** The factors to offer: the server's list when the sign-in page passed it, both otherwise. */
function offeredFactors(state: unknown): CodeMethod[] {
  const parsed = z.object({ factors: z.array(secondFactors).min(1) }).safeParse(state);
  const offered = parsed.success ? parsed.data.factors.filter(isCodeMethod) : [];
  return offered.length > 0 ? offered : ['totp', 'recovery'];
}

type CodeFormProps = {
  method: CodeMethod;
  /** Whether the person just switched to this method, so the field should take focus. */
  focusOnMount: boolean;
  onSubmit: (request: { code: string }) => Promise<unknown>;
  onInvalid: () => void;
};

function CodeForm({ method, focusOnMount, onSubmit, onInvalid }: CodeFormProps) {
  const { t } = useTranslation();
  const spec = codeForms[method];
  const form = useRequestForm(spec, codeRequests[method]);
  const props = useBoundField(form, spec, 'code');
  return (
    <RequestForm
      form={form}
      spec={spec}
      onSubmit={onSubmit}
      onInvalid={onInvalid}
      submitLabel={t('verify.submit')}
      pendingLabel={t('verify.submitting')}
    >
      {method === 'totp' ? (
        <TextField {...props} autoFocus={focusOnMount} inputMode="numeric" autoComplete="one-time-code" />
      ) : (
        <TextField
          {...props}
          autoFocus={focusOnMount}
          autoComplete="off"
          autoCorrect="off"
          spellCheck="false"
        />
      )}
    </RequestForm>
  );
}

/**
 * The second step of signing in: a code from the person's authenticator app, or one of their
 * recovery codes. The pending sign-in is the server's cookie, so the page cannot tell whether
 * there is one; the server says so (`AUTH.SIGN_IN_EXPIRED`) and the person starts again.
 */
export function SignInVerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const factors = offeredFactors(useLocation().state);
  const [method, setMethod] = useState<CodeMethod>(factors[0] ?? 'totp');
  const [hasSwitched, setSwitched] = useState(false);
  const other = factors.find((factor) => factor !== method);

  const mutation = useMutation({
    mutationFn: ({ code }: { code: string }) =>
      postJson('/api/v1/auth/factor', { method, code }, factorResponse),
    onSuccess: () => {
      forgetMe(queryClient);
      markSignedIn();
      void navigate('/account', { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'AUTH.SIGN_IN_EXPIRED')
        goToSignIn(navigate, 'signInExpired');
    },
  });

  return (
    <div className="narrow-page">
      <PageTitle>{t('verify.title')}</PageTitle>
      <p className="lead">{t(`verify.${method}.lead`)}</p>
      {mutation.isError && !isAboutFields(mutation.error) ? <ApiErrorAlert error={mutation.error} /> : null}
      <div className="card">
        {/* A new form for each method: its own field, texts, rules and typed value. */}
        <CodeForm
          key={method}
          method={method}
          focusOnMount={hasSwitched}
          onSubmit={mutation.mutateAsync}
          onInvalid={mutation.reset}
        />
        {other ? (
          <p className="verify__switch">
            <Button
              variant="quiet"
              onPress={() => {
                mutation.reset();
                setSwitched(true);
                setMethod(other);
              }}
            >
              {t(`verify.${method}.switch`)}
            </Button>
          </p>
        ) : null}
      </div>
    </div>
  );
}
