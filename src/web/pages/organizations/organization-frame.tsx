import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationDetail, organizationAction } from '../../../organizations/organizations.schemas.ts';
import { ApiError, retryHiccups } from '../../api/client.ts';
import { fetchOrganization, organizationQueryKey } from '../../api/organizations.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Button } from '../../components/button.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { NotFoundPage } from '../not-found.tsx';

type OrganizationAction = (typeof organizationAction.options)[number];

/** A vehicle's page in its organization's fleet. */
export const vehicleHref = (organizationId: string, contractNumber: string) =>
  `/fleet/${organizationId}/vehicles/${encodeURIComponent(contractNumber)}`;

/** The organization as the signed-in member sees it: name, role and what the role allows. */
export function useOrganization(organizationId: string) {
  return useQuery({
    queryKey: organizationQueryKey(organizationId),
    queryFn: () => fetchOrganization(organizationId),
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
}

/** A dash for nothing, read out as "none". */
export function Nothing() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('organizations.none')}</span>
    </>
  );
}

/** A fact of a list of facts (`<dl className="facts">`): its name and its value. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="facts__label">{label}</dt>
      <dd className="facts__value">{children}</dd>
    </div>
  );
}

/** Facts about a member or an invitation, each a name and its value. */
export function Facts({ facts }: { facts: [label: string, value: ReactNode][] }) {
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <Fact key={label} label={label}>
          {value}
        </Fact>
      ))}
    </dl>
  );
}

/** Not the member's to see: the API answers 404 (and 400 for an address that names no organization). */
const isRefused = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400);

type OrganizationFrameProps = {
  organizationId: string;
  /** What the member's role must allow; anyone else gets the not-found page, as the API answers them. */
  action: OrganizationAction;
  /** The page's title, from the organization once it is known. */
  title: (organization: OrganizationDetail | undefined) => string;
  /** The page's other answers: a refusal of any shows the not-found page too. */
  queries?: readonly UseQueryResult<unknown, unknown>[];
  loadingText: string;
  children: (organization: OrganizationDetail) => ReactNode;
};

/**
 * A page of an organization (its fleet, its members). Someone who is not a member, or whose role
 * does not allow the page, sees the not-found page, as the API answers them: such a page does not
 * say the organization exists. The h1 stands from the start, so the focus the shell moves to it
 * after a navigation stays there while the answers arrive.
 */
export function OrganizationFrame({
  organizationId,
  action,
  title,
  queries = [],
  loadingText,
  children,
}: OrganizationFrameProps) {
  const { t } = useTranslation();
  const organization = useOrganization(organizationId);
  const all = [organization, ...queries];
  if (
    all.some((query) => isRefused(query.error)) ||
    (organization.data && !organization.data.actions.includes(action))
  ) {
    return <NotFoundPage />;
  }
  const failed = all.find((query) => query.isError);
  return (
    <div className="fleet-page">
      <PageTitle>{title(organization.data)}</PageTitle>
      {failed ? (
        <>
          <ApiErrorAlert error={failed.error} />
          <Button isPending={failed.isFetching} onPress={() => void failed.refetch()}>
            {t('organizations.retry')}
          </Button>
        </>
      ) : organization.data && all.every((query) => !query.isPending) ? (
        children(organization.data)
      ) : (
        <p role="status" className="status">
          {loadingText}
        </p>
      )}
    </div>
  );
}
