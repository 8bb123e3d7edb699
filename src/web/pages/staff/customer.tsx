import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Dialog, DialogTrigger, Heading, Link, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { z } from 'zod';
import { verifyCallerBody } from '../../../staff/staff.schemas.ts';
import { isAboutFields } from '../../api/client.ts';
import {
  actOnLogin,
  type CustomerDetail,
  type CustomerLogin,
  fetchCustomer,
  type LoginAction,
  type VerifyCallerRequest,
  type VerifyCallerResponse,
  verifyCaller,
} from '../../api/staff.ts';
import { Alert } from '../../components/alert.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { FormField, RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { NotFoundPage } from '../not-found.tsx';
import { ContractGrantsSection } from './contract-grants.tsx';
import { Instant, StaffFrame, staffQueryOptions } from './staff-frame.tsx';

const customerKey = (customerId: string) => ['staff', 'customer', customerId] as const;

type VerifyField = 'dateOfBirth' | 'taxIdLast4' | 'zip';
const verifyFields: FormSpec<VerifyField> = {
  dateOfBirth: { kind: 'text', requestKey: 'dateOfBirth', i18nKey: 'staff.verify.fields.dateOfBirth' },
  taxIdLast4: { kind: 'text', requestKey: 'taxIdLast4', i18nKey: 'staff.verify.fields.taxIdLast4' },
  zip: { kind: 'text', requestKey: 'zip', i18nKey: 'staff.verify.fields.zip' },
};
// A business has no date of birth: its form asks the last four of the EIN and the ZIP code only.
const { dateOfBirth: _, ...businessFields } = verifyFields;
const businessVerifyFields: FormSpec<Exclude<VerifyField, 'dateOfBirth'>> = {
  ...businessFields,
  taxIdLast4: { ...businessFields.taxIdLast4, i18nKey: 'staff.verify.fields.einLast4' },
};
const personRequest = verifyCallerBody.required({ dateOfBirth: true });
const businessRequest = verifyCallerBody.omit({ dateOfBirth: true });

type IdentityItem = CustomerDetail['verifiable'][number];

/** An identity item in words: a business's last four digits are of its EIN, a person's of their SSN. */
function useIdentityLabel(kind: CustomerDetail['kind']) {
  const { t } = useTranslation();
  return (item: IdentityItem) =>
    t(`staff.customer.identityItems.${item === 'taxIdLast4' && kind === 'business' ? 'einLast4' : item}`);
}

function ContactSection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const identityLabel = useIdentityLabel(customer.kind);
  const items = [
    [t('staff.customer.kind'), t(`staff.customer.kinds.${customer.kind}`)],
    [t('staff.customer.email'), customer.email ?? t('staff.none')],
    [t('staff.customer.phone'), customer.phone ?? t('staff.none')],
    [t('staff.customer.place'), t('staff.place', { city: customer.city, state: customer.state })],
    [t('staff.customer.identity'), customer.verifiable.map(identityLabel).join(', ')],
  ] as const;
  return (
    <section aria-labelledby="customer-contact" className="staff-section">
      <h2 id="customer-contact">{t('staff.customer.contactTitle')}</h2>
      <dl className="result-list staff-details">
        {items.map(([label, value]) => (
          <div key={label} className="result-list__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="note">{t('staff.customer.identityNote')}</p>
      <h3>{t('staff.customer.contractsTitle')}</h3>
      {customer.contracts.length ? (
        <ul className="staff-list">
          {customer.contracts.map((c) => (
            <li key={c.contractNumber}>
              <strong>{c.contractNumber}</strong>{' '}
              {t('staff.customer.contract', {
                kind: t(`staff.customer.contractKinds.${c.kind}`),
                role: t(`staff.customer.roles.${c.role}`),
                status: t(`staff.customer.statuses.${c.status}`),
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('staff.customer.noContracts')}</p>
      )}
    </section>
  );
}

function VerifyResult({ result, kind }: { result: VerifyCallerResponse; kind: CustomerDetail['kind'] }) {
  const { t } = useTranslation();
  const identityLabel = useIdentityLabel(kind);
  if (result.verified) return <p className="notice">{t('staff.verify.matched')}</p>;
  const failed = (['dateOfBirth', 'taxIdLast4', 'zip'] as const).filter(
    (item) => result.checks[item] === false,
  );
  return (
    <Alert>
      <p>
        {t('staff.verify.mismatch', {
          items: failed.map(identityLabel).join(', '),
        })}
      </p>
      <p>{t('staff.verify.mismatchNote')}</p>
    </Alert>
  );
}

function VerifyForm<Name extends VerifyField>({
  customer,
  spec,
  schema,
}: {
  customer: CustomerDetail;
  spec: FormSpec<Name>;
  schema: typeof personRequest | typeof businessRequest;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useRequestForm(spec, schema);
  const mutation = useMutation({
    mutationFn: (request: VerifyCallerRequest) => verifyCaller(customer.id, request),
    onSuccess: (result) => {
      // What the caller said is not left on the screen.
      form.reset();
      if (result.verified) void queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
    },
  });
  return (
    <>
      {/* The outcome is read out when it arrives; focus stays on the form. */}
      <div role="status">
        {mutation.isSuccess && mutation.data.verified ? (
          <VerifyResult result={mutation.data} kind={customer.kind} />
        ) : null}
      </div>
      {mutation.isSuccess && !mutation.data.verified ? (
        <VerifyResult result={mutation.data} kind={customer.kind} />
      ) : null}
      {mutation.isError && !isAboutFields(mutation.error) ? <ApiErrorAlert error={mutation.error} /> : null}
      <div className="card">
        <RequestForm
          form={form}
          spec={spec}
          onSubmit={mutation.mutateAsync}
          onInvalid={mutation.reset}
          submitLabel={t('staff.verify.submit')}
          pendingLabel={t('staff.verify.submitting')}
        >
          {(Object.keys(spec) as Name[]).map((name) => (
            <FormField key={name} form={form} spec={spec} name={name} autoComplete="off" />
          ))}
        </RequestForm>
      </div>
    </>
  );
}

function VerifySection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="customer-verify" className="staff-section">
      <h2 id="customer-verify">{t('staff.verify.title')}</h2>
      <p>{t('staff.verify.lead')}</p>
      {customer.callerVerifiedUntil ? (
        <p className="notice">
          {t('staff.verify.verifiedUntil')} <Instant iso={customer.callerVerifiedUntil} />
        </p>
      ) : null}
      {customer.kind === 'person' ? (
        <VerifyForm customer={customer} spec={verifyFields} schema={personRequest} />
      ) : (
        <VerifyForm customer={customer} spec={businessVerifyFields} schema={businessRequest} />
      )}
    </section>
  );
}

type ConfirmActionProps = {
  action: LoginAction;
  login: CustomerLogin;
  isDisabled: boolean;
  onDone: (message: string) => void;
};

/** An account action behind a confirmation dialog that says what it will do. */
function ConfirmAction({ action, login, isDisabled, onDone }: ConfirmActionProps) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: () => actOnLogin(action, login.loginId),
    onSuccess: () => {
      setOpen(false);
      onDone(t(`staff.actions.${action}.done`, { loginId: login.loginId }));
    },
  });
  const texts = { loginId: login.loginId };
  return (
    <DialogTrigger
      isOpen={isOpen}
      onOpenChange={(open) => {
        setOpen(open);
        if (!open) mutation.reset();
      }}
    >
      <Button variant="secondary" isDisabled={isDisabled}>
        {t(`staff.actions.${action}.button`)}
      </Button>
      <ModalOverlay isDismissable={!mutation.isPending} className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{t(`staff.actions.${action}.title`, texts)}</Heading>
                <p>{t(`staff.actions.${action}.body`, texts)}</p>
                {mutation.isError ? <ApiErrorAlert error={mutation.error} /> : null}
                <div className="dialog__actions">
                  <Button isPending={mutation.isPending} onPress={() => mutation.mutate()}>
                    {t(`staff.actions.${action}.confirm`)}
                  </Button>
                  <Button variant="secondary" isDisabled={mutation.isPending} onPress={close}>
                    {t('staff.actions.cancel')}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function LoginCard({ login, customer }: { login: CustomerLogin; customer: CustomerDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLParagraphElement>(null);
  // The button pressed may be gone once the action is done (Unlock, say): focus goes to what happened.
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  const onDone = (message: string) => {
    setResult(message);
    void queryClient.invalidateQueries({ queryKey: customerKey(customer.id) });
  };
  const isVerified = customer.callerVerifiedUntil !== null;
  const status = login.lockedUntil ? (
    <>
      {t('staff.logins.lockedUntil')} <Instant iso={login.lockedUntil} />
    </>
  ) : (
    t('staff.logins.notLocked')
  );
  const items = [
    ['name', t('staff.logins.name'), login.displayName],
    ['email', t('staff.logins.email'), login.email],
    ['status', t('staff.logins.status'), status],
    ['failures', t('staff.logins.failures'), String(login.failedSignIns)],
    [
      'factors',
      t('staff.logins.factors'),
      login.factors.length
        ? login.factors.map((f) => t(`staff.logins.factorNames.${f}`)).join(', ')
        : t('staff.logins.noFactors'),
    ],
  ] as const;
  return (
    <article aria-labelledby={headingId} className="staff-login">
      <h3 id={headingId}>{t('staff.logins.loginTitle', { loginId: login.loginId })}</h3>
      <dl className="result-list staff-details">
        {items.map(([key, label, value]) => (
          <div key={key} className="result-list__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div role="status">
        {result ? (
          <p ref={resultRef} tabIndex={-1} className="notice">
            {result}
          </p>
        ) : null}
      </div>
      {isVerified ? null : <p className="note">{t('staff.logins.verifyFirst')}</p>}
      <div className="account-actions">
        {login.lockedUntil ? (
          <ConfirmAction action="unlock" login={login} isDisabled={!isVerified} onDone={onDone} />
        ) : null}
        <ConfirmAction action="sendResetLink" login={login} isDisabled={!isVerified} onDone={onDone} />
        {login.factors.length ? (
          <ConfirmAction action="resetFactors" login={login} isDisabled={!isVerified} onDone={onDone} />
        ) : null}
      </div>
    </article>
  );
}

function LoginsSection({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="customer-logins" className="staff-section">
      <h2 id="customer-logins">{t('staff.logins.title')}</h2>
      {customer.logins.length ? (
        customer.logins.map((login) => <LoginCard key={login.loginId} login={login} customer={customer} />)
      ) : (
        <p>{t('staff.logins.none')}</p>
      )}
    </section>
  );
}

/**
 * `/staff/customers/:customerId`: one customer for an agent on a call. Masked contact details,
 * the caller check (the agent types what the caller says and learns only whether it matches), and
 * the customer's logins with the actions a verified caller may ask for.
 */
export function StaffCustomerPage() {
  const { t } = useTranslation();
  const { customerId = '' } = useParams();
  const search = useSearchParams()[0].get('q');
  const isCustomerId = z.uuid().safeParse(customerId).success;
  const customer = useQuery({
    queryKey: customerKey(customerId),
    queryFn: () => fetchCustomer(customerId),
    enabled: isCustomerId,
    ...staffQueryOptions,
  });
  if (!isCustomerId) return <NotFoundPage />;
  return (
    <StaffFrame
      title={customer.data?.name ?? t('staff.customer.title')}
      queries={[customer]}
      loadingText={t('staff.customer.loading')}
    >
      {() =>
        customer.data ? (
          <>
            <p>
              <Link href={search ? `/staff?${new URLSearchParams({ q: search })}` : '/staff'}>
                {t('staff.customer.back')}
              </Link>
            </p>
            <ContactSection customer={customer.data} />
            <ContractGrantsSection customer={customer.data} />
            <VerifySection customer={customer.data} />
            <LoginsSection customer={customer.data} />
          </>
        ) : null
      }
    </StaffFrame>
  );
}
