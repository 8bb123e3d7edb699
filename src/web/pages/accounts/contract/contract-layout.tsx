import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useParams } from 'react-router';
import { useAccount } from '../../../api/accounts.ts';
import { Money } from '../../../components/money.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { GrantEnded, useContractTabs, useGrantEnded } from '../../grants/contract-access.tsx';
import { useVehicleName } from '../account.tsx';

/** The parts of one contract's pages, in the order the tabs show them (paths under /accounts/:contractNumber). */
const CONTRACT_TABS = [
  { path: '', label: 'contract.tabs.overview' },
  { path: 'schedule', label: 'contract.tabs.schedule' },
  { path: 'activity', label: 'contract.tabs.activity' },
  { path: 'payoff', label: 'contract.tabs.payoff' },
  { path: 'statements', label: 'statements.tab' },
  { path: 'vehicle', label: 'contract.tabs.vehicle' },
  { path: 'access', label: 'grants.access.tab' },
] as const;

/** The vehicle and the balance under the title, once the account has loaded (each part says its own errors). */
function ContractSummary({ contractNumber }: { contractNumber: string }) {
  const { t } = useTranslation();
  const vehicleName = useVehicleName();
  const account = useAccount(contractNumber);
  if (!account.isSuccess) return null;
  const { data } = account;
  const balance =
    data.kind === 'lease' ? data.balances.remainingBasePaymentsCents : data.balances.principalCents;
  return (
    <p className="contract-summary">
      <span>
        {t('overview.summary', {
          vehicle: vehicleName(data.vehicle),
          kind: t(`dashboard.kinds.${data.kind}`),
        })}
      </span>
      <span>
        {data.kind === 'lease' ? t('dashboard.balanceLease') : t('dashboard.balance')}:{' '}
        <strong>
          <Money cents={balance} />
        </strong>
      </span>
    </p>
  );
}

/**
 * One contract: its number as the title and a row of links to its parts (a navigation landmark with
 * the current one marked, not ARIA tabs: each part is its own page with its own address).
 */
export function ContractLayout() {
  const { t } = useTranslation();
  const { contractNumber = '' } = useParams();
  const { pathname } = useLocation();
  const base = `/accounts/${encodeURIComponent(contractNumber)}`;
  // A grantee sees only the tabs their grant allows; a grant that ended says so (grants/contract-access.tsx).
  const tabs = useContractTabs(contractNumber, CONTRACT_TABS);
  if (useGrantEnded(contractNumber, pathname)) {
    return (
      <div className="contract-page">
        <PageTitle>{t('contract.title', { contractNumber })}</PageTitle>
        <GrantEnded />
      </div>
    );
  }
  return (
    <div className="contract-page">
      <PageTitle>{t('contract.title', { contractNumber })}</PageTitle>
      <ContractSummary contractNumber={contractNumber} />
      <nav aria-label={t('contract.tabs.label')} className="contract-tabs">
        <ul>
          {tabs.map((tab) => {
            const href = tab.path ? `${base}/${tab.path}` : base;
            return (
              <li key={tab.path}>
                <Link href={href} aria-current={pathname === href ? 'page' : undefined}>
                  {t(tab.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
