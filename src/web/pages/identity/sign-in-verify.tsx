import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { factorResponse, type SecondFactor, secondFactors, sendSignInCode } from '../../api/auth.ts';
import { ApiError, isAboutFields, postJson } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { useGoHomeSignedIn } from '../../session/home.ts';
import { goToSignIn } from '../../session/notices.ts';
import { PasskeyErrorAlert } from './security/passkey-error.tsx';
import { signInWithPasskey } from './security/passkey-sign-in.ts';

/** What the sign-in page passes on: the second factors the server offers this person. */
export type VerifyState = { factors: SecondFactor[] };

/** The factors this page takes as a typed code. */
type CodeMethod = Exclude<SecondFactor, 'passkey'>;
/** The factors whose code the server sends when asked. */
type Channel = Extract<SecondFactor, 'email' | 'sms'>;
const isChannel = (factor: SecondFactor): factor is Channel => factor === 'email' || factor === 'sms';

type CodeField = 'code';

const codeForms: Record<CodeMethod, FormSpec<CodeField>> = {
  totp: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.totp' } },
  recovery: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.recovery' } },
  email: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.email' } },
  sms: { code: { kind: 'text', requestKey: 'code', i18nKey: 'verify.fields.sms' } },
};

/** Six digits; an authenticator app shows "123 456", so spaces are dropped. */
const sixDigits = z.strictObject({
  code: z
    .string()
    .transform((code) => code.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/)),
});

/**
 * The code as `POST /api/v1/auth/factor` takes it. A recovery code is sent as typed, and the server
 * ignores its case and hyphen.
 */
const codeRequests: Record<CodeMethod, z.ZodType<{ code: string }>> = {
  totp: sixDigits,
  email: sixDigits,
  sms: sixDigits,
  recovery: z.strictObject({ code: z.string().regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/) }),
};

/** The factors to offer: the server's list when the sign-in page passed it, the app and recovery codes otherwise. */
function offeredFactors(state: unknown): SecondFactor[] {
  const parsed = z.object({ factors: z.array(secondFactors).min(1) }).safeParse(state);
  return parsed.success ? parsed.data.factors : ['totp', 'recovery'];
}

type CodeFormProps = {
  method: CodeMethod;
  /** Whether the field should take focus: the person just chose this method or asked for the code. */
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
      {method === 'recovery' ? (
        <TextField
          {...props}
          autoFocus={focusOnMount}
          autoComplete="off"
          autoCorrect="off"
          spellCheck="false"
        />
      ) : (
        <TextField {...props} autoFocus={focusOnMount} inputMode="numeric" autoComplete="one-time-code" />
      )}
    </RequestForm>
  );
}

/**
 * The second step of signing in, by whichever factor the person has and picks: a code from their
 * authenticator app, one emailed or texted to them on request, a recovery code, or a passkey. The
 * pending sign-in is the server's cookie, so the page cannot tell whether there is one; the server
 * says so (`AUTH.SIGN_IN_EXPIRED`) and the person starts again.
 */
export function SignInVerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const otherWaysId = useId();
  const factors = offeredFactors(useLocation().state);
  const [method, setMethod] = useState<SecondFactor>(factors[0] ?? 'totp');
  const [hasSwitched, setSwitched] = useState(false);
  /** Where each channel's newest code went (masked), and how many were sent, once one was. */
  const [sent, setSent] = useState<Partial<Record<Channel, { to: string; count: number }>>>({});
  const others = factors.filter((factor) => factor !== method);

  const signedIn = useGoHomeSignedIn();
  const expired = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'AUTH.SIGN_IN_EXPIRED')
      goToSignIn(navigate, 'signInExpired');
  };
  const mutation = useMutation({
    mutationFn: ({ code }: { code: string }) =>
      postJson('/api/v1/auth/factor', { method, code }, factorResponse),
    onSuccess: signedIn,
    onError: expired,
  });
  const send = useMutation({
    mutationFn: sendSignInCode,
    onMutate: () => mutation.reset(),
    onSuccess: (answer, channel) =>
      setSent((before) => ({
        ...before,
        [channel]: { to: answer.sentTo, count: (before[channel]?.count ?? 0) + 1 },
      })),
    onError: expired,
  });
  const passkey = useMutation({ mutationFn: signInWithPasskey, onSuccess: signedIn, onError: expired });

  /** Switching is doing: choosing a code by email or text sends it, choosing the passkey asks for it. */
  const choose = (factor: SecondFactor) => {
    mutation.reset();
    send.reset();
    passkey.reset();
    setSwitched(true);
    setMethod(factor);
    if (isChannel(factor)) send.mutate(factor);
    if (factor === 'passkey') passkey.mutate();
  };

  const channelSent = isChannel(method) ? sent[method] : undefined;
  const lead =
    channelSent === undefined
      ? t(`verify.${method}.lead`)
      : channelSent.count > 1
        ? t('verify.sentAgain', { destination: channelSent.to })
        : t(`verify.${method}.sentLead`, { destination: channelSent.to });

  return (
    <div className="narrow-page">
      <PageTitle>{t('verify.title')}</PageTitle>
      {/* A code just sent is news: said politely as it arrives. */}
      {channelSent !== undefined ? <Notice>{lead}</Notice> : <p className="lead">{lead}</p>}
      {mutation.isError && !isAboutFields(mutation.error) ? <ApiErrorAlert error={mutation.error} /> : null}
      {send.isError ? <ApiErrorAlert error={send.error} /> : null}
      <div className="card">
        {method === 'passkey' ? (
          <>
            {passkey.isError ? (
              <PasskeyErrorAlert error={passkey.error} cancelled={t('verify.passkey.cancelled')} />
            ) : null}
            <Button isPending={passkey.isPending} onPress={() => passkey.mutate()}>
              {passkey.isPending ? t('verify.passkey.pending') : t('verify.passkey.button')}
            </Button>
          </>
        ) : isChannel(method) && channelSent === undefined ? (
          <Button autoFocus={hasSwitched} isPending={send.isPending} onPress={() => send.mutate(method)}>
            {send.isPending ? t('verify.sending') : t(`verify.switchTo.${method}`)}
          </Button>
        ) : (
          <>
            {/* A new form for each method: its own field, texts, rules and typed value. */}
            <CodeForm
              key={method}
              method={method}
              focusOnMount={hasSwitched || channelSent !== undefined}
              onSubmit={mutation.mutateAsync}
              onInvalid={mutation.reset}
            />
            {isChannel(method) ? (
              <p className="verify__resend">
                <Button variant="quiet" isPending={send.isPending} onPress={() => send.mutate(method)}>
                  {send.isPending ? t('verify.sending') : t('verify.resend')}
                </Button>
              </p>
            ) : null}
          </>
        )}
        {others.length > 0 ? (
          <section aria-labelledby={otherWaysId} className="verify__switch">
            <h2 id={otherWaysId} className="verify__switch-title">
              {t('verify.otherWays')}
            </h2>
            <ul>
              {others.map((factor) => (
                <li key={factor}>
                  <Button variant="quiet" onPress={() => choose(factor)}>
                    {t(`verify.switchTo.${factor}`)}
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
