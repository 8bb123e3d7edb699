import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import { paymentCutoff } from '../core/payment-dates.ts';
import type { SessionUser } from '../identity/index.ts';
import { refusalResponse } from '../platform/http-errors.ts';
import { requireIdempotencyKey } from '../platform/idempotency.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import {
  changePaymentRequest,
  paymentOrder,
  paymentOrdersResponse,
  paymentParams,
  paymentPreview,
  paymentRequest,
  paymentsQuery,
} from './payments.schemas.ts';
import {
  cancelPayment,
  changePayment,
  listPayments,
  makePayment,
  type Payer,
  type PaymentSettings,
  paymentReceipt,
  previewPayment,
} from './payments.ts';

export const payerOf = (user: SessionUser): Payer => ({
  actor: actorOf(user),
  userId: user.id,
  email: user.email,
  displayName: user.displayName,
});

/** The payment rules from the configuration (cut-off, daily maximum) and the gateway that charges cards. */
export function paymentSettingsOf(config: RouteDeps['config'], gateway?: PaymentGateway): PaymentSettings {
  return {
    cutoff: paymentCutoff(config.payments.cutoff, config.timeZone),
    cutoffTime: config.payments.cutoff,
    dailyMaxCents: config.payments.dailyMaxCents,
    gateway,
  };
}

/** One-time and scheduled payments: preview, make, list, change and cancel (issue 6). */
export async function paymentRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { paymentGateway: PaymentGateway },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const settings = paymentSettingsOf(deps.config, deps.paymentGateway);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const meta = (request: { id: string; ip: string }) => ({ requestId: request.id, ip: request.ip });

  routes.post(
    '/api/v1/accounts/:contractNumber/payments/preview',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Review a payment: its effective date (after the cut-off, the next business day) and split; writes nothing',
        params: contractNumberParams,
        body: paymentRequest,
        response: { 200: paymentPreview, 422: refusalResponse },
      },
    },
    async (request) =>
      previewPayment(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.contractNumber,
        request.body,
      ),
  );

  routes.post(
    '/api/v1/accounts/:contractNumber/payments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Make a payment (today or up to 30 days ahead); needs an Idempotency-Key: a retry with it replays the answer',
        params: contractNumberParams,
        body: paymentRequest,
        response: { 201: paymentOrder, 422: refusalResponse },
      },
    },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const answer = await makePayment(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.contractNumber,
        request.body,
        key,
        meta(request),
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return 'error' in answer.body ? reply.code(422).send(answer.body) : reply.code(201).send(answer.body);
    },
  );

  routes.get(
    '/api/v1/payments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Payments on the accounts you can see, newest first',
        querystring: paymentsQuery,
        response: { 200: paymentOrdersResponse },
      },
    },
    async (request) => ({
      payments: await listPayments(db, clock, settings, payerOf(request.session!.user), request.query),
    }),
  );

  routes.patch(
    '/api/v1/payments/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Change a scheduled payment (the payer only, until the cut-off of the file that carries it)',
        params: paymentParams,
        body: changePaymentRequest,
        response: { 200: paymentOrder, 422: refusalResponse },
      },
    },
    async (request) =>
      changePayment(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.id,
        request.body,
        meta(request),
      ),
  );

  routes.delete(
    '/api/v1/payments/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Cancel a scheduled payment (the payer only, until the cut-off of the file that carries it)',
        params: paymentParams,
        response: { 200: paymentOrder },
      },
    },
    async (request) =>
      cancelPayment(db, clock, settings, payerOf(request.session!.user), request.params.id, meta(request)),
  );

  routes.get(
    '/api/v1/payments/:id/receipt.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'A payment’s receipt (PDF): confirmation number, amount, method, date, status and how it applied',
        params: paymentParams,
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await paymentReceipt(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.id,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(pdf);
    },
  );
}
