import { type DateValue, parseDate } from '@internationalized/date';
import { type ReactElement, type ReactNode, type Ref, useState } from 'react';
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
import { useTranslation } from 'react-i18next';
import { DateDisplay } from './date-display.tsx';

/** The first and last dates a picker accepts (`YYYY-MM-DD`), both included. */
export type DateBounds = { from: string; to: string };

/** The bounds as elements, for a translated sentence's `<from/>` and `<to/>`. */
type DateRangeElements = { from: ReactElement; to: ReactElement };

type BoundedDatePickerProps = {
  label: string;
  value: string;
  bounds: DateBounds;
  /** Called only with a date inside the bounds; one outside is marked on the field instead. */
  onChange: (date: string) => void;
  /** The rule in words; gets the bounds as `<from/>` and `<to/>`. */
  description: (range: DateRangeElements) => ReactNode;
  /** What to say of a date outside the bounds; gets them the same way. */
  outOfRange: (range: DateRangeElements) => ReactNode;
  /** A reason from the server (a date it refused), shown on the field. */
  errorMessage?: string | undefined;
  className?: string;
  id?: string;
  inputRef?: Ref<HTMLDivElement> | undefined;
};

/** A date typed into its segments or picked from a calendar, between two dates (payoff, payment dates). */
export function BoundedDatePicker({
  label,
  value,
  bounds,
  onChange,
  description,
  outOfRange: outOfRangeMessage,
  errorMessage,
  className,
  id,
  inputRef,
}: BoundedDatePickerProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<DateValue | null>(null);
  const min = parseDate(bounds.from);
  const max = parseDate(bounds.to);
  const shown = picked ?? parseDate(value);
  const outOfRange = shown.compare(min) < 0 || shown.compare(max) > 0;
  const range = { from: <DateDisplay date={bounds.from} />, to: <DateDisplay date={bounds.to} /> };
  return (
    <DatePicker
      className={['field', className].filter(Boolean).join(' ')}
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
        {description(range)}
      </Text>
      <FieldError className="field__error">{outOfRange ? outOfRangeMessage(range) : errorMessage}</FieldError>
      <Group id={id} ref={inputRef} className="field__control date-picker__group">
        <DateInput className="date-picker__input">
          {(segment) => <DateSegment segment={segment} className="date-picker__segment" />}
        </DateInput>
        <AriaButton className="field__action date-picker__button" aria-label={t('datePicker.calendar')}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </Group>
      <Popover className="date-picker__popover">
        <Dialog className="date-picker__dialog" aria-label={t('datePicker.calendar')}>
          <Calendar className="calendar">
            <header className="calendar__header">
              <AriaButton
                slot="previous"
                className="calendar__nav"
                aria-label={t('datePicker.previousMonth')}
              >
                <span aria-hidden="true">‹</span>
              </AriaButton>
              <Heading className="calendar__heading" />
              <AriaButton slot="next" className="calendar__nav" aria-label={t('datePicker.nextMonth')}>
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
