import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import { activityQuery, activityResponse } from './activity.schemas.ts';
import { contractActivity, contractActivityCsv } from './activity.ts';

/** The signed-in customer's transaction history of one account, as pages of JSON or one CSV file. */
export async function accountActivityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/accounts/:contractNumber/transactions',
    {
      config: { access: 'session' },
      schema: {
        tags: ['accounts'],
        summary: 'Transaction history, newest first: filter by dates, type and search; page or download CSV',
        description:
          'Each transaction is the change to what the customer owes (a charge positive, a payment negative) with its split by balance. `q` finds text in the description or reference, or an amount such as 123.45. Pages hold `limit` transactions (default 25, at most 100); pass `nextCursor` as `cursor` for the next. `format=csv` answers every matching transaction as a CSV file (no cursor or limit). 404 for an account you may not see.',
        params: contractNumberParams,
        querystring: activityQuery,
        response: {
          200: {
            description: 'A page of transactions, or with format=csv every matching one as a CSV file',
            content: {
              'application/json': { schema: activityResponse },
              'text/csv': { schema: z.string() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request.session!.user);
      const { contractNumber } = request.params;
      if (request.query.format !== 'csv') return contractActivity(db, actor, contractNumber, request.query);
      const { filename, csv } = await contractActivityCsv(
        db,
        deps.clock,
        actor,
        contractNumber,
        request.query,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
}
