import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { Alert } from '../../../components/alert.tsx';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';

/**
 * What went wrong with a passkey, in words for people: the server's refusal (an ApiError), or the
 * browser's WebAuthn error, whose name says what happened: `NotAllowedError` (cancelled or timed
 * out), `InvalidStateError` (this device already holds one of the person's passkeys), `SecurityError`
 * (the page is not at an address passkeys accept, such as an IP address).
 */
export function PasskeyErrorAlert({ error, cancelled }: { error: unknown; cancelled: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError) return <ApiErrorAlert error={error} />;
  const name = error instanceof Error ? error.name : '';
  const message =
    name === 'NotAllowedError' || name === 'AbortError'
      ? cancelled
      : name === 'InvalidStateError'
        ? t('passkeys.errors.alreadyOnDevice')
        : name === 'SecurityError'
          ? t('passkeys.errors.wrongAddress')
          : t('passkeys.errors.failed');
  return (
    <Alert>
      <p>{message}</p>
    </Alert>
  );
}
