import type { FieldErrors, Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { type ConversionProblem, convertField, type FieldKind } from './convert.ts';

/** One field of a form that builds an API request. */
export type FieldSpec = {
  kind: FieldKind;
  /** The request property the field fills, such as `amountFinancedCents`. */
  requestKey: string;
  /** Where the field's texts live: `<i18nKey>.label`, `.description` and `.errors.<problem>`. */
  i18nKey: string;
};

export type FormSpec<Name extends string> = Record<Name, FieldSpec>;

/** What the inputs hold, by field name: the text people typed, whatever the request wants. */
export type FormValues = Record<string, string>;

export type Problem = ConversionProblem | 'tooSmall' | 'tooBig' | 'custom';

/** Words for a problem; `fallback` is the schema's own message, `limit` the bound a value broke. */
export type Describe = (field: FieldSpec, problem: Problem, fallback?: string, limit?: number) => string;

function describeIssue(field: FieldSpec, issue: z.core.$ZodIssue, describe: Describe): string {
  switch (issue.code) {
    case 'too_small':
      return describe(field, 'tooSmall', issue.message, Number(issue.minimum));
    case 'too_big':
      return describe(field, 'tooBig', issue.message, Number(issue.maximum));
    case 'invalid_format':
    case 'invalid_type':
      return describe(field, 'format', issue.message);
    case 'custom':
      return describe(field, 'custom', issue.message);
    default:
      return issue.message;
  }
}

/**
 * A react-hook-form resolver that turns the form's texts into the API request and validates it with
 * the API's own zod schema, so the page and the server judge a value alike. Issues on a request
 * property land on the field that fills it; one no field owns (none today) goes to `root`.
 */
export function requestResolver<Name extends string, Request>(
  spec: FormSpec<Name>,
  schema: z.ZodType<Request>,
  describe: Describe,
): Resolver<FormValues, unknown, Request> {
  const fields = Object.entries(spec) as [Name, FieldSpec][];
  return (values) => {
    const messages = new Map<Name, string>();
    const request: Record<string, unknown> = {};
    for (const [name, field] of fields) {
      const converted = convertField(field.kind, values[name] ?? '');
      if (converted.ok) request[field.requestKey] = converted.value;
      else messages.set(name, describe(field, converted.problem));
    }

    const parsed = schema.safeParse(request);
    if (parsed.success && messages.size === 0) return { values: parsed.data, errors: {} };

    const unowned: string[] = [];
    for (const issue of parsed.error?.issues ?? []) {
      const owner = fields.find(([, field]) => field.requestKey === issue.path[0]);
      if (!owner) unowned.push(issue.message);
      // A field whose text could not be converted already has the more useful message.
      else if (!messages.has(owner[0])) messages.set(owner[0], describeIssue(owner[1], issue, describe));
    }
    const errors: FieldErrors<FormValues> = {};
    for (const [name, message] of messages) errors[name] = { type: 'validate', message };
    if (unowned.length > 0) {
      // react-hook-form types `root` as both an error and a map of named errors; this is the former.
      errors.root = { type: 'validate', message: unowned.join(' ') } as NonNullable<typeof errors.root>;
    }
    return { values: {}, errors };
  };
}
