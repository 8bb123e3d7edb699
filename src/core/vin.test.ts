import { describe, expect, it } from 'vitest';
import { checkVin, vinCheckDigit, withVinCheckDigit } from './vin.ts';

describe('checkVin', () => {
  it.each(['1HGCM82633A004352', '11111111111111111', '1M8GDM9AXKP042788'])('accepts %s', (vin) => {
    expect(checkVin(vin)).toEqual({ valid: true });
  });

  it.each([
    ['1HGCM82634A004352', 'check digit'],
    ['1HGCM82633A00435', '17 characters'],
    ['1HGCM82633A0043520', '17 characters'],
    ['1HGCM82633O004352', 'I, O or Q'],
    ['1hgcm82633a004352', 'capital letters'],
  ])('rejects %s (%s)', (vin, reason) => {
    const result = checkVin(vin);
    expect(result.valid).toBe(false);
    expect(result.valid ? '' : result.reason).toContain(reason);
  });

  it('computes X when the remainder is 10', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
  });

  it('repairs a VIN’s check digit', () => {
    expect(withVinCheckDigit('1HGCM826X3A004352')).toBe('1HGCM82633A004352');
    expect(checkVin(withVinCheckDigit('WBACV1F30RA000042')).valid).toBe(true);
  });
});
