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
import {
  accountActivityRoutes,
  accountPayoffRoutes,
  accountRoutes,
  accountVehicleRoutes,
  noticeRoutes,
  profileRoutes,
} from '../accounts/index.ts';
import { businessDateRoutes } from '../cycle/index.ts';
import { documentRoutes, esignRoutes, statementRoutes } from '../documents/index.ts';
import { grantRoutes } from '../grants/index.ts';
import {
  authRoutes,
  contactRoutes,
  enforceDeclaredAccess,
  issueCsrfCookies,
  passkeyRoutes,
  type RouteAccess,
  recoveryRoutes,
  registrationRoutes,
  securityRoutes,
} from '../identity/index.ts';
import { devMailboxRoutes, type SmsGateway, sandboxSmsGateway } from '../notifications/index.ts';
import {
  bulkPaymentRoutes,
  businessRegistrationRoutes,
  organizationReportRoutes,
  organizationRoutes,
  organizationStatementRoutes,
} from '../organizations/index.ts';
import {
  autopayRoutes,
  guestPaymentRoutes,
  type PaymentGateway,
  paymentMethodRoutes,
  paymentRoutes,
  sandboxGatewayRoutes,
  sandboxPaymentGateway,
} from '../payments/index.ts';
import type { MovableClock } from '../platform/business-date.ts';
import { notFoundBody, registerErrorHandling } from '../platform/http-errors.ts';
import { loggerOptions } from '../platform/logging.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import { secretBox } from '../platform/secret-box.ts';
import { adminContractRoutes, adminServicingRoutes, calculatorRoutes } from '../servicing/index.ts';
import { staffRoutes } from '../staff/index.ts';
import { healthRoutes } from './health.ts';

export type AppDeps = RouteDeps & {
  /** Present only in time-travel mode (AUTOFIN_TIME_TRAVEL=1): the same clock, movable forward. */
  movableClock?: MovableClock;
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

/**
 * Builds the HTTP application. Plugins register in a fixed order: external plugins (security
 * headers, OpenAPI), then the app's own (errors), then routes, then the web app.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: loggerOptions(config),
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
  await app.register(grantRoutes, { ...deps, challengeKey: signIn.challengeKey });
  await app.register(organizationRoutes, { ...deps, challengeKey: signIn.challengeKey });
  await app.register(bulkPaymentRoutes, { ...deps, paymentGateway });
  await app.register(organizationReportRoutes, deps);
  await app.register(organizationStatementRoutes, deps);
  await app.register(businessRegistrationRoutes, {
    ...deps,
    challengeKey: signIn.challengeKey,
    pepper: factors.pepper,
  });
  await app.register(adminContractRoutes, deps);
  await app.register(adminServicingRoutes, deps);
  await app.register(businessDateRoutes, { ...deps, paymentGateway });

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
