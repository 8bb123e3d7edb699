import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../platform/route-deps.ts';
import { boardingContractSchema } from './boarding.schemas.ts';
import { boardContracts, storedAprCheck } from './boarding.ts';

/** The most contracts one batch request may carry; the CLI splits nothing, so a file is all or nothing. */
export const MAX_BATCH_CONTRACTS = 10_000;

const rowError = z.object({
  row: z.number().int(),
  contractNumber: z.string().optional(),
  field: z.string(),
  reason: z.string(),
  problem: z.enum(['invalid', 'conflict']),
});

const batchRequest = z.strictObject({
  contracts: z
    .array(z.unknown())
    .min(1, 'A batch has at least one contract.')
    .max(MAX_BATCH_CONTRACTS, `A batch has at most ${MAX_BATCH_CONTRACTS} contracts.`)
    .describe(
      'Contracts shaped as the body of POST /api/v1/admin/contracts; each row is validated on its own.',
    ),
  skipInvalid: z.boolean().default(false),
});

const batchResponse = z.object({
  boarded: z.array(z.string()),
  unchanged: z.array(z.string()),
  skipped: z.array(rowError),
  aprMismatches: z
    .array(z.string())
    .describe(
      'Contracts boarded by this request whose disclosed APR is outside the Regulation Z §1026.22 tolerance (or could not be checked): boarded, and flagged for staff.',
    ),
});

const aprCheck = z
  .object({
    disclosedPercent: z.string(),
    computedPercent: z.string().nullable(),
    withinTolerance: z.boolean(),
  })
  .describe(
    'Retail installment contracts: the disclosed APR against the APR of the disclosed schedule by Regulation Z Appendix J, in percent to four decimals. Outside the §1026.22 tolerance (1/8 point, 1/4 if irregular) the contract is still boarded, flagged for staff; computedPercent is null when it could not be computed.',
  );

const boardingResponse = z.object({
  contractNumber: z.string(),
  status: z.enum(['boarded', 'unchanged']),
  aprCheck: aprCheck.optional(),
});

/** Boarding contracts from an origination system (API key with the `boarding` role). */
export async function adminContractRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post(
    '/api/v1/admin/contracts',
    {
      config: { access: 'api-key:boarding' },
      schema: {
        tags: ['boarding'],
        summary: 'Board one contract (idempotent by contract number)',
        description:
          'Answers 201 when boarded, 200 when the same contract was already boarded, 409 when a different contract holds the number. A retail installment contract’s answer carries its APR check (Regulation Z §1026.22): a disclosed APR outside the tolerance is boarded all the same, and flagged.',
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
      const { contractNumber } = request.body;
      const boarded = result.boarded.length === 1;
      const aprCheck = boarded ? result.aprChecks[contractNumber] : await storedAprCheck(db, contractNumber);
      return reply.code(boarded ? 201 : 200).send({
        contractNumber,
        status: boarded ? 'boarded' : 'unchanged',
        ...(aprCheck ? { aprCheck } : {}),
      });
    },
  );

  routes.post(
    '/api/v1/admin/contract-batches',
    {
      config: { access: 'api-key:boarding' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['boarding'],
        summary: 'Board a batch of contracts: all or nothing, unless skipInvalid',
        description:
          'Any invalid row (or a contract number already boarded with other terms) rejects the whole batch with 400 and every row error, unless skipInvalid is true: then the valid rows are boarded and the others reported as skipped.',
        security: [{ apiKey: [] }],
        body: batchRequest,
        response: { 200: batchResponse },
      },
    },
    async (request) => {
      const { boarded, unchanged, skipped, aprMismatches } = await boardContracts(
        db,
        deps.clock,
        request.body.contracts,
        {
          skipInvalid: request.body.skipInvalid,
          actor: { type: 'api_key', id: request.apiKey!.id },
          requestId: request.id,
          ip: request.ip,
        },
      );
      // Each boarded contract's APR check stays out of a batch answer (up to 10,000 of them); the
      // mismatches are what a caller acts on.
      return { boarded, unchanged, skipped, aprMismatches };
    },
  );
}
