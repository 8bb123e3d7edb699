import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import parseMobile from 'libphonenumber-js/mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emailChangeRequest } from '../../../../identity/contact-details.schemas.ts';
import { isAboutFields } from '../../../api/client.ts';
import {
  CONTACT_QUERY_KEY,
  fetchContact,
  removePhone,
  requestEmailChange,
  setCodeFactors,
} from '../../../api/contact.ts';
import { FACTORS_QUERY_KEY } from '../../../api/security.ts';
import { ApiErrorAlert } from '../../../components/api-error-alert.tsx';
import { Button } from '../../../components/button.tsx';
import { Notice } from '../../../components/notice.tsx';
import { TextField } from '../../../components/text-field.tsx';
import { RequestForm, useBoundField, useRequestForm } from '../../../forms/request-form.tsx';
import type { FormSpec } from '../../../forms/request-resolver.ts';
import { EmailCodesOn, PhoneVerify } from './code-steps.tsx';
import { isStepUpRequired, StepUpNeeded, usePointAtStepUp, useStepUp } from './step-up.tsx';

/** What was just done, for the notice under the section title (texts under `contact.done`). */
type Done =
  | { kind: 'emailSent'; email: string }
  | { kind: 'phoneAdded' | 'phoneRemoved' | 'emailCodesOn' | 'emailCodesOff' | 'smsCodesOn' | 'smsCodesOff' };

/** The form that is open, if any: each change is one at a time. */
type Open = 'email' | 'phone' | 'emailCodes';

/** A number as people write it: (201) 555-0123 at home, +44 7911 123456 abroad. */
function formatPhone(e164: string): string {
  const phone = parseMobile(e164);
  if (!phone) return e164;
  return phone.countryCallingCode === '1' ? phone.formatNational() : phone.formatInternational();
}

const emailSpec: FormSpec<'email'> = {
  email: { kind: 'text', requestKey: 'email', i18nKey: 'contact.fields.email' },
};

function EmailChangeForm({
  onSent,
  onError,
}: {
  onSent: (email: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const form = useRequestForm(emailSpec, emailChangeRequest);
  const props = useBoundField(form, emailSpec, 'email');
  const send = useMutation({
    mutationFn: requestEmailChange,
    onSuccess: (answer) => onSent(answer.pendingEmail),
    onError,
  });
  return (
    <>
      {send.isError && !isAboutFields(send.error) ? <ApiErrorAlert error={send.error} /> : null}
      <RequestForm
        form={form}
        spec={emailSpec}
        onSubmit={send.mutateAsync}
        onInvalid={send.reset}
        submitLabel={t('contact.emailSubmit')}
        pendingLabel={t('contact.emailSubmitting')}
      >
        <TextField {...props} autoFocus type="email" autoComplete="email" spellCheck="false" />
      </RequestForm>
    </>
  );
}

/**
 * Email address and mobile number, and sign-in codes sent to them. Every change needs a recent
 * step-up: a button pressed without one takes the person to the step-up panel instead.
 */
export function ContactSection() {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const { isRecent } = useStepUp();
  const pointAtStepUp = usePointAtStepUp();
  const contact = useQuery({ queryKey: CONTACT_QUERY_KEY, queryFn: fetchContact });
  const [open, setOpen] = useState<Open>();
  const [done, setDone] = useState<Done>();

  const onError = (error: unknown) => {
    if (isStepUpRequired(error)) pointAtStepUp();
  };
  const finish = (what: Done) => {
    setOpen(undefined);
    setDone(what);
    void queryClient.invalidateQueries({ queryKey: CONTACT_QUERY_KEY });
    void queryClient.invalidateQueries({ queryKey: FACTORS_QUERY_KEY });
  };
  /** Does a change, or takes the person to the step-up panel first when it would be refused. */
  const act = (change: () => void) => {
    setDone(undefined);
    if (isRecent) change();
    else pointAtStepUp();
  };
  const start = (what: Open) => act(() => setOpen(what));
  const codes = useMutation({
    mutationFn: setCodeFactors,
    onSuccess: (_answer, request) => {
      if (request.email === false) finish({ kind: 'emailCodesOff' });
      else finish({ kind: request.sms ? 'smsCodesOn' : 'smsCodesOff' });
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: removePhone,
    onSuccess: () => finish({ kind: 'phoneRemoved' }),
    onError,
  });
  const failed = [codes, remove].find((m) => m.isError && !isStepUpRequired(m.error));
  const cancel = (
    <Button variant="quiet" onPress={() => setOpen(undefined)}>
      {t('contact.cancel')}
    </Button>
  );

  return (
    <section aria-labelledby={titleId} className="security-section contact-section">
      <h2 id={titleId}>{t('contact.title')}</h2>
      {isRecent ? null : <StepUpNeeded />}
      {done ? (
        <Notice>
          {t(`contact.done.${done.kind}`, done.kind === 'emailSent' ? { email: done.email } : {})}
        </Notice>
      ) : null}
      {failed ? <ApiErrorAlert error={failed.error} /> : null}
      {contact.isPending ? (
        <p role="status" className="status">
          {t('contact.loading')}
        </p>
      ) : contact.isError ? (
        <>
          <ApiErrorAlert error={contact.error} />
          <Button isPending={contact.isFetching} onPress={() => void contact.refetch()}>
            {t('contact.retry')}
          </Button>
        </>
      ) : (
        <>
          <h3>{t('contact.emailTitle')}</h3>
          <p className="contact-section__value">{contact.data.email}</p>
          {contact.data.pendingEmail ? (
            <p className="note">{t('contact.emailPending', { email: contact.data.pendingEmail })}</p>
          ) : null}
          {open === 'email' ? (
            <div className="contact-section__form">
              <EmailChangeForm onSent={(email) => finish({ kind: 'emailSent', email })} onError={onError} />
              {cancel}
            </div>
          ) : (
            <Button variant="secondary" onPress={() => start('email')}>
              {t('contact.changeEmail')}
            </Button>
          )}

          <h3>{t('contact.phoneTitle')}</h3>
          <p className="contact-section__value">
            {contact.data.phone && contact.data.phoneVerified
              ? formatPhone(contact.data.phone)
              : t('contact.noPhone')}
          </p>
          {open === 'phone' ? (
            <div className="contact-section__form">
              <PhoneVerify autoFocus onVerified={() => finish({ kind: 'phoneAdded' })} onError={onError} />
              {cancel}
            </div>
          ) : (
            <div className="contact-section__actions">
              <Button variant="secondary" onPress={() => start('phone')}>
                {t(contact.data.phoneVerified ? 'contact.changePhone' : 'contact.addPhone')}
              </Button>
              {contact.data.phoneVerified ? (
                <Button
                  variant="quiet"
                  isPending={remove.isPending}
                  onPress={() => act(() => remove.mutate())}
                >
                  {remove.isPending ? t('contact.removingPhone') : t('contact.removePhone')}
                </Button>
              ) : null}
            </div>
          )}

          <h3>{t('contact.codesTitle')}</h3>
          <p>{t('contact.codesLead')}</p>
          <div className="contact-section__factor">
            <p className="contact-section__value">
              {t(contact.data.emailCodes ? 'contact.emailCodesOn' : 'contact.emailCodesOff')}
            </p>
            {contact.data.emailCodes ? (
              <Button
                variant="secondary"
                isPending={codes.isPending && codes.variables.email === false}
                onPress={() => act(() => codes.mutate({ email: false }))}
              >
                {t('contact.turnOffEmail')}
              </Button>
            ) : open === 'emailCodes' ? (
              <div className="contact-section__form">
                <EmailCodesOn autoFocus onDone={() => finish({ kind: 'emailCodesOn' })} onError={onError} />
                {cancel}
              </div>
            ) : (
              <Button variant="secondary" onPress={() => start('emailCodes')}>
                {t('contact.turnOnEmail')}
              </Button>
            )}
          </div>
          <div className="contact-section__factor">
            <p className="contact-section__value">
              {t(contact.data.smsCodes ? 'contact.smsCodesOn' : 'contact.smsCodesOff')}
            </p>
            {contact.data.phoneVerified ? (
              <Button
                variant="secondary"
                isPending={codes.isPending && codes.variables.sms !== undefined}
                onPress={() => act(() => codes.mutate({ sms: !contact.data.smsCodes }))}
              >
                {t(contact.data.smsCodes ? 'contact.turnOffSms' : 'contact.turnOnSms')}
              </Button>
            ) : (
              <p className="note">{t('contact.smsNeedsPhone')}</p>
            )}
          </div>
          <p className="note">{t('contact.risk')}</p>
        </>
      )}
    </section>
  );
}
