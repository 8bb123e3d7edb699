import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteDeps } from '../platform/route-deps.ts';
import { throttleForm } from './form-throttle-hook.ts';
import { portalOrigin } from './recovery.routes.ts';
import {
  registrationAccepted,
  registrationCompleteRequest,
  registrationCompleteResponse,
  registrationLinkRequest,
  registrationLinkResponse,
  registrationRequest,
} from './registration.schemas.ts';
import {
  completeRegistration,
  describeRegistrationLink,
  REGISTRATION_ACCEPTED,
  type RegistrationLinks,
  requestRegistration,
} from './registration.ts';
import { setFirstSessionCookie } from './session-auth.ts';

function registrationLinks(config: RouteDeps['config']): RegistrationLinks {
  const origin = portalOrigin(config);
  return {
    complete: (token) => `${origin}/register/complete?token=${encodeURIComponent(token)}`,
    signIn: `${origin}/sign-in`,
    forgotPassword: `${origin}/forgot-password`,
  };
}

/**
 * Self-registration: prove a contract, follow the mailed link, choose a User ID and password. All
 * three are `public-form` (no session, CSRF checked); the first is also throttled by address.
 */
export async function registrationRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { challengeKey: string },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['registration'];
  const links = registrationLinks(deps.config);
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
  });

  routes.post(
    '/api/v1/registration',
    {
      config: { access: 'public-form' },
      preHandler: throttleForm({ db, clock, challengeKey: deps.challengeKey }, 'register'),
      schema: {
        tags,
        summary: 'Start signing up: prove a contract; a link is mailed to the address given',
        description:
          'Always 202 with the same body, whether or not the details match a contract and whether or not its customer has signed up already (then the address on file is told instead). `dateOfBirth` is left out for a contract in a business’s name. After 3 tries in an hour from one address, 401 AUTH.CHALLENGE_REQUIRED carries a proof-of-work challenge to solve and send back in the X-Challenge header; after 20, 429 FORM.TOO_MANY_TRIES. Needs the X-CSRF-Token header.',
        body: registrationRequest,
        response: { 202: registrationAccepted },
      },
    },
    async (request, reply) => {
      await requestRegistration(db, clock, request.body, links, meta(request));
      return reply.code(202).send({ message: REGISTRATION_ACCEPTED });
    },
  );

  routes.post(
    '/api/v1/registration/link',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Check a registration link: whom it greets and the address it proved',
        description:
          '400 REGISTRATION.INVALID_LINK for an unknown, expired or used link. Needs the X-CSRF-Token header.',
        body: registrationLinkRequest,
        response: { 200: registrationLinkResponse },
      },
    },
    async (request) => describeRegistrationLink(db, clock, request.body.token),
  );

  routes.post(
    '/api/v1/registration/complete',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Finish signing up with the link: choose a User ID and password',
        description:
          'Spends the link and creates the login. `next: enrol`: the session cookie may only set up a second factor (POST /api/v1/security/totp …), which then signs in; `next: done` where factors are optional. 400 REGISTRATION.INVALID_LINK; 409 REGISTRATION.USER_ID_TAKEN with `fields.userId`; 400 AUTH.PASSWORD_NOT_ACCEPTED with `fields.password` and the reason.',
        body: registrationCompleteRequest,
        response: { 200: registrationCompleteResponse },
      },
    },
    async (request, reply) => {
      const step = await completeRegistration(db, clock, deps.config.mfa, request.body, meta(request));
      setFirstSessionCookie(reply, clock, step);
      return { next: step.next };
    },
  );
}
