import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHALLENGE_HEADER } from '../identity/index.ts';
import { requireIdempotencyKey } from '../platform/idempotency.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  guestAccount,
  guestIdentityRequest,
  guestPaymentPreview,
  guestPaymentReceipt,
  guestPaymentRequest,
} from './guest-payments.schemas.ts';
import {
  admitGuestTry,
  type GuestPaymentDeps,
  identifyGuest,
  payAsGuest,
  previewGuestPayment,
} from './guest-payments.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { paymentSettingsOf } from './payments.routes.ts';

const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    reason: z.string().optional(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

const THROTTLE_NOTE =
  'Throttled: after 3 tries in an hour from one address, or after 3 failed proofs on the contract number from any address, 401 AUTH.CHALLENGE_REQUIRED carries a proof-of-work challenge to solve and send back in the X-Challenge header; after 20 tries from one address, 429 FORM.TOO_MANY_TRIES. Needs the X-CSRF-Token header.';
const NO_MATCH_NOTE =
  '404 GUEST_PAYMENTS.NO_MATCH, one answer whichever of contract number, ZIP code or last four is wrong.';

/**
 * Paying without signing in (issue 6): prove a contract, review, pay from a bank account. Every
 * route is `public-form` (no session, CSRF checked) and throttled by address and by contract.
 */
export async function guestPaymentRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { paymentGateway: PaymentGateway; challengeKey: string },
): Promise<void> {
  const { config } = deps;
  const guest: GuestPaymentDeps = {
    db: deps.database.db,
    clock: deps.clock,
    settings: paymentSettingsOf(config),
    gateway: deps.paymentGateway,
    secretKey: deps.secretKey,
    challengeKey: deps.challengeKey,
  };
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['guest payments'];
  // Runs after the body passed its schema, so a malformed request is refused with its reasons and counts for nothing.
  const throttle: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
    const solution = request.headers[CHALLENGE_HEADER];
    await admitGuestTry(
      guest,
      request.ip,
      (request.body as { contractNumber: string }).contractNumber,
      typeof solution === 'string' ? solution : undefined,
    );
  };

  routes.post(
    '/api/v1/guest-payments/identify',
    {
      config: { access: 'public-form' },
      preHandler: throttle,
      schema: {
        tags,
        summary:
          'Pay as a guest, step one: prove a contract; answers what is due and the most a payment may be',
        description: `${NO_MATCH_NOTE} ${THROTTLE_NOTE}`,
        body: guestIdentityRequest,
        response: { 200: guestAccount, 404: errorResponse },
      },
    },
    async (request) => identifyGuest(guest, request.body),
  );

  routes.post(
    '/api/v1/guest-payments/preview',
    {
      config: { access: 'public-form' },
      preHandler: throttle,
      schema: {
        tags,
        summary:
          'Review a guest payment: effective date (after the cut-off, the next business day) and split; writes nothing',
        description: `${NO_MATCH_NOTE} 400 PAYMENT_METHODS.INVALID_BANK_ACCOUNT names each wrong bank field; 422 PAYMENT_METHODS.BANK_ACCOUNT_REFUSED when the bank refuses the account, PAYMENTS.ABOVE_PAYOFF, PAYMENTS.DATE_OUT_OF_RANGE, PAYMENTS.DAILY_LIMIT. ${THROTTLE_NOTE}`,
        body: guestPaymentRequest,
        response: { 200: guestPaymentPreview, 404: errorResponse, 422: errorResponse },
      },
    },
    async (request) => previewGuestPayment(guest, request.body),
  );

  routes.post(
    '/api/v1/guest-payments',
    {
      config: { access: 'public-form' },
      // The key first: a request without one is malformed and counts for nothing.
      preHandler: [
        async (request) => void requireIdempotencyKey(request.headers['idempotency-key']),
        throttle,
      ],
      schema: {
        tags,
        summary:
          'Pay as a guest from a bank account (today or up to 30 days ahead); needs an Idempotency-Key: a retry with it replays the answer',
        description: `The refusals of the preview, nothing written on any. Same key and body: the same answer (header idempotent-replayed); same key, other body: 409 IDEMPOTENCY.KEY_REUSED. A receipt is mailed to \`email\`. ${THROTTLE_NOTE}`,
        body: guestPaymentRequest,
        response: { 201: guestPaymentReceipt, 404: errorResponse, 422: errorResponse },
      },
    },
    async (request, reply) => {
      const answer = await payAsGuest(
        guest,
        request.body,
        requireIdempotencyKey(request.headers['idempotency-key']),
        { ip: request.ip, requestId: request.id },
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(answer.body);
    },
  );
}
