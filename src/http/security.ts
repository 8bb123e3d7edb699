import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../services/errors.ts';
import { listSessions, revokeListedSession } from '../services/sessions.ts';
import { signInHistory } from '../services/sign-in.ts';
import type { AppDeps } from './app.ts';

/** The signed-in user's security settings: sign-in history, and devices and sessions with revoke. */
export async function securityRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['security'];
  const config = { access: 'session' as const };

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
}
