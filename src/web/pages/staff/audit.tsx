import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AUDIT_FILTERS, type AuditEvent, type AuditFilters, fetchAuditLog } from '../../api/staff.ts';
import { Button } from '../../components/button.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { TextField } from '../../components/text-field.tsx';
import { Instant, StaffFrame, staffQueryOptions, useCan } from './staff-frame.tsx';

const PAGE_SIZE = 25;

type Filter = (typeof AUDIT_FILTERS)[number];

const filtersOf = (params: URLSearchParams): AuditFilters =>
  Object.fromEntries(AUDIT_FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])));

/** `key: value` pairs of an event's details, for a person to scan (the details never hold secrets). */
function detailText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function FilterForm({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [values, setValues] = useState(filters);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A new filter starts again from the newest events.
    setParams(
      Object.fromEntries(Object.entries(values).filter(([, value]) => value?.trim())) as Record<
        string,
        string
      >,
    );
  };
  return (
    <search className="card">
      <Form className="request-form audit-filters" onSubmit={submit}>
        {AUDIT_FILTERS.map((name: Filter) => (
          <TextField
            key={name}
            id={`audit-${name}`}
            name={name}
            label={t(`staff.audit.filters.${name}.label`)}
            description={t(`staff.audit.filters.${name}.description`)}
            value={values[name] ?? ''}
            onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
            autoComplete="off"
          />
        ))}
        <div className="request-form__actions account-actions">
          <Button type="submit">{t('staff.audit.filter')}</Button>
          <Link href="/staff/audit" className="text-button">
            {t('staff.audit.clear')}
          </Link>
        </div>
      </Form>
    </search>
  );
}

function who(event: AuditEvent, system: string): string {
  if (event.actorName) return `${event.actorName} (${event.actorLoginId})`;
  return event.actorType === 'system'
    ? `${system}: ${event.actorId}`
    : `${event.actorType}: ${event.actorId}`;
}

function about(event: AuditEvent): string {
  const name = event.resourceLoginId
    ? `${event.resourceName} (${event.resourceLoginId})`
    : (event.resourceName ?? event.resourceId);
  return `${event.resourceType}: ${name}`;
}

/**
 * `/staff/audit`: the audit log for supervisors and admins (an agent gets the not-found page, as the
 * API answers them), newest first, filtered and paged through the address so Back and links work.
 */
export function StaffAuditPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const before = params.get('before') ?? undefined;
  const filters = filtersOf(params);
  const log = useQuery({
    queryKey: ['staff', 'audit', filters, before],
    queryFn: () => fetchAuditLog(filters, { before, limit: PAGE_SIZE }),
    // An agent's page shows "not found" without asking (the API would answer 404 too).
    enabled: useCan('audit.read'),
    placeholderData: keepPreviousData,
    ...staffQueryOptions,
  });
  const columns: Column<AuditEvent>[] = [
    {
      key: 'when',
      header: t('staff.audit.columns.when'),
      isRowHeader: true,
      cell: (e) => <Instant iso={e.occurredAt} />,
    },
    { key: 'who', header: t('staff.audit.columns.who'), cell: (e) => who(e, t('staff.audit.system')) },
    {
      key: 'what',
      header: t('staff.audit.columns.what'),
      cell: (e) => (
        <>
          <code>{e.action}</code>
          {Object.keys(e.details).length ? (
            <span className="audit-details">{detailText(e.details)}</span>
          ) : null}
        </>
      ),
    },
    { key: 'about', header: t('staff.audit.columns.about'), cell: about },
    { key: 'ip', header: t('staff.audit.columns.ip'), cell: (e) => e.ip ?? t('staff.none') },
  ];
  const pageLink = (next: string | undefined) => {
    const query = new URLSearchParams(filters as Record<string, string>);
    if (next) query.set('before', next);
    return `/staff/audit${query.size ? `?${query}` : ''}`;
  };
  return (
    <StaffFrame
      title={t('staff.audit.title')}
      queries={[log]}
      capability="audit.read"
      loadingText={t('staff.audit.loading')}
    >
      {() =>
        log.data ? (
          <>
            <p className="lead">{t('staff.audit.lead')}</p>
            <p>
              <Link href="/staff">{t('staff.audit.consoleLink')}</Link>
            </p>
            {/* Back and Forward change the filters: the form starts again from them. */}
            <FilterForm key={JSON.stringify(filters)} filters={filters} />
            <section aria-labelledby="audit-events" className="staff-section">
              <h2 id="audit-events">{t('staff.audit.eventsTitle')}</h2>
              <div role="status">
                <p>
                  {log.data.events.length
                    ? t('staff.audit.count', { count: log.data.events.length })
                    : t('staff.audit.empty')}
                </p>
              </div>
              {log.data.events.length ? (
                <Table
                  caption={t(before ? 'staff.audit.captionOlder' : 'staff.audit.caption')}
                  columns={columns}
                  rows={log.data.events}
                  rowKey={(e) => e.id}
                />
              ) : null}
              <nav aria-label={t('staff.audit.pages')} className="audit-pages">
                {before ? <Link href={pageLink(undefined)}>{t('staff.audit.newest')}</Link> : null}
                {log.data.nextBefore !== null ? (
                  <Link href={pageLink(String(log.data.nextBefore))}>{t('staff.audit.older')}</Link>
                ) : null}
              </nav>
            </section>
          </>
        ) : null
      }
    </StaffFrame>
  );
}
