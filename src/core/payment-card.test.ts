import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate } from './dates.ts';
import {
  cardExpiryLastDay,
  checkCard,
  checkCardExpiry,
  checkCardNumber,
  checkCvv,
  detectCardBrand,
  parseCardExpiry,
} from './payment-card.ts';

const today = calendarDate('2026-12-02');

/** Appends the Luhn check digit to a partial card number. */
function withLuhnDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${partial}${(10 - (sum % 10)) % 10}`;
}

describe('checkCardNumber', () => {
  // The networks' published test numbers.
  it.each([
    ['4111111111111111', 'visa'],
    ['4242 4242 4242 4242', 'visa'],
    ['5555-5555-5555-4444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
  ])('accepts %s as %s', (number, brand) => {
    const result = checkCardNumber(number);
    expect(result).toEqual({
      ok: true,
      card: { brand, number: number.replace(/\D/g, ''), lastFour: number.slice(-4) },
    });
  });

  it.each([
    ['4111111111111112', 'luhn'],
    ['411111111111111', 'length'],
    ['37828224631000', 'length'],
    ['3530111333300000', 'unsupported_brand'], // JCB
    ['6200000000000005', 'unsupported_brand'], // UnionPay
    ['9111111111111111', 'unknown_brand'],
    ['4111-1111-1111-111x', 'format'],
    ['', 'format'],
  ])('rejects %s (%s)', (number, reason) => {
    expect(checkCardNumber(number)).toEqual({ ok: false, problem: { field: 'number', reason } });
  });

  // Under Visa's 4 lie other brands' ranges (Elo's 438935, say): the numbers drawn keep to 411111.
  it('accepts any 16-digit Visa number with a right check digit and rejects one digit off', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 1, max: 9 }), (middle, delta) => {
        const number = withLuhnDigit(`411111${middle}`);
        const typo = `${number.slice(0, 15)}${(Number(number[15]) + delta) % 10}`;
        const good = checkCardNumber(number);
        const bad = checkCardNumber(typo);
        return good.ok && good.card.brand === 'visa' && !bad.ok && bad.problem.reason === 'luhn';
      }),
    );
  });
});

describe('detectCardBrand', () => {
  it.each([
    ['41', 'visa'],
    ['4', null], // Visa, Elo, Maestro or Naranja until the next digit
    ['51', 'mastercard'],
    ['2221', 'mastercard'],
    ['34', 'amex'],
    ['37', 'amex'],
    ['6011', 'discover'],
    ['6445', 'discover'],
    ['35', null],
    ['', null],
  ])('names %s as %s while typing', (prefix, brand) => {
    expect(detectCardBrand(prefix)).toBe(brand);
  });
});

describe('card expiry', () => {
  it.each([
    ['12/26', { month: 12, year: 2026 }],
    ['01 / 27', { month: 1, year: 2027 }],
    ['0330', { month: 3, year: 2030 }],
    ['11/2031', { month: 11, year: 2031 }],
  ])('reads %s', (text, expiry) => {
    expect(parseCardExpiry(text)).toEqual(expiry);
  });

  it.each(['13/26', '00/26', '1/26', '12-26', '12/6', 'ab/cd', ''])('does not read %s', (text) => {
    expect(parseCardExpiry(text)).toBeNull();
  });

  it('is good through the last day of the month, leap years included', () => {
    expect(cardExpiryLastDay({ month: 2, year: 2028 })).toBe('2028-02-29');
    expect(cardExpiryLastDay({ month: 2, year: 2027 })).toBe('2027-02-28');
    expect(checkCardExpiry('02/28', calendarDate('2028-02-29')).ok).toBe(true);
    expect(checkCardExpiry('02/28', calendarDate('2028-03-01'))).toEqual({
      ok: false,
      problem: { field: 'expiry', reason: 'expired' },
    });
  });

  it.each([
    ['12/26', true, null],
    ['11/26', false, 'expired'],
    ['01/20', false, 'expired'],
    ['12/46', true, null],
    ['01/47', false, 'too_far'],
    ['1226x', false, 'format'],
  ])('judges %s on 2026-12-02', (text, ok, reason) => {
    const result = checkCardExpiry(text, today);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.problem.reason).toBe(reason);
  });
});

describe('checkCvv', () => {
  it.each([
    ['123', 'visa', null],
    ['1234', 'amex', null],
    ['123', 'amex', 'length'],
    ['1234', 'mastercard', 'length'],
    ['12a', 'discover', 'format'],
    ['1234', null, null],
    ['12', null, 'length'],
  ] as const)('judges %s for %s', (cvv, brand, reason) => {
    expect(checkCvv(cvv, brand)).toEqual(reason ? { field: 'cvv', reason } : null);
  });
});

describe('checkCard', () => {
  it('returns brand, last four and expiry of a good card', () => {
    expect(checkCard({ number: '3782 822463 10005', expiry: '09/29', cvv: '1234' }, today)).toEqual({
      ok: true,
      card: { brand: 'amex', number: '378282246310005', lastFour: '0005', expiry: { month: 9, year: 2029 } },
    });
  });

  it('reports every wrong field at once', () => {
    expect(checkCard({ number: '4111111111111112', expiry: '10/26', cvv: '1234' }, today)).toEqual({
      ok: false,
      problems: [
        { field: 'number', reason: 'luhn' },
        { field: 'expiry', reason: 'expired' },
        { field: 'cvv', reason: 'length' },
      ],
    });
  });
});
