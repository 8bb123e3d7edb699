import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contractNumberParams, contractStatusResponse } from '../schemas/servicing.ts';
import { actorOf, listAccounts, viewAccount } from '../services/accounts.ts';
import type { AppDeps } from './app.ts';

const accountSummary = z.object({
  contractNumber: z.string(),
  kind: z.enum(['retail_installment', 'lease']),
  status: z.enum(['active', 'paid_off', 'terminated']),
  role: z.enum(['primary', 'co_borrower', 'co_lessee', 'co_signer', 'guarantor']),
  vehicle: z
    .object({ year: z.number().int(), make: z.string(), model: z.string(), vinLast6: z.string() })
    .nullable(),
  balanceCents: z.number().int(),
  amountDueCents: z.number().int(),
  pastDueCents: z.number().int(),
  daysPastDue: z.number().int(),
  nextDueDate: z.string().nullable(),
  nextDueAmountCents: z.number().int(),
});

/** The signed-in customer's accounts (the dashboard list and one account), each checked by the policy. */
export async function accountRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.get(
    '/api/v1/accounts',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Every account the signed-in customer may see, with what is due next',
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
        summary: 'Terms and balances of one account (404 for an account you may not see)',
        params: contractNumberParams,
        response: { 200: contractStatusResponse },
      },
    },
    async (request) =>
      viewAccount(db, deps.clock, actorOf(request.session!.user), request.params.contractNumber),
  );
}
