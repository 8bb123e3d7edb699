import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountLastFour,
  checkAccountNumber,
  checkBankAccount,
  checkRoutingNumber,
  isRoutingNumber,
  maskAccountNumber,
  routingChecksum,
} from './bank-account.ts';

/** A routing number with the given district prefix and the check digit that makes it valid. */
function withCheckDigit(first8: string): string {
  const sum = routingChecksum(`${first8}0`);
  return `${first8}${(10 - (sum % 10)) % 10}`;
}

const validPrefixes = [
  ...Array.from({ length: 13 }, (_, i) => i),
  ...Array.from({ length: 12 }, (_, i) => 21 + i),
  ...Array.from({ length: 12 }, (_, i) => 61 + i),
  80,
].map((n) => String(n).padStart(2, '0'));

const routingNumberArb = fc
  .tuple(fc.constantFrom(...validPrefixes), fc.stringMatching(/^\d{6}$/))
  .map(([prefix, rest]) => withCheckDigit(`${prefix}${rest}`))
  .filter((r) => r !== '000000000');

describe('checkRoutingNumber', () => {
  it.each([
    '011000015', // Federal Reserve Bank of Boston
    '021000021', // JPMorgan Chase, New York
    '026009593', // Bank of America, New York
    '121000358', // Bank of America, California
    '256074974', // Navy Federal Credit Union (thrift range 21–32)
    '322271627', // Chase, California
    '000000518', // US Treasury (prefix 00)
    '800000006', // traveler's checks (prefix 80)
  ])('accepts %s', (routingNumber) => {
    expect(checkRoutingNumber(routingNumber)).toBeNull();
  });

  it('ignores spaces and dashes a person typed', () => {
    expect(checkRoutingNumber(' 0210-0002 1 ')).toBeNull();
  });

  it.each([
    ['02100002', 'format'],
    ['0210000211', 'format'],
    ['02100002a', 'format'],
    ['', 'format'],
    ['130000006', 'prefix'], // checksum fine, district 13 does not exist
    ['500000005', 'prefix'],
    ['990000009', 'prefix'],
    ['021000022', 'checksum'],
    ['000000000', 'checksum'],
  ])('rejects %s (%s)', (routingNumber, reason) => {
    expect(checkRoutingNumber(routingNumber)).toEqual({ field: 'routingNumber', reason });
  });

  it('accepts every number with a valid prefix and check digit', () => {
    fc.assert(fc.property(routingNumberArb, (routingNumber) => isRoutingNumber(routingNumber)));
  });

  it('rejects any single mistyped digit', () => {
    fc.assert(
      fc.property(routingNumberArb, fc.nat(8), fc.integer({ min: 1, max: 9 }), (routingNumber, at, delta) => {
        const digit = (Number(routingNumber[at]) + delta) % 10;
        const typo = `${routingNumber.slice(0, at)}${digit}${routingNumber.slice(at + 1)}`;
        return !isRoutingNumber(typo);
      }),
    );
  });
});

describe('checkAccountNumber', () => {
  it.each(['1234', '12345678901234567', '0000123456'])('accepts %s', (accountNumber) => {
    expect(checkAccountNumber(accountNumber)).toBeNull();
  });

  it.each([
    ['123', 'length'],
    ['123456789012345678', 'length'],
    ['12345A', 'format'],
    ['', 'format'],
  ])('rejects %s (%s)', (accountNumber, reason) => {
    expect(checkAccountNumber(accountNumber)).toEqual({ field: 'accountNumber', reason });
  });
});

describe('checkBankAccount', () => {
  it('returns the account with digits only and the holder name tidied', () => {
    expect(
      checkBankAccount({
        routingNumber: '021 000 021',
        accountNumber: '1234-5678-9',
        accountType: 'savings',
        holderName: '  Ana \u00a0 Mari\u0301a López ',
      }),
    ).toEqual({
      ok: true,
      account: {
        routingNumber: '021000021',
        accountNumber: '123456789',
        accountType: 'savings',
        holderName: 'Ana María López',
      },
    });
  });

  it('reports every wrong field at once', () => {
    expect(
      checkBankAccount({
        routingNumber: '021000022',
        accountNumber: '12',
        accountType: 'money-market',
        holderName: ' ',
      }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'routingNumber', reason: 'checksum' },
        { field: 'accountNumber', reason: 'length' },
        { field: 'accountType', reason: 'unknown' },
        { field: 'holderName', reason: 'missing' },
      ],
    });
  });

  it.each([
    ['x'.repeat(101), 'too_long'],
    ['Ana\u0000López', 'characters'],
    ['Ana\nLópez', 'characters'],
    ['Ana \u202eLópez', 'characters'],
    ['😀'.repeat(101), 'too_long'],
  ])('rejects the holder name %#', (holderName, reason) => {
    const result = checkBankAccount({
      routingNumber: '021000021',
      accountNumber: '1234',
      accountType: 'checking',
      holderName,
    });
    expect(result).toEqual({ ok: false, problems: [{ field: 'holderName', reason }] });
  });
});

describe('maskAccountNumber', () => {
  it('shows only the last four digits', () => {
    expect(maskAccountNumber('000123456789')).toBe('••••6789');
    expect(accountLastFour('1234-5678')).toBe('5678');
  });

  it('never reveals more than four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4,17}$/), (accountNumber) => {
        const masked = maskAccountNumber(accountNumber);
        return masked.replace(/\D/g, '') === accountNumber.slice(-4);
      }),
    );
  });
});
