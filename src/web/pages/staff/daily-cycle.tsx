import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  type CycleStage,
  type DailyCycle,
  fetchDailyCycle,
  fetchPrintQueue,
  type PrintBatch,
} from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { Instant, StaffFrame, staffQueryOptions, useCan } from './staff-frame.tsx';

type StageRow = DailyCycle['stages'][number];

/** What a stage did, as `name: n` pairs with the names in the page's language. */
function CountsText({ counts }: { counts: Record<string, number> }) {
  const { t } = useTranslation();
  const entries = Object.entries(counts);
  if (entries.length === 0) return <>{t('staff.none')}</>;
  return (
    <>
      {entries
        .map(([key, value]) => `${t(`staff.cycle.counts.${key}`, { defaultValue: key })}: ${value}`)
        .join(', ')}
    </>
  );
}

function CycleCard({ cycle }: { cycle: DailyCycle }) {
  const { t } = useTranslation();
  const columns: Column<StageRow>[] = [
    {
      key: 'stage',
      header: t('staff.cycle.columns.stage'),
      isRowHeader: true,
      cell: (s) => t(`staff.cycle.stages.${s.stage as CycleStage}`),
    },
    {
      key: 'progress',
      header: t('staff.cycle.columns.progress'),
      cell: (s) => t('staff.cycle.chunksDone', { done: s.done, total: s.total }),
    },
    { key: 'counts', header: t('staff.cycle.columns.counts'), cell: (s) => <CountsText counts={s.counts} /> },
  ];
  return (
    <section className="card" aria-labelledby={`cycle-${cycle.date}`}>
      <h2 id={`cycle-${cycle.date}`}>
        <DateDisplay date={cycle.date} /> · {t(`staff.cycle.status.${cycle.status}`)}
      </h2>
      <p>
        {t('staff.cycle.summary', { contracts: cycle.contractCount, chunks: cycle.chunkCount })}{' '}
        {t('staff.cycle.started')} <Instant iso={cycle.startedAt} />
        {cycle.finishedAt ? (
          <>
            {', '}
            {t('staff.cycle.finished')} <Instant iso={cycle.finishedAt} />
          </>
        ) : null}
      </p>
      <Table
        caption={t('staff.cycle.stagesCaption')}
        columns={columns}
        rows={cycle.stages}
        rowKey={(s) => s.stage}
      />
      {cycle.errors.length > 0 ? (
        <div role="alert">
          <h3>{t('staff.cycle.errorsTitle')}</h3>
          <ul>
            {cycle.errors.map((e) => (
              <li key={`${e.stage}-${e.chunk}`}>
                {t('staff.cycle.error', {
                  stage: t(`staff.cycle.stages.${e.stage}`),
                  chunk: e.chunk + 1,
                  attempts: e.attempts,
                })}{' '}
                <code>{e.error}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** The print queue: paper statements waiting for the mail house's file, and the latest files. */
function PrintQueue() {
  const { t } = useTranslation();
  const queue = useQuery({
    queryKey: ['staff', 'print-queue'],
    queryFn: fetchPrintQueue,
    enabled: useCan('operations.read'),
    ...staffQueryOptions,
  });
  if (queue.isError) return <ApiErrorAlert error={queue.error} />;
  if (!queue.data) return null;
  const columns: Column<PrintBatch>[] = [
    {
      key: 'date',
      header: t('staff.cycle.print.columns.date'),
      isRowHeader: true,
      cell: (b) => <DateDisplay date={b.businessDate} />,
    },
    { key: 'file', header: t('staff.cycle.print.columns.file'), cell: (b) => <code>{b.fileName}</code> },
    {
      key: 'count',
      header: t('staff.cycle.print.columns.count'),
      isNumeric: true,
      cell: (b) => b.statementCount,
    },
  ];
  return (
    <section className="card" aria-labelledby="print-queue">
      <h2 id="print-queue">{t('staff.cycle.print.title')}</h2>
      <p data-testid="print-waiting">{t('staff.cycle.print.waiting', { count: queue.data.waiting })}</p>
      {queue.data.batches.length ? (
        <Table
          caption={t('staff.cycle.print.caption')}
          columns={columns}
          rows={queue.data.batches}
          rowKey={(b) => b.businessDate}
        />
      ) : (
        <p>{t('staff.cycle.print.empty')}</p>
      )}
    </section>
  );
}

/**
 * `/staff/daily-cycle`: the close-of-business cycle of the latest business dates, stage by stage (for
 * supervisors and admins; `npm run cli -- cycle status` shows the same). Refreshes while one runs.
 */
export function StaffDailyCyclePage() {
  const { t } = useTranslation();
  const cycles = useQuery({
    queryKey: ['staff', 'daily-cycle'],
    queryFn: fetchDailyCycle,
    enabled: useCan('operations.read'),
    refetchInterval: (query) =>
      query.state.data?.cycles.some((c) => c.status === 'running') ? 5_000 : false,
    ...staffQueryOptions,
  });
  return (
    <StaffFrame
      title={t('staff.cycle.title')}
      queries={[cycles]}
      capability="operations.read"
      loadingText={t('staff.cycle.loading')}
    >
      {() => (
        <>
          <p className="lead">{t('staff.cycle.lead')}</p>
          <p>
            <Link href="/staff">{t('staff.audit.consoleLink')}</Link>
          </p>
          {cycles.data?.cycles.length ? (
            cycles.data.cycles.map((cycle) => <CycleCard key={cycle.date} cycle={cycle} />)
          ) : (
            <p>{t('staff.cycle.empty')}</p>
          )}
          <PrintQueue />
        </>
      )}
    </StaffFrame>
  );
}
