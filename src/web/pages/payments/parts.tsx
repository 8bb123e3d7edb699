import { type DateValue, parseDate } from '@internationalized/date';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, type Ref, useState } from 'react';
import {
  Button as AriaButton,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Label,
  Popover,
  Text,
} from 'react-aria-components';
import { Trans, useTranslation } from 'react-i18next';
import { addDays, calendarDate } from '../../../core/dates.ts';
import { MAX_DAYS_AHEAD } from '../../../core/payment-dates.ts';
import type { PaymentOrder, PaymentSplit } from '../../../schemas/payments.ts';
import { fetchPayoff, payoffQueryKey } from '../../api/payoff.ts';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';

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

export type DateBounds = { from: string; to: string };

export function paymentDateBounds(today: string): DateBounds {
  return { from: today, to: addDays(calendarDate(today), MAX_DAYS_AHEAD) };
}

type PaymentDatePickerProps = {
  id: string;
  label: string;
  value: string;
  bounds: DateBounds;
  onChange: (date: string) => void;
  /** A reason from the server (a date it refused), shown on the field. */
  errorMessage?: string | undefined;
  description?: ReactNode;
  inputRef?: Ref<HTMLDivElement> | undefined;
};

/** A payment date: typed into the segments or picked from a calendar, from today to 30 days ahead. */
export function PaymentDatePicker({
  id,
  label,
  value,
  bounds,
  onChange,
  errorMessage,
  description,
  inputRef,
}: PaymentDatePickerProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<DateValue | null>(null);
  const min = parseDate(bounds.from);
  const max = parseDate(bounds.to);
  const shown = picked ?? parseDate(value);
  const outOfRange = shown.compare(min) < 0 || shown.compare(max) > 0;
  const range = { from: <DateDisplay date={bounds.from} />, to: <DateDisplay date={bounds.to} /> };
  return (
    <DatePicker
      className="field payment-date"
      value={shown}
      minValue={min}
      maxValue={max}
      isInvalid={outOfRange || Boolean(errorMessage)}
      validationBehavior="aria"
      onChange={(next) => {
        setPicked(next);
        if (next && next.compare(min) >= 0 && next.compare(max) <= 0) onChange(next.toString());
      }}
    >
      <Label className="field__label">{label}</Label>
      <Text slot="description" className="field__description">
        {description ?? <Trans i18nKey="payments.date.range" components={range} />}
      </Text>
      <FieldError className="field__error">
        {outOfRange ? <Trans i18nKey="payments.date.outOfRange" components={range} /> : errorMessage}
      </FieldError>
      <Group id={id} ref={inputRef} className="field__control date-picker__group">
        <DateInput className="date-picker__input">
          {(segment) => <DateSegment segment={segment} className="date-picker__segment" />}
        </DateInput>
        <AriaButton className="field__action date-picker__button" aria-label={t('payments.date.calendar')}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </Group>
      <Popover className="date-picker__popover">
        <Dialog className="date-picker__dialog" aria-label={t('payments.date.calendar')}>
          <Calendar className="calendar">
            <header className="calendar__header">
              <AriaButton
                slot="previous"
                className="calendar__nav"
                aria-label={t('payments.date.previousMonth')}
              >
                <span aria-hidden="true">‹</span>
              </AriaButton>
              <Heading className="calendar__heading" />
              <AriaButton slot="next" className="calendar__nav" aria-label={t('payments.date.nextMonth')}>
                <span aria-hidden="true">›</span>
              </AriaButton>
            </header>
            <CalendarGrid className="calendar__grid">
              {(date) => <CalendarCell date={date} className="calendar__cell" />}
            </CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
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

/** How an amount applies: each part that gets some of it (interest, principal, fees…). */
export function SplitList({ split, testId }: { split: PaymentSplit; testId?: string }) {
  const { t } = useTranslation();
  const parts = SPLIT_PARTS.filter(([key]) => split[key] !== 0);
  return (
    <dl className="result-list payment-split" data-testid={testId}>
      {parts.map(([key, label]) => (
        <div key={key} className="result-list__item">
          <dt>{t(`payments.split.${label}`)}</dt>
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
