import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { calendarDate, dateParts } from '../../../core/dates.ts';
import {
  paymentsReportQuery,
  type ReportFormat,
  type ReportName,
} from '../../../organizations/reports.schemas.ts';
import { retryHiccups } from '../../api/client.ts';
import { analyticsQueryKey, fetchReportsAsOf, reportUrl } from '../../api/fleet-insights.ts';
import { formatCalendarDate } from '../../components/date-display.tsx';
import { SelectField } from '../../components/select-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { OrganizationFrame, useOrganization } from './organization-frame.tsx';

const FORMATS: readonly ReportFormat[] = ['csv', 'xlsx'];

/** How many tax years back the interest report offers, besides the business date's own. */
const EARLIER_TAX_YEARS = 6;

/** A report: what it holds, the choices it takes, and its two files. */
function Report({
  organizationId,
  report,
  query,
  name,
  children,
}: {
  organizationId: string;
  report: ReportName;
  /** The report's own choices; none when they are not valid (the files are then not offered). */
  query: Record<string, string> | null;
  /** The report in a link's words ("the portfolio"). */
  name: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = `report-${report}`;
  return (
    <section aria-labelledby={headingId} className="card report">
      <h2 id={headingId}>{t(`fleetInsights.reports.${report}.title`)}</h2>
      <p>{t(`fleetInsights.reports.${report}.description`)}</p>
      {children}
      {query ? (
        <div className="account-actions">
          {FORMATS.map((format) => (
            <Link
              key={format}
              className="button button--secondary"
              href={reportUrl(organizationId, report, format, query)}
              download
            >
              {t(`fleetInsights.reports.download.${format}`, { report: name })}
            </Link>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** The payments report's dates, judged by the API's own schema; the files wait for valid ones. */
function PaymentsReport({ organizationId, asOf }: { organizationId: string; asOf: string }) {
  const { t } = useTranslation();
  const [dates, setDates] = useState({ from: `${dateParts(calendarDate(asOf)).year}-01-01`, to: asOf });
  const judged = paymentsReportQuery.safeParse({ format: 'csv', ...dates });
  const problemOf = (field: 'from' | 'to') => {
    const issue = judged.error?.issues.find((i) => i.path[0] === field);
    if (!issue) return undefined;
    return t(
      issue.code === 'custom'
        ? 'fleetInsights.reports.payments.range'
        : 'fleetInsights.reports.payments.date',
    );
  };
  return (
    <Report
      organizationId={organizationId}
      report="payments"
      query={judged.success ? dates : null}
      name={t('fleetInsights.reports.payments.name')}
    >
      <div className="report__choices">
        {(['from', 'to'] as const).map((field) => (
          <TextField
            key={field}
            id={`payments-report-${field}`}
            type="date"
            label={t(`fleetInsights.reports.payments.${field}`)}
            value={dates[field]}
            onChange={(value) => setDates((before) => ({ ...before, [field]: value }))}
            errorMessage={problemOf(field)}
          />
        ))}
      </div>
    </Report>
  );
}

/** The interest report's tax year: the business date's year (so far) and those before it. */
function InterestReport({ organizationId, asOf }: { organizationId: string; asOf: string }) {
  const { t } = useTranslation();
  const thisYear = dateParts(calendarDate(asOf)).year;
  const years = Array.from({ length: EARLIER_TAX_YEARS + 1 }, (_, i) => String(thisYear - i));
  // Last year's is the one a business files its taxes with.
  const [taxYear, setTaxYear] = useState(String(thisYear - 1));
  return (
    <Report
      organizationId={organizationId}
      report="interest"
      query={{ taxYear }}
      name={t('fleetInsights.reports.interest.name', { year: taxYear })}
    >
      <div className="report__choices">
        <SelectField
          id="interest-report-year"
          label={t('fleetInsights.reports.interest.year')}
          options={years.map((year) => ({
            id: year,
            label: year === String(thisYear) ? t('fleetInsights.reports.interest.soFar', { year }) : year,
          }))}
          value={taxYear}
          onChange={setTaxYear}
        />
      </div>
    </Report>
  );
}

/**
 * `/fleet/:organizationId/reports`: the fleet's four reports (portfolio, payments, a tax year's
 * interest, vehicles and drivers), each a CSV or XLSX file the API makes and audits. The files
 * are plain links the session's cookie authenticates. For members who may see the business's
 * finances; anyone else gets the not-found page, as the API answers them.
 */
export function FleetReportsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { organizationId = '' } = useParams();
  // Asked only of a member who may see it, so a driver's page asks the API nothing it refuses.
  const mayView = useOrganization(organizationId).data?.actions.includes('organization.view_finances');
  const asOf = useQuery({
    queryKey: analyticsQueryKey(organizationId, 'as-of'),
    queryFn: () => fetchReportsAsOf(organizationId),
    enabled: mayView === true,
    retry: retryHiccups,
    refetchOnWindowFocus: false,
  });
  return (
    <OrganizationFrame
      organizationId={organizationId}
      action="organization.view_finances"
      title={(org) =>
        org ? t('fleetInsights.reports.title', { name: org.name }) : t('fleetInsights.reports.titleLoading')
      }
      queries={[asOf]}
      loadingText={t('fleetInsights.reports.loading')}
    >
      {(org) =>
        asOf.data ? (
          <>
            <p className="lead">
              {t('fleetInsights.reports.lead', { date: formatCalendarDate(asOf.data, locale) })}
            </p>
            <div className="report-list">
              <Report
                organizationId={org.id}
                report="portfolio"
                query={{}}
                name={t('fleetInsights.reports.portfolio.name')}
              />
              <PaymentsReport organizationId={org.id} asOf={asOf.data} />
              <InterestReport organizationId={org.id} asOf={asOf.data} />
              <Report
                organizationId={org.id}
                report="drivers"
                query={{}}
                name={t('fleetInsights.reports.drivers.name')}
              />
            </div>
          </>
        ) : null
      }
    </OrganizationFrame>
  );
}
