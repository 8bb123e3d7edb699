import cardValidator from 'card-validator';
import { type CalendarDate, calendarDate, compareDates, dateParts, daysInMonth } from './dates.ts';

/**
 * Debit card checks for the gateway's hosted card field (never the portal's own API, which sees
 * tokens only). Brand patterns, lengths and Luhn come from Braintree's `card-validator` /
 * `credit-card-type`, which follow the networks' BIN ranges as they change. Whether a card is a
 * debit card is not in its number: the gateway's BIN lookup decides that.
 */
export type CardBrand = 'visa' | 'mastercard' | 'discover' | 'amex';

export const CARD_BRAND_NAMES: Record<CardBrand, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  discover: 'Discover',
  amex: 'American Express',
};

const BRAND_OF_LIBRARY_TYPE: Record<string, CardBrand> = {
  visa: 'visa',
  mastercard: 'mastercard',
  discover: 'discover',
  'american-express': 'amex',
};

export type CardNumberProblem = {
  field: 'number';
  reason: 'format' | 'unknown_brand' | 'unsupported_brand' | 'length' | 'luhn';
};
export type CardExpiryProblem = { field: 'expiry'; reason: 'format' | 'expired' | 'too_far' };
export type CvvProblem = { field: 'cvv'; reason: 'format' | 'length' };
export type CardProblem = CardNumberProblem | CardExpiryProblem | CvvProblem;

export type CardExpiry = { month: number; year: number };

export type CheckedCardNumber = { brand: CardBrand; number: string; lastFour: string };
export type CheckedCard = CheckedCardNumber & { expiry: CardExpiry };

/** Cards are issued for at most a few years; a date decades ahead is a typo. */
export const MAX_EXPIRY_YEARS_AHEAD = 20;

function digitsOf(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/** The brand as a number is being typed (for the field's logo); null until it is one of ours. */
export function detectCardBrand(number: string): CardBrand | null {
  const { card } = cardValidator.number(digitsOf(number));
  return card ? (BRAND_OF_LIBRARY_TYPE[card.type] ?? null) : null;
}

export function checkCardNumber(
  text: string,
): { ok: true; card: CheckedCardNumber } | { ok: false; problem: CardNumberProblem } {
  const number = digitsOf(text);
  const fail = (reason: CardNumberProblem['reason']) => ({
    ok: false as const,
    problem: { field: 'number' as const, reason },
  });
  if (!/^\d+$/.test(number)) return fail('format');
  const { card, isValid } = cardValidator.number(number);
  if (!card) return fail('unknown_brand');
  const brand = BRAND_OF_LIBRARY_TYPE[card.type];
  if (!brand) return fail('unsupported_brand');
  if (!card.lengths.includes(number.length)) return fail('length');
  if (!isValid) return fail('luhn');
  return { ok: true, card: { brand, number, lastFour: number.slice(-4) } };
}

/** "MM/YY" as printed on the card (also "MM/YYYY", "MM / YY" and "MMYY"). */
export function parseCardExpiry(text: string): CardExpiry | null {
  const match = /^(\d{2})\s*\/?\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!match) return null;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/** A card is good through the last day of its expiry month. */
export function cardExpiryLastDay({ month, year }: CardExpiry): CalendarDate {
  return calendarDate(
    `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`,
  );
}

export function checkCardExpiry(
  text: string,
  today: CalendarDate,
): { ok: true; expiry: CardExpiry } | { ok: false; problem: CardExpiryProblem } {
  const expiry = parseCardExpiry(text);
  if (!expiry) return { ok: false, problem: { field: 'expiry', reason: 'format' } };
  const lastDay = cardExpiryLastDay(expiry);
  if (compareDates(lastDay, today) < 0) return { ok: false, problem: { field: 'expiry', reason: 'expired' } };
  if (expiry.year > dateParts(today).year + MAX_EXPIRY_YEARS_AHEAD) {
    return { ok: false, problem: { field: 'expiry', reason: 'too_far' } };
  }
  return { ok: true, expiry };
}

/** American Express prints a 4-digit CID on the front; the others a 3-digit code on the back. */
export function cvvLength(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

/** With no brand known yet, either length may be right. */
export function checkCvv(cvv: string, brand: CardBrand | null): CvvProblem | null {
  if (!/^\d+$/.test(cvv)) return { field: 'cvv', reason: 'format' };
  const lengths = brand ? [cvvLength(brand)] : [3, 4];
  return lengths.includes(cvv.length) ? null : { field: 'cvv', reason: 'length' };
}

/** Every problem at once, so the field can mark them all. */
export function checkCard(
  input: { number: string; expiry: string; cvv: string },
  today: CalendarDate,
): { ok: true; card: CheckedCard } | { ok: false; problems: CardProblem[] } {
  const problems: CardProblem[] = [];
  const number = checkCardNumber(input.number);
  if (!number.ok) problems.push(number.problem);
  const expiry = checkCardExpiry(input.expiry, today);
  if (!expiry.ok) problems.push(expiry.problem);
  const brand = number.ok ? number.card.brand : detectCardBrand(input.number);
  const cvv = checkCvv(input.cvv, brand);
  if (cvv) problems.push(cvv);
  if (!number.ok || !expiry.ok || cvv) return { ok: false, problems };
  return { ok: true, card: { ...number.card, expiry: expiry.expiry } };
}
