import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { cents, formatUsd } from '../../../core/money.ts';
import type { StatementSnapshot } from '../../../documents/statements.schemas.ts';
import { fetchStatement, statementQueryKey } from '../../api/statements.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { DateDisplay, formatCalendarDate } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { ResultList } from '../../components/result-list.tsx';
import { useLocale } from '../../i18n/locale.ts';

/**
 * A statement on the page, from the data its PDF is made of: what is due and by when, the account
 * summary, the payments of the period and the messages. Readable on a phone and by a screen reader
 * without opening a PDF; the PDF stays the statement of record. Focus moves to its heading when a
 * reader asks for another month, so they land on what they chose.
 */
export function StatementPreview({
  contractNumber,
  id,
  title,
  moveFocus,
}: {
  contractNumber: string;
  id: string;
  title: string;
  moveFocus: boolean;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const detail = useQuery({
    queryKey: statementQueryKey(contractNumber, id),
    queryFn: () => fetchStatement(contractNumber, id),
  });
  useEffect(() => {
    if (moveFocus) heading.current?.focus();
  }, [moveFocus]);
  return (
    <section className="statement-preview" aria-labelledby="statement-preview-title">
      <h3 id="statement-preview-title" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {detail.isPending ? (
        <p role="status" className="status">
          {t('statements.preview.loading')}
        </p>
      ) : detail.isError ? (
        <ApiErrorAlert error={detail.error} />
      ) : (
        <StatementFigures statement={detail.data.statement} />
      )}
    </section>
  );
}

function StatementFigures({ statement: s }: { statement: StatementSnapshot }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isLoan = s.kind === 'retail_installment';
  const usd = (amount: number) => formatUsd(cents(amount), locale);
  const due = s.dueDate;
  const summary = s.summary;
  return (
    <>
      <ResultList
        items={[
          {
            label: t('statements.preview.period'),
            value: t('statements.preview.periodValue', {
              from: formatCalendarDate(s.periodStart, locale),
              to: formatCalendarDate(s.closingDate, locale),
            }),
          },
          due === null
            ? { label: t('statements.preview.amountDue'), value: t('statements.preview.paidInFull') }
            : { label: t('statements.preview.amountDue'), value: <Money cents={s.amountDue.totalCents} /> },
          ...(due === null
            ? []
            : [{ label: t('statements.preview.dueBy'), value: <DateDisplay date={due} /> }]),
          ...(s.amountDue.pastDueCents > 0
            ? [{ label: t('statements.preview.pastDue'), value: <Money cents={s.amountDue.pastDueCents} /> }]
            : []),
        ]}
      />
      <h4>{t('statements.preview.summaryTitle')}</h4>
      <ResultList
        items={[
          {
            label: t('statements.preview.beginning'),
            value: <Money cents={summary.beginningBalanceCents} />,
          },
          ...(summary.openedCents !== 0
            ? [{ label: t('statements.preview.opened'), value: <Money cents={summary.openedCents} /> }]
            : []),
          { label: t('statements.preview.payments'), value: usd(-summary.paymentsCents) },
          { label: t('statements.preview.returned'), value: <Money cents={summary.returnedPaymentsCents} /> },
          {
            label: isLoan ? t('statements.preview.interest') : t('statements.preview.financeCharges'),
            value: <Money cents={summary.interestChargedCents} />,
          },
          { label: t('statements.preview.fees'), value: <Money cents={summary.feesChargedCents} /> },
          ...(summary.creditsCents !== 0
            ? [{ label: t('statements.preview.credits'), value: usd(-summary.creditsCents) }]
            : []),
          { label: t('statements.preview.ending'), value: <Money cents={summary.endingBalanceCents} /> },
        ]}
      />
      <h4>{t('statements.preview.paymentsTitle')}</h4>
      {s.payments.length === 0 ? (
        <p>{t('statements.preview.noPayments')}</p>
      ) : (
        <ResultList
          items={s.payments.map((p, i) => ({
            key: String(i),
            label: formatCalendarDate(p.receivedOn, locale),
            value: <Money cents={p.amountCents} />,
          }))}
        />
      )}
      {s.reversals.length > 0 ? (
        <p>
          {t('statements.preview.reversals', {
            count: s.reversals.length,
            amount: usd(s.reversals.reduce((sum, r) => sum + r.amountCents, 0)),
          })}
        </p>
      ) : null}
      {s.loan && due !== null ? (
        <p>
          {t('statements.preview.payoff', {
            date: formatCalendarDate(s.closingDate, locale),
            amount: usd(s.loan.payoffCents),
          })}
        </p>
      ) : null}
      <h4>{t('statements.preview.messagesTitle')}</h4>
      <ul className="statement-preview__messages">
        {s.messages.map((m) => (
          <li key={m.code}>
            {t(`statements.preview.messages.${m.code}`, {
              amount: usd(s.amountDue.pastDueCents),
              days: s.amountDue.daysPastDue,
              date: formatCalendarDate(due ?? s.closingDate, locale),
            })}
          </li>
        ))}
      </ul>
      <p className="note">{t('statements.preview.ofRecord')}</p>
    </>
  );
}
