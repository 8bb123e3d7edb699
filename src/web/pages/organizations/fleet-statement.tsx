import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { CombinedStatementLine } from '../../../organizations/statements.schemas.ts';
import { retryHiccups } from '../../api/client.ts';
import {
  fetchOrganizationStatement,
  type OrganizationStatement,
  organizationStatementPdfUrl,
  organizationStatementQueryKey,
} from '../../api/fleet-documents.ts';
import { DateDisplay } from '../../components/date-display.tsx';
import { Money } from '../../components/money.tsx';
import { type Column, Table } from '../../components/table.tsx';
import { PdfLinks, useMonthName } from '../documents/statements.tsx';
import { Facts, Nothing, OrganizationFrame } from './organization-frame.tsx';

function StatementDetail({
  organizationId,
  answer,
}: {
  organizationId: string;
  answer: OrganizationStatement;
}) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const { statement } = answer;
  const name = t('fleetDocuments.statements.name', { month: monthName(statement.closingDate) });
  const columns: Column<CombinedStatementLine>[] = [
    {
      key: 'contract',
      header: t('fleetDocuments.statement.columns.contract'),
      isRowHeader: true,
      cell: (line) => (
        <>
          {line.contractNumber}
          <span className="note">
            {' '}
            {[
              line.unitNumber,
              line.vehicle && `${line.vehicle.year} ${line.vehicle.make} ${line.vehicle.model}`,
              line.vinLast6 && t('fleetDocuments.statement.vin', { vin: line.vinLast6 }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </>
      ),
    },
    {
      key: 'pastDue',
      header: t('fleetDocuments.statement.columns.pastDue'),
      isNumeric: true,
      cell: (line) => <Money cents={line.pastDueCents} />,
    },
    {
      key: 'amountDue',
      header: t('fleetDocuments.statement.columns.amountDue'),
      isNumeric: true,
      cell: (line) => <Money cents={line.amountDueCents} />,
    },
    {
      key: 'dueDate',
      header: t('fleetDocuments.statement.columns.dueDate'),
      cell: (line) => (line.dueDate ? <DateDisplay date={line.dueDate} /> : <Nothing />),
    },
  ];
  return (
    <>
      <Facts
        facts={[
          [
            t('fleetDocuments.statements.columns.closingDate'),
            <DateDisplay key="closing" date={statement.closingDate} />,
          ],
          [
            t('fleetDocuments.statement.firstDueDate'),
            statement.firstDueDate ? (
              <DateDisplay key="due" date={statement.firstDueDate} />
            ) : (
              <Nothing key="due" />
            ),
          ],
          [
            t('fleetDocuments.statements.columns.totalDue'),
            <span key="total" data-testid="statement-total">
              <Money cents={statement.totals.amountDueCents} />
            </span>,
          ],
          [
            t('fleetDocuments.statements.columns.pastDue'),
            <Money key="pastDue" cents={statement.totals.pastDueCents} />,
          ],
          [t('fleetDocuments.statements.columns.contracts'), statement.totals.contracts],
          [t('fleetDocuments.statement.accountReference'), statement.business.accountReference],
        ]}
      />
      <p>
        <PdfLinks
          name={name}
          open={organizationStatementPdfUrl(organizationId, answer.id)}
          save={organizationStatementPdfUrl(organizationId, answer.id, true)}
        />
      </p>
      <Table
        caption={t('fleetDocuments.statement.caption', { count: statement.lines.length })}
        columns={columns}
        rows={statement.lines}
        rowKey={(line) => line.contractNumber}
        isStackedOnPhones
      />
      <p>
        <Link href={`/fleet/${organizationId}/statements`}>{t('fleetDocuments.statement.all')}</Link>
      </p>
    </>
  );
}

/** `/fleet/:organizationId/statements/:statementId`: one combined statement, every contract's line, its PDF. */
export function FleetStatementPage() {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const { organizationId = '', statementId = '' } = useParams();
  const statement = useQuery({
    queryKey: organizationStatementQueryKey(organizationId, statementId),
    queryFn: () => fetchOrganizationStatement(organizationId, statementId),
    retry: retryHiccups,
    // Each opening is audited: one per visit, not one per window focus.
    refetchOnWindowFocus: false,
  });
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view_finances"
      title={() =>
        statement.data
          ? t('fleetDocuments.statement.title', { month: monthName(statement.data.statement.closingDate) })
          : t('fleetDocuments.statement.titleLoading')
      }
      queries={[statement]}
      loadingText={t('fleetDocuments.statement.loading')}
    >
      {() =>
        statement.data ? <StatementDetail organizationId={organizationId} answer={statement.data} /> : null
      }
    </OrganizationFrame>
  );
}
