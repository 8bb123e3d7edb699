import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { OrganizationFrame } from './organization-frame.tsx';

/**
 * A page of the business's finances (analytics, statements, payments), for members who may see
 * them. `texts` is where its words are: `title` (with the business's `name`), `titleLoading` and
 * `loading`.
 */
export function FinancesFrame({
  organizationId,
  texts,
  queries,
  children,
}: {
  organizationId: string;
  texts: 'fleetInsights.analytics' | 'fleetDocuments.statements' | 'organizations.bulkPayments';
  queries?: readonly UseQueryResult<unknown, unknown>[];
  children: (organization: OrganizationDetail) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view_finances"
      title={(org) => (org ? t(`${texts}.title`, { name: org.name }) : t(`${texts}.titleLoading`))}
      queries={queries}
      loadingText={t(`${texts}.loading`)}
    >
      {children}
    </OrganizationFrame>
  );
}
