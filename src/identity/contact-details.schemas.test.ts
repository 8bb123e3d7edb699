import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailChangeRequest, parseMobileNumber, phoneRequest } from './contact-details.schemas.ts';

describe('mobile numbers', () => {
  it.each([
    ['(201) 555-0123', '+12015550123'],
    ['201.555.0123', '+12015550123'],
    ['1-201-555-0123', '+12015550123'],
    ['+1 201 555 0123', '+12015550123'],
    ['+44 7911 123456', '+447911123456'], // a UK mobile
    ['+49 151 23456789', '+4915123456789'], // a German mobile
  ])('takes %s as %s', (input, e164) => {
    expect(parseMobileNumber(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['+1 800 555 1234', 'toll-free'],
    ['+1 500 555 0006', 'a 500 "personal" number'],
    ['+44 20 7946 0958', 'a London landline'],
    ['+49 30 123456', 'a Berlin landline'],
  ])('refuses %s (%s)', (input) => {
    expect(parseMobileNumber(input).ok).toBe(false);
  });

  it('reads a US number alike however it is written, and its E.164 form as itself', () => {
    const digit = fc.integer({ min: 0, max: 9 });
    const nanp = fc.tuple(
      fc.integer({ min: 2, max: 9 }),
      digit,
      digit,
      fc.integer({ min: 2, max: 9 }),
      digit,
      digit,
      fc.array(digit, { minLength: 4, maxLength: 4 }),
    );
    fc.assert(
      fc.property(nanp, ([a1, a2, a3, e1, e2, e3, line]) => {
        const area = `${a1}${a2}${a3}`;
        const exchange = `${e1}${e2}${e3}`;
        const last = line.join('');
        const forms = [
          `(${area}) ${exchange}-${last}`,
          `${area}-${exchange}-${last}`,
          `${area}.${exchange}.${last}`,
          `${area}${exchange}${last}`,
          `+1 ${area} ${exchange} ${last}`,
          `1 (${area}) ${exchange} ${last}`,
        ];
        const results = forms.map(parseMobileNumber);
        for (const result of results) expect(result).toEqual(results[0]);
        const first = results[0]!;
        if (first.ok) {
          expect(first.e164).toBe(`+1${area}${exchange}${last}`);
          expect(parseMobileNumber(first.e164)).toEqual(first);
        }
      }),
    );
  });

  it('gives the schema’s answer as E.164, or the reason on the phone field', () => {
    expect(phoneRequest.parse({ phone: ' (201) 555-0123 ' })).toEqual({ phone: '+12015550123' });
    const refused = phoneRequest.safeParse({ phone: '555-0123' });
    expect(refused.error?.issues).toMatchObject([
      { path: ['phone'], message: expect.stringMatching(/too short/) },
    ]);
  });
});

describe('email addresses', () => {
  it('keeps the local part as typed and lower-cases the domain', () => {
    expect(emailChangeRequest.parse({ email: '  Jo.Smith@Example.COM ' })).toEqual({
      email: 'Jo.Smith@example.com',
    });
  });

  it.each(['', 'jo', 'jo@', '@example.com', 'jo smith@example.com', `${'a'.repeat(243)}@example.com`])(
    'refuses %j',
    (email) => {
      expect(emailChangeRequest.safeParse({ email }).success).toBe(false);
    },
  );
});
