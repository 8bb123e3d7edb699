import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { BulkPaymentDetail } from '../../../organizations/bulk-payments.schemas.ts';
import { bulkPaymentQueryKey, bulkReceiptUrl, fetchBulkPayment } from '../../api/bulk-payments.ts';
import { retryHiccups } from '../../api/client.ts';
import { DateDisplay } from '../../components/date-display.tsx';
import { Instant } from '../../components/instant.tsx';
import { Money } from '../../components/money.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { Fact, MethodName, SplitList } from '../payments/parts.tsx';
import { lineColumns } from './bulk-payment.tsx';
import { Nothing, OrganizationFrame } from './organization-frame.tsx';

type Line = BulkPaymentDetail['lines'][number];

function Receipt({ organizationId, payment }: { organizationId: string; payment: BulkPaymentDetail }) {
  const { t } = useTranslation();
  const columns: Column<Line>[] = [
    ...lineColumns<Line>(t),
    { key: 'status', header: t('payments.receipt.status'), cell: (l) => t(`payments.status.${l.status}`) },
    {
      key: 'split',
      header: t('payments.receipt.applied'),
      cell: (l) => (l.split ? <SplitList split={l.split} /> : <Nothing />),
    },
  ];
  return (
    <>
      <dl className="result-list receipt__facts" data-testid="bulk-receipt">
        <Fact label={t('payments.receipt.confirmationNumber')}>
          <span data-testid="confirmation-number">{payment.confirmationNumber}</span>
        </Fact>
        <Fact label={t('organizations.bulkPay.total')}>
          <Money cents={payment.totalCents} />
        </Fact>
        <Fact label={t('payments.review.effectiveDate')}>
          <DateDisplay date={payment.effectiveDate} />
        </Fact>
        <Fact label={t('payments.review.method')}>
          <MethodName method={payment.method} />
        </Fact>
        <Fact label={t('payments.receipt.status')}>{t(`payments.status.${payment.status}`)}</Fact>
        <Fact label={t('organizations.bulkPayments.madeBy')}>{payment.madeBy}</Fact>
        <Fact label={t('payments.receipt.made')}>
          <Instant value={payment.createdAt} />
        </Fact>
      </dl>
      {payment.failureReason ? <p className="notice">{payment.failureReason}</p> : null}
      <Table
        caption={t('organizations.bulkPay.reviewCaption', { count: payment.lineCount })}
        columns={columns}
        rows={payment.lines}
        rowKey={(line) => line.contractNumber}
        isStackedOnPhones
      />
      <div className="account-actions receipt__actions">
        <Link
          className="button button--secondary"
          href={bulkReceiptUrl(organizationId, payment.id, 'pdf')}
          download
        >
          {t('organizations.bulkPayments.pdf')}
        </Link>
        <Link
          className="button button--secondary"
          href={bulkReceiptUrl(organizationId, payment.id, 'csv')}
          download
        >
          {t('organizations.bulkPayments.csv')}
        </Link>
        <Link className="button button--secondary" href={`/fleet/${organizationId}/payments`}>
          {t('organizations.bulkPayments.all')}
        </Link>
      </div>
    </>
  );
}

/** `/fleet/:organizationId/payments/:bulkPaymentId`: one bulk payment, every contract it paid, its receipt files. */
export function BulkPaymentReceiptPage() {
  const { t } = useTranslation();
  const { organizationId = '', bulkPaymentId = '' } = useParams();
  const payment = useQuery({
    queryKey: bulkPaymentQueryKey(organizationId, bulkPaymentId),
    queryFn: () => fetchBulkPayment(organizationId, bulkPaymentId),
    retry: retryHiccups,
  });
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view_finances"
      title={() => t('organizations.bulkPayments.receiptTitle')}
      queries={[payment]}
      loadingText={t('organizations.bulkPayments.loading')}
    >
      {() => (payment.data ? <Receipt organizationId={organizationId} payment={payment.data} /> : null)}
    </OrganizationFrame>
  );
}
