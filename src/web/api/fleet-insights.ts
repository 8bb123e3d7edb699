import {
  costOfOwnershipResponse,
  maturingLeasesResponse,
  mileageResponse,
  obligationsResponse,
  type ReportFormat,
  type ReportName,
  spendByCostCenterResponse,
  spendByMonthResponse,
  spendByVehicleResponse,
} from '../../organizations/reports.schemas.ts';
import { getJson } from './client.ts';
import { organizationQueryKey } from './organizations.ts';

// A fleet's analytics and reports, as `src/organizations/reports.routes.ts` serves them.

const organizationPath = (organizationId: string) =>
  `/api/v1/organizations/${encodeURIComponent(organizationId)}`;

export const analyticsQueryKey = (organizationId: string, what: string, query = '') =>
  [...organizationQueryKey(organizationId), 'analytics', what, query] as const;

/** What the fleet's payments paid each month of the last 24, split by the balance each part went to. */
export function fetchSpendByMonth(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/analytics/spend`, spendByMonthResponse);
}

/** The same spend by cost center: the largest ten, the rest summed as `others`. */
export function fetchSpendByCostCenter(organizationId: string) {
  return getJson(
    `${organizationPath(organizationId)}/analytics/spend/cost-centers`,
    spendByCostCenterResponse,
  );
}

/** The same spend by vehicle: the largest ten, the rest summed as `others`. */
export function fetchSpendByVehicle(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/analytics/spend/vehicles`, spendByVehicleResponse);
}

/** The installments falling due in the next 90 days, a bucket a week, and what is past due. */
export function fetchObligations(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/analytics/obligations`, obligationsResponse);
}

/** The leases maturing in the next 6 months, soonest first, and how many each month. */
export function fetchMaturingLeases(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/analytics/maturing-leases`, maturingLeasesResponse);
}

/** The leases projected to end over their mileage allowance, the largest charge first. */
export function fetchMileageOverages(organizationId: string) {
  return getJson(`${organizationPath(organizationId)}/analytics/mileage`, mileageResponse);
}

/** One page of what each vehicle's contract has paid so far, the most first. */
export function fetchCostOfOwnership(organizationId: string, page: number) {
  return getJson(
    `${organizationPath(organizationId)}/analytics/cost-of-ownership?page=${page}`,
    costOfOwnershipResponse,
  );
}

/**
 * The business date the reports are cut at. The API has no call of its own for it: the
 * analytics answer it with every figure, and a month's spend is the smallest of them.
 */
export async function fetchReportsAsOf(organizationId: string) {
  return (await getJson(`${organizationPath(organizationId)}/analytics/spend?months=1`, spendByMonthResponse))
    .asOf;
}

/**
 * A report as a file, for a download link: the session's cookie authenticates the GET, and
 * the answer's Content-Disposition names the file. `query` is the report's own choices
 * (the payments' dates, the interest's tax year).
 */
export function reportUrl(
  organizationId: string,
  report: ReportName,
  format: ReportFormat,
  query: Record<string, string> = {},
) {
  const search = new URLSearchParams({ format, ...query });
  return `${organizationPath(organizationId)}/reports/${report}?${search}`;
}
