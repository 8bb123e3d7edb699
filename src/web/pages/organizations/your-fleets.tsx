import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { retryHiccups } from '../../api/client.ts';
import { fetchOrganizations, ORGANIZATIONS_QUERY_KEY } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { PageTitle } from '../../components/page-title.tsx';

function useOrganizations() {
  return useQuery({
    queryKey: ORGANIZATIONS_QUERY_KEY,
    queryFn: fetchOrganizations,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
}

/** The member's organizations, each a link to its fleet with the member's role there. */
function FleetLinks({ organizations }: { organizations: ReturnType<typeof useOrganizations> }) {
  const { t } = useTranslation();
  if (organizations.isPending) {
    return (
      <p role="status" className="status">
        {t('organizations.yourFleets.loading')}
      </p>
    );
  }
  if (organizations.isError) {
    return (
      <>
        <ApiErrorAlert error={organizations.error} />
        <Button isPending={organizations.isFetching} onPress={() => void organizations.refetch()}>
          {t('organizations.retry')}
        </Button>
      </>
    );
  }
  if (organizations.data.length === 0) return <p>{t('organizations.yourFleets.none')}</p>;
  return (
    <ul className="help-links">
      {organizations.data.map((organization) => (
        <li key={organization.id}>
          <Link href={`/fleet/${organization.id}`}>
            {t('organizations.yourFleets.link', {
              name: organization.name,
              role: t(`organizations.roles.${organization.role}`),
            })}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The dashboard's section for a member of organizations: each one's fleet, with the member's role there. */
export function YourFleets() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="dashboard-fleets" className="dashboard__section">
      <h2 id="dashboard-fleets">{t('organizations.yourFleets.title')}</h2>
      <FleetLinks organizations={useOrganizations()} />
    </section>
  );
}

/**
 * `/fleet`: the home of someone who acts for several businesses and for nothing of their own, to
 * choose the fleet to open. With one organization there is nothing to choose: its fleet opens.
 */
export function FleetChooserPage() {
  const { t } = useTranslation();
  const organizations = useOrganizations();
  const [only, ...others] = organizations.data ?? [];
  if (only && others.length === 0) return <Navigate to={`/fleet/${only.id}`} replace />;
  return (
    <div className="narrow-page">
      <PageTitle>{t('organizations.yourFleets.title')}</PageTitle>
      <p className="lead">{t('organizations.yourFleets.lead')}</p>
      <FleetLinks organizations={organizations} />
      <p>
        <Link href="/business/register">{t('fleetDocuments.businessRegistration.link')}</Link>
      </p>
    </div>
  );
}
