import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { z } from 'zod';
import { checkAccountNumber, checkRoutingNumber } from '../../../core/bank-account.ts';
import { cents, centsToDecimalString, formatUsd, MoneyError, parseCents } from '../../../core/money.ts';
import {
  type BulkPaymentPreview,
  type BulkPaymentRequest,
  organizationBankAccountRequest,
} from '../../../organizations/bulk-payments.schemas.ts';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import type { PaymentMethod } from '../../../payments/payments.schemas.ts';
import {
  addOrganizationMethod,
  bulkPaymentQueryKey,
  fetchOrganizationMethods,
  makeBulkPayment,
  organizationMethodsQueryKey,
  previewBulkPayment,
} from '../../api/bulk-payments.ts';
import { ApiError, isAboutFields } from '../../api/client.ts';
import { organizationQueryKey } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { MoneyField } from '../../components/money-field.tsx';
import { Notice } from '../../components/notice.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { RequestForm, useRequestForm } from '../../forms/request-form.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { BankAccountFields, bankSpec } from '../payments/add-method.tsx';
import { Fact, MethodName, SplitList } from '../payments/parts.tsx';
import { OrganizationFrame } from './organization-frame.tsx';

/** The pay page's address; `contracts` carries the vehicles chosen on the dashboard. */
export const bulkPayHref = (organizationId: string, contractNumbers: readonly string[] = []) =>
  `/fleet/${organizationId}/pay${contractNumbers.length > 0 ? `?${new URLSearchParams({ contracts: contractNumbers.join(',') })}` : ''}`;

export const bulkReceiptHref = (organizationId: string, bulkPaymentId: string) =>
  `/fleet/${organizationId}/payments/${encodeURIComponent(bulkPaymentId)}`;

/** The API's request (an empty nickname means none) with the server's routing and account checks, so a slip shows at once. */
const bankForm = z.preprocess(
  (value) => {
    const { nickname, ...rest } = value as Record<string, unknown>;
    return { ...rest, ...(nickname ? { nickname } : {}) };
  },
  organizationBankAccountRequest.extend({
    routingNumber: organizationBankAccountRequest.shape.routingNumber.refine((v) => !checkRoutingNumber(v)),
    accountNumber: organizationBankAccountRequest.shape.accountNumber.refine((v) => !checkAccountNumber(v)),
  }),
);

/** An admin adds the business's checking or savings account; the gateway verifies it on saving. */
function BusinessBankForm({
  organizationId,
  onAdded,
}: {
  organizationId: string;
  onAdded: (method: PaymentMethod) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useRequestForm(bankSpec, bankForm, { accountType: 'checking' });
  const add = useMutation({
    mutationFn: (request: z.infer<typeof bankForm>) => addOrganizationMethod(organizationId, request),
    onSuccess: async (method) => {
      await queryClient.invalidateQueries({ queryKey: organizationMethodsQueryKey(organizationId) });
      onAdded(method);
    },
  });
  return (
    <div className="card add-method">
      <h3>{t('organizations.bulkPay.addBank')}</h3>
      {add.isError && !isAboutFields(add.error) ? <ApiErrorAlert error={add.error} /> : null}
      <RequestForm
        form={form}
        spec={bankSpec}
        onSubmit={(request) => add.mutateAsync(request)}
        onInvalid={add.reset}
        submitLabel={t('payments.bank.submit')}
        pendingLabel={t('payments.bank.pending')}
      >
        <BankAccountFields form={form} holderAutoComplete="organization" />
      </RequestForm>
    </div>
  );
}

type Mode = 'due' | 'chosen';
/** A chosen contract's amount, as typed; the review turns it into cents. */
type Line = { contractNumber: string; amount: string };
type Review = { request: BulkPaymentRequest; preview: BulkPaymentPreview; key: string };

/** `lines.3.amountCents` → its line's reason, by index; anything else stays for the alert. */
function lineProblems(error: unknown): Record<number, string> {
  if (!(error instanceof ApiError)) return {};
  const found: Record<number, string> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    const index = /^lines\.(\d+)\./.exec(field)?.[1];
    if (index !== undefined)
      found[Number(index)] = found[Number(index)] ? `${found[Number(index)]} ${message}` : message;
  }
  return found;
}

type PaidLine = { contractNumber: string; unitNumber: string | null; vehicle: string; amountCents: number };

/** The first columns of a bulk payment's lines, on the review and on the receipt: the contract and its amount. */
export function lineColumns<Line extends PaidLine>(t: TFunction): Column<Line>[] {
  return [
    {
      key: 'contract',
      header: t('organizations.bulkPay.contract'),
      isRowHeader: true,
      cell: (line) => (
        <>
          {line.contractNumber}
          <span className="note">
            {' '}
            {line.unitNumber ? `${line.unitNumber} · ${line.vehicle}` : line.vehicle}
          </span>
        </>
      ),
    },
    {
      key: 'amount',
      header: t('payments.review.amount'),
      isNumeric: true,
      cell: (l) => <Money cents={l.amountCents} />,
    },
  ];
}

function ReviewLines({ preview }: { preview: BulkPaymentPreview }) {
  const { t } = useTranslation();
  const columns: Column<BulkPaymentPreview['lines'][number]>[] = [
    ...lineColumns(t),
    { key: 'split', header: t('payments.review.splitHeading'), cell: (l) => <SplitList split={l.split} /> },
  ];
  return (
    <Table
      caption={t('organizations.bulkPay.reviewCaption', { count: preview.lines.length })}
      columns={columns}
      rows={preview.lines}
      rowKey={(line) => line.contractNumber}
      isStackedOnPhones
    />
  );
}

function PaySteps({ organization, chosen }: { organization: OrganizationDetail; chosen: string[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const organizationId = organization.id;
  const methods = useQuery({
    queryKey: organizationMethodsQueryKey(organizationId),
    queryFn: () => fetchOrganizationMethods(organizationId),
  });
  const active = methods.data?.filter((m) => m.status === 'active') ?? [];
  const [methodId, setMethodId] = useState('');
  const paymentMethodId = methodId || active[0]?.id || '';
  const [mode, setMode] = useState<Mode>(chosen.length > 0 ? 'chosen' : 'due');
  const [lines, setLines] = useState<Line[]>(() =>
    chosen.map((contractNumber) => ({ contractNumber, amount: '' })),
  );
  const [problems, setProblems] = useState<Record<number, string>>({});
  const [review, setReview] = useState<Review>();
  // Whether the new-account form is open: open at first for a business with none, then only as
  // the admin chooses, so an account someone else adds meanwhile does not close it under their hands.
  const [adding, setAdding] = useState<boolean>();
  useEffect(() => {
    if (methods.data) setAdding((before) => before ?? !methods.data.some((m) => m.status === 'active'));
  }, [methods.data]);
  const [added, setAdded] = useState('');

  // What each chosen contract owes this month, to start its amount from.
  const due = useQuery({
    queryKey: [...organizationQueryKey(organizationId), 'bulk-due', paymentMethodId],
    queryFn: () =>
      previewBulkPayment(organizationId, { paymentMethodId, selection: { kind: 'due_this_month' } }),
    enabled: Boolean(paymentMethodId) && chosen.length > 0,
    retry: false,
  });
  const dueOf = (contractNumber: string) =>
    due.data?.lines.find((line) => line.contractNumber === contractNumber)?.amountCents;
  const amountText = (line: Line) => {
    if (line.amount !== '') return line.amount;
    const owed = dueOf(line.contractNumber);
    return owed === undefined ? '' : centsToDecimalString(cents(owed));
  };

  const showProblems = (error: unknown) => setProblems(lineProblems(error));
  const preview = useMutation({
    mutationFn: () => {
      if (mode === 'due') {
        return previewBulkPayment(organizationId, { paymentMethodId, selection: { kind: 'due_this_month' } });
      }
      return previewBulkPayment(organizationId, {
        paymentMethodId,
        selection: {
          kind: 'lines',
          lines: lines.map((line) => ({
            contractNumber: line.contractNumber,
            amountCents: parseCents(amountText(line)),
          })),
        },
      });
    },
    onSuccess: (answer) => {
      setProblems({});
      setReview({
        preview: answer,
        request: {
          paymentMethodId,
          lines: answer.lines.map(({ contractNumber, amountCents }) => ({ contractNumber, amountCents })),
        },
        key: crypto.randomUUID(),
      });
    },
    onError: showProblems,
  });
  const pay = useMutation({
    mutationFn: (reviewed: Review) => makeBulkPayment(organizationId, reviewed.request, reviewed.key),
    onSuccess: (payment) => {
      void queryClient.invalidateQueries({ queryKey: organizationQueryKey(organizationId) });
      queryClient.setQueryData(bulkPaymentQueryKey(organizationId, payment.id), payment);
      void navigate(bulkReceiptHref(organizationId, payment.id));
    },
    onError: (error) => {
      // A chosen line refused at payment goes back to its field, to be put right and reviewed again.
      if (mode === 'chosen' && Object.keys(lineProblems(error)).length > 0) {
        showProblems(error);
        setReview(undefined);
      }
    },
  });

  const startReview = () => {
    const found: Record<number, string> = {};
    if (mode === 'chosen') {
      lines.forEach((line, index) => {
        try {
          if (parseCents(amountText(line)) <= 0) found[index] = t('payments.amount.positive');
        } catch (error) {
          if (!(error instanceof MoneyError)) throw error;
          found[index] = t('validation.money.format');
        }
      });
    }
    setProblems(found);
    if (Object.keys(found).length === 0) preview.mutate();
  };

  if (methods.isPending) {
    return (
      <p role="status" className="status">
        {t('organizations.bulkPay.loading')}
      </p>
    );
  }
  if (methods.isError) return <ApiErrorAlert error={methods.error} />;

  if (review) {
    const { preview: reviewed } = review;
    return (
      <section className="payment-step" aria-labelledby="bulk-review">
        <h2 id="bulk-review">{t('organizations.bulkPay.reviewTitle')}</h2>
        <dl className="result-list payment-review" data-testid="bulk-review">
          <Fact label={t('payments.review.method')}>
            <MethodName method={reviewed.method} />
          </Fact>
          <Fact label={t('payments.review.effectiveDate')}>
            <DateDisplay date={reviewed.effectiveDate} />
          </Fact>
          <Fact label={t('organizations.bulkPay.total')}>
            <span data-testid="bulk-total">
              <Money cents={reviewed.totalCents} />
            </span>
          </Fact>
        </dl>
        <ReviewLines preview={reviewed} />
        <p className="note">
          {t('organizations.bulkPay.authorize', {
            amount: formatUsd(cents(reviewed.totalCents), locale),
            count: reviewed.lines.length,
          })}
        </p>
        {pay.error && (mode === 'due' || Object.keys(lineProblems(pay.error)).length === 0) ? (
          <ApiErrorAlert error={pay.error} />
        ) : null}
        <div role="status" className="status">
          {pay.isPending ? t('payments.review.paying') : ''}
        </div>
        <div className="request-form__actions payment-step__actions">
          {/* A retry sends the review's own key: the server answers the same payment, never a second one. */}
          <Button onPress={() => pay.mutate(review)} isPending={pay.isPending}>
            {pay.error ? t('payments.review.retry') : t('payments.review.confirm')}
          </Button>
          <Button variant="secondary" onPress={() => setReview(undefined)} isDisabled={pay.isPending}>
            {t('payments.back')}
          </Button>
        </div>
      </section>
    );
  }

  const isAdmin = organization.actions.includes('organization.manage_settings');
  const addBankForm = (
    <BusinessBankForm
      organizationId={organizationId}
      onAdded={(method) => {
        setMethodId(method.id);
        setAdding(false);
        setAdded(t('payments.methodStep.added', { nickname: method.nickname, last4: method.last4 }));
      }}
    />
  );
  return (
    <div className="payment-step">
      {added ? <Notice>{added}</Notice> : null}
      {active.length === 0 && !isAdmin ? (
        <p className="empty-state">{t('organizations.bulkPay.askAdmin')}</p>
      ) : null}
      {isAdmin && (adding ?? active.length === 0) ? (
        <>
          {active.length === 0 ? <p>{t('organizations.bulkPay.noBank')}</p> : null}
          {addBankForm}
        </>
      ) : null}
      {isAdmin && active.length > 0 && !(adding ?? false) ? (
        <p>
          <Button variant="quiet" onPress={() => setAdding(true)}>
            {t('organizations.bulkPay.addAnother')}
          </Button>
        </p>
      ) : null}
      {active.length === 0 ? null : (
        // aria validation: a line's problem is shown beside it, and never blocks pressing Review again.
        <Form
          className="request-form"
          validationBehavior="aria"
          onSubmit={(event) => {
            event.preventDefault();
            startReview();
          }}
        >
          <SelectField
            id="paymentMethodId"
            label={t('organizations.bulkPay.method')}
            options={active.map((m) => ({
              id: m.id,
              label: t('payments.method.name', { nickname: m.nickname, last4: m.last4 }),
            }))}
            value={paymentMethodId}
            onChange={(id) => {
              setMethodId(id);
              preview.reset();
            }}
            isRequired
          />
          <RadioGroup
            className="choice-group field"
            value={mode}
            onChange={(next) => {
              setMode(next as Mode);
              setProblems({});
              preview.reset();
            }}
          >
            <Label className="field__label">{t('organizations.bulkPay.what')}</Label>
            <Radio value="due" className="choice">
              {t('organizations.bulkPay.dueThisMonth')}
            </Radio>
            <Radio value="chosen" className="choice" isDisabled={chosen.length === 0}>
              {t('organizations.bulkPay.chosen', { count: chosen.length })}
            </Radio>
          </RadioGroup>
          {mode === 'chosen'
            ? lines.map((line, index) => (
                <MoneyField
                  key={line.contractNumber}
                  id={`line-${index}`}
                  label={t('organizations.bulkPay.lineAmount', { contractNumber: line.contractNumber })}
                  value={amountText(line)}
                  onChange={(amount) =>
                    setLines((before) => before.map((l, i) => (i === index ? { ...l, amount } : l)))
                  }
                  errorMessage={problems[index]}
                  isRequired
                />
              ))
            : null}
          {preview.isError && Object.keys(lineProblems(preview.error)).length === 0 ? (
            <ApiErrorAlert error={preview.error} />
          ) : null}
          <div className="request-form__actions">
            <Button type="submit" isPending={preview.isPending}>
              {preview.isPending ? t('payments.date.reviewing') : t('payments.date.review')}
            </Button>
          </div>
        </Form>
      )}
    </div>
  );
}

/**
 * `/fleet/:organizationId/pay`: one debit from the business's bank account pays many contracts:
 * everything due this month, or the vehicles chosen on the dashboard. Review shows each line's
 * amount and split and the total; confirming sends the review's own Idempotency-Key.
 */
export function BulkPaymentPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const [search] = useSearchParams();
  const chosen = [...new Set((search.get('contracts') ?? '').split(',').filter(Boolean))];
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.pay"
      title={(org) =>
        org ? t('organizations.bulkPay.title', { name: org.name }) : t('organizations.bulkPay.titleLoading')
      }
      loadingText={t('organizations.bulkPay.loading')}
    >
      {(org) => <PaySteps organization={org} chosen={chosen} />}
    </OrganizationFrame>
  );
}
