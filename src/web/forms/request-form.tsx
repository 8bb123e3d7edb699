import type { TFunction } from 'i18next';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { Form } from 'react-aria-components';
import { type UseFormReturn, useController, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { cents, formatUsd } from '../../core/money.ts';
import { ApiError } from '../api/client.ts';
import { Button } from '../components/button.tsx';
import { ErrorSummary, type SummaryItem } from '../components/error-summary.tsx';
import { MoneyField } from '../components/money-field.tsx';
import type { SelectFieldProps } from '../components/select-field.tsx';
import { TextField, type TextFieldProps } from '../components/text-field.tsx';
import { useLocale } from '../i18n/locale.ts';
import { type Describe, type FormSpec, type FormValues, requestResolver } from './request-resolver.ts';

export type RequestFormApi<Request> = UseFormReturn<FormValues, unknown, Request>;

/** Field wording first (`<field>.errors.<problem>`), then the kind's (`validation.<kind>.<problem>`), then the schema's. */
function describeWith(t: TFunction, locale: string): Describe {
  return (field, problem, fallback, limit) => {
    const bound = problem === 'tooSmall' ? 'min' : 'max';
    const params =
      limit === undefined
        ? {}
        : field.kind === 'money'
          ? { [bound]: formatUsd(cents(limit), locale) }
          : { [bound]: limit, count: limit };
    return t([`${field.i18nKey}.errors.${problem}`, `validation.${field.kind}.${problem}`], {
      ...params,
      ...(fallback === undefined ? {} : { defaultValue: fallback }),
    });
  };
}

/**
 * A react-hook-form form whose texts become `Request` through `schema` (see `requestResolver`),
 * its fields empty or holding `initial` (the values being edited).
 */
export function useRequestForm<Name extends string, Request>(
  spec: FormSpec<Name>,
  schema: z.ZodType<Request>,
  initial: Partial<Record<Name, string>> = {},
): RequestFormApi<Request> {
  const { t } = useTranslation();
  const locale = useLocale();
  const resolver = useMemo(
    () => requestResolver(spec, schema, describeWith(t, locale)),
    [spec, schema, t, locale],
  );
  return useForm<FormValues, unknown, Request>({
    resolver,
    defaultValues: Object.fromEntries(
      (Object.keys(spec) as Name[]).map((name) => [name, initial[name] ?? '']),
    ),
    // The error summary takes focus instead, so the list of every problem is read first.
    shouldFocusError: false,
  });
}

/** Puts the server's per-field reasons of a 400 beside the fields they concern; says whether there were any. */
function placeServerErrors<Name extends string, Request>(
  form: RequestFormApi<Request>,
  spec: FormSpec<Name>,
  error: ApiError,
): boolean {
  const entries = Object.entries(error.fields);
  const unowned: string[] = [];
  for (const [requestKey, message] of entries) {
    const name = (Object.keys(spec) as Name[]).find((n) => spec[n].requestKey === requestKey);
    if (name) form.setError(name, { type: 'server', message });
    else unowned.push(message);
  }
  if (unowned.length > 0) form.setError('root', { type: 'server', message: unowned.join(' ') });
  return entries.length > 0;
}

type RequestFormProps<Name extends string, Request> = {
  form: RequestFormApi<Request>;
  spec: FormSpec<Name>;
  /** Sends the request; a rejection the page shows itself, except field errors, which land on the fields. */
  onSubmit: (request: Request) => Promise<unknown>;
  /** Called when the form did not validate, e.g. to clear a result that no longer matches the inputs. */
  onInvalid?: () => void;
  submitLabel: string;
  pendingLabel: string;
  children: ReactNode;
};

/**
 * A form that validates on submit, lists every problem in an error summary that takes focus, and
 * marks each field with its own message; fields are re-checked as they change after that.
 */
export function RequestForm<Name extends string, Request>({
  form,
  spec,
  onSubmit,
  onInvalid,
  submitLabel,
  pendingLabel,
  children,
}: RequestFormProps<Name, Request>) {
  const { t } = useTranslation();
  const summaryRef = useRef<HTMLDivElement>(null);
  const summaryWanted = useRef(false);
  const { errors, submitCount, isSubmitting } = form.formState;

  // Runs after every render: the summary appears in the render after the errors are set.
  useEffect(() => {
    if (summaryWanted.current && summaryRef.current) {
      summaryWanted.current = false;
      summaryRef.current.focus();
    }
  });

  const items: SummaryItem[] = (Object.keys(spec) as Name[]).flatMap((name) => {
    const message = errors[name]?.message;
    return message ? [{ fieldId: name, label: t(`${spec[name].i18nKey}.label`), message }] : [];
  });
  if (errors.root?.message) items.push({ message: errors.root.message });

  const submit = form.handleSubmit(
    async (request) => {
      try {
        await onSubmit(request);
      } catch (error) {
        if (error instanceof ApiError && placeServerErrors(form, spec, error)) summaryWanted.current = true;
      }
    },
    () => {
      summaryWanted.current = true;
      onInvalid?.();
    },
  );

  return (
    <Form className="request-form" validationBehavior="aria" onSubmit={(event) => void submit(event)}>
      {submitCount > 0 && items.length > 0 ? <ErrorSummary ref={summaryRef} items={items} /> : null}
      {children}
      <div className="request-form__actions">
        <Button type="submit" isPending={isSubmitting}>
          {isSubmitting ? pendingLabel : submitLabel}
        </Button>
      </div>
    </Form>
  );
}

/** What every kind of input bound to a field of the form has: its value's controller, label, description, error. */
function useBinding<Name extends string, Request>(
  form: RequestFormApi<Request>,
  spec: FormSpec<Name>,
  name: Name,
) {
  const { t, i18n } = useTranslation();
  const { field, fieldState } = useController({ control: form.control, name });
  const { i18nKey } = spec[name];
  return {
    field,
    texts: {
      id: name,
      label: t(`${i18nKey}.label`),
      description: i18n.exists(`${i18nKey}.description`) ? t(`${i18nKey}.description`) : undefined,
      errorMessage: fieldState.error?.message,
      isRequired: spec[name].kind !== 'optional',
    },
  };
}

/** Binds a field of the form to TextField props: value, events, ref for focus, label, description and error. */
export function useBoundField<Name extends string, Request>(
  form: RequestFormApi<Request>,
  spec: FormSpec<Name>,
  name: Name,
): TextFieldProps {
  const { field, texts } = useBinding(form, spec, name);
  return {
    ...texts,
    name,
    value: field.value,
    onChange: field.onChange,
    onBlur: field.onBlur,
    inputRef: field.ref,
  };
}

/** Binds a field of the form to SelectField props, as `useBoundField` does a text field's (the ref is the select's button). */
export function useBoundSelect<Name extends string, Request>(
  form: RequestFormApi<Request>,
  spec: FormSpec<Name>,
  name: Name,
): Omit<SelectFieldProps, 'options'> {
  const { field, texts } = useBinding(form, spec, name);
  return {
    ...texts,
    value: field.value,
    onChange: field.onChange,
    onBlur: field.onBlur,
    triggerRef: field.ref,
  };
}

type FormFieldProps<Name extends string, Request> = {
  form: RequestFormApi<Request>;
  spec: FormSpec<Name>;
  name: Name;
  autoComplete?: string;
};

/** The input that suits a field's kind: dollars, a percentage, a decimal, months or text. */
export function FormField<Name extends string, Request>({
  form,
  spec,
  name,
  autoComplete,
}: FormFieldProps<Name, Request>) {
  const { t } = useTranslation();
  const props = { ...useBoundField(form, spec, name), autoComplete };
  switch (spec[name].kind) {
    case 'money':
      return <MoneyField {...props} />;
    case 'percent':
      return <TextField {...props} inputMode="decimal" suffix="%" />;
    case 'decimal':
      return <TextField {...props} inputMode="decimal" />;
    case 'months':
      return <TextField {...props} inputMode="numeric" suffix={t('calculator.months')} />;
    case 'text':
    case 'optional':
      return <TextField {...props} />;
    case 'secret':
      return <TextField {...props} type="password" />;
  }
}
