import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { customerSearchQuery } from '../../../staff/staff.schemas.ts';
import { type CustomerSummary, searchCustomers } from '../../api/staff.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { FormField, RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { StaffFrame, staffQueryOptions, useCan } from './staff-frame.tsx';

const searchForm: FormSpec<'q'> = { q: { kind: 'text', requestKey: 'q', i18nKey: 'staff.search.fields.q' } };

function Results({ q }: { q: string }) {
  const { t } = useTranslation();
  const results = useQuery({
    queryKey: ['staff', 'search', q],
    queryFn: () => searchCustomers(q),
    ...staffQueryOptions,
  });
  const columns: Column<CustomerSummary>[] = [
    {
      key: 'name',
      header: t('staff.search.columns.name'),
      isRowHeader: true,
      cell: (c) => (
        // The search rides along, so "Back to the search" returns to these results.
        <Link href={`/staff/customers/${c.id}?${new URLSearchParams({ q })}`}>{c.name}</Link>
      ),
    },
    {
      key: 'contracts',
      header: t('staff.search.columns.contracts'),
      cell: (c) => (c.contractNumbers.length ? c.contractNumbers.join(', ') : t('staff.none')),
    },
    { key: 'email', header: t('staff.search.columns.email'), cell: (c) => c.email ?? t('staff.none') },
    { key: 'phone', header: t('staff.search.columns.phone'), cell: (c) => c.phone ?? t('staff.none') },
    {
      key: 'place',
      header: t('staff.search.columns.place'),
      cell: (c) => t('staff.place', { city: c.city, state: c.state }),
    },
  ];
  return (
    <section aria-labelledby="search-results" className="staff-section">
      <h2 id="search-results">{t('staff.search.resultsTitle')}</h2>
      {/* The count is read out when the results arrive; focus stays in the search field. */}
      <div role="status">
        {results.isPending ? (
          <p className="status">{t('staff.search.searching')}</p>
        ) : results.isSuccess ? (
          <p>
            {results.data.length === 0
              ? t('staff.search.empty', { q })
              : t('staff.search.count', { count: results.data.length, q })}
          </p>
        ) : null}
      </div>
      {results.isError ? <ApiErrorAlert error={results.error} /> : null}
      {results.isSuccess && results.data.length > 0 ? (
        <Table
          caption={t('staff.search.caption', { q })}
          columns={columns}
          rows={results.data}
          rowKey={(c) => c.id}
        />
      ) : null}
      {results.isSuccess && results.data.length === 0 ? (
        <p className="note">{t('staff.search.emptyHint')}</p>
      ) : null}
    </section>
  );
}

/** `/staff`: find a customer by name, email, phone or contract number. The search is in the address. */
export function StaffConsolePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const form = useRequestForm(searchForm, customerSearchQuery);
  const canReadAudit = useCan('audit.read');
  const canReadOperations = useCan('operations.read');
  // Back and Forward change the search: the field follows.
  useEffect(() => form.setValue('q', q), [form, q]);

  return (
    <StaffFrame title={t('staff.console.title')} queries={[]} loadingText={t('staff.loading')}>
      {() => (
        <>
          <p className="lead">{t('staff.console.lead')}</p>
          {canReadAudit ? (
            <p>
              <Link href="/staff/audit">{t('staff.console.auditLink')}</Link>
            </p>
          ) : null}
          {canReadOperations ? (
            <p>
              <Link href="/staff/daily-cycle">{t('staff.console.cycleLink')}</Link>
            </p>
          ) : null}
          {canReadOperations ? (
            <p>
              <Link href="/staff/outbox">{t('staff.console.outboxLink')}</Link>
            </p>
          ) : null}
          <search className="card staff-search">
            <RequestForm
              form={form}
              spec={searchForm}
              onSubmit={async (request) => setParams({ q: request.q })}
              submitLabel={t('staff.search.submit')}
              pendingLabel={t('staff.search.searching')}
            >
              <FormField form={form} spec={searchForm} name="q" autoComplete="off" />
            </RequestForm>
          </search>
          {q ? <Results q={q} /> : null}
        </>
      )}
    </StaffFrame>
  );
}
