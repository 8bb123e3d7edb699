import { createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { accountRoutes } from '../accounts/accounts.routes.ts';
import { accountActivityRoutes } from '../accounts/activity.routes.ts';
import { accountPayoffRoutes } from '../accounts/payoff.routes.ts';
import { profileRoutes } from '../accounts/profile.routes.ts';
import { accountVehicleRoutes } from '../accounts/vehicle.routes.ts';
import type { Database } from '../db/database.ts';
import { documentRoutes } from '../documents/document-center.routes.ts';
import { esignRoutes } from '../documents/esign.routes.ts';
import { statementRoutes } from '../documents/statements.routes.ts';
import { contactRoutes } from '../identity/contact-details.routes.ts';
import { passkeyRoutes } from '../identity/passkeys.routes.ts';
import { recoveryRoutes } from '../identity/recovery.routes.ts';
import { registrationRoutes } from '../identity/registration.routes.ts';
import { enforceDeclaredAccess, type RouteAccess } from '../identity/route-access.ts';
import { securityRoutes } from '../identity/security.routes.ts';
import { issueCsrfCookies } from '../identity/session-auth.ts';
import { authRoutes } from '../identity/sign-in.routes.ts';
import { devMailboxRoutes } from '../notifications/dev-mailbox.routes.ts';
import { noticeRoutes } from '../notifications/notices.routes.ts';
import { type SmsGateway, sandboxSmsGateway } from '../notifications/sms.ts';
import { autopayRoutes } from '../payments/autopay.routes.ts';
import { guestPaymentRoutes } from '../payments/guest-payments.routes.ts';
import type { PaymentGateway } from '../payments/payment-gateway.ts';
import { paymentMethodRoutes } from '../payments/payment-methods.routes.ts';
import { paymentRoutes } from '../payments/payments.routes.ts';
import { sandboxGatewayRoutes } from '../payments/sandbox-gateway.routes.ts';
import { sandboxPaymentGateway } from '../payments/sandbox-gateway.ts';
import type { MovableClock } from '../platform/business-date.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { notFoundBody, registerErrorHandling } from '../platform/http-errors.ts';
import { secretBox } from '../platform/secret-box.ts';
import { adminContractRoutes } from '../servicing/boarding.routes.ts';
import { calculatorRoutes } from '../servicing/calculators.routes.ts';
import { adminServicingRoutes } from '../servicing/servicing.routes.ts';
import { staffRoutes } from '../staff/staff.routes.ts';
import { healthRoutes } from './health.ts';

export type AppDeps = {
  config: Config;
  database: Database;
  clock: Clock;
  /** Present only in time-travel mode (AUTOFIN_TIME_TRAVEL=1): the same clock, movable forward. */
  movableClock?: MovableClock;
  /** The portal's 32-byte secret key (see platform/secret-key.ts). */
  secretKey: Buffer;
  /** Where text messages go; the sandbox (outbox only) unless a deployment plugs in its carrier. */
  sms?: SmsGateway;
  /** The card and bank processor; the bundled sandbox (payments/sandbox-gateway.ts) unless a deployment plugs in its own. */
  paymentGateway?: PaymentGateway;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with the access it declared (see access.ts). */
    routeAccess: RouteAccess[];
    paymentGateway: PaymentGateway;
  }
}

/** Secrets never reach the logs, whatever a log line happens to carry. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.key',
  '*.secret',
  '*.cardNumber',
  '*.cvv',
  '*.accountNumber',
];

/**
 * Builds the HTTP application. Plugins register in a fixed order: external plugins (security
 * headers, OpenAPI), then the app's own (errors), then routes, then the web app.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Autofin API',
        version: '1',
        description:
          'The customer portal API of Autofin. Amounts are integer cents; dates are YYYY-MM-DD business dates.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: afk_…' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(cookie);

  registerErrorHandling(app);
  issueCsrfCookies(app);
  const routeAccess = enforceDeclaredAccess(app, deps.database.db, deps.clock);
  app.decorate('routeAccess', routeAccess);

  await app.register(healthRoutes, deps);
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.register(calculatorRoutes);
  const factors = {
    box: secretBox(deps.secretKey),
    // Recovery codes are hashed with a key derived from the secret key, so a copy of the table is not enough to test guesses.
    pepper: createHmac('sha256', deps.secretKey).update('recovery-codes').digest(),
  };
  const signIn = {
    mfa: config.mfa,
    ...factors,
    challengeKey: createHmac('sha256', deps.secretKey).update('altcha').digest('hex'),
    sms: deps.sms ?? sandboxSmsGateway,
  };
  await app.register(authRoutes, { ...deps, signIn });
  await app.register(recoveryRoutes, { ...deps, challengeKey: signIn.challengeKey });
  await app.register(registrationRoutes, { ...deps, challengeKey: signIn.challengeKey });
  await app.register(devMailboxRoutes, deps);
  await app.register(securityRoutes, { ...deps, factors });
  await app.register(contactRoutes, { ...deps, signIn });
  await app.register(passkeyRoutes, deps);
  await app.register(staffRoutes, deps);
  await app.register(accountRoutes, deps);
  await app.register(accountActivityRoutes, deps);
  await app.register(accountPayoffRoutes, deps);
  await app.register(accountVehicleRoutes, deps);
  await app.register(statementRoutes, deps);
  await app.register(documentRoutes, deps);
  // The sandbox serves its own card field and token route; a deployment's processor hosts its own.
  const sandbox = sandboxPaymentGateway(deps.secretKey, deps.clock);
  const paymentGateway = deps.paymentGateway ?? sandbox;
  if (!deps.paymentGateway) await app.register(sandboxGatewayRoutes, { sandbox });
  // The daily cycle charges scheduled card payments through the same gateway (server.ts).
  app.decorate('paymentGateway', paymentGateway);
  await app.register(paymentMethodRoutes, { ...deps, paymentGateway });
  await app.register(paymentRoutes, { ...deps, paymentGateway });
  await app.register(guestPaymentRoutes, { ...deps, paymentGateway, challengeKey: signIn.challengeKey });
  await app.register(autopayRoutes, { ...deps, paymentGateway });
  await app.register(noticeRoutes, deps);
  await app.register(profileRoutes, deps);
  await app.register(esignRoutes, deps);
  await app.register(adminContractRoutes, deps);
  await app.register(adminServicingRoutes, { ...deps, paymentGateway });

  await registerWebApp(app, config.webDist);
  return app;
}

/**
 * Serves the built single-page app from `/`: files as they are, hashed assets cached for a year,
 * and any other page address answered with index.html so the client router takes it.
 */
async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const root = path.resolve(webDist);
  const hasWebApp = existsSync(path.join(root, 'index.html'));
  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // The build writes .br and .gz copies (vite.config.ts); a browser that accepts one gets it.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      hasWebApp &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send(notFoundBody());
  });
}
