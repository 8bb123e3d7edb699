import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../platform/errors.ts';
import type { SandboxPaymentGateway } from './sandbox-gateway.ts';

/**
 * What the sandbox gateway serves itself, outside the portal's API as a processor's own host would:
 * the hosted card field (a page the portal frames) and the token route it posts to. The card number
 * and CVV come only here; the portal's API gets the token. Fastify logs no request bodies, and the
 * app's log redaction also covers `cardNumber` and `cvv`.
 */
const FIELD_FILES = {
  'card-field': { file: 'card-field.html', type: 'text/html; charset=utf-8' },
  'card-field.js': { file: 'card-field.js', type: 'text/javascript; charset=utf-8' },
  'card-field.css': { file: 'card-field.css', type: 'text/css; charset=utf-8' },
} as const;

/** Its own policy: its own script and style only, and framed by the portal's pages alone. */
const FIELD_CSP = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
};

const tokenRequest = z.strictObject({
  cardNumber: z.string().max(40),
  expiry: z.string().max(10),
  cvv: z.string().max(8),
  holderName: z.string().max(200),
});
const tokenResponse = z.object({ token: z.string(), brand: z.string(), last4: z.string() });

export async function sandboxGatewayRoutes(
  app: FastifyInstance,
  deps: { sandbox: SandboxPaymentGateway },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  for (const [name, { file, type }] of Object.entries(FIELD_FILES)) {
    const body = readFileSync(new URL(`./sandbox-card-field/${file}`, import.meta.url));
    routes.get(
      `/sandbox-gateway/${name}`,
      { config: { access: 'public' }, helmet: FIELD_CSP, schema: { hide: true } },
      async (_request, reply) => reply.type(type).header('cache-control', 'no-cache').send(body),
    );
  }

  routes.post(
    '/sandbox-gateway/tokens',
    {
      config: { access: 'public' },
      schema: { hide: true, body: tokenRequest, response: { 201: tokenResponse } },
    },
    async (request, reply) => {
      const answer = deps.sandbox.issueCardToken(request.body);
      if (!answer.ok) {
        throw new DomainError(
          'invalid',
          'SANDBOX_GATEWAY.CARD_INVALID',
          'Check the card details.',
          answer.fields,
        );
      }
      const { token, brand, last4 } = answer;
      return reply.code(201).header('cache-control', 'no-store').send({ token, brand, last4 });
    },
  );
}
