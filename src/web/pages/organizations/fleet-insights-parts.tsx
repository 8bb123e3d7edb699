import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { calendarDate, dateParts } from '../../../core/dates.ts';
import { cents, formatUsd } from '../../../core/money.ts';
import type { SpendSplit } from '../../../organizations/reports.schemas.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Money } from '../../components/money.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { useLocale } from '../../i18n/locale.ts';

// The pieces the fleet's analytics page draws each of its sections with: a section's states, a
// bar chart, and the split of a spend (its chart and its table).

/** The parts a payment's money went to, in the order the charts stack them and the tables list them. */
export const SPLIT_PARTS = ['principal', 'interest', 'fees', 'leasePayments', 'taxes', 'unapplied'] as const;
export type SplitPart = (typeof SPLIT_PARTS)[number];

const centsOf = (split: SpendSplit, part: SplitPart) => split[`${part}Cents`];

/** The parts any of the splits has money in: a column of zeros tells nothing. */
export function partsIn(splits: readonly SpendSplit[]): SplitPart[] {
  return SPLIT_PARTS.filter((part) => splits.some((split) => centsOf(split, part) !== 0));
}

/** Each series keeps its colour from chart to chart (the colours are CSS, for light and dark). */
const seriesColor = (index: number) => `var(--insight-series-${index + 1})`;

/** "Mar 2026" (`short`) or "March 2026" (`long`), for a month written `YYYY-MM`. */
export function monthName(month: string, locale: string, style: 'short' | 'long' = 'short'): string {
  const { year, month: number } = dateParts(calendarDate(`${month}-01`));
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, number - 1, 1),
  );
}

/** "Mar 2": a day on a chart's axis (the table beside it has the year). */
export function dayName(date: string, locale: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}

/** A vehicle as the fleet knows it best: its unit number, or its contract's when it has none. */
export const vehicleName = (vehicle: { unitNumber: string | null; contractNumber: string }) =>
  vehicle.unitNumber ?? vehicle.contractNumber;

type InsightSectionProps<Data> = {
  id: string;
  title: string;
  query: UseQueryResult<Data, unknown>;
  loadingText: string;
  /** What the answer holds when there is nothing to draw, said instead of an empty chart. */
  isEmpty: (data: Data) => boolean;
  emptyText: string;
  children: (data: Data) => ReactNode;
};

/** A section of the analytics: its heading, then its figures, or that they are loading, failed or none. */
export function InsightSection<Data>({
  id,
  title,
  query,
  loadingText,
  isEmpty,
  emptyText,
  children,
}: InsightSectionProps<Data>) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="fleet-section insight">
      <h2 id={id}>{title}</h2>
      {query.isPending ? (
        <p role="status" className="status">
          {loadingText}
        </p>
      ) : query.isError ? (
        <>
          <ApiErrorAlert error={query.error} />
          <Button isPending={query.isFetching} onPress={() => void query.refetch()}>
            {t('organizations.retry')}
          </Button>
        </>
      ) : isEmpty(query.data) ? (
        <p>{emptyText}</p>
      ) : (
        children(query.data)
      )}
    </section>
  );
}

export type ChartSeries = { key: string; name: string };

type BarsChartProps = {
  /** One object per bar: its `label` and a number per series' key. */
  data: Record<string, string | number>[];
  series: ChartSeries[];
  /** Series stack on one bar (a spend's parts) rather than stand side by side. */
  isStacked?: boolean;
  /** Bars run across with their labels on the left (names), rather than up from dates along the bottom. */
  isHorizontal?: boolean;
  /** The values are integer cents (else counts). */
  isMoney?: boolean;
  /** What the chart shows, in words, for those who cannot see it: the table beside it has every figure. */
  summary: string;
};

/**
 * A bar chart for sighted readers. It is one image with a summary for screen readers; the table
 * beside it is the accessible version of every bar. Its height follows the number of bars when
 * they run across, so each label has its line.
 */
export function BarsChart({
  data,
  series,
  isStacked = false,
  isHorizontal = false,
  isMoney = false,
  summary,
}: BarsChartProps) {
  const locale = useLocale();
  // An axis label ("$18K"), never an amount anyone pays: cents to dollars for display only.
  const axisMoney = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
  });
  const count = new Intl.NumberFormat(locale);
  const tick = (value: number) => (isMoney ? axisMoney.format(value / 100) : count.format(value));
  const valueAxis = { tickFormatter: tick, stroke: 'var(--text-muted)', allowDecimals: isMoney } as const;
  const labelAxis = { dataKey: 'label', stroke: 'var(--text-muted)' } as const;
  const height = isHorizontal ? `${Math.max(12, data.length * 2.25 + 5)}rem` : undefined;
  return (
    <div className="insight-chart" role="img" aria-label={summary} style={height ? { height } : undefined}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout={isHorizontal ? 'vertical' : 'horizontal'}
          stackOffset={isStacked ? 'sign' : undefined}
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          {isHorizontal ? (
            <>
              <XAxis type="number" {...valueAxis} />
              <YAxis type="category" {...labelAxis} width={112} interval={0} />
            </>
          ) : (
            <>
              <XAxis {...labelAxis} minTickGap={16} />
              <YAxis {...valueAxis} width={64} />
            </>
          )}
          <Tooltip
            formatter={(value) =>
              isMoney ? formatUsd(cents(Number(value)), locale) : count.format(Number(value))
            }
            contentStyle={{
              background: 'var(--surface)',
              borderColor: 'var(--border)',
              color: 'var(--text)',
            }}
          />
          {/* In the order the bars stack, not the names' alphabetical one. */}
          {series.length > 1 ? <Legend itemSorter={null} /> : null}
          {series.map((s, index) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              fill={seriesColor(index)}
              stackId={isStacked ? 'stack' : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A row of a spend's chart and table: what it is (a month, a cost center, a vehicle) and its split. */
export type SplitRow = { key: string; name: ReactNode; chartLabel: string; split: SpendSplit };

/** The spend's parts as a stacked bar each row (the total row is the table's alone). */
export function SplitChart({
  rows,
  parts,
  summary,
  isHorizontal = false,
}: {
  rows: SplitRow[];
  parts: SplitPart[];
  summary: string;
  isHorizontal?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <BarsChart
      data={rows.map((row) => ({
        label: row.chartLabel,
        ...Object.fromEntries(parts.map((part) => [part, centsOf(row.split, part)])),
      }))}
      series={parts.map((part) => ({ key: part, name: t(`fleetInsights.parts.${part}`) }))}
      isStacked
      isHorizontal={isHorizontal}
      isMoney
      summary={summary}
    />
  );
}

/** The spend's figures: a row each, its parts and its total, and the total of them all last. */
export function SplitTable({
  caption,
  nameHeader,
  rows,
  totals,
  totalName,
  parts,
  isStackedOnPhones = false,
}: {
  caption: string;
  nameHeader: string;
  rows: SplitRow[];
  totals: SpendSplit;
  /** The last row's name: what the totals are of ("All 24 months"). */
  totalName: string;
  parts: SplitPart[];
  isStackedOnPhones?: boolean;
}) {
  const { t } = useTranslation();
  const money = (key: string, header: string, pick: (split: SpendSplit) => number): Column<SplitRow> => ({
    key,
    header,
    isNumeric: true,
    cell: (row) => <Money cents={pick(row.split)} />,
  });
  const columns: Column<SplitRow>[] = [
    { key: 'name', header: nameHeader, isRowHeader: true, cell: (row) => row.name },
    ...parts.map((part) => money(part, t(`fleetInsights.parts.${part}`), (split) => centsOf(split, part))),
    money('total', t('fleetInsights.parts.total'), (split) => split.totalCents),
  ];
  const totalRow: SplitRow = { key: 'total', name: totalName, chartLabel: '', split: totals };
  return (
    <Table
      caption={caption}
      columns={columns}
      rows={[...rows, totalRow]}
      rowKey={(row) => row.key}
      isStackedOnPhones={isStackedOnPhones}
    />
  );
}
