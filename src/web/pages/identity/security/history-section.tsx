import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchSignIns, SIGN_INS_QUERY_KEY } from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Instant } from '../../../components/instant.tsx';
import { deviceWords } from './device-name.ts';

/** Results that mean someone tried and failed: shown as a warning, since they may not have been the owner. */
const FAILURES = new Set(['bad_password', 'bad_code', 'bad_passkey', 'bad_step_up', 'locked']);

/**
 * Sign-in history: the last 50 attempts, newest first. A table on wide screens; on a phone each
 * attempt becomes a small card whose cells carry their column's name (`history-table` in pages.css).
 */
export function HistorySection() {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  // Asked once /me has answered, so a visitor who is not signed in is only sent to sign in.
  const history = useQuery({ queryKey: SIGN_INS_QUERY_KEY, queryFn: fetchSignIns });
  const result = (code: string) =>
    i18n.exists(`historySection.results.${code}`)
      ? t(`historySection.results.${code}`)
      : t('historySection.otherResult', { result: code });
  const columns = ['time', 'result', 'ip', 'device'] as const;
  const label = (column: (typeof columns)[number]) => (
    <span className="history-table__label" aria-hidden="true">
      {t(`historySection.columns.${column}`)}
    </span>
  );

  return (
    <section aria-labelledby={titleId} className="security-section">
      <h2 id={titleId}>{t('historySection.title')}</h2>
      <p>{t('historySection.lead')}</p>
      {history.isPending ? (
        <p role="status" className="status">
          {t('historySection.loading')}
        </p>
      ) : history.isError ? (
        <>
          <ApiErrorAlert error={history.error} />
          <Button isPending={history.isFetching} onPress={() => void history.refetch()}>
            {t('historySection.retry')}
          </Button>
        </>
      ) : history.data.length === 0 ? (
        <p className="note">{t('historySection.empty')}</p>
      ) : (
        <table className="history-table">
          <caption>{t('historySection.caption')}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {t(`historySection.columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {history.data.map((event, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id and hold no state; two can share a time.
              <tr key={`${event.occurredAt}-${index}`}>
                <td className="history-table__cell">
                  {label('time')}
                  <Instant value={event.occurredAt} />
                </td>
                <td
                  className={`history-table__cell${FAILURES.has(event.result) ? ' history-table__failed' : ''}`}
                >
                  {label('result')}
                  {result(event.result)}
                </td>
                <td className="history-table__cell">
                  {label('ip')}
                  {event.ip ?? t('historySection.unknownIp')}
                </td>
                <td className="history-table__cell">
                  {label('device')}
                  {deviceWords(t, event.userAgent)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
