/**
 * Money is integer cents, branded so that a plain `number` does not type-check as an amount.
 * Amounts never pass through floating point: user text is parsed straight to cents, and every
 * arithmetic step checks that the result is still a safe integer.
 */
export type Cents = number & { readonly __brand: 'Cents' };

export class MoneyError extends Error {
  override name = 'MoneyError';
}

/** Asserts that `value` is a safe integer and brands it as cents. */
export function cents(value: number | bigint): Cents {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(n) || (typeof value === 'bigint' && BigInt(n) !== value)) {
    throw new MoneyError(`Not a whole number of cents: ${String(value)}`);
  }
  return n as Cents;
}

export const ZERO = 0 as Cents;

export function addCents(...amounts: Cents[]): Cents {
  let total = 0;
  for (const a of amounts) total += a;
  return cents(total);
}

export function subtractCents(a: Cents, b: Cents): Cents {
  return cents(a - b);
}

export function negateCents(a: Cents): Cents {
  return cents(a === 0 ? 0 : -a);
}

export function multiplyCents(a: Cents, count: number): Cents {
  if (!Number.isSafeInteger(count)) throw new MoneyError(`Not a whole count: ${count}`);
  return cents(a * count);
}

const AMOUNT_TEXT = /^(-)?\$?((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses an amount a person typed ("1,234.50", "$12", "0.5") straight to cents, without floating
 * point. Thousands separators must be well placed; more than two decimals is an error, not a rounding.
 */
export function parseCents(text: string): Cents {
  const match = AMOUNT_TEXT.exec(text.trim());
  if (!match) throw new MoneyError(`Not an amount in dollars and cents: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const value = BigInt(whole.replaceAll(',', '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  return cents(minus ? -value : value);
}

/** Formats cents as plain dollars with two decimals and no grouping ("1234.50"): the inverse of parseCents. */
export function centsToDecimalString(amount: Cents): string {
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Formats cents for people, in US dollars ("$1,234.50"). */
// One formatter per locale: building one costs more than formatting (a 5,000-row statement renders
// 15,000 amounts).
const usdFormats = new Map<string, Intl.NumberFormat>();

export function formatUsd(amount: Cents, locale = 'en-US'): string {
  let format = usdFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
    usdFormats.set(locale, format);
  }
  // Intl accepts a decimal string and formats it exactly, so no float is involved.
  return format.format(centsToDecimalString(amount) as unknown as number);
}
