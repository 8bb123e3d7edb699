import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { factorRequest, loginRequest, loginResponse, meResponse } from '../schemas/auth.ts';
import { findSession, PENDING_TIMEOUT_MS, revokeAllSessions, revokeSession } from '../services/sessions.ts';
import { type SignInDeps, signInWithPassword, verifySecondFactor } from '../services/sign-in.ts';
import type { AppDeps } from './app.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-auth.ts';

/** Sign-in, second factor, sign-out and the signed-in user: the customer API's front door. */
export async function authRoutes(
  app: FastifyInstance,
  deps: AppDeps & { signIn: SignInDeps },
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
      const lifetime = step.next === 'factor' ? PENDING_TIMEOUT_MS : 12 * 60 * 60_000;
      setSessionCookie(reply, step.token, new Date(clock.now().getTime() + lifetime));
      return step.next === 'factor' ? { next: step.next, factors: step.factors } : { next: step.next };
    },
  );

  routes.post(
    '/api/v1/auth/factor',
    {
      config: { access: 'public-form' },
      schema: {
        tags,
        summary: 'Complete sign-in with an authenticator-app code or a recovery code',
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
      const { user, idleExpiresAt, expiresAt } = request.session!;
      return {
        userId: user.loginId,
        displayName: user.displayName,
        email: user.email,
        kind: user.kind,
        session: { idleExpiresAt: idleExpiresAt.toISOString(), expiresAt: expiresAt.toISOString() },
      };
    },
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
