import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AccountSchedule } from '../../../../accounts/accounts.schemas.ts';
import { calendarDate, dateParts } from '../../../../core/dates.ts';
import { cents, formatUsd } from '../../../../core/money.ts';
import { fetchSchedule, scheduleQueryKey } from '../../../api/accounts.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { DateDisplay } from '../../../components/date-display.tsx';
import { Money } from '../../../components/money.tsx';
import { type Column, Table } from '../../../components/table.tsx';
import { useLocale } from '../../../i18n/locale.ts';

type Installment = AccountSchedule['installments'][number];

const cellMoney = (value: number | null) => (value === null ? '—' : <Money cents={value} />);

/** "Feb 2027": the axis names months, the table has the days. */
function monthLabel(date: string, locale: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}

/**
 * The balance after each installment, estimated and (for a loan) actual. The chart is a picture for
 * sighted readers: it is one image with a summary for screen readers, and the table below is the
 * accessible version of every point.
 */
function BalanceChart({ schedule }: { schedule: AccountSchedule }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isLoan = schedule.kind === 'retail_installment';
  // The chart plots integer cents, so axis and tooltip labels format exact amounts.
  const usd = (value: number) => formatUsd(cents(value), locale);
  const points = schedule.installments.map((i) => ({
    dueDate: i.dueDate,
    estimated: i.estimatedBalanceCents,
    actual: i.balanceAfterCents,
  }));
  const first = schedule.installments[0];
  const last = schedule.installments.at(-1);
  if (!first || !last) return null;
  const summary = t(isLoan ? 'schedule.chartLoan' : 'schedule.chartLease', {
    start: monthLabel(first.dueDate, locale),
    end: isLoan
      ? monthLabel(last.dueDate, locale)
      : formatUsd(cents(last.estimatedBalanceCents ?? 0), locale),
  });
  return (
    <div className="schedule-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={points}
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="dueDate"
            tickFormatter={(date: string) => monthLabel(date, locale)}
            stroke="var(--text-muted)"
            minTickGap={24}
          />
          <YAxis
            tickFormatter={(value: number) =>
              new Intl.NumberFormat(locale, {
                style: 'currency',
                currency: 'USD',
                notation: 'compact',
                // An axis label ("$18K"), never an amount anyone pays: cents to dollars for display only.
              }).format(value / 100)
            }
            stroke="var(--text-muted)"
            width={64}
          />
          <Tooltip
            formatter={(value) => usd(Number(value))}
            labelFormatter={(date) => monthLabel(String(date), locale)}
            contentStyle={{
              background: 'var(--surface)',
              borderColor: 'var(--border)',
              color: 'var(--text)',
            }}
          />
          <Legend />
          <Line
            type="monotone"
            dataKey="estimated"
            name={t('schedule.estimatedLine')}
            stroke="var(--text-muted)"
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          {isLoan ? (
            <Line
              type="monotone"
              dataKey="actual"
              name={t('schedule.actualLine')}
              stroke="var(--primary)"
              strokeWidth={3}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function useColumns(schedule: AccountSchedule): Column<Installment>[] {
  const { t } = useTranslation();
  const isLoan = schedule.kind === 'retail_installment';
  const money = (key: string, header: string, pick: (i: Installment) => number | null) => ({
    key,
    header,
    isNumeric: true,
    cell: (i: Installment) => cellMoney(pick(i)),
  });
  const columns: Column<Installment>[] = [
    { key: 'number', header: t('schedule.columns.number'), cell: (i) => i.number, isNumeric: true },
    {
      key: 'dueDate',
      header: t('schedule.columns.dueDate'),
      cell: (i) => <DateDisplay date={i.dueDate} />,
      isRowHeader: true,
    },
    money('amount', t('schedule.columns.amount'), (i) => i.amountCents),
    money(
      'estimatedInterest',
      isLoan ? t('schedule.columns.estimatedInterest') : t('schedule.columns.estimatedRent'),
      (i) => i.estimatedInterestCents,
    ),
    money(
      'estimatedPrincipal',
      isLoan ? t('schedule.columns.estimatedPrincipal') : t('schedule.columns.estimatedDepreciation'),
      (i) => i.estimatedPrincipalCents,
    ),
    money('estimatedBalance', t('schedule.columns.estimatedBalance'), (i) => i.estimatedBalanceCents),
    money('paid', t('schedule.columns.paid'), (i) => i.paidCents),
    {
      key: 'paidOn',
      header: t('schedule.columns.paidOn'),
      cell: (i) =>
        i.paidOn.length === 0
          ? t('schedule.notYet')
          : i.paidOn.map((date, n) => (
              <span key={date}>
                {n > 0 ? ', ' : null}
                <DateDisplay date={date} />
              </span>
            )),
    },
  ];
  if (isLoan) {
    columns.push(
      money('toInterest', t('schedule.columns.toInterest'), (i) =>
        i.paidCents > 0 ? i.interestPaidCents : null,
      ),
      money('toPrincipal', t('schedule.columns.toPrincipal'), (i) =>
        i.paidCents > 0 ? i.principalPaidCents : null,
      ),
      money('balanceAfter', t('schedule.columns.balanceAfter'), (i) => i.balanceAfterCents),
    );
  }
  columns.push({
    key: 'status',
    header: t('schedule.columns.status'),
    cell: (i) => (
      <span className={`installment-status installment-status--${i.status}`}>
        {t(`schedule.statuses.${i.status}`)}
      </span>
    ),
  });
  return columns;
}

function Schedule({ schedule }: { schedule: AccountSchedule }) {
  const { t } = useTranslation();
  const columns = useColumns(schedule);
  const { totals } = schedule;
  return (
    <>
      <p className="lead">{t('schedule.lead')}</p>
      <section aria-labelledby="schedule-totals" className="overview__section">
        <h2 id="schedule-totals">{t('schedule.totalsHeading')}</h2>
        <dl className="facts schedule-totals">
          <div>
            <dt className="facts__label">{t('schedule.totalPaid')}</dt>
            <dd className="facts__value">
              <Money cents={totals.paidCents} />
            </dd>
          </div>
          {totals.interestPaidCents === null || totals.principalPaidCents === null ? null : (
            <>
              <div>
                <dt className="facts__label">{t('schedule.interestPaid')}</dt>
                <dd className="facts__value">
                  <Money cents={totals.interestPaidCents} />
                </dd>
              </div>
              <div>
                <dt className="facts__label">{t('schedule.principalPaid')}</dt>
                <dd className="facts__value">
                  <Money cents={totals.principalPaidCents} />
                </dd>
              </div>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="schedule-chart" className="overview__section">
        <h2 id="schedule-chart">{t('schedule.chartHeading')}</h2>
        <BalanceChart schedule={schedule} />
      </section>
      <section aria-labelledby="schedule-table" className="overview__section">
        <h2 id="schedule-table">{t('schedule.heading')}</h2>
        {schedule.kind === 'lease' ? <p className="note">{t('schedule.leaseNote')}</p> : null}
        <Table
          caption={t('schedule.caption', { contractNumber: schedule.contractNumber })}
          columns={columns}
          rows={schedule.installments}
          rowKey={(i) => i.number}
        />
      </section>
    </>
  );
}

/** The schedule as disclosed beside the payments made, with the balance over time. */
export function SchedulePage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const schedule = useQuery({
    queryKey: scheduleQueryKey(contractNumber),
    queryFn: () => fetchSchedule(contractNumber),
  });
  if (schedule.isPending) {
    return (
      <p role="status" className="status">
        {t('schedule.loading')}
      </p>
    );
  }
  if (schedule.isError) {
    return (
      <>
        <ApiErrorAlert error={schedule.error} />
        <Button isPending={schedule.isFetching} onPress={() => void schedule.refetch()}>
          {t('schedule.retry')}
        </Button>
      </>
    );
  }
  return <Schedule schedule={schedule.data} />;
}
