import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { phoneRequest } from '../../../../identity/contact-details.schemas.ts';
import { isAboutFields } from '../../../api/client.ts';
import { confirmPhone, sendEmailFactorCode, sendPhoneCode, setCodeFactors } from '../../../api/contact.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Notice } from '../../../components/notice.tsx';
import { TextField } from '../../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';

/**
 * The steps that prove a mobile number or a mailbox with a one-time code, shared by the security
 * settings and the first-factor set-up at sign-in: send a code, type it back, send a new one if it
 * did not arrive. `onError` lets the page react to a refusal (a step-up is needed) as well.
 */

type ErrorHandler = (error: unknown) => void;

const phoneSpec: FormSpec<'phone'> = {
  phone: { kind: 'text', requestKey: 'phone', i18nKey: 'codeFactor.fields.phone' },
};
const codeSpec: FormSpec<'code'> = {
  code: { kind: 'text', requestKey: 'code', i18nKey: 'codeFactor.fields.code' },
};
/** Six digits; "123 456" as some phones show it is taken too. */
const codeRequest = z.strictObject({
  code: z
    .string()
    .transform((code) => code.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/)),
});

type PhoneFormProps = {
  onSent: (phone: string, sentTo: string) => void;
  onError: ErrorHandler;
  autoFocus: boolean;
};

function PhoneForm({ onSent, onError, autoFocus }: PhoneFormProps) {
  const { t } = useTranslation();
  const form = useRequestForm(phoneSpec, phoneRequest);
  const props = useBoundField(form, phoneSpec, 'phone');
  const send = useMutation({
    mutationFn: sendPhoneCode,
    onSuccess: (answer, request) => onSent(request.phone, answer.sentTo),
    onError,
  });
  return (
    <>
      {send.isError && !isAboutFields(send.error) ? <ApiErrorAlert error={send.error} /> : null}
      <RequestForm
        form={form}
        spec={phoneSpec}
        onSubmit={send.mutateAsync}
        onInvalid={send.reset}
        submitLabel={t('codeFactor.sendText')}
        pendingLabel={t('codeFactor.sending')}
      >
        <TextField {...props} autoFocus={autoFocus} type="tel" inputMode="tel" autoComplete="tel" />
      </RequestForm>
    </>
  );
}

type CodeEntryProps = {
  /** Where the code went, masked, as the server said. */
  sentTo: string;
  /** Sends another code (the last one stops working); answers where it went. */
  resend: () => Promise<{ sentTo: string }>;
  onSubmit: (code: string) => Promise<unknown>;
  submitLabel: string;
  onError: ErrorHandler;
  /** Another way out beside "Send a new code", such as "Use another number". */
  children?: ReactNode;
};

/** Says where the code went, takes it, and sends a new one on request. The field takes focus when it appears. */
function CodeEntry({ sentTo, resend, onSubmit, submitLabel, onError, children }: CodeEntryProps) {
  const { t } = useTranslation();
  const [destination, setDestination] = useState(sentTo);
  const form = useRequestForm(codeSpec, codeRequest);
  const props = useBoundField(form, codeSpec, 'code');
  const submit = useMutation({ mutationFn: ({ code }: { code: string }) => onSubmit(code), onError });
  const again = useMutation({
    mutationFn: resend,
    onMutate: submit.reset,
    onSuccess: (answer) => {
      setDestination(answer.sentTo);
      form.resetField('code');
    },
    onError,
  });
  const failed = [submit, again].find((m) => m.isError && !isAboutFields(m.error));
  return (
    <div className="code-entry">
      <Notice>{t(again.isSuccess ? 'codeFactor.sentAgain' : 'codeFactor.sent', { destination })}</Notice>
      {failed ? <ApiErrorAlert error={failed.error} /> : null}
      <RequestForm
        form={form}
        spec={codeSpec}
        onSubmit={submit.mutateAsync}
        onInvalid={submit.reset}
        submitLabel={submitLabel}
        pendingLabel={t('codeFactor.checking')}
      >
        <TextField {...props} autoFocus inputMode="numeric" autoComplete="one-time-code" />
      </RequestForm>
      <p className="code-entry__other">
        <Button variant="quiet" isPending={again.isPending} onPress={() => again.mutate()}>
          {again.isPending ? t('codeFactor.sending') : t('codeFactor.sendAgain')}
        </Button>
        {children}
      </p>
    </div>
  );
}

/** Adds or changes the mobile number: the number, then the code texted to it. */
export function PhoneVerify({
  onVerified,
  onError = () => {},
  autoFocus = false,
}: {
  onVerified: (phone: string) => unknown;
  onError?: ErrorHandler;
  /** Whether the number field takes focus when it appears (the person just chose to add one). */
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [sent, setSent] = useState<{ phone: string; sentTo: string }>();
  // Back from "Use another number", the field takes focus again.
  const [isBack, setBack] = useState(false);
  if (!sent) {
    return (
      <PhoneForm
        onSent={(phone, sentTo) => setSent({ phone, sentTo })}
        onError={onError}
        autoFocus={autoFocus || isBack}
      />
    );
  }
  return (
    <CodeEntry
      sentTo={sent.sentTo}
      resend={() => sendPhoneCode({ phone: sent.phone })}
      onSubmit={async (code) => {
        const { phone } = await confirmPhone({ code });
        await onVerified(phone);
      }}
      submitLabel={t('codeFactor.confirmPhone')}
      onError={onError}
    >
      <Button
        variant="quiet"
        onPress={() => {
          setBack(true);
          setSent(undefined);
        }}
      >
        {t('codeFactor.otherNumber')}
      </Button>
    </CodeEntry>
  );
}

/** Turns email codes on: a code to the address on file, typed back here. */
export function EmailCodesOn({
  onDone,
  onError = () => {},
  autoFocus = false,
}: {
  onDone: () => void;
  onError?: ErrorHandler;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const send = useMutation({ mutationFn: sendEmailFactorCode, onError });
  if (!send.isSuccess) {
    return (
      <div className="code-entry">
        <p>{t('codeFactor.emailLead')}</p>
        {send.isError ? <ApiErrorAlert error={send.error} /> : null}
        <Button autoFocus={autoFocus} isPending={send.isPending} onPress={() => send.mutate()}>
          {send.isPending ? t('codeFactor.sending') : t('codeFactor.sendEmail')}
        </Button>
      </div>
    );
  }
  return (
    <CodeEntry
      sentTo={send.data.sentTo}
      resend={sendEmailFactorCode}
      onSubmit={async (code) => {
        await setCodeFactors({ email: true, code });
        onDone();
      }}
      submitLabel={t('codeFactor.turnOnEmail')}
      onError={onError}
    />
  );
}
