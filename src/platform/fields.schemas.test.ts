import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freeText, optionalFreeText } from './fields.schemas.ts';

// The free-text primitive as the API, the CLI and the web forms see it: values, messages, issue codes.
const form = z.strictObject({
  city: freeText('The city', { max: 10 }),
  nickname: freeText('The nickname', {
    max: 10,
    messages: {
      required: 'Enter a nickname, or leave it out.',
      tooLong: 'A nickname has at most 10 characters.',
    },
  }).optional(),
  line2: optionalFreeText('The second address line', { max: 10 }),
  message: optionalFreeText('The message', { max: 40, multiline: true }),
});

const issues = (value: object) =>
  (form.safeParse(value).error?.issues ?? []).map(({ code, path, message }) => ({
    code,
    field: path.join('.'),
    message,
  }));

describe('freeText and optionalFreeText', () => {
  it('answer the normalized text; an optional one sent empty is left out', () => {
    expect(form.parse({ city: '  Sa\u0303o Paulo ', line2: '   ', message: 'Hi\r\n\tthere' })).toEqual({
      city: 'São Paulo',
      message: 'Hi\n\tthere',
    });
  });

  it('name the field and the reason, with zod’s codes for lengths so the forms word them', () => {
    expect(issues({ city: 'Phila\ndelphia', line2: 'Apt\u202e4', message: 'a\u0000b' })).toEqual([
      {
        code: 'custom',
        field: 'city',
        message: 'The city cannot contain control characters or line breaks.',
      },
      {
        code: 'custom',
        field: 'line2',
        message:
          'The second address line cannot contain invisible characters that change the direction of the text.',
      },
      { code: 'custom', field: 'message', message: 'The message cannot contain control characters.' },
    ]);
    expect(issues({ city: ' ', nickname: '', line2: 'x'.repeat(11) })).toEqual([
      { code: 'too_small', field: 'city', message: 'The city is required.' },
      { code: 'too_small', field: 'nickname', message: 'Enter a nickname, or leave it out.' },
      { code: 'too_big', field: 'line2', message: 'The second address line must be at most 10 characters.' },
    ]);
    expect(issues({ nickname: 'n'.repeat(11) })).toEqual([
      { code: 'invalid_type', field: 'city', message: 'The city is required.' },
      { code: 'too_big', field: 'nickname', message: 'A nickname has at most 10 characters.' },
    ]);
    expect(issues({ city: 42 })).toEqual([
      { code: 'invalid_type', field: 'city', message: 'The city must be text.' },
    ]);
  });

  it('count characters, not UTF-16 units', () => {
    expect(form.parse({ city: '😀'.repeat(10) })).toEqual({ city: '😀'.repeat(10) });
  });
});
