import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardingContractSchema } from '../schemas/boarding.ts';
import { boardContracts } from '../services/boarding.ts';
import { requireApiKey } from './api-key-auth.ts';
import type { AppDeps } from './app.ts';

const boardingResponse = z.object({
  contractNumber: z.string(),
  status: z.enum(['boarded', 'unchanged']),
});

/** Boarding one contract from an origination system (API key with the `boarding` role). */
export async function adminContractRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/admin/contracts',
    {
      onRequest: requireApiKey(db, deps.clock, 'boarding'),
      schema: {
        tags: ['boarding'],
        summary: 'Board one contract (idempotent by contract number)',
        description:
          'Answers 201 when boarded, 200 when the same contract was already boarded, 409 when a different contract holds the number.',
        security: [{ apiKey: [] }],
        body: boardingContractSchema,
        response: { 200: boardingResponse, 201: boardingResponse },
      },
    },
    async (request, reply) => {
      const result = await boardContracts(db, deps.clock, [request.body], {
        actor: { type: 'api_key', id: request.apiKey!.id },
        requestId: request.id,
        ip: request.ip,
      });
      const boarded = result.boarded.length === 1;
      return reply
        .code(boarded ? 201 : 200)
        .send({ contractNumber: request.body.contractNumber, status: boarded ? 'boarded' : 'unchanged' });
    },
  );
}
