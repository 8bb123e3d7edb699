import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../platform/route-deps.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import {
  addPaymentMethod,
  listPaymentMethods,
  type PaymentMethodsDeps,
  removePaymentMethod,
  updatePaymentMethod,
} from './payment-methods.ts';
import {
  addPaymentMethodRequest,
  paymentMethod,
  paymentMethodParams,
  paymentMethodsResponse,
  updatePaymentMethodRequest,
} from './payments.schemas.ts';

/** The 422 answer: the usual error shape, with the bank's or the card network's reason. */
export const refusalResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    reason: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

/**
 * The signed-in user's payment methods. Adding one needs a full session (not a step-up): paying
 * from an account moves money to the lender, never away from the customer, and every add, removal
 * and change of default is audited. Refusals by the bank or the card network answer 422.
 */
export async function paymentMethodRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { paymentGateway: PaymentGateway },
): Promise<void> {
  const methods: PaymentMethodsDeps = {
    db: deps.database.db,
    clock: deps.clock,
    gateway: deps.paymentGateway,
    secretKey: deps.secretKey,
  };
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const meta = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip });
  const userId = (request: FastifyRequest) => request.session!.user.id;

  routes.get(
    '/api/v1/payment-methods',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Your bank accounts and debit cards (active and blocked), masked, the default first',
        response: { 200: paymentMethodsResponse },
      },
    },
    async (request) => ({
      paymentMethods: await listPaymentMethods(methods.db, { userId: userId(request) }),
    }),
  );

  routes.post(
    '/api/v1/payment-methods',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Add a bank account (verified with the bank) or a debit card (by its card-field token)',
        description:
          '400 `PAYMENT_METHODS.INVALID_BANK_ACCOUNT` names each wrong field; 409 `PAYMENT_METHODS.DUPLICATE` when the account or card is already yours; 422 when the bank or the card network refuses it (`PAYMENT_METHODS.BANK_ACCOUNT_REFUSED`, `CARD_TOKEN_INVALID`, `NOT_DEBIT_CARD`, `CARD_EXPIRED`); 503 `PAYMENT_METHODS.GATEWAY_UNAVAILABLE`. Nothing is written on any of these. Your first method becomes the default.',
        body: addPaymentMethodRequest,
        response: { 201: paymentMethod, 422: refusalResponse },
      },
    },
    async (request, reply) => {
      const answer = await addPaymentMethod(methods, userId(request), request.body, meta(request));
      if (!answer.ok) return reply.code(422).send({ error: answer.refusal });
      return reply.code(201).send(answer.method);
    },
  );

  routes.patch(
    '/api/v1/payment-methods/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Rename a payment method, or make it the default (the previous default stops being it)',
        params: paymentMethodParams,
        body: updatePaymentMethodRequest,
        response: { 200: paymentMethod },
      },
    },
    async (request) =>
      updatePaymentMethod(methods, userId(request), request.params.id, request.body, meta(request)),
  );

  routes.delete(
    '/api/v1/payment-methods/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Remove a payment method (409 `PAYMENT_METHODS.IN_USE` while a scheduled payment or AutoPay uses it)',
        params: paymentMethodParams,
      },
    },
    async (request, reply) => {
      await removePaymentMethod(methods, { userId: userId(request) }, request.params.id, meta(request));
      return reply.code(204).send();
    },
  );
}
