import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from '../platform/route-deps.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-auth.ts';
import {
  ABSOLUTE_TIMEOUT_MS,
  ENROLLING_TIMEOUT_MS,
  findSession,
  PENDING_TIMEOUT_MS,
  revokeAllSessions,
  revokeSession,
  STEP_UP_WINDOW_MS,
} from './sessions.ts';
import {
  codeChannel,
  codeSentResponse,
  factorRequest,
  loginRequest,
  loginResponse,
  meResponse,
  stepUpRequest,
} from './sign-in.schemas.ts';
import {
  type SignInDeps,
  sendSignInCode,
  sendStepUpCode,
  signInWithPassword,
  stepUp,
  verifySecondFactor,
} from './sign-in.ts';

/** Sign-in, second factor, sign-out and the signed-in user: the customer API's front door. */
export async function authRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { signIn: SignInDeps },
): Promise<void> {
  const { db } = deps.database;
  const { clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sign-in'];
  const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

  routes.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Sign in with User ID and password; then the second factor',
        description:
          'Any failure is 401 AUTH.INVALID_CREDENTIALS, the same for an unknown User ID. 423 AUTH.LOCKED only after the right password. Needs the X-CSRF-Token header.',
        body: loginRequest,
        response: { 200: loginResponse },
      },
    },
    async (request, reply) => {
      const step = await signInWithPassword(db, clock, deps.signIn, request.body, meta(request));
      const lifetime = { factor: PENDING_TIMEOUT_MS, enrol: ENROLLING_TIMEOUT_MS, done: ABSOLUTE_TIMEOUT_MS };
      setSessionCookie(reply, step.token, new Date(clock.now().getTime() + lifetime[step.next]));
      return step.next === 'factor' ? { next: step.next, factors: step.factors } : { next: step.next };
    },
  );

  routes.post(
    '/api/v1/auth/factor/code',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Send a one-time code by email or SMS to finish this sign-in',
        description:
          'Only between the password and the second factor, and only to a channel the user turned on. A new code replaces the last; at most 5 in 10 minutes.',
        body: codeChannel,
        response: { 200: codeSentResponse },
      },
    },
    async (request) =>
      sendSignInCode(db, clock, deps.signIn, request.cookies[SESSION_COOKIE], request.body.channel),
  );

  routes.post(
    '/api/v1/auth/factor',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Complete sign-in with a code: authenticator app, recovery, or one sent by email or SMS',
        body: factorRequest,
        response: { 200: z.object({ next: z.literal('done') }) },
      },
    },
    async (request, reply) => {
      const token = await verifySecondFactor(
        db,
        clock,
        deps.signIn,
        request.cookies[SESSION_COOKIE],
        request.body,
        meta(request),
      );
      const session = await findSession(db, clock, token, { touch: false });
      setSessionCookie(reply, token, session!.expiresAt);
      return { next: 'done' as const };
    },
  );

  routes.get(
    '/api/v1/me',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The signed-in user and the session’s expiry times',
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const { user, idleExpiresAt, expiresAt, reauthenticatedAt } = request.session!;
      const stepUpUntil = reauthenticatedAt && new Date(reauthenticatedAt.getTime() + STEP_UP_WINDOW_MS);
      return {
        userId: user.loginId,
        displayName: user.displayName,
        email: user.email,
        kind: user.kind,
        hasOwnContracts: user.customerId !== null,
        memberships: user.memberships.map((m) => ({ organizationId: m.organizationId, role: m.role })),
        session: {
          idleExpiresAt: idleExpiresAt.toISOString(),
          expiresAt: expiresAt.toISOString(),
          stepUpUntil: stepUpUntil ? stepUpUntil.toISOString() : null,
        },
      };
    },
  );

  routes.post(
    '/api/v1/auth/step-up',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Confirm it is you (password and a second factor) before a sensitive change',
        description:
          'Changing email, phone, password, factors or payment methods answers 403 AUTH.STEP_UP_REQUIRED unless the session signed in or stepped up in the last 5 minutes. Success starts a new session id. A passkey steps up alone under /api/v1/auth/passkey/step-up/… .',
        body: stepUpRequest,
        response: { 200: z.object({ stepUpUntil: z.string() }) },
      },
    },
    async (request, reply) => {
      const renewed = await stepUp(db, clock, deps.signIn, request.session!, request.body, meta(request));
      setSessionCookie(reply, renewed.token, renewed.expiresAt);
      return { stepUpUntil: new Date(clock.now().getTime() + STEP_UP_WINDOW_MS).toISOString() };
    },
  );

  routes.post(
    '/api/v1/auth/step-up/code',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Send a one-time code by email or SMS for a step-up',
        body: codeChannel,
        response: { 200: codeSentResponse },
      },
    },
    async (request) => sendStepUpCode(db, clock, deps.signIn, request.session!, request.body.channel),
  );

  routes.post(
    '/api/v1/auth/logout',
    { config: { access: 'session' }, schema: { tags, summary: 'Sign out of this browser' } },
    async (request, reply) => {
      await revokeSession(db, clock, request.session!.tokenHash);
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );

  routes.post(
    '/api/v1/auth/logout-all',
    {
      config: { access: 'session' },
      schema: { tags, summary: 'Sign out of every browser and device' },
    },
    async (request, reply) => {
      await revokeAllSessions(db, clock, request.session!.user.id);
      clearSessionCookie(reply);
      return reply.code(204).send();
    },
  );
}
