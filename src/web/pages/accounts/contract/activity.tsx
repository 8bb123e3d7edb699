import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router';
import {
  ACTIVITY_TYPES,
  type ActivityTransaction,
  type ActivityType,
} from '../../../../accounts/activity.schemas.ts';
import {
  ACTIVITY_FILTERS,
  type ActivityFilters,
  activityPath,
  activityQueryKey,
  fetchActivity,
} from '../../../api/activity.ts';
import { ApiError } from '../../../api/client.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { DateDisplay } from '../../../components/date-display.tsx';
import { Money } from '../../../components/money.tsx';
import { SelectField } from '../../../components/select-field.tsx';
import { type Column, Table } from '../../../components/table.tsx';
import { TextField } from '../../../components/text-field.tsx';

const ALL_TYPES = 'all';

const isActivityType = (value: string | null): value is ActivityType =>
  (ACTIVITY_TYPES as readonly (string | null)[]).includes(value);

/** The filters in the page's address (so Back, Forward and a shared link show the same history). */
function filtersOf(params: URLSearchParams): ActivityFilters {
  const type = params.get('type');
  return {
    ...Object.fromEntries(
      (['from', 'to', 'q'] as const).flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])),
    ),
    ...(isActivityType(type) ? { type } : {}),
  };
}

function FilterForm({ filters, fields }: { filters: ActivityFilters; fields: Record<string, string> }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const [values, setValues] = useState<Record<string, string>>({ ...filters });
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A new filter starts again from the newest transaction.
    setParams(
      Object.fromEntries(
        ACTIVITY_FILTERS.flatMap((name) => {
          const value = values[name]?.trim();
          return value && value !== ALL_TYPES ? [[name, value]] : [];
        }),
      ),
    );
  };
  return (
    <search className="card">
      <Form className="activity-filters" onSubmit={submit}>
        <TextField
          id="activity-from"
          type="date"
          label={t('activity.filters.from')}
          value={values.from ?? ''}
          onChange={set('from')}
          errorMessage={fields.from}
        />
        <TextField
          id="activity-to"
          type="date"
          label={t('activity.filters.to')}
          value={values.to ?? ''}
          onChange={set('to')}
          errorMessage={fields.to}
        />
        <SelectField
          id="activity-type"
          label={t('activity.filters.type')}
          options={[
            { id: ALL_TYPES, label: t('activity.allTypes') },
            ...ACTIVITY_TYPES.map((type) => ({ id: type, label: t(`activity.types.${type}`) })),
          ]}
          value={values.type ?? ALL_TYPES}
          onChange={set('type')}
          errorMessage={fields.type}
        />
        <TextField
          id="activity-q"
          type="search"
          label={t('activity.filters.q')}
          description={t('activity.filters.qHint')}
          value={values.q ?? ''}
          onChange={set('q')}
          errorMessage={fields.q}
          autoComplete="off"
        />
        <div className="activity-filters__actions">
          <Button type="submit">{t('activity.filter')}</Button>
          <Link href={pathname} className="text-button">
            {t('activity.clear')}
          </Link>
        </div>
      </Form>
    </search>
  );
}

/** A part of a transaction's split; none is a dash, read as "none". */
function Part({ cents }: { cents: number }) {
  const { t } = useTranslation();
  return cents === 0 ? (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('activity.none')}</span>
    </>
  ) : (
    <Money cents={cents} />
  );
}

/**
 * `/accounts/:contractNumber/activity`: the account's transactions from the ledger, newest first,
 * filtered through the address, a page at a time with "Show more", and the same set as a CSV file.
 */
export function ActivityPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const [params] = useSearchParams();
  const filters = filtersOf(params);
  const activity = useInfiniteQuery({
    queryKey: activityQueryKey(contractNumber, filters),
    queryFn: ({ pageParam }) => fetchActivity(contractNumber, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const fieldErrors = activity.error instanceof ApiError ? activity.error.fields : {};
  const transactions = activity.data?.pages.flatMap((page) => page.transactions) ?? [];
  const lease = activity.data?.pages[0]?.kind === 'lease';
  const filtered = Object.keys(filters).length > 0;

  const columns: Column<ActivityTransaction>[] = [
    {
      key: 'date',
      header: t('activity.columns.date'),
      isRowHeader: true,
      cell: (row) => <DateDisplay date={row.date} />,
    },
    {
      key: 'description',
      header: t('activity.columns.description'),
      cell: (row) => (
        <span className="activity-description">
          <strong>{t(`activity.types.${row.type}`)}</strong>
          {row.description ? <span>{row.description}</span> : null}
          {row.reference ? <span>{t('activity.reference', { reference: row.reference })}</span> : null}
          {row.paidBy ? <span>{t('activity.paidBy', { name: row.paidBy.name })}</span> : null}
        </span>
      ),
    },
    {
      key: 'amount',
      header: t('activity.columns.amount'),
      isNumeric: true,
      cell: (row) => <Money cents={row.amountCents} />,
    },
    ...(lease
      ? [
          {
            key: 'lease',
            header: t('activity.columns.leasePayments'),
            isNumeric: true,
            cell: (row: ActivityTransaction) => <Part cents={row.split.leaseReceivableCents} />,
          },
          {
            key: 'tax',
            header: t('activity.columns.salesTax'),
            isNumeric: true,
            cell: (row: ActivityTransaction) => <Part cents={row.split.salesTaxCents} />,
          },
        ]
      : [
          {
            key: 'interest',
            header: t('activity.columns.interest'),
            isNumeric: true,
            cell: (row: ActivityTransaction) => <Part cents={row.split.interestCents} />,
          },
          {
            key: 'principal',
            header: t('activity.columns.principal'),
            isNumeric: true,
            cell: (row: ActivityTransaction) => <Part cents={row.split.principalCents} />,
          },
        ]),
    {
      key: 'fees',
      header: t('activity.columns.fees'),
      isNumeric: true,
      cell: (row) => <Part cents={row.split.feesCents} />,
    },
  ];

  return (
    <div className="activity-page">
      <p className="lead">{t('activity.lead')}</p>
      {/* Back and Forward change the filters: the form starts again from them. */}
      <FilterForm key={JSON.stringify(filters)} filters={filters} fields={fieldErrors} />
      <section aria-labelledby="activity-results" className="activity-results">
        <div className="activity-results__head">
          <h2 id="activity-results">{t('activity.resultsTitle')}</h2>
          {activity.isSuccess && transactions.length > 0 ? (
            <Link href={activityPath(contractNumber, filters, { format: 'csv' })} download>
              {t('activity.download')}
            </Link>
          ) : null}
        </div>
        {activity.isPending ? (
          <div aria-busy="true">
            <p className="visually-hidden">{t('activity.loading')}</p>
            <div className="card activity-skeleton" aria-hidden="true" />
          </div>
        ) : !activity.data ? (
          // The first page failed: filters the API refused are shown beside their fields.
          Object.keys(fieldErrors).length > 0 ? (
            <p role="alert">{t('activity.fixFilters')}</p>
          ) : (
            <>
              <ApiErrorAlert error={activity.error} />
              <Button variant="secondary" onPress={() => void activity.refetch()}>
                {t('activity.retry')}
              </Button>
            </>
          )
        ) : (
          <>
            <div role="status">
              <p>
                {transactions.length === 0
                  ? t(filtered ? 'activity.empty' : 'activity.noneYet')
                  : t('activity.count', { count: transactions.length })}
              </p>
            </div>
            {transactions.length > 0 ? (
              <>
                <p className="note">{t('activity.signNote')}</p>
                <Table
                  caption={t('activity.caption', { contractNumber })}
                  columns={columns}
                  rows={transactions}
                  rowKey={(row) => row.id}
                />
              </>
            ) : null}
            {activity.hasNextPage ? (
              <Button
                variant="secondary"
                isPending={activity.isFetchingNextPage}
                onPress={() => void activity.fetchNextPage()}
              >
                {activity.isFetchingNextPage ? t('activity.loadingMore') : t('activity.showMore')}
              </Button>
            ) : null}
            {activity.isFetchNextPageError ? <ApiErrorAlert error={activity.error} /> : null}
          </>
        )}
      </section>
    </div>
  );
}
