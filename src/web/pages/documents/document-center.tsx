import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import {
  DOCUMENT_KINDS,
  type DocumentItem,
  type DocumentsQuery,
  type DocumentsResponse,
  documentsQuery,
} from '../../../documents/document-center.schemas.ts';
import { documentsQueryKey, fetchDocuments } from '../../api/documents.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay, formatCalendarDate } from '../../components/date-display.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Table } from '../../components/table.tsx';
import { useLocale } from '../../i18n/locale.ts';

const ALL = 'all';
const FILTERS = ['kind', 'year', 'contractNumber'] as const;

/** The filters in the page's address (so Back and a shared link show the same list); a bad one is ignored. */
function filterOf(params: URLSearchParams): DocumentsQuery {
  const values = Object.fromEntries(
    FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])),
  );
  const parsed = documentsQuery.safeParse(values);
  return parsed.success ? parsed.data : {};
}

function FilterForm({ filter, answer }: { filter: DocumentsQuery; answer: DocumentsResponse }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const { pathname } = useLocation();
  const [values, setValues] = useState<Record<string, string>>({
    kind: filter.kind ?? ALL,
    year: filter.year ? String(filter.year) : ALL,
    contractNumber: filter.contractNumber ?? ALL,
  });
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setParams(
      Object.fromEntries(FILTERS.flatMap((name) => (values[name] !== ALL ? [[name, values[name]!]] : []))),
    );
  };
  return (
    <search className="card">
      <Form className="activity-filters" onSubmit={submit}>
        <SelectField
          id="documents-kind"
          label={t('documents.filters.kind')}
          options={[
            { id: ALL, label: t('documents.filters.allKinds') },
            ...DOCUMENT_KINDS.map((kind) => ({ id: kind, label: t(`documents.kinds.${kind}`) })),
          ]}
          value={values.kind!}
          onChange={set('kind')}
        />
        <SelectField
          id="documents-year"
          label={t('documents.filters.year')}
          options={[
            { id: ALL, label: t('documents.filters.allYears') },
            ...answer.years.map((year) => ({ id: String(year), label: String(year) })),
          ]}
          value={values.year!}
          onChange={set('year')}
        />
        <SelectField
          id="documents-account"
          label={t('documents.filters.account')}
          options={[
            { id: ALL, label: t('documents.filters.allAccounts') },
            ...answer.contractNumbers.map((n) => ({ id: n, label: n })),
          ]}
          value={values.contractNumber!}
          onChange={set('contractNumber')}
        />
        <div className="activity-filters__actions">
          <Button type="submit">{t('documents.filters.apply')}</Button>
          <Link href={pathname} className="text-button">
            {t('documents.filters.clear')}
          </Link>
        </div>
      </Form>
    </search>
  );
}

/** A document's name in the reader's language ("Year-end interest statement for 2025"). */
function useDocumentName() {
  const { t } = useTranslation();
  return (d: DocumentItem) =>
    d.kind === 'tax_statement'
      ? t('documents.taxStatementName', { year: d.year })
      : t(`documents.kinds.${d.kind}`);
}

function DocumentList({ answer, isFiltered }: { answer: DocumentsResponse; isFiltered: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const nameOf = useDocumentName();
  if (answer.documents.length === 0) {
    return <p className="empty-state">{isFiltered ? t('documents.noneFiltered') : t('documents.none')}</p>;
  }
  return (
    <>
      <p role="status" className="status">
        {t('documents.count', { count: answer.documents.length })}
      </p>
      <Table<DocumentItem>
        caption={t('documents.caption')}
        // The link comes right after the name, so a phone shows it without scrolling sideways.
        columns={[
          { key: 'name', header: t('documents.columns.document'), cell: nameOf, isRowHeader: true },
          {
            key: 'pdf',
            header: t('documents.columns.pdf'),
            cell: (d) => (
              <Link
                href={d.href}
                download
                aria-label={t('documents.downloadLabel', {
                  name: nameOf(d),
                  contractNumber: d.contractNumber,
                  date: formatCalendarDate(d.date, locale),
                })}
              >
                {t('documents.download')}
              </Link>
            ),
          },
          { key: 'account', header: t('documents.columns.account'), cell: (d) => d.contractNumber },
          { key: 'date', header: t('documents.columns.date'), cell: (d) => <DateDisplay date={d.date} /> },
        ]}
        rows={answer.documents}
        rowKey={(d) => `${d.kind}-${d.id}`}
      />
    </>
  );
}

/**
 * The document center: every document of the person's accounts, newest first, filtered by type,
 * year and account, each a PDF download. Payoff letters are made for a chosen date, on each
 * account's payoff page, so this page links there instead of listing old ones.
 */
export function DocumentsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const filter = filterOf(params);
  const documents = useQuery({
    queryKey: documentsQueryKey(filter),
    queryFn: () => fetchDocuments(filter),
    // The filters keep their choices while a new filter loads.
    placeholderData: keepPreviousData,
  });
  return (
    <div className="documents-page">
      <PageTitle>{t('documents.title')}</PageTitle>
      <p className="lead">{t('documents.lead')}</p>
      {documents.isPending ? (
        <p role="status" className="status">
          {t('documents.loading')}
        </p>
      ) : documents.isError ? (
        <>
          <ApiErrorAlert error={documents.error} />
          <Button isPending={documents.isFetching} onPress={() => void documents.refetch()}>
            {t('documents.retry')}
          </Button>
        </>
      ) : (
        <>
          <FilterForm key={JSON.stringify(filter)} filter={filter} answer={documents.data} />
          <section aria-labelledby="documents-list" className="payments-section">
            <h2 id="documents-list">{t('documents.listHeading')}</h2>
            <DocumentList answer={documents.data} isFiltered={Object.keys(filter).length > 0} />
          </section>
          {documents.data.contractNumbers.length > 0 ? (
            <section aria-labelledby="documents-payoff" className="payments-section">
              <h2 id="documents-payoff">{t('documents.payoff.heading')}</h2>
              <p>{t('documents.payoff.lead')}</p>
              <ul>
                {documents.data.contractNumbers.map((n) => (
                  <li key={n}>
                    <Link href={`/accounts/${encodeURIComponent(n)}/payoff`}>
                      {t('documents.payoff.link', { contractNumber: n })}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
