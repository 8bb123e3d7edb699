import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { calendarDate, dateParts } from '../../../core/dates.ts';
import type { StatementsResponse, TaxStatementsResponse } from '../../../documents/statements.schemas.ts';
import {
  fetchStatements,
  fetchTaxStatements,
  statementPdfUrl,
  statementsQueryKey,
  taxStatementPdfUrl,
  taxStatementsQueryKey,
} from '../../api/statements.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { Table } from '../../components/table.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { StatementPreview } from './statement-preview.tsx';

type Statement = StatementsResponse['statements'][number];
type TaxStatement = TaxStatementsResponse['taxStatements'][number];

/** "March 2026": the month a statement closed in, in the reader's language. */
export function useMonthName() {
  const locale = useLocale();
  return (date: string) => {
    const { year, month } = dateParts(calendarDate(date));
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(year, month - 1, 1),
    );
  };
}

/**
 * One account's statements: every monthly statement since boarding, newest first, each previewed on
 * the page (the newest at first), opened in the browser's PDF viewer (a new tab) or saved; then the
 * year-end interest statements.
 */
export function StatementsPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  return (
    <div className="statements-page">
      <MonthlyStatements contractNumber={contractNumber} />
      <YearEndStatements contractNumber={contractNumber} />
      <p className="note">{t('statements.pdfNote')}</p>
    </div>
  );
}

function MonthlyStatements({ contractNumber }: { contractNumber: string }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const list = useQuery({
    queryKey: statementsQueryKey(contractNumber),
    queryFn: () => fetchStatements(contractNumber),
  });
  // The newest statement is previewed until the reader picks another month.
  const [chosen, setChosen] = useState<string>();
  const previewed = list.data?.statements.find((s) => s.id === chosen) ?? list.data?.statements[0];
  const locale = useLocale();
  const nameOf = (s: Statement) =>
    s.dueDate === null
      ? t('statements.finalName', { month: monthName(s.closingDate) })
      : t('statements.monthName', { month: monthName(s.closingDate) });
  return (
    <section aria-labelledby="statements-monthly-title">
      <h2 id="statements-monthly-title">{t('statements.monthlyTitle')}</h2>
      {list.isPending ? (
        <p role="status" className="status">
          {t('statements.loading')}
        </p>
      ) : list.isError ? (
        <ApiErrorAlert error={list.error} />
      ) : list.data.statements.length === 0 ? (
        <p>{t('statements.none')}</p>
      ) : (
        <Table<Statement>
          caption={t('statements.monthlyCaption')}
          // The links come right after the month, so a phone shows them without scrolling sideways.
          columns={[
            {
              key: 'month',
              header: t('statements.columns.month'),
              cell: (s) => monthName(s.closingDate),
              isRowHeader: true,
            },
            {
              key: 'pdf',
              header: t('statements.columns.pdf'),
              cell: (s) => (
                <span className="statement-actions">
                  <Button
                    variant="quiet"
                    aria-label={t('statements.preview.label', { name: nameOf(s) })}
                    aria-pressed={s.id === previewed?.id}
                    aria-controls="statement-preview-title"
                    onPress={() => setChosen(s.id)}
                  >
                    {t('statements.preview.button')}
                  </Button>{' '}
                  <PdfLinks
                    name={nameOf(s)}
                    open={statementPdfUrl(contractNumber, s.id)}
                    save={statementPdfUrl(contractNumber, s.id, true)}
                  />
                </span>
              ),
            },
            {
              key: 'closing',
              header: t('statements.columns.closingDate'),
              cell: (s) => <DateDisplay date={s.closingDate} />,
            },
            {
              key: 'due',
              header: t('statements.columns.dueDate'),
              cell: (s) =>
                s.dueDate === null ? t('statements.paidInFull') : <DateDisplay date={s.dueDate} />,
            },
            {
              key: 'amount',
              header: t('statements.columns.amountDue'),
              cell: (s) => <Money cents={s.amountDueCents} />,
              isNumeric: true,
            },
          ]}
          rows={list.data.statements}
          rowKey={(s) => s.id}
        />
      )}
      {previewed ? (
        <StatementPreview
          key={previewed.id}
          contractNumber={contractNumber}
          id={previewed.id}
          title={sentenceCase(nameOf(previewed), locale)}
          moveFocus={chosen === previewed.id}
        />
      ) : null}
    </section>
  );
}

function YearEndStatements({ contractNumber }: { contractNumber: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: taxStatementsQueryKey(contractNumber),
    queryFn: () => fetchTaxStatements(contractNumber),
  });
  return (
    <section aria-labelledby="statements-year-end-title">
      <h2 id="statements-year-end-title">{t('statements.yearEndTitle')}</h2>
      <p>{t('statements.yearEndLead')}</p>
      {list.isPending ? null : list.isError ? (
        <ApiErrorAlert error={list.error} />
      ) : list.data.taxStatements.length === 0 ? (
        <p>{t('statements.yearEndNone')}</p>
      ) : (
        <Table<TaxStatement>
          caption={t('statements.yearEndCaption')}
          columns={[
            {
              key: 'year',
              header: t('statements.columns.year'),
              cell: (s) => String(s.taxYear),
              isRowHeader: true,
            },
            {
              key: 'pdf',
              header: t('statements.columns.pdf'),
              cell: (s) => (
                <PdfLinks
                  name={t('statements.yearEndName', { year: s.taxYear })}
                  open={taxStatementPdfUrl(contractNumber, s.taxYear)}
                  save={taxStatementPdfUrl(contractNumber, s.taxYear, true)}
                />
              ),
            },
            {
              key: 'interest',
              header: t('statements.columns.interestPaid'),
              cell: (s) => <Money cents={s.interestPaidCents} />,
              isNumeric: true,
            },
          ]}
          rows={list.data.taxStatements}
          rowKey={(s) => s.taxYear}
        />
      )}
    </section>
  );
}

/** "statement for March 2026" as a heading: "Statement for March 2026". */
const sentenceCase = (text: string, locale: string) =>
  text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/** Open (the browser's viewer, in a new tab) and Save, each named with the statement it is for. */
export function PdfLinks({ name, open, save }: { name: string; open: string; save: string }) {
  const { t } = useTranslation();
  return (
    <span>
      <Link href={open} target="_blank" rel="noopener" aria-label={t('statements.openLabel', { name })}>
        {t('statements.open')}
      </Link>{' '}
      <Link href={save} download aria-label={t('statements.downloadLabel', { name })}>
        {t('statements.download')}
      </Link>
    </span>
  );
}
