import { MoneyError, parseCents } from '../../core/money.ts';

/**
 * How a field's text becomes the value its API request expects:
 * - `money`: dollars as typed ("$25,000.00") to integer cents, with no floating point;
 * - `percent`: a decimal string ("6.49"; a trailing "%" is allowed);
 * - `decimal`: a decimal string as typed ("0.00125");
 * - `months`: a whole number;
 * - `text`: trimmed text; `optional`: the same, and may be left empty (the request gets "");
 * - `secret`: text exactly as typed (passwords).
 * Ranges and formats are then judged by the request's own zod schema.
 */
export type FieldKind = 'money' | 'percent' | 'decimal' | 'months' | 'text' | 'optional' | 'secret';

/** Why text could not become a value at all; the schema's judgement comes after. */
export type ConversionProblem = 'required' | 'format' | 'decimals';

export type Conversion = { ok: true; value: unknown } | { ok: false; problem: ConversionProblem };

const ok = (value: unknown): Conversion => ({ ok: true, value });
const fail = (problem: ConversionProblem): Conversion => ({ ok: false, problem });

export function convertField(kind: FieldKind, text: string): Conversion {
  const trimmed = text.trim();
  if (trimmed === '') return kind === 'optional' ? ok('') : fail('required');
  switch (kind) {
    case 'money':
      try {
        return ok(parseCents(trimmed));
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        // "12.345" is a common slip; saying exactly what is wrong with it helps more than an example.
        return fail(/\.\d{3,}$/.test(trimmed) ? 'decimals' : 'format');
      }
    case 'percent':
      return ok(trimmed.replace(/\s*%$/, ''));
    case 'decimal':
    case 'text':
    case 'optional':
      return ok(trimmed);
    case 'months':
      return /^\d+$/.test(trimmed) ? ok(Number(trimmed)) : fail('format');
    case 'secret':
      return ok(text);
  }
}
