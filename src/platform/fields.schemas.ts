import { z } from 'zod';
import { isCalendarDate } from '../core/dates.ts';
import { cents, formatUsd } from '../core/money.ts';
import { checkText, type TextRule, textProblemReason } from '../core/text.ts';
import { isUsStateCode, ZIP_CODE } from '../core/us-address.ts';

/**
 * Field schemas shared by the API, the CLI and the web forms, so a value is judged the same way
 * everywhere. Messages are written for people; they appear beside the field.
 */

/** Documented upper bound of any amount: $10,000,000.00. */
export const MAX_AMOUNT_CENTS = 1_000_000_000;

export const amountCents = (what: string, options: { min?: number } = {}) => {
  const min = options.min ?? 0;
  return z
    .number({ error: `${what} must be a whole number of cents.` })
    .int(`${what} must be a whole number of cents.`)
    .min(
      min,
      min === 0 ? `${what} cannot be negative.` : `${what} must be at least ${formatUsd(cents(min))}.`,
    )
    .max(MAX_AMOUNT_CENTS, `${what} cannot exceed ${formatUsd(cents(MAX_AMOUNT_CENTS))}.`);
};

export const positiveAmountCents = (what: string) => amountCents(what, { min: 1 });

/** A percent with up to four decimals, as a string so it stays exact ("6.49"). */
export const percentString = (what: string, maxExclusive: number) =>
  z
    .string({ error: `${what} must be a decimal string such as "6.49".` })
    .regex(/^\d{1,3}(\.\d{1,4})?$/, {
      message: `${what} must be a decimal string such as "6.49" (at most four decimals).`,
      abort: true,
    })
    .refine((v) => Number(v) < maxExclusive, `${what} must be below ${maxExclusive}%.`);

// Below 40%: no US retail installment contract comes near it (state caps run 18–36%), and the level-payment
// rounding stays smaller than one payment over 96 months (the loan property test covers the whole range).
export const aprPercent = percentString('The APR', 40);
export const taxRatePercent = percentString('The tax rate', 25);

/** A money factor such as "0.00125" (APR equivalent × 1/2400), below 0.01. */
export const moneyFactor = z
  .string({ error: 'The money factor must be a decimal string such as "0.00125".' })
  .regex(/^0(\.\d{1,7})?$/, {
    message: 'The money factor must be a decimal string below 0.01, such as "0.00125".',
    abort: true,
  })
  .refine((v) => Number(v) < 0.01, 'The money factor must be below 0.01.');

export const termMonths = z
  .number({ error: 'The term must be a whole number of months.' })
  .int('The term must be a whole number of months.')
  .min(1, 'The term must be at least 1 month.')
  .max(96, 'The term cannot exceed 96 months.');

export const calendarDateField = (what: string) =>
  z
    .string({ error: `${what} must be a date written YYYY-MM-DD.` })
    .refine(isCalendarDate, `${what} must be a real date written YYYY-MM-DD.`);

export const usStateCode = z
  .string({ error: 'The state must be a two-letter USPS code.' })
  .refine(isUsStateCode, 'The state must be a two-letter USPS code such as "PA".');

export const zipCode = z
  .string()
  .regex(ZIP_CODE, 'The ZIP code must be 5 digits, or ZIP+4 such as 19103-1234.');

type FreeTextOptions = TextRule & {
  /** A field's own words where it has them ("Enter a nickname, or leave it out."). */
  messages?: { required?: string; tooLong?: string };
};

/**
 * The one schema of free text (names, addresses, nicknames, search words, references…), judged by
 * `core/text.ts`: NFC, trimmed, no control or bidirectional-control characters, line breaks only
 * when `multiline`, at most `max` characters counted as code points. A refusal names the field
 * (`what`, such as "The city") and the reason. Issues keep zod's codes (`too_small`, `too_big`) so
 * the web forms word them as they word any length; the character reasons are `custom`.
 * `onEmpty` says what an empty text is: refused (required) or left out (`optionalFreeText`).
 */
function textSchema<Empty>(
  what: string,
  options: FreeTextOptions,
  onEmpty: (ctx: z.core.$RefinementCtx<string>, input: string, required: string) => Empty,
) {
  const required = options.messages?.required ?? `${what} is required.`;
  const tooLong = options.messages?.tooLong ?? `${what} must be at most ${options.max} characters.`;
  return z
    .string({ error: (issue) => (issue.input === undefined ? required : `${what} must be text.`) })
    .meta({ maxLength: options.max })
    .transform((input, ctx): string | Empty => {
      const verdict = checkText(input, options);
      if (verdict.ok) return verdict.value;
      switch (verdict.problem) {
        case 'empty':
          return onEmpty(ctx, input, required);
        case 'too_long':
          ctx.issues.push({
            code: 'too_big',
            origin: 'string',
            maximum: options.max,
            inclusive: true,
            message: tooLong,
            input,
          });
          return z.NEVER;
        default:
          ctx.issues.push({
            code: 'custom',
            message: `${what} ${textProblemReason(verdict.problem, options)}.`,
            input,
          });
          return z.NEVER;
      }
    });
}

/** Free text that must be given and not empty; `.optional()` on it: may be left out, but not sent empty. */
export const freeText = (what: string, options: FreeTextOptions) =>
  textSchema(what, options, (ctx, input, required): never => {
    ctx.issues.push({
      code: 'too_small',
      origin: 'string',
      minimum: 1,
      inclusive: true,
      message: required,
      input,
    });
    return z.NEVER;
  });

/** Free text that may be left out; sent empty (or only spaces), it is left out too. */
export const optionalFreeText = (what: string, options: FreeTextOptions) =>
  textSchema(what, options, () => undefined).optional();
