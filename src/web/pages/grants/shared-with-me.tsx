import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AccountSummary } from '../../../accounts/accounts.schemas.ts';
import { ACCOUNTS_QUERY_KEY } from '../../api/accounts.ts';
import { fetchHeldGrants, HELD_GRANTS_QUERY_KEY, type HeldGrant, leaveGrant } from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Notice } from '../../components/notice.tsx';
import { PageTitle } from '../../components/page-title.tsx';

/** "Shared with you by Maria Garcia · view and pay", on a grantee's dashboard card. */
export function SharedAccountLine({ grant }: { grant: NonNullable<AccountSummary['grant']> }) {
  const { t } = useTranslation();
  return (
    <p className="account-card__meta">
      {t('grants.dashboard.sharedBy', {
        name: grant.grantedBy,
        permission: t(`grants.permissionsShort.${grant.permission}`),
      })}
      {grant.endsOn ? (
        <>
          {' · '}
          {t('grants.dashboard.until')} <DateDisplay date={grant.endsOn} />
        </>
      ) : null}
    </p>
  );
}

const LIVE: readonly HeldGrant['state'][] = ['invited', 'active'];

function HeldGrantItem({ grant, onLeft }: { grant: HeldGrant; onLeft: (message: string) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const queryClient = useQueryClient();
  const [isLeaving, setLeaving] = useState(false);
  const leave = useMutation({
    mutationFn: () => leaveGrant(grant.id),
    onSuccess: async () => {
      setLeaving(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: HELD_GRANTS_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY }),
      ]);
      onLeft(t('grants.shared.left', { contractNumber: grant.contractNumber, name: grant.grantedBy }));
    },
  });
  const isLive = grant.state === 'active';
  return (
    <li className="card member-item" aria-labelledby={titleId}>
      <h3 id={titleId} className="member-item__name">
        {t('grants.shared.itemTitle', { contractNumber: grant.contractNumber })}{' '}
        <span className="badge">{t(`grants.states.${grant.state}`)}</span>
      </h3>
      <dl className="result-list">
        <div className="result-list__item">
          <dt>{t('grants.shared.grantedBy')}</dt>
          <dd>{grant.grantedBy}</dd>
        </div>
        <div className="result-list__item">
          <dt>{t('grants.access.permission')}</dt>
          <dd>{t(`grants.permissions.${grant.permission}`)}</dd>
        </div>
        <div className="result-list__item">
          <dt>{t('grants.access.endsOn')}</dt>
          <dd>{grant.endsOn ? <DateDisplay date={grant.endsOn} /> : t('grants.access.noEnd')}</dd>
        </div>
      </dl>
      {isLive ? (
        <div className="account-card__actions">
          <Link className="button" href={`/accounts/${encodeURIComponent(grant.contractNumber)}`}>
            {t('grants.shared.open', { contractNumber: grant.contractNumber })}
          </Link>
          <ConfirmDialog
            triggerLabel={t('grants.shared.leave', { contractNumber: grant.contractNumber })}
            title={t('grants.shared.leaveTitle', { contractNumber: grant.contractNumber })}
            confirmLabel={t('grants.shared.leaveConfirm')}
            keepLabel={t('grants.access.keep')}
            action={leave}
            isOpen={isLeaving}
            onOpenChange={setLeaving}
          >
            <p>{t('grants.shared.leaveBody', { name: grant.grantedBy })}</p>
          </ConfirmDialog>
        </div>
      ) : null}
    </li>
  );
}

/**
 * `/shared-with-me`: the accounts others gave the signed-in person access to, with what each grant
 * allows and until when, a way to open the account and to leave the grant. Accepting an invitation
 * lands here (`?accepted=` names the account just added).
 */
export function SharedWithMePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const accepted = params.get('accepted');
  const [done, setDone] = useState('');
  const grants = useQuery({ queryKey: HELD_GRANTS_QUERY_KEY, queryFn: fetchHeldGrants });
  const live = grants.data?.filter((g) => LIVE.includes(g.state)) ?? [];
  const ended = grants.data?.filter((g) => !LIVE.includes(g.state)) ?? [];
  return (
    <div className="dashboard">
      <PageTitle>{t('grants.shared.title')}</PageTitle>
      <p className="lead">{t('grants.shared.lead')}</p>
      {/* Without a contract number: accepted with a new login, which the page after sign-in cannot name. */}
      <Notice>
        {done ||
          (accepted === null
            ? ''
            : accepted
              ? t('grants.shared.accepted', { contractNumber: accepted })
              : t('grants.shared.joined'))}
      </Notice>
      {grants.isPending ? (
        <p role="status" className="status">
          {t('grants.shared.loading')}
        </p>
      ) : grants.isError ? (
        <>
          <ApiErrorAlert error={grants.error} />
          <Button isPending={grants.isFetching} onPress={() => void grants.refetch()}>
            {t('grants.access.retry')}
          </Button>
        </>
      ) : (
        <>
          <section aria-labelledby="shared-live" className="dashboard__section">
            <h2 id="shared-live">{t('grants.shared.liveTitle')}</h2>
            {live.length === 0 ? (
              <p className="empty-state">{t('grants.shared.none')}</p>
            ) : (
              <ul className="member-list">
                {live.map((grant) => (
                  <HeldGrantItem key={grant.id} grant={grant} onLeft={setDone} />
                ))}
              </ul>
            )}
          </section>
          {ended.length > 0 ? (
            <section aria-labelledby="shared-ended" className="dashboard__section">
              <h2 id="shared-ended">{t('grants.shared.endedTitle')}</h2>
              <ul className="member-list">
                {ended.map((grant) => (
                  <HeldGrantItem key={grant.id} grant={grant} onLeft={setDone} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
      <p>
        <Link href="/account">{t('grants.shared.dashboard')}</Link>
      </p>
    </div>
  );
}
