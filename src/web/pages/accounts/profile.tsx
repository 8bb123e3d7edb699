import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import parsePhone from 'libphonenumber-js';
import { type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { Checkbox, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  mailingAddress,
  PHONE_KINDS,
  type Profile,
  phonesChange,
} from '../../../accounts/profile.schemas.ts';
import { US_STATE_CODES } from '../../../core/us-address.ts';
import {
  MAX_REMINDER_DAYS,
  MIN_REMINDER_DAYS,
  NOTICE_EVENTS,
  type NoticeEvent,
  type Preferences,
  type PreferencesAnswer,
} from '../../../notifications/preferences.schemas.ts';
import { isSignedOutError } from '../../api/auth.ts';
import { ApiError, isAboutFields } from '../../api/client.ts';
import {
  changeAddress,
  changePhones,
  fetchPreferences,
  fetchProfile,
  PREFERENCES_QUERY_KEY,
  PROFILE_QUERY_KEY,
  savePreferences,
} from '../../api/profile.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Table } from '../../components/table.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useBoundSelect,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec, FormValues } from '../../forms/request-resolver.ts';
import { useMe } from '../../session/me.ts';
import { isStepUpRequired, StepUpPanel, usePointAtStepUp, useStepUp } from '../identity/security/step-up.tsx';

/** A number as people write it: (201) 555-0123 at home, +44 20 7946 0958 abroad. */
function formatPhone(e164: string): string {
  const phone = parsePhone(e164);
  if (!phone) return e164;
  return phone.countryCallingCode === '1' ? phone.formatNational() : phone.formatInternational();
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="profile-section">
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}

type AddressField = 'line1' | 'line2' | 'city' | 'state' | 'zip';
const addressSpec: FormSpec<AddressField> = {
  line1: { kind: 'text', requestKey: 'line1', i18nKey: 'profile.fields.line1' },
  line2: { kind: 'optional', requestKey: 'line2', i18nKey: 'profile.fields.line2' },
  city: { kind: 'text', requestKey: 'city', i18nKey: 'profile.fields.city' },
  state: { kind: 'text', requestKey: 'state', i18nKey: 'profile.fields.state' },
  zip: { kind: 'text', requestKey: 'zip', i18nKey: 'profile.fields.zip' },
};

type PhoneField = (typeof PHONE_KINDS)[number];
const phoneSpec: FormSpec<PhoneField> = {
  main: { kind: 'optional', requestKey: 'main', i18nKey: 'profile.fields.main' },
  mobile: { kind: 'optional', requestKey: 'mobile', i18nKey: 'profile.fields.mobile' },
  work: { kind: 'optional', requestKey: 'work', i18nKey: 'profile.fields.work' },
};

const STATE_OPTIONS = US_STATE_CODES.map((code) => ({ id: code, label: code }));

/** The state as a react-aria Select bound to the form like the text fields, so errors land on it too. */
function StateSelect<Request>({ form }: { form: RequestFormApi<Request> }) {
  const { t } = useTranslation();
  const options = useMemo(
    () => STATE_OPTIONS.map((o) => ({ ...o, label: t(`profile.states.${o.id}`, { defaultValue: o.id }) })),
    [t],
  );
  return (
    <SelectField
      {...useBoundSelect(form, addressSpec, 'state')}
      options={options}
      placeholder={t('profile.fields.state.placeholder')}
    />
  );
}

/** Fills a form with what is on file when it opens. */
function useInitialValues<Request>(form: RequestFormApi<Request>, values: FormValues) {
  useEffect(() => form.reset(values), [form, values]);
}

function AddressForm({ profile, onSaved, onError }: FormProps) {
  const { t } = useTranslation();
  const form = useRequestForm(addressSpec, mailingAddress);
  const initial = useMemo(() => ({ ...profile.address, line2: profile.address.line2 ?? '' }), [profile]);
  useInitialValues(form, initial);
  const save = useMutation({ mutationFn: changeAddress, onSuccess: onSaved, onError });
  return (
    <>
      {save.isError && !isAboutFields(save.error) && !isStepUpRequired(save.error) ? (
        <ApiErrorAlert error={save.error} />
      ) : null}
      <RequestForm
        form={form}
        spec={addressSpec}
        onSubmit={save.mutateAsync}
        onInvalid={save.reset}
        submitLabel={t('profile.address.submit')}
        pendingLabel={t('profile.saving')}
      >
        <TextField {...useBoundField(form, addressSpec, 'line1')} autoFocus autoComplete="address-line1" />
        <TextField {...useBoundField(form, addressSpec, 'line2')} autoComplete="address-line2" />
        <TextField {...useBoundField(form, addressSpec, 'city')} autoComplete="address-level2" />
        <StateSelect form={form} />
        <TextField
          {...useBoundField(form, addressSpec, 'zip')}
          autoComplete="postal-code"
          inputMode="numeric"
        />
      </RequestForm>
    </>
  );
}

function PhonesForm({ profile, onSaved, onError }: FormProps) {
  const { t } = useTranslation();
  const form = useRequestForm(phoneSpec, phonesChange);
  const initial = useMemo(
    () =>
      Object.fromEntries(
        PHONE_KINDS.map((kind) => {
          const phone = profile.phones[kind];
          return [kind, phone ? formatPhone(phone) : ''];
        }),
      ),
    [profile],
  );
  useInitialValues(form, initial);
  const save = useMutation({ mutationFn: changePhones, onSuccess: onSaved, onError });
  return (
    <>
      {save.isError && !isAboutFields(save.error) && !isStepUpRequired(save.error) ? (
        <ApiErrorAlert error={save.error} />
      ) : null}
      <RequestForm
        form={form}
        spec={phoneSpec}
        onSubmit={save.mutateAsync}
        onInvalid={save.reset}
        submitLabel={t('profile.phones.submit')}
        pendingLabel={t('profile.saving')}
      >
        {PHONE_KINDS.map((kind) => (
          <PhoneInput key={kind} form={form} kind={kind} autoFocus={kind === 'main'} />
        ))}
      </RequestForm>
    </>
  );
}

function PhoneInput<Request>({
  form,
  kind,
  autoFocus,
}: {
  form: RequestFormApi<Request>;
  kind: PhoneField;
  autoFocus: boolean;
}) {
  return (
    <TextField
      {...useBoundField(form, phoneSpec, kind)}
      autoFocus={autoFocus}
      type="tel"
      autoComplete={kind === 'mobile' ? 'mobile tel' : kind === 'work' ? 'work tel' : 'tel'}
    />
  );
}

type FormProps = { profile: Profile; onSaved: () => void; onError: (error: unknown) => void };

type Open = 'address' | 'phones';

/**
 * Name, mailing address, phones and email. Address and phone changes need a recent sign-in or
 * step-up (they are where notices, payoff letters and the title go): pressing Change without one
 * takes the person to the step-up panel at the top of the page, as a refused save does.
 */
function ProfileDetails({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { isRecent } = useStepUp();
  const pointAtStepUp = usePointAtStepUp();
  const [open, setOpen] = useState<Open>();
  const [done, setDone] = useState<Open>();

  const start = (what: Open) => {
    setDone(undefined);
    if (isRecent) setOpen(what);
    else pointAtStepUp();
  };
  const formProps = (what: Open): FormProps => ({
    profile,
    onSaved: () => {
      setOpen(undefined);
      setDone(what);
      void queryClient.invalidateQueries({ queryKey: PROFILE_QUERY_KEY });
    },
    onError: (error) => {
      if (isStepUpRequired(error)) pointAtStepUp();
    },
  });
  const cancel = (
    <Button variant="quiet" onPress={() => setOpen(undefined)}>
      {t('profile.cancel')}
    </Button>
  );
  const { address, phones } = profile;

  return (
    <>
      {done ? <Notice>{t(`profile.${done}.saved`)}</Notice> : null}
      <Section title={t('profile.name.title')}>
        <dl className="result-list">
          <div className="result-list__item">
            <dt>{t('profile.name.label')}</dt>
            <dd>{profile.name}</dd>
          </div>
          <div className="result-list__item">
            <dt>{t('profile.name.userId')}</dt>
            <dd>{profile.userId}</dd>
          </div>
        </dl>
        <p className="note">{t('profile.name.changeByRequest')}</p>
      </Section>

      <Section title={t('profile.address.title')}>
        {open === 'address' ? (
          <div className="profile-section__form">
            <AddressForm {...formProps('address')} />
            {cancel}
          </div>
        ) : (
          <>
            <address className="profile-section__value" data-testid="mailing-address">
              {address.line1}
              <br />
              {address.line2 ? (
                <>
                  {address.line2}
                  <br />
                </>
              ) : null}
              {address.city}, {address.state} {address.zip}
            </address>
            <Button variant="secondary" onPress={() => start('address')}>
              {t('profile.address.change')}
            </Button>
          </>
        )}
      </Section>

      <Section title={t('profile.phones.title')}>
        {open === 'phones' ? (
          <div className="profile-section__form">
            <PhonesForm {...formProps('phones')} />
            {cancel}
          </div>
        ) : (
          <>
            <dl className="result-list">
              {PHONE_KINDS.map((kind) => (
                <div key={kind} className="result-list__item">
                  <dt>{t(`profile.fields.${kind}.label`)}</dt>
                  <dd>{phones[kind] ? formatPhone(phones[kind]) : t('profile.phones.none')}</dd>
                </div>
              ))}
            </dl>
            <Button variant="secondary" onPress={() => start('phones')}>
              {t('profile.phones.change')}
            </Button>
          </>
        )}
      </Section>

      <Section title={t('profile.email.title')}>
        <p className="profile-section__value">{profile.email.address}</p>
        {profile.email.pending ? (
          <p className="note">{t('profile.email.pending', { email: profile.email.pending })}</p>
        ) : null}
        <p>
          {t('profile.email.changeLead')}{' '}
          <Link href="/account/security">{t('profile.email.changeLink')}</Link>
        </p>
      </Section>
    </>
  );
}

const REMINDER_OPTIONS = Array.from({ length: MAX_REMINDER_DAYS - MIN_REMINDER_DAYS + 1 }, (_, i) => {
  const days = String(MIN_REMINDER_DAYS + i);
  return { id: days, label: days };
});

/** What the person chooses: the answer without what the server tells about the choices. */
function choicesOf({ smsAvailable: _, ...choices }: PreferencesAnswer): Preferences {
  return choices;
}

/** The events × channels table, the reminder's days and paperless, saved together. */
function PreferencesForm({ initial }: { initial: PreferencesAnswer }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState(() => choicesOf(initial));
  const save = useMutation({
    mutationFn: savePreferences,
    onSuccess: (answer) => {
      setChoice(choicesOf(answer));
      queryClient.setQueryData(PREFERENCES_QUERY_KEY, answer);
    },
  });
  const setChannel = (event: NoticeEvent, channel: 'email' | 'sms', on: boolean) => {
    save.reset();
    setChoice((c) => ({
      ...c,
      channels: { ...c.channels, [event]: { ...c.channels[event], [channel]: on } },
    }));
  };
  const reminderOptions = useMemo(
    () =>
      REMINDER_OPTIONS.map((o) => ({ ...o, label: t('profile.preferences.days', { count: Number(o.id) }) })),
    [t],
  );
  const fieldError = (key: string) => (save.error instanceof ApiError ? save.error.fields[key] : undefined);

  return (
    <>
      <Table
        caption={t('profile.preferences.caption')}
        rowKey={(event) => event}
        rows={[...NOTICE_EVENTS]}
        columns={[
          {
            key: 'event',
            header: t('profile.preferences.event'),
            isRowHeader: true,
            cell: (event) => (
              <>
                {t(`profile.preferences.events.${event}`)}
                {event === 'security_alerts' ? (
                  <span className="note profile-prefs__always">{t('profile.preferences.alwaysOn')}</span>
                ) : null}
              </>
            ),
          },
          ...(['email', 'sms'] as const).map((channel) => ({
            key: channel,
            header: t(`profile.preferences.channels.${channel}`),
            cell: (event: NoticeEvent) => (
              <Checkbox
                className="checkbox"
                isSelected={choice.channels[event][channel]}
                onChange={(on) => setChannel(event, channel, on)}
                isDisabled={
                  (event === 'security_alerts' && channel === 'email') ||
                  (channel === 'sms' && !initial.smsAvailable)
                }
                isInvalid={Boolean(fieldError(`channels.${event}.${channel}`))}
                aria-label={t('profile.preferences.checkbox', {
                  event: t(`profile.preferences.events.${event}`),
                  channel: t(`profile.preferences.channels.${channel}`),
                })}
              >
                <span className="checkbox__box" aria-hidden="true" />
              </Checkbox>
            ),
          })),
        ]}
      />
      {initial.smsAvailable ? null : (
        <p className="note">
          {t('profile.preferences.smsUnavailable')}{' '}
          <Link href="/account/security">{t('profile.preferences.smsLink')}</Link>
        </p>
      )}
      <SelectField
        id="dueReminderDays"
        label={t('profile.preferences.reminderLabel')}
        description={t('profile.preferences.reminderDescription')}
        options={reminderOptions}
        value={String(choice.dueReminderDays)}
        onChange={(days) => {
          save.reset();
          setChoice((c) => ({ ...c, dueReminderDays: Number(days) }));
        }}
        errorMessage={fieldError('dueReminderDays')}
      />
      {/* Paperless changes only through the E-SIGN consent, on its own page; saving here keeps it. */}
      <div className="profile-prefs__paperless">
        <p data-testid="paperless-preference">
          <strong>{t('profile.preferences.paperless')}:</strong>{' '}
          {initial.paperless ? t('profile.preferences.paperlessOn') : t('profile.preferences.paperlessOff')}
        </p>
        <p>
          <Link href="/paperless">
            {initial.paperless
              ? t('profile.preferences.paperlessManage')
              : t('profile.preferences.paperlessStart')}
          </Link>
        </p>
      </div>
      {save.isError ? <ApiErrorAlert error={save.error} /> : null}
      {save.isSuccess ? <Notice>{t('profile.preferences.saved')}</Notice> : null}
      <Button
        isPending={save.isPending}
        onPress={() => save.mutate({ ...choice, paperless: initial.paperless })}
      >
        {save.isPending ? t('profile.saving') : t('profile.preferences.submit')}
      </Button>
    </>
  );
}

function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="status">
      {what}
    </p>
  );
}

function Failed({ error, retry, isRetrying }: { error: Error; retry: () => void; isRetrying: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <ApiErrorAlert error={error} />
      <Button isPending={isRetrying} onPress={retry}>
        {t('profile.retry')}
      </Button>
    </>
  );
}

function CustomerProfile() {
  const { t } = useTranslation();
  const profile = useQuery({ queryKey: PROFILE_QUERY_KEY, queryFn: fetchProfile });
  const preferences = useQuery({ queryKey: PREFERENCES_QUERY_KEY, queryFn: fetchPreferences });
  return (
    <>
      <StepUpPanel />
      {profile.isPending ? (
        <Loading what={t('profile.loading')} />
      ) : profile.isError ? (
        <Failed error={profile.error} retry={() => void profile.refetch()} isRetrying={profile.isFetching} />
      ) : (
        <ProfileDetails profile={profile.data} />
      )}
      <Section title={t('profile.preferences.title')}>
        <p>{t('profile.preferences.lead')}</p>
        {preferences.isPending ? (
          <Loading what={t('profile.preferences.loading')} />
        ) : preferences.isError ? (
          <Failed
            error={preferences.error}
            retry={() => void preferences.refetch()}
            isRetrying={preferences.isFetching}
          />
        ) : (
          <PreferencesForm initial={preferences.data} />
        )}
      </Section>
    </>
  );
}

/** The customer's profile and communication preferences. Staff have none here (the server answers 404). */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="narrow-page profile-page">
      <PageTitle>{t('profile.title')}</PageTitle>
      <p className="lead">{t('profile.lead')}</p>
      {me.isSuccess ? (
        me.data.me.kind === 'staff' ? (
          <p>{t('profile.staff')}</p>
        ) : (
          <CustomerProfile />
        )
      ) : me.isError && !isSignedOutError(me.error) ? (
        <ApiErrorAlert error={me.error} />
      ) : (
        <Loading what={t('profile.loading')} />
      )}
    </div>
  );
}
