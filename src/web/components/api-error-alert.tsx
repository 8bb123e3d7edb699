import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { Alert } from './alert.tsx';

type Messages = Partial<Record<string, string>>;

function describe(error: unknown, t: TFunction, messages: Messages): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  const special = messages[error.code];
  if (special) return special;
  if (error.code === 'NETWORK') return t('errors.network');
  if (error.code === 'BAD_RESPONSE') return t('errors.badResponse');
  if (error.status >= 500) return t('errors.internal');
  // The server writes its 4xx messages for people.
  return error.message;
}

type ApiErrorAlertProps = {
  error: unknown;
  /** Page-specific wording for some error codes, e.g. `{ NOT_FOUND: … }` where an endpoint is not there yet. */
  messages?: Messages;
};

/** Says in words for people what went wrong with an API call, with the reference to quote for a server fault. */
export function ApiErrorAlert({ error, messages = {} }: ApiErrorAlertProps) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert>
      <p>{describe(error, t, messages)}</p>
      {requestId ? <p>{t('errors.reference', { requestId })}</p> : null}
    </Alert>
  );
}
