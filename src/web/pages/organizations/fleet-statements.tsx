import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { OrganizationDetail } from '../../../organizations/organizations.schemas.ts';
import { retryHiccups } from '../../api/client.ts';
import {
  fetchOrganizationStatements,
  type OrganizationStatements,
  organizationStatementPdfUrl,
  organizationStatementsQueryKey,
  setOrganizationPaperless,
} from '../../api/fleet-documents.ts';
import { dateColumn, moneyColumn } from '../../components/columns.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DateDisplay } from '../../components/date-display.tsx';
import { Notice } from '../../components/notice.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { PdfLinks, useMonthName } from '../documents/statements.tsx';
import { FinancesFrame } from './finances-frame.tsx';
import { Nothing } from './organization-frame.tsx';

type Statement = OrganizationStatements['statements'][number];

/** A combined statement's page: what it lists, line by line. */
export const fleetStatementHref = (organizationId: string, statementId: string) =>
  `/fleet/${organizationId}/statements/${encodeURIComponent(statementId)}`;

/** How a statement went out: an email notice, or paper (printed in that day's print run, or waiting for it). */
function DeliveryText({ statement }: { statement: Pick<Statement, 'delivery' | 'printedOn'> }) {
  const { t } = useTranslation();
  if (statement.delivery === 'electronic') return <>{t('fleetDocuments.statements.delivery.electronic')}</>;
  if (statement.printedOn === null) return <>{t('fleetDocuments.statements.delivery.toPrint')}</>;
  return (
    <>
      {t('fleetDocuments.statements.delivery.printed')} <DateDisplay date={statement.printedOn} />
    </>
  );
}

function StatementList({ organizationId, statements }: { organizationId: string; statements: Statement[] }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  if (statements.length === 0) {
    return <p className="empty-state">{t('fleetDocuments.statements.none')}</p>;
  }
  const nameOf = (s: Statement) => t('fleetDocuments.statements.name', { month: monthName(s.closingDate) });
  const columns: Column<Statement>[] = [
    {
      key: 'period',
      header: t('fleetDocuments.statements.columns.period'),
      isRowHeader: true,
      cell: (s) => (
        <Link
          href={fleetStatementHref(organizationId, s.id)}
          aria-label={t('fleetDocuments.statements.viewLabel', { name: nameOf(s) })}
        >
          {monthName(s.closingDate)}
        </Link>
      ),
    },
    {
      key: 'pdf',
      header: t('fleetDocuments.statements.columns.pdf'),
      cell: (s) => (
        <PdfLinks
          name={nameOf(s)}
          open={organizationStatementPdfUrl(organizationId, s.id)}
          save={organizationStatementPdfUrl(organizationId, s.id, true)}
        />
      ),
    },
    dateColumn('closing', t('fleetDocuments.statements.columns.closingDate'), (s) => s.closingDate),
    moneyColumn('total', t('fleetDocuments.statements.columns.totalDue'), (s) => s.totalDueCents),
    moneyColumn('pastDue', t('fleetDocuments.statements.columns.pastDue'), (s) => s.pastDueCents),
    {
      key: 'dueDate',
      header: t('fleetDocuments.statement.columns.dueDate'),
      cell: (s) => (s.firstDueDate ? <DateDisplay date={s.firstDueDate} /> : <Nothing />),
    },
    {
      key: 'contracts',
      header: t('fleetDocuments.statements.columns.contracts'),
      isNumeric: true,
      cell: (s) => s.contractCount,
    },
    {
      key: 'delivery',
      header: t('fleetDocuments.statements.columns.delivery'),
      cell: (s) => <DeliveryText statement={s} />,
    },
  ];
  return (
    <Table
      caption={t('fleetDocuments.statements.caption')}
      columns={columns}
      rows={statements}
      rowKey={(s) => s.id}
      isStackedOnPhones
    />
  );
}

/**
 * How the next statements go, and for an admin the switch. A business is no consumer, so the
 * E-SIGN consent a person gives for paperless does not apply: the admin's confirmed choice is
 * recorded (and audited) by the server.
 */
function Delivery({ organization, paperless }: { organization: OrganizationDetail; paperless: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [isOpen, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const change = useMutation({
    mutationFn: () => setOrganizationPaperless(organization.id, !paperless),
    onSuccess: (answer) => {
      setOpen(false);
      queryClient.setQueryData<OrganizationStatements>(
        organizationStatementsQueryKey(organization.id),
        (before) => before && { ...before, paperless: answer.paperless },
      );
      setMessage(
        t(answer.paperless ? 'fleetDocuments.paperless.turnedOn' : 'fleetDocuments.paperless.turnedOff'),
      );
    },
  });
  const choice = paperless ? 'off' : 'on';
  return (
    <section aria-labelledby="fleet-paperless" className="fleet-section">
      <h2 id="fleet-paperless">{t('fleetDocuments.paperless.title')}</h2>
      {message ? <Notice>{message}</Notice> : null}
      <p data-testid="fleet-paperless-status">
        <strong>
          {t(paperless ? 'fleetDocuments.paperless.status.on' : 'fleetDocuments.paperless.status.off')}
        </strong>
      </p>
      <p>{t('fleetDocuments.paperless.explanation')}</p>
      {organization.actions.includes('organization.manage_settings') ? (
        <ConfirmDialog
          triggerLabel={t(`fleetDocuments.paperless.${choice}.trigger`)}
          title={t(`fleetDocuments.paperless.${choice}.title`)}
          confirmLabel={t(`fleetDocuments.paperless.${choice}.confirm`)}
          keepLabel={t(`fleetDocuments.paperless.${choice}.keep`)}
          action={change}
          isOpen={isOpen}
          onOpenChange={setOpen}
        >
          <p>{t(`fleetDocuments.paperless.${choice}.body`)}</p>
          <p>{t('fleetDocuments.paperless.forBusiness')}</p>
        </ConfirmDialog>
      ) : (
        <p className="note">{t('fleetDocuments.paperless.askAdmin')}</p>
      )}
    </section>
  );
}

/**
 * `/fleet/:organizationId/statements`: the business's combined monthly statements (its document
 * center), each opened on its page or as a PDF, and how they are delivered. Drivers, like anyone
 * outside the business, get the not-found page, as the API answers them.
 */
export function FleetStatementsPage() {
  const { t } = useTranslation();
  const { organizationId = '' } = useParams();
  const statements = useQuery({
    queryKey: organizationStatementsQueryKey(organizationId),
    queryFn: () => fetchOrganizationStatements(organizationId),
    retry: retryHiccups,
  });
  return (
    <FinancesFrame organizationId={organizationId} texts="fleetDocuments.statements" queries={[statements]}>
      {(org) =>
        statements.data ? (
          <>
            <p className="lead">{t('fleetDocuments.statements.lead')}</p>
            <StatementList organizationId={org.id} statements={statements.data.statements} />
            <p className="note">{t('fleetDocuments.statements.pdfNote')}</p>
            <Delivery organization={org} paperless={statements.data.paperless} />
          </>
        ) : null
      }
    </FinancesFrame>
  );
}
