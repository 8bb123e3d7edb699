import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { BulkPaymentSummary } from '../../../organizations/bulk-payments.schemas.ts';
import { bulkPaymentsQueryKey, fetchBulkPayments } from '../../api/bulk-payments.ts';
import { retryHiccups } from '../../api/client.ts';
import { dateColumn, moneyColumn } from '../../components/columns.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { MethodName } from '../payments/parts.tsx';
import { bulkPayHref, bulkReceiptHref } from './bulk-payment.tsx';
import { FinancesFrame } from './finances-frame.tsx';

/** `/fleet/:organizationId/payments`: the business's bulk payments, newest first, each opening its receipt. */
export function BulkPaymentListPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const payments = useQuery({
    queryKey: bulkPaymentsQueryKey(organizationId),
    queryFn: () => fetchBulkPayments(organizationId),
    retry: retryHiccups,
  });
  const columns: Column<BulkPaymentSummary>[] = [
    {
      key: 'confirmation',
      header: t('payments.receipt.confirmationNumber'),
      isRowHeader: true,
      cell: (p) => <Link href={bulkReceiptHref(organizationId, p.id)}>{p.confirmationNumber}</Link>,
    },
    dateColumn('date', t('payments.review.effectiveDate'), (p) => p.effectiveDate),
    moneyColumn('total', t('organizations.bulkPay.total'), (p) => p.totalCents),
    {
      key: 'lines',
      header: t('organizations.bulkPayments.lines'),
      isNumeric: true,
      cell: (p) => p.lineCount,
    },
    { key: 'method', header: t('payments.review.method'), cell: (p) => <MethodName method={p.method} /> },
    { key: 'status', header: t('payments.receipt.status'), cell: (p) => t(`payments.status.${p.status}`) },
    { key: 'by', header: t('organizations.bulkPayments.madeBy'), cell: (p) => p.madeBy },
  ];
  return (
    <FinancesFrame organizationId={organizationId} texts="organizations.bulkPayments" queries={[payments]}>
      {(org) => (
        <>
          {org.actions.includes('organization.pay') ? (
            <p>
              <Link href={bulkPayHref(organizationId)}>{t('organizations.bulkPayments.pay')}</Link>
            </p>
          ) : null}
          {payments.data && payments.data.length > 0 ? (
            <Table
              caption={t('organizations.bulkPayments.caption')}
              columns={columns}
              rows={payments.data}
              rowKey={(p) => p.id}
              isStackedOnPhones
            />
          ) : (
            <p className="empty-state">{t('organizations.bulkPayments.empty')}</p>
          )}
        </>
      )}
    </FinancesFrame>
  );
}
