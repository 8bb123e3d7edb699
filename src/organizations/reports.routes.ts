import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import { calendarDate } from '../core/dates.ts';
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

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/spend',
    {
      config,
      schema: {
        tags,
        summary: 'What the fleet’s payments paid each month, split into principal, interest, fees and taxes',
        description: `Read from the journal: payments and payoffs add, the reversal of a returned or mistaken payment subtracts in the month it came back. The last \`months\` calendar months (default 24) through the business date. ${FINANCES}`,
        params: organizationParams,
        querystring: spendQuery,
        response: { 200: spendByMonthResponse },
      },
    },
    async (request) => spendByMonth(db, clock, actor(request), request.params.organizationId, request.query),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/spend/cost-centers',
    {
      config,
      schema: {
        tags,
        summary: 'What the fleet’s payments paid by cost center: the largest `top`, the rest as `others`',
        description: `The same window and split as …/analytics/spend. ${FINANCES}`,
        params: organizationParams,
        querystring: spendBreakdownQuery,
        response: { 200: spendByCostCenterResponse },
      },
    },
    async (request) =>
      spendByCostCenter(db, clock, actor(request), request.params.organizationId, request.query),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/spend/vehicles',
    {
      config,
      schema: {
        tags,
        summary: 'What the fleet’s payments paid by vehicle: the largest `top`, the rest as `others`',
        description: `The same window and split as …/analytics/spend. ${FINANCES}`,
        params: organizationParams,
        querystring: spendBreakdownQuery,
        response: { 200: spendByVehicleResponse },
      },
    },
    async (request) =>
      spendByVehicle(db, clock, actor(request), request.params.organizationId, request.query),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/obligations',
    {
      config,
      schema: {
        tags,
        summary: 'The installments falling due in the next 90 days, by week or month, with what is past due',
        description: `From each active contract’s schedule less what was credited to it. ${FINANCES}`,
        params: organizationParams,
        querystring: obligationsQuery,
        response: { 200: obligationsResponse },
      },
    },
    async (request) =>
      upcomingObligations(db, clock, actor(request), request.params.organizationId, request.query),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/maturing-leases',
    {
      config,
      schema: {
        tags,
        summary: 'Leases maturing in the next `months` (default 6), soonest first, and how many each month',
        description: FINANCES,
        params: organizationParams,
        querystring: maturingQuery,
        response: { 200: maturingLeasesResponse },
      },
    },
    async (request) =>
      maturingLeases(db, clock, actor(request), request.params.organizationId, request.query),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/mileage',
    {
      config,
      schema: {
        tags,
        summary: 'Leases projected to end over their mileage allowance, with the projected excess charge',
        description: `The projection kept with each odometer reading, at the pace so far. ${FINANCES}`,
        params: organizationParams,
        response: { 200: mileageResponse },
      },
    },
    async (request) => mileageOverages(db, clock, actor(request), request.params.organizationId),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/analytics/cost-of-ownership',
    {
      config,
      schema: {
        tags,
        summary: 'Everything paid on each vehicle’s contract so far, split; most first, paged',
        description: FINANCES,
        params: organizationParams,
        querystring: costOfOwnershipQuery,
        response: { 200: costOfOwnershipResponse },
      },
    },
    async (request) =>
      costOfOwnership(db, clock, actor(request), request.params.organizationId, request.query),
  );

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

  routes.get(
    '/api/v1/organizations/:organizationId/reports/portfolio',
    {
      config,
      schema: {
        tags,
        summary:
          'The portfolio: every contract and vehicle with its terms, balances, status, driver, cost center',
        description: fileDescription('Balances are the stored positions, as of the date in each row.'),
        params: organizationParams,
        querystring: reportQuery,
        response: fileResponse,
      },
    },
    async (request, reply) => download(request, reply, { report: 'portfolio', format: request.query.format }),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/reports/payments',
    {
      config,
      schema: {
        tags,
        summary: 'The payments received between two dates, with their split, status and who paid',
        description: fileDescription('By received date, `from` through `to` (at most five years).'),
        params: organizationParams,
        querystring: paymentsReportQuery,
        response: fileResponse,
      },
    },
    async (request, reply) =>
      download(request, reply, {
        report: 'payments',
        format: request.query.format,
        from: calendarDate(request.query.from),
        to: calendarDate(request.query.to),
      }),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/reports/interest',
    {
      config,
      schema: {
        tags,
        summary: 'The interest paid in a tax year on each of the fleet’s loans, for the business’s taxes',
        description: fileDescription(
          'Cash basis: interest paid in the year less that of payments reversed in it. 400 REPORTS.TAX_YEAR_IN_FUTURE for a year not begun.',
        ),
        params: organizationParams,
        querystring: interestReportQuery,
        response: fileResponse,
      },
    },
    async (request, reply) =>
      download(request, reply, {
        report: 'interest',
        format: request.query.format,
        taxYear: request.query.taxYear,
      }),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/reports/drivers',
    {
      config,
      schema: {
        tags,
        summary: 'Every vehicle with its driver now and since when',
        description: fileDescription('Vehicles without a driver have empty driver cells.'),
        params: organizationParams,
        querystring: reportQuery,
        response: fileResponse,
      },
    },
    async (request, reply) => download(request, reply, { report: 'drivers', format: request.query.format }),
  );
}
