import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Checkbox, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FleetQuery, FleetResponse, FleetRow } from '../../../organizations/fleet.schemas.ts';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { retryHiccups } from '../../api/client.ts';
import { fetchFleet, fleetQueryKey } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay, formatCalendarDate } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { bulkPayHref } from './bulk-payment.tsx';
import { BulkEdit, type Selection } from './fleet-bulk-edit.tsx';
import { FleetFilters, FleetSearch, QuickFilters } from './fleet-controls.tsx';
import {
  changed,
  DEFAULT_VIEW,
  type FleetSort,
  orderOf,
  readView,
  sortedBy,
  viewSearch,
} from './fleet-query.ts';
import { Nothing, OrganizationFrame, vehicleHref } from './organization-frame.tsx';

const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The view in the address, the address of another view, and a way to go there. */
function useView() {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const view = readView(params);
  const hrefOf = (next: FleetQuery) => {
    const search = viewSearch(next);
    return search ? `${pathname}?${search}` : pathname;
  };
  // Each view is an entry of the history, so Back returns to the one before.
  const show = (next: FleetQuery) => void navigate(hrefOf(next));
  return { view, hrefOf, show };
}

/** A figure of the totals: what it counts and how many, or how much. */
function Figure({ label, children, note }: { label: string; children: ReactNode; note?: string }) {
  return (
    <div className="fleet-figure">
      <dt className="fleet-figure__label">{label}</dt>
      <dd className="fleet-figure__value">{children}</dd>
      {note ? <dd className="fleet-figure__note">{note}</dd> : null}
    </div>
  );
}

/** The whole fleet at a glance, whatever is filtered: counts for everyone, money for those who may see it. */
function FleetTotals({ totals }: { totals: FleetResponse['totals'] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  const statuses = Object.entries(totals.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) =>
      t('organizations.fleet.totals.status', { status: t(`organizations.statuses.${status}`), count: n }),
    );
  return (
    <section aria-labelledby="fleet-totals" className="fleet-section">
      <h2 id="fleet-totals">{t('organizations.fleet.totals.title')}</h2>
      <dl className="fleet-totals">
        <Figure
          label={t('organizations.fleet.totals.vehicles')}
          note={new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(statuses)}
        >
          {count(totals.vehicles)}
        </Figure>
        {totals.dueThisMonthCents === null ? null : (
          <Figure label={t('organizations.fleet.totals.dueThisMonth')}>
            <Money cents={totals.dueThisMonthCents} />
          </Figure>
        )}
        {totals.pastDueCents === null ? null : (
          <Figure
            label={t('organizations.fleet.totals.pastDue')}
            note={t('organizations.fleet.totals.pastDueVehicles', { count: totals.pastDueVehicles })}
          >
            <Money cents={totals.pastDueCents} />
          </Figure>
        )}
        {totals.payoffCents === null ? null : (
          <Figure label={t('organizations.fleet.totals.payoff')}>
            <Money cents={totals.payoffCents} />
          </Figure>
        )}
        <Figure label={t('organizations.fleet.totals.maturing')}>{count(totals.maturingIn90Days)}</Figure>
        <Figure
          label={t('organizations.fleet.totals.overMiles')}
          note={t('organizations.fleet.totals.overMilesNote')}
        >
          {count(totals.overMilesVehicles)}
        </Figure>
      </dl>
    </section>
  );
}

/**
 * The table's columns: money only for members who may see it, contracts linked for those who may
 * open them, each vehicle linked to its page, and a box to choose it by for those who may edit.
 */
function useColumns(
  view: FleetQuery,
  hrefOf: (view: FleetQuery) => string,
  seesFinances: boolean,
  organizationId: string,
  selection: Selection | null,
): Column<FleetRow>[] {
  const { t } = useTranslation();
  const locale = useLocale();
  const order = orderOf(view, seesFinances);
  const sortable = (sort: FleetSort) => ({
    href: hrefOf(sortedBy(view, sort, seesFinances)),
    direction: order.sort === sort ? order.direction : undefined,
  });
  const header = (key: string) => t(`organizations.fleet.columns.${key}`);
  const money: Column<FleetRow>[] = seesFinances
    ? [
        {
          key: 'nextDue',
          header: header('nextDue'),
          isNumeric: true,
          sort: sortable('nextDue'),
          cell: ({ finances }) =>
            finances?.nextDueDate ? (
              <>
                <Money cents={finances.nextDueAmountCents} />
                <span className="fleet-cell__note">
                  <DateDisplay date={finances.nextDueDate} />
                </span>
              </>
            ) : (
              <Nothing />
            ),
        },
        {
          key: 'pastDue',
          header: header('pastDue'),
          isNumeric: true,
          sort: sortable('pastDue'),
          cell: ({ finances }) =>
            finances && finances.pastDueCents > 0 ? (
              <strong className="fleet-cell--past-due">
                <Money cents={finances.pastDueCents} />
                <span className="fleet-cell__note">
                  {t('organizations.fleet.cells.daysLate', { count: finances.daysPastDue })}
                </span>
              </strong>
            ) : (
              <Nothing />
            ),
        },
        {
          key: 'payoff',
          header: header('payoff'),
          isNumeric: true,
          sort: sortable('payoff'),
          cell: ({ finances }) => (finances ? <Money cents={finances.payoffCents} /> : <Nothing />),
        },
      ]
    : [];
  return [
    {
      key: 'unit',
      header: header('unit'),
      isRowHeader: true,
      sort: sortable('unit'),
      cell: (row) => (
        <span className="fleet-unit">
          {selection ? (
            <Checkbox
              className="checkbox"
              aria-label={t('organizations.fleet.bulk.choose', {
                vehicle: row.unitNumber ?? row.contractNumber,
              })}
              isSelected={selection.chosen.has(row.contractNumber)}
              onChange={(isChosen) => selection.choose([row.contractNumber], isChosen)}
            >
              <span className="checkbox__box" aria-hidden="true" />
            </Checkbox>
          ) : null}
          <Link href={vehicleHref(organizationId, row.contractNumber)}>
            {row.unitNumber ?? t('organizations.fleet.cells.noUnit')}
          </Link>
        </span>
      ),
    },
    {
      key: 'vehicle',
      header: header('vehicle'),
      sort: sortable('vehicle'),
      cell: (row) => (
        <>
          {`${row.year} ${row.make} ${row.model}`}
          <span className="fleet-cell__note">{t('organizations.fleet.cells.vin', { vin: row.vin })}</span>
          {row.plate ? (
            <span className="fleet-cell__note">
              {t('organizations.fleet.cells.plate', {
                plate: [row.plateState, row.plate].filter(Boolean).join(' '),
              })}
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'contract',
      header: header('contract'),
      sort: sortable('contract'),
      cell: (row) => (
        <>
          {/* The contract's own pages: for members who may see its money (a driver may not). */}
          {seesFinances ? (
            <Link href={`/accounts/${encodeURIComponent(row.contractNumber)}`}>{row.contractNumber}</Link>
          ) : (
            row.contractNumber
          )}
          <span className="fleet-cell__note">{t(`organizations.kinds.${row.kind}`)}</span>
        </>
      ),
    },
    {
      key: 'status',
      header: header('status'),
      cell: (row) => (
        <>
          {t(`organizations.statuses.${row.status}`)}
          {row.costCenter ? <span className="fleet-cell__note">{row.costCenter}</span> : null}
        </>
      ),
    },
    {
      key: 'driver',
      header: header('driver'),
      sort: sortable('driver'),
      cell: (row) => row.driver?.name ?? t('organizations.fleet.cells.noDriver'),
    },
    ...money,
    {
      key: 'maturity',
      header: header('maturity'),
      sort: sortable('maturity'),
      cell: (row) => <DateDisplay date={row.maturityDate} />,
    },
    {
      key: 'miles',
      header: header('miles'),
      isNumeric: true,
      sort: sortable('excessMiles'),
      cell: (row) =>
        row.projectedExcessMiles !== null && row.projectedExcessMiles > 0 ? (
          <>
            {t('organizations.fleet.cells.overMiles', {
              miles: new Intl.NumberFormat(locale).format(row.projectedExcessMiles),
            })}
            {seesFinances && row.projectedExcessChargeCents !== null ? (
              <span className="fleet-cell__note">
                <Money cents={row.projectedExcessChargeCents} />
              </span>
            ) : null}
          </>
        ) : (
          <Nothing />
        ),
    },
  ];
}

/** Previous, "page X of Y", next, and how many rows a page. */
function Pager({
  view,
  matching,
  hrefOf,
  show,
  onTurn,
}: {
  view: FleetQuery;
  matching: number;
  hrefOf: (view: FleetQuery) => string;
  show: (view: FleetQuery) => void;
  onTurn: () => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(matching / view.pageSize));
  return (
    <div className="fleet-pager">
      <nav aria-label={t('organizations.fleet.pages.label')} className="fleet-pager__pages">
        {view.page > 1 ? (
          <Link href={hrefOf({ ...view, page: view.page - 1 })} onPress={onTurn}>
            {t('organizations.fleet.pages.previous')}
          </Link>
        ) : null}
        <span>{t('organizations.fleet.pages.current', { page: view.page, pages })}</span>
        {view.page < pages ? (
          <Link href={hrefOf({ ...view, page: view.page + 1 })} onPress={onTurn}>
            {t('organizations.fleet.pages.next')}
          </Link>
        ) : null}
      </nav>
      <SelectField
        id="fleet-page-size"
        label={t('organizations.fleet.pages.size')}
        options={PAGE_SIZES.map((size) => ({ id: String(size), label: String(size) }))}
        value={String(view.pageSize)}
        onChange={(size) => show(changed(view, { pageSize: Number(size) }))}
      />
    </div>
  );
}

/** The vehicles chosen for a change, by contract number; kept while the person pages through the fleet. */
function useSelection(): Selection {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  return {
    chosen,
    choose: (contractNumbers, isChosen) =>
      setChosen((before) => {
        const next = new Set(before);
        for (const n of contractNumbers) {
          if (isChosen) next.add(n);
          else next.delete(n);
        }
        return next;
      }),
    clear: () => setChosen(new Set()),
  };
}

/** The vehicles of the view: how many match (said politely as it changes), the table, the pages. */
function FleetResults({
  organizationId,
  seesFinances,
  managesFleet,
  pays,
}: {
  organizationId: string;
  seesFinances: boolean;
  managesFleet: boolean;
  pays: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { view, hrefOf, show } = useView();
  const selection = useSelection();
  const search = viewSearch(view);
  const fleet = useQuery({
    queryKey: fleetQueryKey(organizationId, search),
    queryFn: () => fetchFleet(organizationId, search),
    placeholderData: keepPreviousData,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const columns = useColumns(view, hrefOf, seesFinances, organizationId, managesFleet ? selection : null);
  // After turning a page, focus goes to the list's heading: the link pressed may be gone.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const turned = useRef(false);
  useEffect(() => {
    if (turned.current && fleet.data && !fleet.isPlaceholderData) {
      turned.current = false;
      headingRef.current?.focus();
    }
  }, [fleet.data, fleet.isPlaceholderData]);

  if (fleet.isPending) {
    return (
      <p role="status" className="status">
        {t('organizations.fleet.loading')}
      </p>
    );
  }
  if (fleet.isError) {
    return (
      <>
        <ApiErrorAlert error={fleet.error} />
        <Button isPending={fleet.isFetching} onPress={() => void fleet.refetch()}>
          {t('organizations.retry')}
        </Button>
      </>
    );
  }
  const { data } = fleet;
  const first = (data.page - 1) * data.pageSize + 1;
  const isDefaultOrder = view.sort === DEFAULT_VIEW.sort && view.order === undefined;
  return (
    <>
      <FleetTotals totals={data.totals} />
      <section aria-labelledby="fleet-vehicles" className="fleet-section">
        <h2 id="fleet-vehicles" ref={headingRef} tabIndex={-1}>
          {t('organizations.fleet.results.title')}
        </h2>
        <QuickFilters view={view} show={show} seesFinances={seesFinances} />
        <FleetSearch view={view} show={show} />
        <FleetFilters view={view} show={show} seesFinances={seesFinances} facets={data.facets} />
        {managesFleet ? (
          <BulkEdit organizationId={organizationId} rows={data.rows} selection={selection} />
        ) : null}
        {managesFleet && pays && selection.chosen.size > 0 ? (
          <p>
            <Link className="button" href={bulkPayHref(organizationId, [...selection.chosen])}>
              {t('organizations.fleet.paySelected', { count: selection.chosen.size })}
            </Link>
          </p>
        ) : null}
        <div role="status">
          <p className="fleet-count__text">
            {data.matching === 0
              ? t('organizations.fleet.results.empty')
              : data.rows.length === 0
                ? t('organizations.fleet.results.beyond', { count: data.matching })
                : t('organizations.fleet.results.count', {
                    from: first,
                    to: first + data.rows.length - 1,
                    count: data.matching,
                  })}
          </p>
        </div>
        {data.rows.length === 0 && data.matching > 0 ? (
          <p>
            <Link href={hrefOf({ ...view, page: 1 })}>{t('organizations.fleet.pages.first')}</Link>
          </p>
        ) : null}
        {data.rows.length > 0 ? (
          <>
            {seesFinances && !isDefaultOrder ? (
              <p>
                <Link href={hrefOf(changed(view, { sort: DEFAULT_VIEW.sort, order: undefined }))}>
                  {t('organizations.fleet.results.attentionFirst')}
                </Link>
              </p>
            ) : null}
            <div aria-busy={fleet.isPlaceholderData}>
              <Table
                caption={t('organizations.fleet.results.caption', {
                  asOf: formatCalendarDate(data.asOf, locale),
                })}
                columns={columns}
                rows={data.rows}
                rowKey={(row) => row.contractNumber}
                isStackedOnPhones
              />
            </div>
            <Pager
              view={view}
              matching={data.matching}
              hrefOf={hrefOf}
              show={show}
              onTurn={() => {
                turned.current = true;
              }}
            />
          </>
        ) : null}
      </section>
    </>
  );
}

/**
 * `/fleet/:organizationId`: a business's vehicles and contracts for its members. What needs
 * attention comes first (the most days past due, then the soonest due); quick filters answer the
 * daily questions in one press; search, filters, sort and page are in the address. A driver sees
 * their own vehicles and no money. Each vehicle opens its page; members who may see the money open
 * each contract's pages; those who manage the fleet choose vehicles to change together, and find
 * the drivers and the CSV upload from here.
 */
export function FleetPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view"
      title={(org) =>
        org ? t('organizations.fleet.title', { name: org.name }) : t('organizations.fleet.titleLoading')
      }
      loadingText={t('organizations.fleet.loading')}
    >
      {(org) => <FleetDashboard organization={org} />}
    </OrganizationFrame>
  );
}

function FleetDashboard({ organization }: { organization: OrganizationDetail }) {
  const { t } = useTranslation();
  const may = (action: OrganizationDetail['actions'][number]) => organization.actions.includes(action);
  const fleet = `/fleet/${organization.id}`;
  // The pages the member's role manages, beside the fleet.
  const links = [
    ...(may('organization.manage_fleet')
      ? [
          { href: `${fleet}/drivers`, label: t('organizations.fleet.driversLink') },
          { href: `${fleet}/import`, label: t('organizations.fleet.importLink') },
        ]
      : []),
    ...(may('organization.manage_members')
      ? [{ href: `${fleet}/members`, label: t('organizations.fleet.membersLink') }]
      : []),
    ...(may('organization.pay')
      ? [{ href: bulkPayHref(organization.id), label: t('organizations.fleet.payLink') }]
      : []),
    ...(may('organization.view_finances')
      ? [{ href: `${fleet}/payments`, label: t('organizations.fleet.paymentsLink') }]
      : []),
    ...(may('organization.view_finances')
      ? [{ href: `${fleet}/statements`, label: t('fleetDocuments.statementsLink') }]
      : []),
  ];
  return (
    <>
      <p className="lead">
        {t('organizations.fleet.lead', { role: t(`organizations.roles.${organization.role}`) })}
      </p>
      {links.length > 0 ? (
        <ul className="fleet-links">
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href}>{link.label}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <FleetResults
        organizationId={organization.id}
        seesFinances={may('organization.view_finances')}
        managesFleet={may('organization.manage_fleet')}
        pays={may('organization.pay')}
      />
    </>
  );
}
