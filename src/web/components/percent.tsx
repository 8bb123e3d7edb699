import { useLocale } from '../i18n/locale.ts';

/** A percentage given as an exact decimal string ("3.00" → "3.00%"), with the decimals it was given. */
export function Percent({ value }: { value: string }) {
  const locale = useLocale();
  const decimals = value.split('.')[1]?.length ?? 0;
  // Intl formats a decimal string exactly, so the rate never passes through a float.
  const text = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value as `${number}`);
  return <span className="percent">{text}</span>;
}
