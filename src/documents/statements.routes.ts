import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import {
  downloadQuery,
  statementParams,
  statementResponse,
  statementsResponse,
  taxStatementParams,
  taxStatementsResponse,
} from './statements.schemas.ts';
import {
  listStatements,
  listTaxStatements,
  statementDetail,
  statementPdf,
  taxStatementPdf,
} from './statements.ts';

/**
 * Monthly statements and year-end interest statements of a contract the signed-in user may see:
 * the lists and each PDF (each opening audited). Another customer's contract, or a statement of
 * another contract, is 404.
 */
export async function statementRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statements'];
  const sendPdf = (reply: FastifyReply, pdf: Buffer, filename: string, download: boolean) =>
    reply
      .type('application/pdf')
      // `inline` lets the statements page preview it; `?download=1` saves it instead.
      .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${filename}"`)
      .send(pdf);

  routes.get(
    '/api/v1/accounts/:contractNumber/statements',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Monthly statements, newest first',
        params: contractNumberParams,
        response: { 200: statementsResponse },
      },
    },
    async (request) => listStatements(db, actorOf(request.session!.user), request.params.contractNumber),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/statements/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A monthly statement as data: what its PDF shows (the page previews it)',
        params: statementParams,
        response: { 200: statementResponse },
      },
    },
    async (request) =>
      statementDetail(db, actorOf(request.session!.user), request.params.contractNumber, request.params.id, {
        requestId: request.id,
        ip: request.ip,
      }),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/statements/:id.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A monthly statement (PDF)',
        params: statementParams,
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await statementPdf(
        db,
        actorOf(request.session!.user),
        request.params.contractNumber,
        request.params.id,
        { requestId: request.id, ip: request.ip },
      );
      return sendPdf(reply, pdf, filename, request.query.download === '1');
    },
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/tax-statements',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Year-end interest statements of a loan, newest year first',
        params: contractNumberParams,
        response: { 200: taxStatementsResponse },
      },
    },
    async (request) => listTaxStatements(db, actorOf(request.session!.user), request.params.contractNumber),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/tax-statements/:year.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The year-end interest statement of a year (PDF)',
        params: taxStatementParams,
        querystring: downloadQuery,
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await taxStatementPdf(
        db,
        actorOf(request.session!.user),
        request.params.contractNumber,
        request.params.year,
        { requestId: request.id, ip: request.ip },
      );
      return sendPdf(reply, pdf, filename, request.query.download === '1');
    },
  );
}
