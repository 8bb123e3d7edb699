import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { Trans, useTranslation } from 'react-i18next';
import { calendarDate } from '../../../core/dates.ts';
import { cents as asCents, centsToDecimalString, MoneyError, parseCents } from '../../../core/money.ts';
import type { ChangePaymentRequest, PaymentOrder } from '../../../payments/payments.schemas.ts';
import { ACCOUNTS_QUERY_KEY } from '../../api/accounts.ts';
import { ApiError } from '../../api/client.ts';
import { cancelPayment, changePayment, PAYMENTS_QUERY_KEY } from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Instant } from '../../components/instant.tsx';
import { Money } from '../../components/money.tsx';
import { MoneyField } from '../../components/money-field.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { Table } from '../../components/table.tsx';
import { MethodName, PaymentDatePicker, paymentDateBounds, useTodayQuote } from './parts.tsx';
import { usePaymentMethods } from './payment-methods.tsx';
import { usePayments } from './receipt.tsx';

/** Why a scheduled payment can no longer be changed, or undefined while it still can. */
function lockedReason(order: PaymentOrder, now: number): 'notYours' | 'pastCutoff' | undefined {
  if (!order.madeByMe) return 'notYours';
  if (order.changeableUntil === null || Date.parse(order.changeableUntil) <= now) return 'pastCutoff';
  return undefined;
}

function useRefreshPayments() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: PAYMENTS_QUERY_KEY });
    void queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY });
  };
}

function CancelPayment({
  order,
  isDisabled,
  onDone,
}: {
  order: PaymentOrder;
  isDisabled: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshPayments();
  const [isOpen, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelPayment(order.id),
    onSuccess: () => {
      setOpen(false);
      refresh();
      onDone(t('payments.scheduled.cancelled', { confirmationNumber: order.confirmationNumber }));
    },
  });
  return (
    <ConfirmDialog
      triggerLabel={t('payments.scheduled.cancel')}
      isTriggerDisabled={isDisabled}
      title={t('payments.scheduled.cancelTitle')}
      confirmLabel={t('payments.scheduled.cancelConfirm')}
      keepLabel={t('payments.scheduled.keep')}
      action={cancel}
      isOpen={isOpen}
      onOpenChange={setOpen}
    >
      <p>
        <Trans
          i18nKey="payments.scheduled.cancelBody"
          values={{ contractNumber: order.contractNumber }}
          components={{
            amount: <Money cents={order.amountCents} />,
            date: <DateDisplay date={order.effectiveDate} />,
          }}
        />
      </p>
    </ConfirmDialog>
  );
}

/** The amount, date and method of a scheduled payment; only what changed is sent. */
function ChangeForm({ order, onDone }: { order: PaymentOrder; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshPayments();
  const methods = usePaymentMethods();
  const quote = useTodayQuote(order.contractNumber);
  const [amount, setAmount] = useState(centsToDecimalString(asCents(order.amountCents)));
  const [date, setDate] = useState(order.effectiveDate);
  const [methodId, setMethodId] = useState(order.method.id);
  const [amountProblem, setAmountProblem] = useState<string>();
  const save = useMutation({
    mutationFn: (request: ChangePaymentRequest) => changePayment(order.id, request),
    onSuccess: () => {
      refresh();
      onDone(t('payments.scheduled.changed', { confirmationNumber: order.confirmationNumber }));
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};
  const submit = () => {
    let amountCents: number;
    try {
      amountCents = parseCents(amount);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      setAmountProblem(t('validation.money.format'));
      return;
    }
    setAmountProblem(undefined);
    const request: ChangePaymentRequest = {
      ...(amountCents === order.amountCents ? {} : { amountCents }),
      ...(date === order.effectiveDate ? {} : { date: calendarDate(date) }),
      ...(methodId === order.method.id ? {} : { paymentMethodId: methodId }),
    };
    if (Object.keys(request).length === 0) onDone('');
    else save.mutate(request);
  };
  const methodOptions = (methods.data ?? [])
    .filter((m) => m.status === 'active')
    .map((m) => ({ id: m.id, label: t('payments.method.name', { nickname: m.nickname, last4: m.last4 }) }));
  return (
    <Form
      className="request-form scheduled-item__form"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <MoneyField
        label={t('payments.review.amount')}
        value={amount}
        onChange={setAmount}
        errorMessage={amountProblem ?? fields.amountCents}
        isRequired
        autoFocus
      />
      {quote.data ? (
        <PaymentDatePicker
          id={`date-${order.id}`}
          label={t('payments.date.label')}
          value={date}
          bounds={paymentDateBounds(quote.data.quoteDate)}
          onChange={setDate}
          errorMessage={fields.date}
        />
      ) : null}
      <SelectField
        label={t('payments.review.method')}
        options={methodOptions}
        value={methodId}
        onChange={setMethodId}
        errorMessage={fields.paymentMethodId}
        isRequired
      />
      {save.isError && Object.keys(fields).length === 0 ? <ApiErrorAlert error={save.error} /> : null}
      <div className="account-actions">
        <Button type="submit" isPending={save.isPending}>
          {t('payments.scheduled.save')}
        </Button>
        <Button variant="secondary" isDisabled={save.isPending} onPress={() => onDone('')}>
          {t('payments.cancel')}
        </Button>
      </div>
    </Form>
  );
}

function ScheduledItem({ order, onDone }: { order: PaymentOrder; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [isChanging, setChanging] = useState(false);
  const locked = lockedReason(order, Date.now());
  return (
    <li className="scheduled-item">
      <h3 className="scheduled-item__title">
        <Money cents={order.amountCents} /> <DateDisplay date={order.effectiveDate} />
      </h3>
      <dl className="scheduled-item__facts">
        <div>
          <dt>{t('payments.review.account')}</dt>
          <dd>{order.contractNumber}</dd>
        </div>
        <div>
          <dt>{t('payments.review.method')}</dt>
          <dd>
            <MethodName method={order.method} />
          </dd>
        </div>
        <div>
          <dt>{t('payments.receipt.confirmationNumber')}</dt>
          <dd>
            <Link href={`/payments/${encodeURIComponent(order.id)}`}>{order.confirmationNumber}</Link>
          </dd>
        </div>
      </dl>
      {isChanging ? (
        <ChangeForm
          order={order}
          onDone={(message) => {
            setChanging(false);
            if (message) onDone(message);
          }}
        />
      ) : (
        <>
          <p className="note" id={`locked-${order.id}`}>
            {locked === 'notYours' ? (
              t('payments.scheduled.notYours')
            ) : locked === 'pastCutoff' ? (
              t('payments.scheduled.pastCutoff')
            ) : order.changeableUntil ? (
              <Trans
                i18nKey="payments.scheduled.until"
                components={{ until: <Instant value={order.changeableUntil} /> }}
              />
            ) : null}
          </p>
          <div className="account-actions">
            <Button
              variant="secondary"
              isDisabled={locked !== undefined}
              aria-describedby={`locked-${order.id}`}
              onPress={() => setChanging(true)}
            >
              {t('payments.scheduled.change')}
            </Button>
            <CancelPayment order={order} isDisabled={locked !== undefined} onDone={onDone} />
          </div>
        </>
      )}
    </li>
  );
}

function PaymentLists() {
  const { t } = useTranslation();
  const payments = usePayments();
  const [done, setDone] = useState('');
  if (payments.isPending) {
    return (
      <>
        <p role="status" className="status">
          {t('payments.loading')}
        </p>
        <div className="payments-skeleton" aria-hidden="true" />
      </>
    );
  }
  if (payments.isError) {
    return (
      <>
        <ApiErrorAlert error={payments.error} />
        <Button isPending={payments.isFetching} onPress={() => void payments.refetch()}>
          {t('payments.retry')}
        </Button>
      </>
    );
  }
  const scheduled = payments.data.filter((p) => p.status === 'scheduled');
  const others = payments.data.filter((p) => p.status !== 'scheduled');
  return (
    <>
      {done ? <Notice>{done}</Notice> : null}
      <section aria-labelledby="payments-scheduled" className="payments-section">
        <h2 id="payments-scheduled">{t('payments.scheduled.heading')}</h2>
        {scheduled.length === 0 ? (
          <p className="empty-state">{t('payments.scheduled.none')}</p>
        ) : (
          <ul className="scheduled-list">
            {scheduled.map((order) => (
              <ScheduledItem key={order.id} order={order} onDone={setDone} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="payments-history" className="payments-section">
        <h2 id="payments-history">{t('payments.history.heading')}</h2>
        {others.length === 0 ? (
          <p className="empty-state">{t('payments.history.none')}</p>
        ) : (
          <Table
            caption={t('payments.history.caption')}
            rowKey={(order) => order.id}
            rows={others}
            columns={[
              {
                key: 'date',
                header: t('payments.history.date'),
                isRowHeader: true,
                cell: (order) => <DateDisplay date={order.effectiveDate} />,
              },
              { key: 'account', header: t('payments.review.account'), cell: (order) => order.contractNumber },
              {
                key: 'amount',
                header: t('payments.review.amount'),
                isNumeric: true,
                cell: (order) => <Money cents={order.amountCents} />,
              },
              {
                key: 'status',
                header: t('payments.receipt.status'),
                cell: (o) => t(`payments.status.${o.status}`),
              },
              {
                key: 'receipt',
                header: t('payments.receipt.confirmationNumber'),
                cell: (order) => (
                  <Link href={`/payments/${encodeURIComponent(order.id)}`}>{order.confirmationNumber}</Link>
                ),
              },
            ]}
          />
        )}
      </section>
    </>
  );
}

/** Payments: scheduled ones (change, cancel until the cut-off of the day before) and the history. */
export function PaymentsPage() {
  const { t } = useTranslation();
  return (
    <div className="payments-page">
      <PageTitle>{t('payments.title')}</PageTitle>
      <div className="account-actions payments-page__actions">
        <Link className="button" href="/payments/new">
          {t('payments.make.title')}
        </Link>
        <Link className="button button--secondary" href="/payment-methods">
          {t('payments.methods.title')}
        </Link>
      </div>
      <PaymentLists />
    </div>
  );
}
