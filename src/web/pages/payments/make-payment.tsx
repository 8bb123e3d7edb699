import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Form, Label, Link, Radio, RadioGroup } from 'react-aria-components';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { AccountSummary } from '../../../accounts/accounts.schemas.ts';
import { calendarDate } from '../../../core/dates.ts';
import { cents, formatUsd, MoneyError, parseCents } from '../../../core/money.ts';
import type { PaymentOrder, PaymentPreview, PaymentRequest } from '../../../payments/payments.schemas.ts';
import { ACCOUNTS_QUERY_KEY, fetchAccounts } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { canPayOnline, makePayment, PAYMENTS_QUERY_KEY, previewPayment } from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { MoneyField } from '../../components/money-field.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { useVehicleName } from '../accounts/account.tsx';
import { BankAccountForm } from './add-method.tsx';
import {
  DateAndSplit,
  Fact,
  MethodName,
  PaymentDatePicker,
  paymentDateBounds,
  useTodayQuote,
} from './parts.tsx';
import { usePaymentMethods } from './payment-methods.tsx';

const STEPS = ['amount', 'method', 'date', 'review'] as const;
type Step = (typeof STEPS)[number];

type AmountOption = 'due' | 'pastDue' | 'payoff' | 'other';
const NEW_METHOD = 'new';

/** What the person has chosen so far; the amount stays text until the review turns it into cents. */
type Draft = {
  contractNumber: string;
  option: AmountOption | '';
  otherAmount: string;
  methodId: string;
  /** Empty for today: the server then applies the cut-off rule to the moment of the request. */
  date: string;
};

/** Reasons per step, from this page's own checks or from the server's answer. */
type Problems = Partial<Record<'contract' | 'amount' | 'method' | 'date', string>>;

/** The route state a receipt reads to show how the payment will apply before it posts. */
export type ReceiptState = { preview?: PaymentPreview };

/** What is due now; when nothing is, the next payment, which is what most people mean to pay early. */
function dueCents(account: AccountSummary): number {
  return account.amountDueCents > 0 ? account.amountDueCents : account.nextDueAmountCents;
}

function amountOf(
  option: AmountOption,
  account: AccountSummary,
  payoffCents: number | undefined,
): number | undefined {
  switch (option) {
    case 'due':
      return dueCents(account);
    case 'pastDue':
      return account.pastDueCents;
    case 'payoff':
      return payoffCents;
    case 'other':
      return undefined;
  }
}

/**
 * The step's heading. Once the person has moved between steps, each new step's heading takes focus
 * so a screen reader starts there; on arrival the shell focuses the page title instead.
 */
function StepHeading({ takesFocus, children }: { takesFocus: boolean; children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takesFocus) ref.current?.focus();
  }, [takesFocus]);
  return (
    <h2 ref={ref} tabIndex={-1} className="payment-step__heading">
      {children}
    </h2>
  );
}

function StepList({ current }: { current: Step }) {
  const { t } = useTranslation();
  const index = STEPS.indexOf(current);
  return (
    <ol className="payment-steps" aria-label={t('payments.steps.label')}>
      {STEPS.map((step, i) => (
        <li
          key={step}
          aria-current={step === current ? 'step' : undefined}
          className={i < index ? 'payment-steps__done' : undefined}
        >
          {t(`payments.steps.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function StepActions({ onBack, children }: { onBack?: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="request-form__actions payment-step__actions">
      {children}
      {onBack ? (
        <Button variant="secondary" onPress={onBack}>
          {t('payments.back')}
        </Button>
      ) : null}
    </div>
  );
}

type StepProps = {
  draft: Draft;
  change: (next: Partial<Draft>) => void;
  problems: Problems;
  setProblems: (problems: Problems) => void;
  next: () => void;
  back: () => void;
};

function AmountStep({
  draft,
  change,
  problems,
  setProblems,
  next,
  accounts,
}: StepProps & { accounts: AccountSummary[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const vehicleName = useVehicleName();
  const account = accounts.find((a) => a.contractNumber === draft.contractNumber);
  const quote = useTodayQuote(account?.contractNumber);
  const payoffCents = quote.data?.payoffCents;
  const options: { id: AmountOption; cents?: number | undefined }[] = account
    ? [
        ...(dueCents(account) > 0 ? [{ id: 'due' as const, cents: dueCents(account) }] : []),
        ...(account.pastDueCents > 0 && account.pastDueCents !== account.amountDueCents
          ? [{ id: 'pastDue' as const, cents: account.pastDueCents }]
          : []),
        { id: 'payoff' as const, cents: payoffCents },
        { id: 'other' as const },
      ]
    : [];
  const submit = () => {
    const found: Problems = {};
    if (!account) found.contract = t('payments.amount.chooseAccount');
    if (draft.option === '') found.amount = t('payments.amount.chooseAmount');
    if (draft.option === 'other') {
      try {
        if (parseCents(draft.otherAmount) <= 0) found.amount = t('payments.amount.positive');
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        found.amount =
          draft.otherAmount.trim() === '' ? t('payments.amount.enterOther') : t('validation.money.format');
      }
    }
    setProblems(found);
    if (Object.keys(found).length === 0) next();
  };
  return (
    <Form
      className="request-form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <SelectField
        id="contract"
        label={t('payments.amount.account')}
        options={accounts.map((a) => ({
          id: a.contractNumber,
          label: t('payments.amount.accountOption', {
            vehicle: vehicleName(a.vehicle),
            contractNumber: a.contractNumber,
          }),
        }))}
        value={draft.contractNumber}
        onChange={(contractNumber) => change({ contractNumber, option: '' })}
        errorMessage={problems.contract}
        placeholder={t('payments.amount.accountPlaceholder')}
        isRequired
      />
      {account ? (
        <RadioGroup
          className="choice-group field"
          value={draft.option || null}
          onChange={(option) => change({ option: option as AmountOption })}
          isInvalid={Boolean(problems.amount) && draft.option !== 'other'}
          isRequired
        >
          <Label className="field__label">{t('payments.amount.label')}</Label>
          {problems.amount && draft.option !== 'other' ? (
            <p className="field__error">{problems.amount}</p>
          ) : null}
          {options.map((option) => (
            <Radio
              key={option.id}
              value={option.id}
              className="choice"
              isDisabled={option.id === 'payoff' && payoffCents === undefined}
            >
              <span className="payment-option">
                <span>
                  {option.id === 'due' && account.amountDueCents === 0 && account.nextDueDate ? (
                    <Trans
                      i18nKey="payments.amount.options.next"
                      components={{ date: <DateDisplay date={account.nextDueDate} /> }}
                    />
                  ) : (
                    t(`payments.amount.options.${option.id}`)
                  )}
                </span>
                {option.cents !== undefined ? (
                  <strong>
                    <Money cents={option.cents} />
                  </strong>
                ) : null}
              </span>
            </Radio>
          ))}
        </RadioGroup>
      ) : null}
      {draft.option === 'other' ? (
        <MoneyField
          id="otherAmount"
          label={t('payments.amount.other')}
          description={
            payoffCents === undefined
              ? undefined
              : t('payments.amount.otherDescription', { amount: formatUsd(cents(payoffCents), locale) })
          }
          value={draft.otherAmount}
          onChange={(otherAmount) => change({ otherAmount })}
          errorMessage={problems.amount}
          isRequired
        />
      ) : null}
      {quote.isError ? <ApiErrorAlert error={quote.error} /> : null}
      <StepActions>
        <Button type="submit">{t('payments.continue')}</Button>
      </StepActions>
    </Form>
  );
}

function MethodStep({ draft, change, problems, setProblems, next, back }: StepProps) {
  const { t } = useTranslation();
  const methods = usePaymentMethods();
  const [added, setAdded] = useState('');
  const active = methods.data?.filter((m) => m.status === 'active') ?? [];
  // The default method, or the new-account form for someone who has none yet.
  const chosen =
    draft.methodId ||
    methods.data?.find((m) => m.isDefault && m.status === 'active')?.id ||
    (active.length === 0 && methods.isSuccess ? NEW_METHOD : '');
  const submit = () => {
    if (!active.some((m) => m.id === chosen)) {
      setProblems({ method: t('payments.methodStep.choose') });
      return;
    }
    change({ methodId: chosen });
    setProblems({});
    next();
  };
  return (
    <div className="payment-step">
      {added ? <Notice>{added}</Notice> : null}
      {methods.isPending ? (
        <p role="status" className="status">
          {t('payments.methods.loading')}
        </p>
      ) : methods.isError ? (
        <ApiErrorAlert error={methods.error} />
      ) : (
        <RadioGroup
          id="method"
          className="choice-group field"
          value={chosen || null}
          onChange={(methodId) => change({ methodId })}
          isInvalid={Boolean(problems.method)}
          isRequired
        >
          <Label className="field__label">{t('payments.methodStep.label')}</Label>
          {problems.method ? <p className="field__error">{problems.method}</p> : null}
          {methods.data.map((method) => (
            <Radio
              key={method.id}
              value={method.id}
              className="choice"
              isDisabled={method.status !== 'active'}
            >
              <span>
                <MethodName method={method} />
                {method.status === 'blocked' ? (
                  <span className="note payment-option__note">
                    {t('payments.methods.blocked', { reason: method.blockedReason ?? '' })}
                  </span>
                ) : null}
              </span>
            </Radio>
          ))}
          <Radio value={NEW_METHOD} className="choice">
            {t('payments.methodStep.addBank')}
          </Radio>
        </RadioGroup>
      )}
      {chosen === NEW_METHOD ? (
        <div className="card add-method">
          <h3>{t('payments.methods.addBank')}</h3>
          <BankAccountForm
            onAdded={(method) => {
              change({ methodId: method.id });
              setProblems({});
              setAdded(t('payments.methodStep.added', { nickname: method.nickname, last4: method.last4 }));
            }}
          />
        </div>
      ) : null}
      <StepActions onBack={back}>
        {chosen === NEW_METHOD ? null : <Button onPress={submit}>{t('payments.continue')}</Button>}
      </StepActions>
    </div>
  );
}

function DateStep({
  draft,
  change,
  problems,
  today,
  onReview,
  isPending,
  error,
  back,
}: StepProps & { today: string; onReview: () => void; isPending: boolean; error: unknown }) {
  const { t } = useTranslation();
  const bounds = paymentDateBounds(today);
  const isToday = draft.date === '';
  return (
    <Form
      className="request-form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        onReview();
      }}
    >
      <RadioGroup
        className="choice-group field"
        value={isToday ? 'today' : 'later'}
        onChange={(when) => change({ date: when === 'today' ? '' : draft.date || bounds.from })}
      >
        <Label className="field__label">{t('payments.date.when')}</Label>
        <Radio value="today" className="choice">
          {t('payments.date.today')}
        </Radio>
        <Radio value="later" className="choice">
          {t('payments.date.later')}
        </Radio>
      </RadioGroup>
      {isToday ? null : (
        <PaymentDatePicker
          id="date"
          label={t('payments.date.label')}
          value={draft.date}
          bounds={bounds}
          onChange={(date) => change({ date })}
          errorMessage={problems.date}
        />
      )}
      <p className="note payment-cutoff">{t('payments.date.cutoffRule')}</p>
      {error && !(error instanceof ApiError && error.fields.date) ? <ApiErrorAlert error={error} /> : null}
      <StepActions onBack={back}>
        <Button type="submit" isPending={isPending}>
          {isPending ? t('payments.date.reviewing') : t('payments.date.review')}
        </Button>
      </StepActions>
    </Form>
  );
}

function ReviewStep({
  preview,
  account,
  onConfirm,
  isPending,
  error,
  goTo,
}: {
  preview: PaymentPreview;
  account: AccountSummary;
  onConfirm: () => void;
  isPending: boolean;
  error: unknown;
  goTo: (step: Step) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const vehicleName = useVehicleName();
  const edit = (step: Step, label: string) => (
    <Button variant="quiet" onPress={() => goTo(step)} isDisabled={isPending}>
      {label}
    </Button>
  );
  return (
    <div className="payment-step">
      <dl className="result-list payment-review" data-testid="payment-review">
        <Fact label={t('payments.review.account')}>
          {t('payments.amount.accountOption', {
            vehicle: vehicleName(account.vehicle),
            contractNumber: account.contractNumber,
          })}
        </Fact>
        <Fact label={t('payments.review.amount')}>
          <Money cents={preview.amountCents} />
        </Fact>
        <Fact label={t('payments.review.method')}>
          <MethodName method={preview.method} />
        </Fact>
        <Fact label={t('payments.review.effectiveDate')}>
          <DateDisplay date={preview.effectiveDate} />
        </Fact>
      </dl>
      <DateAndSplit preview={preview} />
      <div className="payment-review__edits">
        {edit('amount', t('payments.review.changeAmount'))}
        {edit('method', t('payments.review.changeMethod'))}
        {edit('date', t('payments.review.changeDate'))}
      </div>
      <p className="note">
        {t('payments.review.authorize', { amount: formatUsd(cents(preview.amountCents), locale) })}
      </p>
      {error ? <ApiErrorAlert error={error} /> : null}
      <div role="status" className="status">
        {isPending ? t('payments.review.paying') : ''}
      </div>
      <StepActions onBack={() => goTo('date')}>
        <Button onPress={onConfirm} isPending={isPending}>
          {error ? t('payments.review.retry') : t('payments.review.confirm')}
        </Button>
      </StepActions>
    </div>
  );
}

/** The steps, once the accounts the person may pay have loaded. */
function PaymentSteps({
  accounts,
  initialContract,
}: {
  accounts: AccountSummary[];
  initialContract: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>('amount');
  const [hasMoved, setMoved] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [draft, setDraft] = useState<Draft>(() => ({
    contractNumber: accounts.some((a) => a.contractNumber === initialContract)
      ? initialContract
      : accounts.length === 1
        ? (accounts[0]?.contractNumber ?? '')
        : '',
    option: '',
    otherAmount: '',
    methodId: '',
    date: '',
  }));
  /** The reviewed request and its idempotency key: one key per review, kept for every retry of it. */
  const [review, setReview] = useState<{ request: PaymentRequest; preview: PaymentPreview; key: string }>();
  const account = accounts.find((a) => a.contractNumber === draft.contractNumber);
  const quote = useTodayQuote(account?.contractNumber);

  const change = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));
  const goTo = (next: Step) => {
    // Anything changed after a review needs a new review, and a new key with it.
    if (next !== 'review') setReview(undefined);
    setMoved(true);
    setStep(next);
  };

  const request = (): PaymentRequest | undefined => {
    if (!account || draft.option === '') return undefined;
    const amountCents =
      draft.option === 'other'
        ? parseCents(draft.otherAmount)
        : amountOf(draft.option, account, quote.data?.payoffCents);
    if (amountCents === undefined) return undefined;
    return {
      amountCents,
      paymentMethodId: draft.methodId,
      ...(draft.date ? { date: calendarDate(draft.date) } : {}),
      intent: draft.option === 'payoff' ? 'payoff' : 'regular',
    };
  };

  /** Puts the server's reasons on the fields they concern and goes back to the first step that has one. */
  const showServerProblems = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    const { amountCents, paymentMethodId, date } = error.fields;
    const found: Problems = {
      ...(amountCents ? { amount: amountCents } : {}),
      ...(paymentMethodId ? { method: paymentMethodId } : {}),
      ...(date ? { date } : {}),
    };
    setProblems(found);
    const first = found.amount ? 'amount' : found.method ? 'method' : found.date ? 'date' : undefined;
    if (first) goTo(first);
  };

  const preview = useMutation({
    mutationFn: ({ contractNumber, body }: { contractNumber: string; body: PaymentRequest }) =>
      previewPayment(contractNumber, body),
    onSuccess: (answer, { body }) => {
      setReview({ request: body, preview: answer, key: crypto.randomUUID() });
      setMoved(true);
      setStep('review');
    },
    onError: showServerProblems,
  });

  const pay = useMutation({
    mutationFn: (reviewed: { contractNumber: string; request: PaymentRequest; key: string }) =>
      makePayment(reviewed.contractNumber, reviewed.request, reviewed.key),
    onSuccess: (order: PaymentOrder) => {
      queryClient.setQueryData<PaymentOrder[]>(PAYMENTS_QUERY_KEY, (old) =>
        old ? [order, ...old.filter((o) => o.id !== order.id)] : old,
      );
      void queryClient.invalidateQueries({ queryKey: PAYMENTS_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY });
      const state: ReceiptState = review ? { preview: review.preview } : {};
      void navigate(`/payments/${encodeURIComponent(order.id)}`, { state });
    },
    onError: showServerProblems,
  });

  const stepProps: StepProps = {
    draft,
    change: (next) => {
      preview.reset();
      change(next);
    },
    problems,
    setProblems,
    next: () => goTo(STEPS[STEPS.indexOf(step) + 1] ?? 'review'),
    back: () => goTo(STEPS[STEPS.indexOf(step) - 1] ?? 'amount'),
  };

  return (
    <>
      <StepList current={step} />
      {/* Keyed by step: a new heading element for each, so each takes focus when it appears. */}
      <StepHeading key={step} takesFocus={hasMoved}>
        {t(`payments.steps.${step}`)}
      </StepHeading>
      {step === 'amount' ? <AmountStep {...stepProps} accounts={accounts} /> : null}
      {step === 'method' ? <MethodStep {...stepProps} /> : null}
      {step === 'date' ? (
        quote.data ? (
          <DateStep
            {...stepProps}
            today={quote.data.quoteDate}
            isPending={preview.isPending}
            error={preview.error}
            onReview={() => {
              const body = request();
              if (account && body) preview.mutate({ contractNumber: account.contractNumber, body });
            }}
          />
        ) : quote.isError ? (
          <ApiErrorAlert error={quote.error} />
        ) : (
          <p role="status" className="status">
            {t('payments.loading')}
          </p>
        )
      ) : null}
      {step === 'review' && review && account ? (
        <ReviewStep
          preview={review.preview}
          account={account}
          isPending={pay.isPending}
          error={pay.error}
          goTo={goTo}
          onConfirm={() => {
            // A second press while the first is on its way sends the same key: the server answers the same payment.
            pay.mutate({ contractNumber: account.contractNumber, request: review.request, key: review.key });
          }}
        />
      ) : null}
    </>
  );
}

/** Make a payment: account and amount → method → date → review → confirm, then the receipt. */
export function MakePaymentPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const accounts = useQuery({ queryKey: ACCOUNTS_QUERY_KEY, queryFn: fetchAccounts });
  const payable = accounts.data?.filter(canPayOnline);
  return (
    <div className="payments-page narrow-page payment-flow">
      <PageTitle>{t('payments.make.title')}</PageTitle>
      {accounts.isPending ? (
        <>
          <p role="status" className="status">
            {t('payments.loading')}
          </p>
          <div className="payments-skeleton" aria-hidden="true" />
        </>
      ) : accounts.isError ? (
        <>
          <ApiErrorAlert error={accounts.error} />
          <Button isPending={accounts.isFetching} onPress={() => void accounts.refetch()}>
            {t('payments.retry')}
          </Button>
        </>
      ) : payable && payable.length > 0 ? (
        <PaymentSteps accounts={payable} initialContract={search.get('account') ?? ''} />
      ) : (
        <p className="empty-state">
          {t('payments.make.nothingToPay')} <Link href="/account">{t('payments.make.toDashboard')}</Link>
        </p>
      )}
    </div>
  );
}
