import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { SecondFactor } from '../../../api/auth.ts';
import { ApiError, isAboutFields } from '../../../api/client.ts';
import {
  type CodeMethod,
  FACTORS_QUERY_KEY,
  fetchFactors,
  SECURITY_QUERY_KEY,
  sendStepUpCode,
  stepUp,
} from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { PasswordField } from '../../../components/password-field.tsx';
import { TextField } from '../../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';
import { useLocale } from '../../../i18n/locale.ts';
import { ME_QUERY_KEY, useMe } from '../../../session/me.ts';
import { PasskeyErrorAlert } from './passkey-error.tsx';
import { stepUpWithPasskey } from './passkey-sign-in.ts';

/**
 * Step-up: before a sensitive change (password, factors, email, phone) the server wants a sign-in
 * or a fresh proof of identity from the last 5 minutes, and answers 403 `AUTH.STEP_UP_REQUIRED`
 * otherwise. The panel at the top of the security page gives that proof; the sections read
 * `useStepUp()` and, on that 403, call `usePointAtStepUp()` to send the person to the panel.
 */

/** When the step-up window ends in this browser's clock (ms), from `/me`; null when there is none. */
function useStepUpUntil(): number | null {
  const { data } = useMe();
  const until = data?.me.session.stepUpUntil;
  if (!until) return null;
  // `/me`'s times are the server's; the session's end in both clocks gives the difference.
  const serverAhead = Date.parse(data.me.session.expiresAt) - data.session.expiresAt;
  return Date.parse(until) - serverAhead;
}

/** Whether the session may make sensitive changes now (signed in or stepped up in the last 5 minutes). */
export function useStepUp(): { isRecent: boolean; until: number | null } {
  const until = useStepUpUntil();
  // Re-render when the window closes, so the page asks for a step-up again without a reload.
  const [, expire] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const left = until === null ? 0 : until - Date.now();
    if (left <= 0) return;
    const timer = window.setTimeout(expire, left + 100);
    return () => window.clearTimeout(timer);
  }, [until]);
  return { isRecent: until !== null && until > Date.now(), until };
}

/**
 * The second factors the person has. Asked once `/me` has answered: a visitor who is not signed in
 * goes to the sign-in page without a string of refused requests first.
 */
export function useFactors() {
  const isSignedIn = useMe().isSuccess;
  return useQuery({ queryKey: FACTORS_QUERY_KEY, queryFn: fetchFactors, enabled: isSignedIn });
}

/** Whether an API call was refused for want of a recent step-up. */
export function isStepUpRequired(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'AUTH.STEP_UP_REQUIRED';
}

const pointers = new Set<() => void>();

/**
 * A function that takes the person to the step-up panel and focuses it: after a 403
 * `AUTH.STEP_UP_REQUIRED`, or when they start a change that needs one. `/me` is asked first, so the
 * panel shows what the server thinks (the window may have closed, or another tab stepped up).
 */
export function usePointAtStepUp(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }).finally(() => {
      for (const point of pointers) point();
    });
  }, [queryClient]);
}

/** A section's line when a change there needs a step-up first, with a way to the panel. */
export function StepUpNeeded() {
  const { t } = useTranslation();
  const pointAtStepUp = usePointAtStepUp();
  return (
    <p className="step-up-needed">
      {t('stepUp.needed')}{' '}
      <Button variant="quiet" onPress={pointAtStepUp}>
        {t('stepUp.goToPanel')}
      </Button>
    </p>
  );
}

type StepUpField = 'password' | 'code';
type StepUpRequest = { password: string; method?: CodeMethod; code?: string };

const CODE_METHODS: readonly SecondFactor[] = ['totp', 'sms', 'email', 'recovery'];
const isCodeMethod = (factor: SecondFactor): factor is CodeMethod => CODE_METHODS.includes(factor);

const passwordSpec = { kind: 'secret', requestKey: 'password', i18nKey: 'stepUp.fields.password' } as const;

/** The form of each way to confirm; users with no code factor confirm with the password alone. */
function stepUpSpec(method: CodeMethod | undefined): FormSpec<StepUpField> {
  if (!method) {
    // Only the fields present are read (the resolver and the form go by the spec's keys).
    return { password: passwordSpec } as FormSpec<StepUpField>;
  }
  return {
    password: passwordSpec,
    code: { kind: 'text', requestKey: 'code', i18nKey: `stepUp.fields.${method}` },
  };
}

const digits = z
  .string()
  .transform((code) => code.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));
/** The code as typed: an app shows "123 456", so spaces go; a recovery code keeps its hyphen or not. */
const CODE_RULES: Record<CodeMethod, z.ZodType<string>> = {
  totp: digits,
  email: digits,
  sms: digits,
  recovery: z.string().regex(/^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/),
};

function stepUpSchema(method: CodeMethod | undefined): z.ZodType<StepUpRequest> {
  if (!method) return z.strictObject({ password: z.string().min(1) });
  return z
    .strictObject({ password: z.string().min(1), code: CODE_RULES[method] })
    .transform((request) => ({ ...request, method }));
}

function CodeField({
  form,
  spec,
  method,
}: {
  form: RequestFormApi<StepUpRequest>;
  spec: FormSpec<StepUpField>;
  method: CodeMethod;
}) {
  const props = useBoundField(form, spec, 'code');
  return method === 'recovery' ? (
    <TextField {...props} autoComplete="off" autoCorrect="off" spellCheck="false" />
  ) : (
    <TextField {...props} inputMode="numeric" autoComplete="one-time-code" />
  );
}

function PasswordInput({ form, spec }: { form: RequestFormApi<StepUpRequest>; spec: FormSpec<StepUpField> }) {
  return <PasswordField {...useBoundField(form, spec, 'password')} autoComplete="current-password" />;
}

/** "Email me a code" / "Text me a code", and where the code went. */
function SendCode({ channel }: { channel: 'email' | 'sms' }) {
  const { t } = useTranslation();
  const send = useMutation({ mutationFn: () => sendStepUpCode(channel) });
  return (
    <div className="step-up__send">
      <Button variant="secondary" isPending={send.isPending} onPress={() => send.mutate()}>
        {send.isPending
          ? t('stepUp.sending')
          : t(send.isSuccess ? `stepUp.sendAgain.${channel}` : `stepUp.send.${channel}`)}
      </Button>
      <div role="status">
        {send.isSuccess ? (
          <p className="note">{t('stepUp.codeSent', { destination: send.data.sentTo })}</p>
        ) : null}
      </div>
      {send.isError ? <ApiErrorAlert error={send.error} /> : null}
    </div>
  );
}

function StepUpForm({ factors, onDone }: { factors: SecondFactor[]; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const methods = factors.filter(isCodeMethod);
  const [method, setMethod] = useState<CodeMethod | undefined>(methods[0]);
  const spec = useMemo(() => stepUpSpec(method), [method]);
  const schema = useMemo(() => stepUpSchema(method), [method]);
  const form = useRequestForm(spec, schema);
  const mutation = useMutation({
    mutationFn: stepUp,
    // The server renewed the session cookie; /me now says until when changes are allowed.
    onSuccess: onDone,
  });
  const passkey = useMutation({ mutationFn: stepUpWithPasskey, onSuccess: onDone });

  return (
    <>
      {mutation.isError && !isAboutFields(mutation.error) ? <ApiErrorAlert error={mutation.error} /> : null}
      <RequestForm
        form={form}
        spec={spec}
        onSubmit={mutation.mutateAsync}
        onInvalid={mutation.reset}
        submitLabel={t('stepUp.submit')}
        pendingLabel={t('stepUp.submitting')}
      >
        <PasswordInput form={form} spec={spec} />
        {methods.length > 1 ? (
          <RadioGroup
            className="choice-group"
            value={method ?? null}
            onChange={(value) => {
              mutation.reset();
              form.resetField('code');
              setMethod(methods.find((m) => m === value));
            }}
          >
            <Label className="field__label">{t('stepUp.methodLabel')}</Label>
            {methods.map((m) => (
              <Radio key={m} value={m} className="choice">
                {t(`stepUp.methods.${m}`)}
              </Radio>
            ))}
          </RadioGroup>
        ) : null}
        {method === 'email' || method === 'sms' ? <SendCode key={method} channel={method} /> : null}
        {method ? <CodeField form={form} spec={spec} method={method} /> : null}
      </RequestForm>
      {factors.includes('passkey') ? (
        <div className="step-up__passkey">
          <p>{t('stepUp.passkeyLead')}</p>
          {passkey.isError ? (
            <PasskeyErrorAlert error={passkey.error} cancelled={t('stepUp.passkeyCancelled')} />
          ) : null}
          <Button variant="secondary" isPending={passkey.isPending} onPress={() => passkey.mutate()}>
            {passkey.isPending ? t('stepUp.passkeyPending') : t('stepUp.passkey')}
          </Button>
        </div>
      ) : null}
    </>
  );
}

/**
 * The panel that asks for the password and a second factor when a change needs a step-up, or says
 * until when changes are allowed. Sections send the person here with `usePointAtStepUp()`.
 */
export function StepUpPanel() {
  const { t } = useTranslation();
  const locale = useLocale();
  const titleId = useId();
  const queryClient = useQueryClient();
  const me = useMe();
  const { isRecent, until } = useStepUp();
  const factors = useFactors();
  const panelRef = useRef<HTMLElement | null>(null);
  const focusWanted = useRef(false);
  const [, pointed] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const point = () => {
      focusWanted.current = true;
      pointed();
    };
    pointers.add(point);
    return () => {
      pointers.delete(point);
    };
  }, []);

  // After every render: the panel may only just have switched to the form or to the status line.
  useEffect(() => {
    if (focusWanted.current && panelRef.current) {
      focusWanted.current = false;
      panelRef.current.focus();
    }
  });

  const onDone = async () => {
    // The session has a new id (the device list), and the history a new line.
    void queryClient.invalidateQueries({ queryKey: SECURITY_QUERY_KEY });
    await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    // The form is gone: focus goes to the line that says until when changes are allowed.
    focusWanted.current = true;
    pointed();
  };

  if (!me.isSuccess) return null;
  if (isRecent && until !== null) {
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(until);
    return (
      <p
        ref={(element) => {
          panelRef.current = element;
        }}
        tabIndex={-1}
        role="status"
        className="step-up__status"
      >
        {t('stepUp.until', { time })}
      </p>
    );
  }
  const codeMethods = factors.data?.filter(isCodeMethod) ?? [];
  return (
    <section
      ref={(element) => {
        panelRef.current = element;
      }}
      tabIndex={-1}
      aria-labelledby={titleId}
      className="card step-up"
    >
      <h2 id={titleId}>{t('stepUp.title')}</h2>
      {factors.isPending ? (
        <p role="status" className="status">
          {t('stepUp.loading')}
        </p>
      ) : factors.isError ? (
        <>
          <ApiErrorAlert error={factors.error} />
          <Button isPending={factors.isFetching} onPress={() => void factors.refetch()}>
            {t('stepUp.retry')}
          </Button>
        </>
      ) : (
        <>
          <p>{t(codeMethods.length > 0 ? 'stepUp.lead' : 'stepUp.leadPasswordOnly')}</p>
          <StepUpForm factors={factors.data} onDone={onDone} />
        </>
      )}
    </section>
  );
}
