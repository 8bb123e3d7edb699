import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isAboutFields } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Confirmation } from '../../components/confirmation.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { FormField, RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';

type RecoveryRequestProps<Name extends string, Request> = {
  /** The page's texts: `<section>.title`, `.lead`, `.submit`, `.submitting`, `.sent`, `.fields.<field>`. */
  section: 'forgotUserId' | 'forgotPassword';
  spec: FormSpec<Name>;
  field: Name;
  autoComplete: string;
  schema: z.ZodType<Request>;
  send: (request: Request) => Promise<unknown>;
  /** The other way out: forgot the User ID ↔ forgot the password. */
  other: { href: string; label: string };
};

/**
 * A one-field form that asks for something to be mailed (a User ID, a reset link). The answer is
 * the same whether or not an account matched, so the page says "if… we have sent…" either way.
 */
export function RecoveryRequestPage<Name extends string, Request>({
  section,
  spec,
  field,
  autoComplete,
  schema,
  send,
  other,
}: RecoveryRequestProps<Name, Request>) {
  const { t } = useTranslation();
  const form = useRequestForm(spec, schema);
  const mutation = useMutation({ mutationFn: send });

  return (
    <div className="narrow-page">
      <PageTitle>{t(`${section}.title`)}</PageTitle>
      {mutation.isSuccess ? (
        <Confirmation>
          <p className="notice">{t(`${section}.sent`)}</p>
          <p>{t('recoveryHelp.checkSpam')}</p>
        </Confirmation>
      ) : (
        <>
          <p className="lead">{t(`${section}.lead`)}</p>
          {mutation.isError && !isAboutFields(mutation.error) ? (
            <ApiErrorAlert error={mutation.error} />
          ) : null}
          <div className="card">
            <RequestForm
              form={form}
              spec={spec}
              onSubmit={mutation.mutateAsync}
              onInvalid={mutation.reset}
              submitLabel={t(`${section}.submit`)}
              pendingLabel={t(`${section}.submitting`)}
            >
              <FormField form={form} spec={spec} name={field} autoComplete={autoComplete} />
            </RequestForm>
          </div>
        </>
      )}
      <nav aria-label={t('recoveryHelp.label')} className="sign-in__help">
        <ul>
          <li>
            <Link href="/sign-in">{t('recoveryHelp.signIn')}</Link>
          </li>
          <li>
            <Link href={other.href}>{other.label}</Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
