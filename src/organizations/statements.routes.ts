import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  listOrganizationStatements,
  organizationStatementDetail,
  organizationStatementPdf,
  setOrganizationPaperless,
} from './combined-statement.ts';
import { organizationParams } from './organizations.schemas.ts';
import {
  downloadQuery,
  organizationStatementParams,
  organizationStatementResponse,
  organizationStatementsResponse,
  paperlessRequest,
  paperlessResponse,
} from './statements.schemas.ts';

/**
 * The organization's combined statements (`/api/v1/organizations/{id}/statements…`), for members who
 * see its finances (admins, managers, viewers; a driver, like someone of another organization, gets
 * 404), and how they are delivered (admins). Each opening is audited.
 */
export async function organizationStatementRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const call = (request: FastifyRequest) => ({
    actor: actorOf(request.session!.user),
    meta: { requestId: request.id, ip: request.ip },
  });

  routes.get(
    '/api/v1/organizations/:organizationId/statements',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'The organization’s combined monthly statements, newest first, and whether they go paperless',
        description:
          'One statement a month, closing on the last business day, listing every active contract with its amount due, past due and due date. 404 ORGANIZATIONS.NOT_FOUND for an organization whose finances you cannot see.',
        params: organizationParams,
        response: { 200: organizationStatementsResponse },
      },
    },
    async (request) => listOrganizationStatements(db, call(request).actor, request.params.organizationId),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/statements/:statementId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A combined statement as data: what its PDF shows (audited)',
        description: '404 ORGANIZATIONS.STATEMENT_NOT_FOUND for a statement of another organization.',
        params: organizationStatementParams,
        response: { 200: organizationStatementResponse },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      const { organizationId, statementId } = request.params;
      return organizationStatementDetail(db, actor, organizationId, statementId, meta);
    },
  );

  routes.get(
    '/api/v1/organizations/:organizationId/statements/:statementId/pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A combined statement with its remittance coupon (PDF; audited)',
        params: organizationStatementParams,
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      const { actor, meta } = call(request);
      const { organizationId, statementId } = request.params;
      const { pdf, filename } = await organizationStatementPdf(db, actor, organizationId, statementId, meta);
      const disposition = request.query.download === '1' ? 'attachment' : 'inline';
      return reply
        .type('application/pdf')
        .header('content-disposition', `${disposition}; filename="${filename}"`)
        .send(pdf);
    },
  );

  routes.put(
    '/api/v1/organizations/:organizationId/paperless',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Deliver the combined statements by an email notice to the admins (true) or on paper (false), from the next one on (fleet admins; audited)',
        params: organizationParams,
        body: paperlessRequest,
        response: { 200: paperlessResponse },
      },
    },
    async (request) => {
      const { actor, meta } = call(request);
      return setOrganizationPaperless(db, actor, request.params.organizationId, request.body.paperless, meta);
    },
  );
}
