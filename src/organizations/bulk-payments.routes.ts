import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import {
  type PaymentGateway,
  type PaymentMethodsDeps,
  payerOf,
  paymentMethodRefusalResponse,
  paymentSettingsOf,
} from '../payments/index.ts';
import { refusalResponse } from '../platform/http-errors.ts';
import { requireIdempotencyKey } from '../platform/idempotency.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  addOrganizationBankAccount,
  organizationBankAccounts,
  removeOrganizationBankAccount,
} from './bank-accounts.ts';
import {
  bulkPaymentCsvQuery,
  bulkPaymentDetail as bulkPaymentDetailSchema,
  bulkPaymentParams,
  bulkPaymentPreview,
  bulkPaymentPreviewRequest,
  bulkPaymentRequest,
  bulkPaymentsResponse,
  organizationBankAccount,
  organizationBankAccountRequest,
  organizationMethodParams,
  organizationMethodsResponse,
} from './bulk-payments.schemas.ts';
import {
  type BulkPaymentDeps,
  bulkPaymentDetail,
  bulkPaymentReceipt,
  listBulkPayments,
  makeBulkPayment,
  previewBulkPayment,
} from './bulk-payments.ts';
import { organizationParams } from './organizations.schemas.ts';

/**
 * The business's bank accounts and its bulk payments: `/api/v1/organizations/{id}/payment-methods`
 * and `/bulk-payments`. A bulk payment needs an Idempotency-Key, as every payment does.
 */
export async function bulkPaymentRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { paymentGateway: PaymentGateway },
): Promise<void> {
  const { db } = deps.database;
  const settings = paymentSettingsOf(deps.config, deps.paymentGateway);
  const bulk: BulkPaymentDeps = { db, clock: deps.clock, settings };
  const methods: PaymentMethodsDeps = {
    db,
    clock: deps.clock,
    gateway: deps.paymentGateway,
    secretKey: deps.secretKey,
  };
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organizations'];
  const actor = (request: FastifyRequest) => actorOf(request.session!.user);
  const meta = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip });

  // A CSV of payment lines arrives as the file's bytes: its encoding is judged by the service.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
    (_request, body, done) => done(null, body),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/payment-methods',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The business’s bank accounts, which bulk payments debit (admins and managers)',
        params: organizationParams,
        response: { 200: organizationMethodsResponse },
      },
    },
    async (request) => ({
      paymentMethods: await organizationBankAccounts(methods, actor(request), request.params.organizationId),
    }),
  );

  routes.post(
    '/api/v1/organizations/:organizationId/payment-methods',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Add a bank account of the business (admins): checked, verified by the bank, audited',
        description:
          '409 PAYMENT_METHODS.DUPLICATE when the business already has it; 422 with the bank’s reason when it refuses.',
        params: organizationParams,
        body: organizationBankAccountRequest,
        response: { 201: organizationBankAccount, 422: paymentMethodRefusalResponse },
      },
    },
    async (request, reply) => {
      const answer = await addOrganizationBankAccount(
        methods,
        actor(request),
        request.params.organizationId,
        request.body,
        meta(request),
      );
      return answer.ok
        ? reply.code(201).send(answer.method)
        : reply.code(422).send({ error: answer.refusal });
    },
  );

  routes.delete(
    '/api/v1/organizations/:organizationId/payment-methods/:paymentMethodId',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Remove a bank account of the business (admins); refused while a payment uses it',
        params: organizationMethodParams,
      },
    },
    async (request, reply) => {
      await removeOrganizationBankAccount(
        methods,
        actor(request),
        request.params.organizationId,
        request.params.paymentMethodId,
        meta(request),
      );
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/organizations/:organizationId/bulk-payments/preview',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Review a bulk payment: the chosen contracts (or everything due this month) with each amount and split, the effective date and the total; writes nothing',
        description:
          '422 BULK_PAYMENTS.LINES_INVALID with one field per problem (`lines.N.contractNumber`, `lines.N.amountCents`): a contract not of this business, on two lines, not active, or an amount above its payoff. 422 BULK_PAYMENTS.LIMIT / DAILY_LIMIT above the business’s limits.',
        params: organizationParams,
        body: bulkPaymentPreviewRequest,
        response: { 200: bulkPaymentPreview, 422: refusalResponse },
      },
    },
    async (request) => previewBulkPayment(bulk, actor(request), request.params.organizationId, request.body),
  );

  routes.post(
    '/api/v1/organizations/:organizationId/bulk-payments/preview-csv',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Review a bulk payment from a CSV file of `contractNumber,amount` (amount in dollars, 1234.56)',
        description:
          'Send the file as the body with `Content-Type: text/csv` (UTF-8). 400 FLEET.CSV_INVALID / 422 BULK_PAYMENTS.LINES_INVALID name each problem by `row N: field`; the answer’s lines are then paid with POST …/bulk-payments.',
        params: organizationParams,
        querystring: bulkPaymentCsvQuery,
        response: { 200: bulkPaymentPreview, 422: refusalResponse },
      },
    },
    async (request) =>
      previewBulkPayment(bulk, actor(request), request.params.organizationId, {
        ...request.query,
        selection: { kind: 'csv', file: request.body as Buffer },
      }),
  );

  routes.post(
    '/api/v1/organizations/:organizationId/bulk-payments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary:
          'Pay many contracts with one debit from the business’s bank account; needs an Idempotency-Key: a retry with it replays the answer',
        description:
          'Every contract posts, or none does, in one transaction; the day’s ACH file carries one CCD entry for the total. The lines are judged as in the review.',
        params: organizationParams,
        body: bulkPaymentRequest,
        response: { 201: bulkPaymentDetailSchema, 422: refusalResponse },
      },
    },
    async (request, reply) => {
      const key = requireIdempotencyKey(request.headers['idempotency-key']);
      const answer = await makeBulkPayment(
        bulk,
        payerOf(request.session!.user),
        request.params.organizationId,
        request.body,
        key,
        meta(request),
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(answer.body);
    },
  );

  routes.get(
    '/api/v1/organizations/:organizationId/bulk-payments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The business’s bulk payments, newest first (the last 100)',
        params: organizationParams,
        response: { 200: bulkPaymentsResponse },
      },
    },
    async (request) => ({
      bulkPayments: await listBulkPayments(db, actor(request), request.params.organizationId),
    }),
  );

  routes.get(
    '/api/v1/organizations/:organizationId/bulk-payments/:bulkPaymentId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'One bulk payment with every contract it paid and how each applied',
        params: bulkPaymentParams,
        response: { 200: bulkPaymentDetailSchema },
      },
    },
    async (request) =>
      bulkPaymentDetail(db, actor(request), request.params.organizationId, request.params.bulkPaymentId),
  );

  for (const format of ['pdf', 'csv'] as const) {
    routes.get(
      `/api/v1/organizations/:organizationId/bulk-payments/:bulkPaymentId/receipt.${format}`,
      {
        config: { access: 'session' },
        schema: {
          tags,
          summary: `A bulk payment’s receipt (${format.toUpperCase()}): every contract with its amount and split`,
          params: bulkPaymentParams,
        },
      },
      async (request, reply) => {
        const { body, filename } = await bulkPaymentReceipt(
          db,
          settings,
          actor(request),
          request.params.organizationId,
          request.params.bulkPaymentId,
          format,
        );
        return reply
          .type(format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(body);
      },
    );
  }
}
