import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { fetchDeadLetters, type OutboxMessage, retryOutboxMessage } from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { Instant, StaffFrame, staffQueryOptions, useCan } from './staff-frame.tsx';

const DEAD_LETTERS_KEY = ['staff', 'outbox', 'dead'] as const;

function RetryButton({ message, onDone }: { message: OutboxMessage; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryOutboxMessage(message.id),
    onSuccess: () => {
      onDone(t('staff.outbox.retried', { id: message.id }));
      void queryClient.invalidateQueries({ queryKey: DEAD_LETTERS_KEY });
    },
  });
  return (
    <>
      <Button
        variant="secondary"
        isPending={retry.isPending}
        onPress={() => retry.mutate()}
        aria-label={t('staff.outbox.retryLabel', { id: message.id })}
      >
        {t('staff.outbox.retry')}
      </Button>
      {retry.isError ? <ApiErrorAlert error={retry.error} /> : null}
    </>
  );
}

/**
 * `/staff/outbox`: messages delivery gave up on after every attempt (addresses masked), each with a
 * button to try again once its cause is fixed (supervisors and admins; each retry is audited).
 */
export function StaffOutboxPage() {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const dead = useQuery({
    queryKey: DEAD_LETTERS_KEY,
    queryFn: fetchDeadLetters,
    enabled: useCan('operations.read'),
    ...staffQueryOptions,
  });
  const columns: Column<OutboxMessage>[] = [
    { key: 'id', header: t('staff.outbox.columns.id'), isRowHeader: true, cell: (m) => m.id },
    { key: 'created', header: t('staff.outbox.columns.created'), cell: (m) => <Instant iso={m.createdAt} /> },
    {
      key: 'to',
      header: t('staff.outbox.columns.to'),
      cell: (m) => `${t(`staff.outbox.channels.${m.channel}`)}: ${m.to}`,
    },
    { key: 'template', header: t('staff.outbox.columns.template'), cell: (m) => <code>{m.template}</code> },
    { key: 'attempts', header: t('staff.outbox.columns.attempts'), isNumeric: true, cell: (m) => m.attempts },
    {
      key: 'error',
      header: t('staff.outbox.columns.error'),
      cell: (m) => (m.lastError ? <code>{m.lastError}</code> : t('staff.none')),
    },
    {
      key: 'retry',
      header: t('staff.outbox.columns.action'),
      cell: (m) => <RetryButton message={m} onDone={setMessage} />,
    },
  ];
  return (
    <StaffFrame
      title={t('staff.outbox.title')}
      queries={[dead]}
      capability="operations.read"
      loadingText={t('staff.outbox.loading')}
    >
      {() => (
        <>
          <p className="lead">{t('staff.outbox.lead')}</p>
          <p>
            <Link href="/staff">{t('staff.audit.consoleLink')}</Link>
          </p>
          {message ? <Notice>{message}</Notice> : null}
          {dead.data?.messages.length ? (
            <>
              <p>{t('staff.outbox.count', { count: dead.data.total })}</p>
              <Table
                caption={t('staff.outbox.caption')}
                columns={columns}
                rows={dead.data.messages}
                rowKey={(m) => m.id}
              />
            </>
          ) : (
            <p>{t('staff.outbox.empty')}</p>
          )}
        </>
      )}
    </StaffFrame>
  );
}
