import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../platform/errors.ts';
import type { RouteDeps } from '../platform/route-deps.ts';
import {
  confirmTotpEnrolment,
  type FactorDeps,
  factorsOfUser,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from './factors.ts';
import { finishEnrolment } from './session-auth.ts';
import { listSessions, revokeListedSession } from './sessions.ts';
import { factorKinds } from './sign-in.schemas.ts';
import { signInHistory } from './sign-in.ts';

/**
 * The signed-in user's security settings: the second factors they have, sign-in history, devices
 * and sessions with revoke, the authenticator app and recovery codes.
 */
export async function securityRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { factors: FactorDeps },
): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['security'];
  const config = { access: 'session' as const };

  routes.get(
    '/api/v1/security/factors',
    {
      config,
      schema: {
        tags,
        summary: 'The second factors you have set up, in the order sign-in offers them',
        description:
          'What a step-up may ask for: `recovery` is listed while unused recovery codes remain beside another factor.',
        response: { 200: z.object({ factors: z.array(factorKinds) }) },
      },
    },
    async (request) => ({ factors: await factorsOfUser(db, request.session!.user.id) }),
  );

  routes.get(
    '/api/v1/security/sign-ins',
    {
      config,
      schema: {
        tags,
        summary: 'Your last 50 sign-in attempts: time, address, device, result',
        response: {
          200: z.object({
            signIns: z.array(
              z.object({
                occurredAt: z.string(),
                result: z.string(),
                ip: z.string().nullable(),
                userAgent: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const rows = await signInHistory(db, request.session!.user.id);
      return { signIns: rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() })) };
    },
  );

  routes.get(
    '/api/v1/security/sessions',
    {
      config,
      schema: {
        tags,
        summary: 'Where you are signed in now',
        response: {
          200: z.object({
            sessions: z.array(
              z.object({
                id: z.string(),
                createdAt: z.string(),
                lastSeenAt: z.string(),
                ip: z.string().nullable(),
                userAgent: z.string().nullable(),
                current: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { user, tokenHash } = request.session!;
      const rows = await listSessions(db, deps.clock, user.id, tokenHash);
      return {
        sessions: rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
        })),
      };
    },
  );

  routes.delete(
    '/api/v1/security/sessions/:sessionId',
    {
      config,
      schema: {
        tags,
        summary: 'Sign out one of your sessions (another browser or device)',
        params: z.strictObject({ sessionId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      const revoked = await revokeListedSession(
        db,
        deps.clock,
        request.session!.user.id,
        request.params.sessionId,
      );
      if (!revoked) throw new DomainError('not_found', 'SESSIONS.NOT_FOUND', 'You have no such session.');
      return reply.code(204).send();
    },
  );

  const code = z.string().trim().max(12);
  const recoveryCodesAnswer = z.object({ recoveryCodes: z.array(z.string()) });

  routes.post(
    '/api/v1/security/totp',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary:
          'Start setting up an authenticator app: a new secret and its otpauth:// address (for a QR code)',
        description:
          'For a user setting up a first factor at sign-in, or a signed-in user after a recent step-up.',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
      },
    },
    async (request) => startTotpEnrolment(db, deps.factors, request.session!.user.id),
  );

  routes.post(
    '/api/v1/security/totp/confirm',
    {
      config: { access: 'session:enrolling' },
      schema: {
        tags,
        summary:
          'Finish setting up the authenticator app with a code from it; answers 10 recovery codes, shown once',
        description: 'A user setting up a first factor at sign-in is then signed in (a new session cookie).',
        body: z.strictObject({ code }),
        response: { 200: recoveryCodesAnswer },
      },
    },
    async (request, reply) => {
      const answer = await confirmTotpEnrolment(
        db,
        deps.clock,
        deps.factors,
        request.session!.user.id,
        request.body.code,
      );
      await finishEnrolment(db, deps.clock, request, reply);
      return answer;
    },
  );

  routes.post(
    '/api/v1/security/recovery-codes',
    {
      config: { access: 'session:recent' },
      schema: {
        tags,
        summary: 'Replace the recovery codes (the old ones stop working); needs a recent step-up',
        response: { 200: recoveryCodesAnswer },
      },
    },
    async (request) => regenerateRecoveryCodes(db, deps.factors, request.session!.user.id),
  );
}
