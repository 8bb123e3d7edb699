import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-aria-components';
import { Trans, useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { addDays, calendarDate } from '../../../../core/dates.ts';
import { cents, formatUsd } from '../../../../core/money.ts';
import { type CustomerPayoffResponse, PAYOFF_WINDOW_DAYS } from '../../../../servicing/payoff.schemas.ts';
import { fetchPayoff, payoffLetterUrl, payoffQueryKey } from '../../../api/payoff.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { BoundedDatePicker, type DateBounds } from '../../../components/bounded-date-picker.tsx';
import { DateDisplay } from '../../../components/date-display.tsx';
import { Money } from '../../../components/money.tsx';
import { Table } from '../../../components/table.tsx';
import { useLocale } from '../../../i18n/locale.ts';

/** The good-through date, from today to +30 days. */
function GoodThroughPicker(props: { value: string; bounds: DateBounds; onChange: (date: string) => void }) {
  const { t } = useTranslation();
  return (
    <BoundedDatePicker
      {...props}
      className="payoff__date"
      label={t('payoff.dateLabel')}
      description={(range) => <Trans i18nKey="payoff.dateDescription" components={range} />}
      outOfRange={(range) => <Trans i18nKey="payoff.dateOutOfRange" components={range} />}
    />
  );
}

function PayoffFigures({ quote }: { quote: CustomerPayoffResponse }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = [
    ...quote.items.map((item) => ({
      key: item.kind,
      label: t(`payoff.items.${item.kind}`),
      cents: item.amountCents,
    })),
    { key: 'TOTAL', label: t('payoff.total'), cents: quote.payoffCents },
  ];
  return (
    <section className="payoff__section" aria-labelledby="payoff-amount-title">
      <h2 id="payoff-amount-title">{t('payoff.amountTitle')}</h2>
      <div className="result-figure">
        <p className="result-figure__value" aria-live="polite" data-testid="payoff-amount">
          <Money cents={quote.payoffCents} />
        </p>
        <p className="result-figure__note">
          <Trans
            i18nKey="payoff.amountGoodThrough"
            components={{ date: <DateDisplay date={quote.goodThrough} /> }}
          />
        </p>
        <p className="result-figure__note" data-testid="payoff-per-diem">
          {quote.perDiemCents === null ? (
            <Trans i18nKey="payoff.leaseNote" components={{ date: <DateDisplay date={quote.quoteDate} /> }} />
          ) : (
            t('payoff.perDiem', { amount: formatUsd(cents(quote.perDiemCents), locale) })
          )}
        </p>
      </div>
      <Table
        caption={t('payoff.partsCaption')}
        columns={[
          { key: 'part', header: t('payoff.columns.part'), cell: (row) => row.label, isRowHeader: true },
          {
            key: 'amount',
            header: t('payoff.columns.amount'),
            cell: (row) => <Money cents={row.cents} />,
            isNumeric: true,
          },
        ]}
        rows={rows}
        rowKey={(row) => row.key}
      />
    </section>
  );
}

function HowToPay({ quote }: { quote: CustomerPayoffResponse }) {
  const { t } = useTranslation();
  const { howToPay: pay } = quote;
  const line = (label: string, value: ReactNode) => (
    <div className="result-list__item">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <section className="payoff__section" aria-labelledby="payoff-how-title">
      <h2 id="payoff-how-title">{t('payoff.howTitle')}</h2>
      <dl className="result-list payoff__how">
        {line(t('payoff.payee'), pay.payee)}
        {line(t('payoff.reference'), pay.reference)}
        {line(
          t('payoff.mailTo'),
          <address className="payoff__address">
            {pay.mailTo.map((text) => (
              <span key={text}>{text}</span>
            ))}
          </address>,
        )}
      </dl>
      <h3>{t('payoff.electronic')}</h3>
      {pay.electronic.placeholder ? (
        <p className="payoff__placeholder">
          {t('payoff.placeholder', { phone: pay.phone, hours: pay.hours })}
        </p>
      ) : null}
      <dl className="result-list payoff__how">
        {line(t('payoff.bank'), pay.electronic.bankName)}
        {line(t('payoff.routing'), pay.electronic.routingNumber)}
        {line(t('payoff.account'), pay.electronic.accountNumber)}
      </dl>
      <p className="note">{t('payoff.titleNote')}</p>
    </section>
  );
}

/**
 * The payoff quote: choose the date the money will arrive by, see the amount, the per diem after it
 * and its parts, how to send it, and download the letter with the same figures.
 */
export function PayoffPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const [date, setDate] = useState<string | undefined>();
  const quote = useQuery({
    queryKey: payoffQueryKey(contractNumber, date),
    queryFn: () => fetchPayoff(contractNumber, date),
    // The figures for the previous date stay on screen while the new ones load.
    placeholderData: keepPreviousData,
  });

  if (quote.isError && !quote.data) return <ApiErrorAlert error={quote.error} />;
  if (!quote.data) {
    return (
      <div className="payoff">
        <p role="status" className="status">
          {t('payoff.loading')}
        </p>
        <div className="payoff__skeleton" aria-hidden="true" />
      </div>
    );
  }
  const data = quote.data;
  // The quote date is the lender's business date today: the window runs from it.
  const bounds = { from: data.quoteDate, to: addDays(calendarDate(data.quoteDate), PAYOFF_WINDOW_DAYS) };
  return (
    <div className="payoff">
      <p className="lead">{t('payoff.lead')}</p>
      <GoodThroughPicker value={data.goodThrough} bounds={bounds} onChange={setDate} />
      {quote.isError ? <ApiErrorAlert error={quote.error} /> : null}
      <PayoffFigures quote={data} />
      <HowToPay quote={data} />
      <section className="payoff__section" aria-labelledby="payoff-letter-title">
        <h2 id="payoff-letter-title">{t('payoff.letterTitle')}</h2>
        <p>{t('payoff.letterLead')}</p>
        <Link
          className="button button--secondary"
          href={payoffLetterUrl(contractNumber, data.goodThrough)}
          download
        >
          {t('payoff.download')}
        </Link>
      </section>
    </div>
  );
}
