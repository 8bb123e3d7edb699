import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { cents, formatUsd } from '../../../core/money.ts';
import type { Notice } from '../../../notifications/notices.schemas.ts';
import { dismissNotice, fetchNotices, NOTICES_QUERY_KEY } from '../../api/notices.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { formatCalendarDate } from '../../components/date-display.tsx';
import { useLocale } from '../../i18n/locale.ts';

const REQUEST_KINDS = ['due_date_change', 'payment_extension', 'lease_end_quote'] as const;

/** What a notice says and where it leads, in the page's language. */
function useNoticeText() {
  const { t } = useTranslation();
  const locale = useLocale();
  const usd = (amount: number) => formatUsd(cents(amount), locale);
  const date = (value: string) => formatCalendarDate(value, locale);
  return (notice: Notice): { text: string; link: string; href: string } => {
    const account = `/accounts/${encodeURIComponent(notice.contractNumber)}`;
    const contractNumber = notice.contractNumber;
    switch (notice.kind) {
      case 'payment_returned': {
        const { amountCents, paymentReceivedOn, returnedPaymentFeeCents } = notice.details;
        const returned = t('notices.paymentReturned', {
          amount: usd(amountCents),
          date: date(paymentReceivedOn),
          contractNumber,
        });
        const fee =
          returnedPaymentFeeCents > 0
            ? ` ${t('notices.returnFee', { fee: usd(returnedPaymentFeeCents) })}`
            : '';
        return { text: returned + fee, link: t('notices.seeActivity'), href: `${account}/activity` };
      }
      case 'statement_ready':
        return {
          text: t('notices.statementReady', {
            date: date(notice.details.statementDate),
            amount: usd(notice.details.amountDueCents),
            contractNumber,
          }),
          link: t('notices.seeAccount'),
          href: account,
        };
      case 'request_answered': {
        const kind = REQUEST_KINDS.find((k) => k === notice.details.requestKind);
        return {
          text: t('notices.requestAnswered', {
            request: kind ? t(`notices.requestKinds.${kind}`) : t('notices.requestKinds.other'),
            contractNumber,
          }),
          link: t('notices.seeAccount'),
          href: account,
        };
      }
      case 'grant_changed':
        return {
          text: t(`notices.grantChanged.${notice.details.change}`, {
            name: notice.details.name,
            contractNumber,
          }),
          link: t('notices.seeAccount'),
          href: account,
        };
      case 'grantee_payment':
        return {
          text: t(`notices.granteePayment.${notice.details.status}`, {
            name: notice.details.name,
            amount: usd(notice.details.amountCents),
            date: date(notice.details.effectiveDate),
            contractNumber,
          }),
          link: t('notices.seeActivity'),
          href: `${account}/activity`,
        };
    }
  };
}

/** The dashboard's notices, newest first, each with where to go next and a way to dismiss it. */
export function DashboardNotices() {
  const { t } = useTranslation();
  const locale = useLocale();
  const textOf = useNoticeText();
  const queryClient = useQueryClient();
  const notices = useQuery({ queryKey: NOTICES_QUERY_KEY, queryFn: fetchNotices });
  const dismiss = useMutation({
    mutationFn: dismissNotice,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTICES_QUERY_KEY }),
  });

  if (notices.isPending) return <div className="notice-skeleton" aria-hidden="true" />;
  if (notices.isError)
    return (
      <>
        <ApiErrorAlert error={notices.error} />
        <Button isPending={notices.isFetching} onPress={() => void notices.refetch()}>
          {t('notices.retry')}
        </Button>
      </>
    );
  if (notices.data.length === 0) return <p className="empty-state">{t('dashboard.noNotices')}</p>;
  return (
    <>
      {dismiss.isError ? <ApiErrorAlert error={dismiss.error} /> : null}
      <ul className="notice-list">
        {notices.data.map((notice) => {
          const { text, link, href } = textOf(notice);
          return (
            <li key={notice.id} className={`notice-item notice-item--${notice.kind}`}>
              <p className="notice-item__date">{formatCalendarDate(notice.occurredOn, locale)}</p>
              <p className="notice-item__text">{text}</p>
              <div className="notice-item__actions">
                <Link href={href}>{link}</Link>
                <Button
                  variant="secondary"
                  isPending={dismiss.isPending && dismiss.variables === notice.id}
                  onPress={() => dismiss.mutate(notice.id)}
                  aria-label={t('notices.dismissLabel', { text })}
                >
                  {t('notices.dismiss')}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
