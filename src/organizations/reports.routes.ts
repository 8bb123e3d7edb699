import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import { calendarDate } from '../core/dates.ts';
import type { Actor } from '../core/policy.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  costOfOwnership,
  maturingLeases,
  mileageOverages,
  spendByCostCenter,
  spendByMonth,
  spendByVehicle,
  upcomingObligations,
} from './analytics.ts';
import { organizationParams } from './organizations.schemas.ts';
import {
  costOfOwnershipQuery,
  costOfOwnershipResponse,
  interestReportQuery,
  maturingLeasesResponse,
  maturingQuery,
  mileageResponse,
  obligationsQuery,
  obligationsResponse,
  paymentsReportQuery,
  type ReportName,
  reportQuery,
  spendBreakdownQuery,
  spendByCostCenterResponse,
  spendByMonthResponse,
  spendByVehicleResponse,
  spendQuery,
} from './reports.schemas.ts';
import { exportReport, type ReportFile, type ReportRequest } from './reports.ts';

const FINANCES =
  'For members who may see the business’s finances (admins, managers, viewers); 404 ORGANIZATIONS.NOT_FOUND for a driver or another organization.';

/** One analytics answer: its path below `…/analytics/`, its documentation and shapes, and the service giving it. */
type Analytic = {
  path: string;
  summary: string;
  description: string;
  querystring?: z.ZodType;
  response: z.ZodType;
  answer: (db: Db, clock: Clock, actor: Actor, organizationId: string, query: never) => Promise<unknown>;
};
/** Checks that the service takes what the query schema parses and answers what the response schema tells. */
function analytic<Query extends z.ZodType, Answer extends z.ZodType>(spec: {
  path: string;
  summary: string;
  description: string;
  querystring?: Query;
  response: Answer;
  answer: (
    db: Db,
    clock: Clock,
    actor: Actor,
    organizationId: string,
    query: z.output<Query>,
  ) => Promise<z.input<Answer>>;
}): Analytic {
  return spec;
}

const ANALYTICS = [
  analytic({
    path: 'spend',
    summary: 'What the fleet’s payments paid each month, split into principal, interest, fees and taxes',
    description: `Read from the journal: payments and payoffs add, the reversal of a returned or mistaken payment subtracts in the month it came back. The last \`months\` calendar months (default 24) through the business date. ${FINANCES}`,
    querystring: spendQuery,
    response: spendByMonthResponse,
    answer: spendByMonth,
  }),
  analytic({
    path: 'spend/cost-centers',
    summary: 'What the fleet’s payments paid by cost center: the largest `top`, the rest as `others`',
    description: `The same window and split as …/analytics/spend. ${FINANCES}`,
    querystring: spendBreakdownQuery,
    response: spendByCostCenterResponse,
    answer: spendByCostCenter,
  }),
  analytic({
    path: 'spend/vehicles',
    summary: 'What the fleet’s payments paid by vehicle: the largest `top`, the rest as `others`',
    description: `The same window and split as …/analytics/spend. ${FINANCES}`,
    querystring: spendBreakdownQuery,
    response: spendByVehicleResponse,
    answer: spendByVehicle,
  }),
  analytic({
    path: 'obligations',
    summary: 'The installments falling due in the next 90 days, by week or month, with what is past due',
    description: `From each active contract’s schedule less what was credited to it. ${FINANCES}`,
    querystring: obligationsQuery,
    response: obligationsResponse,
    answer: upcomingObligations,
  }),
  analytic({
    path: 'maturing-leases',
    summary: 'Leases maturing in the next `months` (default 6), soonest first, and how many each month',
    description: FINANCES,
    querystring: maturingQuery,
    response: maturingLeasesResponse,
    answer: maturingLeases,
  }),
  analytic({
    path: 'mileage',
    summary: 'Leases projected to end over their mileage allowance, with the projected excess charge',
    description: `The projection kept with each odometer reading, at the pace so far. ${FINANCES}`,
    response: mileageResponse,
    answer: mileageOverages,
  }),
  analytic({
    path: 'cost-of-ownership',
    summary: 'Everything paid on each vehicle’s contract so far, split; most first, paged',
    description: FINANCES,
    querystring: costOfOwnershipQuery,
    response: costOfOwnershipResponse,
    answer: costOfOwnership,
  }),
];

/** One report file: its name (the path below `…/reports/`), its documentation, and what it asks `exportReport`. */
type Report = {
  name: ReportName;
  summary: string;
  /** What the description says of this report before what every file shares. */
  about: string;
  querystring: z.ZodType;
  request: (query: never) => ReportRequest;
};
/** Checks that the request is made from what the query schema parses, and names the report of the path. */
function report<Name extends ReportName, Query extends z.ZodType>(spec: {
  name: Name;
  summary: string;
  about: string;
  querystring: Query;
  request: (query: z.output<Query>) => ReportRequest & { report: NoInfer<Name> };
}): Report {
  return spec;
}

const REPORT_ROUTES = [
  report({
    name: 'portfolio',
    summary:
      'The portfolio: every contract and vehicle with its terms, balances, status, driver, cost center',
    about: 'Balances are the stored positions, as of the date in each row.',
    querystring: reportQuery,
    request: ({ format }) => ({ report: 'portfolio', format }),
  }),
  report({
    name: 'payments',
    summary: 'The payments received between two dates, with their split, status and who paid',
    about: 'By received date, `from` through `to` (at most five years).',
    querystring: paymentsReportQuery,
    request: ({ format, from, to }) => ({
      report: 'payments',
      format,
      from: calendarDate(from),
      to: calendarDate(to),
    }),
  }),
  report({
    name: 'interest',
    summary: 'The interest paid in a tax year on each of the fleet’s loans, for the business’s taxes',
    about:
      'Cash basis: interest paid in the year less that of payments reversed in it. 400 REPORTS.TAX_YEAR_IN_FUTURE for a year not begun.',
    querystring: interestReportQuery,
    request: ({ format, taxYear }) => ({ report: 'interest', format, taxYear }),
  }),
  report({
    name: 'drivers',
    summary: 'Every vehicle with its driver now and since when',
    about: 'Vehicles without a driver have empty driver cells.',
    querystring: reportQuery,
    request: ({ format }) => ({ report: 'drivers', format }),
  }),
];

/**
 * The fleet's analytics (JSON for the charts and their tables) and its reports (CSV or XLSX files):
 * `/api/v1/organizations/{id}/analytics/…` and `/api/v1/organizations/{id}/reports/…`.
 */
export async function organizationReportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const config = { access: 'session' as const };
  const actor = (request: FastifyRequest) => actorOf(request.session!.user);

  for (const { path, summary, description, querystring, response, answer } of ANALYTICS) {
    routes.get(
      `/api/v1/organizations/:organizationId/analytics/${path}`,
      {
        config,
        schema: {
          tags,
          summary,
          description,
          params: organizationParams,
          ...(querystring && { querystring }),
          response: { 200: response },
        },
      },
      // Fastify has parsed the query with the schema the service's parameter was checked against.
      async (request) =>
        answer(db, clock, actor(request), request.params.organizationId, request.query as never),
    );
  }

  const send = (reply: FastifyReply, file: ReportFile) =>
    reply
      .type(file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.body);
  const download = async (
    request: FastifyRequest<{ Params: { organizationId: string } }>,
    reply: FastifyReply,
    report: ReportRequest,
  ) =>
    send(
      reply,
      await exportReport(db, clock, actor(request), request.params.organizationId, report, {
        requestId: request.id,
        ip: request.ip,
      }),
    );
  // The file's bytes are sent as they are (Fastify serializes no string or Buffer): the schema only tells the document.
  const fileResponse = {
    200: {
      description: 'The report as a file (Content-Disposition: attachment)',
      content: {
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().describe('The XLSX workbook (binary)'),
        },
      },
    },
  };
  const fileDescription = (what: string) =>
    `${what} \`format=csv\` (UTF-8 with a byte-order mark; amounts as decimal dollars) or \`format=xlsx\` (amounts as numbers in a currency format). A text cell starting with = + - @, a tab or a carriage return gets a leading apostrophe. Each download is audited. ${FINANCES}`;

  for (const { name, summary, about, querystring, request: requestOf } of REPORT_ROUTES) {
    routes.get(
      `/api/v1/organizations/:organizationId/reports/${name}`,
      {
        config,
        schema: {
          tags,
          summary,
          description: fileDescription(about),
          params: organizationParams,
          querystring,
          response: fileResponse,
        },
      },
      async (request, reply) => download(request, reply, requestOf(request.query as never)),
    );
  }
}
