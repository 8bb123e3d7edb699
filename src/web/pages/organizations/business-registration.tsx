import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  businessRegistrationComplete,
  businessRegistrationNewLogin,
  businessRegistrationRequest,
} from '../../../organizations/business-registration.schemas.ts';
import { isAboutFields } from '../../api/client.ts';
import {
  completeBusinessRegistration,
  completeBusinessRegistrationWithNewLogin,
  startBusinessRegistration,
} from '../../api/fleet-documents.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Confirmation } from '../../components/confirmation.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { returnAfterSignIn } from '../../session/home.ts';
import { useSignedIn } from '../../session/signed-in.ts';
import { useGoToFactorSetUp } from '../identity/set-up-factor.tsx';
import { NewMemberLoginForm, newMemberLoginSpec, useJoinedWithLogin } from './join-business.tsx';

/** This page's address, to come back to after signing in. */
const BUSINESS_REGISTRATION_HREF = '/business/register';

type FactsField = 'contractNumber' | 'einLast4' | 'zip';
// The same words and rules as the consumer registration's facts.
const factsSpec: FormSpec<FactsField> = {
  contractNumber: { kind: 'text', requestKey: 'contractNumber', i18nKey: 'register.fields.contractNumber' },
  einLast4: { kind: 'text', requestKey: 'einLast4', i18nKey: 'register.fields.einLast4' },
  zip: { kind: 'text', requestKey: 'zip', i18nKey: 'register.fields.zip' },
};

/** Step one: the contract's number, the EIN's last four and the ZIP; the answer is a ticket either way. */
function FactsStep({ onSent }: { onSent: (ticket: string) => void }) {
  const { t } = useTranslation();
  const form = useRequestForm(factsSpec, businessRegistrationRequest);
  const start = useMutation({
    mutationFn: startBusinessRegistration,
    onSuccess: ({ ticket }) => onSent(ticket),
  });
  return (
    <>
      <p className="lead">{t('fleetDocuments.businessRegistration.lead')}</p>
      {start.isError && !isAboutFields(start.error) ? <ApiErrorAlert error={start.error} /> : null}
      <div className="card">
        <RequestForm
          form={form}
          spec={factsSpec}
          onSubmit={start.mutateAsync}
          onInvalid={start.reset}
          submitLabel={t('fleetDocuments.businessRegistration.submit')}
          pendingLabel={t('fleetDocuments.businessRegistration.submitting')}
        >
          <TextField {...useBoundField(form, factsSpec, 'contractNumber')} autoComplete="off" />
          <TextField {...useBoundField(form, factsSpec, 'einLast4')} autoComplete="off" inputMode="numeric" />
          <TextField
            {...useBoundField(form, factsSpec, 'zip')}
            autoComplete="postal-code"
            inputMode="numeric"
          />
        </RequestForm>
      </div>
    </>
  );
}

const CODE_FIELD = {
  kind: 'text',
  requestKey: 'code',
  i18nKey: 'fleetDocuments.businessRegistration.fields.code',
} as const;

function CodeInput<Request>({ form, spec }: { form: RequestFormApi<Request>; spec: FormSpec<'code'> }) {
  return (
    <TextField
      {...useBoundField(form, spec, 'code')}
      autoComplete="one-time-code"
      inputMode="numeric"
      autoCorrect="off"
      spellCheck="false"
    />
  );
}

const ALREADY_ADMIN = 'BUSINESS_REGISTRATION.ALREADY_ADMIN';

const signedInSpec: FormSpec<'code'> = { code: CODE_FIELD };
const signedInRequest = businessRegistrationComplete.omit({ ticket: true });

/** Step two, signed in: the code adds the business to this login, which lands on its fleet. */
function SignedInCode({ ticket }: { ticket: string }) {
  const { t } = useTranslation();
  const form = useRequestForm(signedInSpec, signedInRequest);
  const complete = useMutation({
    mutationFn: (request: { code: string }) => completeBusinessRegistration({ ...request, ticket }),
    // Lands on the business's fleet; had the session ended, the page offers a new login instead.
    ...useJoinedWithLogin(),
  });
  return (
    <>
      <p>{t('fleetDocuments.businessRegistration.signedInLead')}</p>
      {complete.isError && !isAboutFields(complete.error) ? (
        <ApiErrorAlert
          error={complete.error}
          messages={{ [ALREADY_ADMIN]: t('fleetDocuments.businessRegistration.alreadyAdmin') }}
        />
      ) : null}
      <RequestForm
        form={form}
        spec={signedInSpec}
        onSubmit={complete.mutateAsync}
        onInvalid={complete.reset}
        submitLabel={t('fleetDocuments.businessRegistration.complete')}
        pendingLabel={t('fleetDocuments.businessRegistration.completing')}
      >
        <CodeInput form={form} spec={signedInSpec} />
      </RequestForm>
    </>
  );
}

type NewLoginField = 'code' | 'displayName' | 'userId' | 'password';
const newLoginSpec: FormSpec<NewLoginField> = { code: CODE_FIELD, ...newMemberLoginSpec };
const newLoginRequest = businessRegistrationNewLogin.omit({ ticket: true });
type NewLoginRequest = { code: string; displayName: string; userId: string; password: string };

/**
 * Step two without a login: the code and a new login (at the business's email on file, the address
 * the code proved), which then sets up its second factor and lands on the business's fleet.
 */
function NewLoginCode({ ticket }: { ticket: string }) {
  const { t } = useTranslation();
  const form = useRequestForm(newLoginSpec, newLoginRequest);
  const complete = useMutation({
    mutationFn: (request: NewLoginRequest) =>
      completeBusinessRegistrationWithNewLogin({ ...request, ticket }),
    onSuccess: useGoToFactorSetUp(),
  });
  return (
    <>
      <NewMemberLoginForm
        lead={t('fleetDocuments.businessRegistration.newLoginLead')}
        form={form}
        spec={newLoginSpec}
        action={complete}
        submitLabel={t('fleetDocuments.businessRegistration.completeNewLogin')}
        pendingLabel={t('fleetDocuments.businessRegistration.completing')}
      >
        <CodeInput form={form} spec={newLoginSpec} />
      </NewMemberLoginForm>
      <p className="note">{t('fleetDocuments.businessRegistration.haveLogin')}</p>
      <p>
        {/* Signed in, the person comes back here and starts again with that login. */}
        <Link href="/sign-in" onPress={() => returnAfterSignIn(BUSINESS_REGISTRATION_HREF)}>
          {t('fleetDocuments.businessRegistration.signIn')}
        </Link>
      </p>
    </>
  );
}

/** Step two: the same words whether or not the facts matched, then the code (and a login). */
function CodeStep({ ticket, onStartAgain }: { ticket: string; onStartAgain: () => void }) {
  const { t } = useTranslation();
  const isSignedIn = useSignedIn();
  return (
    <>
      <Confirmation>
        <h2>{t('fleetDocuments.businessRegistration.sent.title')}</h2>
        <p className="notice">{t('fleetDocuments.businessRegistration.sent.body')}</p>
      </Confirmation>
      <div className="card">
        {isSignedIn ? <SignedInCode ticket={ticket} /> : <NewLoginCode ticket={ticket} />}
      </div>
      <p>{t('fleetDocuments.businessRegistration.sent.help')}</p>
      <Button variant="secondary" onPress={onStartAgain}>
        {t('fleetDocuments.businessRegistration.sent.again')}
      </Button>
    </>
  );
}

/**
 * `/business/register`: a business's fleet account, proven with one of its contracts (number, the
 * EIN's last four, the ZIP) and a code mailed to the business's email on file; the code makes the
 * signed-in login, or a new one, the business's fleet admin. Step one answers alike whether the
 * facts matched or not, so the page tells nothing about which contracts exist.
 */
export function BusinessRegistrationPage() {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<string>();
  return (
    <div className="narrow-page">
      <PageTitle>{t('fleetDocuments.businessRegistration.title')}</PageTitle>
      {ticket === undefined ? (
        <FactsStep onSent={setTicket} />
      ) : (
        <CodeStep ticket={ticket} onStartAgain={() => setTicket(undefined)} />
      )}
      <nav aria-label={t('fleetDocuments.businessRegistration.help.label')} className="sign-in__help">
        <ul>
          <li>
            <Link href="/register">{t('fleetDocuments.businessRegistration.help.consumer')}</Link>
          </li>
          <li>
            <Link href="/help">{t('fleetDocuments.businessRegistration.help.help')}</Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
