import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import { accountDetail, accountScheduleResponse, accountSummary } from './accounts.schemas.ts';
import { accountSchedule, listAccounts, viewAccount } from './accounts.ts';

/** The signed-in customer's accounts (the dashboard list and one account), each checked by the policy. */
export async function accountRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.get(
    '/api/v1/accounts',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Every account the signed-in customer may see, with what is due next and the last payment',
        response: { 200: z.object({ accounts: z.array(accountSummary) }) },
      },
    },
    async (request) => ({ accounts: await listAccounts(db, deps.clock, actorOf(request.session!.user)) }),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Disclosed terms, balances today and what is due (404 for an account you may not see)',
        params: contractNumberParams,
        response: { 200: accountDetail },
      },
    },
    async (request) =>
      viewAccount(db, deps.clock, actorOf(request.session!.user), request.params.contractNumber),
  );

  routes.get(
    '/api/v1/accounts/:contractNumber/schedule',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'The estimated schedule as disclosed beside the payments made (404 for an account you may not see)',
        params: contractNumberParams,
        response: { 200: accountScheduleResponse },
      },
    },
    async (request) =>
      accountSchedule(db, deps.clock, actorOf(request.session!.user), request.params.contractNumber),
  );
}
