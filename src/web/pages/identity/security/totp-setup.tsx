import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, isAboutFields, postJson } from '../../../api/client.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { TextField } from '../../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';

const started = z.object({ secret: z.string(), uri: z.string() });
const confirmed = z.object({ recoveryCodes: z.array(z.string()) });

const spec: FormSpec<'code'> = {
  code: { kind: 'text', requestKey: 'code', i18nKey: 'totpSetup.fields.code' },
};
/** The app shows "123 456": spaces are dropped before the 6 digits are checked. */
const codeRequest = z.strictObject({
  code: z
    .string()
    .transform((code) => code.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/)),
});

/** The key as people copy it into an app by hand: groups of four, "ABCD EFGH …". */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** The otpauth:// address as a QR code image (data: URL; the CSP allows those). The encoder loads only here. */
function useQrCode(uri: string | undefined): string | undefined {
  const [image, setImage] = useState<{ uri: string; src: string }>();
  useEffect(() => {
    if (!uri) return;
    let isCurrent = true;
    void import('qrcode')
      .then((qrcode) => qrcode.toDataURL(uri, { margin: 2, width: 200, errorCorrectionLevel: 'M' }))
      .then((src) => isCurrent && setImage({ uri, src }));
    return () => {
      isCurrent = false;
    };
  }, [uri]);
  return image && image.uri === uri ? image.src : undefined;
}

/** The ten recovery codes, shown this once, with ways to keep them; focus comes here so they are read first. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => ref.current?.focus(), []);
  const text = `${t('totpSetup.fileHeading')}\n\n${codes.join('\n')}\n`;
  return (
    <section aria-labelledby={titleId} className="totp-setup__codes">
      <h3 id={titleId} ref={ref} tabIndex={-1}>
        {t('totpSetup.codesTitle')}
      </h3>
      <p>{t('totpSetup.codesLead')}</p>
      <ol className="recovery-codes__list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="totp-setup__code-actions">
        <Button
          variant="secondary"
          onPress={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied('copied'),
              () => setCopied('failed'),
            )
          }
        >
          {t('totpSetup.copy')}
        </Button>
        <Link
          className="button button--secondary"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="autofin-recovery-codes.txt"
        >
          {t('totpSetup.download')}
        </Link>
      </div>
      <p role="status" className="status">
        {copied === 'idle' ? '' : t(`totpSetup.${copied}`)}
      </p>
      <Button onPress={onDone}>{t('totpSetup.saved')}</Button>
    </section>
  );
}

type TotpSetupProps = {
  onDone: () => void;
  /** The session ended meanwhile (401): the page decides where to go; without it the error is shown. */
  onSignedOut?: () => void;
};

/**
 * Setting up an authenticator app: a new secret as a QR code and as a key to type, a code from the
 * app to prove it works, then the recovery codes, shown once. Used by the first-factor set-up at
 * sign-in and by the security settings page.
 */
export function TotpSetup({ onDone, onSignedOut }: TotpSetupProps) {
  const { t } = useTranslation();
  // A POST, asked once per mount: a refetch would make a new secret and void the one being scanned.
  const start = useQuery({
    queryKey: ['totp-setup'],
    queryFn: () => postJson('/api/v1/security/totp', undefined, started),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const form = useRequestForm(spec, codeRequest);
  const code = useBoundField(form, spec, 'code');
  const confirm = useMutation({
    mutationFn: (request: { code: string }) => postJson('/api/v1/security/totp/confirm', request, confirmed),
  });
  const qr = useQrCode(start.data?.uri);

  const error = start.error ?? confirm.error;
  useEffect(() => {
    if (onSignedOut && error instanceof ApiError && error.status === 401) onSignedOut();
  }, [error, onSignedOut]);

  if (confirm.isSuccess) return <RecoveryCodes codes={confirm.data.recoveryCodes} onDone={onDone} />;
  if (start.isPending) {
    return (
      <p role="status" className="status">
        {t('totpSetup.starting')}
      </p>
    );
  }
  if (start.isError) {
    return (
      <>
        <ApiErrorAlert error={start.error} />
        <Button isPending={start.isFetching} onPress={() => void start.refetch()}>
          {t('totpSetup.retry')}
        </Button>
      </>
    );
  }
  return (
    <div className="totp-setup">
      <h3>{t('totpSetup.scanTitle')}</h3>
      <p>{t('totpSetup.scanLead')}</p>
      <div className="totp-setup__qr">
        {qr ? <img src={qr} alt={t('totpSetup.qrAlt')} width={200} height={200} /> : null}
      </div>
      <p>{t('totpSetup.keyLead')}</p>
      <p className="totp-setup__key">
        <code>{grouped(start.data.secret)}</code>
      </p>
      <h3>{t('totpSetup.confirmTitle')}</h3>
      {confirm.isError && !isAboutFields(confirm.error) ? <ApiErrorAlert error={confirm.error} /> : null}
      <RequestForm
        form={form}
        spec={spec}
        onSubmit={confirm.mutateAsync}
        onInvalid={confirm.reset}
        submitLabel={t('totpSetup.submit')}
        pendingLabel={t('totpSetup.submitting')}
      >
        <TextField {...code} inputMode="numeric" autoComplete="one-time-code" />
      </RequestForm>
    </div>
  );
}
