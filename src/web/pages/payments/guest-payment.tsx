import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Label, Link, Radio, RadioGroup } from 'react-aria-components';
import { useController } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import { z } from 'zod';
import { checkAccountNumber, checkRoutingNumber } from '../../../core/bank-account.ts';
import { cents, formatUsd } from '../../../core/money.ts';
import {
  type GuestAccount,
  type GuestPaymentPreview,
  type GuestPaymentReceipt,
  type GuestPaymentRequest,
  guestIdentityRequest,
  guestPaymentRequest,
} from '../../../payments/guest-payments.schemas.ts';
import { ApiError, isAboutFields } from '../../api/client.ts';
import { identifyGuest, payAsGuest, previewGuestPayment } from '../../api/guest-payments.ts';
import { AccountTypeChoice } from '../../components/account-type-choice.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { MoneyField } from '../../components/money-field.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import {
  RequestForm,
  type RequestFormApi,
  useBoundField,
  useRequestForm,
} from '../../forms/request-form.tsx';
import type { FormSpec } from '../../forms/request-resolver.ts';
import { useLocale } from '../../i18n/locale.ts';
import { DateAndSplit, Fact, PaymentDatePicker, paymentDateBounds } from './parts.tsx';

const STEPS = ['identify', 'payment', 'review'] as const;
type Step = (typeof STEPS)[number] | 'receipt';

type IdentityField = 'contractNumber' | 'taxIdLast4' | 'zip' | 'email';
const identitySpec: FormSpec<IdentityField> = {
  contractNumber: {
    kind: 'text',
    requestKey: 'contractNumber',
    i18nKey: 'register.fields.contractNumber',
  },
  taxIdLast4: { kind: 'text', requestKey: 'taxIdLast4', i18nKey: 'guestPayment.fields.taxIdLast4' },
  zip: { kind: 'text', requestKey: 'zip', i18nKey: 'register.fields.zip' },
  email: { kind: 'text', requestKey: 'email', i18nKey: 'guestPayment.fields.email' },
};
/** The facts, and the address the receipt goes to (sent with the payment, not with the facts). */
const identitySchema = guestIdentityRequest.extend({ email: guestPaymentRequest.shape.email });
type Identity = z.infer<typeof identitySchema>;

type PaymentField = 'amount' | 'date' | 'holderName' | 'routingNumber' | 'accountNumber' | 'accountType';
const paymentSpec: FormSpec<PaymentField> = {
  amount: { kind: 'money', requestKey: 'amountCents', i18nKey: 'guestPayment.fields.amount' },
  date: { kind: 'optional', requestKey: 'date', i18nKey: 'payments.date' },
  holderName: { kind: 'text', requestKey: 'holderName', i18nKey: 'payments.bank.holderName' },
  routingNumber: { kind: 'text', requestKey: 'routingNumber', i18nKey: 'payments.bank.routingNumber' },
  accountNumber: { kind: 'text', requestKey: 'accountNumber', i18nKey: 'payments.bank.accountNumber' },
  accountType: { kind: 'text', requestKey: 'accountType', i18nKey: 'payments.bank.accountType' },
};
const paymentPart = guestPaymentRequest.pick({
  amountCents: true,
  date: true,
  holderName: true,
  routingNumber: true,
  accountNumber: true,
  accountType: true,
});
/** The API's own rules, the routing checksum and account length at once as the server would, and no date for today. */
const paymentSchema = z.preprocess(
  (value) => {
    const { date, ...rest } = value as Record<string, unknown>;
    return { ...rest, ...(date ? { date } : {}) };
  },
  paymentPart.extend({
    routingNumber: paymentPart.shape.routingNumber.refine((v) => !checkRoutingNumber(v)),
    accountNumber: paymentPart.shape.accountNumber.refine((v) => !checkAccountNumber(v)),
  }),
);
type PaymentPart = z.infer<typeof paymentPart>;

type AmountOption = 'due' | 'pastDue' | 'other';

/** What is due now; when nothing is, the next payment, which is what most people mean to pay early. */
const dueCents = (account: GuestAccount) =>
  account.amountDueCents > 0 ? account.amountDueCents : account.nextDueAmountCents;

/** Once the person has moved between steps, each step's heading takes focus so a screen reader starts there. */
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
  const index = STEPS.indexOf(current as (typeof STEPS)[number]);
  return (
    <ol className="payment-steps" aria-label={t('guestPayment.steps.label')}>
      {STEPS.map((step, i) => (
        <li
          key={step}
          aria-current={step === current ? 'step' : undefined}
          className={i < index ? 'payment-steps__done' : undefined}
        >
          {t(`guestPayment.steps.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function IdentifyStep({
  form,
  onIdentified,
}: {
  form: RequestFormApi<Identity>;
  onIdentified: (identity: Identity, account: GuestAccount) => void;
}) {
  const { t } = useTranslation();
  const identify = useMutation({
    mutationFn: ({ contractNumber, taxIdLast4, zip }: Identity) =>
      identifyGuest({ contractNumber, taxIdLast4, zip }),
    onSuccess: (account, identity) => onIdentified(identity, account),
  });
  const contractNumber = useBoundField(form, identitySpec, 'contractNumber');
  const taxIdLast4 = useBoundField(form, identitySpec, 'taxIdLast4');
  const zip = useBoundField(form, identitySpec, 'zip');
  const email = useBoundField(form, identitySpec, 'email');
  return (
    <>
      {identify.isError && !isAboutFields(identify.error) ? <ApiErrorAlert error={identify.error} /> : null}
      <RequestForm
        form={form}
        spec={identitySpec}
        onSubmit={identify.mutateAsync}
        onInvalid={identify.reset}
        submitLabel={t('guestPayment.identify.submit')}
        pendingLabel={t('guestPayment.identify.submitting')}
      >
        <TextField {...contractNumber} autoComplete="off" />
        <TextField {...taxIdLast4} autoComplete="off" inputMode="numeric" />
        <TextField {...zip} autoComplete="postal-code" inputMode="numeric" />
        <TextField {...email} autoComplete="email" type="email" />
      </RequestForm>
    </>
  );
}

/** Today, or a later date from today to 30 days ahead (the lender's business date is the account's `today`). */
function DateChoice({ form, today }: { form: RequestFormApi<PaymentPart>; today: string }) {
  const { t } = useTranslation();
  const { field, fieldState } = useController({ control: form.control, name: 'date' });
  const bounds = paymentDateBounds(today);
  return (
    <>
      <RadioGroup
        className="choice-group field"
        value={field.value ? 'later' : 'today'}
        onChange={(when) => field.onChange(when === 'today' ? '' : bounds.from)}
      >
        <Label className="field__label">{t('payments.date.when')}</Label>
        <Radio value="today" className="choice">
          {t('payments.date.today')}
        </Radio>
        <Radio value="later" className="choice">
          {t('payments.date.later')}
        </Radio>
      </RadioGroup>
      {field.value ? (
        <PaymentDatePicker
          id="date"
          label={t('payments.date.label')}
          value={field.value}
          bounds={bounds}
          onChange={field.onChange}
          errorMessage={fieldState.error?.message}
          inputRef={field.ref}
        />
      ) : null}
      <p className="note payment-cutoff">{t('payments.date.cutoffRule')}</p>
    </>
  );
}

function PaymentStep({
  form,
  account,
  identity,
  onReviewed,
  onChangeAccount,
}: {
  form: RequestFormApi<PaymentPart>;
  account: GuestAccount;
  identity: Identity;
  onReviewed: (request: GuestPaymentRequest, preview: GuestPaymentPreview) => void;
  onChangeAccount: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const amountField = useBoundField(form, paymentSpec, 'amount');
  const holderName = useBoundField(form, paymentSpec, 'holderName');
  const routingNumber = useBoundField(form, paymentSpec, 'routingNumber');
  const accountNumber = useBoundField(form, paymentSpec, 'accountNumber');
  const due = dueCents(account);
  const [option, setOption] = useState<AmountOption>(() => (due > 0 ? 'due' : 'other'));
  const choose = (next: AmountOption) => {
    setOption(next);
    const amount = next === 'due' ? due : next === 'pastDue' ? account.pastDueCents : undefined;
    // A chosen amount fills the amount field, which the request is made from.
    form.setValue('amount', amount === undefined ? '' : formatUsd(cents(amount), 'en-US'));
    form.clearErrors('amount');
  };
  useEffect(() => {
    if (!form.getValues('amount') && due > 0) form.setValue('amount', formatUsd(cents(due), 'en-US'));
    if (!form.getValues('accountType')) form.setValue('accountType', 'checking');
  }, [form, due]);
  const preview = useMutation({
    mutationFn: (request: GuestPaymentRequest) => previewGuestPayment(request),
    onSuccess: (answer, request) => onReviewed(request, answer),
  });
  const submit = async (part: PaymentPart) => {
    try {
      await preview.mutateAsync({ ...identity, ...part });
    } catch (error) {
      // The amount's reason shows beside the amount field, so that field must be on the page.
      if (error instanceof ApiError && error.fields.amountCents) setOption('other');
      throw error;
    }
  };
  const options: { id: AmountOption; cents?: number }[] = [
    ...(due > 0 ? [{ id: 'due' as const, cents: due }] : []),
    ...(account.pastDueCents > 0 && account.pastDueCents !== due
      ? [{ id: 'pastDue' as const, cents: account.pastDueCents }]
      : []),
    { id: 'other' },
  ];
  return (
    <>
      <p className="notice" data-testid="guest-account">
        {t('guestPayment.payment.found', { contractNumber: account.contractNumber })}{' '}
        <Button variant="quiet" onPress={onChangeAccount}>
          {t('guestPayment.payment.changeAccount')}
        </Button>
      </p>
      {preview.isError && !isAboutFields(preview.error) ? <ApiErrorAlert error={preview.error} /> : null}
      <RequestForm
        form={form}
        spec={paymentSpec}
        onSubmit={submit}
        onInvalid={preview.reset}
        submitLabel={t('payments.date.review')}
        pendingLabel={t('payments.date.reviewing')}
      >
        <RadioGroup className="choice-group field" value={option} onChange={(v) => choose(v as AmountOption)}>
          <Label className="field__label">{t('payments.amount.label')}</Label>
          {options.map((o) => (
            <Radio key={o.id} value={o.id} className="choice">
              <span className="payment-option">
                <span>
                  {o.id === 'due' && account.amountDueCents === 0 && account.nextDueDate ? (
                    <Trans
                      i18nKey="payments.amount.options.next"
                      components={{ date: <DateDisplay date={account.nextDueDate} /> }}
                    />
                  ) : (
                    t(`payments.amount.options.${o.id}`)
                  )}
                </span>
                {o.cents === undefined ? null : (
                  <strong>
                    <Money cents={o.cents} />
                  </strong>
                )}
              </span>
            </Radio>
          ))}
        </RadioGroup>
        {option === 'other' ? (
          <MoneyField
            {...amountField}
            description={t('payments.amount.otherDescription', {
              amount: formatUsd(cents(account.payoffCents), locale),
            })}
          />
        ) : null}
        <DateChoice form={form} today={account.today} />
        <h3>{t('guestPayment.payment.bankHeading')}</h3>
        <p className="note">{t('guestPayment.payment.bankNote')}</p>
        <TextField {...holderName} autoComplete="name" />
        <TextField {...routingNumber} inputMode="numeric" autoComplete="off" />
        <TextField {...accountNumber} inputMode="numeric" autoComplete="off" />
        <AccountTypeChoice form={form} />
      </RequestForm>
    </>
  );
}

function BankAccountName({ account }: { account: GuestPaymentPreview['bankAccount'] }) {
  const { t } = useTranslation();
  return (
    <>
      {t('guestPayment.bankAccount', {
        type: t(`payments.bank.accountType.${account.accountType}`),
        last4: account.last4,
      })}
    </>
  );
}

function ReviewStep({
  preview,
  email,
  onConfirm,
  onBack,
  isPending,
  error,
}: {
  preview: GuestPaymentPreview;
  email: string;
  onConfirm: () => void;
  onBack: () => void;
  isPending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="payment-step">
      <dl className="result-list payment-review" data-testid="payment-review">
        <Fact label={t('payments.review.account')}>{preview.contractNumber}</Fact>
        <Fact label={t('payments.review.amount')}>
          <Money cents={preview.amountCents} />
        </Fact>
        <Fact label={t('payments.review.method')}>
          <BankAccountName account={preview.bankAccount} />
        </Fact>
        <Fact label={t('payments.review.effectiveDate')}>
          <DateDisplay date={preview.effectiveDate} />
        </Fact>
        <Fact label={t('guestPayment.review.email')}>{email}</Fact>
      </dl>
      <DateAndSplit preview={preview} />
      <p className="note">
        {t('guestPayment.review.authorize', { amount: formatUsd(cents(preview.amountCents), locale) })}
      </p>
      {error ? <ApiErrorAlert error={error} /> : null}
      <div role="status" className="status">
        {isPending ? t('payments.review.paying') : ''}
      </div>
      <div className="request-form__actions payment-step__actions">
        <Button onPress={onConfirm} isPending={isPending}>
          {error ? t('payments.review.retry') : t('payments.review.confirm')}
        </Button>
        <Button variant="secondary" onPress={onBack} isDisabled={isPending}>
          {t('payments.back')}
        </Button>
      </div>
    </div>
  );
}

function Receipt({ receipt, onAnother }: { receipt: GuestPaymentReceipt; onAnother: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="receipt">
      <h2 ref={ref} tabIndex={-1} className="payment-step__heading">
        {t('payments.receipt.title')}
      </h2>
      <p className="lead">{t(`payments.receipt.lead.${receipt.status}`)}</p>
      <dl className="result-list receipt__facts" data-testid="receipt">
        <Fact label={t('payments.receipt.confirmationNumber')}>
          <span data-testid="confirmation-number">{receipt.confirmationNumber}</span>
        </Fact>
        <Fact label={t('payments.review.amount')}>
          <Money cents={receipt.amountCents} />
        </Fact>
        <Fact label={t('payments.review.account')}>{receipt.contractNumber}</Fact>
        <Fact label={t('payments.review.effectiveDate')}>
          <DateDisplay date={receipt.effectiveDate} />
        </Fact>
        <Fact label={t('payments.review.method')}>
          <BankAccountName account={receipt.bankAccount} />
        </Fact>
      </dl>
      <p>{t('guestPayment.receipt.emailed', { email: receipt.email })}</p>
      <p className="note">{t('guestPayment.receipt.keep')}</p>
      <div className="account-actions receipt__actions">
        <Button variant="secondary" onPress={() => window.print()}>
          {t('payments.receipt.print')}
        </Button>
        <Button variant="secondary" onPress={onAnother}>
          {t('guestPayment.receipt.another')}
        </Button>
        <Link className="button button--secondary" href="/register">
          {t('guestPayment.receipt.register')}
        </Link>
      </div>
    </div>
  );
}

/**
 * Pay as a guest: prove the contract (contract number, last four of the SSN or EIN, ZIP code, and
 * where the receipt goes) → amount, date and bank account → review → pay, then the receipt with its
 * confirmation number. No sign-in; the server throttles each step and may ask the browser for a
 * proof of work, which `api/challenge.ts` solves without the person doing anything.
 */
export function GuestPaymentPage() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('identify');
  const [hasMoved, setMoved] = useState(false);
  const [found, setFound] = useState<{ identity: Identity; account: GuestAccount }>();
  /** The reviewed request and its idempotency key: one key per review, kept for every retry of it. */
  const [review, setReview] = useState<{
    request: GuestPaymentRequest;
    preview: GuestPaymentPreview;
    key: string;
  }>();
  const [receipt, setReceipt] = useState<GuestPaymentReceipt>();
  const identityForm = useRequestForm(identitySpec, identitySchema);
  const paymentForm = useRequestForm(paymentSpec, paymentSchema);
  const goTo = (next: Step) => {
    if (next !== 'review') setReview(undefined);
    setMoved(true);
    setStep(next);
  };
  const pay = useMutation({
    mutationFn: (reviewed: { request: GuestPaymentRequest; key: string }) =>
      payAsGuest(reviewed.request, reviewed.key),
    onSuccess: (answer) => {
      setReceipt(answer);
      setStep('receipt');
    },
  });

  return (
    <div className="payments-page narrow-page payment-flow">
      <PageTitle>{t('guestPayment.title')}</PageTitle>
      {step === 'receipt' && receipt ? (
        <Receipt
          receipt={receipt}
          onAnother={() => {
            paymentForm.reset();
            pay.reset();
            goTo('identify');
          }}
        />
      ) : (
        <>
          {step === 'identify' ? <p className="lead">{t('guestPayment.lead')}</p> : null}
          <StepList current={step} />
          {/* Keyed by step: a new heading element for each, so each takes focus when it appears. */}
          <StepHeading key={step} takesFocus={hasMoved}>
            {t(`guestPayment.steps.${step}`)}
          </StepHeading>
          {step === 'identify' ? (
            <IdentifyStep
              form={identityForm}
              onIdentified={(identity, account) => {
                setFound({ identity, account });
                goTo('payment');
              }}
            />
          ) : null}
          {step === 'payment' && found ? (
            <PaymentStep
              form={paymentForm}
              account={found.account}
              identity={found.identity}
              onChangeAccount={() => goTo('identify')}
              onReviewed={(request, preview) => {
                pay.reset();
                setReview({ request, preview, key: crypto.randomUUID() });
                goTo('review');
              }}
            />
          ) : null}
          {step === 'review' && review && found ? (
            <ReviewStep
              preview={review.preview}
              email={found.identity.email}
              isPending={pay.isPending}
              error={pay.error}
              onBack={() => goTo('payment')}
              onConfirm={() => pay.mutate({ request: review.request, key: review.key })}
            />
          ) : null}
          {step === 'identify' ? (
            <nav aria-label={t('guestPayment.help.label')} className="sign-in__help">
              <ul>
                <li>
                  <Link href="/sign-in">{t('guestPayment.help.signIn')}</Link>
                </li>
                <li>
                  <Link href="/register">{t('guestPayment.help.register')}</Link>
                </li>
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
