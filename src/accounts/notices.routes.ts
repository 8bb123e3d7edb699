import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import { dismissNotice, listNotices, noticeParams, noticesResponse } from '../notifications/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';

/** The dashboard's notices (statement ready, payment returned, request answered) and dismissing one. */
export async function noticeRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.get(
    '/api/v1/notices',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Recent notices on the accounts the signed-in customer may see, newest first',
        response: { 200: noticesResponse },
      },
    },
    async (request) => ({ notices: await listNotices(db, deps.clock, actorOf(request.session!.user)) }),
  );

  routes.delete(
    '/api/v1/notices/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Dismiss a notice from your dashboard (others on the account still see it)',
        params: noticeParams,
      },
    },
    async (request, reply) => {
      await dismissNotice(db, deps.clock, actorOf(request.session!.user), request.params.id);
      return reply.code(204).send();
    },
  );
}
