import { cents, formatUsd } from '../../core/money.ts';
import { useLocale } from '../i18n/locale.ts';

/** An amount of integer cents, in US dollars ("$1,234.50"). */
export function Money({ cents: amount }: { cents: number }) {
  const locale = useLocale();
  return <span className="money">{formatUsd(cents(amount), locale)}</span>;
}
