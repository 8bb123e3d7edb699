import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isAboutFields, postJson } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { FormField, RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

type CalculatorPageProps<Name extends string, Request, Response> = {
  /** The page's texts: `<texts>.title`, `.lead`, `.empty` and the fields under `<texts>.fields`. */
  texts: 'loan' | 'lease';
  spec: FormSpec<Name>;
  schema: z.ZodType<Request>;
  endpoint: string;
  responseSchema: z.ZodType<Response>;
  /** The result, shown with the request it answers. */
  children: (result: Response, request: Request) => ReactNode;
};

/**
 * The frame both calculators share: the form (validated by the API's schema), the call to the
 * calculator endpoint and the result, whose heading takes focus so the answer is announced.
 */
export function CalculatorPage<Name extends string, Request, Response>({
  texts,
  spec,
  schema,
  endpoint,
  responseSchema,
  children,
}: CalculatorPageProps<Name, Request, Response>) {
  const { t } = useTranslation();
  const form = useRequestForm(spec, schema);
  const mutation = useMutation({
    mutationFn: (request: Request) => postJson(endpoint, request, responseSchema),
  });
  const resultHeadingId = useId();
  const resultHeadingRef = useRef<HTMLHeadingElement>(null);

  let result: ReactNode = <p className="calculator__empty">{t(`${texts}.empty`)}</p>;
  if (mutation.isSuccess) result = children(mutation.data, mutation.variables);
  // Field problems are already beside the fields and in the error summary.
  else if (mutation.isError)
    result = isAboutFields(mutation.error) ? null : <ApiErrorAlert error={mutation.error} />;

  return (
    <>
      <PageTitle>{t(`${texts}.title`)}</PageTitle>
      <p className="lead">{t(`${texts}.lead`)}</p>
      <div className="calculator">
        <div className="card calculator__form">
          <RequestForm
            form={form}
            spec={spec}
            onSubmit={async (request) => {
              await mutation.mutateAsync(request);
              resultHeadingRef.current?.focus();
            }}
            onInvalid={mutation.reset}
            submitLabel={t('calculator.submit')}
            pendingLabel={t('calculator.submitting')}
          >
            {(Object.keys(spec) as Name[]).map((name) => (
              <FormField key={name} form={form} spec={spec} name={name} />
            ))}
          </RequestForm>
        </div>
        <section className="calculator__result" aria-labelledby={resultHeadingId}>
          <h2 id={resultHeadingId} ref={resultHeadingRef} tabIndex={-1}>
            {t('calculator.resultTitle')}
          </h2>
          {result}
        </section>
      </div>
    </>
  );
}
