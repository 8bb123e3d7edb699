import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  type CycleStage,
  type DailyCycle,
  fetchDailyCycle,
  fetchLedgerCheck,
  fetchPrintQueue,
  type LedgerCheck,
  type PrintBatch,
  runLedgerCheck,
} from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { Notice } from '../../components/notice.tsx';
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

const LEDGER_CHECK_KEY = ['staff', 'ledger-check'] as const;

/** What the last ledger check found: a sound ledger in a line, or each finding in a table. */
function LedgerFindings({ check }: { check: LedgerCheck }) {
  const { t } = useTranslation();
  const { unbalancedEntries, balanceMismatches, positionMismatches } = check.findings;
  const positionMismatchCount = check.positionMismatchCount ?? 0;
  const entryColumns: Column<(typeof unbalancedEntries)[number]>[] = [
    {
      key: 'entry',
      header: t('staff.cycle.ledger.columns.entry'),
      isRowHeader: true,
      cell: (e) => e.entryId,
    },
    {
      key: 'sum',
      header: t('staff.cycle.ledger.columns.sum'),
      isNumeric: true,
      cell: (e) => <Money cents={e.sumCents} />,
    },
  ];
  const mismatchColumns: Column<(typeof balanceMismatches)[number]>[] = [
    {
      key: 'contract',
      header: t('staff.cycle.ledger.columns.contract'),
      isRowHeader: true,
      cell: (m) => m.contractNumber,
    },
    {
      key: 'account',
      header: t('staff.cycle.ledger.columns.account'),
      cell: (m) => <code>{m.account}</code>,
    },
    {
      key: 'cached',
      header: t('staff.cycle.ledger.columns.cached'),
      isNumeric: true,
      cell: (m) => <Money cents={m.cachedCents} />,
    },
    {
      key: 'posted',
      header: t('staff.cycle.ledger.columns.posted'),
      isNumeric: true,
      cell: (m) => <Money cents={m.postedCents} />,
    },
  ];
  const positionColumns: Column<(typeof positionMismatches)[number]>[] = [
    {
      key: 'contract',
      header: t('staff.cycle.ledger.columns.contract'),
      isRowHeader: true,
      cell: (p) => p.contractNumber,
    },
    {
      key: 'asOf',
      header: t('staff.cycle.ledger.columns.asOf'),
      cell: (p) => (p.asOf ? <DateDisplay date={p.asOf} /> : t('staff.cycle.ledger.noPosition')),
    },
    {
      key: 'fields',
      header: t('staff.cycle.ledger.columns.fields'),
      cell: (p) => p.fields.map((f) => `${f.field}: ${f.stored ?? '—'} ≠ ${f.recomputed ?? '—'}`).join('; '),
    },
  ];
  if (check.unbalancedEntryCount === 0 && check.balanceMismatchCount === 0 && positionMismatchCount === 0) {
    return <p data-testid="ledger-result">{t('staff.cycle.ledger.sound')}</p>;
  }
  return (
    <div role="alert" data-testid="ledger-result">
      {check.unbalancedEntryCount > 0 ? (
        <p>{t('staff.cycle.ledger.unbalanced', { count: check.unbalancedEntryCount })}</p>
      ) : null}
      {check.balanceMismatchCount > 0 ? (
        <p>{t('staff.cycle.ledger.mismatches', { count: check.balanceMismatchCount })}</p>
      ) : null}
      {positionMismatchCount > 0 ? (
        <p>{t('staff.cycle.ledger.positions', { count: positionMismatchCount })}</p>
      ) : null}
      <p>
        {t('staff.cycle.ledger.shownFirst', {
          count: Math.max(unbalancedEntries.length, balanceMismatches.length, positionMismatches.length),
        })}
      </p>
      {unbalancedEntries.length ? (
        <Table
          caption={t('staff.cycle.ledger.entryCaption')}
          columns={entryColumns}
          rows={unbalancedEntries}
          rowKey={(e) => String(e.entryId)}
        />
      ) : null}
      {balanceMismatches.length ? (
        <Table
          caption={t('staff.cycle.ledger.mismatchCaption')}
          columns={mismatchColumns}
          rows={balanceMismatches}
          rowKey={(m) => `${m.contractId}-${m.account}`}
        />
      ) : null}
      {positionMismatches.length ? (
        <Table
          caption={t('staff.cycle.ledger.positionCaption')}
          columns={positionColumns}
          rows={positionMismatches}
          rowKey={(p) => p.contractId}
        />
      ) : null}
    </div>
  );
}

/** The ledger check: when it last ran and what it found; a supervisor can run it again (audited). */
function LedgerCheckCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [done, setDone] = useState('');
  const canRun = useCan('ledger.check');
  const latest = useQuery({
    queryKey: LEDGER_CHECK_KEY,
    queryFn: fetchLedgerCheck,
    enabled: useCan('operations.read'),
    ...staffQueryOptions,
  });
  const run = useMutation({
    mutationFn: runLedgerCheck,
    onSuccess: (answer) => {
      queryClient.setQueryData(LEDGER_CHECK_KEY, answer);
      setDone(t('staff.cycle.ledger.ran'));
    },
  });
  const check = latest.data?.check;
  return (
    <section className="card" aria-labelledby="ledger-check">
      <h2 id="ledger-check">{t('staff.cycle.ledger.title')}</h2>
      <p>{t('staff.cycle.ledger.lead')}</p>
      {latest.isError ? <ApiErrorAlert error={latest.error} /> : null}
      {latest.isPending ? <p>{t('staff.cycle.ledger.loading')}</p> : null}
      {latest.data && !check ? <p>{t('staff.cycle.ledger.never')}</p> : null}
      {check ? (
        <>
          <p>
            {t('staff.cycle.ledger.last')} <Instant iso={check.checkedAt} />{' '}
            {check.checkedBy === 'cli' ? t('staff.cycle.ledger.byCli') : t('staff.cycle.ledger.byStaff')}.{' '}
            {t('staff.cycle.ledger.entries', { count: check.entryCount })}{' '}
            {t('staff.cycle.ledger.took', { seconds: (check.durationMs / 1000).toFixed(1) })}
          </p>
          <LedgerFindings check={check} />
        </>
      ) : null}
      {canRun ? (
        <Button variant="secondary" isPending={run.isPending} onPress={() => run.mutate()}>
          {run.isPending ? t('staff.cycle.ledger.running') : t('staff.cycle.ledger.run')}
        </Button>
      ) : null}
      {run.isError ? <ApiErrorAlert error={run.error} /> : null}
      {done ? <Notice>{done}</Notice> : null}
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
          <LedgerCheckCard />
          <PrintQueue />
        </>
      )}
    </StaffFrame>
  );
}
