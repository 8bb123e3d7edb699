import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/index.ts';
import { setFirstSessionCookie, throttleForm } from '../identity/index.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  businessRegistrationAccepted,
  businessRegistrationComplete,
  businessRegistrationJoined,
  businessRegistrationNewLogin,
  businessRegistrationNewLoginResponse,
  businessRegistrationRequest,
} from './business-registration.schemas.ts';
import {
  BUSINESS_REGISTRATION_ACCEPTED,
  registerBusinessForLogin,
  registerBusinessWithNewLogin,
  requestBusinessRegistration,
} from './business-registration.ts';

const CODE_ERRORS =
  '400 BUSINESS_REGISTRATION.INVALID_CODE with `fields.code` for a wrong code and for every ticket that cannot succeed (details that matched nothing, expired after 10 minutes, used, or burnt by 5 wrong codes): one answer for all.';

/**
 * Business registration: prove a business contract, then enter the code mailed to the business.
 * Step two has two routes because a route declares one access: `complete` adds the business to the
 * signed-in login; `complete/new-login` is the public form of someone choosing a login there. The
 * public ones are throttled by address like the consumer registration, on the same count.
 */
export async function businessRegistrationRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { challengeKey: string; pepper: Buffer },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['registration'];
  const throttle = throttleForm({ db, clock, challengeKey: deps.challengeKey }, 'register');
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
  });

  routes.post(
    '/api/v1/business-registration',
    {
      config: { access: 'public-form' },
      preHandler: throttle,
      schema: {
        tags,
        summary: 'Register a business, step 1: prove a contract; a code goes to the business’s email on file',
        description:
          'Always 202 with a new ticket and the same message, whether or not the details match an open contract with a business party: nothing tells them apart, not even where a code went. Send the ticket back with the code (6 digits, 10 minutes, once, 5 guesses). Throttled with the consumer registration: after 3 tries in an hour from one address, 401 AUTH.CHALLENGE_REQUIRED (solve it and send the X-Challenge header); after 20, 429 FORM.TOO_MANY_TRIES. Needs the X-CSRF-Token header.',
        body: businessRegistrationRequest,
        response: { 202: businessRegistrationAccepted },
      },
    },
    async (request, reply) => {
      const { ticket } = await requestBusinessRegistration(db, clock, deps, request.body, meta(request));
      return reply.code(202).send({ ticket, message: BUSINESS_REGISTRATION_ACCEPTED });
    },
  );

  routes.post(
    '/api/v1/business-registration/complete',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Register a business, step 2, signed in: the code makes your login a fleet admin of it',
        description: `Opens the business’s organization with every contract of the business in its fleet, or joins the one it has (its admins are told by email); a member in another role becomes admin. Audited. ${CODE_ERRORS} 409 BUSINESS_REGISTRATION.ALREADY_ADMIN (the ticket stays usable); 403 BUSINESS_REGISTRATION.STAFF_LOGIN for a staff login.`,
        body: businessRegistrationComplete,
        response: { 200: businessRegistrationJoined },
      },
    },
    async (request) =>
      registerBusinessForLogin(db, clock, deps, actorOf(request.session!.user), request.body, meta(request)),
  );

  routes.post(
    '/api/v1/business-registration/complete/new-login',
    {
      config: { access: 'public-form' },
      preHandler: throttle,
      schema: {
        tags,
        summary:
          'Register a business, step 2, with a new login: choose a User ID and password; the code makes it a fleet admin',
        description: `The login’s email is the business’s address on file, the one the code proved (it can be changed afterwards from the profile). \`next: enrol\`: the session cookie may only set up a second factor, which then signs in; \`next: done\` where factors are optional. ${CODE_ERRORS} 409 REGISTRATION.USER_ID_TAKEN with \`fields.userId\`; 400 AUTH.PASSWORD_NOT_ACCEPTED with \`fields.password\` (neither counts a guess). Throttled like step 1. Needs the X-CSRF-Token header.`,
        body: businessRegistrationNewLogin,
        response: { 200: businessRegistrationNewLoginResponse },
      },
    },
    async (request, reply) => {
      const { token, ...joined } = await registerBusinessWithNewLogin(
        db,
        clock,
        { pepper: deps.pepper, mfa: deps.config.mfa },
        request.body,
        meta(request),
      );
      setFirstSessionCookie(reply, clock, { next: joined.next, token });
      return joined;
    },
  );
}
