import type { FastifyInstance } from 'fastify';
import { isReachable } from '../db/database.ts';
import type { RouteDeps } from '../platform/route-deps.ts';

/** Liveness (the process answers) and readiness (it can reach its database), for load balancers. */
export async function healthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await isReachable(deps.database.db);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unreachable' });
  });
}
