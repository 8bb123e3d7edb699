import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { refusalResponse } from '../platform/http-errors.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { contractNumberParams } from '../servicing/index.ts';
import { autopayRequest, autopayResponse } from './autopay.schemas.ts';
import { cancelAutopay, getAutopay, putAutopay } from './autopay.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { payerOf, paymentSettingsOf } from './payments.routes.ts';

/** AutoPay per contract: see it, enrol or change (or pause and resume), cancel (issue 6). */
export async function autopayRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { paymentGateway: PaymentGateway },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const settings = paymentSettingsOf(deps.config, deps.paymentGateway);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];
  const path = '/api/v1/accounts/:contractNumber/autopay';
  const meta = (request: { id: string; ip: string }) => ({ requestId: request.id, ip: request.ip });

  routes.get(
    path,
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'AutoPay on an account: the enrolment (or null), the authorization text to accept, and the next debit',
        params: contractNumberParams,
        response: { 200: autopayResponse },
      },
    },
    async (request) => getAutopay(db, clock, payerOf(request.session!.user), request.params.contractNumber),
  );

  routes.put(
    path,
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Enrol in AutoPay or change it (method, extra principal, days before the due date, with the authorization version accepted); `status` alone pauses or resumes',
        params: contractNumberParams,
        body: autopayRequest,
        response: { 200: autopayResponse, 422: refusalResponse },
      },
    },
    async (request) =>
      putAutopay(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.contractNumber,
        request.body,
        meta(request),
      ),
  );

  routes.delete(
    path,
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Cancel AutoPay (the person who set it up); its debits not yet past their cut-off are cancelled',
        params: contractNumberParams,
        response: { 200: autopayResponse },
      },
    },
    async (request) =>
      cancelAutopay(
        db,
        clock,
        settings,
        payerOf(request.session!.user),
        request.params.contractNumber,
        meta(request),
      ),
  );
}
