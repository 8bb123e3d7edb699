import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { fetchPayments, PAYMENTS_QUERY_KEY, receiptPdfUrl } from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Instant } from '../../components/instant.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import type { ReceiptState } from './make-payment.tsx';
import { Fact, MethodName, SplitList } from './parts.tsx';

export function usePayments() {
  return useQuery({ queryKey: PAYMENTS_QUERY_KEY, queryFn: fetchPayments });
}

/**
 * A payment's receipt: its confirmation number, amount, dates, method (last four only) and how it
 * applied, laid out to print on one page. Until it posts, the split is the one the review showed.
 */
export function ReceiptPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { state } = useLocation() as { state: ReceiptState | null };
  const payments = usePayments();
  const order = payments.data?.find((p) => p.id === id);
  // Until it posts, the split the review showed (carried here by the confirm step) stands in.
  const reviewed =
    state?.preview?.contractNumber === order?.contractNumber ? state?.preview?.split : undefined;
  const split = order?.split ?? reviewed;

  return (
    <div className="payments-page narrow-page receipt">
      <PageTitle>{t('payments.receipt.title')}</PageTitle>
      {payments.isPending ? (
        <>
          <p role="status" className="status">
            {t('payments.loading')}
          </p>
          <div className="payments-skeleton" aria-hidden="true" />
        </>
      ) : payments.isError ? (
        <>
          <ApiErrorAlert error={payments.error} />
          <Button isPending={payments.isFetching} onPress={() => void payments.refetch()}>
            {t('payments.retry')}
          </Button>
        </>
      ) : !order ? (
        <p className="empty-state">{t('payments.receipt.notFound')}</p>
      ) : (
        <>
          <p className="lead">{t(`payments.receipt.lead.${order.status}`)}</p>
          <dl className="result-list receipt__facts" data-testid="receipt">
            <Fact label={t('payments.receipt.confirmationNumber')}>
              <span data-testid="confirmation-number">{order.confirmationNumber}</span>
            </Fact>
            <Fact label={t('payments.review.amount')}>
              <Money cents={order.amountCents} />
            </Fact>
            <Fact label={t('payments.review.account')}>{order.contractNumber}</Fact>
            <Fact label={t('payments.review.effectiveDate')}>
              <DateDisplay date={order.effectiveDate} />
            </Fact>
            <Fact label={t('payments.review.method')}>
              <MethodName method={order.method} />
            </Fact>
            <Fact label={t('payments.receipt.status')}>{t(`payments.status.${order.status}`)}</Fact>
            <Fact label={t('payments.receipt.made')}>
              <Instant value={order.createdAt} />
            </Fact>
            {order.paidBy ? (
              <Fact label={t('payments.receipt.paidBy')}>
                <span data-testid="paid-by">
                  {t('payments.receipt.paidByValue', { name: order.paidBy.name })}
                </span>
              </Fact>
            ) : null}
          </dl>
          {split ? (
            <>
              <h2>{order.split ? t('payments.receipt.applied') : t('payments.receipt.willApply')}</h2>
              <SplitList split={split} testId="receipt-split" />
            </>
          ) : null}
          <div className="account-actions receipt__actions">
            <Link className="button button--secondary" href={receiptPdfUrl(order.id)} download>
              {t('payments.receipt.download')}
            </Link>
            <Button variant="secondary" onPress={() => window.print()}>
              {t('payments.receipt.print')}
            </Button>
            <Link className="button button--secondary" href="/payments">
              {t('payments.receipt.allPayments')}
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
