import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ACCOUNTS_QUERY_KEY, accountQueryKey, fetchAccount } from '../../api/accounts.ts';
import { ApiError, retryHiccups } from '../../api/client.ts';
import { isHolder, useAccountRole, wasGrantee } from '../../api/grants.ts';
import { Alert } from '../../components/alert.tsx';

/** The contract's tabs a grant shows: the account itself, never the vehicle, payoff or grants. */
const GRANTEE_TABS = new Set(['', 'schedule', 'activity', 'statements']);

/**
 * The contract tabs this person sees: a holder all of them, another party all but the grants (the
 * API answers them 404), a grantee only the account's own pages. Until the role is known the
 * grants tab waits, so nobody sees it flash.
 */
export function useContractTabs<Tab extends { path: string }>(contractNumber: string, tabs: readonly Tab[]) {
  const account = useAccountRole(contractNumber);
  if (account?.role === 'grantee') return tabs.filter((tab) => GRANTEE_TABS.has(tab.path));
  return account && isHolder(account) ? tabs : tabs.filter((tab) => tab.path !== 'access');
}

/**
 * Whether a grant this tab had on the contract has ended (revoked, left, past its end date): the
 * account then answers 404. It is asked again on every move between the contract's pages, so the
 * very next click says so instead of a page's generic "not found".
 */
export function useGrantEnded(contractNumber: string, pathname: string): boolean {
  const queryClient = useQueryClient();
  const seen = wasGrantee(contractNumber);
  const check = useQuery({
    queryKey: [...accountQueryKey(contractNumber), 'grant-check'],
    queryFn: () => fetchAccount(contractNumber),
    enabled: seen,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  const { refetch } = check;
  useEffect(() => {
    if (seen && pathname) void refetch();
  }, [seen, pathname, refetch]);
  const hasEnded = seen && check.error instanceof ApiError && check.error.status === 404;
  useEffect(() => {
    // The dashboard and the navigation no longer have this account to show.
    if (hasEnded) void queryClient.invalidateQueries({ queryKey: ACCOUNTS_QUERY_KEY, exact: true });
  }, [hasEnded, queryClient]);
  return hasEnded;
}

/** In place of a contract's pages once the grant that showed them has ended. */
export function GrantEnded() {
  const { t } = useTranslation();
  return (
    <>
      <Alert>
        <p>
          <strong>{t('grants.ended.title')}</strong>
        </p>
        <p>{t('grants.ended.body')}</p>
      </Alert>
      <p>
        <Link href="/account">{t('grants.ended.dashboard')}</Link>
      </p>
    </>
  );
}
