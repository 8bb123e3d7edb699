import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCents, cents, centsToDecimalString, formatUsd, MoneyError, parseCents } from './money.ts';

describe('parseCents', () => {
  it.each([
    ['0', 0],
    ['0.5', 50],
    ['0.05', 5],
    ['12', 1_200],
    ['$12.34', 1_234],
    ['1,234.50', 123_450],
    ['$1,234,567.89', 123_456_789],
    ['-3.10', -310],
    ['  25000.00 ', 2_500_000],
  ])('reads "%s" as %i cents', (text, expected) => {
    expect(parseCents(text)).toBe(expected);
  });

  it.each(['', 'abc', '12.345', '1,23.00', '1,2345', '12.', '.5', '$', '1e3', '12,34'])(
    'rejects "%s"',
    (text) => {
      expect(() => parseCents(text)).toThrow(MoneyError);
    },
  );

  it('never goes through floating point (0.29 would become 28.999… cents with x * 100)', () => {
    expect(parseCents('0.29')).toBe(29);
    expect(parseCents('1.15')).toBe(115);
  });

  it('is the inverse of centsToDecimalString for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        expect(parseCents(centsToDecimalString(cents(n)))).toBe(n);
      }),
    );
  });
});

describe('cents', () => {
  it('refuses fractions and unsafe integers', () => {
    expect(() => cents(1.5)).toThrow(MoneyError);
    expect(() => cents(Number.MAX_SAFE_INTEGER + 1)).toThrow(MoneyError);
    expect(() => cents(2n ** 60n)).toThrow(MoneyError);
    expect(cents(12n)).toBe(12);
  });

  it('refuses a sum that leaves the safe range', () => {
    expect(() => addCents(cents(Number.MAX_SAFE_INTEGER), cents(1))).toThrow(MoneyError);
  });
});

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123_450, '$1,234.50'],
    [-310, '-$3.10'],
    [900_719_925_474_099, '$9,007,199,254,740.99'],
  ])('formats %i cents as %s', (n, text) => {
    expect(formatUsd(cents(n))).toBe(text);
  });
});
