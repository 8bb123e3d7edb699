import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CalendarDate, calendarDate } from '../core/dates.ts';
import { requireIdempotencyKey } from '../platform/idempotency.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { postPayment, reversePayment } from './payment-posting.ts';
import {
  asOfQuery,
  contractNumberParams,
  contractStatusResponse,
  paymentParams,
  paymentRequest,
  payoffQuery,
  payoffResponse,
  postedPaymentResponse,
  reversalRequest,
  reversedPaymentResponse,
  scheduleResponse,
  transactionsResponse,
} from './servicing.schemas.ts';
import {
  contractPayoff,
  contractSchedule,
  contractStatus,
  contractTransactions,
  payoffAnswer,
} from './servicing.ts';

/** The servicing API: what staff tools, jobs and outside systems use (API key with the `servicing` role). */
export async function adminServicingRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'api-key:servicing' as const };
  const security = [{ apiKey: [] }];
  const tags = ['servicing'];
  const actorOf = (request: { apiKey?: { id: string }; id: string; ip: string }) => ({
    actor: { type: 'api_key' as const, id: request.apiKey!.id },
    requestId: request.id,
    ip: request.ip,
  });

  routes.get(
    '/api/v1/admin/contracts/:contractNumber',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Terms, balances, amount due and delinquency of a contract as of a date',
        params: contractNumberParams,
        querystring: asOfQuery,
        response: { 200: contractStatusResponse },
      },
    },
    async (request) =>
      contractStatus(
        db,
        deps.clock,
        request.params.contractNumber,
        request.query.asOf as CalendarDate | undefined,
      ),
  );

  routes.get(
    '/api/v1/admin/contracts/:contractNumber/payoff',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Payoff quote (loans: good through a date, default 10 days; leases: early purchase price)',
        params: contractNumberParams,
        querystring: payoffQuery,
        response: { 200: payoffResponse },
      },
    },
    async (request) => {
      const quote = await contractPayoff(
        db,
        deps.clock,
        request.params.contractNumber,
        request.query.date as CalendarDate | undefined,
      );
      return payoffAnswer(quote);
    },
  );

  routes.post(
    '/api/v1/admin/contracts/:contractNumber/payments',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Post a payment received (check, lockbox, wire, phone); requires an Idempotency-Key',
        description:
          'Interest accrues to the received date and posts first; the payment then applies by the contract’s waterfall. The same Idempotency-Key with the same body answers the same payment; with another body, 409.',
        params: contractNumberParams,
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        body: paymentRequest,
        response: { 200: postedPaymentResponse, 201: postedPaymentResponse },
      },
    },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const answer = await postPayment(
        db,
        deps.clock,
        request.params.contractNumber,
        { ...request.body, receivedOn: calendarDate(request.body.receivedOn) },
        { scope: `api_key:${request.apiKey!.id}`, key },
        actorOf(request),
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(answer.statusCode === 200 ? 200 : 201).send(answer.body);
    },
  );

  routes.post(
    '/api/v1/admin/contracts/:contractNumber/payments/:paymentId/reverse',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Reverse a returned or mistaken payment exactly (a returned one adds the state’s fee)',
        params: paymentParams,
        body: reversalRequest,
        response: { 200: reversedPaymentResponse },
      },
    },
    async (request) =>
      reversePayment(
        db,
        deps.clock,
        request.params.contractNumber,
        request.params.paymentId,
        request.body.reason,
        actorOf(request),
      ),
  );

  routes.get(
    '/api/v1/admin/contracts/:contractNumber/schedule',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          'The disclosed schedule (with the estimated interest and principal split) beside the payments received',
        params: contractNumberParams,
        response: { 200: scheduleResponse },
      },
    },
    async (request) => contractSchedule(db, deps.clock, request.params.contractNumber),
  );

  routes.get(
    '/api/v1/admin/contracts/:contractNumber/transactions',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The contract’s ledger: every journal entry with its postings, oldest first',
        params: contractNumberParams,
        response: { 200: transactionsResponse },
      },
    },
    async (request) => {
      const transactions = await contractTransactions(db, request.params.contractNumber);
      return {
        contractNumber: request.params.contractNumber,
        transactions: transactions.map((t) => ({ ...t, recordedAt: t.recordedAt.toISOString() })),
      };
    },
  );
}
