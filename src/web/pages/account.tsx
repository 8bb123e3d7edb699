import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../components/api-error-alert.tsx';
import { Button } from '../components/button.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useMe } from '../session/me.ts';
import { useSignOut } from '../session/sign-out.ts';

/** Who is signed in, and the ways to sign out. `SignedInLayout` sends anyone else to the sign-in page. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const pressed = signOut.isPending ? signOut.variables.everywhere : undefined;

  return (
    <div className="narrow-page">
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
          ) : null}
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
        </>
      )}
    </div>
  );
}
