import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../../accounts/accounts.schemas.ts';
import { cents, formatUsd } from '../../../core/money.ts';
import { useAccountList } from '../../api/grants.ts';
import { canPayOnline } from '../../api/payments.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { actsOnlyForBusinesses } from '../../session/home.ts';
import { useMe } from '../../session/me.ts';
import { useSignOut } from '../../session/sign-out.ts';
import { SharedAccountLine } from '../grants/shared-with-me.tsx';
import { YourFleets } from '../organizations/your-fleets.tsx';
import { DashboardNotices } from './dashboard-notices.tsx';

/** "2026 Honda Accord EX", or a plain note when the contract names no vehicle. */
export function useVehicleName() {
  const { t } = useTranslation();
  return (vehicle: AccountSummary['vehicle']) =>
    vehicle
      ? [vehicle.year, vehicle.make, vehicle.model, vehicle.trim].filter(Boolean).join(' ')
      : t('dashboard.vehicleUnknown');
}

function AccountCard({ account }: { account: AccountSummary }) {
  const { t } = useTranslation();
  const vehicleName = useVehicleName();
  const locale = useLocale();
  const isLease = account.kind === 'lease';
  const href = `/accounts/${encodeURIComponent(account.contractNumber)}`;
  return (
    <li className="card account-card">
      <h3 className="account-card__title">{vehicleName(account.vehicle)}</h3>
      <p className="account-card__meta">
        {t('dashboard.contractLabel', {
          kind: t(`dashboard.kinds.${account.kind}`),
          contractNumber: account.contractNumber,
        })}
        {account.role === 'primary' || account.role === 'grantee' ? null : (
          <span className="badge">{t(`dashboard.roles.${account.role}`)}</span>
        )}
      </p>
      {account.grant ? <SharedAccountLine grant={account.grant} /> : null}
      {account.pastDueCents > 0 ? (
        <div className="past-due">
          <p>
            <strong>
              {t('dashboard.pastDue', {
                amount: formatUsd(cents(account.pastDueCents), locale),
                count: account.daysPastDue,
              })}
            </strong>
          </p>
          <p>{t('dashboard.pastDueHelp')}</p>
        </div>
      ) : null}
      <dl className="facts account-card__facts">
        <div>
          <dt className="facts__label">{isLease ? t('dashboard.balanceLease') : t('dashboard.balance')}</dt>
          <dd className="facts__value account-card__balance">
            <Money cents={account.balanceCents} />
          </dd>
        </div>
        <div>
          <dt className="facts__label">{t('dashboard.nextPayment')}</dt>
          <dd className="facts__value">
            {account.status === 'paid_off' ? (
              t('dashboard.paidOff')
            ) : account.nextDueDate ? (
              <>
                <Money cents={account.nextDueAmountCents} /> {t('dashboard.dueOn')}{' '}
                <DateDisplay date={account.nextDueDate} />
              </>
            ) : (
              t('dashboard.noPaymentDue')
            )}
          </dd>
        </div>
        <div>
          <dt className="facts__label">{t('dashboard.lastPayment')}</dt>
          <dd className="facts__value">
            {account.lastPayment ? (
              <>
                <Money cents={account.lastPayment.amountCents} /> {t('dashboard.paidOn')}{' '}
                <DateDisplay date={account.lastPayment.date} />
              </>
            ) : (
              t('dashboard.noPayments')
            )}
          </dd>
        </div>
        {/* AutoPay is the parties' own: a grant never shows or changes it. */}
        {account.role === 'grantee' ? null : (
          <div>
            <dt className="facts__label">{t('dashboard.autopay')}</dt>
            <dd className="facts__value">
              {/* The visible status starts the link's name (WCAG 2.5.3); the rest says whose AutoPay it is. */}
              <Link
                href={`${href}/autopay`}
                aria-label={t('autopay.dashboard.manage', {
                  status: t(`autopay.dashboard.${account.autopay ?? 'off'}`),
                  contractNumber: account.contractNumber,
                })}
              >
                {t(`autopay.dashboard.${account.autopay ?? 'off'}`)}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      <div className="account-card__actions">
        <Link className="button" href={href}>
          {t('dashboard.view', { contractNumber: account.contractNumber })}
        </Link>
        <Link
          className="button button--secondary"
          href={`${href}/statements`}
          aria-label={t('statements.accountLinkLabel', { contractNumber: account.contractNumber })}
        >
          {t('statements.accountLink')}
        </Link>
        {canPayOnline(account) ? (
          <Link
            className="button button--secondary"
            href={`/payments/new?account=${encodeURIComponent(account.contractNumber)}`}
          >
            {t('dashboard.makePayment')}
          </Link>
        ) : null}
      </div>
    </li>
  );
}

function AccountList() {
  const { t } = useTranslation();
  const accounts = useAccountList();
  if (accounts.isPending) {
    return (
      <>
        <p role="status" className="status">
          {t('dashboard.loading')}
        </p>
        <div className="card skeleton-card" aria-hidden="true" />
      </>
    );
  }
  if (accounts.isError) {
    return (
      <>
        <ApiErrorAlert error={accounts.error} />
        <Button isPending={accounts.isFetching} onPress={() => void accounts.refetch()}>
          {t('dashboard.retry')}
        </Button>
      </>
    );
  }
  if (accounts.data.length === 0) return <p className="empty-state">{t('dashboard.none')}</p>;
  // Accounts others shared come after the person's own, under their own heading.
  const own = accounts.data.filter((account) => account.role !== 'grantee');
  const shared = accounts.data.filter((account) => account.role === 'grantee');
  return (
    <>
      {own.length > 0 ? (
        <ul className="card-grid account-cards">
          {own.map((account) => (
            <AccountCard key={account.contractNumber} account={account} />
          ))}
        </ul>
      ) : null}
      {shared.length > 0 ? (
        <section aria-labelledby="dashboard-shared" className="dashboard__section">
          <h3 id="dashboard-shared">{t('grants.dashboard.heading')}</h3>
          <ul className="card-grid account-cards">
            {shared.map((account) => (
              <AccountCard key={account.contractNumber} account={account} />
            ))}
          </ul>
          <p>
            <Link href="/shared-with-me">{t('grants.dashboard.manage')}</Link>
          </p>
        </section>
      ) : null}
    </>
  );
}

/**
 * The dashboard: every account the person may see, with what is due; notices; and who is signed in
 * with the ways to sign out. `SignedInLayout` sends anyone else to the sign-in page.
 */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const pressed = signOut.isPending ? signOut.variables.everywhere : undefined;

  return (
    <div className="dashboard">
      <PageTitle>{t('account.title')}</PageTitle>
      {me.isPending ? (
        <p role="status" className="status">
          {t('account.loading')}
        </p>
      ) : me.isError ? (
        <>
          <ApiErrorAlert error={me.error} />
          <Button isPending={me.isFetching} onPress={() => void me.refetch()}>
            {t('account.retry')}
          </Button>
        </>
      ) : (
        <>
          <p className="lead">{t('account.signedInAs', { name: me.data.me.displayName })}</p>
          {/* Staff keep this page for their own sign-in and sign-out; their work is in the console. */}
          {me.data.me.kind === 'staff' ? (
            <p>
              <Link href="/staff">{t('staff.accountLink')}</Link>
            </p>
          ) : (
            <>
              {/* Someone who acts only for businesses has no accounts or notices of their own. */}
              {actsOnlyForBusinesses(me.data.me) ? null : (
                <>
                  <section aria-labelledby="dashboard-accounts" className="dashboard__section">
                    <h2 id="dashboard-accounts">{t('dashboard.accountsHeading')}</h2>
                    <AccountList />
                  </section>
                  <section aria-labelledby="dashboard-notices" className="dashboard__section">
                    <h2 id="dashboard-notices">{t('dashboard.noticesHeading')}</h2>
                    <DashboardNotices />
                  </section>
                </>
              )}
              {me.data.me.memberships.length > 0 ? <YourFleets /> : null}
            </>
          )}
          <section aria-labelledby="dashboard-sign-in" className="dashboard__section narrow-page">
            <h2 id="dashboard-sign-in">{t('dashboard.signInHeading')}</h2>
            <dl className="result-list account-details">
              <div className="result-list__item">
                <dt>{t('account.userId')}</dt>
                <dd>{me.data.me.userId}</dd>
              </div>
              <div className="result-list__item">
                <dt>{t('account.email')}</dt>
                <dd>{me.data.me.email}</dd>
              </div>
            </dl>
            <p>
              <Link href="/account/security">{t('account.securityLink')}</Link>
            </p>
            {/* A profile and documents belong to a customer: someone acting only for businesses has neither. */}
            {me.data.me.kind === 'customer' && !actsOnlyForBusinesses(me.data.me) ? (
              <>
                <p>
                  <Link href="/profile">{t('profile.accountLink')}</Link>
                </p>
                <p>
                  <Link href="/documents">{t('documents.accountLink')}</Link>
                </p>
              </>
            ) : null}
            <p className="note">{t('account.idleNote')}</p>
            {signOut.isError ? <ApiErrorAlert error={signOut.error} /> : null}
            <div className="account-actions">
              <Button
                isPending={pressed === false}
                isDisabled={pressed === true}
                onPress={() => signOut.mutate({ everywhere: false })}
              >
                {pressed === false ? t('account.signingOut') : t('account.signOut')}
              </Button>
              <Button
                variant="secondary"
                isPending={pressed === true}
                isDisabled={pressed === false}
                onPress={() => signOut.mutate({ everywhere: true })}
              >
                {pressed === true ? t('account.signingOut') : t('account.signOutEverywhere')}
              </Button>
            </div>
            <p className="note">{t('account.signOutEverywhereNote')}</p>
          </section>
        </>
      )}
    </div>
  );
}
