import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Checkbox, Form, Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { cents, centsToDecimalString, MoneyError, parseCents } from '../../../core/money.ts';
import {
  AUTOPAY_MAX_DAYS_BEFORE_DUE,
  type AutopayRequest,
  type AutopayResponse,
} from '../../../payments/autopay.schemas.ts';
import { ACCOUNTS_QUERY_KEY } from '../../api/accounts.ts';
import { autopayQueryKey, cancelAutopay, fetchAutopay, putAutopay } from '../../api/autopay.ts';
import { ApiError } from '../../api/client.ts';
import { PAYMENTS_QUERY_KEY } from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { LegalText } from '../../components/legal-text.tsx';
import { Money } from '../../components/money.tsx';
import { MoneyField } from '../../components/money-field.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Fact, MethodName } from './parts.tsx';
import { usePaymentMethods } from './payment-methods.tsx';

type Answer = AutopayResponse;

/** The terms being chosen; the extra amount stays text until the review turns it into cents. */
type Draft = { methodId: string; extra: string; daysBeforeDue: string; accepted: boolean };
type Problems = Partial<Record<'method' | 'extra' | 'days' | 'accepted', string>>;

function useAutopayUpdate(contractNumber: string) {
  const queryClient = useQueryClient();
  return (answer: Answer) => {
    queryClient.setQueryData(autopayQueryKey(contractNumber), answer);
    void queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY });
    void queryClient.invalidateQueries({ queryKey: PAYMENTS_QUERY_KEY });
  };
}

function TermsFacts({
  answer,
  methodLabel,
  extraCents,
  daysBeforeDue,
}: {
  answer: Answer;
  methodLabel: ReactNode;
  extraCents: number;
  daysBeforeDue: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('autopay.facts.method')}>{methodLabel}</Fact>
      <Fact label={t('autopay.facts.amount')}>
        {extraCents > 0 ? (
          <>
            <Money cents={answer.scheduledPaymentCents} /> + <Money cents={extraCents} />{' '}
            {t('autopay.facts.extraPrincipal')}
          </>
        ) : (
          <>
            <Money cents={answer.scheduledPaymentCents} /> {t('autopay.facts.scheduledPayment')}
          </>
        )}
      </Fact>
      <Fact label={t('autopay.facts.when')}>
        {daysBeforeDue === 0
          ? t('autopay.facts.onDueDate')
          : t('autopay.facts.daysBefore', { count: daysBeforeDue })}
      </Fact>
    </>
  );
}

/**
 * Enrol, or change the terms: method, extra principal, days before the due date, and the authorization
 * read in full and accepted; then a review of what was chosen, then the confirmation.
 */
function EnrolForm({
  contractNumber,
  answer,
  onDone,
  onCancel,
}: {
  contractNumber: string;
  answer: Answer;
  onDone: (message: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const methods = usePaymentMethods();
  const update = useAutopayUpdate(contractNumber);
  const current = answer.enrollment;
  const [draft, setDraft] = useState<Draft>({
    methodId: current?.method.status === 'active' ? current.method.id : '',
    extra:
      current && current.extraPrincipalCents > 0
        ? centsToDecimalString(cents(current.extraPrincipalCents))
        : '',
    daysBeforeDue: String(current?.daysBeforeDue ?? 0),
    accepted: false,
  });
  const [problems, setProblems] = useState<Problems>({});
  const [review, setReview] = useState<AutopayRequest>();
  const active = methods.data?.filter((m) => m.status === 'active') ?? [];
  const defaultMethod = active.find((m) => m.isDefault)?.id ?? active[0]?.id ?? '';
  const methodId = draft.methodId || defaultMethod;
  const change = (next: Partial<Draft>) => {
    setReview(undefined);
    setDraft((d) => ({ ...d, ...next }));
  };

  const save = useMutation({
    mutationFn: (request: AutopayRequest) => putAutopay(contractNumber, request),
    onSuccess: (saved) => {
      update(saved);
      onDone(current ? t('autopay.changed') : t('autopay.enrolled'));
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const { paymentMethodId, extraPrincipalCents, daysBeforeDue, authorizationVersion } = error.fields;
      const found: Problems = {
        ...(paymentMethodId ? { method: paymentMethodId } : {}),
        ...(extraPrincipalCents ? { extra: extraPrincipalCents } : {}),
        ...(daysBeforeDue ? { days: daysBeforeDue } : {}),
        ...(authorizationVersion ? { accepted: authorizationVersion } : {}),
      };
      if (Object.keys(found).length > 0) {
        setProblems(found);
        setReview(undefined);
      }
    },
  });

  const toReview = () => {
    const found: Problems = {};
    if (!active.some((m) => m.id === methodId)) found.method = t('autopay.form.chooseMethod');
    let extraCents = 0;
    if (draft.extra.trim() !== '') {
      try {
        extraCents = parseCents(draft.extra);
        if (extraCents < 0) found.extra = t('autopay.form.extraNotNegative');
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        found.extra = t('validation.money.format');
      }
    }
    if (!draft.accepted) found.accepted = t('autopay.form.mustAccept');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setReview({
      paymentMethodId: methodId,
      extraPrincipalCents: extraCents,
      daysBeforeDue: Number(draft.daysBeforeDue),
      authorizationVersion: answer.authorization.version,
    });
  };

  if (methods.isPending) {
    return (
      <p role="status" className="status">
        {t('autopay.loading')}
      </p>
    );
  }
  if (methods.isError) return <ApiErrorAlert error={methods.error} />;
  if (active.length === 0) {
    return (
      <p className="empty-state">
        {t('autopay.form.noMethods')} <Link href="/payment-methods">{t('autopay.form.addMethod')}</Link>
      </p>
    );
  }

  if (review) {
    const method = active.find((m) => m.id === review.paymentMethodId)!;
    return (
      <div className="autopay-review" data-testid="autopay-review">
        <h2>{t('autopay.review.heading')}</h2>
        <dl className="result-list">
          <TermsFacts
            answer={answer}
            methodLabel={<MethodName method={method} />}
            extraCents={review.extraPrincipalCents ?? 0}
            daysBeforeDue={review.daysBeforeDue ?? 0}
          />
        </dl>
        <p className="note">{t('autopay.review.finalPayment')}</p>
        <p className="note">{t('autopay.review.notice')}</p>
        {save.isError && !(save.error instanceof ApiError && Object.keys(save.error.fields).length > 0) ? (
          <ApiErrorAlert error={save.error} />
        ) : null}
        <div role="status" className="status">
          {save.isPending ? t('autopay.review.saving') : ''}
        </div>
        <div className="request-form__actions">
          <Button isPending={save.isPending} onPress={() => save.mutate(review)}>
            {current ? t('autopay.review.confirmChange') : t('autopay.review.confirm')}
          </Button>
          <Button variant="secondary" isDisabled={save.isPending} onPress={() => setReview(undefined)}>
            {t('autopay.review.back')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <Form
      className="request-form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        toReview();
      }}
    >
      <SelectField
        id="autopay-method"
        label={t('autopay.form.method')}
        options={active.map((m) => ({
          id: m.id,
          label: t('payments.method.name', { nickname: m.nickname, last4: m.last4 }),
        }))}
        value={methodId}
        onChange={(id) => change({ methodId: id })}
        errorMessage={problems.method}
        isRequired
      />
      <p className="note">
        {t('autopay.form.scheduledPayment')} <Money cents={answer.scheduledPaymentCents} />
      </p>
      <MoneyField
        id="autopay-extra"
        label={t('autopay.form.extra')}
        description={t('autopay.form.extraDescription')}
        value={draft.extra}
        onChange={(extra) => change({ extra })}
        errorMessage={problems.extra}
      />
      <SelectField
        id="autopay-days"
        label={t('autopay.form.days')}
        description={t('autopay.form.daysDescription')}
        options={Array.from({ length: AUTOPAY_MAX_DAYS_BEFORE_DUE + 1 }, (_, days) => ({
          id: String(days),
          label: days === 0 ? t('autopay.facts.onDueDate') : t('autopay.facts.daysBefore', { count: days }),
        }))}
        value={draft.daysBeforeDue}
        onChange={(daysBeforeDue) => change({ daysBeforeDue })}
        errorMessage={problems.days}
        isRequired
      />
      <LegalText
        id="autopay-authorization"
        className="autopay-authorization"
        heading={t('autopay.authorization.heading')}
        level={3}
        text={answer.authorization.text}
        versionNote={t('autopay.authorization.version', { version: answer.authorization.version })}
      />
      <div className="field">
        {/* The shared .checkbox centres a lone box; with a label beside it the two sit apart, left aligned. */}
        <Checkbox
          className="checkbox autopay-accept"
          style={{ justifyContent: 'flex-start', gap: '0.75rem' }}
          isSelected={draft.accepted}
          onChange={(accepted) => {
            change({ accepted });
            if (accepted) setProblems((found) => ({ ...found, accepted: undefined }));
          }}
          isInvalid={Boolean(problems.accepted)}
        >
          <span className="checkbox__box" aria-hidden="true" style={{ flexShrink: 0 }} />
          {t('autopay.form.accept')}
        </Checkbox>
        {problems.accepted ? <p className="field__error">{problems.accepted}</p> : null}
      </div>
      <div className="request-form__actions">
        <Button type="submit">{t('autopay.form.review')}</Button>
        {onCancel ? (
          <Button variant="secondary" onPress={onCancel}>
            {t('autopay.form.keep')}
          </Button>
        ) : null}
      </div>
    </Form>
  );
}

/** Pause or cancel, each after a confirmation; resume at once (it asks nothing new). */
function EnrolmentActions({
  contractNumber,
  answer,
  onChange,
  onDone,
}: {
  contractNumber: string;
  answer: Answer;
  onChange: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const update = useAutopayUpdate(contractNumber);
  const [isPauseOpen, setPauseOpen] = useState(false);
  const [isCancelOpen, setCancelOpen] = useState(false);
  const status = answer.enrollment!.status;
  const setStatus = useMutation({
    mutationFn: (next: 'active' | 'paused') => putAutopay(contractNumber, { status: next }),
    onSuccess: (saved, next) => {
      setPauseOpen(false);
      update(saved);
      onDone(next === 'paused' ? t('autopay.paused') : t('autopay.resumed'));
    },
  });
  const cancel = useMutation({
    mutationFn: () => cancelAutopay(contractNumber),
    onSuccess: (saved) => {
      setCancelOpen(false);
      update(saved);
      onDone(t('autopay.cancelled'));
    },
  });
  const pause = {
    isPending: setStatus.isPending,
    isError: setStatus.isError,
    error: setStatus.error,
    mutate: () => setStatus.mutate('paused'),
    reset: setStatus.reset,
  };
  return (
    <div className="account-actions autopay-actions">
      <Button onPress={onChange}>
        {status === 'suspended' ? t('autopay.setUpAgain') : t('autopay.change')}
      </Button>
      {status === 'active' ? (
        <ConfirmDialog
          triggerLabel={t('autopay.pause')}
          title={t('autopay.pauseTitle')}
          confirmLabel={t('autopay.pauseConfirm')}
          keepLabel={t('autopay.keep')}
          action={pause}
          isOpen={isPauseOpen}
          onOpenChange={setPauseOpen}
        >
          <p>{t('autopay.pauseBody')}</p>
        </ConfirmDialog>
      ) : null}
      {status === 'paused' ? (
        <Button
          variant="secondary"
          isPending={setStatus.isPending}
          onPress={() => setStatus.mutate('active')}
        >
          {t('autopay.resume')}
        </Button>
      ) : null}
      <ConfirmDialog
        triggerLabel={t('autopay.cancel')}
        title={t('autopay.cancelTitle')}
        confirmLabel={t('autopay.cancelConfirm')}
        keepLabel={t('autopay.keep')}
        action={cancel}
        isOpen={isCancelOpen}
        onOpenChange={setCancelOpen}
      >
        <p>{t('autopay.cancelBody')}</p>
      </ConfirmDialog>
      {setStatus.isError && !isPauseOpen ? <ApiErrorAlert error={setStatus.error} /> : null}
    </div>
  );
}

function Enrolment({
  contractNumber,
  answer,
  onDone,
}: {
  contractNumber: string;
  answer: Answer;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [isChanging, setChanging] = useState(false);
  const enrollment = answer.enrollment!;
  if (isChanging) {
    return (
      <EnrolForm
        contractNumber={contractNumber}
        answer={answer}
        onCancel={() => setChanging(false)}
        onDone={(message) => {
          setChanging(false);
          onDone(message);
        }}
      />
    );
  }
  return (
    <>
      <p className={`autopay-status autopay-status--${enrollment.status}`} data-testid="autopay-status">
        <strong>{t(`autopay.status.${enrollment.status}`)}</strong>
      </p>
      {enrollment.status === 'suspended' ? <p>{t('autopay.suspendedHelp')}</p> : null}
      {enrollment.status === 'paused' ? <p>{t('autopay.pausedHelp')}</p> : null}
      <dl className="result-list">
        <TermsFacts
          answer={answer}
          methodLabel={
            <>
              <MethodName method={enrollment.method} />
              {enrollment.method.status === 'active' ? null : (
                <span className="note"> {t('autopay.methodUnusable')}</span>
              )}
            </>
          }
          extraCents={enrollment.extraPrincipalCents}
          daysBeforeDue={enrollment.daysBeforeDue}
        />
        <Fact label={t('autopay.facts.next')}>
          {answer.nextDebit ? (
            <span data-testid="autopay-next">
              <Money cents={answer.nextDebit.amountCents} /> {t('autopay.facts.on')}{' '}
              <DateDisplay date={answer.nextDebit.date} />
              {answer.nextDebit.isFinal ? ` ${t('autopay.facts.final')}` : ''}
            </span>
          ) : (
            t('autopay.facts.noNext')
          )}
        </Fact>
      </dl>
      {answer.nextDebit?.paymentId ? (
        <p className="note">
          {t('autopay.scheduledNote')} <Link href="/payments">{t('autopay.paymentsLink')}</Link>
        </p>
      ) : null}
      {enrollment.enrolledByMe ? (
        answer.canManage ? (
          <EnrolmentActions
            contractNumber={contractNumber}
            answer={answer}
            onChange={() => setChanging(true)}
            onDone={onDone}
          />
        ) : null
      ) : (
        <p className="note">{t('autopay.byOther')}</p>
      )}
    </>
  );
}

/** AutoPay on one contract: its status and next debit, or the enrolment with the authorization. */
export function AutopayPage() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const [message, setMessage] = useState('');
  const autopay = useQuery({
    queryKey: autopayQueryKey(contractNumber),
    queryFn: () => fetchAutopay(contractNumber),
  });
  return (
    <div className="autopay-page narrow-page">
      <PageTitle>{t('autopay.title', { contractNumber })}</PageTitle>
      <p>
        <Link href={`/accounts/${encodeURIComponent(contractNumber)}`}>
          {t('autopay.backToAccount', { contractNumber })}
        </Link>
      </p>
      <p className="lead">{t('autopay.intro')}</p>
      {message ? <Notice>{message}</Notice> : null}
      {autopay.isPending ? (
        <p role="status" className="status">
          {t('autopay.loading')}
        </p>
      ) : autopay.isError ? (
        <>
          <ApiErrorAlert error={autopay.error} />
          <Button isPending={autopay.isFetching} onPress={() => void autopay.refetch()}>
            {t('autopay.retry')}
          </Button>
        </>
      ) : autopay.data.enrollment ? (
        <Enrolment contractNumber={contractNumber} answer={autopay.data} onDone={setMessage} />
      ) : (
        <>
          <p data-testid="autopay-status">
            <strong>{t('autopay.status.off')}</strong>
          </p>
          {autopay.data.canManage ? (
            <EnrolForm contractNumber={contractNumber} answer={autopay.data} onDone={setMessage} />
          ) : (
            <p className="note">{t('autopay.cannotManage')}</p>
          )}
        </>
      )}
    </div>
  );
}
