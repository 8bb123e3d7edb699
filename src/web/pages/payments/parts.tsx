import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { addDays, calendarDate } from '../../../core/dates.ts';
import { MAX_DAYS_AHEAD } from '../../../core/payment-dates.ts';
import type { PaymentOrder, PaymentSplit } from '../../../payments/payments.schemas.ts';
import { fetchPayoff, payoffQueryKey } from '../../api/payoff.ts';
import { BoundedDatePicker, type DateBounds } from '../../components/bounded-date-picker.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { useLocale } from '../../i18n/locale.ts';

/** How a method is named everywhere: its nickname and the last four digits only ("Checking ••••6789"). */
export function MethodName({ method }: { method: Pick<PaymentOrder['method'], 'nickname' | 'last4'> }) {
  const { t } = useTranslation();
  return <>{t('payments.method.name', { nickname: method.nickname, last4: method.last4 })}</>;
}

/**
 * The payoff quote for today, which the payment pages need for two things: the payoff amount
 * option, and the lender's business date today (the quote's date), from which the 30 days run.
 */
export function useTodayQuote(contractNumber: string | undefined) {
  return useQuery({
    queryKey: payoffQueryKey(contractNumber ?? '', undefined),
    queryFn: () => fetchPayoff(contractNumber ?? '', undefined),
    enabled: Boolean(contractNumber),
  });
}

/** The cut-off as people read it ("8:00 PM ET"), from the configured "20:00" and IANA zone. */
export function formatCutoff(cutoff: { time: string; timeZone: string }, locale: string): string {
  const [hour = 0, minute = 0] = cutoff.time.split(':').map(Number);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, hour, minute),
  );
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone: cutoff.timeZone, timeZoneName: 'shortGeneric' })
      .formatToParts(Date.now())
      .find((part) => part.type === 'timeZoneName')?.value ?? cutoff.timeZone;
  return `${time} ${zone}`;
}

export function paymentDateBounds(today: string): DateBounds {
  return { from: today, to: addDays(calendarDate(today), MAX_DAYS_AHEAD) };
}

type PaymentDatePickerProps = Omit<Parameters<typeof BoundedDatePicker>[0], 'description' | 'outOfRange'> & {
  description?: ReactNode;
};

/** A payment date, from today to 30 days ahead. */
export function PaymentDatePicker({ description, ...props }: PaymentDatePickerProps) {
  return (
    <BoundedDatePicker
      {...props}
      className="payment-date"
      description={(range) => description ?? <Trans i18nKey="payments.date.range" components={range} />}
      outOfRange={(range) => <Trans i18nKey="payments.date.outOfRange" components={range} />}
    />
  );
}

const SPLIT_PARTS = [
  ['interestCents', 'interest'],
  ['principalCents', 'principal'],
  ['leaseReceivableCents', 'leasePayments'],
  ['salesTaxCents', 'salesTax'],
  ['feesCents', 'fees'],
  ['unappliedCents', 'unapplied'],
] as const satisfies readonly (readonly [keyof PaymentSplit, string])[];

/**
 * How an amount applies: each part that gets some of it (interest, principal, fees…). Money held for
 * the customer that the payment uses shows as a negative part, so the parts add up to the amount.
 */
export function SplitList({ split, testId }: { split: PaymentSplit; testId?: string }) {
  const { t } = useTranslation();
  const parts = SPLIT_PARTS.filter(([key]) => split[key] !== 0);
  return (
    <dl className="result-list payment-split" data-testid={testId}>
      {parts.map(([key, label]) => (
        <div key={key} className="result-list__item">
          <dt>{t(`payments.split.${label === 'unapplied' && split[key] < 0 ? 'unappliedUsed' : label}`)}</dt>
          <dd>
            <Money cents={split[key]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A figure with its name, in a result list. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="result-list__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

type ReviewedDate = {
  movedToNextBusinessDay: boolean;
  cutoff: { time: string; timeZone: string };
  requestedDate: string;
  effectiveDate: string;
  split: PaymentSplit;
};

/** The review step's date (moved past a cut-off or a non-business day, or the cut-off to know) and how the payment will apply. */
export function DateAndSplit({ preview }: { preview: ReviewedDate }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      {preview.movedToNextBusinessDay ? (
        <p className="notice" data-testid="payment-moved">
          <Trans
            i18nKey="payments.review.moved"
            values={{ cutoff: formatCutoff(preview.cutoff, locale) }}
            components={{
              requested: <DateDisplay date={preview.requestedDate} />,
              effective: <DateDisplay date={preview.effectiveDate} />,
            }}
          />
        </p>
      ) : (
        <p className="note">
          {t('payments.review.cutoff', { cutoff: formatCutoff(preview.cutoff, locale) })}
        </p>
      )}
      <h3>{t('payments.review.splitHeading')}</h3>
      <p className="note">{t('payments.review.splitNote')}</p>
      <SplitList split={preview.split} testId="payment-split" />
    </>
  );
}
