import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import type { CalendarDate } from '../core/dates.ts';
import { customerPayoffQuote, payoffLetter } from '../documents/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams, customerPayoffResponse, payoffQuery } from '../servicing/index.ts';

/** The customer's payoff quote and payoff letter (PDF), for a contract the signed-in user may see. */
export async function accountPayoffRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.get(
    '/api/v1/accounts/:contractNumber/payoff',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Payoff quote good through a date (today to 30 days ahead; default today)',
        params: contractNumberParams,
        querystring: payoffQuery,
        response: { 200: customerPayoffResponse },
      },
    },
    async (request) =>
      customerPayoffQuote(
        db,
        deps.clock,
        actorOf(request.session!.user),
        request.params.contractNumber,
        request.query.date as CalendarDate | undefined,
      ),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/payoff-letter.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Payoff letter (PDF) for a buyer or dealer, good through a date; each download is audited',
        params: contractNumberParams,
        querystring: payoffQuery,
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await payoffLetter(
        db,
        deps.clock,
        actorOf(request.session!.user),
        request.params.contractNumber,
        request.query.date as CalendarDate | undefined,
        { requestId: request.id, ip: request.ip },
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(pdf);
    },
  );
}
