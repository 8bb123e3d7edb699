import { keepPreviousData, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { z } from 'zod';
import { calendarDate, dateParts } from '../../../core/dates.ts';
import { cents, formatUsd } from '../../../core/money.ts';
import type {
  maturingLeasesResponse,
  mileageResponse,
  SpendSplit,
} from '../../../organizations/reports.schemas.ts';
import { retryHiccups } from '../../api/client.ts';
import {
  analyticsQueryKey,
  fetchCostOfOwnership,
  fetchMaturingLeases,
  fetchMileageOverages,
  fetchObligations,
  fetchSpendByCostCenter,
  fetchSpendByMonth,
  fetchSpendByVehicle,
} from '../../api/fleet-insights.ts';
import { Button } from '../../components/button.tsx';
import { moneyColumn } from '../../components/columns.tsx';
import { DateDisplay, formatCalendarDate } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { FinancesFrame } from './finances-frame.tsx';
import {
  BarsChart,
  dayName,
  InsightSection,
  monthName,
  partsIn,
  SplitChart,
  type SplitRow,
  SplitTable,
  vehicleName,
} from './fleet-insights-parts.tsx';
import { Facts, Nothing, vehicleHref } from './organization-frame.tsx';

type Vehicle = {
  unitNumber: string | null;
  contractNumber: string;
  year: number;
  make: string;
  model: string;
};
type MaturingLease = z.infer<typeof maturingLeasesResponse>['rows'][number];
type MileageRow = z.infer<typeof mileageResponse>['rows'][number];

/** The analytics change with the daily cycle, not while someone reads them: asked once a visit. */
const analyticsOptions = { retry: retryHiccups, refetchOnWindowFocus: false } as const;

/** One of the analytics' answers, by what it is and the call that fetches it. */
function useAnalytics<Data>(
  organizationId: string,
  what: string,
  fetch: (organizationId: string) => Promise<Data>,
) {
  return useQuery({
    queryKey: analyticsQueryKey(organizationId, what),
    queryFn: () => fetch(organizationId),
    ...analyticsOptions,
  });
}

type SectionTexts =
  | 'fleetInsights.spend'
  | 'fleetInsights.costCenters'
  | 'fleetInsights.vehicles'
  | 'fleetInsights.obligations'
  | 'fleetInsights.maturing'
  | 'fleetInsights.mileage'
  | 'fleetInsights.ownership';

/** One of the analytics' sections; `texts` is where its `title`, `loading` and `empty` words are. */
function AnalyticsSection<Data>({
  id,
  texts,
  query,
  isEmpty,
  children,
}: {
  id: string;
  texts: SectionTexts;
  query: UseQueryResult<Data, unknown>;
  isEmpty: (data: Data) => boolean;
  children: (data: Data) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <InsightSection
      id={id}
      title={t(`${texts}.title`)}
      query={query}
      loadingText={t(`${texts}.loading`)}
      isEmpty={isEmpty}
      emptyText={t(`${texts}.empty`)}
    >
      {children}
    </InsightSection>
  );
}

const utcDay = (date: string) => {
  const { year, month, day } = dateParts(calendarDate(date));
  return Date.UTC(year, month - 1, day);
};

function useFormats() {
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale);
  return {
    locale,
    count: (n: number) => number.format(n),
    usd: (amount: number) => formatUsd(cents(amount), locale),
    date: (date: string) => formatCalendarDate(date, locale),
    /** "Dec 7 – 13, 2026": the words `DateDisplay` uses, the parts both dates share said once. */
    dateRange: (from: string, to: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(
        utcDay(from),
        utcDay(to),
      ),
  };
}

/**
 * A vehicle as a row's name: its unit, linked to its page, with its year, make and model under it,
 * and its contract's number when the unit number is what names it.
 */
function VehicleName({ organizationId, vehicle }: { organizationId: string; vehicle: Vehicle }) {
  return (
    <>
      <Link href={vehicleHref(organizationId, vehicle.contractNumber)}>{vehicleName(vehicle)}</Link>
      <span className="fleet-cell__note">{`${vehicle.year} ${vehicle.make} ${vehicle.model}`}</span>
      {vehicle.unitNumber === null ? null : (
        <span className="fleet-cell__note">{vehicle.contractNumber}</span>
      )}
    </>
  );
}

function SpendByMonth({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { locale, usd } = useFormats();
  const query = useAnalytics(organizationId, 'spend', fetchSpendByMonth);
  return (
    <AnalyticsSection
      id="insight-spend"
      texts="fleetInsights.spend"
      query={query}
      isEmpty={(data) => partsIn(data.months).length === 0}
    >
      {(data) => {
        const parts = partsIn(data.months);
        const rows: SplitRow[] = data.months.map((m) => ({
          key: m.month,
          name: monthName(m.month, locale, 'long'),
          chartLabel: monthName(m.month, locale),
          split: m,
        }));
        const range = {
          from: monthName(data.from.slice(0, 7), locale, 'long'),
          to: monthName(data.to.slice(0, 7), locale, 'long'),
        };
        return (
          <>
            <p>{t('fleetInsights.spend.lead')}</p>
            <SplitChart
              rows={rows}
              parts={parts}
              summary={t('fleetInsights.spend.chart', { ...range, total: usd(data.totals.totalCents) })}
            />
            <SplitTable
              caption={t('fleetInsights.spend.caption', range)}
              nameHeader={t('fleetInsights.spend.month')}
              rows={rows}
              totals={data.totals}
              totalName={t('fleetInsights.spend.all', { count: data.months.length })}
              parts={parts}
            />
          </>
        );
      }}
    </AnalyticsSection>
  );
}

type Breakdown<Row> = {
  from: string;
  to: string;
  rows: Row[];
  others: SpendSplit & { groups: number };
  totals: SpendSplit;
};

/**
 * The same spend by a kind of group (cost centers, vehicles), the largest first and the rest as
 * one row. `texts` is where its words are: `title`, `loading`, `empty`, `chart`, `caption`,
 * `name`, `others` and `all`.
 */
function SpendBreakdown<Row extends SpendSplit>({
  id,
  texts,
  query,
  rowOf,
  isStackedOnPhones = false,
}: {
  id: string;
  texts: 'fleetInsights.costCenters' | 'fleetInsights.vehicles';
  query: UseQueryResult<Breakdown<Row>, unknown>;
  rowOf: (row: Row) => SplitRow;
  isStackedOnPhones?: boolean;
}) {
  const { t } = useTranslation();
  const { usd, date } = useFormats();
  return (
    <AnalyticsSection id={id} texts={texts} query={query} isEmpty={(data) => data.rows.length === 0}>
      {(data) => {
        const named = data.rows.map(rowOf);
        // The rest summed would dwarf the largest groups' bars: it is the table's alone.
        const rows: SplitRow[] =
          data.others.groups > 0
            ? [
                ...named,
                {
                  key: 'others',
                  name: t(`${texts}.others`, { count: data.others.groups }),
                  chartLabel: t(`${texts}.others`, { count: data.others.groups }),
                  split: data.others,
                },
              ]
            : named;
        const parts = partsIn(rows.map((row) => row.split));
        const range = { from: date(data.from), to: date(data.to) };
        const largest = named[0];
        return (
          <>
            <SplitChart
              rows={named}
              parts={parts}
              isHorizontal
              summary={t(`${texts}.chart`, {
                ...range,
                largest: largest?.chartLabel,
                amount: usd(largest?.split.totalCents ?? 0),
              })}
            />
            <SplitTable
              caption={t(`${texts}.caption`, range)}
              nameHeader={t(`${texts}.name`)}
              rows={rows}
              totals={data.totals}
              totalName={t(`${texts}.all`)}
              parts={parts}
              isStackedOnPhones={isStackedOnPhones}
            />
          </>
        );
      }}
    </AnalyticsSection>
  );
}

function SpendByCostCenter({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  return (
    <SpendBreakdown
      id="insight-cost-centers"
      texts="fleetInsights.costCenters"
      query={useAnalytics(organizationId, 'spend-by-cost-center', fetchSpendByCostCenter)}
      rowOf={(row) => {
        const name = row.costCenter ?? t('fleetInsights.costCenters.none');
        return { key: row.costCenter ?? '', name, chartLabel: name, split: row };
      }}
    />
  );
}

function SpendByVehicle({ organizationId }: { organizationId: string }) {
  return (
    <SpendBreakdown
      id="insight-vehicles"
      texts="fleetInsights.vehicles"
      isStackedOnPhones
      query={useAnalytics(organizationId, 'spend-by-vehicle', fetchSpendByVehicle)}
      rowOf={(row) => ({
        key: row.contractNumber,
        name: <VehicleName organizationId={organizationId} vehicle={row} />,
        chartLabel: vehicleName(row),
        split: row,
      })}
    />
  );
}

type DueRow = {
  key: string;
  name: ReactNode;
  installments: number;
  loanCents: number;
  leaseCents: number;
  amountCents: number;
};

function Obligations({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { locale, count, usd, date, dateRange } = useFormats();
  const query = useAnalytics(organizationId, 'obligations', fetchObligations);
  const columns: Column<DueRow>[] = [
    { key: 'week', header: t('fleetInsights.obligations.week'), isRowHeader: true, cell: (row) => row.name },
    {
      key: 'installments',
      header: t('fleetInsights.obligations.installments'),
      isNumeric: true,
      cell: (row) => count(row.installments),
    },
    ...(['loanCents', 'leaseCents', 'amountCents'] as const).map((key) =>
      moneyColumn<DueRow>(key, t(`fleetInsights.obligations.${key}`), (row) => row[key]),
    ),
  ];
  return (
    <AnalyticsSection
      id="insight-obligations"
      texts="fleetInsights.obligations"
      query={query}
      isEmpty={(data) => data.totals.installments === 0 && data.pastDue.installments === 0}
    >
      {(data) => {
        const range = { from: date(data.from), through: date(data.through) };
        const sum = (pick: (bucket: (typeof data.buckets)[number]) => number) =>
          data.buckets.reduce((total, b) => total + pick(b), 0);
        const rows: DueRow[] = [
          ...data.buckets.map((b) => ({
            ...b,
            key: b.start,
            name: dateRange(b.start, b.end),
          })),
          {
            key: 'total',
            name: t('fleetInsights.obligations.all'),
            installments: data.totals.installments,
            loanCents: sum((b) => b.loanCents),
            leaseCents: sum((b) => b.leaseCents),
            amountCents: data.totals.amountCents,
          },
        ];
        return (
          <>
            <Facts
              facts={[
                [
                  t('fleetInsights.obligations.due', range),
                  <>
                    <Money cents={data.totals.amountCents} />
                    <span className="fleet-cell__note">
                      {t('fleetInsights.obligations.count', { count: data.totals.installments })}
                    </span>
                  </>,
                ],
                [
                  t('fleetInsights.obligations.pastDue', { date: date(data.from) }),
                  <>
                    <Money cents={data.pastDue.amountCents} />
                    <span className="fleet-cell__note">
                      {t('fleetInsights.obligations.count', { count: data.pastDue.installments })}
                    </span>
                  </>,
                ],
              ]}
            />
            <BarsChart
              data={data.buckets.map((b) => ({
                label: dayName(b.start, locale),
                loanCents: b.loanCents,
                leaseCents: b.leaseCents,
              }))}
              series={(['loanCents', 'leaseCents'] as const).map((key) => ({
                key,
                name: t(`fleetInsights.obligations.${key}`),
              }))}
              isStacked
              isMoney
              summary={t('fleetInsights.obligations.chart', {
                ...range,
                total: usd(data.totals.amountCents),
              })}
            />
            <Table
              caption={t('fleetInsights.obligations.caption', range)}
              columns={columns}
              rows={rows}
              rowKey={(row) => row.key}
            />
          </>
        );
      }}
    </AnalyticsSection>
  );
}

/** How many leases mature each month, as a chart and its table. */
function MaturingByMonth({ data }: { data: z.infer<typeof maturingLeasesResponse> }) {
  const { t } = useTranslation();
  const { locale, count, date } = useFormats();
  const through = date(data.through);
  type Month = (typeof data.byMonth)[number];
  return (
    <>
      <BarsChart
        data={data.byMonth.map((m) => ({ label: monthName(m.month, locale), leases: m.leases }))}
        series={[{ key: 'leases', name: t('fleetInsights.maturing.leases') }]}
        summary={t('fleetInsights.maturing.chart', { count: data.rows.length, through })}
      />
      <Table
        caption={t('fleetInsights.maturing.byMonthCaption', { through })}
        columns={
          [
            {
              key: 'month',
              header: t('fleetInsights.maturing.month'),
              isRowHeader: true,
              cell: (m) => monthName(m.month, locale, 'long'),
            },
            {
              key: 'leases',
              header: t('fleetInsights.maturing.leases'),
              isNumeric: true,
              cell: (m) => count(m.leases),
            },
          ] satisfies Column<Month>[]
        }
        rows={data.byMonth}
        rowKey={(m) => m.month}
      />
    </>
  );
}

/** The columns a lease's vehicle starts with: the vehicle, its contract, its driver, its maturity. */
function useLeaseColumns<Row extends Vehicle & { driver: string | null; maturityDate: string }>(
  organizationId: string,
): Column<Row>[] {
  const { t } = useTranslation();
  return [
    {
      key: 'vehicle',
      header: t('fleetInsights.lease.vehicle'),
      isRowHeader: true,
      cell: (row) => <VehicleName organizationId={organizationId} vehicle={row} />,
    },
    {
      key: 'driver',
      header: t('fleetInsights.lease.driver'),
      cell: (row) => row.driver ?? t('organizations.fleet.cells.noDriver'),
    },
    {
      key: 'maturity',
      header: t('fleetInsights.lease.maturity'),
      cell: (row) => <DateDisplay date={row.maturityDate} />,
    },
  ];
}

/**
 * A section of leases (`fleetInsights.<name>`), one row each (stacked on phones), below what
 * `children` shows of them first.
 */
function LeaseSection<Row extends Vehicle, Data extends { rows: Row[] }>({
  name,
  query,
  columns,
  caption,
  children,
}: {
  name: 'maturing' | 'mileage';
  query: UseQueryResult<Data, unknown>;
  columns: Column<Row>[];
  caption: (data: Data) => string;
  children: (data: Data) => ReactNode;
}) {
  return (
    <AnalyticsSection
      id={`insight-${name}`}
      texts={`fleetInsights.${name}`}
      query={query}
      isEmpty={(data) => data.rows.length === 0}
    >
      {(data) => (
        <>
          {children(data)}
          <Table
            caption={caption(data)}
            columns={columns}
            rows={data.rows}
            rowKey={(row) => row.contractNumber}
            isStackedOnPhones
          />
        </>
      )}
    </AnalyticsSection>
  );
}

function MaturingLeases({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { count, date } = useFormats();
  const query = useAnalytics(organizationId, 'maturing-leases', fetchMaturingLeases);
  const money = (key: string, pick: (row: MaturingLease) => number | null): Column<MaturingLease> => ({
    key,
    header: t(`fleetInsights.maturing.${key}`),
    isNumeric: true,
    cell: (row) => {
      const amount = pick(row);
      return amount === null ? <Nothing /> : <Money cents={amount} />;
    },
  });
  const columns: Column<MaturingLease>[] = [
    ...useLeaseColumns<MaturingLease>(organizationId),
    {
      key: 'daysToMaturity',
      header: t('fleetInsights.maturing.daysToMaturity'),
      isNumeric: true,
      cell: (row) => count(row.daysToMaturity),
    },
    money('residualValue', (row) => row.residualValueCents),
    money('purchaseOptionPrice', (row) => row.purchaseOptionPriceCents),
    money('payoff', (row) => row.payoffCents),
    {
      key: 'excessMiles',
      header: t('fleetInsights.maturing.excessMiles'),
      isNumeric: true,
      cell: (row) =>
        row.projectedExcessMiles !== null && row.projectedExcessMiles > 0 ? (
          <>
            {count(row.projectedExcessMiles)}
            {row.projectedExcessChargeCents === null ? null : (
              <span className="fleet-cell__note">
                <Money cents={row.projectedExcessChargeCents} />
              </span>
            )}
          </>
        ) : (
          <Nothing />
        ),
    },
  ];
  const caption = (data: z.infer<typeof maturingLeasesResponse>) =>
    t('fleetInsights.maturing.caption', { through: date(data.through) });
  return (
    <LeaseSection name="maturing" query={query} columns={columns} caption={caption}>
      {(data) => (
        <>
          <p data-testid="maturing-count">
            {t('fleetInsights.maturing.count', { count: data.rows.length, through: date(data.through) })}
          </p>
          <MaturingByMonth data={data} />
        </>
      )}
    </LeaseSection>
  );
}

function MileageOverages({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { count, usd, date } = useFormats();
  const query = useAnalytics(organizationId, 'mileage', fetchMileageOverages);
  const columns: Column<MileageRow>[] = [
    ...useLeaseColumns<MileageRow>(organizationId),
    {
      key: 'allowance',
      header: t('fleetInsights.mileage.allowance'),
      isNumeric: true,
      cell: (row) => count(row.mileageAllowancePerYear),
    },
    {
      key: 'odometer',
      header: t('fleetInsights.mileage.odometer'),
      isNumeric: true,
      cell: (row) =>
        row.latestOdometer === null || row.latestOdometerOn === null ? (
          <Nothing />
        ) : (
          <>
            {count(row.latestOdometer)}
            <span className="fleet-cell__note">
              <DateDisplay date={row.latestOdometerOn} />
            </span>
          </>
        ),
    },
    {
      key: 'excessMiles',
      header: t('fleetInsights.mileage.excessMiles'),
      isNumeric: true,
      cell: (row) => count(row.projectedExcessMiles),
    },
    moneyColumn('charge', t('fleetInsights.mileage.charge'), (row) => row.projectedExcessChargeCents),
  ];
  const caption = (data: z.infer<typeof mileageResponse>) =>
    t('fleetInsights.mileage.caption', { asOf: date(data.asOf) });
  return (
    <LeaseSection name="mileage" query={query} columns={columns} caption={caption}>
      {(data) => (
        <>
          <Facts
            facts={[
              [t('fleetInsights.mileage.vehicles'), count(data.totals.vehicles)],
              [t('fleetInsights.mileage.excessMiles'), count(data.totals.excessMiles)],
              [t('fleetInsights.mileage.charge'), <Money key="charge" cents={data.totals.chargeCents} />],
            ]}
          />
          <BarsChart
            data={data.rows.map((row) => ({
              label: vehicleName(row),
              charge: row.projectedExcessChargeCents,
            }))}
            series={[{ key: 'charge', name: t('fleetInsights.mileage.charge') }]}
            isHorizontal
            isMoney
            summary={t('fleetInsights.mileage.chart', {
              count: data.totals.vehicles,
              total: usd(data.totals.chargeCents),
            })}
          />
        </>
      )}
    </LeaseSection>
  );
}

function CostOfOwnership({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { count, usd, date } = useFormats();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: analyticsQueryKey(organizationId, 'cost-of-ownership', String(page)),
    queryFn: () => fetchCostOfOwnership(organizationId, page),
    placeholderData: keepPreviousData,
    ...analyticsOptions,
  });
  return (
    <AnalyticsSection
      id="insight-ownership"
      texts="fleetInsights.ownership"
      query={query}
      isEmpty={(data) => data.vehicles === 0}
    >
      {(data) => {
        const pages = Math.max(1, Math.ceil(data.vehicles / data.pageSize));
        const rows: SplitRow[] = data.rows.map((row) => ({
          key: row.contractNumber,
          name: (
            <>
              <VehicleName organizationId={organizationId} vehicle={row} />
              <span className="fleet-cell__note">
                {t('fleetInsights.ownership.since', {
                  kind: t(`organizations.kinds.${row.kind}`),
                  date: date(row.contractDate),
                })}
              </span>
            </>
          ),
          chartLabel: vehicleName(row),
          split: row,
        }));
        const parts = partsIn([data.totals]);
        return (
          <>
            <Facts
              facts={[
                [
                  t('fleetInsights.ownership.paid', { count: data.vehicles }),
                  <Money key="paid" cents={data.totals.totalCents} />,
                ],
              ]}
            />
            <SplitChart
              rows={rows}
              parts={parts}
              isHorizontal
              summary={t('fleetInsights.ownership.chart', {
                largest: rows[0]?.chartLabel,
                amount: usd(rows[0]?.split.totalCents ?? 0),
              })}
            />
            <div aria-busy={query.isPlaceholderData}>
              <SplitTable
                caption={t('fleetInsights.ownership.caption', { page: data.page, pages })}
                nameHeader={t('fleetInsights.ownership.vehicle')}
                rows={rows}
                totals={data.totals}
                totalName={t('fleetInsights.ownership.all', { count: data.vehicles })}
                parts={parts}
                isStackedOnPhones
              />
            </div>
            {pages > 1 ? (
              <nav aria-label={t('fleetInsights.ownership.pages')} className="fleet-pager__pages">
                {data.page > 1 ? (
                  <Button variant="secondary" onPress={() => setPage(data.page - 1)}>
                    {t('organizations.fleet.pages.previous')}
                  </Button>
                ) : null}
                <span>
                  {t('organizations.fleet.pages.current', { page: data.page, pages: count(pages) })}
                </span>
                {data.page < pages ? (
                  <Button variant="secondary" onPress={() => setPage(data.page + 1)}>
                    {t('organizations.fleet.pages.next')}
                  </Button>
                ) : null}
              </nav>
            ) : null}
          </>
        );
      }}
    </AnalyticsSection>
  );
}

/**
 * `/fleet/:organizationId/analytics`: where the fleet's money went and what comes next, from the
 * ledger and the schedules: spend by month, cost center and vehicle, the next 90 days' installments,
 * the leases ending soon and those over their miles, and each vehicle's cost so far. Each chart has
 * its figures in a table below it. For members who may see the business's finances; anyone else
 * gets the not-found page, as the API answers them, and the sections ask nothing until then.
 */
export function FleetAnalyticsPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  return (
    <FinancesFrame organizationId={organizationId} texts="fleetInsights.analytics">
      {(org) => (
        <>
          <p className="lead">{t('fleetInsights.analytics.lead')}</p>
          <SpendByMonth organizationId={org.id} />
          <SpendByCostCenter organizationId={org.id} />
          <SpendByVehicle organizationId={org.id} />
          <Obligations organizationId={org.id} />
          <MaturingLeases organizationId={org.id} />
          <MileageOverages organizationId={org.id} />
          <CostOfOwnership organizationId={org.id} />
        </>
      )}
    </FinancesFrame>
  );
}
